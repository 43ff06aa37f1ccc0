"""Markdown for the changelog, version comparisons, and the badges and history
shown on each clause. (The "You said, we did" register is in
render/consultations.py, with the consultations its comments answer.)"""

from __future__ import annotations

import datetime

from code_of_practice.model.code import Code
from code_of_practice.model.diff import ClauseChange, diff_contents
from code_of_practice.model.fields import COMPARED, FIELD_LABELS, NOT_WORDING
from code_of_practice.model.history import History, VersionEntry
from code_of_practice.model.numbers import describe
from code_of_practice.model.release_state import closed_consultation, release_state, working_state
from code_of_practice.model.urls import (CHANGELOG, COMPARE, FEED_FILE, KIND_LABELS, REGISTER,
                                         change_anchor, compare_anchor, compare_clause_anchor,
                                         links_anchor, record_anchor, version_anchor)
from code_of_practice.render.escape import json_in_html
from code_of_practice.render.links import HtmlLinks, md_link
from code_of_practice.render.redline import redline_html, redline_list_html
from code_of_practice.render.templating import render


def long_date(iso: str | None) -> str:
    if not iso:
        return "not yet released"
    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def _value_text(field: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_item_text(v) for v in value)
    if isinstance(value, dict):
        return f"withdrawn in {value.get('in')}: {value.get('reason')}"
    return str(value)


def _item_text(item) -> str:
    """One item of a list field; a number with its basis: "30 days (the law: …)"."""
    if isinstance(item, dict) and "basis" in item:
        return describe([item])
    return str(item)


def field_redlines(change: ClauseChange) -> list[dict]:
    """Per changed field: label, an HTML redline (old → new), and whether the
    field is a link (hidden in the compare page's "wording only" view)."""
    out = []
    fields = ("title", "text", "question") if change.kind == "added" else change.fields
    for field in fields:
        before, after = (change.old or {}).get(field), (change.new or {}).get(field)
        if isinstance(before, list) or isinstance(after, list):
            # Item by item, never one string cut mid-sentence.
            items = [[_item_text(v) for v in value] if isinstance(value, list) else []
                     for value in (before, after)]
            out.append({"label": FIELD_LABELS[field], "list": True,
                        "html": redline_list_html(*items), "links": field in NOT_WORDING})
            continue
        old, new = _value_text(field, before), _value_text(field, after)
        out.append({"label": FIELD_LABELS[field], "html": redline_html(old, new), "list": False,
                    "links": field in NOT_WORDING})
    return out


def links_group(changes, anchor, target) -> dict | None:
    """The changes that touch only links, as one line: which clauses, which
    kinds of link. `anchor(change)` and `target(change)` give each clause's
    id on the page and its link. None when there are none."""
    grouped = [c for c in changes if c.links_only]
    if not grouped:
        return None
    fields = [f for f in NOT_WORDING if any(f in c.fields for c in grouped)]
    return {
        "count": len(grouped),
        "fields": [FIELD_LABELS[f].lower() if i else FIELD_LABELS[f] for i, f in enumerate(fields)],
        "clauses": [{"id": c.id, "anchor": anchor(c), "target": target(c),
                     "title": (c.new or c.old)["title"]} for c in grouped],
    }


def clause_label(change: ClauseChange) -> str:
    clause = change.new or change.old
    return f"{change.id} {clause['title']}"


def clause_target(code: Code, clause_id: str, page: str,
                  html_links: HtmlLinks | None = None) -> str | None:
    """The link to a clause as it is now (for raw HTML when html_links is
    given, else for Markdown); None for an ID only in old versions."""
    if clause_id not in code.by_id:
        return None
    clause = code.by_id[clause_id]
    link = html_links.href if html_links else md_link
    return link(page, code.principle(clause.principle).page, clause.anchor)


def _record_links(html_links: HtmlLinks, ids, page: str) -> list[str]:
    return [f'<a href="{html_links.href(page, REGISTER, record_anchor(rid))}">{rid}</a>'
            for rid in ids]


def version_state(history: History, entry: VersionEntry) -> dict:
    """The state of a version on the changelog: draft, out for consultation,
    published, in force or superseded, and since when (model/release_state.py)."""
    for release in history.releases:
        if release.version == entry.version:
            return release_state(release, history.releases, consultation_closed=
                                 closed_consultation(history.consultations, release.version))
    return working_state()


def changelog(code: Code, history: History, page: str = CHANGELOG,
              html_links: HtmlLinks = HtmlLinks(), next_version: str = "") -> str:
    """Every version, newest first: the newest open, each older one collapsed
    under its heading (changelog.js opens the one a link points into, and all of
    them for printing), so every anchor stays on this one page."""
    def record_items(records) -> list[dict]:
        return [{"type": r.type, "reason": r.reason,
                 "consultation": _record_links(html_links, r.consultation, page),
                 "pull_request": r.pull_request, "source": r.source} for r in records]

    entries = []
    for entry in reversed(history.versions):
        first = entry is history.versions[0]
        changes = []
        for change in entry.changes:
            if change.links_only and not first:
                continue  # grouped into one line below
            changes.append({
                "change": change,
                "anchor": change_anchor(entry.version, change.id),
                "label": clause_label(change),
                "target": clause_target(code, change.id, page, html_links),
                "kind": KIND_LABELS[change.kind],
                "records": record_items(entry.records_for(change.id)),
                "redlines": field_redlines(change),
            })
        links = None if first else links_group(
            entry.changes, lambda c, v=entry.version: change_anchor(v, c.id),
            lambda c: clause_target(code, c.id, page, html_links))
        if links:
            # The reasons of every grouped clause, each told once.
            seen = []
            for change in entry.changes:
                for record in entry.records_for(change.id) if change.links_only else ():
                    if record not in seen:
                        seen.append(record)
            links["records"] = record_items(seen)
            links["anchor"] = links_anchor(entry.version)
        entries.append({"entry": entry, "anchor": version_anchor(entry.version),
                        "state": version_state(history, entry),
                        "date": long_date(entry.date), "changes": changes, "links": links,
                        "total": len(entry.changes), "first": first,
                        "open": not entries})
    latest = history.versions[-1] if history.versions else None
    # The working version with no change yet has no entry: say so, not nothing.
    unchanged = (next_version if latest and latest.released and next_version
                 and next_version != latest.version else "")
    return render("changelog.md.j2", entries=entries, unchanged=unchanged,
                  latest=latest, latest_date=long_date(latest.date) if latest else "",
                  feed_href=html_links.file_href(page, FEED_FILE))


def clause_badges(code: Code, history: History, clause_id: str, page: str,
                  html_links: HtmlLinks = HtmlLinks()) -> list[dict]:
    """'New in X' or 'Changed in X' for the latest version that touched the clause."""
    # A change to links alone is no reason to send a reader to the changelog.
    events = [(e, c) for e, c in history.clause_history(clause_id) if not c.links_only]
    if not events:
        return []
    entry, change = events[-1]
    if len(history.versions) > 1 and entry is history.versions[0]:
        return []  # everything is "new" in the first version: no badge
    word = {"added": "New", "withdrawn": "Withdrawn"}.get(change.kind, "Changed")
    suffix = "" if entry.released else " (unreleased)"
    return [{"kind": change.kind, "label": f"{word} in {entry.version}{suffix}",
             "href": html_links.href(page, CHANGELOG, change_anchor(entry.version, clause_id))}]


def clause_history_lines(code: Code, history: History, clause_id: str, page: str) -> list[str]:
    lines = []
    for entry, change in history.clause_history(clause_id):
        what = KIND_LABELS[change.kind]
        if change.kind == "changed":
            what += " (" + ", ".join(FIELD_LABELS[f].lower() for f in change.fields) + ")"
        when = f"version {entry.version}" + ("" if entry.released else " (unreleased)")
        link = md_link(page, CHANGELOG, change_anchor(entry.version, clause_id))
        lines.append(f"[{what} in {when}]({link})")
    return lines


def compare_pairs(versions: list[VersionEntry]) -> list[tuple[VersionEntry, VersionEntry]]:
    """Each version against the one before it and against the newest: 2n pages of
    redline at most, where every pair would be n². The page's script compares
    any other pair in the browser."""
    pairs = list(zip(versions, versions[1:]))
    pairs += [(old, versions[-1]) for old in versions[:-2]]
    return sorted(pairs, key=lambda p: (versions.index(p[1]), versions.index(p[0])), reverse=True)


def compare_page(code: Code, history: History, page: str = COMPARE,
                 html_links: HtmlLinks = HtmlLinks()) -> str:
    pairs = []
    for old, new in compare_pairs(history.versions):
        changes = diff_contents(_content(history, old), _content(history, new))
        anchor = compare_anchor(old.version, new.version)
        target = lambda c: clause_target(code, c.id, page, html_links)  # noqa: E731
        pairs.append({
            "old": old, "new": new, "anchor": anchor, "total": len(changes),
            "changes": [{"label": clause_label(c), "kind": KIND_LABELS[c.kind],
                         "target": target(c), "redlines": field_redlines(c)}
                        for c in changes if not c.links_only],
            "links": links_group(changes, lambda c, o=old.version, n=new.version: compare_clause_anchor(o, n, c.id),
                                 target),
        })
    data = {
        "fields": [[f, FIELD_LABELS[f]] for f in COMPARED],
        "link_fields": list(NOT_WORDING),
        "versions": [{
            "version": v.version,
            "clauses": {c["id"]: {f: _value_text(f, c.get(f)) for f in COMPARED}
                        for c in _content(history, v)["clauses"]},
        } for v in history.versions],
    }
    return render("compare.md.j2", pairs=pairs, versions=history.versions,
                  data=json_in_html(data))


def _content(history: History, entry: VersionEntry) -> dict:
    for release in history.releases:
        if release.version == entry.version:
            return release.content
    return history.working_content


def latest_change_links(history: History, code: Code, page: str,
                        html_links: HtmlLinks = HtmlLinks()) -> dict[str, str]:
    """Each active clause's latest change in the changelog, as a link from
    `page`: a checklist's "changed since you answered" points at its redline."""
    links = {}
    for clause in code.active_clauses:
        changes = history.clause_history(clause.id)
        if changes:
            entry, _ = changes[-1]
            links[clause.id] = html_links.href(page, CHANGELOG, change_anchor(entry.version, clause.id))
    return links

"""Markdown for the changelog, the "You said, we did" page, version comparisons,
and the badges and history shown on each clause."""

from __future__ import annotations

import datetime
import html

from code_model import Code
from history import ClauseChange, History, VersionEntry, diff_contents
from links import md_link
from redline import redline_html
from templating import render

CHANGELOG = "changes/changelog.md"
REGISTER = "changes/you-said-we-did.md"
COMPARE = "changes/compare.md"
KIND_LABELS = {"added": "Added", "changed": "Changed", "withdrawn": "Withdrawn",
               "removed": "Removed"}
FIELD_LABELS = {"title": "Title", "text": "Text", "applies_to": "Applies to",
                "question": "Checklist question", "evidence": "What good looks like",
                "compact": "Compact links", "merlin": "Merlin links",
                "merlin_2018": "2017–18 Merlin links", "related": "Related clauses",
                "withdrawn": "Withdrawal"}


def long_date(iso: str | None) -> str:
    if not iso:
        return "not yet released"
    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def version_anchor(version: str) -> str:
    return "version-" + version.replace(".", "-")


def change_anchor(version: str, clause_id: str) -> str:
    return f"{version_anchor(version)}-clause-{clause_id.replace('.', '-')}"


def _value_text(field: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return f"withdrawn in {value.get('in')}: {value.get('reason')}"
    return str(value)


def field_redlines(change: ClauseChange) -> list[dict]:
    """Per changed field: label and an HTML redline (old → new)."""
    out = []
    fields = ("title", "text", "question") if change.kind == "added" else change.fields
    for field in fields:
        old = _value_text(field, (change.old or {}).get(field))
        new = _value_text(field, (change.new or {}).get(field))
        out.append({"label": FIELD_LABELS[field], "html": redline_html(old, new)})
    return out


def clause_label(change: ClauseChange) -> str:
    clause = change.new or change.old
    return f"{change.id} {clause['title']}"


def clause_target(code: Code, clause_id: str, page: str) -> str | None:
    if clause_id in code.by_id:
        return md_link(page, code.principle(code.by_id[clause_id].principle).page,
                       code.by_id[clause_id].anchor)
    return None


def _record_links(history: History, ids, page: str) -> list[str]:
    return [f"[{rid}]({md_link(page, REGISTER, 'record-' + rid)})" for rid in ids]


def changelog(code: Code, history: History, page: str = CHANGELOG) -> str:
    entries = []
    for entry in reversed(history.versions):
        changes = []
        for change in entry.changes:
            records = entry.records_for(change.id)
            changes.append({
                "change": change,
                "anchor": change_anchor(entry.version, change.id),
                "label": clause_label(change),
                "target": clause_target(code, change.id, page),
                "kind": KIND_LABELS[change.kind],
                "records": [{
                    "type": r.type, "reason": r.reason,
                    "consultation": _record_links(history, r.consultation, page),
                    "pull_request": r.pull_request, "source": r.source,
                } for r in records],
                "redlines": field_redlines(change),
            })
        entries.append({"entry": entry, "anchor": version_anchor(entry.version),
                        "date": long_date(entry.date), "changes": changes,
                        "first": entry is history.versions[0]})
    return render("changelog.md.j2", entries=entries)


def clause_badges(code: Code, history: History, clause_id: str, page: str) -> list[dict]:
    """'New in X' or 'Changed in X' for the latest version that touched the clause."""
    events = history.clause_history(clause_id)
    if not events:
        return []
    entry, change = events[-1]
    if len(history.versions) > 1 and entry is history.versions[0]:
        return []  # everything is "new" in the first version: no badge
    word = {"added": "New", "withdrawn": "Withdrawn"}.get(change.kind, "Changed")
    suffix = "" if entry.released else " (unreleased)"
    return [{"kind": change.kind, "label": f"{word} in {entry.version}{suffix}",
             "href": _html_href(page, CHANGELOG, change_anchor(entry.version, clause_id))}]


def clause_history_lines(code: Code, history: History, clause_id: str, page: str) -> list[str]:
    lines = []
    for entry, change in history.clause_history(clause_id):
        what = {"added": "Added", "withdrawn": "Withdrawn", "changed": "Changed",
                "removed": "Removed"}[change.kind]
        if change.kind == "changed":
            what += " (" + ", ".join(FIELD_LABELS[f].lower() for f in change.fields) + ")"
        when = f"version {entry.version}" + ("" if entry.released else " (unreleased)")
        link = md_link(page, CHANGELOG, change_anchor(entry.version, clause_id))
        lines.append(f"[{what} in {when}]({link})")
    return lines


def _html_href(page: str, target: str, anchor: str) -> str:
    """An href for raw HTML: MkDocs does not rewrite links there, so point at the URL."""
    from links import site_url

    depth = page.count("/") + (0 if page.endswith("index.md") else 1)
    return "../" * depth + site_url(target, anchor)


def register_page(code: Code, history: History, page: str = REGISTER) -> str:
    records = []
    for record in sorted(history.register, key=lambda r: r.received, reverse=True):
        records.append({
            "record": record,
            "clauses": [f"[{c}]({clause_target(code, c, page)})" if clause_target(code, c, page)
                        else c for c in record.clauses],
            "version_link": (f"[{record.version}]({md_link(page, CHANGELOG, version_anchor(record.version))})"
                             if record.version else "not yet acted on"),
            "data_clauses": " ".join(record.clauses),
        })
    clause_ids = sorted({c for r in history.register for c in r.clauses},
                        key=lambda i: tuple(int(p) for p in i.split(".")))
    outcomes = sorted({r.outcome for r in history.register})
    return render("register.md.j2", records=records, clause_ids=clause_ids, outcomes=outcomes,
                  escape=html.escape)


def compare_page(code: Code, history: History, page: str = COMPARE) -> str:
    versions = history.versions
    pairs = []
    for i, old in enumerate(versions):
        for new in versions[i + 1:]:
            old_content = _content(history, old)
            new_content = _content(history, new)
            changes = diff_contents(old_content, new_content)
            pairs.append({
                "old": old, "new": new,
                "anchor": f"compare-{old.version.replace('.', '-')}-{new.version.replace('.', '-')}",
                "changes": [{"label": clause_label(c), "kind": KIND_LABELS[c.kind],
                             "target": clause_target(code, c.id, page),
                             "redlines": field_redlines(c)} for c in changes],
            })
    pairs.reverse()
    return render("compare.md.j2", pairs=pairs)


def _content(history: History, entry: VersionEntry) -> dict:
    for release in history.releases:
        if release.version == entry.version:
            return release.content
    return history.working_content

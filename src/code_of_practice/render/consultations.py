"""The consultations: the notice of an open one (home page and changes pages),
and the Consultations page, with a response report for each one reported on:
what was said, by sector and per clause, and what was done, linking the
change records each comment led to (after GOV.UK's consultation outcome pages
and W3C's disposition of comments); and the "You said, we did" register of
every comment made to this project.

The state of a consultation not yet reported on is checked twice: by the
build, and again by the reader's browser (docs/assets/javascripts/
consultation.js reads the data-consultation-opens and -closes attributes and
reveals the planned, open or closed wording), so the published site says
"closed" on the day after it closes without a new build. Without JavaScript
the page states the dates ("open from ... until the end of ..."), which stay
true whatever day it is read. A scheduled rebuild would lag by up to a day
and depend on the publish workflow; the dates in the page cannot lag.

Every value from the data files is escaped where it is written.
"""

from __future__ import annotations

import datetime
import html

from code_of_practice.model.code import Code
from code_of_practice.model.consultations import (CHANNEL_LABELS, SECTORS, Comment,
                                                  Consultation)
from code_of_practice.model.downloads import SITE_FOLDER, form_downloads, human_size, size_of
from code_of_practice.model.history import ChangeRecord, History
from code_of_practice.model.ids import sort_dotted
from code_of_practice.model.questions import questions_for
from code_of_practice.model.urls import (CHANGELOG, CONSULTATIONS, HOW_TO_COMMENT, REGISTER,
                                         change_anchor, consultation_anchor,
                                         consultation_clause_anchor, record_anchor,
                                         version_anchor)
from code_of_practice.render.contribute import respond_url
from code_of_practice.render.history import clause_target, long_date
from code_of_practice.render.links import HtmlLinks, md_link
from code_of_practice.render.numbers import numbers_anchor
from code_of_practice.render.templating import render

# On the Consultations page: those not yet reported on (their state shown by
# date, in the browser), then those reported on.
GROUPS = ("current", "reported on")
# The outcome shown for a comment recorded but not answered yet.
AWAITING = "awaiting response"


def channel_html(comment: Comment, repo_url: str) -> str:
    """Where a comment came from: a link to the issue or pull request, or the
    email's log reference."""
    label = CHANNEL_LABELS.get(comment.channel, comment.channel)
    ref = html.escape(comment.reference)
    if comment.channel in ("issue", "pull_request") and repo_url:
        path = "issues" if comment.channel == "issue" else "pull"
        href = html.escape(f"{repo_url.rstrip('/')}/{path}/{comment.reference}", quote=True)
        return f'<a href="{href}">{label} #{ref}</a>'
    if comment.channel == "email":
        return f"email (logged as {ref})"
    return f"{label} #{ref}"


def change_links(history: History, records: list[ChangeRecord], page: str,
                 html_links: HtmlLinks) -> list[str]:
    """Links to the changelog entries of the change records a comment led to."""
    links = []
    for record in records:
        changed = {change.id for entry in history.versions if entry.version == record.version
                   for change in entry.changes}
        for clause_id in record.clauses:
            anchor = (change_anchor(record.version, clause_id) if clause_id in changed
                      else version_anchor(record.version))
            href = html_links.href(page, CHANGELOG, anchor)
            links.append(f'<a href="{href}">{html.escape(record.type)} {clause_id} in '
                         f'version {html.escape(record.version)}</a>')
    return links


def _clause_links(code: Code, ids, page: str, html_links: HtmlLinks) -> list[str]:
    out = []
    for clause_id in ids:
        target = clause_target(code, clause_id, page, html_links)
        label = html.escape(clause_id)
        out.append(f'<a href="{target}">{label}</a>' if target else label)
    return out


def _comment_view(code: Code, history: History, comment: Comment, page: str,
                  html_links: HtmlLinks, repo_url: str) -> dict:
    return {
        "comment": comment,
        "href": html_links.href(page, REGISTER, record_anchor(comment.id)),
        "channel": channel_html(comment, repo_url),
        "clauses": _clause_links(code, comment.clauses, page, html_links),
        "changes": change_links(history, history.led_to(comment.id), page, html_links),
    }


def _questions_view(code: Code, item: Consultation, page: str, html_links: HtmlLinks) -> list:
    anchor = consultation_anchor(item.id)
    out = []
    for q in questions_for(item, code):
        numbers_href = ""
        if q.numbers and q.clauses and q.clauses[0] in code.by_id:
            # The list under the clause that says where each of its numbers comes from.
            clause = code.by_id[q.clauses[0]]
            numbers_href = html_links.href(page, code.principle(clause.principle).page,
                                           numbers_anchor(clause))
        out.append({"q": q, "anchor": f"{anchor}-{q.id.lower().replace('.', '-')}",
                    "clauses": _clause_links(code, q.clauses, page, html_links),
                    "numbers_href": numbers_href})
    return out


def _form_links(item: Consultation, page: str, html_links: HtmlLinks,
                manifest: dict | None, today: datetime.date) -> list[dict]:
    links = []
    for d in form_downloads([item], today):
        size = size_of(manifest, d.name)
        links.append({"label": d.format.label, "kind": d.format.kind, "file": d.name,
                      "href": html_links.file_href(page, f"{SITE_FOLDER}/{d.name}"),
                      "size": human_size(size) if size is not None else None})
    return links


def _consultation_view(code: Code, history: History, item: Consultation, page: str,
                       html_links: HtmlLinks, repo_url: str, today: datetime.date,
                       version: str = "", manifest: dict | None = None) -> dict:
    comments = [_comment_view(code, history, c, page, html_links, repo_url)
                for c in sorted(history.comments_on(item.id), key=lambda c: (c.received, c.id))]
    by_sector = [(sector, [v for v in comments if v["comment"].sector == sector])
                 for sector in SECTORS]
    by_sector = [(sector, views) for sector, views in by_sector if views]
    per_clause = []
    for clause in code.clauses:
        clause_id = clause.id
        views = [v for v in comments if clause_id in v["comment"].clauses]
        if views:
            per_clause.append({"id": clause_id, "title": clause.title,
                               "target": clause_target(code, clause_id, page, html_links),
                               "anchor": consultation_clause_anchor(item.id, clause_id),
                               "comments": views})
    general = [v for v in comments if not v["comment"].clauses]
    subject = []
    if item.version:
        subject.append(f'<a href="{html_links.href(page, CHANGELOG, version_anchor(item.version))}">'
                       f"version {html.escape(item.version)}</a> of the code")
    if item.clauses:
        word = "clause" if len(item.clauses) == 1 else "clauses"
        subject.append(f"{word} " + ", ".join(_clause_links(code, item.clauses, page, html_links)))
    return {
        "c": item, "state": item.state(today), "anchor": consultation_anchor(item.id),
        "subject": " and ".join(subject), "opens": long_date(item.opens),
        "closes": long_date(item.closes), "reported": long_date(item.reported or None),
        "comments": comments, "by_sector": by_sector, "per_clause": per_clause,
        "general": general,
        "waiting": [v for v in comments if not v["comment"].answered],
        "questions": _questions_view(code, item, page, html_links),
        "respond_href": respond_url(repo_url, item.id, item.version or version),
        "forms": _form_links(item, page, html_links, manifest, today),
        "href": html_links.href(page, CONSULTATIONS, consultation_anchor(item.id)),
    }


def open_notice(code: Code, history: History, page: str, html_links: HtmlLinks = HtmlLinks(),
                today: datetime.date | None = None, repo_url: str = "",
                version: str = "") -> str:
    """A short notice of each consultation that is open, or planned, when the site is
    built: its dates and a button to respond. The reader's browser hides it once the
    consultation has closed. '' when there is none."""
    today = today or datetime.date.today()
    views = [_consultation_view(code, history, c, page, html_links, repo_url, today, version)
             for c in history.consultations if c.state(today) in ("open", "planned")]
    if not views:
        return ""
    return render("open_consultations.html.j2", views=views, escape=html.escape,
                  comment_href=html_links.href(page, HOW_TO_COMMENT))


def consultations_page(code: Code, history: History, page: str = CONSULTATIONS,
                       html_links: HtmlLinks = HtmlLinks(), repo_url: str = "",
                       today: datetime.date | None = None, version: str = "",
                       comments_email: str = "", manifest: dict | None = None) -> str:
    """Every consultation, those not yet reported on first (their state shown by
    date), with the questions of each and the response to each one reported on."""
    today = today or datetime.date.today()
    views = [_consultation_view(code, history, c, page, html_links, repo_url, today, version,
                                manifest)
             for c in history.consultations]
    current = sorted([v for v in views if not v["c"].reported],
                     key=lambda v: (v["c"].opens, v["c"].id), reverse=True)
    reported = sorted([v for v in views if v["c"].reported],
                      key=lambda v: (v["c"].reported, v["c"].id), reverse=True)
    groups = [(name, members) for name, members in zip(GROUPS, (current, reported)) if members]
    return render("consultations.md.j2", groups=groups, escape=html.escape,
                  today=long_date(today.isoformat()), comments_email=comments_email,
                  how_to_comment=md_link(page, HOW_TO_COMMENT),
                  comment_href=html_links.href(page, HOW_TO_COMMENT),
                  register_href=html_links.href(page, REGISTER))


def register_page(code: Code, history: History, page: str = REGISTER,
                  html_links: HtmlLinks = HtmlLinks(), repo_url: str = "") -> str:
    """The "You said, we did" register: every comment, newest first, with our
    response, its outcome and the changes it led to."""
    records = []
    for record in sorted(history.register, key=lambda r: (r.received, r.id), reverse=True):
        records.append({
            "record": record,
            "received": long_date(record.received),
            "channel": channel_html(record, repo_url),
            "consultation": (f"[{record.consultation}]"
                             f"({md_link(page, CONSULTATIONS, consultation_anchor(record.consultation))})"
                             if record.consultation else "Made between consultations"),
            "clauses": [f"[{c}]({clause_target(code, c, page)})" if clause_target(code, c, page)
                        else c for c in record.clauses],
            "changes": change_links(history, history.led_to(record.id), page, html_links),
            "data_clauses": " ".join(record.clauses),
            "outcome": record.outcome or AWAITING,
        })
    clause_ids = sort_dotted({c for r in history.register for c in r.clauses})
    outcomes = sorted({r["outcome"] for r in records})
    return render("register.md.j2", records=records, clause_ids=clause_ids, outcomes=outcomes,
                  escape=html.escape)

"""The home page's start: "I am a …" for each audience, leading to that
reader's checklist and the clauses that concern them, and the code's status."""

from __future__ import annotations

from code_of_practice.model.checklists import all_checklists, checklist
from code_of_practice.model.code import Code
from code_of_practice.model.urls import CHANGELOG, CONSULTATIONS, consultation_anchor
from code_of_practice.render.history import long_date
from code_of_practice.render.links import HtmlLinks
from code_of_practice.render.templating import render


def audience_start(code: Code, page: str, html_links: HtmlLinks = HtmlLinks()) -> str:
    """One entry per audience: its checklist, and its clauses by principle."""
    audiences = []
    for key, info in code.frameworks.audiences.items():
        chosen = checklist(code, key)
        sections = [{
            "principle": principle,
            "clauses": [{"id": c.id, "title": c.title,
                         "href": html_links.href(page, principle.page, c.anchor)}
                        for c in clauses],
        } for principle, clauses in chosen.sections(code)]
        audiences.append({
            "key": key, "one": info["one"], "name": info["name"],
            "checklist": html_links.href(page, chosen.page),
            "count": sum(len(s["clauses"]) for s in sections),
            "sections": sections,
            # Other lists this reader answers, such as a partner's questions to ask its prime.
            "also": [{"title": other.title, "href": html_links.href(page, other.page),
                      "count": len(other.items(code))}
                     for other in all_checklists(code)
                     if other.answered_by == key and other.key != key],
        })
    return render("home_start.html.j2", audiences=audiences)


def edition_status(edition: dict, releases, page: str, html_links: HtmlLinks = HtmlLinks(),
                   open_now=()) -> str:
    """One line: the version on this site, its status, the latest release, and
    each open consultation with its closing date (so that a reader on a phone
    sees it before the audience boxes; the full notice follows them)."""
    latest = releases[-1] if releases else None
    # Each with its dates, so that the reader's browser says whether it is open
    # on the day (consultation.js); the dates alone without JavaScript.
    consultations = [{"title": c.title, "closes": long_date(c.closes),
                      "opens": long_date(c.opens), "c": c, "state": "",
                      "href": html_links.href(page, CONSULTATIONS, consultation_anchor(c.id))}
                     for c in open_now]
    return render("edition_status.html.j2", edition=edition, latest=latest,
                  latest_date=long_date(latest.date) if latest else "",
                  changelog=html_links.href(page, CHANGELOG), consultations=consultations)

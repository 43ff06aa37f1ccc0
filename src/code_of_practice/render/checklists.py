"""Markdown for the generated checklist pages."""

from __future__ import annotations

import hashlib

from code_of_practice.model.checklists import checklist
from code_of_practice.model.code import Code
from code_of_practice.model.provenance import provenance_line
from code_of_practice.model.downloads import (CODE_PAGE, SITE_FOLDER, checklist_downloads,
                                               code_downloads, human_size, size_of)
from code_of_practice.render.escape import md
from code_of_practice.render.links import HtmlLinks
from code_of_practice.render.templating import render


def download_links(code: Code, key: str | None, html_links: HtmlLinks = HtmlLinks(),
                   manifest: dict | None = None, page: str | None = None) -> list[dict]:
    """The download links of a checklist page (key: an audience or "all"), or of
    the whole code (key None, linked from `page`): label, href relative to the
    page, file name, format and size.

    The sizes come from the manifest `cop downloads` writes (model/downloads.py);
    without one, as under `mkdocs serve`, a link names its format alone.
    """
    if key is None:
        files, page = code_downloads(), page or CODE_PAGE
    else:
        chosen = checklist(code, key)
        files, page = checklist_downloads(chosen), chosen.page
    links = []
    for item in files:
        size = size_of(manifest, item.name)
        links.append({
            "label": item.format.label,
            "href": html_links.file_href(page, f"{SITE_FOLDER}/{item.name}"),
            "file": item.name,
            "kind": item.format.kind,
            "size": human_size(size) if size is not None else None,
        })
    return links


def code_downloads_block(downloads: list[dict], edition: dict) -> str:
    """The links to the whole code as one document, for the code's index page."""
    return render("code_downloads.md.j2", downloads=downloads, edition=edition)


def fingerprint(question: str, clause) -> str:
    """A short digest of what a reader answered: the item's question and the
    clause's text. An answers file keeps it, so that loading the file into
    another version flags every item whose question or clause has changed."""
    digest = hashlib.sha256(f"{question}\n{clause.text}".encode("utf-8")).hexdigest()
    return digest[:16]


def withdrawn_list(code: Code) -> str:
    """The withdrawn clauses and where their content moved, for checklist.js:
    `ID>TO,TO` entries separated by spaces (IDs only, so no escaping is needed)."""
    return " ".join(f"{c.id}>{','.join(c.withdrawn.moved_to)}"
                    for c in code.clauses if c.withdrawn)


def checklist_page(code: Code, key: str, edition: dict, intro: str = "",
                   downloads=(), html_links: HtmlLinks = HtmlLinks(),
                   since: dict | None = None, versions=(),
                   redlines: dict | None = None) -> str:
    """The whole checklist for one audience ("all" for the complete one).

    `since` maps a clause ID to the version its question dates from, and
    `versions` lists every version oldest first: checklist.js uses them to
    carry saved answers over to a newer version (see model/history.py,
    question_since). `redlines` maps a clause ID to the changelog entry of its
    latest change (page-relative), linked from "changed since you answered"."""
    chosen = checklist(code, key)
    sections = chosen.sections(code)

    def link(clause):
        # Raw HTML, not Markdown-in-HTML, which is slow on long pages;
        # tests/test_links.py checks every one of these links in the built site.
        return html_links.href(chosen.page, code.principle(clause.principle).page, clause.anchor)

    return render(
        "checklist.md.j2",
        checklist=chosen,
        sections=sections,
        count=sum(len(clauses) for _, clauses in sections),
        edition=edition,
        provenance=provenance_line(edition),
        intro=intro or (md(chosen.intro) if chosen.intro else ""),
        downloads=downloads,
        link=link,
        since=since or {},
        versions=" ".join(versions),
        redlines=redlines or {},
        fingerprint=lambda clause: fingerprint(chosen.question(clause), clause),
        law=lambda clause: getattr(clause, "law", None) or "",
        withdrawn=withdrawn_list(code),
        state=edition.get("state") or {},
    )

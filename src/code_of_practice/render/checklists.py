"""Markdown for the generated checklist pages."""

from __future__ import annotations

from code_of_practice.model.checklists import Checklist, checklist
from code_of_practice.model.code import Code
from code_of_practice.render.links import HtmlLinks
from code_of_practice.render.templating import render


# The files scripts/build_downloads.py writes for each checklist, after the build.
DOWNLOAD_DIR = "downloads"
DOWNLOAD_KINDS = (("pdf", "Printable form"), ("csv", "Spreadsheet"))


def download_files(chosen: Checklist) -> list[str]:
    """Site-relative paths of a checklist's downloads, such as downloads/partners.pdf."""
    return [f"{DOWNLOAD_DIR}/{chosen.slug}.{ext}" for ext, _ in DOWNLOAD_KINDS]


def download_links(code: Code, key: str, html_links: HtmlLinks = HtmlLinks()) -> list[dict]:
    """The downloads block of a checklist page: label, href relative to the page, file."""
    chosen = checklist(code, key)
    return [
        {"label": label,
         "href": html_links.file_href(chosen.page, f"{DOWNLOAD_DIR}/{chosen.slug}.{ext}"),
         "file": f"{chosen.slug}.{ext}"}
        for ext, label in DOWNLOAD_KINDS
    ]


def checklist_page(code: Code, key: str, edition: dict, intro: str = "",
                   downloads=(), html_links: HtmlLinks = HtmlLinks(),
                   since: dict | None = None, versions=()) -> str:
    """The whole checklist for one audience ("all" for the complete one).

    `since` maps a clause ID to the version its question dates from, and
    `versions` lists every version oldest first: checklist.js uses them to
    carry saved answers over to a newer version (see model/history.py,
    question_since)."""
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
        intro=intro,
        downloads=downloads,
        link=link,
        since=since or {},
        versions=" ".join(versions),
    )

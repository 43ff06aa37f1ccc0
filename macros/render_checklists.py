"""Markdown for the generated checklist pages."""

from __future__ import annotations

from checklists import Checklist, checklist
from code_model import Code
from links import html_file_href, html_href
from templating import render


# The files scripts/build_downloads.py writes for each checklist, after the build.
DOWNLOAD_DIR = "downloads"
DOWNLOAD_KINDS = (("pdf", "Printable form"), ("csv", "Spreadsheet"))


def download_files(chosen: Checklist) -> list[str]:
    """Site-relative paths of a checklist's downloads, such as downloads/partners.pdf."""
    return [f"{DOWNLOAD_DIR}/{chosen.slug}.{ext}" for ext, _ in DOWNLOAD_KINDS]


def download_links(code: Code, key: str) -> list[dict]:
    """The downloads block of a checklist page: label, href relative to the page, file."""
    chosen = checklist(code, key)
    return [
        {"label": label,
         "href": html_file_href(chosen.page, f"{DOWNLOAD_DIR}/{chosen.slug}.{ext}"),
         "file": f"{chosen.slug}.{ext}"}
        for ext, label in DOWNLOAD_KINDS
    ]


def checklist_page(code: Code, key: str, edition: dict, intro: str = "",
                   downloads=()) -> str:
    """The whole checklist for one audience ("all" for the complete one)."""
    chosen = checklist(code, key)
    sections = chosen.sections(code)

    def link(clause):
        # Raw HTML, not Markdown-in-HTML, which is slow on long pages;
        # tests/test_links.py checks every one of these links in the built site.
        return html_href(chosen.page, code.principle(clause.principle).page, clause.anchor)

    return render(
        "checklist.md.j2",
        checklist=chosen,
        sections=sections,
        count=sum(len(clauses) for _, clauses in sections),
        edition=edition,
        intro=intro,
        downloads=downloads,
        link=link,
    )

"""The PDFs: each checklist and the whole code, printed by headless Chromium
from HTML made from the model (templates/ beside this file), not from the
built site.

Every PDF is tagged (a structure tree a screen reader can follow), has an
outline (bookmarks) made from its headings, says its language (en-GB, from
<html lang>) and has a real title (from <title>: what it is and its version).
Chromium writes all four: Playwright's page.pdf(tagged=True, outline=True);
outputs/pdfua.py finishes what it leaves for PDF/UA and checks the result.
"""

from __future__ import annotations

import html
from pathlib import Path

import jinja2
from markupsafe import Markup

from code_of_practice.model.provenance import provenance_line
from code_of_practice.outputs.errata import HEADING as ERRATA_HEADING
from code_of_practice.outputs.errata import INTRO as ERRATA_INTRO
from code_of_practice.outputs.cells import markdown_html
from code_of_practice.outputs.download_text import (ASK_PRIME, BOX, EVIDENCE, ChecklistDoc, CodeDoc,
                                              file_title)
from code_of_practice.outputs.pdfua import finish_pdf

TEMPLATES = Path(__file__).parent / "templates"
_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                          undefined=jinja2.StrictUndefined, trim_blocks=True,
                          lstrip_blocks=True)
# The same margins as the @page rule of templates/pdf.css: Chromium's footer
# is drawn in the bottom margin.
MARGINS = {"top": "16mm", "right": "15mm", "bottom": "18mm", "left": "15mm"}


def _css() -> Markup:
    return Markup((TEMPLATES / "pdf.css").read_text(encoding="utf-8"))


def checklist_html(doc: ChecklistDoc) -> str:
    return _ENV.get_template("checklist.html.j2").render(
        doc=doc, css=_css(), box=BOX, evidence_label=EVIDENCE,
        errata_heading=ERRATA_HEADING, errata_intro=ERRATA_INTRO,
        file_title=file_title(doc.title, doc.edition))


def code_html(doc: CodeDoc, pages: dict[str, int] | None = None) -> str:
    """The whole code; `pages` gives the contents' page numbers (heading -> page)."""
    return _ENV.get_template("code.html.j2").render(
        doc=doc, css=_css(), evidence_label=EVIDENCE, ask_prime_label=ASK_PRIME,
        errata_heading=ERRATA_HEADING, errata_intro=ERRATA_INTRO,
        markdown=lambda text: Markup(markdown_html(text)),
        page_of=lambda heading: (pages or {}).get(heading, ""),
        file_title=file_title("The code", doc.edition))


def heading_pages(path: Path) -> dict[str, int]:
    """Each outline entry's title and the page (from 1) it points to."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    found: dict[str, int] = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.setdefault(item.title, reader.get_destination_page_number(item) + 1)

    walk(reader.outline)
    return found


def write_code_pdf(page, doc: CodeDoc, path: Path, footer: str) -> None:
    """The whole code, printed twice: the first print says on which page each part
    starts, and the second puts those numbers in the contents. (The contents take
    the same room both times: each part starts on a new page.)"""
    write_pdf(page, code_html(doc), path, footer, finish=False)  # only to count pages
    pages = heading_pages(path)
    write_pdf(page, code_html(doc, pages), path, footer)
    printed = heading_pages(path)
    missing = [entry for entry in doc.contents if entry not in printed]
    if missing:
        raise ValueError(f"the code's PDF has no bookmark for {', '.join(missing)}")


def footer_template(title: str, edition: dict) -> str:
    version = f"version {edition['version']} ({edition['status']})"
    text = html.escape(f"{title} · {version}")
    statement = html.escape(provenance_line(edition))
    # Chromium's header and footer have their own tiny default font and no margins.
    # The provenance statement runs above the title and page number, on every page.
    return (
        '<div style="box-sizing:border-box;width:100%;padding:0 15mm;font-size:7pt;color:#000;'
        "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;\">"
        f'<div class="provenance" style="margin-bottom:1mm">{statement}</div>'
        '<div style="display:flex;justify-content:space-between;gap:8mm;font-size:8pt">'
        f"<span>{text}</span>"
        '<span style="white-space:nowrap">Page <span class="pageNumber"></span> of '
        '<span class="totalPages"></span></span></div></div>'
    )


def write_pdf(page, source: str, path: Path, footer: str, *, finish: bool = True) -> None:
    """Print an HTML document to an accessible A4 PDF with the given footer
    (`finish=False`: a draft print, read only for its page numbers)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page.set_content(source, wait_until="load")
    page.pdf(path=str(path), format="A4", print_background=True, tagged=True, outline=True,
             display_header_footer=True, header_template="<span></span>",
             footer_template=footer, margin=MARGINS, prefer_css_page_size=False)
    if finish:
        finish_pdf(path)  # what Chromium leaves for PDF/UA (outputs/pdfua.py)

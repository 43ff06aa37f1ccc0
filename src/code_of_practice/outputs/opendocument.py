"""OpenDocument text editions (.odt, odfdo): each checklist, and the whole code.

The same words and the same structure as the Word editions (outputs/word.py),
from the same plain data (outputs/download_text.py): real headings (text:h with an
outline level, so LibreOffice's navigator and a screen reader find them),
real lists for what good looks like, tables for the header block and the
notes, links as links. The title, version, status, language and provenance
are in the file's metadata and on the first page; the footer names the
version and numbers the pages.
"""

from __future__ import annotations

from pathlib import Path

from code_of_practice.model.provenance import TITLE
from code_of_practice.outputs.cells import plain_text
from code_of_practice.outputs.errata import HEADING as ERRATA_HEADING
from code_of_practice.outputs.errata import INTRO as ERRATA_INTRO
from code_of_practice.outputs.download_text import (ASK_PRIME, BOX, EVIDENCE,
                                                    SHORT_PROVENANCE, ChecklistDoc, CodeDoc,
                                                    file_title)

LANGUAGE, COUNTRY = "en", "GB"
AUTHOR = "Code of Practice project"
STRONG, EMPHASIS, SMALL = "cop_strong", "cop_emphasis", "cop_small"
TITLE_STYLE, BREAK_STYLE, BOX_STYLE = "cop_title", "cop_heading_1_new_page", "cop_boxes"
CELL_STYLE = "cop_cell"


def _document(title: str, edition: dict, footer: str):
    from odfdo import Document, Paragraph, Style, VarPageCount, VarPageNumber

    document = Document("text")
    # odfdo's template carries its author's printer set-up and a preview
    # picture of another document: neither belongs in this one.
    settings = document.get_part("settings.xml")
    for item in settings.get_elements("//config:config-item"):
        if item.get_attribute("config:name") in ("PrinterName", "PrinterSetup"):
            item.parent.delete(item)
    manifest = document.get_part("META-INF/manifest.xml")
    for name in [n for n in document.parts if n.startswith("Thumbnails/")]:
        document.del_part(name)
        if name in manifest.get_paths():
            manifest.del_full_path(name)
    meta = document.meta
    meta.set_title(file_title(title, edition))
    meta.set_subject(TITLE)
    meta.set_description(SHORT_PROVENANCE)
    meta.set_language(f"{LANGUAGE}-{COUNTRY}")
    meta.set_initial_creator(AUTHOR)
    meta.set_keywords(f"version {edition['version']}")
    meta.set_user_defined_metadata("Version", edition["version"])
    meta.set_user_defined_metadata("Status", edition["status"])

    # The language of every paragraph (spelling, screen readers), and the font.
    default = document.get_style("paragraph")
    default.set_properties({"fo:language": LANGUAGE, "fo:country": COUNTRY,
                            "style:font-name": "Liberation Sans", "fo:font-size": "10.5pt"},
                           area="text")
    default.set_properties({"fo:margin-bottom": "0.12cm"}, area="paragraph")
    document.add_page_break_style()
    for style in (Style("text", STRONG, bold=True), Style("text", EMPHASIS, italic=True),
                  Style("text", SMALL, size="8.5pt"),
                  Style("paragraph", TITLE_STYLE, parent_style="Heading", bold=True),
                  Style("paragraph", BREAK_STYLE, parent_style="Heading_20_1",
                        break_before="page"),
                  Style("paragraph", BOX_STYLE),
                  Style("table-cell", CELL_STYLE, border="0.5pt solid #000000",
                        padding="0.1cm")):
        if style.name in (TITLE_STYLE, BOX_STYLE):
            style.set_properties({"fo:font-size": "20pt" if style.name == TITLE_STYLE
                                  else "12pt"}, area="text")
        document.insert_style(style, automatic=style.family != "paragraph")

    # Headings carry their own numbers ("1.3", "Principle 1."): the template's
    # outline numbering ("1.1.1.") is turned off.
    outline = document.get_style("outline", "Outline")
    for level in outline.get_elements("text:outline-level-style"):
        level.set_attribute("style:num-format", "")
        for key in ("style:num-suffix", "loext:num-list-format", "text:display-levels"):
            if level.get_attribute(key) is not None:
                level.del_attribute(key)

    line = Paragraph(f"{footer} · Page ")
    line.append(VarPageNumber())
    line.append(" of ")
    line.append(VarPageCount())
    document.get_style("master-page", "Standard").set_page_footer(line)
    return document


def _labelled(body, label: str, value: str = ""):
    from odfdo import Paragraph, Span

    paragraph = Paragraph()
    paragraph.append(Span(f"{label}: ", style=STRONG))
    if value:
        paragraph.append(value)
    body.append(paragraph)
    return paragraph


def _link(paragraph, text: str, url: str) -> None:
    from odfdo import Link

    paragraph.append(Link(url, text=text))


def _bullets(body, items) -> None:
    from odfdo import List, ListItem, Paragraph

    listing = List(style="List_20_1")
    for item in items:
        entry = ListItem()
        entry.append(item if not isinstance(item, str) else Paragraph(item))
        listing.append(entry)
    body.append(listing)


def _table(body, name: str, rows: list[tuple[str, ...]], bold_first: bool = False):
    from odfdo import Cell, Paragraph, Row, Span, Table

    table = Table(name)
    for values in rows:
        row = Row()
        for index, value in enumerate(values):
            cell = Cell(style=CELL_STYLE)
            paragraph = Paragraph()
            if value:
                paragraph.append(Span(value, style=STRONG) if bold_first and index == 0
                                 else value)
            cell.append(paragraph)
            row.append(cell)
        table.append(row)
    body.append(table)
    return table


def _new_page_heading(text: str):
    """A level-1 heading that starts a new page."""
    from odfdo import Header

    heading = Header(1, text)
    heading.set_attribute("text:style-name", BREAK_STYLE)
    return heading


def _errata(body, lines) -> None:
    """A released version's errata, under their own heading, as in Word (none: nothing)."""
    from odfdo import Header, Paragraph

    if not lines:
        return
    body.append(Header(2, ERRATA_HEADING))
    body.append(Paragraph(ERRATA_INTRO))
    _bullets(body, lines)


def _save(document, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))


# -- a checklist ------------------------------------------------------------------------

def write_checklist_odt(path: Path, doc: ChecklistDoc) -> None:
    from odfdo import Header, Paragraph, Span

    footer = f"{doc.title} · version {doc.edition['version']} ({doc.edition['status']})"
    document = _document(doc.title, doc.edition, footer)
    body = document.body
    body.append(Header(1, f"{doc.title}: version {doc.edition['version']}"))
    first = Paragraph()
    first.append(Span(doc.version_line, style=STRONG))
    body.append(first)
    provenance = Paragraph()
    provenance.append(Span(doc.provenance, style=SMALL))
    body.append(provenance)
    _errata(body, doc.errata)
    _table(body, "Header block", [(label, "") for label in doc.fields], bold_first=True)
    body.append(Paragraph(doc.how_to))

    boxes = "    ".join(f"{BOX} {answer}" for answer in doc.answers)
    number = 0
    for section in doc.sections:
        body.append(Header(2, section.heading))
        for item in section.items:
            number += 1
            body.append(Header(3, f"{item.id} {item.question}"))
            _labelled(body, EVIDENCE)
            _bullets(body, item.evidence)
            body.append(Paragraph(boxes, style=BOX_STYLE))
            _table(body, f"Notes {number}", [("Notes:",)])
            link = Paragraph()
            link.append(Span("Clause on the site: ", style=SMALL))
            _link(link, item.url, item.url)
            body.append(link)
    _save(document, path)


# -- the whole code ---------------------------------------------------------------------

def write_code_odt(path: Path, doc: CodeDoc) -> None:
    from odfdo import TOC, Header, PageBreak, Paragraph, Span

    footer = f"The code, version {doc.edition['version']} ({doc.edition['status']})"
    document = _document("The code", doc.edition, footer)
    body = document.body

    body.append(Paragraph(doc.title, style=TITLE_STYLE))
    first = Paragraph()
    first.append(Span(doc.edition_line, style=STRONG))
    body.append(first)
    body.append(Paragraph(f"This copy was made on {doc.made} from the code's sources."))
    body.append(Paragraph(doc.statement))
    licence = Paragraph("Licence: ")
    _link(licence, doc.licence.label, doc.licence.url)
    body.append(licence)
    site = Paragraph("The latest version, with the checklists: ")
    _link(site, doc.site, doc.site)
    body.append(site)
    _errata(body, doc.errata)
    body.append(PageBreak())

    # A real table of contents over the level-1 headings, filled in below (so it
    # shows the entries before anyone updates it) and kept up to date by
    # LibreOffice, which adds the page numbers when it is updated.
    contents = TOC("Contents", outline_level=1)
    body.append(contents)

    body.append(Header(1, "How to use this code"))
    for text in doc.how_to:
        body.append(Paragraph(text))

    for principle in doc.principles:
        body.append(_new_page_heading(principle.heading))
        statement = Paragraph()
        statement.append(Span(principle.statement, style=EMPHASIS))
        body.append(statement)
        for clause in principle.clauses:
            body.append(Header(2, f"{clause.id} {clause.title}"))
            for part in plain_text(clause.text).split("\n\n"):
                body.append(Paragraph(part))
            _labelled(body, "Applies to", clause.applies_to)
            _labelled(body, "Checklist question", clause.question)
            if clause.ask_prime:
                _labelled(body, ASK_PRIME, clause.ask_prime)
            _labelled(body, EVIDENCE)
            _bullets(body, clause.evidence)
            if clause.supports:
                _labelled(body, "Supports")
                items = []
                for link in clause.supports:
                    item = Paragraph()
                    _link(item, link.label, link.url)
                    items.append(item)
                _bullets(body, items)
            if clause.related:
                related = _labelled(body, "Related clauses")
                for number, link in enumerate(clause.related):
                    if number:
                        related.append("; ")
                    _link(related, link.label, link.url)
            on_site = Paragraph()
            on_site.append(Span("On the site: ", style=SMALL))
            _link(on_site, clause.url, clause.url)
            body.append(on_site)

    body.append(_new_page_heading("Glossary"))
    for term, definition in doc.glossary:
        _labelled(body, term, definition)
    # The entries as the Word edition lists them (odfdo's own fill numbers them).
    contents.fill(document)
    index = contents.body
    for entry in index.get_elements("text:p"):
        index.delete(entry)
    for entry in doc.contents:
        index.append(Paragraph(entry, style="Contents_20_1"))
    _save(document, path)

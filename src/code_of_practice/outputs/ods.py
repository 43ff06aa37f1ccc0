"""The checklist as an OpenDocument spreadsheet (.ods), made with odfdo.

The same sheet as the Excel workbook (outputs/workbooks.py says the layout):
title rows, the header block, the instructions, the column headings repeated
on every printed page and frozen on screen, one row per item with an answer
drop-down that refuses anything but the answers, and a link to the clause.
A4 landscape, one page wide, the version and page numbers in the footer.
Every text cell goes through cells.neutralise.

odfdo has no call for a content validation, LibreOffice's scale-to-width or
its view settings: those few elements are written as ODF XML with odfdo's
Element.from_tag, in the form LibreOffice itself saves.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr

from code_of_practice.model.provenance import TITLE
from code_of_practice.outputs.cells import neutralise
from code_of_practice.outputs.content import ChecklistDoc, file_title

VALIDATION = "answers"


def write_ods(path: Path, doc: ChecklistDoc) -> None:
    from odfdo import (Cell, Column, Document, Element, HeaderRows, Link, Paragraph, Row,
                       Style, Table, VarPageCount, VarPageNumber)

    from code_of_practice.outputs.workbooks import (COLUMNS, FIRST_ITEM_ROW, HEADER_ROW, SHEET,
                                                    answer_error, footer_text, instructions,
                                                    item_rows)

    book = Document("spreadsheet")
    meta = book.meta
    meta.set_title(file_title(doc.title, doc.edition))
    meta.set_subject(TITLE)
    meta.set_description(doc.provenance)
    meta.set_language("en-GB")
    meta.set_user_defined_metadata("Version", doc.edition["version"])
    meta.set_user_defined_metadata("Status", doc.edition["status"])

    # The page: A4 landscape, one page wide and as many tall as needed, with a footer.
    layout = Element.from_tag(
        '<style:page-layout style:name="A4Landscape"><style:page-layout-properties '
        'fo:page-width="29.7cm" fo:page-height="21cm" style:print-orientation="landscape" '
        'fo:margin-top="1.2cm" fo:margin-bottom="1.2cm" fo:margin-left="1.2cm" '
        'fo:margin-right="1.2cm" loext:scale-to-X="1" loext:scale-to-Y="0"/>'
        '</style:page-layout>')
    book.insert_style(layout, automatic=True)
    master = book.get_style("master-page", "Default")
    master.set_attribute("style:page-layout-name", "A4Landscape")
    line = Paragraph(footer_text(doc) + " · Page ")
    line.append(VarPageNumber())
    line.append(" of ")
    line.append(VarPageCount())
    master.set_page_footer(line)
    for empty in ("style:header", "style:header-left", "style:header-first"):
        for element in master.get_elements(empty):
            master.delete(element)

    def cell_style(name, bold=False, italic=False, size=None, border=False, fill=None):
        style = Style("table-cell", name, bold=bold, italic=italic, border=border or None,
                      background_color=fill)
        style.set_properties({"fo:wrap-option": "wrap", "style:vertical-align": "top"},
                             area="table-cell")
        if border:
            style.set_properties({"fo:border": "0.5pt solid #000000"}, area="table-cell")
        if size:
            style.set_properties({"fo:font-size": size}, area="text")
        book.insert_style(style, automatic=True)
        return name

    s_title = cell_style("title", bold=True, size="14pt")
    s_bold = cell_style("bold", bold=True)
    s_small = cell_style("small", size="9pt")
    s_italic = cell_style("italic", italic=True)
    s_head = cell_style("head", bold=True, border=True, fill="#d9d9d9")
    s_box = cell_style("box", border=True)
    book.insert_style(Style("table", "sheet", master_page="Default"), automatic=True)

    body = book.body
    for old in body.get_tables():
        body.delete(old)
    answers = ";".join(f'"{a}"' for a in doc.answers)
    body.insert(Element.from_tag(
        f'<table:content-validations><table:content-validation table:name="{VALIDATION}" '
        'table:allow-empty-cell="true" table:display-list="unsorted" '
        f'table:base-cell-address="{SHEET}.E{FIRST_ITEM_ROW}" '
        f"table:condition={quoteattr(f'of:cell-content-is-in-list({answers})')}>"
        '<table:error-message table:title="Not an answer" table:display="true" '
        f'table:message-type="stop"><text:p>{_escape(answer_error(doc))}</text:p>'
        '</table:error-message></table:content-validation></table:content-validations>'),
        position=0)

    sheet = Table(SHEET, style="sheet")
    for index, (_, width) in enumerate(COLUMNS):
        name = f"col{index}"
        column = Style("table-column", name)
        column.set_properties({"style:column-width": f"{width * 0.21:.2f}cm"},
                              area="table-column")
        book.insert_style(column, automatic=True)
        sheet.append(Column(style=name))

    def cell(value="", style=None, link=None, **attributes):
        made = Cell(style=style)
        for key, val in attributes.items():
            made.set_attribute(key, val)
        if value:
            made.set_attribute("office:value-type", "string")
            made.set_attribute("calcext:value-type", "string")
            for part in neutralise(value).split("\n"):
                paragraph = Paragraph()
                paragraph.append(Link(link, text=part) if link else part)
                made.append(paragraph)
        return made

    def row(*cells, spans=()):
        made = Row()
        for index, c in enumerate(cells):
            made.append(c)
            span = spans[index] if index < len(spans) else 1
            if span > 1:
                c.set_attribute("table:number-columns-spanned", str(span))
                for _ in range(span - 1):
                    made.append(Element.from_tag("<table:covered-table-cell/>"))
        return made

    width = len(COLUMNS)
    sheet.append(row(cell(f"{doc.title}: version {doc.edition['version']}", s_title),
                     spans=(width,)))
    sheet.append(row(cell(doc.version_line, s_bold), spans=(width,)))
    sheet.append(row(cell(doc.provenance, s_small), spans=(width,)))
    for label in doc.fields:
        sheet.append(row(cell(label, s_bold), cell("", s_box), spans=(2, 2)))
    sheet.append(row(cell(instructions(doc), s_italic), spans=(width,)))
    headers = HeaderRows()  # repeated at the top of every printed page
    headers.append(row(*(cell(heading, s_head) for heading, _ in COLUMNS)))
    sheet.append(headers)
    for values in item_rows(doc):
        *cells, url = values
        sheet.append(row(*(cell(v, s_box) for v in cells[:4]),
                         cell("", s_box, **{"table:content-validation-name": VALIDATION}),
                         cell("", s_box), cell(cells[6], s_box, link=url)))
    body.append(sheet)

    # Freeze the rows above the first item, as LibreOffice stores it.
    settings = book.get_part("settings.xml")
    root = settings.get_element("//office:settings")
    for old in root.get_elements("config:config-item-set[@config:name='ooo:view-settings']"):
        root.delete(old)
    items = "".join(
        f'<config:config-item config:name="{name}" config:type="{kind}">{value}'
        "</config:config-item>"
        for name, kind, value in (("VerticalSplitMode", "short", "2"),
                                  ("VerticalSplitPosition", "int", str(HEADER_ROW)),
                                  ("ActiveSplitRange", "short", "2"),
                                  ("PositionBottom", "int", str(HEADER_ROW))))
    root.append(Element.from_tag(
        '<config:config-item-set config:name="ooo:view-settings">'
        '<config:config-item-map-indexed config:name="Views"><config:config-item-map-entry>'
        '<config:config-item config:name="ViewId" config:type="string">view1</config:config-item>'
        '<config:config-item-map-named config:name="Tables">'
        f'<config:config-item-map-entry config:name="{SHEET}">{items}'
        "</config:config-item-map-entry></config:config-item-map-named>"
        "</config:config-item-map-entry></config:config-item-map-indexed>"
        "</config:config-item-set>"))

    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(str(path))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

"""The checklists as workbooks to fill in: Excel (.xlsx, openpyxl) and
OpenDocument (.ods, odfpy), laid out the same way.

One sheet, "Checklist":

    rows 1-3   the title with the version, the version line, the provenance
    rows 4-7   the header block: organisation, contract, date, completed by
    row 8      how to fill it in
    row 9      the column headings (frozen on screen, repeated on every printed page)
    row 10-    one row per item: ID, principle, question, what good looks like,
               answer (a drop-down that refuses anything but the four answers),
               notes, and a link to the clause

Printed: A4 landscape, fitted to the page width, with the title, version and
page numbers in the footer. Every text cell goes through cells.neutralise.

The .ods stays with odfpy. The same sheet written with odfdo 3.27 needed its
content validation, LibreOffice's fit-to-width and the frozen rows as raw ODF
XML, and odfdo's template brought a French default style, its author's
printer set-up and a stale preview that had to be stripped; the files were
1.4 to 1.8 times the size (partners 11 KB against 6 KB, complete 17 KB
against 12 KB) and 2 to 9 times slower to write (0.2 to 0.9 s against 0.1 s);
and LibreOffice 7.4 printed the complete checklist on one clipped page instead
of six pages fitted to the width. The tests read the .ods with odfdo.
"""

from __future__ import annotations

from pathlib import Path

from code_of_practice.model.provenance import TITLE
from code_of_practice.outputs.cells import neutralise
from code_of_practice.outputs.download_text import EVIDENCE, ChecklistDoc, evidence_text, file_title

SHEET = "Checklist"
COLUMNS = (  # heading, width in characters
    ("ID", 6), ("Principle", 16), ("Question", 40), (EVIDENCE, 46), ("Answer", 14),
    ("Notes", 32), ("Clause on the site", 14),
)
ANSWER_COLUMN = 5  # 1-based: "Answer"
HEADER_ROW = 9
FIRST_ITEM_ROW = HEADER_ROW + 1
TITLE_ROWS = 3  # title, version line, provenance


def answer_error(doc: ChecklistDoc) -> str:
    return f"Choose one of: {', '.join(doc.answers)}."


def instructions(doc: ChecklistDoc) -> str:
    return (f"{len(doc.items)} items. Choose an answer for each from the drop-down in the "
            f"Answer column ({', '.join(doc.answers)}) and add notes. The column "
            f"{EVIDENCE} lists the evidence that shows each commitment is met, and the last "
            "column links to the clause on the site.")


def item_rows(doc: ChecklistDoc) -> list[tuple]:
    """(ID, principle, question, evidence, answer, notes, link label, link URL)."""
    return [(item.id, item.principle, item.question, evidence_text(item.evidence), "", "",
             f"Clause {item.id}", item.url) for item in doc.items]


def footer_text(doc: ChecklistDoc) -> str:
    return f"{doc.title}, version {doc.edition['version']} ({doc.edition['status']})"


# -- Excel ------------------------------------------------------------------------------

def write_xlsx(path: Path, doc: ChecklistDoc) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    last_col = get_column_letter(len(COLUMNS))
    wrap = Alignment(wrap_text=True, vertical="top")
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)

    def put(row, col, value, **style):
        cell = sheet.cell(row=row, column=col, value=neutralise(value))
        cell.alignment = style.pop("alignment", wrap)
        for key, val in style.items():
            setattr(cell, key, val)
        return cell

    put(1, 1, f"{doc.title}: version {doc.edition['version']}", font=Font(bold=True, size=14),
        alignment=Alignment(vertical="top"))
    put(2, 1, doc.version_line, font=Font(bold=True))
    put(3, 1, doc.provenance, font=Font(size=9))
    for row in range(1, TITLE_ROWS + 1):
        sheet.merge_cells(f"A{row}:{last_col}{row}")
    sheet.row_dimensions[1].height = 22
    sheet.row_dimensions[3].height = 40

    for offset, label in enumerate(doc.fields):
        row = TITLE_ROWS + 1 + offset
        put(row, 1, label, font=Font(bold=True), alignment=Alignment(vertical="center"))
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        sheet.merge_cells(start_row=row, start_column=3, end_row=row, end_column=4)
        for col in (3, 4):
            sheet.cell(row=row, column=col).border = box
        sheet.row_dimensions[row].height = 20
    put(HEADER_ROW - 1, 1, instructions(doc), font=Font(italic=True))
    sheet.merge_cells(f"A{HEADER_ROW - 1}:{last_col}{HEADER_ROW - 1}")
    sheet.row_dimensions[HEADER_ROW - 1].height = 30

    heading_fill = PatternFill("solid", fgColor="D9D9D9")
    for col, (heading, width) in enumerate(COLUMNS, 1):
        put(HEADER_ROW, col, heading, font=Font(bold=True), fill=heading_fill, border=box)
        sheet.column_dimensions[get_column_letter(col)].width = width

    for row, values in enumerate(item_rows(doc), FIRST_ITEM_ROW):
        *cells, url = values
        for col, value in enumerate(cells, 1):
            cell = put(row, col, value, border=box)
        cell.hyperlink = url
        cell.font = Font(color="0645AD", underline="single")
        lines = max(len(values[2]) // 38 + 1, values[3].count("\n") + 1 + len(values[3]) // 60)
        sheet.row_dimensions[row].height = max(30, 13 * lines + 4)
    last_row = FIRST_ITEM_ROW + len(doc.items) - 1

    answers = DataValidation(
        type="list", formula1='"' + ",".join(doc.answers) + '"', allow_blank=True,
        showDropDown=False,  # False shows the arrow (the attribute's name is the wrong way round)
        showErrorMessage=True, errorStyle="stop", errorTitle="Not an answer",
        error=answer_error(doc), showInputMessage=True, promptTitle="Answer",
        prompt=f"Choose {', '.join(doc.answers)}.")
    letter = get_column_letter(ANSWER_COLUMN)
    answers.add(f"{letter}{FIRST_ITEM_ROW}:{letter}{last_row}")
    sheet.add_data_validation(answers)

    sheet.freeze_panes = f"A{FIRST_ITEM_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.left.text = footer_text(doc).replace("&", "&&")
    sheet.oddFooter.left.size = 8
    sheet.oddFooter.right.text = "Page &P of &N"
    sheet.oddFooter.right.size = 8

    props = book.properties
    props.title = file_title(doc.title, doc.edition)
    props.subject = TITLE
    props.description = doc.provenance
    props.version = doc.edition["version"]
    props.contentStatus = doc.edition["status"]
    props.language = "en-GB"
    props.creator = "Code of Practice project"
    props.keywords = f"checklist; version {doc.edition['version']}"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


# -- OpenDocument -----------------------------------------------------------------------

def write_ods(path: Path, doc: ChecklistDoc) -> None:
    from odf import config, dc, meta, style, table, text
    from odf.namespaces import LOEXTNS
    from odf.opendocument import OpenDocumentSpreadsheet

    book = OpenDocumentSpreadsheet()
    book.meta.addElement(dc.Title(text=file_title(doc.title, doc.edition)))
    book.meta.addElement(dc.Subject(text=TITLE))
    book.meta.addElement(dc.Description(text=doc.provenance))
    book.meta.addElement(dc.Language(text="en-GB"))
    for name, value in (("Version", doc.edition["version"]), ("Status", doc.edition["status"])):
        book.meta.addElement(meta.UserDefined(name=name, valuetype="string", text=value))

    # The page: A4 landscape, fitted to one page wide, footer with the version and pages.
    layout = style.PageLayout(name="A4Landscape")
    page = style.PageLayoutProperties(
        pagewidth="29.7cm", pageheight="21cm", printorientation="landscape",
        margintop="1.2cm", marginbottom="1.2cm", marginleft="1.2cm", marginright="1.2cm")
    # One page wide, as many pages tall as needed (odfpy puts scale-to-X in the
    # LibreOffice namespace, which LibreOffice reads).
    page.setAttrNS(LOEXTNS, "scale-to-X", "1")
    page.setAttrNS(LOEXTNS, "scale-to-Y", "0")
    layout.addElement(page)
    book.automaticstyles.addElement(layout)
    master = style.MasterPage(name="Default", pagelayoutname=layout)
    footer = style.Footer()
    line = text.P(text=footer_text(doc) + " · Page ")
    line.addElement(text.PageNumber(text="1"))
    line.addText(" of ")
    line.addElement(text.PageCount(text="1"))
    footer.addElement(line)
    master.addElement(footer)
    book.masterstyles.addElement(master)

    def cell_style(name, bold=False, italic=False, size=None, border=False, fill=None):
        s = style.Style(name=name, family="table-cell")
        props = {"wrapoption": "wrap", "verticalalign": "top"}
        if border:
            props["border"] = "0.5pt solid #000000"
        if fill:
            props["backgroundcolor"] = fill
        s.addElement(style.TableCellProperties(**props))
        t = {}
        if bold:
            t["fontweight"] = "bold"
        if italic:
            t["fontstyle"] = "italic"
        if size:
            t["fontsize"] = size
        if t:
            s.addElement(style.TextProperties(**t))
        book.automaticstyles.addElement(s)
        return s

    s_title = cell_style("title", bold=True, size="14pt")
    s_bold = cell_style("bold", bold=True)
    s_small = cell_style("small", size="9pt")
    s_italic = cell_style("italic", italic=True)
    s_head = cell_style("head", bold=True, border=True, fill="#d9d9d9")
    s_box = cell_style("box", border=True)

    table_style = style.Style(name="sheet", family="table", masterpagename=master)
    table_style.addElement(style.TableProperties(display="true"))
    book.automaticstyles.addElement(table_style)

    validations = table.ContentValidations()
    check = table.ContentValidation(
        name="answers", allowemptycell="true", displaylist="unsorted",
        basecelladdress=f"{SHEET}.E{FIRST_ITEM_ROW}",
        condition="of:cell-content-is-in-list(" + ";".join(f'"{a}"' for a in doc.answers) + ")")
    error = table.ErrorMessage(title="Not an answer", display="true", messagetype="stop")
    error.addElement(text.P(text=answer_error(doc)))
    check.addElement(error)
    validations.addElement(check)
    book.spreadsheet.addElement(validations)

    sheet = table.Table(name=SHEET, stylename=table_style)
    for index, (_, width) in enumerate(COLUMNS):
        col_style = style.Style(name=f"col{index}", family="table-column")
        col_style.addElement(style.TableColumnProperties(columnwidth=f"{width * 0.21:.2f}cm"))
        book.automaticstyles.addElement(col_style)
        sheet.addElement(table.TableColumn(stylename=col_style))

    def cell(value="", stylename=None, span=1, link=None, **attrs):
        c = table.TableCell(stylename=stylename, **attrs)
        if span > 1:
            c.setAttribute("numbercolumnsspanned", str(span))
        if value:
            c.setAttribute("valuetype", "string")
            for number, part in enumerate(neutralise(value).split("\n")):
                p = text.P()
                if link:
                    p.addElement(text.A(href=link, type="simple", text=part))
                else:
                    p.addText(part)
                c.addElement(p)
        return c

    def row(*cells):
        r = table.TableRow()
        for c in cells:
            r.addElement(c)
            span = int(c.getAttribute("numbercolumnsspanned") or 1)
            for _ in range(span - 1):
                r.addElement(table.CoveredTableCell())
        return r

    width = len(COLUMNS)
    sheet.addElement(row(cell(f"{doc.title}: version {doc.edition['version']}", s_title,
                              span=width)))
    sheet.addElement(row(cell(doc.version_line, s_bold, span=width)))
    sheet.addElement(row(cell(doc.provenance, s_small, span=width)))
    for label in doc.fields:
        sheet.addElement(row(cell(label, s_bold, span=2), cell("", s_box, span=2)))
    sheet.addElement(row(cell(instructions(doc), s_italic, span=width)))
    headers = table.TableHeaderRows()  # repeated at the top of every printed page
    headers.addElement(row(*(cell(heading, s_head) for heading, _ in COLUMNS)))
    sheet.addElement(headers)
    for values in item_rows(doc):
        *cells, url = values
        sheet.addElement(row(*(cell(v, s_box) for v in cells[:4]),
                             cell("", s_box, contentvalidationname="answers"),
                             cell("", s_box),
                             cell(cells[6], s_box, link=url)))
    book.spreadsheet.addElement(sheet)

    # Freeze the rows above the first item, as LibreOffice stores it.
    views = config.ConfigItemSet(name="ooo:view-settings")
    indexed = config.ConfigItemMapIndexed(name="Views")
    entry = config.ConfigItemMapEntry()
    entry.addElement(config.ConfigItem(name="ViewId", type="string", text="view1"))
    tables = config.ConfigItemMapNamed(name="Tables")
    sheet_entry = config.ConfigItemMapEntry(name=SHEET)
    for name, kind, value in (("VerticalSplitMode", "short", "2"),
                              ("VerticalSplitPosition", "int", str(HEADER_ROW)),
                              ("ActiveSplitRange", "short", "2"),
                              ("PositionBottom", "int", str(HEADER_ROW))):
        sheet_entry.addElement(config.ConfigItem(name=name, type=kind, text=value))
    tables.addElement(sheet_entry)
    entry.addElement(tables)
    indexed.addElement(entry)
    views.addElement(indexed)
    book.settings.addElement(views)

    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(str(path))

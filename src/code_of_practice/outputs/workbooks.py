"""The checklists as workbooks to fill in: Excel (.xlsx, openpyxl, here) and
OpenDocument (.ods, odfdo, in outputs/ods.py), laid out the same way.

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
"""

from __future__ import annotations

from pathlib import Path

from code_of_practice.model.provenance import TITLE
from code_of_practice.outputs.cells import neutralise
from code_of_practice.outputs.content import EVIDENCE, ChecklistDoc, evidence_text, file_title

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

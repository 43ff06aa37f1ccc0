"""Word documents (.docx, python-docx): each checklist, and the whole code.

Headings are Word's own Heading styles, so the navigation pane and a screen
reader find them; tick boxes are ☐ characters, which print; the footer
numbers the pages with Word fields; the language is en-GB; the title, version
and status are in the file's properties and on the first page.
"""

from __future__ import annotations

from pathlib import Path

from code_of_practice.model.provenance import TITLE
from code_of_practice.outputs.cells import plain_text
from code_of_practice.outputs.errata import HEADING as ERRATA_HEADING
from code_of_practice.outputs.errata import INTRO as ERRATA_INTRO
from code_of_practice.outputs.download_text import (ASK_PRIME, BOX, EVIDENCE, SHORT_PROVENANCE,
                                              ChecklistDoc, CodeDoc, file_title)

LANGUAGE = "en-GB"


def _remember_style_ids(part) -> None:
    """python-docx finds a style by name by scanning every style of the document,
    on every paragraph and table (seconds for the whole code). A name's style
    never changes while a document is written, so each answer is kept."""
    lookup, known = part.get_style_id, {}

    def style_id(style_or_name, style_type):
        if not isinstance(style_or_name, str):
            return lookup(style_or_name, style_type)
        key = (style_or_name, style_type)
        if key not in known:
            known[key] = lookup(style_or_name, style_type)
        return known[key]

    part.get_style_id = style_id


def _document(title: str, edition: dict, footer: str):
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    _remember_style_ids(document.part)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(18), Mm(18)

    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    # The language of every style that inherits from Normal: spelling and screen readers.
    rpr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LANGUAGE)
    rpr.append(lang)

    props = document.core_properties
    props.title = file_title(title, edition)
    props.subject = TITLE
    props.comments = SHORT_PROVENANCE
    props.version = edition["version"]
    props.content_status = edition["status"]
    props.language = LANGUAGE
    props.author = "Code of Practice project"
    props.keywords = f"version {edition['version']}"

    paragraph = section.footer.paragraphs[0]
    run = paragraph.add_run(f"{footer} · Page ")
    run.font.size = Pt(8)
    _field(paragraph, "PAGE")
    run = paragraph.add_run(" of ")
    run.font.size = Pt(8)
    _field(paragraph, "NUMPAGES")
    return document


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for kind, text in (("begin", None), (None, instruction), ("separate", None),
                       (None, "1"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(8)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
        else:
            run.text = text


def _contents(document, entries: list[str]) -> None:
    """A Word table of contents field over the Heading 1 entries. Until someone
    updates the field in Word (which adds the page numbers), it shows the list
    of entries."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(paragraph, kind):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    paragraphs = [document.add_paragraph() for _ in entries]
    first = paragraphs[0]
    char(first, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = ' TOC \\o "1-1" \\h \\z \\u '
    first.add_run()._r.append(instr)
    char(first, "separate")
    for paragraph, entry in zip(paragraphs, entries):
        paragraph.add_run(entry)
    char(paragraphs[-1], "end")


def _labelled(document, label: str, value: str):
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(value)
    return paragraph


def _link(paragraph, text: str, url: str) -> None:
    """A real hyperlink run."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")  # blue and underlined: the template has no Hyperlink style
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "0645AD")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    rpr.extend([colour, underline])
    run.append(rpr)
    text_el = OxmlElement("w:t")
    text_el.text = text
    run.append(text_el)
    link.append(run)
    paragraph._p.append(link)


# -- a checklist ------------------------------------------------------------------------

def write_checklist_docx(path: Path, doc: ChecklistDoc) -> None:
    from docx.shared import Mm, Pt

    footer = f"{doc.title} · version {doc.edition['version']} ({doc.edition['status']})"
    document = _document(doc.title, doc.edition, footer)
    document.add_heading(f"{doc.title}: version {doc.edition['version']}", level=1)
    document.add_paragraph(doc.version_line).runs[0].bold = True
    document.add_paragraph(doc.provenance).runs[0].font.size = Pt(8.5)
    _errata(document, doc.errata)

    fields = document.add_table(rows=len(doc.fields), cols=2)
    fields.style = "Table Grid"
    for row, label in zip(fields.rows, doc.fields):
        row.cells[0].text = label
        row.cells[0].paragraphs[0].runs[0].bold = True
        row.cells[0].width, row.cells[1].width = Mm(40), Mm(130)
        row.height = Mm(9)
    document.add_paragraph(doc.how_to)

    boxes = "    ".join(f"{BOX} {answer}" for answer in doc.answers)
    for section in doc.sections:
        document.add_heading(section.heading, level=2)
        for item in section.items:
            document.add_heading(f"{item.id} {item.question}", level=3)
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{EVIDENCE}:").bold = True
            paragraph.paragraph_format.space_after = Pt(0)
            for evidence in item.evidence:
                document.add_paragraph(evidence, style="List Bullet")
            answers = document.add_paragraph()
            answers.add_run(boxes).font.size = Pt(12)
            notes = document.add_table(rows=1, cols=1)
            notes.style = "Table Grid"
            notes.rows[0].height = Mm(16)
            notes.cell(0, 0).text = "Notes:"
            link = document.add_paragraph()
            link.add_run("Clause on the site: ").font.size = Pt(8.5)
            _link(link, item.url, item.url)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))


def _errata(document, lines) -> None:
    """A released version's errata, under their own heading (none: nothing)."""
    if not lines:
        return
    document.add_heading(ERRATA_HEADING, level=2)
    document.add_paragraph(ERRATA_INTRO)
    for line in lines:
        document.add_paragraph(line, style="List Bullet")


# -- the whole code ---------------------------------------------------------------------

def write_code_docx(path: Path, doc: CodeDoc) -> None:
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    footer = f"The code, version {doc.edition['version']} ({doc.edition['status']})"
    document = _document("The code", doc.edition, footer)

    document.add_heading(doc.title, level=0)  # Word's Title style
    document.add_paragraph(doc.edition_line).runs[0].bold = True
    document.add_paragraph(f"This copy was made on {doc.made} from the code's sources.")
    document.add_paragraph(doc.statement)
    licence = document.add_paragraph("Licence: ")
    _link(licence, doc.licence.label, doc.licence.url)
    site = document.add_paragraph("The latest version, with the checklists: ")
    _link(site, doc.site, doc.site)
    _errata(document, doc.errata)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    document.add_heading("Contents", level=1)
    _contents(document, doc.contents)

    document.add_heading("How to use this code", level=1)
    for text in doc.how_to:
        document.add_paragraph(text)

    for principle in doc.principles:
        heading = document.add_heading(principle.heading, level=1)
        heading.paragraph_format.page_break_before = True
        document.add_paragraph(principle.statement).runs[0].italic = True
        for clause in principle.clauses:
            document.add_heading(f"{clause.id} {clause.title}", level=2)
            for part in plain_text(clause.text).split("\n\n"):
                document.add_paragraph(part)
            _labelled(document, "Applies to", clause.applies_to)
            _labelled(document, "Checklist question", clause.question)
            if clause.ask_prime:
                _labelled(document, ASK_PRIME, clause.ask_prime)
            label = document.add_paragraph()
            label.add_run(f"{EVIDENCE}:").bold = True
            label.paragraph_format.space_after = Pt(0)
            for evidence in clause.evidence:
                document.add_paragraph(evidence, style="List Bullet")
            if clause.supports:
                label = document.add_paragraph()
                label.add_run("Supports:").bold = True
                label.paragraph_format.space_after = Pt(0)
                for link in clause.supports:
                    _link(document.add_paragraph(style="List Bullet"), link.label, link.url)
            if clause.related:
                related = _labelled(document, "Related clauses", "")
                for number, link in enumerate(clause.related):
                    if number:
                        related.add_run("; ")
                    _link(related, link.label, link.url)
            on_site = document.add_paragraph()
            on_site.add_run("On the site: ").font.size = Pt(8.5)
            _link(on_site, clause.url, clause.url)

    heading = document.add_heading("Glossary", level=1)
    heading.paragraph_format.page_break_before = True
    for term, definition in doc.glossary:
        _labelled(document, term, definition)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))

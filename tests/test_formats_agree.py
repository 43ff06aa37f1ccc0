"""The editions a reader downloads agree with each other, clause for clause:
the OpenDocument text editions opened with odfdo; every format of each
checklist and of the whole code read back with the library a program would
use; every PDF against the machine-checkable subset of PDF/UA-1; the
framework mappings against the clauses' links. All from the session's
`published` site (tests/conftest.py), never a build of its own."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as WordDocument
from odfdo import Document as OpenDocument
from openpyxl import load_workbook
from pypdf import PdfReader

from code_of_practice.model.checklists import all_checklists
from code_of_practice.model.downloads import CHECKLIST_FORMATS, CODE_FORMATS
from code_of_practice.model.fields import FRAMEWORK_LABELS
from code_of_practice.model.project import load_project
from code_of_practice.model.provenance import TITLE
from code_of_practice.outputs.pdfua import pdf_problems
from code_of_practice.outputs.workbooks import FIRST_ITEM_ROW, SHEET
from code_of_practice.testing import ROOT

PROJECT = load_project(ROOT)
CODE, EDITION = PROJECT.code, PROJECT.edition
CHECKLISTS = all_checklists(CODE)
ITEM = re.compile(r"([1-9][0-9]*\.[1-9][0-9]*) (.+)", re.S)

pytestmark = pytest.mark.browser  # the published site's PDFs are printed by Chromium


@pytest.fixture(scope="module")
def downloads(published) -> Path:
    return published["downloads"]


def words(text: str) -> str:
    return " ".join(str(text).split())


def squashed(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Without any space: Chromium drops the space at a line break when it
    copies a wrapped heading into a PDF bookmark ("their records" becomes
    "theirrecords"), which is not a difference in the words."""
    return [(i, "".join(text.split())) for i, text in items]


def split_items(titles) -> list[tuple[str, str]]:
    """(clause ID, question or title) from headings like "1.3 Do you …?"."""
    return [(m.group(1), words(m.group(2))) for m in map(ITEM.match, map(words, titles)) if m]


# -- reading each format back -------------------------------------------------------------

def odt_text(document) -> str:
    """The text of every paragraph, in list items and table cells too."""
    return "\n".join(p.inner_text for p in document.body.get_paragraphs())


def odt_headings(path: Path, level: int) -> list[str]:
    document = OpenDocument(str(path))
    return [h.inner_text.strip() for h in document.body.get_headers()
            if h.get_attribute("text:outline-level") == str(level)]


def docx_headings(path: Path, level: int) -> list[str]:
    return [p.text for p in WordDocument(str(path)).paragraphs
            if p.style.name == f"Heading {level}"]


def pdf_outline(path: Path, depth: int) -> list[str]:
    found = []

    def walk(items, at):
        for item in items:
            if isinstance(item, list):
                walk(item, at + 1)
            elif at == depth:
                found.append(item.title)

    walk(PdfReader(path).outline, 0)
    return found


def xlsx_items(path: Path) -> list[tuple[str, str]]:
    sheet = load_workbook(path)[SHEET]
    return [(row[0], words(row[2])) for row in sheet.iter_rows(min_row=FIRST_ITEM_ROW,
                                                               values_only=True) if row[0]]


def ods_items(path: Path) -> list[tuple[str, str]]:
    values = OpenDocument(str(path)).body.get_table(name=SHEET).get_values()
    return [(row[0], words(row[2])) for row in values[FIRST_ITEM_ROW - 1:] if row[0]]


def csv_items(path: Path) -> list[tuple[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "ID")
    return [(row[0], words(row[2])) for row in rows[header + 1:] if row]


def json_items(export: dict, chosen) -> list[tuple[str, str]]:
    """The checklist's items as a program reading code.json would pick them:
    the active clauses for its audience (all of them for the complete one; the
    prime clauses with a question to ask for "ask your prime")."""
    active = [c for c in export["clauses"] if "withdrawn" not in c]
    if chosen.key == "ask-prime":
        return [(c["id"], words(c["ask_prime"])) for c in active if c.get("ask_prime")]
    return [(c["id"], words(c["question"])) for c in active
            if chosen.key == "all" or chosen.key in c["applies_to"]]


# -- the OpenDocument text editions -------------------------------------------------------

@pytest.mark.parametrize("chosen", CHECKLISTS, ids=lambda c: c.slug)
def test_checklist_odt_has_headings_items_and_version(downloads, chosen):
    path = downloads / f"{chosen.slug}.odt"
    document = OpenDocument(str(path))
    assert odt_headings(path, 1) == [f"{chosen.title}: version {EDITION['version']}"]
    assert odt_headings(path, 2) == [f"{p.number}. {p.title}" for p, _ in chosen.sections(CODE)]
    items = chosen.items(CODE)
    assert split_items(odt_headings(path, 3)) == [(c.id, words(chosen.question(c)))
                                                  for c in items]
    body = document.body
    # Evidence as real lists, a notes table per item plus the header block, links as links.
    from code_of_practice.outputs.errata import errata_lines

    assert len(body.get_lists()) == len(items) + (1 if errata_lines(PROJECT) else 0)
    assert len(body.get_tables()) == len(items) + 1
    assert len(body.get_links()) == len(items)
    assert odt_text(document).count("\u2610 Yes") == len(items)
    meta = document.meta
    assert meta.get_language() == "en-GB"
    assert meta.get_user_defined_metadata()["Version"] == EDITION["version"]
    assert f"version {EDITION['version']} ({EDITION['status']})" in meta.get_title()
    footer = document.get_style("master-page", "Standard").serialize()
    assert "<text:page-number" in footer and "<text:page-count" in footer


def test_code_odt_is_the_whole_code(downloads):
    path = downloads / "code-of-practice.odt"
    document = OpenDocument(str(path))
    assert odt_headings(path, 1) == (["How to use this code"]
                                     + [f"Principle {p.number}. {p.title}"
                                        for p in CODE.principles] + ["Glossary"])
    assert [i for i, _ in split_items(odt_headings(path, 2))] == \
        [c.id for c in CODE.active_clauses]
    text = odt_text(document)
    for clause in CODE.active_clauses:
        assert words(clause.evidence[-1]) in words(text), clause.id
    for term in PROJECT.glossary:
        assert f"{term}: " in text
    toc = document.body.get_tocs()
    assert toc and "Principle 1." in toc[0].text_recursive
    assert document.meta.get_user_defined_metadata()["Version"] == EDITION["version"]
    assert document.meta.get_subject() == TITLE


def test_libreoffice_opens_the_opendocument_files(downloads, tmp_path):
    """Where LibreOffice is installed, each .odt and .ods converts to PDF and
    says its version on its first page."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed here (it is not part of make setup): "
                    "the OpenDocument files are checked with odfdo only")
    profile = (tmp_path / "profile").as_uri()  # its own profile: no clash with a running one
    for ext in ("odt", "ods"):
        files = sorted(downloads.glob(f"*.{ext}"))
        assert files
        out = tmp_path / ext
        result = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                                 "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr
        for path in files:
            converted = out / f"{path.stem}.pdf"
            assert converted.is_file(), f"LibreOffice did not convert {path.name}: " \
                f"{result.stdout} {result.stderr}"
            first = " ".join(PdfReader(converted).pages[0].extract_text().split())
            assert f"version {EDITION['version']}" in first, (path.name, first[:300])


# -- every format agrees ------------------------------------------------------------------

def test_every_format_of_the_same_version_agrees_clause_for_clause(published, downloads):
    """Each checklist in PDF, Word, OpenDocument text, Excel, OpenDocument
    spreadsheet and CSV, and the whole code in PDF, Word and OpenDocument
    text, hold the same clauses, in the same order, with the same words as
    code.json, and say the same version."""
    export = json.loads((published["site"] / "data" / "code.json").read_text("utf-8"))
    version = export["edition"]["version"]
    assert {f.ext for f in CHECKLIST_FORMATS} == {"pdf", "docx", "odt", "xlsx", "ods", "csv"}
    for chosen in CHECKLISTS:
        want = json_items(export, chosen)
        assert want, chosen.slug
        got = {
            "pdf": split_items(pdf_outline(downloads / f"{chosen.slug}.pdf", 2)),
            "docx": split_items(docx_headings(downloads / f"{chosen.slug}.docx", 3)),
            "odt": split_items(odt_headings(downloads / f"{chosen.slug}.odt", 3)),
            "xlsx": xlsx_items(downloads / f"{chosen.slug}.xlsx"),
            "ods": ods_items(downloads / f"{chosen.slug}.ods"),
            "csv": csv_items(downloads / f"{chosen.slug}.csv"),
        }
        assert set(got) == {f.ext for f in CHECKLIST_FORMATS}
        for ext, items in got.items():
            if ext == "pdf":
                items, expected = squashed(items), squashed(want)
            else:
                expected = want
            assert items == expected, f"{chosen.slug}.{ext} differs from data/code.json"
        versions = {
            "pdf": PdfReader(downloads / f"{chosen.slug}.pdf").metadata.title,
            "docx": WordDocument(str(downloads / f"{chosen.slug}.docx")).core_properties.title,
            "odt": OpenDocument(str(downloads / f"{chosen.slug}.odt")).meta.get_title(),
            "xlsx": load_workbook(downloads / f"{chosen.slug}.xlsx").properties.title,
            "ods": OpenDocument(str(downloads / f"{chosen.slug}.ods")).meta.get_title(),
        }
        for ext, title in versions.items():
            assert f"version {version} (" in title, f"{chosen.slug}.{ext}: {title}"
        assert f"version {version} (" in (
            downloads / f"{chosen.slug}.csv").read_text("utf-8-sig").splitlines()[0]

    active = [(c["id"], words(c["title"])) for c in export["clauses"] if "withdrawn" not in c]
    assert {f.ext for f in CODE_FORMATS} == {"pdf", "docx", "odt"}
    whole = {
        "pdf": split_items(pdf_outline(downloads / "code-of-practice.pdf", 2)),
        "docx": split_items(docx_headings(downloads / "code-of-practice.docx", 2)),
        "odt": split_items(odt_headings(downloads / "code-of-practice.odt", 2)),
    }
    for ext, items in whole.items():
        expected = squashed(active) if ext == "pdf" else active
        items = squashed(items) if ext == "pdf" else items
        assert items == expected, f"code-of-practice.{ext} differs from data/code.json"


# -- PDF/UA -------------------------------------------------------------------------------

def test_every_pdf_passes_the_machine_checkable_subset_of_pdf_ua(downloads):
    pdfs = sorted(downloads.glob("*.pdf"))
    assert len(pdfs) == len(CHECKLISTS) + 1
    problems = [p for path in pdfs for p in pdf_problems(path)]
    assert problems == []


def test_a_pdf_that_fails_names_the_file_and_the_rule(tmp_path):
    import pikepdf

    path = tmp_path / "untagged.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(path)
    problems = pdf_problems(path)
    assert problems and all(p.startswith("untagged.pdf") for p in problems)
    assert any("PDF/UA rule UA-" in p and "(error)" in p for p in problems), problems


# -- the framework mappings ---------------------------------------------------------------

def test_each_mapping_lists_the_clauses_that_link_to_each_item(published):
    folder = published["site"] / "data" / "mappings"
    for framework in FRAMEWORK_LABELS:
        path = folder / f"{framework}.json"
        linked = {c.id: c.links(framework) for c in CODE.active_clauses if c.links(framework)}
        if not path.is_file():
            assert not linked, f"{framework}: clauses link to it but it has no mapping"
            continue
        data = json.loads(path.read_text("utf-8"))
        assert data["framework"] == framework
        current = next(v for v in data["versions"] if v["version"] == EDITION["version"])
        from_mapping = {(entry["item"], clause) for entry in current["supports"]
                        for clause in entry["clauses"]}
        from_clauses = {(item, cid) for cid, items in linked.items() for item in items}
        assert from_mapping == from_clauses, framework
        assert [v["version"] for v in data["versions"]] == \
            [v.version for v in PROJECT.history.versions]


def test_the_odt_editions_carry_a_released_versions_errata_as_word_does(tmp_path):
    """The errata section, as in the Word editions, from the same lines."""
    from dataclasses import replace

    from code_of_practice.outputs.download_text import checklist_doc, code_doc
    from code_of_practice.outputs.errata import HEADING
    from code_of_practice.outputs.opendocument import write_checklist_odt, write_code_odt

    line = "E-2099-01 (clause 1.1). It said: a test. Correction: a test. Source: a test."
    whole = replace(code_doc(CODE, EDITION, PROJECT.glossary, "https://example.org/"),
                    errata=(line,))
    chosen = replace(checklist_doc(CODE, CHECKLISTS[0], EDITION, "https://example.org/"),
                     errata=(line,))
    write_code_odt(tmp_path / "code.odt", whole)
    write_checklist_odt(tmp_path / "list.odt", chosen)
    for name in ("code.odt", "list.odt"):
        assert HEADING in odt_headings(tmp_path / name, 2)
        assert line in odt_text(OpenDocument(str(tmp_path / name)))

"""The response form of a consultation (outputs/response_form.py), opened as a
respondent's word processor would: the OpenDocument text with odfdo, the Word
file with python-docx. Made in process from the real consultation data; the
published site's copy (the `published` fixture) is checked for its links."""

from __future__ import annotations

import datetime
import re

import pytest
from docx import Document as WordDocument
from odfdo import Document as OdfDocument

from code_of_practice.model.consultations import SECTORS, Consultation
from code_of_practice.model.contact import comments_address
from code_of_practice.model.downloads import form_downloads
from code_of_practice.model.project import load_project
from code_of_practice.model.questions import questions_for
from code_of_practice.model.yaml_lines import DataError
from code_of_practice.outputs.response_form import (CONSENT, response_form, write_form_docx,
                                                    write_form_odt)
from code_of_practice.testing import ROOT

PROJECT = load_project(ROOT)
CURRENT = [c for c in PROJECT.history.consultations if c.state() in ("planned", "open")]
BASE = "https://living-code-of-practice.org.uk/code/"
ADDRESS = "comments@living-code-of-practice.org.uk"  # a test address, never published


def odt_text(path) -> list[str]:
    document = OdfDocument(str(path))
    return [p.text_recursive for p in document.body.get_elements(
        "descendant::text:p|descendant::text:h")]


def docx_text(path) -> list[str]:
    document = WordDocument(str(path))
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        out += [cell.text for row in table.rows for cell in row.cells]
    return out


def _check(lines: list[str], item, email: str) -> None:
    text = "\n".join(lines)
    assert item.id in text and item.title in text
    for q in questions_for(item, PROJECT.code):
        label = next(line for line in lines if line.startswith(f"Question {q.number}. "))
        for clause_id in q.clauses:
            assert re.search(rf"\b{re.escape(clause_id)}\b", label), (q.id, label)
        assert q.text in lines
    assert text.count("Your answer:") == len(questions_for(item, PROJECT.code)) + 1
    for sector in SECTORS:
        assert (sector if sector != "not given" else "prefer not to say") in text.lower()
    assert CONSENT in lines
    if email:
        assert f"email it to {email}" in text
    else:
        assert "@" not in text and "email it" not in text
        assert "no email address for comments at present" in text


@pytest.mark.skipif(not CURRENT, reason="no consultation is waiting for responses")
@pytest.mark.parametrize("email", ["", ADDRESS], ids=["no address", "an address"])
def test_the_forms_open_and_hold_every_question_sector_consent_and_where_to_send(tmp_path,
                                                                                 email):
    for item in CURRENT:
        form = response_form(PROJECT, item, BASE, email)
        odt, docx = tmp_path / f"{item.id}.odt", tmp_path / f"{item.id}.docx"
        write_form_odt(odt, form)
        write_form_docx(docx, form)
        _check(odt_text(odt), item, email)
        _check(docx_text(docx), item, email)
        assert OdfDocument(str(odt)).meta.get_title() == form.title
        word = WordDocument(str(docx))
        assert word.core_properties.title.startswith(form.title)
        assert word.paragraphs[0].style.name == "Heading 1"


@pytest.mark.parametrize("address", ["comments@example.org", "someone@test", "not-an-address"])
def test_the_build_refuses_a_placeholder_or_malformed_address(address):
    with pytest.raises(DataError):
        comments_address(address)


def test_a_form_while_planned_or_open_and_none_once_closed_or_reported_on():
    def item(cid, reported=""):
        return Consultation(id=cid, title="T", version="1.0", clauses=(), summary="",
                            opens="2030-01-01", closes="2030-02-01", how_to_respond="x",
                            reported=reported, response="done" if reported else "")

    items = [item("CONS-2030-01"), item("CONS-2030-02", reported="2030-03-01")]
    on = {day: {d.consultation for d in form_downloads(items, datetime.date.fromisoformat(day))}
          for day in ("2029-12-31", "2030-02-01", "2030-02-02")}
    assert on == {"2029-12-31": {"CONS-2030-01"}, "2030-02-01": {"CONS-2030-01"},
                  "2030-02-02": set()}


@pytest.mark.browser
@pytest.mark.skipif(not CURRENT, reason="no consultation is waiting for responses")
def test_the_published_consultations_page_offers_the_forms_that_open(published):
    page = (published["site"] / "changes" / "consultations" / "index.html").read_text("utf-8")
    for d in form_downloads(CURRENT):
        path = published["site"] / "downloads" / d.name
        assert path.is_file(), d.name
        assert f'href="../../downloads/{d.name}" download' in page
        assert re.search(rf'data-download="{re.escape(d.name)}">\({d.format.kind}, \d', page)
        lines = odt_text(path) if d.format.ext == "odt" else docx_text(path)
        assert any(d.consultation in line for line in lines)

"""A consultation's questions (data/consultations.yml, `questions:`), the
proposed numbers collected into them, and the rule that a consultation is not
reported on while one of its comments has no response. In process, on small
copies of the project: no site builds."""

from __future__ import annotations

import datetime
import re
from types import SimpleNamespace

import pytest

from code_of_practice.model.consultations import Consultation
from code_of_practice.model.project import load_project
from code_of_practice.model.questions import proposed_numbers, questions_for
from code_of_practice.model.yaml_lines import DataError
from code_of_practice.render.consultations import consultations_page
from code_of_practice.testing import copy_project

PARTS = ("mkdocs.yml", "docs", "data", "releases")


@pytest.fixture
def copy(tmp_path, root):
    return copy_project(root, tmp_path / "project", PARTS)


def _consultation(**fields) -> Consultation:
    base = dict(id="CONS-2030-01", title="A test consultation", version="", clauses=(),
                summary="", opens="2030-01-01", closes="2030-03-01", how_to_respond="On GitHub.",
                reported="", response="")
    return Consultation(**{**base, **fields})


def _append_questions(project, text: str) -> None:
    path = project / "data" / "consultations.yml"
    body = path.read_text(encoding="utf-8")
    body = re.sub(r"\n  questions:\n(?:    .*\n|\s*\n)*", "\n", body + "\n")
    path.write_text(body.rstrip("\n") + "\n" + text, encoding="utf-8")


def test_the_real_consultation_questions_load_and_are_numbered(root):
    project = load_project(root)
    for item in project.history.consultations:
        asked = questions_for(item, project.code)
        assert [q.number for q in asked] == list(range(1, len(asked) + 1))
        for q in asked:
            assert q.text.strip()
            assert all(c in project.code.by_id for c in q.clauses)


def test_every_proposed_number_of_the_draft_is_asked_about(root):
    project = load_project(root)
    for item in project.history.consultations:
        if item.clauses and not item.version:
            continue
        asked = {(c, n) for q in questions_for(item, project.code) for c in q.clauses
                 for n in q.numbers}
        for clause in project.code.active_clauses:
            for text in proposed_numbers(clause):
                assert (clause.id, text) in asked, f"{clause.id} {text!r} is not asked about"


def test_proposed_numbers_become_one_neutral_question_per_clause():
    def clause(cid, numbers):
        return SimpleNamespace(id=cid, numbers=tuple(
            SimpleNamespace(text=t, basis=b, source="") for t, b in numbers))

    code = SimpleNamespace(active_clauses=(
        clause("5.5", [("30 days", "law"), ("10 working days", "proposed")]),
        clause("8.9", [("one working day", "proposed"), ("monthly", "proposed")]),
        clause("2.1", []),
    ))
    own = SimpleNamespace(id="Q1", text="Is clause 2.1 clear?", clauses=("2.1",))
    item = _consultation(version="1.0", questions=(own,))
    asked = questions_for(item, code)
    assert [(q.number, q.id, q.clauses) for q in asked] == [
        (1, "Q1", ("2.1",)), (2, "N-5.5", ("5.5",)), (3, "N-8.9", ("8.9",))]
    assert asked[1].numbers == ("10 working days",)  # a number the law sets is not asked
    assert asked[1].text == ("Clause 5.5 proposes “10 working days”. Is this number right? "
                             "If not, what would you propose, and on what basis?")
    assert asked[2].numbers == ("one working day", "monthly")
    # A consultation on some clauses asks only about theirs.
    narrow = questions_for(_consultation(clauses=("8.9",)), code)
    assert [q.id for q in narrow] == ["N-8.9"]


def test_the_consultation_page_lists_the_questions_with_their_clauses(root):
    project = load_project(root)
    item = next(c for c in project.history.consultations if c.questions)
    page = consultations_page(project.code, project.history)
    for q in questions_for(item, project.code):
        assert f"<strong>Question {q.number}</strong>" in page
        for clause_id in q.clauses:
            assert f">{clause_id}</a>" in page


@pytest.mark.parametrize("question, message", [
    ('    - id: Q1\n      text: >-\n        Is it clear?\n      clauses: ["99.9"]\n',
     "question Q1, clause 99.9: the question record names an unknown clause"),
    ('    - id: 1\n      text: >-\n        Is it clear?\n',
     "question 1: the ID must look like Q1"),
    ('    - id: Q1\n      text: >-\n        Is it clear?\n    - id: Q1\n      text: >-\n'
     '        Again?\n', "question Q1: the ID Q1 is used twice"),
    ('    - id: Q1\n      clauses: []\n', "question Q1: missing text"),
    ('    - id: Q1\n      text: >-\n        Clear?\n      asks: everyone\n',
     "question Q1: unknown field(s) asks"),
])
def test_a_bad_question_is_refused_with_file_and_line(copy, question, message):
    _append_questions(copy, "  questions:\n" + question)
    with pytest.raises(DataError) as caught:
        load_project(copy)
    text = str(caught.value)
    assert message in text
    assert re.search(r"data/consultations\.yml, line \d+, consultation CONS-\d{4}-\d{2}, "
                     r"question", text)


def test_a_consultation_is_not_reported_while_a_comment_has_no_response(copy):
    project = load_project(copy)
    item = project.history.consultations[0]
    today = datetime.date.today()
    opens = min(item.opens, (today - datetime.timedelta(days=3)).isoformat())
    path = copy / "data" / "consultations.yml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"opens: \S+", f"opens: {opens}", text, count=1)
    text = re.sub(r"closes: \S+", f"closes: {(today - datetime.timedelta(days=1)).isoformat()}",
                  text, count=1)
    text += (f"  reported: {today.isoformat()}\n  response: >-\n    We answered every "
             "comment.\n")
    path.write_text(text, encoding="utf-8")
    with open(copy / "data" / "comments.yml", "a", encoding="utf-8") as comments:
        comments.write(f"\n- id: C-{today.year}-99\n  consultation: {item.id}\n"
                       f"  received: {opens}\n  sector: other\n  issue: 7\n  clauses: []\n"
                       "  summary: >-\n    A comment.\n")
    with pytest.raises(DataError) as caught:
        load_project(copy)
    assert (f"consultation {item.id}: reported on {today.isoformat()}, but C-{today.year}-99 "
            "in data/comments.yml has no response yet") in str(caught.value)


def test_a_response_needs_its_outcome(copy):
    today = datetime.date.today().isoformat()
    with open(copy / "data" / "comments.yml", "a", encoding="utf-8") as comments:
        comments.write(f"\n- id: C-2026-98\n  received: {today}\n  sector: other\n  issue: 7\n"
                       "  summary: >-\n    A comment.\n  response: >-\n    Our answer.\n")
    with pytest.raises(DataError) as caught:
        load_project(copy)
    assert "comment C-2026-98: give both response (our answer) and outcome" in str(caught.value)

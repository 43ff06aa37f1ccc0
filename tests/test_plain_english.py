"""Plain English and one audience per question, read from the real code.

- Every sentence of a clause's text, checklist question, evidence and
  ask_prime has 25 words or fewer (GOV.UK's guidance on sentence length).
- Every active clause applies to exactly one audience, and its question asks
  that audience about its own practice: it addresses the reader as "you" and
  its subject is "you" or something of "yours", never another audience.
- Every checklist's items are about its own audience: the subject of each
  question is read against the checklist's `answered_by` and `about`.
- Principle statements are in the active voice.
"""

from __future__ import annotations

import re

import pytest
from code_of_practice.model.checklists import ASK_PRIME, all_checklists
from code_of_practice.model.code import load_code
# The rules are the model's: the build checks them on every page (file, line,
# clause and the fix); these tests read the real code with the same functions.
from code_of_practice.model.policy import (SENTENCE_LIMIT as LIMIT, sentences, subject_problem,
                                           words)
from code_of_practice.testing import build_refusal

# The fields of a clause whose sentences are counted.
COUNTED = ("text", "question", "evidence", "ask_prime")


@pytest.fixture(scope="module")
def code(root):
    return load_code(root)


def long_sentences(clause) -> list[str]:
    out = []
    for key in COUNTED:
        value = getattr(clause, key)
        for part in ([value] if isinstance(value, str) else list(value)):
            for sentence in sentences(part):
                if words(sentence) > LIMIT:
                    out.append(f"{clause.id} {key}: {words(sentence)} words: {sentence}")
    return out


# -- the rules, on the real code ---------------------------------------------------------

def test_no_clause_sentence_is_over_25_words(code):
    found = [line for clause in code.active_clauses for line in long_sentences(clause)]
    assert found == []


def test_every_active_clause_has_one_audience(code):
    assert [(c.id, c.audiences) for c in code.active_clauses if len(c.audiences) != 1] == []


def test_every_question_asks_its_own_audience_about_itself(code):
    found = []
    for clause in code.active_clauses:
        audience = clause.audiences[0]
        problem = subject_problem(clause.question, audience, audience)
        if problem:
            found.append(f"{clause.id} ({audience}): {clause.question} – {problem}")
    assert found == []


def test_every_checklist_is_about_its_own_audience(code):
    checked = 0
    found = []
    for checklist in all_checklists(code):
        if not checklist.answered_by:
            continue  # the complete checklist holds every audience's items
        for clause in checklist.items(code):
            question = checklist.question(clause)
            problem = subject_problem(question, checklist.answered_by, checklist.about)
            if problem:
                found.append(f"{checklist.title}, {clause.id}: {question} – {problem}")
            checked += 1
    assert found == []
    assert checked > len(code.active_clauses)  # the audience lists and the prime questions


def test_the_partners_checklist_is_about_partners_and_asking_the_prime_is_separate(code):
    lists = {c.key: c for c in all_checklists(code)}
    partners, ask = lists["partner"], lists[ASK_PRIME]
    assert partners.about == "partner" and ask.about == "prime"
    assert ask.answered_by == "partner" and ask.page != partners.page
    assert all(c.audiences == ("partner",) for c in partners.items(code))
    assert [c.id for c in ask.items(code)] == [
        c.id for c in code.active_clauses if "prime" in c.audiences and c.ask_prime]
    assert all(ask.question(c) == c.ask_prime != c.question for c in ask.items(code))


def test_principle_statements_are_in_the_active_voice(code):
    passive = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?"
                         r"(?:\w+ed|given|made|paid|held|shown|known|done|taken|kept|set)\b",
                         re.I)
    found = [f"{p.number}: {s}" for p in code.principles for s in sentences(p.statement)
             if passive.search(s)]
    assert found == []


# -- the checks can fail ---------------------------------------------------------------

def test_a_long_sentence_is_counted():
    long = "As the prime contractor, " + " ".join(["you must pay"] * 8) + "."
    assert words(long) == 28
    assert sentences("You must pay (see 5.5). Then 7.6 applies.") == [
        "You must pay (see 5.5).", "Then 7.6 applies."]


@pytest.mark.parametrize("question, reader, about, problem", [
    ("Does the commissioner pay within 30 days?", "prime", "prime",
     "its subject (the commissioner pay within 30…) is not the reader, 'you' or 'your …'"),
    ("Does your prime contractor pay you on time?", "partner", "partner",
     "its subject (your prime contractor pay you…) is another audience"),
    ("Do your commissioners pay on time?", "partner", "prime",
     "its subject (your commissioners pay on time?…) is another audience"),
    ("Do you get paid on time?", "partner", "prime",
     "it does not name the prime it asks about"),
    ("Paying on time?", "prime", "prime",
     "is not a yes/no question that starts with do, does, is, has and so on"),
])
def test_a_question_about_another_audience_is_caught(question, reader, about, problem):
    assert subject_problem(question, reader, about) == problem


@pytest.mark.parametrize("question, reader, about", [
    ("Do you pay each partner within 30 days?", "prime", "prime"),
    ("As a consortium lead, do you report to the members?", "prime", "prime"),
    ("Does each of your sub-contracts set out dispute steps?", "prime", "prime"),
    ("Does your prime contractor pay you within 30 days?", "partner", "prime"),
    ("Does your sub-contract set out dispute steps?", "partner", "prime"),
])
def test_a_question_about_its_own_audience_passes(question, reader, about):
    assert subject_problem(question, reader, about) is None


def test_evidence_shown_to_partners_asking_their_prime_says_you_to_no_one(code):
    """In "Questions to ask your prime", "you" is the partner: the evidence
    listed under each question names the prime contractor instead."""
    ask = next(c for c in all_checklists(code) if c.key == ASK_PRIME)
    found = [f"{c.id}: {e}" for c in ask.items(code) for e in c.evidence
             if re.search(r"\byou(?:rs?)?\b", e, re.I)]
    assert found == []


# -- the build checks the rules, naming the file, the line, the clause and the fix ------

def _edit(project, path, old, new):
    page = project / path
    text = page.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {path}"
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


def _clause_field(project, clause, key):
    """(the page, the text of the clause's `key:` line) in a copy."""
    lines = (project / clause.source).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if f'id: "{clause.id}"' in line)
    line = next(line for line in lines[start + 1:] if line.strip().startswith(f"{key}:"))
    return clause.source, line


def _first_clause(project, want):
    return next(c for c in load_code(project).active_clauses if want(c))


def test_a_long_sentence_stops_the_build_with_file_line_and_clause(project_copy):
    clause = _first_clause(project_copy, lambda c: True)
    page, line = _clause_field(project_copy, clause, "title")
    long = " ".join(["and partners"] * 14)
    text = (project_copy / page).read_text(encoding="utf-8")
    first_words = " ".join(clause.text.split()[:3])
    assert first_words in text, "test set-up: the text's first words are not on one line"
    _edit(project_copy, page, first_words, f"You must talk to {long} today. {first_words}")
    refusal = build_refusal(project_copy)
    assert re.search(rf"{re.escape(page)}, line \d+, clause {re.escape(clause.id)}: a sentence "
                     rf"in its text has \d+ words, more than {LIMIT} \(\"You must talk to and "
                     r"partners and partners …\"\)\. Split it into shorter sentences", refusal), \
        refusal


def test_a_question_about_another_audience_stops_the_build(project_copy):
    clause = _first_clause(project_copy, lambda c: c.audiences == ("prime",)
                           and c.question.startswith("Do you "))
    text = (project_copy / clause.source).read_text(encoding="utf-8")
    start = text.index(f'id: "{clause.id}"')
    at = text.index("Do you ", start)
    (project_copy / clause.source).write_text(
        text[:at] + "Does the commissioner " + text[at + len("Do you "):], encoding="utf-8")
    assert re.search(rf"{re.escape(clause.source)}, line \d+, clause {re.escape(clause.id)}: the "
                     r"question: its subject \(the commissioner .*?\) is not the reader, 'you' or "
                     r"'your …'\. Ask the prime about its own practice", build_refusal(project_copy))


def test_a_passive_principle_statement_stops_the_build(project_copy, code):
    principle = code.principles[0]
    page = f"docs/{principle.page}"
    text = (project_copy / page).read_text(encoding="utf-8")
    at = text.index("statement: >-\n") + len("statement: >-\n")
    (project_copy / page).write_text(text[:at] + "  Partners are paid late.\n" + text[at:],
                                     encoding="utf-8")
    assert re.search(rf"{re.escape(page)}, line \d+: the statement has a sentence in the passive "
                     r"voice", build_refusal(project_copy))


def test_a_misspelt_applies_to_is_one_problem_not_also_an_ask_prime_one(project_copy):
    """The ask_prime may well be right: only the misspelling is reported."""
    clause = _first_clause(project_copy, lambda c: c.ask_prime)
    page, line = _clause_field(project_copy, clause, "applies_to")
    text = (project_copy / page).read_text(encoding="utf-8")
    at = text.index(line, text.index(f'id: "{clause.id}"'))
    for wrong in (line.replace("applies_to:", "applies_too:"),
                  line.replace("[prime]", "prime"), line.replace("[prime]", "[primes]")):
        (project_copy / page).write_text(text[:at] + wrong + text[at + len(line):],
                                         encoding="utf-8")
        refusal = build_refusal(project_copy)
        assert refusal and "ask_prime is only for" not in refusal, refusal
        assert f"clause {clause.id}" in refusal


def test_problems_are_listed_file_by_file_from_the_top_line_down():
    from code_of_practice.model.code import sorted_errors

    errors = ["b.md, line 30, clause 1.2: x", "a.md, line 9: y", "b.md, line 4, clause 1.1: z",
              "b.md: w", "a.md, line 2: v"]
    assert sorted_errors(errors) == ["b.md: w", "b.md, line 4, clause 1.1: z",
                                     "b.md, line 30, clause 1.2: x", "a.md, line 2: v",
                                     "a.md, line 9: y"]

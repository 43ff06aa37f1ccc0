"""Plain English and one audience per question, read from the real code. The
rules live in code_of_practice.model.wording, and the build applies them to
every page it reads (with file and line); these tests read the real code too.

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
from code_of_practice.model.wording import (COUNTED, LIMIT, PASSIVE, sentences, subject_problem,
                                            words)


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
    found = [f"{p.number}: {s}" for p in code.principles for s in sentences(p.statement)
             if PASSIVE.search(s)]
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


# -- the build reports them with file, line and clause ----------------------------------

WORDING_PAGE = """---
principle: 3
title: Capacity
statement: >-
  Capacity is provided by the prime contractor.
clauses:
  - id: "3.1"
    title: Help partners grow
    applies_to: [prime]
    text: >-
      LONG
    question: Does the commissioner help each partner grow?
    evidence:
      - A plan.
---
"""


def test_the_build_reports_each_wording_rule_with_file_and_line(root):
    from code_of_practice.model.code import Frameworks, parse_principle_page

    frameworks = Frameworks.load(root / "data" / "frameworks.yml", root)
    long = "As the prime contractor, " + " ".join(["you must pay"] * 8) + "."
    errors: list[str] = []
    parse_principle_page(WORDING_PAGE.replace("LONG", long), "docs/code/3-capacity.md",
                         frameworks, errors)
    assert errors == [
        "docs/code/3-capacity.md, line 4: statement is in the passive voice (\"Capacity is "
        "provided by the prime contractor.\"). Say who does what: \"you must pay\", not "
        "\"payment must be made\".",
        "docs/code/3-capacity.md, line 10, clause 3.1: text has a sentence of 28 words "
        "(\"As the prime contractor, you must pay you must pay you must …\"); a sentence "
        f"has at most {LIMIT}. Split it in two, or cut words.",
        "docs/code/3-capacity.md, line 12, clause 3.1: question must ask the clause's "
        "audience about its own practice, as 'you' (\"Do you …?\"): its subject (the "
        "commissioner help each partner…) is not the reader, 'you' or 'your …'.",
    ]


# -- what the build says, in the order a contributor fixes it ---------------------------

def test_a_misspelt_applies_to_is_one_problem_not_also_an_ask_prime_one(project_copy):
    """The ask_prime may well be right: only the misspelling is reported."""
    from code_of_practice.testing import build_refusal

    clause = next(c for c in load_code(project_copy).active_clauses if c.ask_prime)
    page = project_copy / clause.source
    text = page.read_text(encoding="utf-8")
    start = text.index(f'id: "{clause.id}"')
    line = next(x for x in text[start:].splitlines() if x.strip().startswith("applies_to:"))
    at = text.index(line, start)
    for wrong in (line.replace("applies_to:", "applies_too:"),
                  line.replace("[prime]", "prime"), line.replace("[prime]", "[primes]")):
        assert wrong != line, "test set-up: the clause's applies_to is not [prime]"
        page.write_text(text[:at] + wrong + text[at + len(line):], encoding="utf-8")
        refusal = build_refusal(project_copy)
        assert refusal and f"clause {clause.id}" in refusal, refusal
        assert "ask_prime is only for" not in refusal, refusal


def test_problems_are_listed_file_by_file_from_the_top_line_down():
    from code_of_practice.model.records import format_errors, sorted_errors

    errors = ["b.md, line 30, clause 1.2: x", "a.md, line 9: y", "b.md, line 4, clause 1.1: z",
              "b.md: w", "a.md, line 2: v"]
    expected = ["b.md: w", "b.md, line 4, clause 1.1: z", "b.md, line 30, clause 1.2: x",
                "a.md, line 2: v", "a.md, line 9: y"]
    assert sorted_errors(errors) == expected
    assert format_errors(errors).splitlines()[1:] == [f"  - {e}" for e in expected]


# -- the background pages ------------------------------------------------------------------

def _prose_sentences(text: str) -> list[str]:
    """Sentences as model.wording splits them, and also after a closing
    quotation mark ('… any sector." The release …')."""
    return [part for s in sentences(text)
            for part in re.split(r"(?<=[.?!][\"”])\s+(?=[A-Z0-9\"(])", s) if part.strip()]


def page_prose_sentences(text: str) -> list[str]:
    """The sentences of a page's own prose: not its front matter, headings,
    Sources list, admonition titles, tables, macro calls or link addresses.
    A list item counts as a sentence of its own."""
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    text = re.split(r"^## Sources\s*$", text, flags=re.M)[0]
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"<https?://[^>]*>", "", text)
    blocks = []
    for block in re.split(r"\n\s*\n|\n(?=\s*(?:[-*]|\d+\.) )", text):
        lines = [line for line in block.splitlines()
                 if line.strip() and not re.match(r"\s*(?:#|\||!!!|\?\?\?|\*\[)", line)]
        if lines:
            blocks.append(" ".join(lines))
    return [s for block in blocks for s in _prose_sentences(block)]


def test_no_background_sentence_is_over_25_words(root):
    long = []
    for page in sorted((root / "docs/background").glob("*.md")):
        for sentence in page_prose_sentences(page.read_text(encoding="utf-8")):
            if words(sentence) > LIMIT:
                long.append(f"{page.relative_to(root)}: {words(sentence)} words: {sentence}")
    assert not long, "Split these sentences (25 words at most):\n" + "\n".join(long)


def test_a_long_background_sentence_is_found():
    page = "# Title\n\n" + " ".join(["word"] * 26) + ".\n\n## Sources\n\n- " + \
        " ".join(["source"] * 40) + ".\n"
    found = page_prose_sentences(page)
    assert [words(s) for s in found] == [26]

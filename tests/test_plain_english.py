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

LIMIT = 25
# The fields of a clause whose sentences are counted.
COUNTED = ("text", "question", "evidence", "ask_prime")
AUXILIARY = r"(?:do|does|did|is|are|was|were|has|have|had|will|would|can|could)"
# How each audience is named when it is not the reader.
NAMES = {
    "prime": r"prime(?: contractors?)?|consortium lead",
    "partner": r"partners?|sub-contractors?|members?",
    "commissioner": r"commissioners?|contracting authorit(?:y|ies)",
}


@pytest.fixture(scope="module")
def code(root):
    return load_code(root)


def sentences(text: str) -> list[str]:
    """Sentences split after . ? or ! before a capital, a digit, a quote or a
    bracket, so that "(see 5.5)" and "7.6." stay whole."""
    text = " ".join(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).split())
    return [s for s in re.split(r"(?:(?<=[.?!])|(?<=[.?!][\"”]))\s+(?=[A-Z0-9\"(])", text) if s.strip()]


def words(sentence: str) -> int:
    return len([w for w in sentence.split() if re.search(r"[A-Za-z0-9]", w)])


def long_sentences(clause) -> list[str]:
    out = []
    for key in COUNTED:
        value = getattr(clause, key)
        for part in ([value] if isinstance(value, str) else list(value)):
            for sentence in sentences(part):
                if words(sentence) > LIMIT:
                    out.append(f"{clause.id} {key}: {words(sentence)} words: {sentence}")
    return out


def subject(question: str) -> str:
    """The subject of a yes/no question: the words after its first auxiliary
    verb ("Do you…", "Does your prime contractor…"), up to five, after any
    opening phrase that ends in a comma ("As a consortium lead, do you…")."""
    question = re.sub(r"^(?:If|When|As|Before|After)\b[^,?]*,\s*", "", question.strip())
    match = re.match(rf"{AUXILIARY}\s+(.*)", question, re.I)
    if not match:
        return ""
    return " ".join(match.group(1).split()[:5])


def subject_problem(question: str, reader: str, about: str) -> str | None:
    """Why the question is not asked of `reader` about `about`'s practice, or None."""
    found = subject(question)
    if not found:
        return "is not a yes/no question that starts with do, does, is, has and so on"
    if not re.match(r"(?:you|your|each of your|all your|every one of your)\b", found, re.I):
        return f"its subject ({found}…) is not the reader, 'you' or 'your …'"
    possessed = re.match(r"(?:each of |all |every one of )?your\s+(.*)", found, re.I)
    if possessed:
        for audience, names in NAMES.items():
            if audience != about and re.match(rf"(?:{names})\b", possessed.group(1), re.I):
                return f"its subject (your {possessed.group(1)}…) is another audience"
    # A question about the prime names it, or the documents it is responsible for.
    if about != reader and not re.search(
            rf"\b(?:{NAMES[about]}|sub-contract|consortium agreement)\b", question, re.I):
        return f"it does not name the {about} it asks about"
    return None


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


# -- the background pages ------------------------------------------------------------------

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
    return [s for block in blocks for s in sentences(block)]


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

"""The wording rules of the code: one home for each, applied where the model
reads the clauses (model/code.py), so the build reports a breach with its
file, line and clause like every other error.

The style guide (CONTRIBUTING.md, "The wording style guide") says why; these
are the rules a program can check:

- every sentence of a clause's text, checklist question, evidence and
  ask_prime has at most 25 words (GOV.UK's guidance on sentence length);
- a checklist question ends with a question mark, and asks its reader about
  their own practice as "you" ("Do you…", never "Does the commissioner…");
- ask_prime, the question a partner asks about its prime, ends with a
  question mark, is only on a prime contractor's clause, and asks the partner
  about its prime contractor;
- a principle's statement is in the active voice.

Each rule returns the problem as a sentence (or None, or a list of them) that
ends with what to write instead; the caller adds the file, the line and the
clause. `MODALS` are the words that make a commitment ("must") or a
recommendation ("should"): the review report counts them.
"""

from __future__ import annotations

import re

LIMIT = 25
# The fields of a clause whose sentences are counted.
COUNTED = ("text", "question", "evidence", "ask_prime")
MODALS = ("must", "should")

AUXILIARY = r"(?:do|does|did|is|are|was|were|has|have|had|will|would|can|could)"
# How each audience is named when it is not the reader.
NAMES = {
    "prime": r"prime(?: contractors?)?|consortium lead",
    "partner": r"partners?|sub-contractors?|members?",
    "commissioner": r"commissioners?|contracting authorit(?:y|ies)",
}
PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?"
                     r"(?:\w+ed|given|made|paid|held|shown|known|done|taken|kept|set)\b", re.I)


# -- sentences -----------------------------------------------------------------------------

def sentences(text: str) -> list[str]:
    """Sentences split after . ? or ! before a capital, a digit, a quote or a
    bracket, so that "(see 5.5)" and "7.6." stay whole. A Markdown link counts
    as its words."""
    text = " ".join(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).split())
    return [s for s in re.split(r"(?<=[.?!])\s+(?=[A-Z0-9\"(])", text) if s.strip()]


def words(sentence: str) -> int:
    return len([w for w in sentence.split() if re.search(r"[A-Za-z0-9]", w)])


def _quoted(sentence: str, limit: int = 60) -> str:
    return f'"{sentence[:limit]}…"' if len(sentence) > limit else f'"{sentence}"'


def long_sentences(text: str) -> list[str]:
    """A problem for each sentence of `text` over LIMIT words."""
    return [f"has a sentence of {words(s)} words ({_quoted(s)}); a sentence has at most "
            f"{LIMIT}. Split it in two, or cut words." for s in sentences(text)
            if words(s) > LIMIT]


def passive_voice(text: str) -> list[str]:
    """A problem for each sentence of `text` in the passive voice."""
    return [f"is in the passive voice ({_quoted(s)}). Say who does what: \"you must pay\", "
            "not \"payment must be made\"." for s in sentences(text) if PASSIVE.search(s)]


# -- questions -----------------------------------------------------------------------------

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


def question_mark(key: str, question: str) -> str | None:
    """A checklist question, and ask_prime, end with a question mark."""
    if not question or question.endswith("?"):
        return None
    if key == "question":
        return "the checklist question must end with a question mark."
    return f"{key} must be a question ending in a question mark."


def ask_prime_audience(ask_prime: str, audiences) -> str | None:
    """ask_prime belongs on a clause that applies to the prime contractor."""
    if not ask_prime or "prime" in audiences:
        return None
    return ("ask_prime is only for clauses that apply to the prime contractor: it is the "
            "question a partner asks about its prime. Delete it, or move it to the prime "
            "contractor's clause.")


def asks_the_reader(key: str, question: str, reader: str, about: str) -> str | None:
    """The checklist question asks its audience about itself; ask_prime asks
    a partner about its prime contractor."""
    problem = subject_problem(question, reader, about)
    if problem is None:
        return None
    whom = ("the clause's audience about its own practice, as 'you' (\"Do you …?\")"
            if key == "question" else
            "a partner about its prime contractor (\"Does your prime contractor …?\")")
    return f"{key} must ask {whom}: {problem}."


# -- a clause and a principle -----------------------------------------------------------------

def clause_problems(values: dict, audiences: tuple[str, ...]) -> list[tuple[str, str]]:
    """(field, problem) for every sentence-length and "you" rule an active
    clause breaks (a withdrawn clause keeps the words it had). `values` holds
    its text fields as read: text, question, evidence, ask_prime."""
    found = []
    for key in COUNTED:
        value = values.get(key) or ()
        for part in ([value] if isinstance(value, str) else value):
            found += [(key, f"{key} {problem}") for problem in long_sentences(part)]
    question, ask_prime = values.get("question", ""), values.get("ask_prime", "")
    # A clause for several audiences has no one reader to address as "you".
    if question and len(audiences) == 1:
        problem = asks_the_reader("question", question, audiences[0], audiences[0])
        if problem:
            found.append(("question", problem))
    if ask_prime and "prime" in audiences:
        problem = asks_the_reader("ask_prime", ask_prime, "partner", "prime")
        if problem:
            found.append(("ask_prime", problem))
    return found


def statement_problems(statement: str) -> list[str]:
    """A principle's statement is in the active voice."""
    return [f"statement {p}" for p in passive_voice(statement)]

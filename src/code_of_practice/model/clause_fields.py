"""The reader of each field of a clause, in the principle pages' front matter.

model/code.py reads a clause by looping over the clause fields of the
registry (model/fields.py CLAUSE_FIELDS) and calling the reader of each
(CLAUSE_READERS): `reader(raw, clause ID, values read so far, frameworks,
err)` returns the field's value, or an empty one after reporting the problem
through `err(line, message, clause_id)`. A field in the registry without a
reader here stops the import.
"""

from __future__ import annotations

from dataclasses import dataclass

from code_of_practice.model.fields import FIELDS, WITHDRAWN_FIELDS
from code_of_practice.model.ids import is_version
from code_of_practice.model.policy import markdown_problems
from code_of_practice.model.numbers import ClauseNumber, parse_law, parse_numbers
from code_of_practice.model.policy import plain_text_problem
from code_of_practice.model.records import (clause_ids_field, describe, field_keys, list_field,
                                            markdown_field, plain_field, squashed)
from code_of_practice.model.wording import ask_prime_audience, question_mark
from code_of_practice.model.yaml_lines import LineMap, line_of


@dataclass(frozen=True)
class Withdrawal:
    version: str
    reason: str
    moved_to: tuple[str, ...] = ()
    line: int = 0  # the line of the clause's `withdrawn:` key


def _read_plain(key: str, required: bool):
    def read(raw, clause_id, values, frameworks, err) -> str:
        if not required and key not in raw:
            return ""
        return plain_field(raw, key, clause_id, err, required=required)
    return read


def _read_text(raw, clause_id, values, frameworks, err) -> str:
    return markdown_field(raw, "text", clause_id, err, required=True)


def _read_question(raw, clause_id, values, frameworks, err) -> str:
    question = plain_field(raw, "question", clause_id, err, required=True)
    problem = question_mark("question", question)
    if problem:
        err(line_of(raw, "question"), problem, clause_id)
    return question


def _read_ask_prime(raw, clause_id, values, frameworks, err) -> str:
    ask_prime = plain_field(raw, "ask_prime", clause_id, err, required=False) \
        if "ask_prime" in raw else ""
    # Whether it belongs to this clause's audience is asked only when applies_to
    # was read as a list of known audiences: if it is missing, misspelt or not a
    # list, that is the one problem to report (the ask_prime may well be right).
    audiences = values["applies_to"]
    read = (isinstance(raw.get("applies_to"), list) and bool(audiences)
            and all(a in frameworks.audiences for a in audiences))
    problem = question_mark("ask_prime", ask_prime) or \
        (ask_prime_audience(ask_prime, audiences) if read else None)
    if problem:
        err(line_of(raw, "ask_prime"), problem, clause_id)
    return ask_prime


def _read_audiences(raw, clause_id, values, frameworks, err) -> tuple[str, ...]:
    audiences = list_field(raw, "applies_to", str, clause_id, err)
    for audience in audiences:
        if audience not in frameworks.audiences:
            err(line_of(raw, "applies_to"), f"unknown audience {audience!r}. Use one or "
                f"more of: {', '.join(frameworks.audiences)}.", clause_id)
    if "applies_to" in raw and not raw.get("applies_to"):
        err(line_of(raw, "applies_to"), f"applies_to is empty. Every clause needs "
            f"{describe('applies_to')}.", clause_id)
    return tuple(audiences)


def _read_evidence(raw, clause_id, values, frameworks, err) -> tuple[str, ...]:
    evidence = []
    for item in list_field(raw, "evidence", str, clause_id, err):
        if not item.strip():
            err(line_of(raw, "evidence"), "evidence has a blank item. Delete the empty "
                "'- ' line or write what good looks like on it.", clause_id)
            continue
        problem = plain_text_problem(item)
        if problem:
            err(line_of(raw, "evidence"), f"an evidence item {problem}", clause_id)
        evidence.append(squashed(item))
    if "evidence" in raw and not raw.get("evidence"):
        err(line_of(raw, "evidence"), f"evidence is empty. Every clause needs "
            f"{describe('evidence')}.", clause_id)
    return tuple(evidence)


FRAMEWORK_NAMES = {"compact": "Compact outcome", "merlin": "Merlin principle",
                   "merlin_2018": "2017–18 Merlin principle"}


def _read_framework(framework: str):
    def read(raw, clause_id, values, frameworks, err) -> tuple:
        kind = int if framework == "compact" else str
        items = list_field(raw, framework, kind, clause_id, err)
        known = frameworks.titles(framework)
        for item in items:
            if item not in known:
                err(line_of(raw, framework), f"unknown {FRAMEWORK_NAMES[framework]} {item!r}. "
                    f"Use one of: {', '.join(str(k) for k in known)}.", clause_id)
        return tuple(items)
    return read


def _read_related(raw, clause_id, values, frameworks, err) -> tuple[str, ...]:
    return tuple(clause_ids_field(raw, "related", clause_id, err))


def _read_numbers(raw, clause_id, values, frameworks, err) -> tuple[ClauseNumber, ...]:
    # A withdrawn clause keeps the words it had; only clauses in force must
    # explain every number they set. A text the Markdown policy refuses is
    # fixed first: its numbers are checked once it is allowed.
    text = values["text"]
    coverage = "withdrawn" not in raw and not markdown_problems(text)
    return parse_numbers(raw, clause_id, text, err, check_coverage=coverage) if text else ()


def _read_law(raw, clause_id, values, frameworks, err) -> str:
    return parse_law(raw, clause_id, err)


def _read_withdrawal(raw, clause_id, values, frameworks, err) -> Withdrawal | None:
    return _parse_withdrawal(raw, clause_id, err) if "withdrawn" in raw else None


CLAUSE_READERS = {
    "title": _read_plain("title", required=True),
    "text": _read_text,
    "applies_to": _read_audiences,
    "question": _read_question,
    "evidence": _read_evidence,
    "ask_prime": _read_ask_prime,
    "compact": _read_framework("compact"),
    "merlin": _read_framework("merlin"),
    "merlin_2018": _read_framework("merlin_2018"),
    "related": _read_related,
    "numbers": _read_numbers,
    "law": _read_law,
    "withdrawn": _read_withdrawal,
}
# A clause field without a reader would never be read: stop at once.
assert set(CLAUSE_READERS) == set(FIELDS) - {"id"}, "model/code.py: a clause field has no reader"


def _parse_withdrawal(clause, clause_id, err) -> Withdrawal | None:
    raw = clause.get("withdrawn")
    if not isinstance(raw, LineMap):
        err(line_of(clause, "withdrawn"), "withdrawn must have the fields 'in', 'reason' "
            "and optionally 'moved_to', each on its own line below it.", clause_id)
        return None
    for spec in WITHDRAWN_FIELDS:
        key = spec.key
        if spec.required and (key not in raw or key == "in" and raw.get(key) in (None, "")):
            err(raw.line, f"withdrawn needs {key!r}: "
                f"{'the version that withdrew it' if key == 'in' else 'why it went'}.", clause_id)
    for key in raw:
        if key not in field_keys(WITHDRAWN_FIELDS):
            err(line_of(raw, key), f"unknown field {key!r} under withdrawn.", clause_id)
    version = raw.get("in")
    if isinstance(version, float):
        err(line_of(raw, "in"), "write the version in quotes, like in: \"1.10\"; without "
            f"them, YAML reads a version as a number ({version!r}), and 1.10 as 1.1.",
            clause_id)
        version = None
    elif version is not None and not is_version(version):
        err(line_of(raw, "in"), f"withdrawn in {version!r} is not a version such as "
            "\"1.1\".", clause_id)
        version = None
    reason = markdown_field(raw, "reason", clause_id, err, required=True)
    moved = clause_ids_field(raw, "moved_to", clause_id, err)
    return Withdrawal(version=version or "", reason=reason, moved_to=tuple(moved),
                      line=line_of(clause, "withdrawn"))

"""Consultations and the comments made to this project, as data.

data/consultations.yml  one record per consultation: what it consults on (a
                        version or a set of clauses), when it opens and
                        closes, how to respond, and once it has been
                        reported on, the date and summary of the response
data/comments.yml       one record per comment (or group of comments) made
                        to this project through one of its real channels:
                        an issue, a pull request or a logged email

A consultation's state is derived from its dates: planned before it opens,
open until the end of its closing day, closed after that, and reported on
once it names the date its response was published. The published site
checks the dates again in the reader's browser (render/consultations.py), so
the state it shows changes on the right day without a new build. A consultation
can list its questions, each about some clauses. A comment never names a
person: only the sector of whoever made it, and the channel it came by. The
change records a comment led to are the ones in data/changes.yml that name
it (see history.py), so the link is written down in one place only.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from code_of_practice.model.ids import is_clause_id
from code_of_practice.model.code import plain_field
from code_of_practice.model.yaml_lines import line_of, load_yaml_file

CONSULTATIONS_FILE = "data/consultations.yml"
COMMENTS_FILE = "data/comments.yml"
STATES = ("planned", "open", "closed", "reported on")
# Who commented, by sector: the only thing a record says about them.
SECTORS = ("voluntary and community sector", "private sector", "public sector",
           "other", "not given")
OUTCOMES = ("accepted", "partly accepted", "not accepted", "noted")
CHANNELS = ("issue", "pull_request", "email")
CHANNEL_LABELS = {"issue": "issue", "pull_request": "pull request", "email": "email"}
CONSULTATION_ID = re.compile(r"^CONS-\d{4}-\d{2}$")
COMMENT_ID = re.compile(r"^C-\d{4}-\d{2,3}$")
# A logged email is named by its reference in the maintainers' log, never by
# its sender or address.
EMAIL_REF = re.compile(r"^E-\d{4}-\d{2,3}$")

QUESTION_ID = re.compile(r"^Q\d{1,3}$")

CONSULTATION_FIELDS = {"id": True, "title": True, "version": False, "clauses": False,
                       "summary": False, "opens": True, "closes": True,
                       "how_to_respond": True, "questions": False, "reported": False,
                       "response": False}
QUESTION_FIELDS = {"id": True, "text": True, "clauses": False}
# A comment is recorded as soon as it arrives; its response and outcome are
# written when it has been answered, and must be before its consultation is
# reported on.
COMMENT_FIELDS = {"id": True, "consultation": False, "received": True, "sector": True,
                  "issue": False, "pull_request": False, "email": False, "clauses": False,
                  "summary": True, "response": False, "outcome": False}


@dataclass(frozen=True)
class Question:
    id: str  # Q1, Q2, ... within its consultation
    text: str
    clauses: tuple[str, ...]
    line: int = 0


@dataclass(frozen=True)
class Consultation:
    id: str
    title: str
    version: str
    clauses: tuple[str, ...]
    summary: str
    opens: str
    closes: str
    how_to_respond: str
    reported: str
    response: str
    line: int = 0
    questions: tuple[Question, ...] = ()

    def state(self, today: datetime.date | None = None) -> str:
        today = (today or datetime.date.today()).isoformat()
        if self.reported:
            return "reported on"
        if today < self.opens:
            return "planned"
        if today <= self.closes:
            return "open"
        return "closed"

    @property
    def subject(self) -> str:
        """What it consults on, in words."""
        parts = []
        if self.version:
            parts.append(f"version {self.version} of the code")
        if self.clauses:
            word = "clause" if len(self.clauses) == 1 else "clauses"
            parts.append(f"{word} {', '.join(self.clauses)}")
        return " and ".join(parts)


@dataclass(frozen=True)
class Comment:
    id: str
    consultation: str
    received: str
    sector: str
    channel: str  # one of CHANNELS
    reference: str  # the issue or pull request number, or the email's log reference
    clauses: tuple[str, ...]
    summary: str
    response: str
    outcome: str
    line: int = 0

    @property
    def answered(self) -> bool:
        return bool(self.response and self.outcome)


def _text(raw, key: str, where: str, errors: list[str]) -> str:
    """A plain-text field under the one policy for contributed text (model/code.py's
    plain_field: text, not a list or a number, no control or direction characters)."""
    if raw.get(key) in (None, ""):
        return ""
    return plain_field(raw, key, None, lambda line, message, clause_id: errors.append(
        f"{where}: {message}"), required=False)


def _date(value, where: str, key: str, errors: list[str]) -> str:
    """An ISO date from YAML (quoted or not); '' and an error when it is not one."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        errors.append(f"{where}: {key} must be a date like 2027-01-31, not {value!r}.")
        return ""


def _records(root: Path, name: str, first_field: str, errors: list[str]) -> list:
    path = Path(root) / name
    if not path.exists():
        return []
    data = load_yaml_file(path, root) or []
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        errors.append(f"{name}: must be a list of records, each starting "
                      f"'- {first_field}:' followed by its fields.")
        return []
    return data


def _check_fields(raw, spec: dict, where: str, kind: str, errors: list[str]) -> None:
    missing = [k for k, required in spec.items() if required and not raw.get(k)]
    unknown = [k for k in raw if k not in spec]
    if missing:
        errors.append(f"{where}: missing {', '.join(missing)}.")
    if unknown:
        errors.append(f"{where}: unknown field(s) {', '.join(unknown)}. {kind} has "
                      f"{', '.join(spec)}.")


def _start(raw, name: str, noun: str, spec: dict, pattern: re.Pattern, example: str,
           found: list, errors: list[str]) -> tuple[str, str]:
    """(ID, where) of one record, after checking its fields and its ID."""
    rid = str(raw.get("id", "?"))
    where = f"{name}, line {line_of(raw)}, {noun} {rid}"
    _check_fields(raw, spec, where, f"A {noun} record", errors)
    if not pattern.match(rid):
        errors.append(f"{where}: the ID must look like {example} (year, then a number).")
    if any(item.id == rid for item in found):
        errors.append(f"{where}: the ID {rid} is used twice.")
    return rid, where


def _clause_list(raw, where: str, known: set[str], errors: list[str]) -> tuple[str, ...]:
    clauses = raw.get("clauses") or []
    if not isinstance(clauses, list):
        errors.append(f"{where}: clauses must be a list of IDs in quotes, like [\"3.2\"].")
        return ()
    for clause_id in clauses:
        if not is_clause_id(clause_id):
            errors.append(f"{where}: clauses has {clause_id!r}, which is not a clause ID in "
                          "quotes such as \"3.2\".")
        elif clause_id not in known:
            errors.append(f"{where}, clause {clause_id}: unknown clause. Check the ID against "
                          "the code pages.")
    return tuple(str(c) for c in clauses)


def _questions(raw, where: str, known: set[str], errors: list[str]) -> tuple[Question, ...]:
    """The questions a consultation asks: `questions:` a list of {id, text, clauses}."""
    items = raw.get("questions")
    if items in (None, []):
        return ()
    if not isinstance(items, list) or not all(isinstance(q, dict) for q in items):
        errors.append(f"{where}: questions must be a list, each item starting '- id: Q1' "
                      "with its text and the clauses it is about.")
        return ()
    found: list[Question] = []
    for item in items:
        qid = str(item.get("id", "?"))
        at = (f"{CONSULTATIONS_FILE}, line {line_of(item)}, consultation {raw.get('id')}, "
              f"question {qid}")
        _check_fields(item, QUESTION_FIELDS, at, "A question", errors)
        if not QUESTION_ID.match(qid):
            errors.append(f"{at}: the ID must look like Q1 (Q, then a number).")
        elif any(q.id == qid for q in found):
            errors.append(f"{at}: the ID {qid} is used twice in this consultation.")
        found.append(Question(id=qid, text=_text(item, "text", at, errors),
                              clauses=_clause_list(item, at, known, errors), line=line_of(item)))
    return tuple(found)


def load_consultations(root: Path, known_clauses: set[str], versions: list[str],
                       errors: list[str], today: datetime.date | None = None) -> list[Consultation]:
    today_iso = (today or datetime.date.today()).isoformat()
    found: list[Consultation] = []
    for raw in _records(root, CONSULTATIONS_FILE, "id", errors):
        cid, where = _start(raw, CONSULTATIONS_FILE, "consultation", CONSULTATION_FIELDS,
                            CONSULTATION_ID, "CONS-2027-01", found, errors)
        version = str(raw.get("version") or "")
        if version and version not in versions:
            errors.append(f"{where}: version {version!r} is neither a release nor the working "
                          f"version. Use one of: {', '.join(versions)}.")
        clauses = _clause_list(raw, where, known_clauses, errors)
        if not version and not clauses:
            errors.append(f"{where}: say what it consults on: a version (version: \"1.0\") "
                          "or a list of clauses (clauses: [\"3.2\"]).")
        opens = _date(raw.get("opens"), where, "opens", errors) if raw.get("opens") else ""
        closes = _date(raw.get("closes"), where, "closes", errors) if raw.get("closes") else ""
        if opens and closes and closes < opens:
            errors.append(f"{where}: it closes ({closes}) before it opens ({opens}).")
        reported = _date(raw.get("reported"), where, "reported", errors) if raw.get("reported") else ""
        if reported:
            if closes and reported < closes:
                errors.append(f"{where}: reported on {reported}, before it closes ({closes}). "
                              "A consultation is reported on after it has closed.")
            if reported > today_iso:
                errors.append(f"{where}: reported on {reported}, which is in the future. Add "
                              "the date when the response is published.")
            if not raw.get("response"):
                errors.append(f"{where}: reported on {reported} but has no response: say, in "
                              "a few sentences, what was done as a result.")
        elif raw.get("response"):
            errors.append(f"{where}: has a response but no reported date. Add "
                          "reported: YYYY-MM-DD, the day the response is published.")
        found.append(Consultation(
            id=cid, title=_text(raw, "title", where, errors), version=version, clauses=clauses,
            summary=_text(raw, "summary", where, errors), opens=opens, closes=closes,
            how_to_respond=_text(raw, "how_to_respond", where, errors), reported=reported,
            response=_text(raw, "response", where, errors), line=line_of(raw),
            questions=_questions(raw, where, known_clauses, errors),
        ))
    return found


def load_comments(root: Path, known_clauses: set[str], consultations: list[Consultation],
                  errors: list[str], today: datetime.date | None = None) -> list[Comment]:
    today_iso = (today or datetime.date.today()).isoformat()
    by_id = {c.id: c for c in consultations}
    found: list[Comment] = []
    for raw in _records(root, COMMENTS_FILE, "id", errors):
        rid, where = _start(raw, COMMENTS_FILE, "comment", COMMENT_FIELDS, COMMENT_ID,
                            "C-2027-01", found, errors)
        consultation = str(raw.get("consultation") or "")
        if consultation and consultation not in by_id:
            errors.append(f"{where}: names unknown consultation {consultation!r}. Add it to "
                          f"{CONSULTATIONS_FILE} or correct the ID.")
        received = _date(raw.get("received"), where, "received", errors) if raw.get("received") else ""
        if received and received > today_iso:
            errors.append(f"{where}: received {received}, which is in the future.")
        if received and consultation in by_id and received < by_id[consultation].opens:
            errors.append(f"{where}: received {received}, before {consultation} opened "
                          f"({by_id[consultation].opens}).")
        sector = str(raw.get("sector") or "")
        if sector and sector not in SECTORS:
            errors.append(f"{where}: unknown sector {sector!r}. Use one of: "
                          f"{', '.join(SECTORS)}. Never a person's or an organisation's name.")
        given = [c for c in CHANNELS if raw.get(c) not in (None, "")]
        reference = ""
        if len(given) != 1:
            errors.append(f"{where}: say which of this project's channels it came by, with "
                          "exactly one of: issue (its number), pull_request (its number) or "
                          "email (its reference in the email log, like E-2027-01).")
        else:
            channel = given[0]
            value = raw[channel]
            if channel in ("issue", "pull_request"):
                if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                    errors.append(f"{where}: {channel} must be this project's "
                                  f"{CHANNEL_LABELS[channel]} number, like 12.")
            elif not EMAIL_REF.match(str(value)):
                errors.append(f"{where}: email must be the reference of the logged email, "
                              "like E-2027-01, never an address or a name.")
            reference = str(value)
        outcome = str(raw.get("outcome") or "")
        if outcome and outcome not in OUTCOMES:
            errors.append(f"{where}: unknown outcome {outcome!r}. Use one of: "
                          f"{', '.join(OUTCOMES)}.")
        found.append(Comment(
            id=rid, consultation=consultation, received=received, sector=sector,
            channel=given[0] if len(given) == 1 else "", reference=reference,
            clauses=_clause_list(raw, where, known_clauses, errors),
            summary=_text(raw, "summary", where, errors), response=_text(raw, "response", where, errors),
            outcome=outcome, line=line_of(raw),
        ))
        if bool(raw.get("response")) != bool(raw.get("outcome")):
            errors.append(f"{where}: give both response (our answer) and outcome "
                          f"({', '.join(OUTCOMES)}) once it is answered, or neither while "
                          "it awaits an answer.")
    for item in consultations:
        waiting = [c.id for c in found if c.consultation == item.id and not c.answered]
        if item.reported and waiting:
            errors.append(f"{CONSULTATIONS_FILE}, line {item.line}, consultation {item.id}: "
                          f"reported on {item.reported}, but {', '.join(waiting)} in "
                          f"{COMMENTS_FILE} {'has' if len(waiting) == 1 else 'have'} no "
                          "response yet. Answer every comment (response and outcome) "
                          "before writing reported.")
    return found

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
can list its questions, each about some clauses. A comment is recorded when it
arrives and answered later; a consultation is not reported on while one of its
comments has no response. A comment never names a
person: only the sector of whoever made it, and the channel it came by. The
change records a comment led to are the ones in data/changes.yml that name
it (see history.py), so the link is written down in one place only.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from code_of_practice.model.fields import (COMMENTS_FILE, CONSULTATIONS_FILE, DATA_FILES,
                                           OUTCOMES, QUESTION_FIELDS, SECTORS, RecordFile)
from code_of_practice.model.records import (check_fields, date_value, read_records,
                                            record_clauses, record_text)
from code_of_practice.model.yaml_lines import line_of

CHANNELS = ("issue", "pull_request", "email")
CHANNEL_LABELS = {"issue": "issue", "pull_request": "pull request", "email": "email"}
CONSULTATION_ID = re.compile(r"^CONS-\d{4}-\d{2}$")
COMMENT_ID = re.compile(r"^C-\d{4}-\d{2,3}$")
# A logged email is named by its reference in the maintainers' log, never by
# its sender or address.
EMAIL_REF = re.compile(r"^E-\d{4}-\d{2,3}$")
QUESTION_ID = re.compile(r"^Q\d{1,3}$")
QUESTIONS = RecordFile(CONSULTATIONS_FILE, "question", QUESTION_FIELDS, "id")


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


def _start(raw, data: RecordFile, pattern: re.Pattern, example: str,
           found: list, errors: list[str]) -> tuple[str, str]:
    """(ID, where) of one record, after checking its fields and its ID."""
    rid = str(raw.get("id", "?"))
    where = f"{data.path}, line {line_of(raw)}, {data.noun} {rid}"
    check_fields(raw, data, where, errors)
    if not pattern.match(rid):
        errors.append(f"{where}: the ID must look like {example} (year, then a number).")
    if any(item.id == rid for item in found):
        errors.append(f"{where}: the ID {rid} is used twice.")
    return rid, where


def _questions(raw, known: set[str], errors: list[str]) -> tuple[Question, ...]:
    """The questions a consultation asks: `questions:` a list of {id, text, clauses}."""
    items = raw.get("questions")
    if items in (None, []):
        return ()
    if not isinstance(items, list) or not all(isinstance(q, dict) for q in items):
        errors.append(f"{CONSULTATIONS_FILE}, line {line_of(raw, 'questions')}, consultation "
                      f"{raw.get('id')}: questions must be a list, each item starting "
                      "'- id: Q1' with its text and the clauses it is about.")
        return ()
    found: list[Question] = []
    for item in items:
        qid = str(item.get("id", "?"))
        where = (f"{CONSULTATIONS_FILE}, line {line_of(item)}, consultation {raw.get('id')}, "
                 f"question {qid}")
        check_fields(item, QUESTIONS, where, errors)
        if not QUESTION_ID.match(qid):
            errors.append(f"{where}: the ID must look like Q1 (Q, then a number).")
        elif any(q.id == qid for q in found):
            errors.append(f"{where}: the ID {qid} is used twice in this consultation.")
        found.append(Question(id=qid, text=record_text(item, "text", where, errors),
                              clauses=record_clauses(item, where, "question", known, errors),
                              line=line_of(item)))
    return tuple(found)


def load_consultations(root: Path, known_clauses: set[str], versions: list[str],
                       errors: list[str], today: datetime.date | None = None) -> list[Consultation]:
    today_iso = (today or datetime.date.today()).isoformat()
    found: list[Consultation] = []
    data = DATA_FILES["consultations"]
    for raw in read_records(root, data, errors):
        cid, where = _start(raw, data, CONSULTATION_ID, "CONS-2027-01", found, errors)
        version = str(raw.get("version") or "")
        if version and version not in versions:
            errors.append(f"{where}: version {version!r} is neither a release nor the working "
                          f"version. Use one of: {', '.join(versions)}.")
        clauses = record_clauses(raw, where, data.noun, known_clauses, errors)
        if not version and not clauses:
            errors.append(f"{where}: say what it consults on: a version (version: \"1.0\") "
                          "or a list of clauses (clauses: [\"3.2\"]).")
        opens = date_value(raw, "opens", where, errors)
        closes = date_value(raw, "closes", where, errors)
        if opens and closes and closes < opens:
            errors.append(f"{where}: it closes ({closes}) before it opens ({opens}).")
        reported = date_value(raw, "reported", where, errors)
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
            id=cid, title=record_text(raw, "title", where, errors), version=version, clauses=clauses,
            summary=record_text(raw, "summary", where, errors), opens=opens, closes=closes,
            how_to_respond=record_text(raw, "how_to_respond", where, errors), reported=reported,
            response=record_text(raw, "response", where, errors), line=line_of(raw),
            questions=_questions(raw, known_clauses, errors),
        ))
    return found


def load_comments(root: Path, known_clauses: set[str], consultations: list[Consultation],
                  errors: list[str], today: datetime.date | None = None) -> list[Comment]:
    today_iso = (today or datetime.date.today()).isoformat()
    by_id = {c.id: c for c in consultations}
    found: list[Comment] = []
    data = DATA_FILES["comments"]
    for raw in read_records(root, data, errors):
        rid, where = _start(raw, data, COMMENT_ID, "C-2027-01", found, errors)
        consultation = str(raw.get("consultation") or "")
        if consultation and consultation not in by_id:
            errors.append(f"{where}: names unknown consultation {consultation!r}. Add it to "
                          f"{CONSULTATIONS_FILE} or correct the ID.")
        received = date_value(raw, "received", where, errors)
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
            clauses=record_clauses(raw, where, data.noun, known_clauses, errors),
            summary=record_text(raw, "summary", where, errors), response=record_text(raw, "response", where, errors),
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

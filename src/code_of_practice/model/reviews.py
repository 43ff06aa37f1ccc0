"""Editorial reviews of the code, and what was done about each finding, as data.

data/reviews.yml  one record per review: its ID, title, date, the version it
                  reviewed, a summary, and its findings. Each finding says
                  what the review found, in this project's words, and its
                  outcome: "fixed" (changed, and how) or "answered" (not
                  changed, and why not).

Several people add findings to the same review, so a review's findings may
come in more than one list: a later record with the same review ID and only
`findings:` adds its findings to the review. Finding IDs are unique within
a review wherever they are written.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from code_of_practice.model.errata import _check_fields, _date, _records, _text
from code_of_practice.model.records import format_errors
from code_of_practice.model.ids import is_clause_id
from code_of_practice.model.yaml_lines import DataError, line_of

REVIEWS_FILE = "data/reviews.yml"
REVIEW_ID = re.compile(r"^REV-\d{4}-\d{2}$")
FINDING_ID = re.compile(r"^F-\d{2,3}$")
REVIEW_FIELDS = {"id": True, "title": True, "date": True, "version": True, "summary": True,
                 "findings": True}
# A later record that only adds findings to a review named earlier in the file.
MORE_FINDINGS_FIELDS = {"id": True, "findings": True}
FINDING_FIELDS = {"id": True, "topic": True, "found": True, "outcome": True, "response": True,
                  "clauses": False, "pages": False, "changes": False}
TOPICS = ("facts", "omissions", "questions", "audience", "vague words", "checkability",
          "logic", "duplicates", "links", "numbers", "readability", "honesty", "priorities")
OUTCOMES = ("fixed", "answered")
OUTCOME_LABELS = {"fixed": "Fixed", "answered": "Answered, not changed"}


@dataclass(frozen=True)
class Finding:
    id: str
    topic: str
    found: str
    outcome: str
    response: str
    clauses: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()
    changes: bool = False
    line: int = 0


@dataclass(frozen=True)
class Review:
    id: str
    title: str
    date: str
    version: str
    summary: str
    findings: tuple[Finding, ...]
    line: int = 0

    def count(self, outcome: str) -> int:
        return sum(1 for f in self.findings if f.outcome == outcome)


def _finding(raw, where_review: str, root: Path, known: set[str], errors: list[str]) -> Finding:
    fid = str(raw.get("id", "?"))
    where = f"{REVIEWS_FILE}, line {line_of(raw)}, finding {fid}"
    _check_fields(raw, FINDING_FIELDS, where, "A finding", errors)
    if not FINDING_ID.match(fid):
        errors.append(f"{where}: the ID must look like F-01 (F, then a number).")
    topic = str(raw.get("topic") or "")
    if topic and topic not in TOPICS:
        errors.append(f"{where}: unknown topic {topic!r}. Use one of: {', '.join(TOPICS)}.")
    outcome = str(raw.get("outcome") or "")
    if outcome and outcome not in OUTCOMES:
        errors.append(f"{where}: unknown outcome {outcome!r}. Use fixed (what was changed) "
                      "or answered (not changed, and why not).")
    clauses = raw.get("clauses") or []
    if not isinstance(clauses, list):
        errors.append(f"{where}: clauses must be a list of IDs in quotes, like [\"5.7\"].")
        clauses = []
    for clause_id in clauses:
        if not is_clause_id(clause_id):
            errors.append(f"{where}: clauses has {clause_id!r}, which is not a clause ID in "
                          "quotes such as \"5.7\".")
        elif clause_id not in known:
            errors.append(f"{where}, clause {clause_id}: unknown clause. Check the ID.")
    pages = raw.get("pages") or []
    if not isinstance(pages, list):
        errors.append(f"{where}: pages must be a list of page paths under docs/, like "
                      "[background/payment-law.md].")
        pages = []
    for page in pages:
        path = PurePosixPath(str(page))
        if (path.is_absolute() or ".." in path.parts or path.suffix != ".md"
                or not (Path(root) / "docs" / path).is_file()):
            errors.append(f"{where}: pages has {page!r}, which is not a page under docs/. "
                          "Give its path, such as background/payment-law.md.")
    changes = raw.get("changes", False)
    if not isinstance(changes, bool):
        errors.append(f"{where}: changes must be true or false, not {changes!r}.")
        changes = False
    return Finding(id=fid, topic=topic, found=_text(raw, "found", where, errors),
                   outcome=outcome, response=_text(raw, "response", where, errors),
                   clauses=tuple(str(c) for c in clauses), pages=tuple(str(p) for p in pages),
                   changes=changes, line=line_of(raw))


def load_reviews(root: Path, known_clauses: set[str], versions: list[str],
                 today: datetime.date | None = None) -> list[Review]:
    """Read and check data/reviews.yml; raise DataError naming file and line."""
    today_iso = (today or datetime.date.today()).isoformat()
    errors: list[str] = []
    reviews: dict[str, dict] = {}
    for raw in _records(root, REVIEWS_FILE, "id", errors):
        rid = str(raw.get("id", "?"))
        where = f"{REVIEWS_FILE}, line {line_of(raw)}, review {rid}"
        findings_raw = raw.get("findings")
        if not isinstance(findings_raw, list) or not all(isinstance(f, dict)
                                                         for f in findings_raw):
            errors.append(f"{where}: findings must be a list of findings, each starting "
                          "'- id: F-01' followed by its fields.")
            findings_raw = []
        if rid in reviews:  # more findings for a review named earlier in the file
            _check_fields(raw, MORE_FINDINGS_FIELDS, where,
                          "A second record for the same review", errors)
            reviews[rid]["findings"] += findings_raw
            continue
        _check_fields(raw, REVIEW_FIELDS, where, "A review record", errors)
        if not REVIEW_ID.match(rid):
            errors.append(f"{where}: the ID must look like REV-2026-01 (year, then a number).")
        version = str(raw.get("version") or "")
        if version and version not in versions:
            errors.append(f"{where}: version {version!r} is neither a release nor the working "
                          f"version. Use one of: {', '.join(versions)}.")
        date = _date(raw.get("date"), where, "date", errors) if raw.get("date") else ""
        if date and date > today_iso:
            errors.append(f"{where}: dated {date}, which is in the future.")
        reviews[rid] = {"raw": raw, "where": where, "version": version, "date": date,
                        "findings": list(findings_raw)}
    found = []
    for rid, item in reviews.items():
        findings = [_finding(f, item["where"], root, known_clauses, errors)
                    for f in item["findings"]]
        seen: dict[str, int] = {}
        for finding in findings:
            if finding.id in seen:
                errors.append(f"{REVIEWS_FILE}, line {finding.line}, finding {finding.id}: "
                              f"the ID is used twice in {rid} (first on line "
                              f"{seen[finding.id]}). Give each finding its own ID.")
            seen.setdefault(finding.id, finding.line)
        raw = item["raw"]
        found.append(Review(id=rid, title=_text(raw, "title", item["where"], errors),
                            date=item["date"], version=item["version"],
                            summary=_text(raw, "summary", item["where"], errors),
                            findings=tuple(findings), line=line_of(raw)))
    if errors:
        raise DataError(format_errors(errors))
    return found

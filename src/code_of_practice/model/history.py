"""The history of the code: diffs between releases, change records,
consultations and the comments register, validated against the clauses.

data/changes.yml        one record per change (or group of clauses changed for
                        one reason) in a release or in the working version
data/consultations.yml  consultations, and data/comments.yml the comments made
                        to this project (see consultations.py)
releases/X.Y.json       frozen snapshots (see releases.py)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from code_of_practice.model.code import Code
from code_of_practice.model.consultations import (Comment, Consultation, load_comments,
                                                  load_consultations)
from code_of_practice.model.code_data import code_content
from code_of_practice.model.diff import ClauseChange, check_ids_kept, diff_contents
from code_of_practice.model.fields import (CHANGE_TYPES, COMMENTS_FILE, DATA_FILES, EXPLAINED_BY,
                                           FIELD_LABELS, NEW_CLAUSE_TYPES)
from code_of_practice.model.ids import dotted_key
from code_of_practice.model.releases import Release
from code_of_practice.model.records import (check_fields, format_errors, markdown_field,
                                            plain_field, read_records, record_clauses, reporter,
                                            version_value)
from code_of_practice.model.yaml_lines import DataError, line_of


@dataclass(frozen=True)
class ChangeRecord:
    version: str
    clauses: tuple[str, ...]
    type: str
    reason: str
    consultation: tuple[str, ...] = ()
    pull_request: int | None = None
    source: str = ""
    line: int = 0


@dataclass(frozen=True)
class VersionEntry:
    """One version on the changelog: a release, or the working version."""

    version: str
    date: str | None
    status: str
    summary: str
    released: bool
    changes: tuple[ClauseChange, ...]
    records: tuple[ChangeRecord, ...]

    def records_for(self, clause_id: str) -> list[ChangeRecord]:
        return [r for r in self.records if clause_id in r.clauses]


@dataclass
class History:
    releases: list[Release]
    versions: list[VersionEntry]  # oldest first, working version last if unreleased
    register: list[Comment]  # the comments made to this project
    records: list[ChangeRecord]
    by_clause: dict = field(default_factory=dict)  # id -> [(VersionEntry, ClauseChange)]
    working_content: dict | None = None  # the code on main, as release content
    consultations: list[Consultation] = field(default_factory=list)

    def clause_history(self, clause_id: str) -> list[tuple[VersionEntry, ClauseChange]]:
        return self.by_clause.get(clause_id, [])

    def register_record(self, record_id: str) -> Comment:
        for record in self.register:
            if record.id == record_id:
                return record
        raise DataError(f"unknown comment record {record_id!r}.")

    def led_to(self, comment_id: str) -> list[ChangeRecord]:
        """The change records that name a comment: what it led to."""
        return [r for r in self.records if comment_id in r.consultation]

    def comments_on(self, consultation_id: str) -> list[Comment]:
        return [c for c in self.register if c.consultation == consultation_id]


# -----------------------------------------------------------------------------
# Loading and validation
# -----------------------------------------------------------------------------


def _next(root: Path) -> str | None:
    """The version to be worked on next (data/edition.yml), right after a release."""
    from code_of_practice.model.releases import working_version

    try:
        return working_version(root)
    except DataError:
        return None


def _unknown_version(where: str, version: str, versions: list[str], working: str | None) -> str:
    """A record names a version that is neither a release nor the working one.
    A record being written now is for the working version: offer that alone."""
    if working:
        return (f"{where}: version {version!r} is neither a release nor the working version. "
                f"A change made now is recorded for the working version: write version: "
                f"\"{working}\" (next_version in data/edition.yml).")
    return (f"{where}: version {version!r} is neither a release nor the working version. "
            f"Use one of: {', '.join(versions)}.")


def _comment_ids_advice(where: str, record_id: str) -> str:
    """A record's `consultation` holds comment IDs; a consultation's ID there is
    a common slip, so say what the field takes and how the two are linked."""
    if record_id.startswith("CONS-"):
        return (f"{where}: consultation lists the comments that led to this change, by "
                f"their IDs in {COMMENTS_FILE} (such as \"C-2026-01\"), not the ID of a "
                f"consultation ({record_id!r}). Each comment there names its consultation "
                f"(its 'consultation: {record_id}' field), which links the change to the "
                "consultation. Write the comments' IDs; if no recorded comment led to the "
                "change, leave 'consultation' out and give a 'source' instead.")
    return (f"{where}: names unknown comment record {record_id!r}. "
            f"Add it to {COMMENTS_FILE} or correct the ID.")


def load_change_records(root: Path, known_clauses: set[str], versions: list[str],
                        register_ids: set[str], errors: list[str],
                        working: str | None = None) -> list[ChangeRecord]:
    """The change records; `working` is the working version, if there is one."""
    data = DATA_FILES["changes"]
    records = []
    err = reporter(errors, data.path)
    for raw in read_records(root, data, errors):
        line = line_of(raw)
        where = f"{data.path}, line {line}"
        check_fields(raw, data.fields, where, data.what, errors)
        version = version_value(raw, "version", where, errors)
        if version and version not in versions:
            errors.append(_unknown_version(where, version, versions, working))
        if raw.get("type") and raw["type"] not in CHANGE_TYPES:
            errors.append(f"{where}: unknown change type {raw['type']!r}. Use one of: "
                          f"{', '.join(CHANGE_TYPES)}.")
        clauses = record_clauses(raw, where, data.noun, known_clauses, errors)
        consultation = raw.get("consultation") or []
        if not isinstance(consultation, list):
            errors.append(f"{where}: consultation must be a list of record IDs, like "
                          f"[\"C-2012-01\"], not {consultation!r}.")
            consultation = []
        consultation = [str(c) for c in consultation]
        for record_id in consultation:
            if record_id not in register_ids:
                errors.append(_comment_ids_advice(where, record_id))
        pull_request = raw.get("pull_request")
        if pull_request is not None and (not isinstance(pull_request, int)
                                         or isinstance(pull_request, bool) or pull_request < 1):
            errors.append(f"{where}: pull_request must be the pull request's number, such "
                          f"as 42 (without '#' or quotes), not {pull_request!r}.")
            pull_request = None
        if raw.get("type") and not (consultation or pull_request or raw.get("source")):
            errors.append(f"{where}: say what drove the change: comment record(s), a "
                          "pull_request number, or a public source.")
        reason = markdown_field(raw, "reason", None, err, required=False) if "reason" in raw else ""
        source = plain_field(raw, "source", None, err, required=False) if "source" in raw else ""
        records.append(ChangeRecord(
            version=version, clauses=tuple(clauses),
            type=str(raw.get("type", "")), reason=" ".join(reason.split()),
            consultation=tuple(consultation), pull_request=pull_request,
            source=source, line=line,
        ))
    return records


def _locate(code: Code):
    """Where a clause is, or would be, in the principle pages: see check_ids_kept."""
    def locate(clause_id: str, principle: int) -> str:
        if clause_id in code.by_id:
            clause = code.by_id[clause_id]
            return f"{clause.source}, line {clause.line}"
        number = dotted_key(clause_id)[1]
        for page in code.principles:
            if page.number == principle:
                before = [c for c in page.clauses if c.number < number]
                source = f"docs/{page.page}"
                if before:
                    return f"{source}, line {before[-1].line} (it went after clause {before[-1].id})"
                if page.clauses:
                    return f"{source}, line {page.clauses[0].line} (it went before clause {page.clauses[0].id})"
                return source
        return f"docs/code/ (principle {principle})"
    return locate


def build_history(root: Path, code: Code, releases: list[Release], edition: dict) -> History:
    """Diff every release against the one before, and main against the latest."""
    errors: list[str] = []
    current = code_content(code)
    contents = [(r.version, r.content, r.source) for r in releases]
    working = not edition["released"]
    if working:
        contents.append((edition["version"], current, "docs/code/"))
    # Every ID ever used: records may name clauses that only exist in a snapshot.
    known = {c["id"] for _, content, _ in contents for c in content["clauses"]}
    for (_, old, _), (_, new, name) in zip(contents, contents[1:]):
        errors += check_ids_kept(old, new, name, _locate(code) if new is current else None)

    version_names = [v for v, _, _ in contents]
    consultations = load_consultations(root, known, version_names, errors)
    register = load_comments(root, known, consultations, errors)
    records = load_change_records(root, known, version_names, {r.id for r in register}, errors,
                                  working=edition["version"] if working else _next(root))
    check_withdrawals(code, releases, edition, version_names, errors)
    if errors:
        raise DataError(format_errors(errors))

    versions = []
    previous = None
    for index, (version, content, _) in enumerate(contents):
        is_working = working and index == len(contents) - 1
        release = None if is_working else releases[index]
        versions.append(VersionEntry(
            version=version,
            date=None if is_working else release.date,
            status="working draft" if is_working else release.status,
            summary=("Changes made since the latest release. They take effect when "
                     "the next version is released.") if is_working else release.summary,
            released=not is_working,
            changes=tuple(diff_contents(previous, content)),
            records=tuple(r for r in records if r.version == version),
        ))
        previous = content
    history = History(releases=releases, versions=versions, register=register, records=records,
                      working_content=current, consultations=consultations)
    for entry in versions:
        for change in entry.changes:
            history.by_clause.setdefault(change.id, []).append((entry, change))
    missing = unrecorded_changes(history)
    if missing:
        raise DataError(format_errors([m.message(code) for m in missing]))
    return history


def check_withdrawals(code: Code, releases: list[Release], edition: dict, versions: list[str],
                      errors: list[str]) -> None:
    """`withdrawn: in:` names the version that withdrew the clause: a version
    that exists, and precisely the first release whose snapshot has the clause
    withdrawn, or else the version being worked on."""
    for clause in code.clauses:
        if not (clause.withdrawn and clause.withdrawn.version):
            continue
        where = f"{clause.source}, line {clause.withdrawn.line}, clause {clause.id}"
        if clause.withdrawn.version not in versions:
            errors.append(f"{where}: withdrawn in {clause.withdrawn.version!r}, a version that "
                          f"does not exist. Use one of: {', '.join(versions)}.")
            continue
        first = next((r.version for r in releases
                      if "withdrawn" in r.clauses.get(clause.id, {})), None)
        expected = first or edition["version"]
        if clause.withdrawn.version == expected:
            continue
        why = (f"it was withdrawn in release {first}" if first else
               f"it is withdrawn in the version being worked on, {expected} "
               "(next_version in data/edition.yml)")
        errors.append(f"{where}: withdrawn in {clause.withdrawn.version!r}, but {why}. "
                      f'Write in: "{expected}".')


@dataclass(frozen=True)
class MissingRecord:
    """A change in the working version that no change record of a fitting type explains."""

    change: ClauseChange
    version: str
    since: str
    needs: tuple[tuple[str, tuple[str, ...]], ...]  # (what changed, record types that explain it)
    records: tuple[ChangeRecord, ...]  # the records the clause has, of other types

    def message(self, code: Code) -> str:
        clause = code.by_id.get(self.change.id)
        where = (f"{clause.source}, line {clause.line}, clause {self.change.id}" if clause
                 else f"clause {self.change.id}")
        parts = []
        for what, types in self.needs:
            parts.append(f"{what} since release {self.since} and needs a record of "
                         f"type {' or '.join(types)}")
        have = ""
        if self.records:
            have = (" Its record(s) in data/changes.yml (" + ", ".join(
                f"line {r.line}: {r.type}" for r in self.records) + ") do not cover that.")
        return (f"{where}: {'; '.join(parts)}.{have} Add to data/changes.yml a record with "
                f"version: \"{self.version}\", clauses: [\"{self.change.id}\"], "
                f"type: {self.needs[0][1][0]}, a reason, and what drove it.")


def record_types_needed(change: ClauseChange) -> list[tuple[str, tuple[str, ...]]]:
    """(what changed, the record types that explain it) for one clause change,
    such as ('its "Text" changed', ("reworded", ...))."""
    if change.kind == "added":
        return [("the clause is new", NEW_CLAUSE_TYPES)]
    return [(f'its "{FIELD_LABELS[f]}" changed' if f != "withdrawn" else
             "it was withdrawn", EXPLAINED_BY[f]) for f in change.fields if f in EXPLAINED_BY]


def unrecorded_changes(history: History) -> list[MissingRecord]:
    """Changes in the working version that no change record of a fitting type
    explains. The first release needs none: everything in it is new."""
    if len(history.versions) < 2 or history.versions[-1].released:
        return []
    entry, since = history.versions[-1], history.versions[-2].version
    missing = []
    for change in entry.changes:
        records = entry.records_for(change.id)
        types = {r.type for r in records}
        needs = tuple((what, allowed) for what, allowed in record_types_needed(change)
                      if not types & set(allowed))
        if needs:
            missing.append(MissingRecord(change, entry.version, since, needs, tuple(records)))
    return missing


def question_since(history: History, clause_id: str) -> str | None:
    """The version in which a clause's checklist question took its present
    wording (added, or its question changed); None if no version has it.
    Checklist pages carry it so that answers saved against an older version
    can be carried over for the questions that have not changed since."""
    since = None
    for entry, change in history.clause_history(clause_id):
        if change.kind == "added" or "question" in change.fields:
            since = entry.version
    return since

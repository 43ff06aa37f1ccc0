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

from code_of_practice.model.code import Code, format_errors
from code_of_practice.model.consultations import (COMMENTS_FILE, Comment, Consultation,
                                                  load_comments, load_consultations)
from code_of_practice.model.content import code_content
from code_of_practice.model.diff import ClauseChange, check_ids_kept, diff_contents
from code_of_practice.model.fields import EXPLAINED_BY, FIELD_LABELS, NEW_CLAUSE_TYPES
from code_of_practice.model.ids import dotted_key
from code_of_practice.model.releases import Release
from code_of_practice.model.yaml_lines import DataError, line_of, load_yaml_file

CHANGE_TYPES = ("added", "reworded", "relinked", "moved", "split", "merged", "withdrawn")
CHANGE_FIELDS = {"version": True, "clauses": True, "type": True, "reason": True,
                 "consultation": False, "pull_request": False, "source": False}


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


def _read_records(root: Path, name: str, first_field: str) -> list:
    """The list of records in a data file; anything else is refused loudly."""
    data = load_yaml_file(Path(root) / name, root) or []
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise DataError(f"{name}: must be a list of records, each starting "
                        f"'- {first_field}:' followed by its fields.")
    return data


def _field_problems(raw, spec: dict) -> tuple[list[str], list[str]]:
    """(missing required fields, unknown fields) of one record."""
    missing = [k for k, required in spec.items() if required and not raw.get(k)]
    return missing, [k for k in raw if k not in spec]


def load_change_records(root: Path, known_clauses: set[str], versions: list[str],
                        register_ids: set[str], errors: list[str]) -> list[ChangeRecord]:
    name = "data/changes.yml"
    records = []
    for raw in _read_records(root, name, "version"):
        line = line_of(raw)
        where = f"{name}, line {line}"
        missing, unknown = _field_problems(raw, CHANGE_FIELDS)
        if missing:
            errors.append(f"{where}: missing {', '.join(missing)}.")
        if unknown:
            errors.append(f"{where}: unknown field(s) {', '.join(unknown)}. A change record "
                          f"has {', '.join(CHANGE_FIELDS)}.")
        version = str(raw.get("version", ""))
        if version and version not in versions:
            errors.append(f"{where}: version {version!r} is neither a release nor the "
                          f"working version. Use one of: {', '.join(versions)}.")
        if raw.get("type") and raw["type"] not in CHANGE_TYPES:
            errors.append(f"{where}: unknown change type {raw['type']!r}. Use one of: "
                          f"{', '.join(CHANGE_TYPES)}.")
        clauses = raw.get("clauses") or []
        if not isinstance(clauses, list):
            errors.append(f"{where}: clauses must be a list of IDs in quotes, like [\"3.2\"].")
            clauses = []
        for clause_id in clauses:
            if str(clause_id) not in known_clauses:
                errors.append(f"{where}, clause {clause_id}: the change record names an "
                              "unknown clause. Check the ID against the code pages.")
        consultation = [str(c) for c in raw.get("consultation") or []]
        for record_id in consultation:
            if record_id not in register_ids:
                errors.append(f"{where}: names unknown comment record {record_id!r}. "
                              f"Add it to {COMMENTS_FILE} or correct the ID.")
        if raw.get("type") and not (consultation or raw.get("pull_request") or raw.get("source")):
            errors.append(f"{where}: say what drove the change: comment record(s), a "
                          "pull_request number, or a public source.")
        records.append(ChangeRecord(
            version=version, clauses=tuple(str(c) for c in clauses),
            type=str(raw.get("type", "")), reason=" ".join(str(raw.get("reason", "")).split()),
            consultation=tuple(consultation), pull_request=raw.get("pull_request"),
            source=str(raw.get("source") or ""), line=line,
        ))
    return records


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
        errors += check_ids_kept(old, new, name)

    version_names = [v for v, _, _ in contents]
    consultations = load_consultations(root, known, version_names, errors)
    register = load_comments(root, known, consultations, errors)
    records = load_change_records(root, known, version_names, {r.id for r in register}, errors)
    errors += check_withdrawals(code, releases, edition)
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
            summary=("Changes on main since the latest release. They take effect when "
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


def check_withdrawals(code: Code, releases: list[Release], edition: dict) -> list[str]:
    """`withdrawn: in:` names the version that withdrew the clause: the first
    release whose snapshot has it withdrawn, or else the version being worked on."""
    errors = []
    for clause in code.clauses:
        if clause.withdrawn is None:
            continue
        first = next((r.version for r in releases
                      if "withdrawn" in r.clauses.get(clause.id, {})), None)
        expected = first or edition["version"]
        if clause.withdrawn.version == expected:
            continue
        why = (f"it was withdrawn in release {first}" if first else
               f"it is withdrawn in the version being worked on, {expected} "
               "(next_version in data/edition.yml)")
        errors.append(f"{clause.source}, line {clause.line}, clause {clause.id}: withdrawn "
                      f"in {clause.withdrawn.version!r}, but {why}. Write in: \"{expected}\".")
    return errors


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


def sorted_versions(versions: list[str]) -> list[str]:
    return sorted(versions, key=dotted_key)

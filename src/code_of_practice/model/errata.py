"""The errata register: errors of fact found in a released version, as data.

data/errata.yml  one record per error of fact in a released version: where it
                 is (pages under docs/ and/or clause IDs), what the released
                 text says, the correct statement, its public source, and the
                 date the error was found

A released version is frozen: its snapshot is never rewritten, and an
erratum is not a change of wording (those are change records in the working
version). An erratum tells readers of that version not to act on the error.
Every page of a site built as a version with errata shows a notice linking
to the errata page, and that version's downloads carry the errata too.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from code_of_practice.model.fields import RecordFile
from code_of_practice.model.records import date_value, format_errors, read_records, record_text
from code_of_practice.model.ids import is_clause_id
from code_of_practice.model.releases import Release
from code_of_practice.model.yaml_lines import DataError, line_of

ERRATA_FILE = "data/errata.yml"
ERRATUM_ID = re.compile(r"^E-\d{4}-\d{2}$")
ERRATUM_FIELDS = {"id": True, "version": True, "found": True, "where": False,
                  "clauses": False, "error": True, "correction": True, "source": True}


# -- the record reader (model/records.py), with these files' own field lists ---------------
# The registers' fields are listed here as dicts (name: required); they are
# read with the project's one record reader and text policy.

def _records(root: Path, name: str, first_field: str, errors: list[str]) -> list:
    return read_records(root, RecordFile(name, "", (), first_field, optional=True), errors)


def _check_fields(raw, spec: dict, where: str, kind: str, errors: list[str]) -> None:
    missing = [k for k, required in spec.items() if required and raw.get(k) in (None, "", [])]
    unknown = [k for k in raw if k not in spec]
    if missing:
        errors.append(f"{where}: missing {', '.join(missing)}.")
    if unknown:
        errors.append(f"{where}: unknown field(s) {', '.join(unknown)}. {kind} has "
                      f"{', '.join(spec)}.")


def _date(value, where: str, key: str, errors: list[str]) -> str:
    return date_value({key: value}, key, where, errors)


def _text(raw, key: str, where: str, errors: list[str]) -> str:
    return record_text(raw, key, where, errors)


@dataclass(frozen=True)
class Erratum:
    id: str
    version: str
    found: str
    where: tuple[str, ...]  # page paths under docs/, such as background/payment-law.md
    clauses: tuple[str, ...]
    error: str
    correction: str
    source: str
    line: int = 0


def _pages(raw, where: str, errors: list[str]) -> tuple[str, ...]:
    """The page paths of `where:`: relative paths of Markdown files under docs/."""
    pages = raw.get("where") or []
    if not isinstance(pages, list):
        errors.append(f"{where}: where must be a list of page paths under docs/, like "
                      "[background/payment-law.md].")
        return ()
    found = []
    for page in pages:
        path = PurePosixPath(str(page))
        if (not isinstance(page, str) or path.is_absolute() or ".." in path.parts
                or path.suffix != ".md" or "\\" in page):
            errors.append(f"{where}: where has {page!r}, which is not the path of a page "
                          "under docs/, such as background/payment-law.md.")
            continue
        found.append(str(path))
    return tuple(found)


def _clauses(raw, where: str, release: Release | None, errors: list[str]) -> tuple[str, ...]:
    clauses = raw.get("clauses") or []
    if not isinstance(clauses, list):
        errors.append(f"{where}: clauses must be a list of IDs in quotes, like [\"5.7\"].")
        return ()
    for clause_id in clauses:
        if not is_clause_id(clause_id):
            errors.append(f"{where}: clauses has {clause_id!r}, which is not a clause ID in "
                          "quotes such as \"5.7\".")
        elif release is not None and clause_id not in release.clauses:
            errors.append(f"{where}, clause {clause_id}: version {release.version} has no "
                          "such clause. Check the ID against that version's code pages.")
    return tuple(str(c) for c in clauses)


def load_errata(root: Path, releases: list[Release], built_version: str | None = None,
                today: datetime.date | None = None) -> list[Erratum]:
    """Read and check data/errata.yml; raise DataError naming file and line.

    `built_version` is the version these sources build: the pages its errata
    name must exist under docs/ (a page of an older version may have gone
    since, so they are not checked against other versions' trees)."""
    today_iso = (today or datetime.date.today()).isoformat()
    errors: list[str] = []
    by_version = {r.version: r for r in releases}
    found: list[Erratum] = []
    for raw in _records(root, ERRATA_FILE, "id", errors):
        eid = str(raw.get("id", "?"))
        where = f"{ERRATA_FILE}, line {line_of(raw)}, erratum {eid}"
        _check_fields(raw, ERRATUM_FIELDS, where, "An erratum record", errors)
        if not ERRATUM_ID.match(eid):
            errors.append(f"{where}: the ID must look like E-2026-01 (E, the year, then a "
                          "two-digit number). IDs are never reused.")
        if any(item.id == eid for item in found):
            errors.append(f"{where}: the ID {eid} is used twice. Give each erratum its own ID.")
        version = raw.get("version")
        if isinstance(version, (int, float)) and not isinstance(version, bool):
            errors.append(f"{where}: write the version in quotes, like version: \"1.0\".")
        version = str(version or "")
        release = by_version.get(version)
        if version and release is None:
            errors.append(f"{where}: version {version!r} is not a released version. Errata "
                          "are for released versions only: use one of "
                          f"{', '.join(by_version) or '(none yet)'}.")
        found_on = _date(raw.get("found"), where, "found", errors) if raw.get("found") else ""
        if found_on and found_on > today_iso:
            errors.append(f"{where}: found {found_on}, which is in the future.")
        if found_on and release is not None and found_on < release.date:
            errors.append(f"{where}: found {found_on}, before version {version} was released "
                          f"({release.date}).")
        pages = _pages(raw, where, errors)
        clauses = _clauses(raw, where, release, errors)
        if not pages and not clauses:
            errors.append(f"{where}: say where the error is: where: [page paths under docs/] "
                          "and/or clauses: [\"5.7\"].")
        if built_version and version == built_version:
            for page in pages:
                if not (Path(root) / "docs" / page).is_file():
                    errors.append(f"{where}: where names docs/{page}, which does not exist. "
                                  "Give the path of the page as it is in this version.")
        source = _text(raw, "source", where, errors)
        if source and "https://" not in source:
            errors.append(f"{where}: source must give the full title and an https:// address "
                          "of the public source that shows the correct statement.")
        found.append(Erratum(
            id=eid, version=version, found=found_on, where=pages, clauses=clauses,
            error=_text(raw, "error", where, errors),
            correction=_text(raw, "correction", where, errors), source=source,
            line=line_of(raw)))
    if errors:
        raise DataError(format_errors(errors))
    return found


def errata_of(errata: list[Erratum], version: str) -> list[Erratum]:
    """The errata of one version, in the order of the file."""
    return [e for e in errata if e.version == version]


def as_records(errata: list[Erratum], version: str) -> list[dict]:
    """The errata of one version as plain data, for the exports and documents."""
    return [{"id": e.id, "version": e.version, "found": e.found, "where": list(e.where),
             "clauses": list(e.clauses), "error": e.error, "correction": e.correction,
             "source": e.source} for e in errata_of(errata, version)]


def page_title(root: Path, page: str) -> str:
    """The title of a page under docs/ (its first "# " heading), for naming it
    to readers; the home page is "Home"; a page that is gone keeps its path."""
    if page == "index.md":
        return "Home"
    try:
        for line in (Path(root) / "docs" / page).read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    except OSError:
        pass
    return page

"""Release snapshots in releases/ and the edition of the code that main holds.

A snapshot is a JSON file written by scripts/release.py and never edited by
hand: version, date, status, summary, the code's content and a checksum of
all of those.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path

from code_of_practice.model.code import Code
from code_of_practice.model.ids import dotted_key
from code_of_practice.model.content import checksum, code_content
from code_of_practice.model.yaml_lines import DataError, load_yaml_file

VERSION = re.compile(r"^\d+\.\d+$")
SNAPSHOT_FIELDS = ("version", "date", "status", "summary", "content")
# The statuses a release may have: what the release really is. "adopted" also
# needs the body that adopted this edition and a public source that shows it.
STATUSES = ("draft", "consultation draft", "published", "adopted")
ADOPTED = "adopted"
ADOPTED_BY_FIELDS = ("body", "source")
# This project began writing its edition in 2026: no release of it is older.
EDITION_BEGAN = "2026-01-01"

@dataclass(frozen=True)
class Release:
    version: str
    date: str
    status: str
    summary: str
    content: dict
    source: str
    adopted_by: dict | None = None

    @property
    def clauses(self) -> dict[str, dict]:
        return {c["id"]: c for c in self.content["clauses"]}

    @property
    def principles(self) -> dict[int, dict]:
        return {p["number"]: p for p in self.content["principles"]}


def snapshot_data(version, date, status, summary, content, adopted_by=None) -> dict:
    data = {"version": version, "date": date, "status": status, "summary": summary,
            "content": content}
    if adopted_by:
        data["adopted_by"] = dict(adopted_by)
    data["checksum"] = checksum(data)
    return data


def release_problems(status: str, date: str, adopted_by: dict | None) -> list[str]:
    """What is wrong with a release's status, date and adoption, each with the fix.

    The release command checks a new release with it, and the loader checks
    every snapshot, so a snapshot written some other way is refused too."""
    problems = []
    if status not in STATUSES:
        problems.append(f"the status {status!r} is not one this project uses. Use one of: "
                        f"{', '.join(repr(s) for s in STATUSES)}.")
    try:
        day = datetime.date.fromisoformat(str(date))
    except ValueError:
        problems.append(f"the date {date!r} is not a date like 2026-12-01.")
    else:
        if day.isoformat() < EDITION_BEGAN:
            problems.append(f"the date {day} is before this project began writing its edition "
                            f"({EDITION_BEGAN}). A release is dated the day it is really made.")
    if status == ADOPTED:
        given = adopted_by or {}
        missing = [f for f in ADOPTED_BY_FIELDS if not str(given.get(f) or "").strip()]
        if missing:
            problems.append("the status 'adopted' needs the body that adopted this edition and "
                            "a public source that shows it (adopted_by: body and source). "
                            "Without them, use 'published'.")
        elif not str(given["source"]).startswith("https://"):
            problems.append("adopted_by.source must be the https:// address of the public "
                            "source that shows the adoption.")
    elif adopted_by:
        problems.append(f"adopted_by is given but the status is {status!r}: only an "
                        "'adopted' release names the body that adopted it.")
    return problems


def _line(text: str, key: str) -> int:
    """The line of a top-level key in a snapshot's JSON text (1 if not found)."""
    match = re.search(rf'^  "{re.escape(key)}":', text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def load_release(path: Path, root: Path) -> Release:
    name = str(path.relative_to(root))
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise DataError(f"{name}, line {err.lineno}: the snapshot is not valid JSON "
                        f"({err.msg}). Snapshots are written by `make release`; "
                        "restore this file from git.") from None
    missing = [f for f in SNAPSHOT_FIELDS + ("checksum",) if f not in data]
    if missing:
        raise DataError(f"{name}: the snapshot lacks {', '.join(missing)}. Restore it from git.")
    recorded = data.pop("checksum")
    if checksum(data) != recorded:
        raise DataError(f"{name}: the snapshot does not match its checksum, so it was "
                        "edited by hand. Snapshots are never edited; restore it from git.")
    if f"{data['version']}.json" != path.name:
        raise DataError(f"{name}: holds version {data['version']}, not the one its "
                        "file name says.")
    problems = release_problems(data["status"], data["date"], data.get("adopted_by"))
    if problems:
        line = _line(text, "adopted_by" if "adopted_by" in data else "status")
        raise DataError("\n".join(f"{name}, line {line}, version {data['version']}: {p} "
                                  "A snapshot is never edited: remove it with a commit that "
                                  "says why, and release again." for p in problems))
    return Release(source=name, adopted_by=data.get("adopted_by"),
                   **{k: data[k] for k in SNAPSHOT_FIELDS})


def load_releases(root: Path) -> list[Release]:
    """Every snapshot, oldest first."""
    root = Path(root)
    paths = [p for p in (root / "releases").glob("*.json")]
    bad = [p.name for p in paths if not VERSION.match(p.stem)]
    if bad:
        raise DataError(f"releases/: {', '.join(bad)} is not named after a version "
                        "(X.Y.json). Only `make release` writes this folder.")
    releases = sorted((load_release(p, root) for p in paths),
                      key=lambda r: dotted_key(r.version))
    for before, after in zip(releases, releases[1:]):
        if after.date < before.date:
            raise DataError(f"{after.source}: version {after.version} is dated {after.date}, "
                            f"before version {before.version} ({before.date}). Each release "
                            "is dated the day it was made, so later versions are never older.")
    return releases


def unreleased(code: Code, releases: list[Release]) -> bool:
    return not releases or code_content(code) != releases[-1].content


def edition(code: Code, releases: list[Release], root: Path) -> dict:
    """The version, status and date of the code that these sources hold."""
    if releases and not unreleased(code, releases):
        latest = releases[-1]
        current = {"version": latest.version, "status": latest.status, "date": latest.date,
                   "released": True}
        if latest.adopted_by:
            current["adopted_by"] = dict(latest.adopted_by)
        return current
    settings = load_yaml_file(Path(root) / "data" / "edition.yml", root)
    next_version = str(settings.get("next_version", ""))
    if not VERSION.match(next_version):
        raise DataError("data/edition.yml: next_version must be a version such as \"1.1\", "
                        "in quotes.")
    if releases and dotted_key(next_version) <= dotted_key(releases[-1].version):
        raise DataError(f"data/edition.yml: next_version {next_version} is not after the "
                        f"latest release, {releases[-1].version}. Set it to the next version.")
    return {"version": next_version, "status": "working draft", "date": None,
            "released": False}

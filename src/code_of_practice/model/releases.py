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
from code_of_practice.model.code_data import checksum, code_content
from code_of_practice.model.fields import EDITION_FILE, RELEASES_DIR
from code_of_practice.model.ids import VERSION, dotted_key, is_clause_id, is_version
from code_of_practice.model.policy import plain_text_problem
from code_of_practice.model.release_state import in_force_problems, release_state, working_state
from code_of_practice.model.yaml_lines import DataError, LineMap, line_of, load_yaml_file

SNAPSHOT_FIELDS = ("version", "date", "status", "summary", "content")
# The statuses a release may have: what the release really is. "adopted" also
# needs the body that adopted this edition and a public source that shows it.
STATUSES = ("draft", "consultation draft", "published", "adopted")
ADOPTED = "adopted"
ADOPTED_BY_FIELDS = ("body", "source")
# This project began writing its edition in 2026: no release of it is older.
EDITION_BEGAN = "2026-01-01"

# What a maintainer may give as a release's STATUS (`make release STATUS=...`).
STATUS_MAX = 60


def status_problem(status) -> str | None:
    """Why a release status cannot be used, or None. A status is a short
    phrase shown on every page: one line of plain words, no markup."""
    if not isinstance(status, str) or not status.strip():
        return 'is empty. Give one of the statuses, such as "draft".'
    if "\n" in status or "\r" in status:
        return "has more than one line. Give it on one line."
    if len(status) > STATUS_MAX:
        return f"is {len(status)} characters long; keep it under {STATUS_MAX}."
    if any(c in status for c in "<>&{}[]`*_|\"\\"):
        return ('contains markup characters. Use plain words, such as "draft" or '
                '"consultation draft".')
    return plain_text_problem(status)



@dataclass(frozen=True)
class Release:
    version: str
    date: str
    status: str
    summary: str
    content: dict
    source: str
    adopted_by: dict | None = None
    # When the version takes effect, and the period before it for moving over
    # (model/release_state.py). Optional: older snapshots have neither.
    in_force: str | None = None
    transition: str | None = None

    @property
    def clauses(self) -> dict[str, dict]:
        return {c["id"]: c for c in self.content["clauses"]}

    @property
    def principles(self) -> dict[int, dict]:
        return {p["number"]: p for p in self.content["principles"]}


# Snapshots are written whole or not at all (tasks/release.py writes a temporary
# file and renames it), but a copy can still be cut short or edited.
RESTORE_ADVICE = ("Snapshots are written only by `make release`. If `git status` lists "
                  "{name} as a new file, a release was interrupted before it was "
                  "committed: delete the file and run `make release` again. Otherwise "
                  "restore it with `git checkout -- {name}`.")


def snapshot_data(version, date, status, summary, content, adopted_by=None,
                  in_force=None, transition=None) -> dict:
    data = {"version": version, "date": date, "status": status, "summary": summary,
            "content": content}
    if adopted_by:
        data["adopted_by"] = dict(adopted_by)
    if in_force:
        data["in_force"] = in_force
    if transition:
        data["transition"] = transition
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


def _content_shape_ok(content) -> bool:
    """The shape code_content() gives: principles and clauses, with text where
    text belongs (a snapshot can be forged with a matching checksum)."""
    if not isinstance(content, dict):
        return False
    principles, clauses = content.get("principles"), content.get("clauses")
    if not isinstance(principles, list) or not isinstance(clauses, list):
        return False
    text_keys = ("title", "text", "question")
    return all(isinstance(p, dict) and isinstance(p.get("number"), int)
               and isinstance(p.get("title"), str) for p in principles) and \
        all(isinstance(c, dict) and is_clause_id(c.get("id"))
            and isinstance(c.get("principle"), int)
            and all(isinstance(c.get(k), str) for k in text_keys)
            and all(isinstance(c.get(k), list) for k in ("applies_to", "evidence"))
            for c in clauses)


def load_release(path: Path, root: Path) -> Release:
    name = str(path.relative_to(root))
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise DataError(f"{name}, line {err.lineno}: the snapshot is not valid JSON "
                        f"({err.msg}). {RESTORE_ADVICE.format(name=name)}") from None
    if not isinstance(data, dict):
        raise DataError(f"{name}: the snapshot is not a JSON object. {RESTORE_ADVICE.format(name=name)}")
    missing = [f for f in SNAPSHOT_FIELDS + ("checksum",) if f not in data]
    if missing:
        raise DataError(f"{name}: the snapshot lacks {', '.join(missing)}. "
                        f"{RESTORE_ADVICE.format(name=name)}")
    recorded = data.pop("checksum")
    if checksum(data) != recorded:
        raise DataError(f"{name}: the snapshot does not match its checksum, so it was "
                        "edited by hand. Snapshots are never edited; restore it from git.")
    if f"{data['version']}.json" != path.name:
        raise DataError(f"{name}: holds version {data['version']}, not the one its "
                        "file name says.")
    if not _content_shape_ok(data["content"]):
        raise DataError(f"{name}: the snapshot's content is not in the form `make release` "
                        f"writes. {RESTORE_ADVICE.format(name=name)}")
    problem = status_problem(data["status"])
    if problem:
        raise DataError(f"{name}: the release status {problem}")
    for key in ("date", "summary"):
        problem = plain_text_problem(data[key]) if isinstance(data[key], str) else \
            "is not text"
        if problem:
            raise DataError(f"{name}: the release {key} {problem}")
    problems = release_problems(data["status"], data["date"], data.get("adopted_by"))
    force = in_force_problems(data["status"], data["date"], data.get("in_force"),
                              data.get("transition"))
    if force:
        problems += force
    if problems:
        line = _line(text, "in_force" if force and "in_force" in data else
                     "adopted_by" if "adopted_by" in data else "status")
        raise DataError("\n".join(f"{name}, line {line}, version {data['version']}: {p} "
                                  "A snapshot is never edited: remove it with a commit that "
                                  "says why, and release again." for p in problems))
    return Release(source=name, adopted_by=data.get("adopted_by"),
                   in_force=data.get("in_force"), transition=data.get("transition"),
                   **{k: data[k] for k in SNAPSHOT_FIELDS})


def load_releases(root: Path) -> list[Release]:
    """Every snapshot, oldest first."""
    root = Path(root)
    paths = [p for p in (root / RELEASES_DIR).glob("*.json")]
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


def working_version(root: Path) -> str:
    """The version main works towards: next_version in data/edition.yml."""
    return read_next_version(load_releases(root), root)


def edition(code: Code, releases: list[Release], root: Path,
            today: datetime.date | None = None) -> dict:
    """The version, status and date of the code that these sources hold, and
    its state on `today` (model/release_state.py: draft, out for consultation,
    published, in force or superseded, and since when).

    data/edition.yml is checked whether or not the code has changed since the
    latest release, so a mistake in it is found the day it is made."""
    next_version = read_next_version(releases, root)
    if releases and not unreleased(code, releases):
        latest = releases[-1]
        current = {"version": latest.version, "status": latest.status, "date": latest.date,
                   "released": True}
        if latest.adopted_by:
            current["adopted_by"] = dict(latest.adopted_by)
        current["state"] = release_state(latest, releases, today)
        return current
    return {"version": next_version, "status": "working draft", "date": None,
            "released": False, "state": working_state()}


def read_next_version(releases: list[Release], root: Path) -> str:
    """The version the working draft will be released as (data/edition.yml)."""
    name = EDITION_FILE
    settings = load_yaml_file(Path(root) / EDITION_FILE, root)
    if not isinstance(settings, LineMap):
        raise DataError(f"{name}, line 1: the file must hold one line 'next_version: \"X.Y\"'.")
    next_version = settings.get("next_version")
    where = f"{name}, line {line_of(settings, 'next_version')}"
    if isinstance(next_version, (int, float)) and not isinstance(next_version, bool):
        raise DataError(f"{where}: write next_version in quotes, like next_version: "
                        "\"1.20\"; without them, YAML reads 1.20 as the number 1.2.")
    if not is_version(next_version):
        raise DataError(f"{where}: next_version must be a version such as \"1.1\", "
                        f"in quotes, not {next_version!r}.")
    if releases and dotted_key(next_version) <= dotted_key(releases[-1].version):
        raise DataError(f"{where}: next_version {next_version} is not after the "
                        f"latest release, {releases[-1].version}. Set it to the next version.")
    return next_version

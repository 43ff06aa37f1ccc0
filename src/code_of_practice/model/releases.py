"""Release snapshots in releases/ and the edition of the code that main holds.

A snapshot is a JSON file written by scripts/release.py and never edited by
hand: version, date, status, summary, the code's content and a checksum of
all of those.
"""

from __future__ import annotations

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




@dataclass(frozen=True)
class Release:
    version: str
    date: str
    status: str
    summary: str
    content: dict
    source: str

    @property
    def clauses(self) -> dict[str, dict]:
        return {c["id"]: c for c in self.content["clauses"]}

    @property
    def principles(self) -> dict[int, dict]:
        return {p["number"]: p for p in self.content["principles"]}


def snapshot_data(version, date, status, summary, content) -> dict:
    data = {"version": version, "date": date, "status": status, "summary": summary,
            "content": content}
    data["checksum"] = checksum(data)
    return data


def load_release(path: Path, root: Path) -> Release:
    name = str(path.relative_to(root))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
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
    return Release(source=name, **{k: data[k] for k in SNAPSHOT_FIELDS})


def load_releases(root: Path) -> list[Release]:
    """Every snapshot, oldest first."""
    root = Path(root)
    paths = [p for p in (root / "releases").glob("*.json")]
    bad = [p.name for p in paths if not VERSION.match(p.stem)]
    if bad:
        raise DataError(f"releases/: {', '.join(bad)} is not named after a version "
                        "(X.Y.json). Only `make release` writes this folder.")
    releases = [load_release(p, root) for p in paths]
    return sorted(releases, key=lambda r: dotted_key(r.version))


def unreleased(code: Code, releases: list[Release]) -> bool:
    return not releases or code_content(code) != releases[-1].content


def working_version(root: Path) -> str:
    """The version main works towards: next_version in data/edition.yml."""
    settings = load_yaml_file(Path(root) / "data" / "edition.yml", root)
    next_version = str((settings or {}).get("next_version", ""))
    if not VERSION.match(next_version):
        raise DataError("data/edition.yml: next_version must be a version such as \"1.1\", "
                        "in quotes.")
    return next_version


def edition(code: Code, releases: list[Release], root: Path) -> dict:
    """The version, status and date of the code that these sources hold."""
    if releases and not unreleased(code, releases):
        latest = releases[-1]
        return {"version": latest.version, "status": latest.status, "date": latest.date,
                "released": True}
    next_version = working_version(root)
    if releases and dotted_key(next_version) <= dotted_key(releases[-1].version):
        raise DataError(f"data/edition.yml: next_version {next_version} is not after the "
                        f"latest release, {releases[-1].version}. Set it to the next version.")
    return {"version": next_version, "status": "working draft", "date": None,
            "released": False}

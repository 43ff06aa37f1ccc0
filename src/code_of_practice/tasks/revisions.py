"""The code and the change records at a git revision, for the review report
(tasks/review_report.py): the clause pages and reference data of the
revision are written into a temporary folder and read by the model's one
loader; the change records are read leniently, as a report must still be made
when they are broken (the build reports what is wrong with them).
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from code_of_practice.model.code import Code, load_code
from code_of_practice.model.fields import CHANGES_FILE, CODE_DIR, EDITION_FILE, FRAMEWORKS_FILE
from code_of_practice.model.files import encoding_problem
from code_of_practice.model.yaml_lines import DataError, line_of, load_yaml

FRAMEWORKS = FRAMEWORKS_FILE
CHANGES = CHANGES_FILE
EDITION = EDITION_FILE


class GitError(Exception):
    pass


# -----------------------------------------------------------------------------
# Reading the code at a revision
# -----------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True,
                            text=True, encoding="utf-8")
    if result.returncode != 0:
        raise GitError(f"`git {' '.join(args)}` failed: {result.stderr.strip()}")
    return result.stdout


def short_rev(repo: Path, rev: str) -> str:
    return git(repo, "rev-parse", "--short", f"{rev}^{{commit}}").strip()


def code_at(repo: Path, rev: str) -> Code:
    """The validated code at a revision. Raises DataError if it is invalid."""
    try:
        names = git(repo, "ls-tree", "--name-only", f"{rev}:{CODE_DIR}").split("\n")
    except GitError:
        raise DataError(f"{CODE_DIR}: folder not found at this revision.") from None
    pages = [n for n in names if n.endswith(".md") and n != "index.md"]
    with tempfile.TemporaryDirectory(prefix="review-report-") as tmp:
        root = Path(tmp)
        (root / CODE_DIR).mkdir(parents=True)
        (root / "data").mkdir()
        for name in pages:
            path = str(PurePosixPath(CODE_DIR) / name)
            (root / path).write_bytes(_readable(path, _show(repo, rev, path)))
        try:
            (root / FRAMEWORKS).write_bytes(_readable(FRAMEWORKS, _show(repo, rev, FRAMEWORKS)))
        except GitError:
            raise DataError(f"{FRAMEWORKS}: file not found at this revision.") from None
        return load_code(root)


def _readable(path: str, data: bytes) -> bytes:
    """The bytes of a file, or DataError if they are not UTF-8 text without a BOM."""
    problem = encoding_problem(data, path)
    if problem:
        raise DataError(problem)
    return data


def _show(repo: Path, rev: str, path: str) -> bytes:
    result = subprocess.run(["git", "-C", str(repo), "show", f"{rev}:{path}"],
                            capture_output=True)
    if result.returncode != 0:
        raise GitError(f"`git show {rev}:{path}` failed: "
                       f"{result.stderr.decode('utf-8', 'replace').strip()}")
    return result.stdout


@dataclass
class Records:
    """The change records at the head revision for the version worked on there."""

    version: str = ""
    by_clause: dict = field(default_factory=dict)  # clause ID -> [(line, type, reason)]
    problem: str = ""  # why they could not be read, if so


def records_at(repo: Path, rev: str) -> Records:
    try:
        edition = load_yaml(_show(repo, rev, EDITION).decode("utf-8"), EDITION) or {}
        raw = load_yaml(_show(repo, rev, CHANGES).decode("utf-8"), CHANGES) or []
    except (GitError, DataError, UnicodeDecodeError) as err:
        return Records(problem=f"the change records could not be read: {err}")
    version = str(edition.get("next_version", "")) if isinstance(edition, dict) else ""
    records = Records(version=version)
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict) or str(item.get("version", "")) != version:
            continue
        clauses = item.get("clauses") if isinstance(item.get("clauses"), list) else []
        for clause_id in clauses:
            records.by_clause.setdefault(str(clause_id), []).append(
                (line_of(item), str(item.get("type", "")),
                 " ".join(str(item.get("reason", "")).split())))
    return records

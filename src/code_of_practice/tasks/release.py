"""Freeze the current clauses as a release snapshot: `make release VERSION=X.Y ...`
(`cop release`).

Refuses when the working tree is not clean, when the version already exists or
is not the next one, when the status is not one of the fixed list (and
"adopted" without the body and source that show it), when the date is not
today, when nothing changed, or when the code does not validate (which
includes a clause changed since the last release without a change record of a
fitting type in data/changes.yml: the build checks that too; the first release
needs none). On success it writes releases/X.Y.json, moves data/edition.yml on
to the next version and prints the next steps: commit on a branch, merge the
pull request, then tag the merged commit (CONTRIBUTING.md, "How a release is
made").
"""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

from code_of_practice.model.code import load_code
from code_of_practice.model.code_data import code_content
from code_of_practice.model.history import build_history
from code_of_practice.model.ids import dotted_key
from code_of_practice.model.policy import plain_text_problem
from code_of_practice.model.releases import (STATUSES, VERSION, edition, load_releases,
                                             release_problems, snapshot_data, status_problem)
from code_of_practice.model.release_state import in_force_problems
from code_of_practice.model.yaml_lines import DataError


class Refused(Exception):
    pass


def git_is_clean(root: Path) -> bool:
    result = subprocess.run(["git", "status", "--porcelain"], cwd=root,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise Refused(f"{root} is not a git working tree: {result.stderr.strip()}")
    return result.stdout.strip() == ""


def git_tracks(root: Path, path: Path) -> bool:
    """Whether git has `path` in its index (it was added or committed)."""
    result = subprocess.run(["git", "ls-files", "--error-unmatch", str(path)], cwd=root,
                            capture_output=True, text=True)
    return result.returncode == 0


def release(root: Path, version: str, status: str, date: str, summary: str,
            adopted_by: dict | None = None, in_force: str = "", transition: str = "") -> Path:
    if not VERSION.match(version or ""):
        raise Refused(f"VERSION must look like 1.2, not {version!r}.")
    if not status.strip():
        raise Refused(f'STATUS is required: one of {", ".join(STATUSES)}, for example '
                      'STATUS="draft".')
    problem = status_problem(status.strip())
    if problem:
        raise Refused(f"STATUS {problem}")
    if not summary.strip():
        raise Refused("SUMMARY is required: one or two sentences on what this release changes.")
    problem = plain_text_problem(" ".join(summary.split()))
    if problem:
        raise Refused(f"SUMMARY {problem}")
    try:
        day = datetime.date.fromisoformat(date)
    except ValueError:
        raise Refused(f"DATE must be a date like 2026-12-01, not {date!r}.") from None
    if day != datetime.date.today():
        raise Refused(f"DATE {date} is not today ({datetime.date.today()}). A release is dated "
                      "the day it is really made: leave DATE out.")
    problems = release_problems(status.strip(), date, adopted_by)
    problems += in_force_problems(status.strip(), date, in_force.strip() or None,
                                  " ".join(transition.split()) or None)
    if problems:
        raise Refused(" ".join(problems))
    target = root / "releases" / f"{version}.json"
    if target.exists() and not git_tracks(root, target):
        raise Refused(f"{target.relative_to(root)} exists but was never committed: an "
                      "earlier `make release` stopped before its commit. Delete it "
                      f"(`rm {target.relative_to(root)}`; if `git status` shows "
                      "data/edition.yml changed too, `git checkout -- data/edition.yml`) "
                      "and run `make release` again.")
    if not git_is_clean(root):
        raise Refused("the working tree is not clean. Commit or stash your changes first, so "
                      "that the snapshot matches a commit.")
    target = root / "releases" / f"{version}.json"
    if target.exists():
        raise Refused(f"version {version} already exists ({target.relative_to(root)}). "
                      "Releases are never rewritten.")

    code = load_code(root)
    releases = load_releases(root)
    current = edition(code, releases, root)
    if current["released"]:
        raise Refused(f"nothing has changed since version {releases[-1].version}.")
    if version != current["version"]:
        raise Refused(f"the working version is {current['version']} (data/edition.yml, "
                      f"next_version) and change records use it. Release {current['version']}"
                      f", or set next_version to {version} and update the change records.")
    if releases and dotted_key(version) <= dotted_key(releases[-1].version):
        raise Refused(f"version {version} is not after the latest release, "
                      f"{releases[-1].version}.")
    # Validates the change records: every clause changed since the last
    # release has a record of a type that explains the change (DataError if not).
    build_history(root, code, releases, current)

    if releases and date < releases[-1].date:
        raise Refused(f"DATE {date} is before the latest release, {releases[-1].version} "
                      f"({releases[-1].date}).")
    data = snapshot_data(version, date, status.strip(), " ".join(summary.split()),
                         code_content(code), adopted_by, in_force.strip() or None,
                         " ".join(transition.split()) or None)
    target.parent.mkdir(exist_ok=True)
    write_atomically(target, json.dumps(data, ensure_ascii=False, indent=2) + "\n")

    major, minor = (int(p) for p in version.split("."))
    edition_file = root / "data" / "edition.yml"
    text = edition_file.read_text(encoding="utf-8")
    text = re.sub(r'^next_version:.*$', f'next_version: "{major}.{minor + 1}"', text,
                  flags=re.M)
    write_atomically(edition_file, text)
    return target


def write_atomically(path: Path, text: str) -> None:
    """Write a whole file or nothing: a temporary file beside it, flushed to
    disk, then renamed over it. An interrupted release leaves either no
    snapshot or a whole one (and at worst a stray `.tmp` file)."""
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent,
                                         prefix=f".{path.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def run(root: Path, version: str, status: str, date: str, summary: str,
        adopted_by: str = "", adopted_source: str = "", in_force: str = "",
        transition: str = "") -> int:
    """`cop release`: release, then say what to do next; 1 when refused."""
    import sys

    date = date or datetime.date.today().isoformat()
    adoption = ({"body": adopted_by.strip(), "source": adopted_source.strip()}
                if adopted_by or adopted_source else None)
    try:
        target = release(root, version, status, date, summary, adoption, in_force or "",
                         transition or "")
    except Refused as err:
        print(f"make release: refused: {err}", file=sys.stderr)
        return 1
    except DataError as err:
        print(f"make release: refused, the code does not validate:\n{err}", file=sys.stderr)
        return 1
    print(f"Wrote {target.relative_to(root)} and moved data/edition.yml on.")
    print(next_steps(version))
    return 0


def next_steps(version: str) -> str:
    """What the maintainer does after `make release`, as CONTRIBUTING.md says:
    the release goes through a pull request, and only the merged commit is tagged."""
    return "\n".join([
        "Next:",
        f"  1. git switch -c release-{version}",
        f"     git add releases/ data/edition.yml && git commit -m 'Release {version}'",
        f"     git push origin release-{version}",
        "  2. Open a pull request for that branch and merge it once its checks pass.",
        "  3. Tag the merged commit on main and push the tag; the publish workflow",
        f"     publishes version {version} and points latest at it:",
        "     git switch main && git pull",
        f"     git tag v{version} && git push origin v{version}",
    ])

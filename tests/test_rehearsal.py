"""The release rehearsal (tasks/rehearsal.py, `cop rehearse`) in `make test`:
on a throwaway git copy, a wording change and a withdrawal with their records,
a release, the fast checks and the strict build; then a second release.

It reads the versions it releases from the project, so it passes whatever the
latest release is, and it keeps passing after every real release."""

from __future__ import annotations

import subprocess
import sys

import pytest

from code_of_practice.model.project import load_project
from code_of_practice.model.releases import working_version
from code_of_practice.tasks.rehearsal import rehearse

from code_of_practice.testing import ROOT


def next_after(version: str) -> str:
    major, minor = version.split(".")
    return f"{major}.{int(minor) + 1}"


@pytest.mark.build
def test_two_releases_in_a_row_build_green(tmp_path):
    lines: list[str] = []
    released = rehearse(ROOT, tmp_path, log=lines.append)
    print("\n".join(lines))  # shown with -s, and in the closing note
    first = working_version(ROOT)
    assert released == [first, next_after(first)]
    project = tmp_path / "project"
    after = load_project(project)
    assert after.edition == {**after.edition, "version": released[-1], "released": True}
    assert [r.version for r in after.releases][-2:] == released
    tags = subprocess.run(["git", "tag"], cwd=project, capture_output=True, text=True,
                          check=True).stdout.split()
    assert {f"v{v}" for v in released} <= set(tags)
    assert lines[-1].startswith("Rehearsal passed")
    # One withdrawal by the rehearsal, beside any the working version already had.
    already = {c.id for c in load_project(ROOT).code.clauses
               if c.withdrawn and c.withdrawn.version == first}
    withdrawn = [c for c in after.code.clauses if c.withdrawn and c.withdrawn.version == first
                 and c.id not in already]
    assert len(withdrawn) == 1


@pytest.mark.build
def test_cop_rehearse_is_a_command_maintainers_can_run(tmp_path):
    result = subprocess.run([sys.executable, "-m", "code_of_practice.cli", "--root", str(ROOT),
                             "rehearse", "--no-tests", "--keep", str(tmp_path / "kept")],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    assert "Rehearsal passed" in result.stdout
    assert (tmp_path / "kept" / "project" / ".git").is_dir()

"""The release rehearsal (tasks/rehearsal.py, `cop rehearse`) in `make test`:
on a throwaway git copy, a wording change, a new clause and a withdrawal with
their records, a release, the strict build and its checks; then a second
cycle whose changes, recorded but not yet released, are a valid contribution
on top of a fresh release: the suite's checks run on the copy in that state
(see rehearsal.FAST_TESTS_MARK), and then it is released too.

It reads the versions it releases from the project, so it passes whatever the
latest release is, and it keeps passing after every real release. It runs
`cop rehearse` as a maintainer would, in process."""

from __future__ import annotations

import subprocess

import pytest

from code_of_practice.cli import main
from code_of_practice.model.project import load_project
from code_of_practice.model.releases import working_version

from code_of_practice.testing import ROOT

pytestmark = [pytest.mark.rehearsal, pytest.mark.build]


def next_after(version: str) -> str:
    major, minor = version.split(".")
    return f"{major}.{int(minor) + 1}"


def test_cop_rehearse_makes_two_releases_in_a_row_that_build_green(tmp_path, capsys):
    kept = tmp_path / "kept"
    assert main(["--root", str(ROOT), "rehearse", "--keep", str(kept)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    print("\n".join(lines))  # shown with -s, and in the closing note
    assert lines[-1].startswith("Rehearsal passed")
    assert any(line.startswith("  the suite's checks (") and " passed" in line
               for line in lines), lines

    first = working_version(ROOT)
    released = [first, next_after(first)]
    assert f"Rehearsal passed: released {released[0]} then {released[1]}" in lines[-1]
    project = kept / "project"
    assert (project / ".git").is_dir()
    after = load_project(project)
    assert after.edition == {**after.edition, "version": released[-1], "released": True}
    assert [r.version for r in after.releases][-2:] == released
    tags = subprocess.run(["git", "tag"], cwd=project, capture_output=True, text=True,
                          check=True).stdout.split()
    assert {f"v{v}" for v in released} <= set(tags)
    # One withdrawal and one new clause by the rehearsal, beside what the
    # working version already had.
    before = load_project(ROOT).code
    already = {c.id for c in before.clauses if c.withdrawn and c.withdrawn.version == first}
    withdrawn = [c for c in after.code.clauses if c.withdrawn and c.withdrawn.version == first
                 and c.id not in already]
    assert len(withdrawn) == 1
    new = [c for c in after.code.clauses if c.id not in {k.id for k in before.clauses}]
    assert len(new) == 1 and new[0].active, new
    added = [r for r in after.history.records if r.version == first and r.type == "added"
             and new[0].id in r.clauses]
    assert len(added) == 1


def test_cop_rehearse_reports_a_failure_with_its_step(tmp_path, capsys):
    """A copy that does not load stops the rehearsal with the step and the message."""
    from code_of_practice.testing import copy_project

    broken = copy_project(ROOT, tmp_path / "broken")
    page = next((broken / "docs" / "code").glob("[1-9]-*.md"))
    page.write_text(page.read_text(encoding="utf-8").replace("clauses:", "clauses: [", 1),
                    encoding="utf-8")
    assert main(["--root", str(broken), "rehearse", "--no-tests",
                 "--keep", str(tmp_path / "kept")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("cop rehearse: failed: ") and "Traceback" not in err


def test_a_clause_block_ends_at_the_next_clause():
    """The rehearsal reads a clause's badge from its own part of the page, so a
    badge of the next clause cannot stand in for it."""
    from code_of_practice.tasks.rehearsal import clause_block

    page = ('<h3 class="clause-heading" id="clause-1.1">1.1</h3><p>No badge.</p>'
            '<h3 class="clause-heading" id="clause-1.2">1.2</h3>'
            '<a href="#">Changed in 9.9</a>')
    assert "Changed in 9.9" not in clause_block(page, "clause-1.1")
    assert "Changed in 9.9" in clause_block(page, "clause-1.2")
    assert clause_block(page, "clause-1.3") == ""

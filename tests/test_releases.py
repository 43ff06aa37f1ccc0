"""Release snapshots, the release script and the rules that keep clause IDs permanent.

The release script runs on a throwaway git copy of the project.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from code_of_practice.testing import ROOT, mkdocs_build, read_html
from code_of_practice.model.releases import load_releases

COP = [sys.executable, "-m", "code_of_practice.cli"]


def git(project, *args):
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, text=True)


def release(project, version, summary="A test release."):
    return subprocess.run(COP + ["--root", str(project), "release", "--version", version, "--status",
                                     "adopted", "--date", "2026-11-24", "--summary", summary],
                          capture_output=True, text=True)


@pytest.fixture
def repo(project_copy):
    git(project_copy, "init", "-q", "-b", "main")
    git(project_copy, "-c", "user.name=Test", "-c", "user.email=test@example.org",
        "add", "-A")
    git(project_copy, "-c", "user.name=Test", "-c", "user.email=test@example.org",
        "commit", "-qm", "copy")
    return project_copy


def commit(project, message="change"):
    git(project, "add", "-A")
    git(project, "-c", "user.name=Test", "-c", "user.email=test@example.org",
        "commit", "-qm", message)


def replace(project, path, old, new):
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def drop_references(project, clause_id):
    """Remove a clause ID from every `related` list, so only the rule under test fires."""
    quoted = re.escape(f'"{clause_id}"')
    for path in (project / "docs/code").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(rf", {quoted}|{quoted}, ", "", text)
        text = re.sub(rf"\n    related: \[{quoted}\]", "", text)
        path.write_text(text, encoding="utf-8")


def test_every_snapshot_parses_and_matches_its_checksum(root):
    releases = load_releases(root)
    assert [r.version for r in releases][:2] == ["0.1", "1.0"]
    assert releases[0].date == "2012-05-21" and releases[0].status == "draft for consultation"
    assert releases[1].date == "2013-04-11" and releases[1].status == "adopted"
    # Real differences between the versions of this project's text.
    old, new = releases[0].clauses, releases[1].clauses
    assert set(new) - set(old), "1.0 adds clauses"
    assert any(old[i]["text"] != new[i]["text"] for i in old if i in new), "1.0 rewords clauses"


def test_a_snapshot_edited_by_hand_fails_the_build(project_copy, tmp_path):
    replace(project_copy, "releases/1.0.json", '"adopted"', '"approved"')
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert ("releases/1.0.json: the snapshot does not match its checksum, so it was edited "
            "by hand. Snapshots are never edited; restore it from git.") in result.stderr


def test_release_cycle_from_unreleased_change_to_badge(repo, tmp_path):
    # Release the working version as it stands (every change in it is recorded).
    result = release(repo, "1.1")
    assert result.returncode == 0, result.stderr
    assert 'next_version: "1.2"' in (repo / "data/edition.yml").read_text()
    commit(repo, "Release 1.1")
    assert release(repo, "1.2").stderr.strip().endswith(
        "nothing has changed since version 1.1.")

    # Change the wording of one clause, with no other edit.
    replace(repo, "docs/code/8-data-sharing.md", "As the prime contractor",
            "As the lead prime contractor")
    out = tmp_path / "unreleased"
    assert mkdocs_build(repo, out).returncode == 0
    changelog = read_html(out, "changes/changelog/")
    assert 'id="version-1-2"' in changelog and "unreleased changes" in changelog
    assert re.search(r'id="version-1-2-clause-8-\d"', changelog)
    assert '<ins class="redline-ins"><span class="visually-hidden">[added: </span>lead' in changelog
    assert "No change record yet" in changelog
    assert "Changed in 1.2 (unreleased)" in read_html(out, "code/8-data-sharing/")

    # The release script refuses a dirty tree, then a change without a record.
    refused = release(repo, "1.2")
    assert refused.returncode == 1
    assert "the working tree is not clean" in refused.stderr
    commit(repo)
    refused = release(repo, "1.2")
    assert refused.returncode == 1
    clause_id = re.search(r"  - (8\.\d) \(changed\)", refused.stderr).group(1)
    assert "have no change record for 1.2 in data/changes.yml" in refused.stderr

    # Record the reason; the release goes through and the clause gets its badge.
    with open(repo / "data/changes.yml", "a", encoding="utf-8") as changes:
        changes.write(f'\n- version: "1.2"\n  clauses: ["{clause_id}"]\n  type: reworded\n'
                      "  reason: Test wording.\n  source: A test of the release cycle.\n")
    commit(repo)
    result = release(repo, "1.2")
    assert result.returncode == 0, result.stderr
    snapshot = json.loads((repo / "releases/1.2.json").read_text(encoding="utf-8"))
    assert snapshot["version"] == "1.2" and snapshot["status"] == "adopted"
    commit(repo, "Release 1.2")
    out = tmp_path / "released"
    assert mkdocs_build(repo, out).returncode == 0
    changelog = read_html(out, "changes/changelog/")
    section = changelog[changelog.index('id="version-1-2"'):changelog.index('id="version-1-1"')]
    assert f"clause-{clause_id.replace('.', '-')}" in section and "Test wording." in section
    assert "unreleased changes" not in section
    assert "Changed in 1.2</a>" in read_html(out, "code/8-data-sharing/")
    assert "version 1.2 already exists" in release(repo, "1.2").stderr


def test_removing_a_released_clause_without_withdrawal_fails_the_build(project_copy, tmp_path):
    page = project_copy / "docs/code/6-payment-mechanisms.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r'  - id: "6\.5".*?(?=\n---)', "", text, count=1, flags=re.S),
                    encoding="utf-8")
    drop_references(project_copy, "6.5")
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert re.search(r"clause 6\.5 \(.*?\) was removed\. A released clause is never deleted: "
                     r"put it back with a 'withdrawn' field", result.stderr)


def test_reusing_a_retired_id_fails_the_build(repo, tmp_path):
    # Withdraw 6.4 in a release, then bring the ID back as a new clause.
    replace(repo, "docs/code/6-payment-mechanisms.md", '  - id: "6.4"\n',
            '  - id: "6.4"\n    withdrawn:\n      in: "1.1"\n      reason: A test withdrawal.\n')
    with open(repo / "data/changes.yml", "a", encoding="utf-8") as changes:
        changes.write('\n- version: "1.1"\n  clauses: ["6.4"]\n  type: withdrawn\n'
                      "  reason: Test.\n  source: A test.\n")
    drop_references(repo, "6.4")
    commit(repo)
    result = release(repo, "1.1")
    assert result.returncode == 0, result.stderr
    commit(repo)
    replace(repo, "docs/code/6-payment-mechanisms.md",
            '    withdrawn:\n      in: "1.1"\n      reason: A test withdrawal.\n', "")
    result = mkdocs_build(repo, tmp_path / "out")
    assert result.returncode != 0
    assert ("clause 6.4 was withdrawn in 1.1 and its ID cannot be used again. Give the new "
            "clause the next unused number instead.") in result.stderr


def test_a_change_record_naming_an_unknown_clause_fails_the_build(project_copy, tmp_path):
    with open(project_copy / "data/changes.yml", "a", encoding="utf-8") as changes:
        changes.write('\n- version: "1.1"\n  clauses: ["9.1"]\n  type: added\n'
                      "  reason: Nothing.\n  source: A test.\n")
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert re.search(r"data/changes\.yml, line \d+, clause 9\.1: the change record names an "
                     r"unknown clause\. Check the ID against the code pages\.", result.stderr)


def test_a_change_record_naming_an_unknown_consultation_record_fails(project_copy, tmp_path):
    replace(project_copy, "data/changes.yml", 'consultation: ["C-2012-01"]',
            'consultation: ["C-2099-01"]')
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "names unknown consultation record 'C-2099-01'" in result.stderr

"""Release snapshots, the release script and the rules that keep clause IDs permanent.

The release script runs on a throwaway git copy of the project.
"""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys

import pytest
from code_of_practice.testing import ROOT, mkdocs_build, read_html
from code_of_practice.model.ids import dotted_key
from code_of_practice.model.project import load_project
from code_of_practice.model.releases import STATUSES, load_releases
from code_of_practice.model.yaml_lines import load_yaml_file

COP = [sys.executable, "-m", "code_of_practice.cli"]


def git(project, *args):
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, text=True)


def release(project, version, summary="A test release."):
    return subprocess.run(COP + ["--root", str(project), "release", "--version", version, "--status",
                                 "published", "--date", datetime.date.today().isoformat(),
                                 "--summary", summary],
                          capture_output=True, text=True)


def next_version(project) -> str:
    """The version data/edition.yml says main is working towards."""
    return str(load_yaml_file(project / "data/edition.yml", project)["next_version"])


def after(version: str) -> str:
    major, minor = dotted_key(version)
    return f"{major}.{minor + 1}"


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
    assert releases, "releases/ holds no snapshot"
    assert all(r.status in STATUSES and r.content["clauses"] for r in releases)


def test_a_snapshot_edited_by_hand_fails_the_build(project_copy, tmp_path):
    latest = load_releases(project_copy)[-1]
    replace(project_copy, latest.source, f'"status": "{latest.status}"', '"status": "approved"')
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert (f"{latest.source}: the snapshot does not match its checksum, so it was edited "
            "by hand. Snapshots are never edited; restore it from git.") in result.stderr


def test_release_cycle_from_unreleased_change_to_badge(repo, tmp_path):
    # Release the working version as it stands (every change in it is recorded).
    if not load_project(repo).edition["released"]:
        result = release(repo, next_version(repo))
        assert result.returncode == 0, result.stderr
        commit(repo, "Release the working version")
    latest, v = load_releases(repo)[-1].version, next_version(repo)
    assert release(repo, v).stderr.strip().endswith(f"nothing has changed since version {latest}.")
    a, b = v.replace(".", "-"), latest.replace(".", "-")

    # Change the wording of one clause, with no other edit.
    replace(repo, "docs/code/8-data-sharing.md", "As the prime contractor",
            "As the lead prime contractor")
    out = tmp_path / "unreleased"
    assert mkdocs_build(repo, out).returncode == 0
    changelog = read_html(out, "changes/changelog/")
    assert f'id="version-{a}"' in changelog and "unreleased changes" in changelog
    assert re.search(rf'id="version-{a}-clause-8-\d"', changelog)
    assert '<ins class="redline-ins"><span class="visually-hidden">[added: </span>lead' in changelog
    assert "No change record yet" in changelog
    assert f"Changed in {v} (unreleased)" in read_html(out, "code/8-data-sharing/")

    # The release script refuses a dirty tree, then a change without a record.
    refused = release(repo, v)
    assert refused.returncode == 1
    assert "the working tree is not clean" in refused.stderr
    commit(repo)
    refused = release(repo, v)
    assert refused.returncode == 1
    clause_id = re.search(r"  - (8\.\d) \(changed\)", refused.stderr).group(1)
    assert f"have no change record for {v} in data/changes.yml" in refused.stderr

    # Record the reason; the release goes through and the clause gets its badge.
    with open(repo / "data/changes.yml", "a", encoding="utf-8") as changes:
        changes.write(f'\n- version: "{v}"\n  clauses: ["{clause_id}"]\n  type: reworded\n'
                      "  reason: >-\n    Test wording.\n  source: A test of the release cycle.\n")
    commit(repo)
    result = release(repo, v)
    assert result.returncode == 0, result.stderr
    assert f'next_version: "{after(v)}"' in (repo / "data/edition.yml").read_text()
    snapshot = json.loads((repo / f"releases/{v}.json").read_text(encoding="utf-8"))
    assert snapshot["version"] == v and snapshot["status"] == "published"
    commit(repo, f"Release {v}")
    out = tmp_path / "released"
    assert mkdocs_build(repo, out).returncode == 0
    changelog = read_html(out, "changes/changelog/")
    section = changelog[changelog.index(f'id="version-{a}"'):changelog.index(f'id="version-{b}"')]
    assert f"clause-{clause_id.replace('.', '-')}" in section and "Test wording." in section
    assert "unreleased changes" not in section
    assert f"Changed in {v}</a>" in read_html(out, "code/8-data-sharing/")
    assert f"version {v} already exists" in release(repo, v).stderr


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
    v = next_version(repo)
    replace(repo, "docs/code/6-payment-mechanisms.md", '  - id: "6.4"\n',
            f'  - id: "6.4"\n    withdrawn:\n      in: "{v}"\n      reason: >-\n        A test withdrawal.\n')
    drop_references(repo, "6.4")
    relinked = [c.id for c in load_project(repo).history.versions[-1].changes if c.id != "6.4"]
    with open(repo / "data/changes.yml", "a", encoding="utf-8") as changes:
        changes.write(f'\n- version: "{v}"\n  clauses: ["6.4"]\n  type: withdrawn\n'
                      "  reason: >-\n    Test.\n  source: A test.\n")
        if relinked:
            changes.write(f'\n- version: "{v}"\n  clauses: {json.dumps(relinked)}\n'
                          "  type: relinked\n  reason: >-\n    Test.\n  source: A test.\n")
    commit(repo)
    result = release(repo, v)
    assert result.returncode == 0, result.stderr
    commit(repo)
    replace(repo, "docs/code/6-payment-mechanisms.md",
            f'    withdrawn:\n      in: "{v}"\n      reason: >-\n        A test withdrawal.\n', "")
    result = mkdocs_build(repo, tmp_path / "out")
    assert result.returncode != 0
    assert (f"clause 6.4 was withdrawn in {v} and its ID cannot be used again. Give the new "
            "clause the next unused number instead.") in result.stderr


def test_a_change_record_naming_an_unknown_clause_fails_the_build(project_copy, tmp_path):
    version = load_releases(project_copy)[-1].version
    with open(project_copy / "data/changes.yml", "a", encoding="utf-8") as changes:
        changes.write(f'\n- version: "{version}"\n  clauses: ["9.1"]\n  type: added\n'
                      "  reason: >-\n    Nothing.\n  source: A test.\n")
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert re.search(r"data/changes\.yml, line \d+, clause 9\.1: the change record names an "
                     r"unknown clause\. Check the ID against the code pages\.", result.stderr)


def test_a_change_record_naming_an_unknown_consultation_record_fails(project_copy, tmp_path):
    version = load_releases(project_copy)[-1].version
    with open(project_copy / "data/changes.yml", "a", encoding="utf-8") as changes:
        changes.write(f'\n- version: "{version}"\n  clauses: ["1.1"]\n  type: reworded\n'
                      '  reason: >-\n    Nothing.\n  consultation: ["C-2099-01"]\n')
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert ("names unknown comment record 'C-2099-01'. Add it to data/comments.yml or correct "
            "the ID.") in result.stderr

"""Release snapshots, the release script and the rules that keep clause IDs permanent.

The release script runs on a throwaway git copy of the project.
"""

from __future__ import annotations

import datetime
import json
import re
import subprocess

from pathlib import Path

import pytest
from code_of_practice.model.code import load_code
from code_of_practice.model.project import load_project
from code_of_practice.model.releases import STATUSES, load_releases, working_version
from code_of_practice.model.urls import site_url
from code_of_practice.tasks.rehearsal import (add_record, clause_to_withdraw,
                                              drop_references_to, withdraw)
from code_of_practice.testing import (ROOT, build_refusal, read_html, record_change,
                                      run_cop)



def git(project, *args):
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, text=True)


def release(project, version, summary="A test release."):
    return run_cop("--root", str(project), "release", "--version", version, "--status",
                   "published", "--date", datetime.date.today().isoformat(), "--summary", summary)


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


def next_after(version):
    major, minor = version.split(".")
    return f"{major}.{int(minor) + 1}"


@pytest.fixture
def released(repo):
    """The copy with its working version released, if it had unreleased changes:
    a state with at least one release and nothing changed since it."""
    project = load_project(repo)
    if not project.edition["released"]:
        result = release(repo, project.edition["version"])
        assert result.returncode == 0, result.stderr
        commit(repo, "Release")
    return repo


def test_every_snapshot_parses_and_matches_its_checksum(root):
    releases = load_releases(root)
    assert all(r.status in STATUSES and r.content["clauses"] for r in releases)
    for snapshot in releases:
        data = json.loads((root / snapshot.source).read_text(encoding="utf-8"))
        assert data["version"] == snapshot.version == Path(snapshot.source).stem
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", snapshot.date), snapshot.source
        assert snapshot.status and snapshot.summary
    # Each release differs from the one before it.
    for old, new in zip(releases, releases[1:]):
        assert old.content != new.content, f"{new.version} repeats {old.version}"


def test_a_snapshot_edited_by_hand_fails_the_build(released, tmp_path):
    latest = load_releases(released)[-1]
    replace(released, latest.source, f'"status": "{latest.status}"', '"status": "approved"')
    assert (f"{latest.source}: the snapshot does not match its checksum, so it was edited "
            "by hand. Snapshots are never edited; restore it from git.") in build_refusal(released)


WORDING = ("As the prime contractor", "As the lead prime contractor")


def test_release_cycle_from_unreleased_change_to_release(released):
    """From a fresh release: a change with no record, or a record of the wrong
    type, stops the build and the release with the clause and the record it
    lacks; with a fitting record the release goes through, once. (What the
    site shows before the release is checked on the session's `two_versions`
    build below; after it, by the release rehearsal, tasks/rehearsal.py
    fast_checks: the section, the reasons, the badge.)"""
    repo = released
    latest = load_project(repo).edition["version"]
    following = working_version(repo)
    assert release(repo, following).stderr.strip().endswith(
        f"nothing has changed since version {latest}.")

    # Change the wording of one clause, with no record: the build itself fails,
    # naming the clause and the record it lacks.
    replace(repo, "docs/code/8-data-sharing.md", *WORDING)
    clause_id = next(c.id for c in load_code(repo).clauses if "lead prime" in c.text)
    refusal = build_refusal(repo)
    assert re.search(
        rf"docs/code/8-data-sharing\.md, line \d+, clause {re.escape(clause_id)}: its \"Text\" "
        rf"changed since release {re.escape(latest)} and needs a record of type reworded or "
        r"split or merged or moved\. Add to data/changes\.yml a record with version: "
        rf'"{re.escape(following)}", clauses: \["{re.escape(clause_id)}"\], type: reworded',
        refusal), refusal

    # A record of the wrong type does not cover it.
    record_change(repo, clause_id, "relinked", "Test links.")
    refusal = build_refusal(repo)
    assert re.search(r"Its record\(s\) in data/changes\.yml \(line \d+: relinked\) do not "
                     r"cover that\.", refusal), refusal

    # The release script refuses a dirty tree, then a change without a fitting record.
    refused = release(repo, following)
    assert refused.returncode == 1
    assert "the working tree is not clean" in refused.stderr
    commit(repo)
    refused = release(repo, following)
    assert refused.returncode == 1
    assert f'clause {clause_id}: its "Text" changed since release {latest}' in refused.stderr

    # With a record of a fitting type the build would pass, and the release goes through.
    record_change(repo, clause_id, "reworded", "Test wording.")
    assert build_refusal(repo) == ""
    commit(repo)
    result = release(repo, following)
    assert result.returncode == 0, result.stderr
    snapshot = json.loads((repo / f"releases/{following}.json").read_text(encoding="utf-8"))
    assert snapshot["version"] == following and snapshot["status"] == "published"
    frozen = next(c for c in snapshot["content"]["clauses"] if c["id"] == clause_id)
    assert "lead prime" in frozen["text"]
    commit(repo, f"Release {following}")
    assert f"version {following} already exists" in release(repo, following).stderr


def test_an_unreleased_change_shows_in_the_changelog_and_on_its_clause(two_versions):
    """A clause reworded, with its record, since the latest release (the
    session's `two_versions` build): the changelog's section for the working
    version says its changes are unreleased and lists the clause with its
    redline, and the clause says it changed in that version, unreleased."""
    from code_of_practice.tasks.rehearsal import clause_block

    project, site = two_versions
    following = working_version(project)
    before = {c.id: c.text for c in load_code(ROOT).clauses}
    clause = next(c for c in load_code(project).active_clauses if c.text != before.get(c.id))
    anchor = "version-" + following.replace(".", "-")
    changelog = read_html(site, "changes/changelog/")
    assert f'id="{anchor}"' in changelog and "unreleased changes" in changelog
    assert f'id="{anchor}-clause-{clause.id.replace(".", "-")}"' in changelog
    # add_working_change (code_of_practice.testing) puts "lead" for "prime".
    assert '<ins class="redline-ins"><span class="visually-hidden">[added: </span>lead' in changelog
    page = read_html(site, site_url(clause.page))
    assert f">Changed in {following} (unreleased)</a>" in clause_block(page, clause.anchor)


def test_the_release_hints_say_merge_a_pull_request_then_tag(released):
    replace(released, "docs/code/8-data-sharing.md", *WORDING)
    clause_id = next(c.id for c in load_code(released).clauses if "lead prime" in c.text)
    version = record_change(released, clause_id, "reworded")
    commit(released)
    result = release(released, version)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "pull request" in out
    assert out.index("pull request") < out.index(f"git tag v{version}")
    assert f"git push origin v{version}" in out
    assert "git push origin main" not in out


def test_removing_a_released_clause_without_withdrawal_fails_the_build(project_copy, tmp_path):
    page = project_copy / "docs/code/6-payment-mechanisms.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r'  - id: "6\.5".*?(?=\n---)', "", text, count=1, flags=re.S),
                    encoding="utf-8")
    drop_references(project_copy, "6.5")
    assert re.search(r"clause 6\.5 \(.*?\) was removed\. A released clause is never deleted: "
                     r"put it back with a 'withdrawn' field", build_refusal(project_copy))


def withdraw_one(project, version):
    """Withdraw a clause (chosen from the model), with its record, and take it
    out of the clauses that refer to it; return the clause and its page's text
    from before."""
    loaded = load_project(project)
    clause = clause_to_withdraw(loaded, set())
    page = project / clause.source
    drop_references_to(project, loaded, clause, version, "A test relinking.")
    before = page.read_text(encoding="utf-8")
    withdraw(project, clause, version, "A test withdrawal.")
    record_change(project, clause.id, "withdrawn")
    return clause, page, before


def test_reusing_a_retired_id_fails_the_build(repo, tmp_path):
    # Withdraw a clause in a release, then bring the ID back as a new clause.
    version = working_version(repo)
    clause, page, before = withdraw_one(repo, version)
    commit(repo)
    result = release(repo, version)
    assert result.returncode == 0, result.stderr
    commit(repo)
    page.write_text(before, encoding="utf-8")
    assert (f"clause {clause.id} was withdrawn in {version} and its ID cannot be used again. "
            "Give the new clause the next unused number instead.") in build_refusal(repo)


def test_withdrawn_in_must_be_the_version_being_worked_on(released, tmp_path):
    # An earlier release exists, but the clause was not withdrawn in it.
    earlier = load_releases(released)[-1].version
    version = working_version(released)
    clause, page, _ = withdraw_one(released, version)
    replace(released, clause.source, f'in: "{version}"', f'in: "{earlier}"')
    refusal = build_refusal(released)
    assert re.search(
        rf"{re.escape(clause.source)}, line \d+, clause {re.escape(clause.id)}: withdrawn in "
        rf"'{re.escape(earlier)}', but it is withdrawn in the version being worked on, "
        rf"{re.escape(version)} \(next_version in data/edition\.yml\)\. Write in: "
        rf'"{re.escape(version)}"\.', refusal), refusal


def test_withdrawn_in_of_a_released_withdrawal_is_the_release(released, tmp_path):
    version = working_version(released)
    clause, page, _ = withdraw_one(released, version)
    commit(released)
    result = release(released, version)
    assert result.returncode == 0, result.stderr
    commit(released)
    # Later, someone "corrects" the version of the old withdrawal.
    later = working_version(released)
    replace(released, clause.source, f'in: "{version}"', f'in: "{later}"')
    record_change(released, clause.id, "withdrawn")
    assert (f"clause {clause.id}: withdrawn in '{later}', but it was withdrawn in release "
            f'{version}. Write in: "{version}".') in build_refusal(released)


def test_a_change_record_naming_an_unknown_clause_fails_the_build(project_copy, tmp_path):
    add_record(project_copy, working_version(project_copy), "9.1", "added", "Nothing.")
    assert re.search(r"data/changes\.yml, line \d+, clause 9\.1: the change record names an "
                     r"unknown clause\. Check the ID against the code pages\.",
                     build_refusal(project_copy))


def test_a_change_record_naming_an_unknown_consultation_record_fails(project_copy, tmp_path):
    clause = load_code(project_copy).active_clauses[0]
    with open(project_copy / "data/changes.yml", "a", encoding="utf-8") as changes:
        changes.write(f'\n- version: "{working_version(project_copy)}"\n'
                      f'  clauses: ["{clause.id}"]\n  type: reworded\n'
                      '  reason: >-\n    A test.\n  consultation: ["C-2099-01"]\n')
    assert ("names unknown comment record 'C-2099-01'. Add it to data/comments.yml or correct "
            "the ID.") in build_refusal(project_copy)


def test_a_consultation_s_id_in_a_record_says_the_field_takes_comment_ids(project_copy):
    consultation = next(iter(load_project(project_copy).history.consultations), None)
    cons_id = consultation.id if consultation else "CONS-2026-01"
    clause = load_code(project_copy).active_clauses[0]
    with open(project_copy / "data/changes.yml", "a", encoding="utf-8") as changes:
        changes.write(f'\n- version: "{working_version(project_copy)}"\n'
                      f'  clauses: ["{clause.id}"]\n  type: reworded\n'
                      f'  reason: >-\n    A test.\n  consultation: ["{cons_id}"]\n')
    refusal = build_refusal(project_copy)
    assert re.search(r"data/changes\.yml, line \d+: consultation lists the comments that led to "
                     r"this change, by their IDs in data/comments\.yml \(such as \"C-2026-01\"\), "
                     rf"not the ID of a consultation \('{cons_id}'\)\. Each comment there names "
                     rf"its consultation \(its 'consultation: {cons_id}' field\)", refusal), refusal
    assert "unknown comment record" not in refusal


def test_a_record_for_another_version_is_told_the_working_version_alone(project_copy):
    version = working_version(project_copy)
    wrong = next_after(next_after(version))
    clause = load_code(project_copy).active_clauses[0]
    add_record(project_copy, wrong, clause.id, "reworded", "A test.")
    refusal = build_refusal(project_copy)
    assert re.search(rf"data/changes\.yml, line \d+: version '{re.escape(wrong)}' is neither a "
                     r"release nor the working version\. A change made now is recorded for the "
                     rf'working version: write version: "{re.escape(version)}"', refusal), refusal
    assert "Use one of" not in refusal.split(f"'{wrong}'")[1].split("\n")[0]


def test_deleting_a_released_clause_others_refer_to_says_it_was_deleted(project_copy):
    released = load_releases(project_copy)[-1].clauses
    code = load_code(project_copy)
    clause = next(c for c in code.active_clauses if c.id in released
                  and any(c.id in o.related for o in code.clauses))
    page = project_copy / clause.source
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(rf'  - id: "{re.escape(clause.id)}".*?(?=\n  - id: |\n---)', "",
                           text, count=1, flags=re.S), encoding="utf-8")
    refusal = build_refusal(project_copy)
    first = refusal.splitlines()[1]
    assert re.search(rf"{re.escape(clause.source)}: clause {re.escape(clause.id)} \(.*?\) was "
                     rf"deleted, but it is in release {re.escape(load_releases(project_copy)[-1].version)} "
                     r"and other clauses still refer to it\. A released clause is never deleted: "
                     r"put it back on its page with a 'withdrawn' field", first), refusal
    assert f"reference to unknown clause '{clause.id}'" in refusal

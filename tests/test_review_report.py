"""scripts/review_report.py: the clause-by-clause report for a pull request.

Each test makes a throwaway git repository holding a copy of the project,
commits it, changes the clauses, commits again and reads the report.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from code_of_practice.model.code import load_code, split_front_matter

from code_of_practice.testing import (ROOT, copy_project, dump_front_matter, free_clause,
                                      run_cop)
PARTS = ("mkdocs.yml", "docs", "data", "macros", "releases")
GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], env=GIT_ENV,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)


@pytest.fixture
def repo(tmp_path) -> Path:
    repo = copy_project(ROOT, tmp_path / "repo", PARTS)
    git(repo, "init", "-q")
    commit(repo, "base")
    return repo


def run_report(repo: Path, *extra: str) -> subprocess.CompletedProcess:
    return run_cop("review-report", "--base", "HEAD~1", "--head", "HEAD",
                   "--repo", str(repo), *extra)


def edit_front_matter(path: Path, change) -> None:
    """Load a principle page's front matter, let `change` edit it, write it back."""
    text = path.read_text(encoding="utf-8")
    front, body, _ = split_front_matter(text, str(path))
    data = yaml.safe_load(front)
    change(data)
    dumped = dump_front_matter(data)
    path.write_text("---\n" + dumped + "---\n" + body, encoding="utf-8")


def pick_page(repo: Path, need_active: int = 3):
    """A principle page with enough active clauses, and its code model."""
    code = load_code(repo)
    for principle in code.principles:
        if len(principle.active_clauses) >= need_active:
            return code, principle
    pytest.skip("no principle has enough active clauses")


def clause_sections(report: str) -> dict[str, tuple[str, str]]:
    """{clause ID: (section heading, text under the clause's heading)}."""
    sections = {}
    current = None
    for block in re.split(r"(?m)^(?=#{3,4} )", report):
        if block.startswith("### "):
            current = block.splitlines()[0][4:].strip()
        elif block.startswith("#### "):
            heading = block.splitlines()[0][5:]
            match = re.match(r"(\d+\.\d+) ", heading)
            if match:
                sections[match.group(1)] = (current, block)
    return sections


def summary(report: str) -> str:
    return next(line for line in report.splitlines() if line.startswith("**Summary:**"))


def test_reports_exactly_the_changed_clauses(repo):
    code, principle = pick_page(repo)
    path = repo / principle.clauses[0].source
    active = principle.active_clauses
    reworded, reaudienced = active[0], active[1]
    new_id = f"{principle.number}.{max(c.number for c in principle.clauses) + 1}"

    old_words = reworded.text.split()
    old_word = old_words[3]
    new_text = " ".join(old_words[:3] + ["REPLACEDWORD"] + old_words[4:])
    audiences = list(reaudienced.audiences)
    if "commissioner" in audiences:
        audiences.remove("commissioner")
        if not audiences:
            audiences = ["prime"]
        audience_change = "removed `commissioner`"
    else:
        audiences.append("commissioner")
        audience_change = "added `commissioner`"

    def change(data):
        by_id = {c["id"]: c for c in data["clauses"]}
        by_id[reworded.id]["text"] = new_text
        by_id[reaudienced.id]["applies_to"] = audiences
        data["clauses"].append({
            "id": new_id,
            "title": "Tell partners about the test",
            "applies_to": ["prime"],
            "text": "As the prime contractor, you must tell partners about the test.",
            "question": "Do you tell partners about the test?",
            "ask_prime": "Does your prime contractor tell you about the test?",
            "evidence": ["A record of telling partners."],
        })

    edit_front_matter(path, change)
    (repo / "docs" / "index.md").write_text("Changed prose.\n", encoding="utf-8")
    commit(repo, "head")

    result = run_report(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    report = result.stdout
    sections = clause_sections(report)
    assert set(sections) == {reworded.id, reaudienced.id, new_id}, report
    assert "1 added, 2 changed, 0 withdrawn, 0 removed without withdrawal" in summary(report)

    kind, text = sections[reworded.id]
    assert kind == "Changed"
    assert "**Text:**" in text
    assert f"~~[-{old_word}-]~~" in text
    assert "**{+REPLACEDWORD+}**" in text
    assert "**Applies to:**" not in text

    kind, text = sections[reaudienced.id]
    assert kind == "Changed"
    assert "**Applies to:**" in text and audience_change in text
    assert "**Text:**" not in text

    kind, text = sections[new_id]
    assert kind == "Added"
    assert "Tell partners about the test" in text
    assert "you must tell partners about the test" in text
    # What a partner will ask its prime, as a reviewer must see it too.
    assert "Does your prime contractor tell you about the test?" in text

    assert "No clause changes" not in report
    assert "Problem" not in report


def test_no_clause_change(repo):
    code, principle = pick_page(repo)
    path = repo / principle.clauses[0].source
    # Reformat the front matter without changing any value, and change the prose.
    edit_front_matter(path, lambda data: None)
    with path.open("a", encoding="utf-8") as page:
        page.write("\nA new paragraph of prose.\n")
    commit(repo, "prose only")
    assert git(repo, "diff", "--stat", "HEAD~1", "HEAD").strip(), "nothing was changed"

    result = run_report(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    report = result.stdout
    assert "No clause changes: this pull request changes no commitments." in report
    assert clause_sections(report) == {}
    assert "0 added, 0 changed, 0 withdrawn, 0 removed without withdrawal" in summary(report)


def unreferenced_clause(repo: Path):
    """An active clause that no other clause refers to, on a page with others:
    references to it are taken out and committed, so the report's base has none."""
    clause = free_clause(repo)
    commit(repo, "no references to the clause the test changes")
    return clause


def test_deleting_a_clause_is_flagged(repo):
    victim = unreferenced_clause(repo)
    edit_front_matter(repo / victim.source, lambda data: data.__setitem__(
        "clauses", [c for c in data["clauses"] if c["id"] != victim.id]))
    commit(repo, "delete a clause")

    result = run_report(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    report = result.stdout
    assert "0 added, 0 changed, 0 withdrawn, 1 removed without withdrawal" in summary(report)
    assert "**Problem:**" in report
    assert "`withdrawn`" in report
    sections = clause_sections(report)
    assert set(sections) == {victim.id}
    assert sections[victim.id][0] == "Removed without withdrawal"

    strict = run_report(repo, "--strict")
    assert strict.returncode == 1


def test_withdrawing_a_clause_properly_is_not_a_problem(repo):
    victim = unreferenced_clause(repo)

    def withdraw(data):
        for clause in data["clauses"]:
            if clause["id"] == victim.id:
                clause["withdrawn"] = {"in": "9.9", "reason": "No longer needed."}

    edit_front_matter(repo / victim.source, withdraw)
    commit(repo, "withdraw a clause")

    result = run_report(repo, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    report = result.stdout
    assert "0 added, 0 changed, 1 withdrawn, 0 removed without withdrawal" in summary(report)
    assert "Problem" not in report
    kind, text = clause_sections(report)[victim.id]
    assert kind == "Withdrawn"
    assert "No longer needed." in text


def test_invalid_code_is_reported_and_fails(repo):
    code, principle = pick_page(repo)
    clause = principle.active_clauses[0]

    def break_it(data):
        for raw in data["clauses"]:
            if raw["id"] == clause.id:
                raw["applies_to"] = ["partners"]

    edit_front_matter(repo / clause.source, break_it)
    commit(repo, "break a clause")

    result = run_report(repo)
    assert result.returncode == 1
    assert "could not be read" in result.stdout
    assert f"clause {clause.id}: unknown audience 'partners'" in result.stdout


def test_records_checklists_and_changes_of_commitment_are_listed(repo):
    from code_of_practice.model.checklists import checklists_for
    from code_of_practice.model.releases import working_version
    from code_of_practice.model.project import load_project
    from code_of_practice.tasks.rehearsal import add_record
    from code_of_practice.tasks.release import release

    # The test needs a working version with no change records yet: if the
    # project's has some, release it first (in this copy), as a maintainer would.
    if any(r.version == working_version(repo) for r in load_project(repo).history.records):
        release(repo, working_version(repo), "draft", datetime.date.today().isoformat(),
                "A test release.")
        commit(repo, "release the working version")
    code = load_code(repo)
    version = working_version(repo)
    modal = next(c for c in code.active_clauses if re.search(r"\bshould\b", c.text)
                 and not re.search(r"\bmust\b", c.text))
    principle = code.principle(modal.principle)
    moved = next(c for c in principle.active_clauses
                 if c.id != modal.id and "commissioner" not in c.audiences)
    victim = unreferenced_clause(repo)
    new_id = f"{principle.number}.{max(c.number for c in principle.clauses) + 1}"

    def change(data):
        by_id = {c["id"]: c for c in data["clauses"]}
        by_id[modal.id]["text"] = re.sub(r"\bshould\b", "must", by_id[modal.id]["text"])
        by_id[moved.id]["applies_to"] = list(moved.audiences) + ["commissioner"]
        data["clauses"].append({
            "id": new_id, "title": "Tell partners about the test", "applies_to": ["partner"],
            "text": "As the prime contractor, you must tell partners about the test.",
            "question": "Do you tell partners about the test?",
            "evidence": ["A record of telling partners."]})

    edit_front_matter(repo / modal.source, change)
    if victim.source == modal.source:
        victim = next(c for c in load_code(repo).active_clauses if c.id == victim.id)
    edit_front_matter(repo / victim.source, lambda data: [
        c.__setitem__("withdrawn", {"in": version, "reason": "No longer needed."})
        for c in data["clauses"] if c["id"] == victim.id])
    add_record(repo, version, modal.id, "reworded", "Made <b>firm</b> after comments.")
    add_record(repo, version, moved.id, "relinked", "A record of the wrong type.")
    add_record(repo, version, victim.id, "withdrawn", "Covered elsewhere.")
    commit(repo, "head")

    result = run_report(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    report = result.stdout
    flags = report[report.index("### Changes of commitment: two maintainers approve"):]
    flags = flags[:flags.index("\n### ", 5)]
    assert f'- **{modal.id}:** "should" becomes "must"' in flags
    assert f"- **{moved.id}:** whom it applies to changes" in flags
    assert f"- **{new_id}:** a new clause" in flags
    assert f"- **{victim.id}:** a withdrawal" in flags

    sections = clause_sections(report)
    text = sections[modal.id][1]
    assert re.search(r"- \*\*Change record:\*\* `reworded` \(`data/changes.yml`, line \d+\): "
                     r"Made &lt;b&gt;firm&lt;/b&gt; after comments\.", text), text
    assert "Change record needed" not in text
    text = sections[moved.id][1]
    assert "`relinked`" in text
    assert (f'- **Change record needed:** its "Applies to" changed, so the build needs a record '
            f"for {version} of type `reworded` or `split` or `merged` or `moved`") in text
    assert "- **Joins:** Checklist for commissioners" in text
    text = sections[new_id][1]
    assert "- **Change record needed:** the clause is new, so the build needs" in text
    assert "`added`" in text
    joined = [c.title for c in checklists_for(load_code(repo), load_code(repo).clause(new_id))]
    assert f"- **Joins:** {', '.join(joined)}" in text
    text = sections[victim.id][1]
    assert "`withdrawn`" in text and "Covered elsewhere." in text
    left = [c.title for c in checklists_for(code, victim)]
    assert f"- **Leaves:** {', '.join(left)}" in text

"""The contributor's path, followed literally: the web path's change record
(the example the site's Contribute page shows, for the working version) and
`make check` (cop check) lead from an edit to a green check, with no failing
step in between; what is wrong is said with the file, the line and the fix."""

from __future__ import annotations

import re
import subprocess

import pytest
import yaml

from code_of_practice.engine_adapter import define_env
from code_of_practice.model.code import load_code
from code_of_practice.model.releases import working_version
from code_of_practice.testing import ROOT, FakeMacrosEnv, build_refusal, copy_project, read_html


def example(project) -> str:
    """The record the Contribute page shows, as the YAML a contributor pastes."""
    env = FakeMacrosEnv(project, page="contribute/index.md")
    define_env(env)
    block = env.macros["change_record_example"]()
    assert block.startswith("```yaml\n") and block.endswith("\n```")
    return block.removeprefix("```yaml\n").removesuffix("\n```")


def test_the_example_record_is_for_the_working_version_and_needs_no_pull_request(root):
    record = yaml.safe_load(example(root))[0]
    assert record["version"] == working_version(root)
    assert record["type"] == "reworded" and record["reason"] and record["source"]
    assert "pull_request" not in record
    assert record["clauses"][0] in {c.id for c in load_code(root).active_clauses}


def test_the_contribute_page_shows_the_example_inside_its_steps(site, root):
    html = read_html(site, "contribute/")
    import html as html_lib

    shown = html_lib.unescape(re.sub(r"<[^>]+>", "", html))  # the code block, highlighted
    assert f'version: "{working_version(root)}"' in shown
    # Inside the fifth step of the list, not breaking it.
    steps = re.search(r"<ol>(.*?)</ol>", html.split('id="suggest-a-change"', 1)[1], re.S)[1]
    assert steps.count("<li>") >= 7 and "data/changes.yml" in steps and "<code" in steps


def test_a_wording_change_with_the_pasted_record_passes_the_checks(project_copy):
    """The web path: change the words, paste the example with the clause's ID."""
    record = example(project_copy)  # the page is built before the edit
    clause = load_code(project_copy).active_clauses[0]
    page = project_copy / clause.source
    text = page.read_text(encoding="utf-8")
    first = " ".join(clause.text.split()[:2])
    assert first in text
    start = text.index(f'id: "{clause.id}"')
    at = text.index(first, start)
    page.write_text(text[:at] + "Where it can, " + first[0].lower() + first[1:] + text[at + len(first):],
                    encoding="utf-8")
    # Without the record, the check names the clause and the record it needs.
    assert f"clause {clause.id}: its \"Text\" changed" in build_refusal(project_copy)
    with open(project_copy / "data" / "changes.yml", "a", encoding="utf-8") as changes:
        changes.write("\n" + record + "\n")  # the example names this clause already
    assert build_refusal(project_copy) == ""


GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]


@pytest.mark.build
def test_make_check_goes_from_an_edit_to_green_and_shows_the_review_summary(tmp_path):
    """cop check on a git copy: a bad edit fails at the data step with the
    message (and still prints the review summary); with the fix and its
    record, every step passes and the summary lists the clause."""
    from code_of_practice.tasks.quick_check import run

    repo = copy_project(ROOT, tmp_path / "repo")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*GIT, "commit", "-qm", "base"], cwd=repo, check=True)
    subprocess.run(["git", "checkout", "-q", "-b", "my-change"], cwd=repo, check=True)
    record = example(repo)  # as the Contribute page showed it before the edit
    clause = load_code(repo).active_clauses[0]
    page = repo / clause.source
    text = page.read_text(encoding="utf-8")
    start = text.index(f'id: "{clause.id}"')
    at = text.index(f"title: {clause.title}\n", start)
    page.write_text(text[:at] + "title: A clearer title\n"
                    + text[at + len(f"title: {clause.title}\n"):], encoding="utf-8")

    from contextlib import redirect_stdout
    import io

    out = io.StringIO()
    with redirect_stdout(out):
        assert run(repo, base="main", site_dir=tmp_path / "site") == 1
    shown = out.getvalue()
    assert "1. Data and pages: FAILED" in shown
    assert re.search(rf"{re.escape(clause.source)}, line \d+, clause {re.escape(clause.id)}: "
                     r"its \"Title\" changed", shown), shown
    assert "2. Strict build" not in shown and "4. Review summary" in shown

    with open(repo / "data" / "changes.yml", "a", encoding="utf-8") as changes:
        changes.write("\n" + record + "\n")  # the example names this clause already
    out = io.StringIO()
    with redirect_stdout(out):
        assert run(repo, base="main", site_dir=tmp_path / "site") == 0, out.getvalue()
    shown = out.getvalue()
    for step in ("1. Data and pages: passed", "2. Strict build: passed",
                 "3. Untrusted content: "):
        assert step in shown, shown
    assert "A clearer title" in shown.split("4. Review summary", 1)[1]
    assert "cop check: passed" in shown


def test_the_quick_check_finds_a_page_that_loads_from_another_site(tmp_path):
    from code_of_practice.tasks.quick_check import fetched_from_elsewhere

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<a href="https://example.org/">a link to follow is fine</a>'
        '<img src="https://tracker.example/x.png"><script src="//cdn.example/x.js"></script>'
        '<link rel="stylesheet" href="http://127.0.0.1:8000/local.css">', encoding="utf-8")
    found = fetched_from_elsewhere(tmp_path)
    assert found == [
        "a/index.html: <img> loads https://tracker.example/x.png: serve it from the site "
        "itself (docs/assets/).",
        "a/index.html: <script> loads //cdn.example/x.js: serve it from the site itself "
        "(docs/assets/)."]

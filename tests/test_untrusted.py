"""Contributed text is untrusted (issue 12): every class of dangerous or
malformed input, fed to the parser, a strict build or the task concerned,
with the exact message it gives; and valid but tricky text, built and opened
in headless Chromium, showing as written with no script run.

Each failure test names its bad input and the message it expects.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import html
import io
import json
import os
import re
import subprocess
import textwrap
import time
from pathlib import Path

import pytest
import yaml

from code_of_practice.model.code import (Frameworks, build_code, load_code,
                                         parse_principle_page, split_front_matter)
from code_of_practice.model.project import Project
from code_of_practice.model.yaml_lines import DataError, load_yaml
from code_of_practice.outputs.csv_files import csv_rows, write_csv
from code_of_practice.outputs.exports import code_export
from code_of_practice.render.escape import gfm, json_in_html
from code_of_practice.render.site import PageMacros
from code_of_practice.tasks import release as release_task
from code_of_practice.tasks.review_report import Comparison, compare, error_report, report
from code_of_practice.testing import (ROOT, copy_project, dump_front_matter,
                                      free_clause, mkdocs_build, read_html, serve,
                                      zensical_build)

SOURCE = "docs/code/3-capacity-building.md"
BLOCK = ("must be written as a block. Put '>-' after '{key}:' and write the text on the "
         "lines below it, indented two more spaces. On one line, YAML would cut the text "
         "at a ' #' and read the rest as a comment.")

CLAUSE = """\
  - id: "3.1"
    title: Build the capacity of every partner
    applies_to: [prime, partner]
    text: >-
      As the prime contractor, you help each partner grow.
    question: Does the prime contractor help each partner grow?
    evidence:
      - A development plan for each partner.
"""


TODAY = datetime.date.today().isoformat()


@pytest.fixture(scope="module")
def frameworks():
    return Frameworks.load(ROOT / "data" / "frameworks.yml", ROOT)


def errors_for(frameworks, clause: str = CLAUSE, statement: str = ">-\n  Build it.") -> list[str]:
    text = f"---\nprinciple: 3\ntitle: Capacity\nstatement: {statement}\nclauses:\n{clause}---\n"
    errors: list[str] = []
    principle = parse_principle_page(text, SOURCE, frameworks, errors)
    build_code([principle] if principle else [], frameworks, errors)
    return errors


def test_the_clause_used_below_is_valid(frameworks):
    assert errors_for(frameworks) == []


# -- IDs: in full, ASCII digits, no leading zero --------------------------------------

@pytest.mark.parametrize("written, shown", [
    ('"03.1"', "'03.1'"),           # a leading zero
    ('"3.1\\n"', "'3.1\\n'"),       # a trailing newline
    ('"３.１"', "'３.１'"),          # full-width digits
    ('" 3.1"', "' 3.1'"),           # a space before
])
def test_a_clause_id_is_matched_in_full_in_ascii_digits(frameworks, written, shown):
    errors = errors_for(frameworks, CLAUSE.replace('"3.1"', written))
    assert errors == [
        f"{SOURCE}, line 7: ID {shown} is not of the form principle.number in quotes, such as "
        "\"3.2\" (digits 0 to 9, no leading zero, nothing before or after)."]


# -- text fields: block scalars only, never blank, never a list -----------------------

def test_a_text_written_on_one_line_is_refused_with_the_fix(frameworks):
    # Without '>-', YAML would end the text at ' #' and the build would pass.
    clause = CLAUSE.replace("text: >-\n      As the prime contractor, you help each partner grow.",
                            "text: You help partners #1 and #2 grow.")
    assert errors_for(frameworks, clause) == [
        f"{SOURCE}, line 10, clause 3.1: text " + BLOCK.format(key="text")]


def test_a_quoted_statement_is_refused(frameworks):
    assert errors_for(frameworks, statement='"Build it."') == [
        f"{SOURCE}, line 4: statement " + BLOCK.format(key="statement")]


def test_blank_text_and_text_as_a_list_are_refused(frameworks):
    blank = CLAUSE.replace("      As the prime contractor, you help each partner grow.", "      ")
    assert errors_for(frameworks, blank) == [
        f"{SOURCE}, line 10, clause 3.1: text is blank. Write the commitment text."]
    as_list = CLAUSE.replace("text: >-\n      As the prime", "text:\n      - As the prime")
    assert errors_for(frameworks, as_list) == [
        f"{SOURCE}, line 10, clause 3.1: text must be text, not a list. "
        + BLOCK.split(". ", 1)[1].format(key="text")]


def test_a_blank_evidence_item_is_refused(frameworks):
    clause = CLAUSE + '      - "   "\n'
    assert errors_for(frameworks, clause) == [
        f"{SOURCE}, line 13, clause 3.1: evidence has a blank item. Delete the empty '- ' "
        "line or write what good looks like on it."]


def test_moved_to_as_a_string_is_one_problem_not_three_unknown_clauses(frameworks):
    clause = CLAUSE + ('    withdrawn:\n      in: "1.0"\n      reason: >-\n        Gone.\n'
                       '      moved_to: "4.2"\n') + CLAUSE.replace('"3.1"', '"3.2"')
    assert errors_for(frameworks, clause) == [
        f"{SOURCE}, line 19, clause 3.1: moved_to must be a list, like [\"4.2\"], not the text '4.2'."]


# -- Markdown fields: no HTML, script links, attribute lists, images, bidi ------------

HTML_ADVICE = ("Text fields take Markdown only: write **bold**, *italic* or "
               "[words](https://www.gov.uk/) instead of tags, and to show a '<' sign "
               "put a space after it.")
LINK_ADVICE = ("A link may only go to an https://, http:// or mailto: address, or to a page "
               "of this site.")


@pytest.mark.parametrize("text, problem", [
    ("Help <script>alert(1)</script> them.",
     "contains raw HTML ('<script>'). " + HTML_ADVICE),
    ("Help <img src=x onerror=alert(1)> them.", "contains raw HTML ('<img'). " + HTML_ADVICE),
    ("Help them <!-- hidden", "contains raw HTML ('<!--'). " + HTML_ADVICE),
    ("See [this](javascript:alert(1)).", "links to a 'javascript:' address. " + LINK_ADVICE),
    ("See [this](&#106;avascript:alert(1)).",
     "links to a 'javascript:' address. " + LINK_ADVICE),
    ("See [this](JaVa&#09;ScRiPt:alert(1)).", "links to a 'javascript:' address. " + LINK_ADVICE),
    ("See [this](data:text/html,x).", "links to a 'data:' address. " + LINK_ADVICE),
    ("See [this][x].\n\n[x]: vbscript:msgbox", "links to a 'vbscript:' address. " + LINK_ADVICE),
    ("Help them grow.\n{: onmouseover=alert(1) }",
     "contains '{: onmouseover=alert(1) }': Markdown reads curly braces as an attribute "
     "list, which adds HTML attributes. Use round brackets instead."),
    ("Look ![x](https://tracker.example/x.png) here.",
     "contains an image ('![...](...)'). Text fields have no images: describe it in words, "
     "or link to it with [words](https://...)."),
    ("Help \u202eworg them.",
     "contains U+202E RIGHT-TO-LEFT OVERRIDE, a bidirectional control character, which can "
     "make text display in a different order from the one it is written in. Delete it: "
     "retype the words around it."),
])
def test_markdown_that_could_become_markup_is_refused(frameworks, text, problem):
    body = textwrap.indent(text, "      ")
    clause = CLAUSE.replace("      As the prime contractor, you help each partner grow.", body)
    assert errors_for(frameworks, clause) == [f"{SOURCE}, line 10, clause 3.1: text {problem}"]


def test_allowed_markdown_passes(frameworks):
    clause = CLAUSE.replace(
        "      As the prime contractor, you help each partner grow.",
        "      You help **each** partner (see [the guide](https://example.org/a?b=c#d) or\n"
        "      [write](mailto:a@example.org)); a < b and c > d & so on.")
    assert errors_for(frameworks, clause) == []


def test_a_bidi_override_in_a_plain_field_is_refused(frameworks):
    clause = CLAUSE.replace("Build the capacity", "Build the \u2067capacity")
    assert errors_for(frameworks, clause) == [
        f"{SOURCE}, line 8, clause 3.1: title contains U+2067 RIGHT-TO-LEFT ISOLATE, a "
        "bidirectional control character, which can make text display in a different order "
        "from the one it is written in. Delete it: retype the words around it."]


def test_a_text_of_several_megabytes_is_refused_at_once(frameworks):
    huge = "word " * 600_000  # 3 MB
    clause = CLAUSE.replace("      As the prime contractor, you help each partner grow.",
                            "      " + huge)
    started = time.perf_counter()
    errors = errors_for(frameworks, clause)
    assert time.perf_counter() - started < 5
    assert errors == [f"{SOURCE}, line 10, clause 3.1: text is 3000000 characters long; a text "
                      "field has at most 5000. Shorten it, or split the clause in two."]


# -- YAML: no anchors or aliases --------------------------------------------------------

BOMB = "\n".join(
    ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]) + "\n"
ALIAS_MESSAGE = ("YAML anchors and aliases ('&name', '*name') are not allowed in this "
                 "project's files. Write the value out in full where it is needed.")


def test_an_alias_is_refused_before_anything_is_built():
    with pytest.raises(DataError) as caught:
        load_yaml(BOMB, "data/changes.yml")
    assert str(caught.value) == f"data/changes.yml, line 1: {ALIAS_MESSAGE}"


def add_front_matter(path: Path, extra: str) -> None:
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        path.write_text("---\n" + extra + text[4:], encoding="utf-8")
    else:
        path.write_text("---\n" + extra + "---\n" + text, encoding="utf-8")


@pytest.mark.build
@pytest.mark.parametrize("page", ["docs/code/1-risk.md", "docs/background/compact.md"])
def test_a_billion_laughs_in_front_matter_fails_the_build_at_once(
        project_copy, tmp_path, page):
    add_front_matter(project_copy / page, BOMB)
    # No timing assertion (the machine may be busy); the timeout stops a build
    # that expands the aliases instead of refusing them.
    result = mkdocs_build(project_copy, tmp_path / "out", timeout=60)
    assert result.returncode != 0
    assert f"{page}, line 2: {ALIAS_MESSAGE}" in result.stderr
    assert "Traceback" not in result.stderr


# -- change records, the register, edition.yml and release metadata --------------------

def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def read_problems(root: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        Project.read(root)
    return [line[4:] for line in str(caught.value).splitlines() if line.startswith("  - ")]


def working_version(root: Path) -> str:
    return yaml.safe_load((root / "data" / "edition.yml").read_text())["next_version"]


def record_line(root: Path) -> int:
    """The line of the first change record in data/changes.yml, after adding a
    valid one (for the latest release) when the file has none."""
    changes = root / "data" / "changes.yml"
    lines = changes.read_text(encoding="utf-8").splitlines()
    if not any(line.startswith("- version:") for line in lines):
        project = Project.read(root)
        clause = project.code.active_clauses[0].id
        with open(changes, "a", encoding="utf-8") as handle:
            handle.write(f'\n- version: "{project.releases[-1].version}"\n'
                         f'  clauses: ["{clause}"]\n  type: reworded\n'
                         "  reason: >-\n    A test record.\n  source: A test.\n")
        lines = changes.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith("- version:"))


def test_change_record_clauses_written_as_a_number_and_a_pull_request_that_is_not_one(
        project_copy):
    changes = project_copy / "data" / "changes.yml"
    line = record_line(project_copy)
    text = changes.read_text(encoding="utf-8").splitlines(keepends=True)
    head, rest = "".join(text[:line]), "".join(text[line:])
    rest = rest.replace("  clauses: [", "  clauses: [1.10, ", 1)
    rest = rest.replace("  type:", "  pull_request: \"#12\"\n  type:", 1)
    changes.write_text(head + rest, encoding="utf-8")
    where = f"data/changes.yml, line {line}"
    problems = read_problems(project_copy)
    assert f"{where}: write clause IDs in quotes, like clauses: [\"1.10\"]; without them, " \
           "YAML reads an ID as a number (1.1), and 1.10 as 1.1." in problems
    assert f"{where}: pull_request must be the pull request's number, such as 42 (without " \
           "'#' or quotes), not '#12'." in problems


def test_withdrawn_in_a_version_that_does_not_exist(project_copy):
    clause = free_clause(project_copy)
    page = project_copy / clause.source
    front, body, _ = split_front_matter(page.read_text(encoding="utf-8"), str(page))
    data = yaml.safe_load(front)
    for raw in data["clauses"]:
        if raw["id"] == clause.id:
            raw["withdrawn"] = {"in": "9.9", "reason": "A test withdrawal."}
    page.write_text("---\n" + dump_front_matter(data) + "---\n" + body, encoding="utf-8")
    withdrawn_line = load_code(project_copy).clause(clause.id).withdrawn.line
    problems = read_problems(project_copy)
    assert any(p.startswith(f"{clause.source}, line {withdrawn_line}, clause {clause.id}: "
                            "withdrawn in '9.9', a version that does not exist. Use one of: ")
               for p in problems), problems


def test_next_version_written_as_a_number_is_reported_against_edition_yml(project_copy):
    edition = project_copy / "data" / "edition.yml"
    text = edition.read_text(encoding="utf-8")
    lines = text.splitlines()
    line = next(n for n, value in enumerate(lines, 1) if value.startswith("next_version:"))
    edition.write_text("\n".join(l if not l.startswith("next_version:") else "next_version: 1.20"
                                 for l in lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        Project.read(project_copy)
    assert str(caught.value) == (
        f"data/edition.yml, line {line}: write next_version in quotes, like next_version: "
        "\"1.20\"; without them, YAML reads 1.20 as the number 1.2.")


@pytest.mark.parametrize("status, message", [
    ("adopted\nby the board", "STATUS has more than one line. Give it on one line."),
    ("<img src=x onerror=alert(1)>", 'STATUS contains markup characters. Use plain words, such '
                                     'as "draft" or "consultation draft".'),
])
def test_a_release_status_with_a_newline_or_html_is_refused(project_copy, status, message):
    with pytest.raises(release_task.Refused) as caught:
        release_task.release(project_copy, "9.0", status, TODAY, "A summary.")
    assert str(caught.value) == message


def test_a_snapshot_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    target = tmp_path / "1.1.json"
    release_task.write_atomically(target, '{"whole": true}\n')
    assert target.read_text() == '{"whole": true}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["1.1.json"]

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        release_task.write_atomically(tmp_path / "1.2.json", '{"whole": true}\n')
    assert [p.name for p in tmp_path.iterdir()] == ["1.1.json"]


def git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True)


def test_advice_after_an_interrupted_release_fits_what_happened(project_copy):
    git(project_copy, "init", "-q")
    git(project_copy, "add", "-A")
    git(project_copy, "commit", "-qm", "base")
    version = working_version(project_copy)
    # A release stopped after writing its snapshot, before the commit.
    latest = sorted((project_copy / "releases").glob("*.json"))[-1]
    snapshot = project_copy / "releases" / f"{version}.json"
    snapshot.write_text(latest.read_text(encoding="utf-8")[:200], encoding="utf-8")
    with pytest.raises(release_task.Refused) as caught:
        release_task.release(project_copy, version, "draft", TODAY, "A summary.")
    name = f"releases/{version}.json"
    assert str(caught.value) == (
        f"{name} exists but was never committed: an earlier `make release` stopped before "
        f"its commit. Delete it (`rm {name}`; if `git status` shows data/edition.yml changed "
        "too, `git checkout -- data/edition.yml`) and run `make release` again.")
    # The build says the same, and does not tell anyone to restore it from git alone.
    problem = str(pytest.raises(DataError, Project.read, project_copy).value)
    assert problem.startswith(f"{name}, line ") and "the snapshot is not valid JSON (" in problem
    assert problem.endswith(
        f"Snapshots are written only by `make release`. If `git status` lists {name} as a "
        "new file, a release was interrupted before it was committed: delete the file and "
        "run `make release` again. Otherwise restore it with "
        f"`git checkout -- {name}`.")


# -- one unreadable page is one problem ------------------------------------------------

def test_a_page_whose_yaml_cannot_be_read_is_one_problem(project_copy):
    code = load_code(project_copy)
    referenced = {t.split(".")[0] for c in code.clauses for t in c.related}
    principle = next(p for p in code.principles if str(p.number) in referenced
                     and any(str(p.number) != c.id.split(".")[0] and
                             any(t.startswith(f"{p.number}.") for t in c.related)
                             for c in code.clauses))
    page = project_copy / "docs" / principle.page
    edit(page, "\ntitle: ", "\ntitle: [unclosed\n")
    problems = read_problems(project_copy)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"docs/{principle.page}, line ")
    assert "the YAML could not be read" in problems[0]


# -- removed and revived clauses name their file and line ------------------------------

def test_a_deleted_clause_names_the_file_and_line(project_copy):
    releases = sorted((project_copy / "releases").glob("*.json"))
    released = json.loads(releases[-1].read_text(encoding="utf-8"))["content"]["clauses"]
    victim = free_clause(project_copy, lambda c: c.id in {r["id"] for r in released})
    page = project_copy / victim.source
    front, body, _ = split_front_matter(page.read_text(encoding="utf-8"), str(page))
    data = yaml.safe_load(front)
    data["clauses"] = [c for c in data["clauses"] if c["id"] != victim.id]
    page.write_text("---\n" + dump_front_matter(data) + "---\n" + body, encoding="utf-8")
    before = [c for c in load_code(project_copy).principle(victim.principle).clauses
              if c.number < victim.number][-1]
    problems = read_problems(project_copy)
    assert f"{victim.source}, line {before.line} (it went after clause {before.id}): clause " \
           f"{victim.id} ({victim.title}) was removed. A released clause is never deleted: " \
           "put it back with a 'withdrawn' field (in, reason, moved_to) so its ID and anchor " \
           "are kept." in problems


# -- macros ------------------------------------------------------------------------------

@pytest.mark.build
def test_an_unknown_macro_stops_the_build_with_one_line(project_copy, tmp_path):
    page = project_copy / "docs" / "background" / "compact.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\n{{ no_such_macro() }}\n", encoding="utf-8")
    line = text.count("\n") + 2
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == (
        f"docs/background/compact.md, line {line}: a call of 'no_such_macro', which is not a "
        "macro of this site is not allowed in a page. A page may call the macros listed in "
        "docs/contribute/clause-format.md with literal arguments, such as {{ clause(\"3.2\") }}, "
        "show {{ edition.version }} or {{ edition.status }}, and use {% if comments_email %} "
        "… {% endif %}; nothing else runs. A page that shows macro calls as examples needs "
        "'render_macros: false' in its front matter.")
    assert "Traceback" not in result.stderr


def _macros_on(page: str):
    from code_of_practice.engine_adapter import define_env
    from code_of_practice.testing import FakeMacrosEnv

    env = FakeMacrosEnv(ROOT, page=page)
    define_env(env)
    return env.macros


def test_a_macro_naming_a_missing_clause_stops_the_build_with_one_line():
    """The macro stops the build with a SystemExit carrying one line, which
    mkdocs-macros lets through as it is (the unknown-macro test above builds)."""
    from code_of_practice.engine_adapter import BuildStopped

    with pytest.raises(BuildStopped) as stopped:
        _macros_on("background/compact.md")["clause"]("9.99")
    assert str(stopped.value) == (
        "docs/background/compact.md: unknown clause '9.99': no clause has that ID. Check the "
        "ID against the code pages in docs/code/.")


def test_a_macro_called_wrongly_stops_the_build_with_one_line():
    from code_of_practice.engine_adapter import BuildStopped

    with pytest.raises(BuildStopped) as stopped:
        _macros_on("background/compact.md")["clause"]()
    assert str(stopped.value) == (
        "docs/background/compact.md: the macro clause could not run (TypeError: "
        "PageMacros.clause() missing 1 required positional argument: 'clause_id'). Check the "
        "call against docs/contribute/clause-format.md.")
    assert "\n" not in str(stopped.value)


def test_a_principle_title_may_not_hold_angle_brackets(frameworks):
    text = (f"---\nprinciple: 3\ntitle: Capacity <b>now</b>\nstatement: >-\n  Build it.\n"
            f"clauses:\n{CLAUSE}---\n")
    errors: list[str] = []
    parse_principle_page(text, SOURCE, frameworks, errors)
    assert errors == [
        f"{SOURCE}, line 3: a principle's title may not contain '<' or '>': the theme writes "
        "it into the navigation of every page as it is. Leave them out."]


def test_the_format_page_lists_every_macro(root):
    text = (root / "docs" / "contribute" / "clause-format.md").read_text(encoding="utf-8")
    listed = text.split("**Macros**", 1)[1].split("## ", 1)[0]
    for name in PageMacros.MACROS:
        assert f"`{name}`" in listed, name


def test_a_broken_anchor_names_its_file_and_line(broken_links_build):
    """In a copy with a link to a missing anchor after the page's last line
    (tests/conftest.py, BROKEN_LINKS)."""
    lines = broken_links_build["lines"]["docs/background/compact.md"]
    assert broken_links_build["returncode"] != 0
    assert (f"docs/background/compact.md, line {lines + 2}: Doc file "
            "'background/compact.md' contains a link '../code/1-risk.md#nowhere', but the doc "
            "'code/1-risk.md' does not contain an anchor '#nowhere'.") in broken_links_build["output"]


# -- CSV: no formulas ------------------------------------------------------------------

def test_csv_cells_that_could_start_a_formula_are_neutralised(tmp_path):
    cells = ['=HYPERLINK("http://evil.example/","click")', "+1", "-2+3", "@SUM(A1)",
             "\tHidden", "\r=1", "Plain words", "3.2"]
    path = tmp_path / "out.csv"
    write_csv(path, [cells])
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["'" + c for c in cells[:6]] + ["Plain words", "3.2"]]


# -- the review report -------------------------------------------------------------------

def tricky_head(tmp_path: Path) -> tuple[Path, str]:
    head = copy_project(ROOT, tmp_path / "head", ("mkdocs.yml", "docs", "data"))
    code = load_code(head)
    clause = code.active_clauses[0]
    page = head / clause.source
    front, body, _ = split_front_matter(page.read_text(encoding="utf-8"), str(page))
    data = yaml.safe_load(front)
    for raw in data["clauses"]:
        if raw["id"] == clause.id:
            raw["title"] = "<!-- everything below is hidden"
            raw["question"] = "Do you show ![x](https://tracker.example/p.png)?"
            raw["evidence"] = ['<img src="https://tracker.example/i.png">', "# Heading"]
            raw["text"] = raw["text"] + " See [the guide](https://example.org/guide)."
    page.write_text("---\n" + dump_front_matter(data) + "---\n" + body, encoding="utf-8")
    return head, clause.id


def test_the_review_report_escapes_contributor_text_and_flags_it(tmp_path):
    head, clause_id = tricky_head(tmp_path)
    result = compare(load_code(ROOT), load_code(head))
    text = report("main", "HEAD", "aaaa", "bbbb", result)
    assert "<!--" not in text and "<img" not in text and "![" not in text
    assert f"#### {clause_id} &lt;!-- everything below is hidden" in text
    assert "    - added: &lt;img src=\"https://tracker.example/i.png\"&gt;" in text
    assert "    - added: \\# Heading" in text
    assert "### Things to check" in text
    assert (f"- {clause_id}, title: HTML-like text (shown as text on the site): &lt;!-- "
            "everything below is hidden") in text
    assert f"- {clause_id}, text: a link to https://example.org/guide" in text
    assert f"- {clause_id}, question: a link to https://tracker.example/p.png" in text


def test_the_review_report_stays_under_its_limit_and_lists_every_clause(tmp_path):
    head, clause_id = tricky_head(tmp_path)
    result = compare(load_code(ROOT), load_code(head))
    # Many changed clauses: every clause of the head, as if each were new.
    result = Comparison(added=[dict(c, id=f"{n}.{n}") for n, c in enumerate(
        [dict(result.changed[0][1])] * 300, 1)])
    limit = 40_000
    text = report("main", "HEAD", "aaaa", "bbbb", result, limit=limit)
    assert len(text.encode("utf-8")) <= limit
    assert "over GitHub's limit for a summary" in text
    listed = [line for line in text.splitlines() if line.startswith("- Added: ")]
    assert [line.split()[2] for line in listed] == [f"{n}.{n}" for n in range(1, 301)]
    assert "*(The details stop here: the report reached its size limit.)*" in text


def test_an_error_report_cannot_be_closed_early_or_hidden():
    message = "bad ``` fence\n<!-- hide\n\u202e reversed"
    text = error_report("main", "HEAD", "head", "HEAD", message)
    assert "````text\nbad ``` fence\n<!-- hide\n\\u202e reversed\n````" in text


def test_gfm_escaping_keeps_the_words():
    assert gfm("Agree ('in writing') terms") == "Agree ('in writing') terms"
    assert gfm("a *b* [c](d) <e> | $f$") == "a \\*b\\* \\[c\\](d) &lt;e&gt; \\| \\$f\\$"


# -- valid but tricky text: builds and shows as written everywhere ---------------------

PARENS = "Agree ('in writing') terms"
QUOTES = 'Say "no" <script>alert("title")</script> & <!--<script>'
# A checklist question asks its reader as "you" (model/wording.py), so the
# tricky one does too; one that starts a formula cannot pass that rule, so the
# CSV tests put FORMULA in the question column themselves (in the model, and
# in the built page), to show that a formula never reaches a spreadsheet.
QUESTION = 'Do you show <img src=x onerror=alert("question")> {: onmouseover=alert(1) } as text?'
FORMULA = '=HYPERLINK("http://evil.example/","Is it done")?'
EVIDENCE = '@SUM(1+1) <b onmouseover=alert("evidence")>bold</b>'
NAV_TITLE = "{{ 7*7 }} risk"
SUMMARY = '<script>alert("summary")</script> Comments & replies'


@pytest.fixture(scope="module")
def tricky(tmp_path_factory):
    """A copy of the project with tricky but valid text, strictly built."""
    base = tmp_path_factory.mktemp("tricky")
    project = copy_project(ROOT, base / "project")
    code = load_code(project)
    linked = [c for c in code.active_clauses if c.compact and "prime" in c.audiences]
    first, second, third = linked[0], linked[1], linked[2]
    edits = {first.id: {"title": PARENS},
             second.id: {"title": QUOTES, "question": QUESTION, "evidence": [EVIDENCE]},
             third.id: {"question": "Do you keep this question in the CSV downloads?"}}
    for source in {c.source for c in (first, second, third)} | {"docs/code/1-risk.md"}:
        page = project / source
        front, body, _ = split_front_matter(page.read_text(encoding="utf-8"), source)
        data = yaml.safe_load(front)
        if source == "docs/code/1-risk.md":
            data["title"] = NAV_TITLE
        for raw in data["clauses"]:
            for key, value in edits.get(raw["id"], {}).items():
                raw[key] = raw[key] + value if key == "evidence" else value
        page.write_text("---\n" + dump_front_matter(data) + "---\n" + body, encoding="utf-8")
    version = working_version(project)
    with open(project / "data" / "changes.yml", "a", encoding="utf-8") as handle:
        handle.write(f'\n- version: "{version}"\n  clauses: {json.dumps(sorted(edits))}\n'
                     "  type: reworded\n  reason: >-\n    A test of tricky text.\n"
                     "  source: A test.\n")
    with open(project / "data" / "comments.yml", "a", encoding="utf-8") as handle:
        handle.write(f'\n- id: C-2026-90\n  received: {TODAY}\n  sector: not given\n'
                     f'  issue: 1\n  clauses: ["{first.id}"]\n  summary: >-\n    {SUMMARY}\n'
                     "  response: >-\n    A test reply.\n  outcome: noted\n")
    site = base / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return {"project": project, "site": site, "first": first, "second": second,
            "third": third}


def test_tricky_titles_build_and_show_in_tables_links_and_json(tricky):
    site, first, second = tricky["site"], tricky["first"], tricky["second"]
    compact = read_html(site, "background/compact/")
    for clause, title in ((first, PARENS), (second, QUOTES)):
        # The cross-reference table's link title, and the by-outcome list's link words.
        match = re.search(rf'<a href="[^"]*#clause-{re.escape(clause.id)}" title="([^"]*)">',
                          compact)
        assert match and html.unescape(match.group(1)) == title
        assert f"{clause.id} {html.escape(title, quote=False)}</a>" in compact
    assert 'terms")' not in compact
    project = Project.read(tricky["project"])
    exported = code_export(project.code, project.edition, "https://example.org/")
    titles = {c["id"]: c["title"] for c in exported["clauses"]}
    assert titles[first.id] == PARENS and titles[second.id] == QUOTES
    assert "<" not in json_in_html({"t": QUOTES}) and json.loads(json_in_html({"t": QUOTES})) == {"t": QUOTES}


def test_tricky_csv_download_is_neutralised(tricky, tmp_path):
    code = Project.read(tricky["project"]).code
    third = dataclasses.replace(code.clause(tricky["third"].id), question=FORMULA)
    code = dataclasses.replace(code, by_id={**code.by_id, third.id: third}, principles=tuple(
        dataclasses.replace(p, clauses=tuple(third if c.id == third.id else c
                                             for c in p.clauses))
        for p in code.principles))
    path = tmp_path / "prime.csv"
    write_csv(path, csv_rows(code, "prime", "https://example.org/", "1.0",
                             "A provenance line."))
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = {row[0]: row for row in csv.reader(handle) if row}
    assert rows[tricky["third"].id][2] == "'" + FORMULA


@pytest.fixture(scope="module")
def tricky_browser(tricky, browser):
    """The tricky site, served, and the session's one Chromium (tests/conftest.py)."""
    with serve(tricky["site"]) as base:
        yield base, browser


def visit(tricky_browser, path: str):
    """Open a page; return it with the list of dialogs that fired."""
    base, browser = tricky_browser
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(base + path, wait_until="load")
    # Hovering every element would fire an injected onmouseover.
    assert page.evaluate("document.querySelectorAll('[onmouseover],[onerror],[onclick]')"
                         ".length") == 0
    return page, dialogs


@pytest.mark.browser
def test_tricky_text_shows_literally_and_runs_nothing(tricky, tricky_browser):
    first, second = tricky["first"], tricky["second"]
    principle_page = f"code/{Path(second.source).stem}/"
    page, dialogs = visit(tricky_browser, principle_page)
    heading = page.locator(f"[id='clause-{second.id}']").inner_text()
    assert QUOTES in heading
    assert QUESTION in page.locator(f"[id='clause-{second.id}'] ~ div.clause").first.inner_text()
    page.mouse.move(10, 10)
    assert dialogs == []
    page.context.close()

    page, dialogs = visit(tricky_browser, f"code/{Path(first.source).stem}/")
    assert PARENS in page.locator(f"[id='clause-{first.id}']").inner_text()
    # The nav shows the front matter title as written: Jinja in data is never run.
    nav = page.locator("nav.md-nav--primary").inner_text()
    assert NAV_TITLE in nav and "49 risk" not in nav
    page.context.close()

    for path in ("background/compact/", "checklists/prime-contractors/", "changes/changelog/",
                 "changes/compare/", "changes/you-said-we-did/", "code/"):
        page, dialogs = visit(tricky_browser, path)
        assert dialogs == [], path
        if path == "changes/compare/":
            data = json.loads(page.locator("#compare-data").text_content())
            titles = [v["clauses"].get(second.id, {}).get("title") for v in data["versions"]]
            assert titles[-1] == QUOTES
        if path == "changes/you-said-we-did/":
            assert SUMMARY in page.locator("article").inner_text()
        if path == "changes/changelog/":
            headings = page.locator("article h3").all_inner_texts()
            assert any(QUOTES in h for h in headings) and any(PARENS in h for h in headings)
        if path == "code/":
            assert NAV_TITLE in page.locator("article table").first.inner_text()
        if path == "checklists/prime-contractors/":
            legend = page.locator(f"[id='item-{second.id}'] legend").inner_text()
            assert QUESTION in legend
        page.context.close()


@pytest.mark.browser
def test_the_browser_csv_export_neutralises_formulas(tricky, tricky_browser):
    page, dialogs = visit(tricky_browser, "checklists/prime-contractors/")
    third = tricky["third"].id
    page.fill('input[name="organisation"]', "+44 20 7946 0000")
    page.fill('input[name="contract"]', "@SUM(A1)")
    page.fill(f'textarea[name="notes-{third}"]', '=HYPERLINK("http://evil.example/","x")')
    # The question as a page could hold it (see FORMULA).
    page.locator(f"[id='item-{third}'] legend").evaluate(
        "(legend, formula) => { legend.textContent = formula; }", FORMULA)
    with page.expect_download() as info:
        page.get_by_role("button", name="Export my answers as CSV").click()
    raw = Path(info.value.path()).read_bytes()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert ["Organisation", "'+44 20 7946 0000"] in rows
    assert ["Contract", "'@SUM(A1)"] in rows
    row = next(r for r in rows if r and r[0] == third)
    assert row[2] == "'" + FORMULA
    assert row[4] == "'" + '=HYPERLINK("http://evil.example/","x")'
    assert dialogs == []
    page.context.close()


@pytest.mark.build
def test_zensical_shows_a_jinja_title_as_written_too(tricky):
    """The second engine renders titles with Jinja after the body; the engine adapter
    hands it the title as a literal, so nothing runs there either."""
    project = tricky["project"]
    result = zensical_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    pages = [p.read_text(encoding="utf-8") for p in (project / "site").rglob("*.html")]
    assert not any("49 risk" in page for page in pages)
    assert "{{ 7*7 }} risk - " in (project / "site" / "code" / "1-risk" / "index.html").read_text(
        encoding="utf-8")


def test_script_in_a_change_record_reason_is_refused(project_copy):
    line = record_line(project_copy)
    changes = project_copy / "data" / "changes.yml"
    lines = changes.read_text(encoding="utf-8").splitlines(keepends=True)
    reason = next(n for n in range(line, len(lines) + 1)
                  if lines[n - 1].startswith("  reason: >-"))
    lines.insert(reason, "    <script>alert(1)</script>\n")
    changes.write_text("".join(lines), encoding="utf-8")
    assert f"data/changes.yml, line {reason}: reason contains raw HTML ('<script>'). " \
           + HTML_ADVICE in read_problems(project_copy)


def test_a_snapshot_whose_status_holds_html_is_refused_even_with_a_good_checksum(project_copy):
    from code_of_practice.model.releases import snapshot_data

    latest = sorted((project_copy / "releases").glob("*.json"))[-1]
    data = json.loads(latest.read_text(encoding="utf-8"))
    forged = snapshot_data(data["version"], data["date"], "<script>alert(1)</script>",
                           data["summary"], data["content"])
    latest.write_text(json.dumps(forged), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        Project.read(project_copy)
    assert str(caught.value) == (
        f"releases/{latest.name}: the release status contains markup characters. Use plain "
        "words, such as \"draft\" or \"consultation draft\".")


def test_a_revived_clause_names_the_file_and_line(project_copy):
    from code_of_practice.model.code_data import code_content
    from code_of_practice.model.ids import dotted_key
    from code_of_practice.model.releases import snapshot_data

    version = working_version(project_copy)
    clause = free_clause(project_copy)
    page = project_copy / clause.source
    original = page.read_text(encoding="utf-8")
    front, body, _ = split_front_matter(original, str(page))
    data = yaml.safe_load(front)
    for raw in data["clauses"]:
        if raw["id"] == clause.id:
            raw["withdrawn"] = {"in": version, "reason": "A test withdrawal."}
    page.write_text("---\n" + dump_front_matter(data) + "---\n" + body, encoding="utf-8")
    # Release it withdrawn, then bring it back as an active clause.
    snapshot = snapshot_data(version, TODAY, "draft", "A test release.",
                             code_content(load_code(project_copy)))
    (project_copy / "releases" / f"{version}.json").write_text(json.dumps(snapshot),
                                                               encoding="utf-8")
    major, minor = dotted_key(version)
    (project_copy / "data" / "edition.yml").write_text(
        f'next_version: "{major}.{minor + 1}"\n', encoding="utf-8")
    page.write_text(original, encoding="utf-8")
    revived = load_code(project_copy).clause(clause.id)
    assert f"{clause.source}, line {revived.line}: clause {clause.id} was withdrawn in " \
           f"{version} and its ID cannot be used again. Give the new clause the next unused " \
           "number instead." in read_problems(project_copy)


def test_a_received_date_written_as_a_date_is_read_as_text(project_copy):
    with open(project_copy / "data" / "comments.yml", "a", encoding="utf-8") as handle:
        handle.write("\n- id: C-2026-91\n  received: 2026-11-30\n  sector: not given\n"
                     "  issue: 2\n  clauses: []\n  summary: >-\n    A comment.\n"
                     "  response: >-\n    A reply.\n  outcome: noted\n")
    history = Project.read(project_copy).history
    assert history.register[0].received == "2026-11-30"


def test_a_comment_with_a_direction_override_is_refused(project_copy):
    with open(project_copy / "data" / "comments.yml", "a", encoding="utf-8") as handle:
        handle.write("\n- id: C-2026-92\n  received: 2026-11-30\n  sector: not given\n"
                     "  issue: 3\n  clauses: []\n  summary: >-\n    Pay \u202e003 days\n"
                     "  response: >-\n    A reply.\n  outcome: noted\n")
    problems = read_problems(project_copy)
    assert any(p.startswith("data/comments.yml, line ") and ", comment C-2026-92: summary "
               "contains U+202E RIGHT-TO-LEFT OVERRIDE" in p for p in problems), problems


def test_a_forged_snapshot_of_the_wrong_shape_is_one_message_not_a_traceback(project_copy):
    from code_of_practice.model.releases import snapshot_data

    latest = sorted((project_copy / "releases").glob("*.json"))[-1]
    data = json.loads(latest.read_text(encoding="utf-8"))
    forged = snapshot_data(data["version"], data["date"], data["status"], data["summary"],
                           {"principles": [], "clauses": "everything"})
    latest.write_text(json.dumps(forged), encoding="utf-8")
    name = f"releases/{latest.name}"
    with pytest.raises(DataError) as caught:
        Project.read(project_copy)
    assert str(caught.value) == (
        f"{name}: the snapshot's content is not in the form `make release` writes. Snapshots "
        f"are written only by `make release`. If `git status` lists {name} as a new file, a "
        "release was interrupted before it was committed: delete the file and run `make "
        f"release` again. Otherwise restore it with `git checkout -- {name}`.")


def test_a_withdrawal_version_written_as_a_number_is_refused(frameworks):
    clause = CLAUSE + ('    withdrawn:\n      in: 1.10\n      reason: >-\n        Gone.\n'
                       ) + CLAUSE.replace('"3.1"', '"3.2"')
    assert errors_for(frameworks, clause) == [
        f"{SOURCE}, line 16, clause 3.1: write the version in quotes, like in: \"1.10\"; "
        "without them, YAML reads a version as a number (1.1), and 1.10 as 1.1."]

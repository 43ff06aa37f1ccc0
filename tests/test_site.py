"""Assertions on the strictly built real site, and on builds of broken copies."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from code_of_practice.model.checklists import all_checklists
from code_of_practice.model.code import load_code
from code_of_practice.model.project import load_project
from code_of_practice.testing import (FakeMacrosEnv, build_refusal, mkdocs_build, read_html,
                                      record_change)
from code_of_practice.model.urls import site_url


class Ids(HTMLParser):
    """Every id in a page, and every checklist item with the href of its clause link."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.items: dict[str, str] = {}
        self._item = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "fieldset" and "checklist-item" in (attrs.get("class") or ""):
            self._item = attrs["data-clause"]
        if tag == "a" and self._item and "checklist-id" in (attrs.get("class") or ""):
            self.items[self._item] = attrs["href"]
            self._item = None


def parse(html: str) -> Ids:
    parser = Ids()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def code(root):
    return load_code(root)


def test_home_page_says_what_the_code_is_and_its_status(site, code, root):
    html = read_html(site, "")
    edition = load_project(root).edition
    assert "Code of Practice for Voluntary–Private Sector Co-operation in Public Services" in html
    assert (f"<strong>Status:</strong> version {edition['version']}, {edition['status']}"
            in html)
    assert "not an official NCVO or Serco publication" in html


def test_every_clause_has_a_permanent_anchor_on_its_principle_page(site, code):
    for principle in code.principles:
        ids = parse(read_html(site, site_url(principle.page))).ids
        for clause in principle.clauses:
            assert clause.anchor in ids, f"{clause.id} has no anchor on {principle.page}"


def test_every_checklist_item_links_to_an_existing_clause_anchor(site, code):
    for checklist in all_checklists(code):
        page_url = site_url(checklist.page)
        items = parse(read_html(site, page_url)).items
        assert items, f"{checklist.page} has no items"
        for clause_id, href in items.items():
            target = (site / page_url / href.split("#")[0]).resolve() / "index.html"
            anchor = href.split("#")[1]
            assert anchor == f"clause-{clause_id}"
            assert anchor in parse(target.read_text(encoding="utf-8")).ids, href


def test_every_clause_is_in_the_checklist_of_each_of_its_audiences_and_the_complete_one(site, code):
    lists = {c.key: set(parse(read_html(site, site_url(c.page))).items)
             for c in all_checklists(code)}
    for clause in code.active_clauses:
        for audience in clause.audiences:
            assert clause.id in lists[audience], f"{clause.id} missing for {audience}"
        for audience in set(code.frameworks.audiences) - set(clause.audiences):
            assert clause.id not in lists[audience], f"{clause.id} wrongly for {audience}"
        assert clause.id in lists["all"]
    assert len(lists["all"]) == len(code.active_clauses)


def test_checklist_says_which_version_it_was_generated_from(site, code):
    html = read_html(site, "checklists/partners/")
    assert re.search(r"Generated from the code, version \d+\.\d+ \(", html)


def test_clause_shows_its_checklists_links_and_history(site, root, two_versions):
    html = read_html(site, "code/7-fair-negotiation/")
    clause = html[html.index('id="clause-7.1"'):html.index('id="clause-7.2"')]
    assert "../../checklists/prime-contractors/#item-7.1" in clause
    assert "../../background/merlin-standard/#merlin-conduct" in clause
    first = load_project(root).history.versions[0].version
    assert f"../../changes/changelog/#version-{first.replace('.', '-')}-clause-7-1" in clause
    # A clause changed since the latest release carries a badge (on a copy).
    project, copy_site = two_versions
    working = load_project(project).edition["version"]
    assert re.search(rf"Changed in {re.escape(working)} \(unreleased\)",
                     read_html(copy_site, "code/8-data-sharing/"))


def test_compact_and_merlin_pages_carry_the_generated_tables(site, code):
    compact = parse(read_html(site, "background/compact/")).ids
    assert {f"compact-{n}" for n in range(1, 6)} <= compact
    merlin = parse(read_html(site, "background/merlin-standard/")).ids
    assert {"merlin-design", "merlin-commitment", "merlin-conduct", "merlin-review"} <= merlin
    assert {f"merlin-2018-{k}" for k in code.frameworks.merlin_2018} <= merlin


def test_changelog_lists_versions_newest_first_with_redlines(site, root, two_versions):
    versions = [v.version.replace(".", "-") for v in load_project(root).history.versions]
    html = read_html(site, "changes/changelog/")
    positions = [html.index(f'id="version-{v}"') for v in reversed(versions)]
    assert positions == sorted(positions)
    # The first version lists every clause as new; a later one shows redlines.
    assert '<ul class="first-version"' in html
    html = read_html(two_versions[1], "changes/changelog/")
    assert '<del class="redline-del">' in html and '<ins class="redline-ins">' in html


def _break(project: Path, page: str, old: str, new: str) -> None:
    path = project / page
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {page}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.build
def test_build_fails_on_a_duplicate_clause_id_naming_file_line_and_clause(project_copy, tmp_path):
    """A real build stops on a data error with the very message build_refusal()
    finds in process, which the other "fails the build" tests use."""
    _break(project_copy, "docs/code/2-payment-by-results.md", 'id: "2.2"', 'id: "2.1"')
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert re.search(r"docs/code/2-payment-by-results\.md, line \d+, clause 2\.1: duplicate "
                     r"clause ID; 2\.1 is already used in docs/code/2-payment-by-results\.md, "
                     r"line \d+\. Give this clause the next unused number\.", result.stderr)
    refusal = build_refusal(project_copy)
    assert refusal and refusal in result.stderr
    assert "Traceback" not in result.stderr


def test_a_data_error_stops_define_env_with_the_message_alone(project_copy):
    from code_of_practice.engine_adapter import BuildStopped, define_env

    _break(project_copy, "docs/code/2-payment-by-results.md", 'id: "2.2"', 'id: "2.1"')
    with pytest.raises(BuildStopped) as stopped:
        define_env(FakeMacrosEnv(project_copy))
    assert str(stopped.value) == build_refusal(project_copy)


def test_build_fails_on_an_unknown_clause_reference_in_text(root):
    """The macro stops the build (mkdocs-macros lets a SystemExit through) with one line."""
    from code_of_practice.engine_adapter import BuildStopped, define_env

    env = FakeMacrosEnv(root, page="code/index.md")
    define_env(env)
    with pytest.raises(BuildStopped) as stopped:
        env.macros["clause"]("9.9")
    assert "docs/code/index.md: unknown clause '9.9': no clause has that ID." in str(stopped.value)


def test_in_text_clause_reference_renders_link_and_title(root, code):
    """The macro writes a Markdown link to the clause's anchor, relative to the
    page it is on (MkDocs turns it into the page's address; every link on the
    built site resolves, tests/test_links.py)."""
    from code_of_practice.engine_adapter import define_env

    env = FakeMacrosEnv(root, page="code/index.md")
    define_env(env)
    title = code.clause("3.2").title
    assert env.macros["clause"]("3.2") == f"[3.2 {title}](3-capacity-building.md#clause-3.2)"
    env.on("checklists/partners.md")
    assert env.macros["clause"]("3.2") == f"[3.2 {title}](../code/3-capacity-building.md#clause-3.2)"


def test_editing_one_clause_changes_checklists_tables_and_export(project_copy, tmp_path):
    """Wording and audience edited in one file reach every generated view: the
    checklists and the changelog as their macros render them for their pages
    (in process, as the build calls them), and the JSON export."""
    from code_of_practice.engine_adapter import define_env
    from code_of_practice.model.project import load_project
    from code_of_practice.outputs.exports import write_exports

    page = "docs/code/6-payment-mechanisms.md"
    text = (project_copy / page).read_text(encoding="utf-8")
    question = re.search(r'id: "6\.1".*?question: >-\n(.*?)\n    evidence', text, re.S).group(1)
    new_question = "      Does the prime contractor offer a payment plan made for small partners?"
    text = text.replace(question, new_question, 1)
    block = re.search(r'(  - id: "6\.1".*?)(?=  - id: )', text, re.S).group(1)
    text = text.replace(block, re.sub(r"applies_to: \[.*?\]", "applies_to: [prime, commissioner]",
                                      block, count=1), 1)
    (project_copy / page).write_text(text, encoding="utf-8")
    version = record_change(project_copy, "6.1", "reworded")
    assert build_refusal(project_copy) == ""  # the build would pass

    env = FakeMacrosEnv(project_copy)
    define_env(env)

    def checklist(key: str, slug: str) -> str:
        return env.on(f"checklists/{slug}.md").macros["checklist"](key)

    for key, slug in (("commissioner", "commissioners"), ("prime", "prime-contractors"),
                      ("all", "complete")):
        assert "payment plan made for small partners" in checklist(key, slug)
    assert 'id="item-6.1"' not in checklist("partner", "partners")
    assert 'id="item-6.1"' in checklist("commissioner", "commissioners")
    changelog = env.on("changes/changelog.md").macros["changelog"]()
    assert f"version-{version.replace('.', '-')}-clause-6-1" in changelog

    out = tmp_path / "out"
    write_exports(load_project(project_copy), out, "https://example.org/")
    exported = json.loads((out / "data" / "code.json").read_text(encoding="utf-8"))
    clause = next(c for c in exported["clauses"] if c["id"] == "6.1")
    assert clause["applies_to"] == ["prime", "commissioner"]
    assert "payment plan made for small partners" in clause["question"]


def test_each_clause_page_links_to_suggest_a_change_and_comment(site, code):
    """From a clause, both links lead to the right place with the clause filled in."""
    import html as html_lib
    from urllib.parse import parse_qs, urlsplit

    for principle in code.principles:
        page = read_html(site, site_url(principle.page))
        for clause in principle.active_clauses:
            block = page[page.index(f'id="{clause.anchor}"'):]
            hrefs = [html_lib.unescape(h) for h in re.findall(r'class="md-button clause-action" '
                                                              r'href="([^"]+)"', block)[:2]]
            edit, comment = hrefs
            assert edit.endswith(f"/edit/main/{clause.source}")
            query = parse_qs(urlsplit(comment).query)
            assert urlsplit(comment).path.endswith("/issues/new")
            assert query["template"] == ["comment-on-the-code.yml"]
            assert query["clause"] == [clause.id]
            assert query["title"] == [f"Clause {clause.id}: {clause.title}"]
            assert query["version"] == [re.search(r"Version (\d+\.\d+)", page).group(1)]


def test_the_clause_format_page_shows_macro_calls_as_code(site):
    """The format page's example keeps its macro calls as text (render_macros: false)."""
    html = read_html(site, "contribute/clause-format/")
    text = re.sub(r"<[^>]+>", "", html)  # the example is syntax-highlighted in spans
    assert "{{ principle_header(1) }}" in text
    assert "{{ principle_clauses(1) }}" in text
    assert 'id="clause-1.1"' not in html  # principle 1's clauses are not rendered here

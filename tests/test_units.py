"""Unit tests of the model's and the renderer's pure functions, on small strings."""

from __future__ import annotations

import pytest

from code_of_practice.model.diff import diff_contents, word_diff
from code_of_practice.model.history import load_change_records
from code_of_practice.model.ids import dotted_key, sort_dotted
from code_of_practice.model.urls import absolute_url, site_url
from code_of_practice.model.yaml_lines import DataError, line_of, load_yaml
from code_of_practice.render.links import HtmlLinks, md_link
from code_of_practice.render.redline import redline_html

# -- the line-aware YAML loader ---------------------------------------------------------


def test_yaml_remembers_the_line_of_each_key_shifted_to_the_file():
    data = load_yaml("title: A\nclauses:\n  - id: '1.1'\n    text: x\n", "page.md", first_line=2)
    assert line_of(data) == 2
    assert line_of(data, "clauses") == 3
    assert line_of(data["clauses"][0]) == 4
    assert line_of(data["clauses"][0], "text") == 5


def test_yaml_refuses_a_duplicate_key_naming_both_lines():
    with pytest.raises(DataError) as err:
        load_yaml("a: 1\nb: 2\na: 3\n", "data/x.yml")
    assert str(err.value).startswith("data/x.yml, line 3: the YAML could not be read")
    assert "duplicate key 'a' (first on line 1)" in str(err.value)


def test_yaml_error_names_the_file_and_line():
    with pytest.raises(DataError, match=r"^docs/code/1-risk.md, line 4: the YAML could not"):
        load_yaml("a: 1\nb: [1, 2\n", "docs/code/1-risk.md", first_line=2)


# -- IDs and versions -------------------------------------------------------------------


def test_dotted_numbers_sort_as_numbers_not_text():
    assert sort_dotted(["1.10", "1.9", "10.1", "2.1", "1.2"]) == ["1.2", "1.9", "1.10", "2.1", "10.1"]
    assert dotted_key("1.10") > dotted_key("1.9")
    assert dotted_key("0.1") < dotted_key("1.0")


# -- the word diff ----------------------------------------------------------------------


def test_word_diff_marks_insertions_and_deletions():
    assert word_diff("pay within 30 days", "pay within 14 days") == [
        ("same", "pay within"), ("del", "30"), ("ins", "14"), ("same", "days")]


def test_word_diff_folds_short_unchanged_runs_into_one_change():
    ops = word_diff("a b c d e", "a X c Y e")
    assert ops == [("same", "a"), ("del", "b c d"), ("ins", "X c Y"), ("same", "e")]


def test_word_diff_of_identical_text_is_one_same_run():
    assert word_diff("same words", "same  words") == [("same", "same words")]


def test_redline_html_escapes_the_text():
    html = redline_html("a <b>", "a <i>")
    assert "<b>" not in html and "&lt;i&gt;" in html
    assert '<ins class="redline-ins">' in html and '<del class="redline-del">' in html


def test_clause_diff_reports_each_kind_in_id_order():
    old = {"clauses": [{"id": "1.10", "title": "T"}, {"id": "1.2", "title": "Old"},
                       {"id": "1.3", "title": "Gone"}]}
    new = {"clauses": [{"id": "1.2", "title": "New"}, {"id": "1.10", "title": "T"},
                       {"id": "1.4", "title": "Added"},
                       ]}
    changes = diff_contents(old, new)
    assert [(c.id, c.kind, c.fields) for c in changes] == [
        ("1.2", "changed", ("title",)), ("1.3", "removed", ()), ("1.4", "added", ("text",))]


# -- links ------------------------------------------------------------------------------


def test_site_url_follows_directory_urls():
    assert site_url("index.md") == ""
    assert site_url("code/index.md") == "code/"
    assert site_url("code/1-risk.md", "clause-1.1") == "code/1-risk/#clause-1.1"
    assert absolute_url("https://x.org/site", "code/1-risk.md") == "https://x.org/site/code/1-risk/"


def test_md_link_is_relative_to_the_page():
    assert md_link("code/1-risk.md", "code/2-pbr.md", "clause-2.1") == "2-pbr.md#clause-2.1"
    assert md_link("code/1-risk.md", "code/1-risk.md", "clause-1.1") == "#clause-1.1"
    assert md_link("index.md", "checklists/partners.md") == "checklists/partners.md"


def test_html_links_differ_by_engine():
    mkdocs, zensical = HtmlLinks(), HtmlLinks(from_source=True)
    assert mkdocs.href("changes/changelog.md", "code/1-risk.md", "c") == "../../code/1-risk/#c"
    assert zensical.href("changes/changelog.md", "code/1-risk.md", "c") == "../code/1-risk.md#c"
    assert mkdocs.file_href("checklists/partners.md", "downloads/p.pdf") == "../../downloads/p.pdf"
    assert zensical.file_href("checklists/partners.md", "downloads/p.pdf") == "../downloads/p.pdf"


# -- change records ---------------------------------------------------------------------


def records(tmp_path, text: str):
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "changes.yml").write_text(text, encoding="utf-8")
    errors: list[str] = []
    found = load_change_records(tmp_path, {"1.1", "1.2"}, ["0.1", "0.2"], {"C-2026-01"}, errors)
    return found, errors


def test_a_valid_change_record_is_read(tmp_path):
    found, errors = records(tmp_path, '- version: "0.2"\n  clauses: ["1.1"]\n  type: reworded\n'
                                      '  reason: >-\n    Clearer.\n  pull_request: 12\n')
    assert errors == []
    assert found[0].clauses == ("1.1",) and found[0].type == "reworded"
    assert found[0].reason == "Clearer." and found[0].line == 1


@pytest.mark.parametrize("text, message", [
    ('- version: "0.3"\n  clauses: ["1.1"]\n  type: reworded\n  reason: >-\n    x\n  source: s\n',
     "data/changes.yml, line 1: version '0.3' is neither a release nor the working version."),
    ('- version: "0.2"\n  clauses: ["9.9"]\n  type: reworded\n  reason: >-\n    x\n  source: s\n',
     "data/changes.yml, line 1, clause 9.9: the change record names an unknown clause."),
    ('- version: "0.2"\n  clauses: ["1.1"]\n  type: rewritten\n  reason: >-\n    x\n  source: s\n',
     "data/changes.yml, line 1: unknown change type 'rewritten'."),
    ('- version: "0.2"\n  clauses: ["1.1"]\n  type: reworded\n  reason: >-\n    x\n',
     "data/changes.yml, line 1: say what drove the change"),
    ('- version: "0.2"\n  clause: ["1.1"]\n  type: reworded\n  reason: >-\n    x\n  source: s\n',
     "data/changes.yml, line 1: missing clauses."),
])
def test_a_bad_change_record_is_refused_with_file_and_line(tmp_path, text, message):
    _, errors = records(tmp_path, text)
    assert any(e.startswith(message) for e in errors), errors

"""The contributor documents say what the code does: the field tables in
CONTRIBUTING.md and docs/contribute/clause-format.md, and the change types in
the pull-request template, are checked against the model's registries
(model/fields.py and model/history.py)."""

from __future__ import annotations

import re

import pytest

from code_of_practice.model.fields import (CHANGE_FIELDS, CHANGE_TYPES, CLAUSE_FIELDS,
                                           EXPLAINED_BY, NEW_CLAUSE_TYPES)
from code_of_practice.testing import ROOT

DOCS = ("CONTRIBUTING.md", "docs/contribute/clause-format.md")


def tables(path: str) -> list[list[list[str]]]:
    """Every Markdown table in a file, as rows of cells (header row included)."""
    found, current = [], []
    for line in (ROOT / path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("|") and line.endswith("|"):
            cells = [c.strip() for c in line[1:-1].split("|")]
            if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                current.append(cells)
        elif current:
            found.append(current)
            current = []
    return found + ([current] if current else [])


def table_headed(path: str, first: str, second: str) -> list[list[str]]:
    """The body of the table whose first cells name `first`'s rows, identified by
    the first body row (such as "`id`"), with `second` as its second header."""
    for table in tables(path):
        if table[0][:2] == ["Field", second] and table[1][0] == f"`{first}`":
            return table[1:]
    raise AssertionError(f"{path}: no table of fields starting with `{first}`")


def ticked(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


@pytest.mark.parametrize("path", DOCS)
def test_the_clause_field_table_matches_the_model(path):
    rows = table_headed(path, "id", "Required")
    documented = {ticked(row[0])[0]: row[1] == "yes" for row in rows}
    assert documented == {f.key: f.required for f in CLAUSE_FIELDS}


@pytest.mark.parametrize("path", DOCS)
def test_the_change_record_table_matches_the_model(path):
    rows = table_headed(path, "version", "Required")
    documented = {ticked(row[0])[0]: row[1] == "yes" for row in rows}
    assert documented == {f.key: f.required for f in CHANGE_FIELDS}


@pytest.mark.parametrize("path", DOCS)
def test_the_change_types_say_what_each_explains(path):
    table = next(t for t in tables(path) if t[0] == ["Type", "Explains"])
    rows = {ticked(row[0])[0]: row[1] for row in table[1:]}
    assert list(rows) == list(CHANGE_TYPES)
    every_field = {f for f in EXPLAINED_BY if f != "withdrawn"}
    for kind, explains in rows.items():
        assert ("new clause" in explains) == (kind in NEW_CLAUSE_TYPES), kind
        assert ("withdrawal" in explains) == (kind in EXPLAINED_BY["withdrawn"]), kind
        fields = {f for f, kinds in EXPLAINED_BY.items() if kind in kinds and f != "withdrawn"}
        if "any field" in explains:
            assert fields == every_field, kind
        else:
            assert set(ticked(explains)) - {"withdrawn"} == fields, kind


def test_contributing_lists_every_change_type_for_the_type_field():
    rows = table_headed("CONTRIBUTING.md", "version", "Required")
    type_row = next(row for row in rows if row[0] == "`type`")
    assert tuple(ticked(type_row[2])) == CHANGE_TYPES


def test_the_pull_request_template_uses_the_model_s_names():
    text = (ROOT / ".github/PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    listed = re.search(r"Use one of:\n(.*?)\n", text).group(1)
    assert tuple(t.strip() for t in listed.split(",")) == CHANGE_TYPES
    record = re.search(r"change record in `data/changes.yml`: (.*?)\.", text).group(1)
    assert [w.strip() for w in record.split(",")][:4] == ["version", "clauses", "type", "reason"]


def test_contributing_says_merge_the_release_then_tag_it():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    release = text[text.index("## How a release is made"):]
    assert release.index("merge it") < release.index("git tag vX.Y")
    assert "git push origin main" not in release

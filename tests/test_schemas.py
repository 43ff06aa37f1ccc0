"""The JSON Schemas: made from the registries, published with the site, and
checked with check-jsonschema against every data file, clause page, release
and export. A violation names the file and the path inside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from code_of_practice.model import schemas as m
from code_of_practice.model.fields import CLAUSE_FIELDS
from code_of_practice.model.project import Project, load_project
from code_of_practice.outputs.schemas import (BY_NAME, EDITOR_FOLDER, SCHEMAS, editor_settings,
                                              schema_document, schema_url)
from code_of_practice.tasks.schema_check import schema_problems
from code_of_practice.testing import ROOT


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(ROOT)


def test_every_data_file_page_and_release_matches_its_schema(project):
    problems = schema_problems(project)
    assert not problems, "schema violations:\n" + "\n".join(problems)


def test_a_violation_names_the_file_and_the_path_inside_it(project_copy):
    project = Project.read(project_copy)  # read while valid: the loader would speak first
    changes = project_copy / "data/changes.yml"
    text = changes.read_text("utf-8")
    changes.write_text(text.replace("  type: reworded", "  type: renamed", 1), "utf-8")
    first = sorted((project_copy / "docs/code").glob("[0-9]*.md"))[0]
    page = first.read_text("utf-8")
    first.write_text(page.replace("\n  - id:", "\n  - colour: blue\n    id:", 1), "utf-8")
    problems = schema_problems(project)
    assert any(p.startswith("data/changes.yml::$[") and ".type: 'renamed' is not one of" in p
               for p in problems), problems
    assert any(p.startswith(f"docs/code/{first.name}::$.clauses[0]") and "colour" in p
               for p in problems), problems
    assert len(problems) == 2, problems


def test_every_loader_field_has_a_schema(project):
    """A field a loader reads but the schema forgets would make the schema
    refuse a valid file (or allow anything): the kinds cover the loaders' lists."""
    for name, fields in m.RECORD_FIELDS.items():
        assert set(m.RECORD_KINDS[name]) == set(fields), name
        schema = m.record_schema(name)
        assert set(fields) <= set(schema["properties"])
        assert set(schema.get("required", [])) == {k for k, req in fields.items() if req}
    clause = m.clause_schema(project.code)
    assert {f.key for f in CLAUSE_FIELDS} <= set(clause["properties"])
    assert set(clause["required"]) == {f.key for f in CLAUSE_FIELDS if f.required}
    audiences = clause["properties"]["applies_to"]["items"]["enum"]
    assert audiences == list(project.code.frameworks.audiences)


def test_the_editors_copies_are_current(project, tmp_path):
    for schema in SCHEMAS:
        committed = ROOT / EDITOR_FOLDER / f"{schema.name}.schema.json"
        assert committed.is_file(), f"{committed} is missing: run " \
            "`.venv/bin/cop check-schemas --write-editor-copies`"
        assert json.loads(committed.read_text("utf-8")) == \
            schema_document(project, schema, None), \
            f"{committed} is out of date: run `.venv/bin/cop check-schemas --write-editor-copies`"


def test_the_editor_settings_map_each_schema_to_its_files():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text("utf-8"))
    assert settings["yaml.schemas"] == editor_settings()
    for schema_path, files in settings["yaml.schemas"].items():
        assert (ROOT / schema_path).is_file()
    release = BY_NAME["release"]
    assert any(entry["url"] == f"./{EDITOR_FOLDER}/{release.name}.schema.json"
               for entry in settings["json.schemas"])
    recommended = json.loads((ROOT / ".vscode/extensions.json").read_text("utf-8"))
    assert "redhat.vscode-yaml" in recommended["recommendations"]


@pytest.mark.browser
def test_the_site_publishes_the_schemas_and_the_exports_match_them(published):
    project = load_project(published["root"])
    site, base = Path(published["site"]), published["base_url"]
    for schema in SCHEMAS:
        path = site / "schemas" / f"{schema.name}.schema.json"
        data = json.loads(path.read_text("utf-8"))
        assert data["$schema"] == m.DIALECT
        assert data["$id"] == schema_url(base, schema.name)
        assert project.edition["version"] in data["title"]
    for name in ("code", "changelog"):
        export = json.loads((site / "data" / f"{name}.json").read_text("utf-8"))
        assert export["$schema"] == schema_url(base, name)
    mappings = sorted((site / "data" / "mappings").glob("*.json"))
    assert mappings
    for path in mappings:
        assert json.loads(path.read_text("utf-8"))["$schema"] == schema_url(base, "mapping")
    problems = schema_problems(project, site)
    assert not problems, "schema violations:\n" + "\n".join(problems)


def test_the_data_page_lists_every_published_schema():
    page = (ROOT / "docs/contribute/data.md").read_text("utf-8")
    for schema in SCHEMAS:
        assert f"`schemas/{schema.name}.schema.json`" in page, schema.name
        for files in schema.sources + schema.exports:
            if not files.startswith("docs/"):
                assert files.replace("[0-9]*", "").split("*")[0] in page, files


def test_a_number_from_the_law_needs_its_source():
    from jsonschema import Draft202012Validator

    entry = Draft202012Validator(m.numbers_schema()["items"])
    assert not list(entry.iter_errors({"text": "10 working days", "basis": "proposed"}))
    assert list(entry.iter_errors({"text": "30 days", "basis": "law"}))
    assert list(entry.iter_errors({"text": "30 days", "basis": "law", "source": "A book."}))
    assert not list(entry.iter_errors({"text": "30 days", "basis": "law", "source":
                                       "Procurement Act 2023, https://www.legislation.gov.uk/"}))
    assert list(entry.iter_errors({"text": "30 days", "basis": "guess"}))

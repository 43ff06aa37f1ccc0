"""Every JSON Schema the project publishes, and which files each one describes.

One registry (SCHEMAS) for the post-build step that publishes them under each
version's folder (schemas/<name>.schema.json), for the exports that name
theirs in `$schema`, for the check that validates every data file and every
export with check-jsonschema (tasks/schema_check.py, `cop check-schemas`), and
for the editor settings (.vscode/settings.json, kept in step by a test).

The data files' schemas come from model/schemas.py; the exports' shapes are
the ones outputs/exports.py and outputs/mappings.py write, made from the same
clause and record schemas.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from code_of_practice.model import schemas as m
from code_of_practice.model.project import Project
from code_of_practice.model.provenance import TITLE
from code_of_practice.model.urls import absolute_url


@dataclass(frozen=True)
class Schema:
    name: str  # schemas/<name>.schema.json
    title: str
    build: Callable[[Project], dict]
    sources: tuple[str, ...] = ()  # the project's files it describes (globs from the root)
    exports: tuple[str, ...] = ()  # the site's files it describes (globs from the site root)


def schema_url(base_url: str, name: str) -> str:
    """The stable address of a schema, under the version the site describes."""
    return absolute_url(base_url, f"{m.SCHEMA_FOLDER}/{name}.schema.json")


def _provenance() -> dict:
    return m._object({
        "title": {"const": TITLE}, "statement": m.PLAIN,
        "not_ncvo_or_serco_text": {"const": True},
        "version": m.VERSION_SCHEMA, "status": m.PLAIN,
        "date": {"anyOf": [m.DATE_SCHEMA, {"type": "null"}]},
        "licence": m._object({"name": m.PLAIN, "url": {"type": "string", "format": "uri"}},
                             ["name", "url"]),
        "adopted_by": {"type": "object"},
    }, ["title", "statement", "not_ncvo_or_serco_text", "version", "status", "licence"],
        title="What this edition is, and that it is not NCVO's or Serco's text", closed=False)


def _edition() -> dict:
    return m._object({"version": m.VERSION_SCHEMA, "status": m.PLAIN,
                      "date": {"anyOf": [m.DATE_SCHEMA, {"type": "null"}]},
                      "released": {"type": "boolean"}},
                     ["version", "status", "date", "released"], closed=False)


def _export(properties: dict, required: list[str], title: str) -> dict:
    """An export's top level. It is open: a new top-level part (such as a
    register) may be added without changing what the others mean."""
    return m._object({"$schema": {"type": "string", "format": "uri"},
                      "schema_version": {"type": "integer"},
                      "provenance": _provenance(), "edition": _edition(), **properties},
                     ["$schema", "schema_version", "provenance", "edition", *required],
                     title=title, closed=False)


URL = {"type": "string", "format": "uri", "pattern": "^https?://"}


def code_export_schema(project: Project) -> dict:
    code = project.code
    clause = m.clause_field_schemas(code, snapshot=True)
    clause.update(principle={"type": "integer", "minimum": 1}, url=URL)
    fw = code.frameworks
    frameworks = {key: {"type": "object", "propertyNames": {"enum": [str(k) for k in
                                                                     fw.titles(key)]},
                        "additionalProperties": m.PLAIN}
                  for key in m.FRAMEWORK_LABELS}
    principle = m._object({"number": {"type": "integer"}, "title": m.PLAIN,
                           "statement": {"type": "string"}, "page": {"type": "string"},
                           "url": URL}, ["number", "title", "statement", "page", "url"])
    return _export({
        "title": {"const": TITLE},
        "audiences": {"type": "object", "propertyNames": {"enum": list(fw.audiences)},
                      "additionalProperties": m.PLAIN},
        "frameworks": m._object(frameworks, list(frameworks)),
        "errata": m._array(m.record_schema("errata"), unique=False),
        "principles": m._array(principle, minimum=1, unique=False),
        "clauses": m._array(m._object(clause, ["id", "principle", "title", "text",
                                               "applies_to", "question", "evidence", "url"],
                                      title="A clause"), minimum=1, unique=False),
    }, ["title", "audiences", "frameworks", "principles", "clauses"],
        "The code: principles, clauses, audiences and the frameworks they link to")


def changelog_export_schema(project: Project) -> dict:
    content_clause = {"anyOf": [m.content_clause_schema(), {"type": "null"}]}
    # A change record as the export writes it: every field, empty when not given.
    record = m.record_schema("changes")
    record = {**record, "properties": {**record["properties"],
                                       "reason": {"type": "string"},
                                       "source": {"type": "string"},
                                       "pull_request": {"anyOf": [m.POSITIVE,
                                                                  {"type": "null"}]}}}
    change = m._object({"clause": m.CLAUSE_ID_SCHEMA,
                        "kind": m._enum(("added", "changed", "withdrawn", "removed")),
                        "fields": m._array({"type": "string"}),
                        "before": content_clause, "after": content_clause,
                        "records": m._array(record, unique=False)},
                       ["clause", "kind", "fields", "before", "after", "records"])
    version = m._object({"version": m.VERSION_SCHEMA,
                         "date": {"anyOf": [m.DATE_SCHEMA, {"type": "null"}]},
                         "status": m.PLAIN, "released": {"type": "boolean"},
                         "summary": {"type": "string"},
                         "changes": m._array(change, unique=False)},
                        ["version", "date", "status", "released", "summary", "changes"])
    consultation = m.record_schema("consultations")
    consultation = {**consultation, "properties": {
        **consultation["properties"], "state": m._enum(("planned", "open", "closed",
                                                        "reported on")),
        "clauses": m._array(m.CLAUSE_ID_SCHEMA),
        "version": {"type": "string"}, "summary": {"type": "string"},
        "reported": {"type": "string"}, "response": {"type": "string"}}}
    comment = m._object({"id": m.RECORD_KINDS["comments"]["id"],
                         "consultation": {"type": "string"}, "received": m.DATE_SCHEMA,
                         "sector": m.RECORD_KINDS["comments"]["sector"],
                         "channel": m._enum(("issue", "pull_request", "email")),
                         "reference": {"type": "string"},
                         "clauses": m._array(m.CLAUSE_ID_SCHEMA), "summary": m.PLAIN,
                         "response": m.PLAIN,
                         "outcome": m.RECORD_KINDS["comments"]["outcome"],
                         "changes": m._array({"type": "object"}, unique=False)},
                        ["id", "received", "sector", "channel", "summary", "outcome"],
                        closed=False)
    return _export({"versions": m._array(version, minimum=1, unique=False),
                    "errata": m._array(m.record_schema("errata"), unique=False),
                    "consultations": m._array(consultation, unique=False),
                    "comments": m._array(comment, unique=False)},
                   ["versions", "consultations", "comments"],
                   "Every version with its changes and reasons, the consultations and "
                   "the comments made to this project")


def mapping_schema(project: Project) -> dict:
    """A framework mapping file (outputs/mappings.py): which clauses support
    which item of another framework, version by version."""
    item = m._object({"id": {"type": ["string", "integer"]}, "name": m.PLAIN,
                      "label": m.PLAIN, "url": URL}, ["id", "name", "url"])
    version = m._object({
        "version": m.VERSION_SCHEMA, "status": m.PLAIN,
        "date": {"anyOf": [m.DATE_SCHEMA, {"type": "null"}]},
        "released": {"type": "boolean"},
        "supports": m._array(m._object({"item": {"type": ["string", "integer"]},
                                        "clauses": m._array(m.CLAUSE_ID_SCHEMA)},
                                       ["item", "clauses"]), unique=False),
    }, ["version", "status", "released", "supports"])
    return _export({"framework": m._enum(m.FRAMEWORK_LABELS), "title": m.PLAIN,
                    "page": URL, "items": m._array(item, unique=False),
                    "versions": m._array(version, minimum=1, unique=False)},
                   ["framework", "title", "page", "items", "versions"],
                   "Which clauses support which item of another framework, by version")


SCHEMAS: tuple[Schema, ...] = (
    Schema("principle-page", "A principle page of the code (its front matter)",
           lambda p: m.principle_page_schema(p.code), ("docs/code/[0-9]*.md",)),
    Schema("changes", "Change records (data/changes.yml)",
           lambda p: m.records_file_schema("changes"), ("data/changes.yml",)),
    Schema("consultations", "Consultations (data/consultations.yml)",
           lambda p: m.records_file_schema("consultations"), ("data/consultations.yml",)),
    Schema("comments", "Comments made to this project (data/comments.yml)",
           lambda p: m.records_file_schema("comments"), ("data/comments.yml",)),
    Schema("errata", "Errata register (data/errata.yml)",
           lambda p: m.records_file_schema("errata"), ("data/errata.yml",)),
    Schema("reviews", "Editorial review record (data/reviews.yml)",
           lambda p: m.records_file_schema("reviews"), ("data/reviews.yml",)),
    Schema("adopters", "Adopters (data/adopters.yml)",
           lambda p: m.records_file_schema("adopters"), ("data/adopters.yml",)),
    Schema("frameworks", "Reference data (data/frameworks.yml)",
           lambda p: m.frameworks_schema(), ("data/frameworks.yml",)),
    Schema("edition", "The working version (data/edition.yml)",
           lambda p: m.edition_schema(), ("data/edition.yml",)),
    Schema("release", "A release snapshot (releases/X.Y.json)",
           lambda p: m.release_schema(), ("releases/*.json",)),
    Schema("code", "The code (data/code.json)", code_export_schema,
           exports=("data/code.json",)),
    Schema("changelog", "The changelog (data/changelog.json)", changelog_export_schema,
           exports=("data/changelog.json",)),
    Schema("mapping", "A framework mapping (data/mappings/<framework>.json)", mapping_schema,
           exports=("data/mappings/*.json",)),
)
BY_NAME = {s.name: s for s in SCHEMAS}


# The copies editors read (.vscode/settings.json), kept in the repository and
# checked against these sources by a test: `cop check-schemas --write-editor-copies`.
EDITOR_FOLDER = Path("schemas")


def schema_document(project: Project, schema: Schema, base_url: str | None) -> dict:
    """A schema as published (with base_url: its address and version), or, with
    None, the editors' copy, which names neither, so it changes only when a
    rule does."""
    body = schema.build(project)
    head = {"$schema": m.DIALECT}
    if base_url is not None:
        head["$id"] = schema_url(base_url, schema.name)
        head["title"] = f"{schema.title}: version {project.edition['version']}"
    else:
        head["title"] = schema.title
    return {**head, "description": body.pop("description", schema.title),
            **{k: v for k, v in body.items() if k != "title"}}


def write_schemas(project: Project, folder: Path, base_url: str | None) -> list[Path]:
    """Write every schema into folder (the site's schemas/, a check's folder, or,
    with base_url None, the editors' copies)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for schema in SCHEMAS:
        path = folder / f"{schema.name}.schema.json"
        path.write_text(json.dumps(schema_document(project, schema, base_url),
                                   ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


def editor_settings(schemas: tuple[Schema, ...] = SCHEMAS) -> dict:
    """The `yaml.schemas` setting of VS Code's YAML extension (and of any editor
    with the YAML language server): each editors' copy, and the YAML files it
    describes. Principle pages are Markdown, which the language server does not
    read, so their schema is for tools and the check only."""
    out = {}
    for schema in schemas:
        files = [g for g in schema.sources if g.endswith((".yml", ".yaml"))]
        if files:
            out[f"./{EDITOR_FOLDER.as_posix()}/{schema.name}.schema.json"] = files
    return out

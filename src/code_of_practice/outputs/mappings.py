"""Framework mapping files: which clauses support which item of another framework.

  <site>/data/mappings/<framework>.json   one file per framework a clause links to

Made from the clauses' own links (their `compact`, `merlin` and `merlin_2018`
lists, model/fields.py), version by version: each release's snapshot, and the
working version when main has changes no release holds. A framework no
clause of any version links to gets no file. Each file names its schema
(schemas/mapping.schema.json), so another code or a commissioner's tool can
import and check it.
"""

from __future__ import annotations

import json
from pathlib import Path

from code_of_practice.model.fields import FRAMEWORK_LABELS, framework_item_label
from code_of_practice.model.ids import sort_dotted
from code_of_practice.model.project import Project
from code_of_practice.model.provenance import provenance
from code_of_practice.model.urls import absolute_url, framework_anchor
from code_of_practice.outputs.schemas import schema_url

FOLDER = "mappings"


def _contents(project: Project) -> list[tuple[object, dict]]:
    """(version entry, content) for each version on the changelog, oldest first."""
    releases = {r.version: r.content for r in project.releases}
    out = []
    for entry in project.history.versions:
        content = releases.get(entry.version) if entry.released \
            else project.history.working_content
        if content is not None:
            out.append((entry, content))
    return out


def mapping(project: Project, framework: str, base_url: str) -> dict | None:
    """The mapping of one framework, or None when no clause of any version links to it."""
    fw = project.code.frameworks
    names = fw.titles(framework)
    versions, linked = [], False
    for entry, content in _contents(project):
        by_item: dict = {}
        for clause in content["clauses"]:
            if "withdrawn" in clause:
                continue
            for item in clause.get(framework, []):
                by_item.setdefault(item, []).append(clause["id"])
        linked = linked or bool(by_item)
        versions.append({
            "version": entry.version, "status": entry.status, "date": entry.date,
            "released": entry.released,
            "supports": [{"item": item, "clauses": sort_dotted(by_item.get(item, []))}
                         for item in names if by_item.get(item)],
        })
    if not linked:
        return None
    page = fw.pages[framework]
    return {
        "$schema": schema_url(base_url, "mapping"),
        "schema_version": 1,
        "provenance": provenance(project.edition),
        "edition": project.edition,
        "framework": framework,
        "title": FRAMEWORK_LABELS[framework],
        "page": absolute_url(base_url, page),
        "items": [{"id": key, "name": name, "label": framework_item_label(framework, key, name),
                   "url": absolute_url(base_url, page, framework_anchor(framework, key))}
                  for key, name in names.items()],
        "versions": versions,
    }


def write_mappings(project: Project, site_dir: Path, base_url: str) -> list[Path]:
    folder = Path(site_dir) / "data" / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for framework in FRAMEWORK_LABELS:
        data = mapping(project, framework, base_url)
        if data is None:
            continue
        path = folder / f"{framework}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written

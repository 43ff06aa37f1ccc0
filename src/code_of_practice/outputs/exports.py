"""Write the machine-readable exports into a built site (a post-build step).

  <site>/data/code.json       the whole code: principles, clauses, audiences, links
  <site>/data/changelog.json  every version with its changes and reasons

Both are documented on the page contribute/data.md, and each names its JSON
Schema in `$schema` (outputs/schemas.py). Engine-neutral: a step
run after the build (outputs/postbuild.py), not a MkDocs hook, so it runs the
same after Zensical.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from code_of_practice.model.code import Code
from code_of_practice.model.code_data import code_content
from code_of_practice.model.errata import as_records
from code_of_practice.model.project import Project
from code_of_practice.model.provenance import TITLE, provenance
from code_of_practice.model.urls import absolute_url
from code_of_practice.outputs.schemas import schema_url

SCHEMA_VERSION = 1


def code_export(code: Code, edition: dict, base_url: str, errata=()) -> dict:
    """The published JSON: the code, its edition, audiences and frameworks, and
    for a released version its errata (data/errata.yml, model/errata.py)."""
    fw = code.frameworks
    content = code_content(code)
    for principle in content["principles"]:
        principle["url"] = absolute_url(base_url, principle["page"])
    for clause in content["clauses"]:
        page = code.principle(clause["principle"]).page
        clause["url"] = absolute_url(base_url, page, code.clause(clause["id"]).anchor)
    return {
        "$schema": schema_url(base_url, "code"),
        "schema_version": SCHEMA_VERSION,
        "title": TITLE,
        "provenance": provenance(edition),
        "edition": edition,
        "errata": as_records(list(errata), edition["version"]) if edition.get("released") else [],
        "audiences": {k: v["name"] for k, v in fw.audiences.items()},
        "frameworks": {
            "compact": {str(k): v for k, v in fw.compact.items()},
            "merlin": fw.merlin,
            "merlin_2018": fw.merlin_2018,
        },
        **content,
    }


def changelog_export(model: Project, base_url: str | None = None) -> dict:
    """The changelog export; with base_url, it names its schema ($schema)."""
    versions = []
    for entry in reversed(model.history.versions):
        versions.append({
            "version": entry.version,
            "date": entry.date,
            "status": entry.status,
            "released": entry.released,
            "summary": entry.summary,
            "changes": [{
                "clause": change.id,
                "kind": change.kind,
                "fields": list(change.fields),
                "before": change.old,
                "after": change.new,
                "records": [{k: v for k, v in asdict(r).items() if k not in ("line",)}
                            for r in entry.records_for(change.id)],
            } for change in entry.changes],
        })
    return {
        **({"$schema": schema_url(base_url, "changelog")} if base_url else {}),
        "schema_version": 1,
        "provenance": provenance(model.edition),
        "edition": model.edition,
        "versions": versions,
        "errata": [rec for v in dict.fromkeys(e.version for e in model.errata)
                   for rec in as_records(list(model.errata), v)],
        "consultations": [{**{k: v for k, v in asdict(c).items() if k != "line"},
                           "state": c.state()} for c in model.history.consultations],
        "comments": [{**{k: v for k, v in asdict(r).items() if k != "line"},
                      "changes": [{"version": cr.version, "clauses": list(cr.clauses),
                                   "type": cr.type} for cr in model.history.led_to(r.id)]}
                     for r in model.history.register],
    }


def write_exports(project: Project, site_dir: Path, base_url: str) -> list[Path]:
    out_dir = Path(site_dir) / "data"
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in (("code.json", code_export(project.code, project.edition, base_url,
                                               project.errata)),
                       ("changelog.json", changelog_export(project, base_url))):
        path = out_dir / name
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written

"""The code as plain data: the JSON export and the content of release snapshots."""

from __future__ import annotations

import hashlib
import json

from code_model import Clause, Code

SCHEMA_VERSION = 1


def clause_to_dict(clause: Clause) -> dict:
    data = {
        "id": clause.id,
        "principle": clause.principle,
        "title": clause.title,
        "text": clause.text,
        "applies_to": list(clause.audiences),
        "question": clause.question,
        "evidence": list(clause.evidence),
        "compact": list(clause.compact),
        "merlin": list(clause.merlin),
        "merlin_2018": list(clause.merlin_2018),
        "related": list(clause.related),
    }
    if clause.withdrawn:
        data["withdrawn"] = {
            "in": clause.withdrawn.version,
            "reason": clause.withdrawn.reason,
            "moved_to": list(clause.withdrawn.moved_to),
        }
    return data


def code_content(code: Code) -> dict:
    """The text of the code: what a release snapshot freezes."""
    return {
        "principles": [
            {"number": p.number, "title": p.title, "statement": p.statement, "page": p.page}
            for p in code.principles
        ],
        "clauses": [clause_to_dict(c) for c in code.clauses],
    }


def checksum(data: dict) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def code_export(code: Code, edition: dict, base_url: str) -> dict:
    """The published JSON: the code, its edition, audiences and frameworks."""
    fw = code.frameworks
    content = code_content(code)
    for principle in content["principles"]:
        principle["url"] = _url(base_url, principle["page"])
    for clause in content["clauses"]:
        page = code.principle(clause["principle"]).page
        clause["url"] = _url(base_url, page, f"clause-{clause['id']}")
    return {
        "schema_version": SCHEMA_VERSION,
        "title": "Code of Practice for Voluntary–Private Sector Co-operation in Public Services",
        "edition": edition,
        "audiences": {k: v["name"] for k, v in fw.audiences.items()},
        "frameworks": {
            "compact": {str(k): v for k, v in fw.compact.items()},
            "merlin": fw.merlin,
            "merlin_2018": fw.merlin_2018,
        },
        **content,
    }


def _url(base_url: str, page: str, anchor: str = "") -> str:
    from links import site_url

    return base_url.rstrip("/") + "/" + site_url(page, anchor)

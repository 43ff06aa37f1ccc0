"""The code as plain data: what a release snapshot freezes, and its checksum.

The published JSON export (outputs/exports.py) is built on the same data."""

from __future__ import annotations

import hashlib
import json

from code_of_practice.model.code import Clause, Code



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
    if clause.ask_prime:  # optional: older snapshots have no such key
        data["ask_prime"] = clause.ask_prime
    if clause.numbers:  # optional, like ask_prime
        data["numbers"] = [n.to_dict() for n in clause.numbers]
    if clause.law:
        data["law"] = clause.law
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

"""A released clause deleted from its page while other clauses still refer to
it: the pages alone only show "reference to unknown clause", which sends a
contributor to delete the references too. This says what happened (the
clause is in a release and was deleted) and the fix (withdraw it instead)."""

from __future__ import annotations

import re
from pathlib import Path

from code_of_practice.model.code import format_errors
from code_of_practice.model.yaml_lines import DataError

_UNKNOWN_REFERENCE = re.compile(r"reference to unknown clause '(?P<id>[^']+)'")


def explain_deleted_clauses(root: Path, error: DataError) -> DataError:
    """`error` (from load_code) with, first, one problem for each unknown
    clause that other clauses refer to and that a release holds."""
    from code_of_practice.model.releases import load_releases

    text = str(error)
    missing = list(dict.fromkeys(m["id"] for m in _UNKNOWN_REFERENCE.finditer(text)))
    if not missing:
        return error
    try:
        releases = load_releases(Path(root))
    except DataError:
        return error
    found = []
    for clause_id in missing:
        holding = [r for r in releases if clause_id in r.clauses]
        if not holding:
            continue
        clause = holding[-1].clauses[clause_id]
        principle = clause.get("principle", clause_id.split(".")[0])
        pages = sorted((Path(root) / "docs" / "code").glob(f"{principle}-*.md"))
        page = f"docs/code/{pages[0].name}" if pages else f"docs/code/ (principle {principle})"
        found.append(
            f"{page}: clause {clause_id} ({clause.get('title', '')}) "
            f"was deleted, but it is in release {holding[-1].version} and other clauses still "
            "refer to it. A released clause is never deleted: put it back on its page with a "
            "'withdrawn' field (in, reason, moved_to) so its ID and anchor are kept, and take "
            "it out of the other clauses' related lists (the problems below).")
    if not found:
        return error
    head, _, body = text.partition(":\n")
    items = [item.rstrip("\n") for item in re.split(r"(?m)^  - ", body)[1:]]
    if not items:
        return error
    return DataError(format_errors(found + items))

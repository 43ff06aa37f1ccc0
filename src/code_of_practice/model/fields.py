"""The fields of a clause: one registry for their names, labels and kinds.

The parser, the diffs, the changelog, the review report and the format page's
tests all read this list, so a field is described in one place.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # how changelogs and reports name the field
    required: bool
    kind: str  # "id", "plain" (plain text), "markdown", "list", "links" or "withdrawal"
    item_label: str = ""  # for links to a framework: how one linked item is named


CLAUSE_FIELDS: tuple[Field, ...] = (
    Field("id", "ID", True, "id"),
    Field("title", "Title", True, "plain"),
    Field("text", "Text", True, "markdown"),
    Field("applies_to", "Applies to", True, "list"),
    Field("question", "Checklist question", True, "plain"),
    Field("evidence", "What good looks like", True, "list"),
    Field("compact", "Compact links", False, "links", "Compact outcome"),
    Field("merlin", "Merlin links", False, "links", "Merlin Standard (original)"),
    Field("merlin_2018", "2017–18 Merlin links", False, "links", "Merlin Standard (2017–18)"),
    Field("related", "Related clauses", False, "links"),
    Field("withdrawn", "Withdrawal", False, "withdrawal"),
)

FIELDS = {f.key: f for f in CLAUSE_FIELDS}
FIELD_LABELS = {f.key: f.label for f in CLAUSE_FIELDS}
# The fields a diff between two versions reports, in reading order.
COMPARED = tuple(f.key for f in CLAUSE_FIELDS if f.key != "id")
# The fields that link a clause to other clauses or to other frameworks.
LINK_FIELDS = tuple(f.key for f in CLAUSE_FIELDS if f.kind == "links")
# The frameworks a clause can link to, with how one linked item is named.
FRAMEWORK_LABELS = {f.key: f.item_label for f in CLAUSE_FIELDS if f.item_label}


def framework_item_label(framework: str, item, name: str) -> str:
    """How a clause names an item it supports: "Compact outcome 3: Responsive …",
    "Merlin Standard (original): Commitment"."""
    if framework == "compact":
        return f"{FRAMEWORK_LABELS[framework]} {item}: {name}"
    return f"{FRAMEWORK_LABELS[framework]}: {name}"

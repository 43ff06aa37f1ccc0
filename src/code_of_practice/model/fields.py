"""The fields of a clause: one registry for their names, labels and kinds.

The parser, the diffs, the changelog, the review report and the format page's
tests all read this list, so a field is described in one place. It also says,
for each field, which types of change record (data/changes.yml) can explain a
change to it: a `relinked` record explains new links, never new words.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # how changelogs and reports name the field
    required: bool
    kind: str  # "id", "plain", "markdown", "list", "links", "numbers" or "withdrawal"
    item_label: str = ""  # for links to a framework: how one linked item is named
    # The change-record types that can explain a change to this field.
    explained_by: tuple[str, ...] = ()


# Which record types explain which kind of change. A wording change is about
# what the clause says; links only say where else it fits.
WORDING = ("reworded", "split", "merged", "moved")
LINKING = ("relinked", "split", "merged", "moved")


CLAUSE_FIELDS: tuple[Field, ...] = (
    Field("id", "ID", True, "id"),
    Field("title", "Title", True, "plain", explained_by=WORDING),
    Field("text", "Text", True, "markdown", explained_by=WORDING),
    Field("applies_to", "Applies to", True, "list", explained_by=WORDING),
    Field("question", "Checklist question", True, "plain", explained_by=WORDING),
    Field("evidence", "What good looks like", True, "list", explained_by=WORDING),
    # Only on prime-contractor clauses: the question a partner asks about its prime,
    # for the separate "Questions to ask your prime" checklist (model/checklists.py).
    Field("ask_prime", "Question to ask your prime", False, "plain", explained_by=WORDING),
    Field("compact", "Compact links", False, "links", "Compact outcome", LINKING),
    Field("merlin", "Merlin links", False, "links", "Merlin Standard (original)", LINKING),
    Field("merlin_2018", "2017–18 Merlin links", False, "links", "Merlin Standard (2017–18)",
          LINKING),
    Field("related", "Related clauses", False, "links", explained_by=LINKING),
    # Each number the text sets, with its basis (law, sourced or proposed), and the
    # legal duty a clause restates (model/numbers.py). A new basis or provision
    # changes no words, so a `relinked` record can explain it too.
    Field("numbers", "Numbers and their basis", False, "numbers",
          explained_by=WORDING + ("relinked",)),
    Field("law", "Legal duty", False, "plain", explained_by=WORDING + ("relinked",)),
    Field("withdrawn", "Withdrawal", False, "withdrawal",
          explained_by=("withdrawn", "split", "merged", "moved")),
)
# The record types that can explain a clause that is new since the last release.
NEW_CLAUSE_TYPES = ("added", "split", "merged", "moved")

FIELDS = {f.key: f for f in CLAUSE_FIELDS}
FIELD_LABELS = {f.key: f.label for f in CLAUSE_FIELDS}
# The fields a diff between two versions reports, in reading order.
COMPARED = tuple(f.key for f in CLAUSE_FIELDS if f.key != "id")
# The fields that link a clause to other clauses or to other frameworks.
LINK_FIELDS = tuple(f.key for f in CLAUSE_FIELDS if f.kind == "links")
# The fields whose change leaves the clause's words as they were: links, and
# what the clause says about its numbers and the law. The changelog groups
# such changes into one line per version, and the badges on clauses ignore them.
NOT_WORDING = LINK_FIELDS + ("numbers", "law")
# The frameworks a clause can link to, with how one linked item is named.
FRAMEWORK_LABELS = {f.key: f.item_label for f in CLAUSE_FIELDS if f.item_label}
# field -> the record types that explain a change to it (see Field.explained_by).
EXPLAINED_BY = {f.key: f.explained_by for f in CLAUSE_FIELDS if f.explained_by}


def framework_item_label(framework: str, item, name: str) -> str:
    """How a clause names an item it supports: "Compact outcome 3: Responsive …",
    "Merlin Standard (original): Commitment"."""
    if framework == "compact":
        return f"{FRAMEWORK_LABELS[framework]} {item}: {name}"
    return f"{FRAMEWORK_LABELS[framework]}: {name}"

"""Every field of every record the project reads, in one registry: the fields
of a clause and of a principle page, and of the records of each data file
(DATA_FILES, which also says where each file is).

Each Field gives its name, label, whether it is required, its kind (which
says its type: KIND_TYPES), the values it may take where this code fixes them
(`allowed`, or `allowed_from` where data/frameworks.yml lists them) and what
a missing one needs (`need`). The record reader (model/records.py), the
parser of the principle pages (model/code.py), the diffs, the changelog, the
review report and the format page's tests all read this registry, so a field
is described in one place; a JSON Schema of each file can be made from it.

For each clause field it also says which types of change record
(data/changes.yml) can explain a change to it: a `relinked` record explains
new links, never new words.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # how changelogs and reports name the field
    required: bool
    kind: str  # one of KIND_TYPES
    item_label: str = ""  # for links to a framework: how one linked item is named
    # The change-record types that can explain a change to this field.
    explained_by: tuple[str, ...] = ()
    allowed: tuple = ()  # the only values it may take (each item, for a list)
    allowed_from: str = ""  # or: the section of data/frameworks.yml that lists them
    need: str = ""  # what a record without it needs, as in "Every clause needs …"
    parts: tuple = ()  # for a set of fields (or a list of them): their Fields


# What each kind of field holds, as a JSON type ("array of string" is a list).
KIND_TYPES = {
    "id": "string",  # a record's permanent ID
    "plain": "string",  # plain text, escaped wherever it is written
    "markdown": "string",  # Markdown, written as a YAML block (model/policy.py)
    "list": "array of string",
    "links": "array",  # clause IDs, or items of a framework
    "clause_ids": "array of string",  # clause IDs in quotes, such as "3.2"
    "record_ids": "array of string",  # IDs of comment records
    "numbers": "array of object",  # model/numbers.py
    "questions": "array of object",  # QUESTION_FIELDS: a consultation's questions
    "withdrawal": "object",  # WITHDRAWN_FIELDS
    "version": "string",  # a version in quotes, such as "1.1"
    "date": "string",  # an ISO date, 2027-01-31
    "choice": "string",  # one of `allowed`
    "number": "integer",  # a whole number from 1 (an issue or pull request)
}

# What a change record can say happened to its clauses.
CHANGE_TYPES = ("added", "reworded", "relinked", "moved", "split", "merged", "withdrawn")
# Who commented, by sector: the only thing a comment record says about them.
SECTORS = ("voluntary and community sector", "private sector", "public sector",
           "other", "not given")
OUTCOMES = ("accepted", "partly accepted", "not accepted", "noted")


# Which record types explain which kind of change. A wording change is about
# what the clause says; links only say where else it fits.
WORDING = ("reworded", "split", "merged", "moved")
LINKING = ("relinked", "split", "merged", "moved")


# Under a clause's `withdrawn:`.
WITHDRAWN_FIELDS: tuple[Field, ...] = (
    Field("in", "Withdrawn in", True, "version", need="the version that withdrew it"),
    Field("reason", "Reason", True, "markdown", need="why the clause was withdrawn"),
    Field("moved_to", "Moved to", False, "clause_ids"),
)
# Each entry under a clause's `numbers:` (model/numbers.py).
NUMBER_BASES = ("law", "sourced", "proposed")
NUMBER_FIELDS: tuple[Field, ...] = (
    Field("text", "Number", True, "plain"),
    Field("basis", "Basis", True, "choice", allowed=NUMBER_BASES),
    Field("source", "Source", False, "plain"),  # required for law and sourced
)

CLAUSE_FIELDS: tuple[Field, ...] = (
    Field("id", "ID", True, "id"),
    Field("title", "Title", True, "plain", explained_by=WORDING, need="a short title"),
    Field("text", "Text", True, "markdown", explained_by=WORDING, need="the commitment text"),
    Field("applies_to", "Applies to", True, "list", explained_by=WORDING,
          allowed_from="audiences",
          need="an 'applies_to' list of audiences (prime, partner, commissioner)"),
    Field("question", "Checklist question", True, "plain", explained_by=WORDING,
          need="a checklist question ending in a question mark"),
    Field("evidence", "What good looks like", True, "list", explained_by=WORDING,
          need="an 'evidence' list: what good looks like"),
    # Only on prime-contractor clauses: the question a partner asks about its prime,
    # for the separate "Questions to ask your prime" checklist (model/checklists.py).
    Field("ask_prime", "Question to ask your prime", False, "plain", explained_by=WORDING,
          need="the question a partner asks about its prime, ending in a question mark"),
    Field("compact", "Compact links", False, "links", "Compact outcome", LINKING,
          allowed_from="compact"),
    Field("merlin", "Merlin links", False, "links", "Merlin Standard (original)", LINKING,
          allowed_from="merlin"),
    Field("merlin_2018", "2017–18 Merlin links", False, "links", "Merlin Standard (2017–18)",
          LINKING, allowed_from="merlin_2018"),
    Field("related", "Related clauses", False, "links", explained_by=LINKING),
    # Each number the text sets, with its basis (law, sourced or proposed), and the
    # legal duty a clause restates (model/numbers.py). A new basis or provision
    # changes no words, so a `relinked` record can explain it too.
    Field("numbers", "Numbers and their basis", False, "numbers",
          explained_by=WORDING + ("relinked",), parts=NUMBER_FIELDS),
    Field("law", "Legal duty", False, "plain", explained_by=WORDING + ("relinked",)),
    Field("withdrawn", "Withdrawal", False, "withdrawal",
          explained_by=("withdrawn", "split", "merged", "moved"), parts=WITHDRAWN_FIELDS),
)
# The front matter of a principle page (docs/code/N-name.md).
PRINCIPLE_FIELDS: tuple[Field, ...] = (
    Field("principle", "Principle", True, "number"),
    Field("title", "Title", True, "plain", need="a short title"),
    Field("statement", "Statement", True, "markdown",
          need="the principle in one or two sentences"),
    Field("clauses", "Clauses", True, "list", parts=CLAUSE_FIELDS),
)
# data/edition.yml: the version the working draft will be released as.
EDITION_FIELDS: tuple[Field, ...] = (
    Field("next_version", "Next version", True, "version"),
)
# A record of data/changes.yml.
CHANGE_FIELDS: tuple[Field, ...] = (
    Field("version", "Version", True, "version"),
    Field("clauses", "Clauses", True, "clause_ids"),
    Field("type", "Type", True, "choice", allowed=CHANGE_TYPES),
    Field("reason", "Reason", True, "markdown"),
    Field("consultation", "Comment records", False, "record_ids"),
    Field("pull_request", "Pull request", False, "number"),
    Field("source", "Source", False, "plain"),
)
# One of a consultation's questions (model/questions.py adds the proposed numbers).
QUESTION_FIELDS: tuple[Field, ...] = (
    Field("id", "ID", True, "id"),  # Q1, Q2, ... within its consultation
    Field("text", "Question", True, "plain"),
    Field("clauses", "Clauses", False, "clause_ids"),
)
# A record of data/consultations.yml.
CONSULTATION_FIELDS: tuple[Field, ...] = (
    Field("id", "ID", True, "id"),
    Field("title", "Title", True, "plain"),
    Field("version", "Version", False, "version"),
    Field("clauses", "Clauses", False, "clause_ids"),
    Field("summary", "Summary", False, "plain"),
    Field("opens", "Opens", True, "date"),
    Field("closes", "Closes", True, "date"),
    Field("how_to_respond", "How to respond", True, "plain"),
    Field("questions", "Questions", False, "questions", parts=QUESTION_FIELDS),
    Field("reported", "Reported on", False, "date"),
    Field("response", "Response", False, "plain"),
)
# A record of data/comments.yml.
COMMENT_FIELDS: tuple[Field, ...] = (
    Field("id", "ID", True, "id"),
    Field("consultation", "Consultation", False, "id"),
    Field("received", "Received", True, "date"),
    Field("sector", "Sector", True, "choice", allowed=SECTORS),
    Field("issue", "Issue", False, "number"),
    Field("pull_request", "Pull request", False, "number"),
    Field("email", "Email log reference", False, "id"),
    Field("clauses", "Clauses", False, "clause_ids"),
    Field("summary", "Summary", True, "plain"),
    # Written once the comment is answered, and before its consultation is reported on.
    Field("response", "Response", False, "plain"),
    Field("outcome", "Outcome", False, "choice", allowed=OUTCOMES),
)


# Where the project's sources are, under its folder. The principle pages are
# docs/code/N-name.md; the records of the data files are in DATA_FILES below.
CODE_DIR = "docs/code"
FRAMEWORKS_FILE = "data/frameworks.yml"
EDITION_FILE = "data/edition.yml"
RELEASES_DIR = "releases"


@dataclass(frozen=True)
class RecordFile:
    """A data file that holds a list of records."""

    path: str  # under the project folder
    noun: str  # what one record is, as in "A change record has …"
    fields: tuple[Field, ...]
    first: str  # the field each record starts with ("- version:")
    optional: bool = False  # a missing file holds no records


# Every data file of records, by name: where it is and the fields of its records.
DATA_FILES = {
    "changes": RecordFile("data/changes.yml", "change", CHANGE_FIELDS, "version"),
    "consultations": RecordFile("data/consultations.yml", "consultation",
                                CONSULTATION_FIELDS, "id", optional=True),
    "comments": RecordFile("data/comments.yml", "comment", COMMENT_FIELDS, "id",
                           optional=True),
}
CHANGES_FILE = DATA_FILES["changes"].path
CONSULTATIONS_FILE = DATA_FILES["consultations"].path
COMMENTS_FILE = DATA_FILES["comments"].path

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

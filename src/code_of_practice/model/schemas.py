"""JSON Schemas (draft 2020-12) of the files the project reads, made from the
registries the loaders use, so a schema cannot say something the loader does not.

- A clause's fields, labels and kinds come from model/fields.py (CLAUSE_FIELDS);
  the values a list may hold (audiences, Compact outcomes, Merlin principles)
  from data/frameworks.yml, read from the project the schema is made for.
- A record's field names and which are required come from the dictionaries
  its loader checks (CHANGE_FIELDS, CONSULTATION_FIELDS, COMMENT_FIELDS, ...);
  RECORD_KINDS below says what kind of value each field holds, and a test
  (tests/test_schemas.py) fails when a loader gains a field it does not cover.
- The allowed words (change types, sectors, outcomes, statuses) and the ID
  patterns are the loaders' own constants.

The registers whose loaders are still to land (errata, reviews, adopters,
consultation questions) follow the data contracts agreed for them;
CONTRACT_* below, each replaced by the loader's own dictionary once it
exists.

The schemas are for other tools and for editors. The project's own messages,
with file, line, clause and the fix, stay the first check: a schema cannot
say "without quotes, 1.10 is read as 1.1".
"""

from __future__ import annotations

import re

from code_of_practice.model import consultations as cons
from code_of_practice.model.code import PAGE_FIELDS, PRINCIPLE_FIELDS, WITHDRAWN_FIELDS, Code
from code_of_practice.model.fields import CLAUSE_FIELDS, FRAMEWORK_LABELS
from code_of_practice.model.history import CHANGE_FIELDS, CHANGE_TYPES
from code_of_practice.model.ids import CLAUSE_ID, VERSION
from code_of_practice.model.numbers import BASES
from code_of_practice.model.releases import ADOPTED_BY_FIELDS, SNAPSHOT_FIELDS, STATUSES

DIALECT = "https://json-schema.org/draft/2020-12/schema"
# Where the schemas are published, under each version's folder of the site.
SCHEMA_FOLDER = "schemas"


def pattern(regex: re.Pattern) -> str:
    """A Python pattern matched in full (\\Z) as an ECMA-262 pattern."""
    source = regex.pattern.lstrip("^").replace("\\Z", "").rstrip("$")
    return f"^{source}$"


CLAUSE_ID_SCHEMA = {"type": "string", "pattern": pattern(CLAUSE_ID),
                    "description": 'A clause ID in quotes, such as "3.2".'}
VERSION_SCHEMA = {"type": "string", "pattern": pattern(VERSION),
                  "description": 'A version in quotes, such as "1.1".'}
DATE_SCHEMA = {"type": "string", "format": "date",
               "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
               "description": "A date, YYYY-MM-DD."}
PLAIN = {"type": "string", "pattern": r"\S", "description": "Plain text, not blank."}
MARKDOWN = {"type": "string", "pattern": r"\S",
            "description": "Markdown, written as a block (>- on the line of the key)."}
HTTPS_TEXT = {"type": "string", "pattern": "https://",
              "description": "Full title and https:// address of a public source."}


def _array(items: dict, minimum: int = 0, unique: bool = True) -> dict:
    out: dict = {"type": "array", "items": items}
    if minimum:
        out["minItems"] = minimum
    if unique:
        out["uniqueItems"] = True
    return out


def _enum(values, kind: str = "string") -> dict:
    return {"type": kind, "enum": list(values)}


def _object(properties: dict, required, *, closed: bool = True, title: str = "",
            description: str = "") -> dict:
    out: dict = {"type": "object"}
    if title:
        out["title"] = title
    if description:
        out["description"] = description
    out["properties"] = properties
    wanted = [k for k in required if k in properties]
    if wanted:
        out["required"] = wanted
    if closed:
        out["additionalProperties"] = False
    return out


def _spec(fields: dict) -> list[str]:
    """The required keys of a loader's {field: required} dictionary."""
    return [k for k, required in fields.items() if required]


# -- clauses --------------------------------------------------------------------------

def numbers_schema(*, snapshot: bool = False) -> dict:
    """A clause's `numbers` (model/numbers.py): each number its text sets, with
    its basis; law and sourced name their source. The exports write a
    proposed number's source as null."""
    entry = _object({
        "text": {**PLAIN, "description": "The exact words as they appear in the clause text."},
        "basis": {**_enum(BASES), "description": "; ".join(f"{k}: {v}"
                                                          for k, v in BASES.items())},
        "source": {"anyOf": [HTTPS_TEXT, {"type": "null"}]} if snapshot else HTTPS_TEXT,
    }, ["text", "basis"], title="A number the clause sets")
    entry["allOf"] = [{"if": {"properties": {"basis": {"enum": [b for b in BASES
                                                                if b != "proposed"]}}},
                       "then": {"required": ["source"],
                                "properties": {"source": HTTPS_TEXT}}}]
    return _array(entry, unique=False)


LAW = {**HTTPS_TEXT, "description": "The legal duty the clause restates: full title and "
       "https:// address of the provision."}


def clause_field_schemas(code: Code | None, *, snapshot: bool = False) -> dict:
    """One schema per clause field, from the registry. With a Code, the lists
    may hold only the audiences and framework items it knows; `snapshot` is
    the shape a release freezes (applies_to as audience keys, withdrawal as
    data), without those limits, as an old release may know others."""
    fw = code.frameworks if code is not None and not snapshot else None
    known = {"compact": list(fw.compact), "merlin": list(fw.merlin),
             "merlin_2018": list(fw.merlin_2018)} if fw else {}
    out: dict = {}
    for field in CLAUSE_FIELDS:
        described = {"title": field.label}
        if field.kind == "numbers":
            schema = numbers_schema(snapshot=snapshot)
        elif field.key == "law":
            schema = LAW
        elif field.kind == "id":
            schema = CLAUSE_ID_SCHEMA
        elif field.kind == "plain":
            schema = PLAIN
        elif field.kind == "markdown":
            schema = MARKDOWN if not snapshot else {"type": "string"}
        elif field.kind == "list" and field.key == "applies_to":
            schema = _array(_enum(fw.audiences) if fw else {"type": "string"}, minimum=1)
        elif field.kind == "list":
            schema = _array(PLAIN, minimum=1, unique=False)
        elif field.kind == "links" and field.key in FRAMEWORK_LABELS:
            kind = "integer" if field.key == "compact" else "string"
            schema = _array(_enum(known[field.key], kind) if fw else {"type": kind})
            described["description"] = f"Each item: a {field.item_label}."
        elif field.kind == "links":
            schema = _array(CLAUSE_ID_SCHEMA)
        elif field.kind == "withdrawal":
            schema = _object({"in": VERSION_SCHEMA,
                              "reason": MARKDOWN if not snapshot else {"type": "string"},
                              "moved_to": _array(CLAUSE_ID_SCHEMA)},
                             _spec(WITHDRAWN_FIELDS))
        else:
            raise ValueError(f"model/schemas.py knows no schema for the clause field "
                             f"{field.key!r} of kind {field.kind!r}: add one.")
        out[field.key] = {**described, **schema}
    return out


def clause_schema(code: Code) -> dict:
    fields = clause_field_schemas(code)
    return _object(fields, [f.key for f in CLAUSE_FIELDS if f.required], title="A clause")


def principle_page_schema(code: Code) -> dict:
    """The front matter of a principle page in docs/code/."""
    properties = {
        "principle": {"type": "integer", "minimum": 1, "title": "The principle's number"},
        "title": PLAIN,
        "statement": MARKDOWN,
        "clauses": _array(clause_schema(code), minimum=1, unique=False),
    }
    for key in PAGE_FIELDS:  # MkDocs' and Material's own keys, which the code ignores
        properties[key] = {}
    return _object(properties, _spec(PRINCIPLE_FIELDS),
                   title="A principle page of the code (front matter)")


def content_clause_schema() -> dict:
    """A clause as a release snapshot and the JSON export hold it
    (model/content.py's clause_to_dict)."""
    fields = clause_field_schemas(None, snapshot=True)
    fields["principle"] = {"type": "integer", "minimum": 1}
    required = ["id", "principle", "title", "text", "applies_to", "question", "evidence"]
    return _object(fields, required, closed=False, title="A clause")


def content_schema() -> dict:
    principle = _object({"number": {"type": "integer", "minimum": 1}, "title": PLAIN,
                         "statement": {"type": "string"}, "page": {"type": "string"}},
                        ["number", "title"], closed=False, title="A principle")
    return _object({"principles": _array(principle, unique=False),
                    "clauses": _array(content_clause_schema(), unique=False)},
                   ["principles", "clauses"], closed=False)


# -- records --------------------------------------------------------------------------

POSITIVE = {"type": "integer", "minimum": 1}
RECORD_KINDS = {
    # data/changes.yml
    "changes": {"version": VERSION_SCHEMA, "clauses": _array(CLAUSE_ID_SCHEMA, minimum=1),
                "type": _enum(CHANGE_TYPES), "reason": MARKDOWN,
                "consultation": _array({"type": "string",
                                        "pattern": pattern(cons.COMMENT_ID)}),
                "pull_request": POSITIVE, "source": PLAIN},
    # data/consultations.yml
    "consultations": {"id": {"type": "string", "pattern": pattern(cons.CONSULTATION_ID)},
                      "title": PLAIN, "version": VERSION_SCHEMA,
                      "clauses": _array(CLAUSE_ID_SCHEMA), "summary": PLAIN,
                      "opens": DATE_SCHEMA, "closes": DATE_SCHEMA, "how_to_respond": PLAIN,
                      "reported": DATE_SCHEMA, "response": PLAIN},
    # data/comments.yml
    "comments": {"id": {"type": "string", "pattern": pattern(cons.COMMENT_ID)},
                 "consultation": {"type": "string", "pattern": pattern(cons.CONSULTATION_ID)},
                 "received": DATE_SCHEMA, "sector": _enum(cons.SECTORS),
                 "issue": POSITIVE, "pull_request": POSITIVE,
                 "email": {"type": "string", "pattern": pattern(cons.EMAIL_REF)},
                 "clauses": _array(CLAUSE_ID_SCHEMA), "summary": PLAIN, "response": PLAIN,
                 "outcome": _enum(cons.OUTCOMES)},
}
# The loaders' own {field: required} dictionaries, for the test that keeps
# RECORD_KINDS complete.
RECORD_FIELDS = {"changes": CHANGE_FIELDS, "consultations": cons.CONSULTATION_FIELDS,
                 "comments": cons.COMMENT_FIELDS}

# Consultation questions (the consultation helper's contract), until the loader has them.
CONTRACT_QUESTION = _object({"id": {"type": "string", "pattern": r"^Q[0-9]{1,3}$"},
                             "text": PLAIN, "clauses": _array(CLAUSE_ID_SCHEMA)},
                            ["id", "text"], title="A consultation question")

# Registers whose loaders are still to land: their contracts, in the shape of
# the loaders being written for them ({field: (required, schema)}).
REVIEW_TOPICS = ("facts", "omissions", "questions", "audience", "vague words",
                 "checkability", "logic", "duplicates", "links", "numbers", "readability",
                 "honesty", "priorities")
PAGE_PATH = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9/_.-]*\.md$"}
HTTPS_URL = {"type": "string", "format": "uri", "pattern": r"^https://\S+$"}
FINDING = _object({
    "id": {"type": "string", "pattern": r"^F-[0-9]{2,3}$"},
    "topic": _enum(REVIEW_TOPICS), "found": PLAIN,
    "outcome": _enum(("fixed", "answered")), "response": PLAIN,
    "clauses": _array(CLAUSE_ID_SCHEMA), "pages": _array(PAGE_PATH),
    "changes": {"type": "boolean"},
}, ["id", "topic", "found", "outcome", "response"], title="A finding")
REVIEW_ID = {"type": "string", "pattern": r"^REV-[0-9]{4}-[0-9]{2}$"}
CONTRACT_REGISTERS = {
    "errata": {
        "id": (True, {"type": "string", "pattern": r"^E-[0-9]{4}-[0-9]{2}$"}),
        "version": (True, VERSION_SCHEMA), "found": (True, DATE_SCHEMA),
        "where": (False, _array(PAGE_PATH)), "clauses": (False, _array(CLAUSE_ID_SCHEMA)),
        "error": (True, PLAIN), "correction": (True, PLAIN), "source": (True, HTTPS_TEXT),
    },
    "reviews": {
        "id": (True, REVIEW_ID),
        "title": (True, PLAIN), "date": (True, DATE_SCHEMA), "version": (True, VERSION_SCHEMA),
        "summary": (True, PLAIN), "findings": (True, _array(FINDING, unique=False)),
    },
    "adopters": {
        "name": (True, PLAIN),
        "sector": (True, _enum(("voluntary and community", "private", "public",
                                "social enterprise"))),
        "role": (True, _enum(("commissioner", "prime", "partner"))),
        "version": (True, VERSION_SCHEMA), "date": (True, DATE_SCHEMA),
        "statement": (True, HTTPS_URL),
    },
}
# A later record of data/reviews.yml may only add findings to a review named before it.
MORE_FINDINGS = _object({"id": REVIEW_ID, "findings": _array(FINDING, unique=False)},
                        ["id", "findings"], title="More findings for a review named above")


def record_schema(name: str) -> dict:
    """The schema of one record of data/<name>.yml."""
    if name in RECORD_KINDS:
        fields = RECORD_FIELDS[name]
        properties = {k: RECORD_KINDS[name][k] for k in fields}
        if name == "consultations" and "questions" not in properties:
            properties["questions"] = _array(CONTRACT_QUESTION, unique=False)
        return _object(properties, _spec(fields), title=f"A record of data/{name}.yml")
    contract = CONTRACT_REGISTERS[name]
    record = _object({k: schema for k, (_, schema) in contract.items()},
                     [k for k, (required, _) in contract.items() if required],
                     title=f"A record of data/{name}.yml")
    if name == "reviews":
        return {"if": {"required": ["title"]}, "then": record, "else": MORE_FINDINGS}
    return record


def records_file_schema(name: str) -> dict:
    """A data file of records: a list (or, with none yet, an empty file)."""
    return {"type": ["array", "null"], "items": record_schema(name)}


def frameworks_schema() -> dict:
    framework = _object({"title": PLAIN, "page": PAGE_PATH,
                         "items": {"type": "object", "minProperties": 1,
                                   "additionalProperties": PLAIN}},
                        ["page", "items"], closed=False)
    audience = _object({"name": PLAIN, "one": PLAIN, "checklist": PAGE_PATH},
                       ["name", "one", "checklist"], closed=False)
    properties = {key: framework for key in FRAMEWORK_LABELS}
    properties["audiences"] = {"type": "object", "minProperties": 1,
                               "additionalProperties": audience}
    return _object(properties, list(properties), closed=False,
                   title="Reference data: audiences and the frameworks clauses link to")


def edition_schema() -> dict:
    return _object({"next_version": VERSION_SCHEMA}, ["next_version"],
                   title="The version main is working towards")


def release_schema() -> dict:
    """A release snapshot, releases/X.Y.json, as `make release` writes it."""
    properties = {
        "version": VERSION_SCHEMA, "date": DATE_SCHEMA, "status": _enum(STATUSES),
        "summary": {"type": "string"}, "content": content_schema(),
        "adopted_by": _object({k: PLAIN for k in ADOPTED_BY_FIELDS}, ADOPTED_BY_FIELDS),
        # The release in force (the adoption helper's contract).
        "in_force": DATE_SCHEMA, "transition": PLAIN,
        "checksum": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
    }
    return _object(properties, [*SNAPSHOT_FIELDS, "checksum"],
                   title="A release snapshot (written by `make release`, never by hand)")

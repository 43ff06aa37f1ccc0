"""JSON Schemas (draft 2020-12) of the files the project reads, made from the
one field registry (model/fields.py), so a schema cannot say something the
record reader does not.

Each Field's kind gives its JSON type (KIND_SCHEMAS below follows the
registry's KIND_TYPES), its `allowed` values or, with `allowed_from`, the
section of data/frameworks.yml that lists them (read from the project the
schema is made for), and its `parts` the fields of a set of fields. Only
what the registry does not say is added here: the ID patterns of each kind
of record (the loaders' own regular expressions) and that a number from the
law or a named source needs its source.

The registers whose loaders are still to land (errata, reviews, adopters,
consultation questions) follow the data contracts agreed for them;
CONTRACT_* below, each replaced by the registry's fields once they exist.

The schemas are for other tools and for editors. The project's own messages,
with file, line, clause and the fix, stay the first check: a schema cannot
say "without quotes, 1.10 is read as 1.1".
"""

from __future__ import annotations

import re

from code_of_practice.model import consultations as cons
from code_of_practice.model.code import PAGE_FIELDS, Code
from code_of_practice.model.fields import (CLAUSE_FIELDS, DATA_FILES, EDITION_FIELDS,
                                           FRAMEWORK_LABELS, KIND_TYPES, NUMBER_BASES,
                                           PRINCIPLE_FIELDS, Field)
from code_of_practice.model.ids import CLAUSE_ID, VERSION
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
POSITIVE = {"type": "integer", "minimum": 1}


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


# The JSON Schema of each kind of field in the registry (KIND_TYPES).
KIND_SCHEMAS = {
    "id": {"type": "string"}, "plain": PLAIN, "markdown": MARKDOWN,
    "list": _array(PLAIN, minimum=1, unique=False), "clause_ids": _array(CLAUSE_ID_SCHEMA),
    "record_ids": _array({"type": "string", "pattern": pattern(cons.COMMENT_ID)}),
    "version": VERSION_SCHEMA, "date": DATE_SCHEMA, "choice": {"type": "string"},
    "number": POSITIVE,
}
# The ID patterns the loaders check, for the fields of kind "id".
ID_PATTERNS = {
    ("consultations", "id"): cons.CONSULTATION_ID, ("comments", "id"): cons.COMMENT_ID,
    ("comments", "consultation"): cons.CONSULTATION_ID, ("comments", "email"): cons.EMAIL_REF,
}


def numbers_schema(*, snapshot: bool = False) -> dict:
    """A clause's `numbers` (model/numbers.py): each number its text sets, with
    its basis; law and sourced name their source. The exports write a
    proposed number's source as null."""
    entry = _object({
        "text": {**PLAIN, "description": "The exact words as they appear in the clause text."},
        "basis": _enum(NUMBER_BASES),
        "source": {"anyOf": [HTTPS_TEXT, {"type": "null"}]} if snapshot else HTTPS_TEXT,
    }, ["text", "basis"], title="A number the clause sets")
    entry["allOf"] = [{"if": {"properties": {"basis": {"enum": [b for b in NUMBER_BASES
                                                                if b != "proposed"]}}},
                       "then": {"required": ["source"],
                                "properties": {"source": HTTPS_TEXT}}}]
    return _array(entry, unique=False)


LAW = {**HTTPS_TEXT, "description": "The legal duty the clause restates: full title and "
       "https:// address of the provision."}


def field_schema(field: Field, *, record: str = "", code: Code | None = None,
                 snapshot: bool = False) -> dict:
    """The schema of one field, from its kind, allowed values and parts. With a
    Code, `allowed_from` lists limit the values to what its frameworks.yml
    knows; `snapshot` is the shape a release freezes, where old releases may
    know other values and text fields may be written any way."""
    fw = code.frameworks if code is not None and not snapshot else None
    described = {"title": field.label}
    if field.kind == "numbers":
        schema = numbers_schema(snapshot=snapshot)
    elif field.key == "law":
        schema = LAW
    elif field.kind == "withdrawal":
        schema = _object({f.key: field_schema(f, snapshot=snapshot) for f in field.parts},
                         [f.key for f in field.parts if f.required])
    elif field.kind == "questions":  # a consultation's questions: a list of sets of fields
        schema = _array(_object({f.key: field_schema(f, record="question", snapshot=snapshot)
                                 for f in field.parts},
                                [f.key for f in field.parts if f.required]), unique=False)
    elif field.kind == "links" and field.allowed_from:
        kind = "integer" if field.key == "compact" else "string"
        known = list(getattr(fw, field.allowed_from)) if fw else None
        schema = _array(_enum(known, kind) if known else {"type": kind})
        described["description"] = f"Each item: a {field.item_label}."
    elif field.kind == "links":
        schema = _array(CLAUSE_ID_SCHEMA)
    elif field.kind == "id" and not record:
        schema = CLAUSE_ID_SCHEMA
    elif field.kind == "id":
        regex = ID_PATTERNS.get((record, field.key))
        schema = {"type": "string", "pattern": pattern(regex)} if regex else {"type": "string"}
    elif field.allowed_from:
        known = list(getattr(fw, field.allowed_from)) if fw else None
        schema = _array(_enum(known) if known else {"type": "string"}, minimum=1)
    elif field.allowed:
        schema = _enum(field.allowed)
    elif field.kind in KIND_SCHEMAS:
        schema = KIND_SCHEMAS[field.kind]
        if snapshot and field.kind == "markdown":
            schema = {"type": "string"}
        if field.kind == "clause_ids" and field.required:
            schema = {**schema, "minItems": 1}
    else:
        raise ValueError(f"model/schemas.py knows no schema for the field {field.key!r} of "
                         f"kind {field.kind!r} ({KIND_TYPES.get(field.kind, 'unknown')}): "
                         "add one to KIND_SCHEMAS.")
    return {**described, **schema}


# -- clauses --------------------------------------------------------------------------

def clause_field_schemas(code: Code | None, *, snapshot: bool = False) -> dict:
    return {f.key: field_schema(f, code=code, snapshot=snapshot) for f in CLAUSE_FIELDS}


def clause_schema(code: Code) -> dict:
    fields = clause_field_schemas(code)
    return _object(fields, [f.key for f in CLAUSE_FIELDS if f.required], title="A clause")


def principle_page_schema(code: Code) -> dict:
    """The front matter of a principle page in docs/code/."""
    properties = {}
    for field in PRINCIPLE_FIELDS:
        if field.key == "clauses":
            properties["clauses"] = _array(clause_schema(code), minimum=1, unique=False)
        else:
            properties[field.key] = field_schema(field, code=code)
    for key in sorted(PAGE_FIELDS):  # MkDocs' and Material's own keys, which the code ignores
        properties[key] = {}
    return _object(properties, [f.key for f in PRINCIPLE_FIELDS if f.required],
                   title="A principle page of the code (front matter)")


def content_clause_schema() -> dict:
    """A clause as a release snapshot and the JSON export hold it
    (model/code_data.py's clause_to_dict)."""
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

# The fields of each data file's records (model/fields.py's DATA_FILES).
RECORD_FIELDS = {name: {f.key: f.required for f in spec.fields}
                 for name, spec in DATA_FILES.items()}
RECORD_KINDS = {name: {f.key: field_schema(f, record=name) for f in spec.fields}
                for name, spec in DATA_FILES.items()}

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
        return _object(properties, [k for k, required in fields.items() if required],
                       title=f"A record of data/{name}.yml")
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
    return _object({f.key: field_schema(f) for f in EDITION_FIELDS},
                   [f.key for f in EDITION_FIELDS if f.required],
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

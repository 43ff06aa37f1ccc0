"""The one reader of the project's hand-edited YAML: its records and fields.

Everything the model reads from YAML goes through here: the clauses in the
front matter of the principle pages (model/code.py), the change records
(model/history.py), and the consultations and comments
(model/consultations.py). The fields of each are described once, in
model/fields.py; data files are found by DATA_FILES there.

- One error sink: a list of messages (`problems`), each made by `located`:
  the file, the line, the record or clause, and what to fix. Readers append to it and carry
  on, so that one build reports every problem; the loader raises one
  DataError with all of them at the end (format_errors).
- One way to read a field: the readers below take the mapping the field is
  in, its key, the clause (if any) and `err(line, message, clause_id)`, the
  reporter of the file being read (`reporter`). They return the value,
  or an empty one after reporting what is wrong.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from code_of_practice.model.fields import (CLAUSE_FIELDS, PRINCIPLE_FIELDS, WITHDRAWN_FIELDS,
                                           Field, RecordFile)
from code_of_practice.model.ids import CLAUSE_ID, is_clause_id, is_version
from code_of_practice.model.policy import markdown_problems, plain_text_problem
from code_of_practice.model.problems import problem_list
from code_of_practice.model.yaml_lines import line_of, load_yaml_file, style_of


# The error sink is a list of messages (`problems`), each made by `located`.
Problems = list


def located(where: str, message: str, clause_id: str | None = None) -> str:
    """One problem: where it is (the file, and the line and record where known),
    the clause if it is about one, and what to fix."""
    return f"{where}{f', clause {clause_id}' if clause_id else ''}: {message}"


def reporter(problems: Problems, source: str):
    """The `err(line, message, clause_id)` of the field readers, for one file."""
    def err(line, message, clause_id=None):
        problems.append(located(f"{source}, line {line}", message, clause_id))
    return err


_WHERE = re.compile(r"^(?P<file>[^,:\s]+)(?:, line (?P<line>\d+))?")


def sorted_errors(errors: list[str]) -> list[str]:
    """The problems file by file (in the order the files were first named), each
    file's from its top line down: the order a contributor fixes them in."""
    files: dict[str, int] = {}
    keys = []
    for index, error in enumerate(errors):
        match = _WHERE.match(error)
        name = match["file"] if match else ""
        files.setdefault(name, len(files))
        keys.append((files[name], int(match["line"]) if match and match["line"] else 0, index))
    return [errors[k[2]] for k in sorted(keys)]


def format_errors(errors: list[str]) -> str:
    errors = sorted_errors(errors)
    count = len(errors)
    head = "The code has 1 problem" if count == 1 else f"The code has {count} problems"
    return head + " to fix:\n" + problem_list(errors)


# -- records ------------------------------------------------------------------------------

def read_records(root: Path, data: RecordFile, problems: Problems) -> list:
    """The records of a data file (model/fields.py DATA_FILES); a file that is
    not a list of records is reported, and gives none."""
    path = Path(root) / data.path
    if data.optional and not path.exists():
        return []
    found = load_yaml_file(path, root) or []
    if not isinstance(found, list) or not all(isinstance(item, dict) for item in found):
        problems.append(f"{data.path}: must be a list of records, each starting "
                        f"'- {data.first}:' followed by its fields.")
        return []
    return found


def check_fields(raw, fields: tuple[Field, ...], where: str, what: str,
                 problems: Problems) -> None:
    """Every required field is there and not empty, and no other field is.
    `what` names the record in the message: "A change record" (RecordFile.what)."""
    keys = [f.key for f in fields]
    missing = [f.key for f in fields if f.required and raw.get(f.key) in (None, "", [])]
    unknown = [k for k in raw if k not in keys]
    if missing:
        problems.append(f"{where}: missing {', '.join(missing)}.")
    if unknown:
        problems.append(f"{where}: unknown field(s) {', '.join(unknown)}. {what} has "
                        f"{', '.join(keys)}.")


def version_value(raw, key: str, where: str, problems: Problems) -> str:
    """A version in quotes, such as "1.1"; "" (and a message) for anything else."""
    value = raw.get(key)
    if value is None:
        return ""
    if isinstance(value, float) or isinstance(value, int) and not isinstance(value, bool):
        problems.append(f"{where}: write the {key} in quotes, like {key}: \"1.10\"; without "
                        f"them, YAML reads it as a number ({value!r}), and 1.10 as 1.1.")
        return ""
    if not is_version(value):
        problems.append(f"{where}: {key} {value!r} is not a version such as \"1.1\".")
        return ""
    return value


def record_clauses(raw, where: str, noun: str, known: set[str],
                   problems: Problems) -> tuple[str, ...]:
    """A record's `clauses`: clause IDs in quotes, each of a clause that exists
    (or existed: `known` holds every ID ever used)."""
    clauses = raw.get("clauses")
    if clauses is None:
        return ()
    if not isinstance(clauses, list):
        problems.append(f"{where}: clauses must be a list of IDs in quotes, like [\"3.2\"], "
                        f"not {clauses!r}.")
        return ()
    good = []
    for item in clauses:
        if isinstance(item, float):
            problems.append(f"{where}: write clause IDs in quotes, like clauses: [\"1.10\"]; "
                            f"without them, YAML reads an ID as a number ({item!r}), and 1.10 "
                            "as 1.1.")
        elif not is_clause_id(item):
            problems.append(f"{where}: clauses has {item!r}, which is not a clause ID in "
                            "quotes such as \"3.2\".")
        elif item not in known:
            problems.append(located(where, f"the {noun} record names an unknown clause. "
                                    "Check the ID against the code pages.", item))
        else:
            good.append(item)
    return tuple(good)


def date_value(raw, key: str, where: str, problems: Problems) -> str:
    """An ISO date from YAML (quoted or not); '' and a message when it is not one."""
    value = raw.get(key)
    if not value:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        problems.append(f"{where}: {key} must be a date like 2027-01-31, not {value!r}.")
        return ""


def record_text(raw, key: str, where: str, problems: Problems) -> str:
    """An optional plain-text field of a record, under the one text policy."""
    if raw.get(key) in (None, ""):
        return ""
    return plain_field(raw, key, None, lambda line, message, clause_id=None:
                       problems.append(f"{where}: {message}"), required=False)


# -- fields of the principle pages ------------------------------------------------------------

# What a missing or blank field needs, by its key (model/fields.py `need`).
NEEDS = {f.key: f.need for fields in (CLAUSE_FIELDS, PRINCIPLE_FIELDS, WITHDRAWN_FIELDS)
         for f in fields if f.need}


def describe(key: str) -> str:
    return NEEDS.get(key, f"a {key!r}")


def squashed(value) -> str:
    """Text with its runs of white space made one space."""
    return " ".join(str(value).split()) if value is not None else ""


def type_name(value) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    if isinstance(value, bool):
        return f"yes/no ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    if isinstance(value, str):
        return f"the text {value!r}"
    return f"a {type(value).__name__} ({value})"


def _string_value(raw, key, clause_id, err, required: bool, advice: str) -> str | None:
    """The field's value when it is a string; None (after a message where one is
    due) when it is missing or of another type. `advice` says how to write it."""
    value = raw.get(key)
    line = line_of(raw, key)
    if value is None:
        if required and key in raw:
            err(line, f"{key} is empty. {describe(key).capitalize()} is required.", clause_id)
        return None
    if not isinstance(value, str):
        err(line, f"{key} must be text, not {type_name(value)}. {advice}", clause_id)
        return None
    return value


def plain_field(raw, key, clause_id, err, required: bool) -> str:
    """A plain-text field: one string, not blank, with no control characters."""
    value = _string_value(raw, key, clause_id, err, required,
                          f"Write it as '{key}: ' followed by the words; put them in quotes "
                          "if they are only a number or a date.")
    if value is None:
        return ""
    line = line_of(raw, key)
    text = squashed(value)
    if not text:
        err(line, f"{key} is blank. Write {describe(key)}.", clause_id)
        return ""
    problem = plain_text_problem(value)
    if problem:
        err(line, f"{key} {problem}", clause_id)
    return text


BLOCK_STYLES = (">", "|")
BLOCK_ADVICE = ("Put '>-' after '{key}:' and write the text on the lines below it, "
                "indented two more spaces. On one line, YAML would cut the text at a ' #' "
                "and read the rest as a comment.")


def markdown_field(raw, key, clause_id, err, required: bool) -> str:
    """A Markdown field: a YAML block scalar, checked against the text policy."""
    value = _string_value(raw, key, clause_id, err, required, BLOCK_ADVICE.format(key=key))
    if value is None:
        return ""
    line = line_of(raw, key)
    if style_of(raw, key) not in BLOCK_STYLES:
        err(line, f"{key} must be written as a block. {BLOCK_ADVICE.format(key=key)}", clause_id)
        return ""
    if not value.strip():
        err(line, f"{key} is blank. Write {describe(key)}.", clause_id)
        return ""
    for problem in markdown_problems(value):
        err(line, f"{key} {problem}", clause_id)
    return value.strip()


def list_field(raw, key, kind, clause_id, err) -> list:
    """A list of text values (kind str) or whole numbers (kind int)."""
    value = raw.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        example = '["4.2"]' if key in ("related", "moved_to") else "[a, b] or '- ' lines"
        err(line_of(raw, key), f"{key} must be a list, like {example}, not "
            f"{type_name(value)}.", clause_id)
        return []
    good = []
    for item in value:
        if isinstance(item, float) and key in ("related", "moved_to"):
            err(line_of(raw, key), f"write the clause ID in quotes in {key} "
                f"(\"{item}\"); without them, 1.10 would be read as 1.1.", clause_id)
        elif not isinstance(item, kind) or isinstance(item, bool):
            err(line_of(raw, key), f"{key} has {item!r}, which is not a "
                f"{'number' if kind is int else 'text value'}.", clause_id)
        else:
            good.append(item)
    return good


def clause_ids_field(raw, key, clause_id, err) -> list[str]:
    """A list of clause IDs in quotes (related, moved_to)."""
    ids = []
    for item in list_field(raw, key, str, clause_id, err):
        if CLAUSE_ID.match(item):
            ids.append(item)
        else:
            err(line_of(raw, key), f"{key} has {item!r}, which is not a clause ID such "
                "as \"3.2\".", clause_id)
    return ids


def field_keys(fields: tuple[Field, ...]) -> list[str]:
    return [f.key for f in fields]

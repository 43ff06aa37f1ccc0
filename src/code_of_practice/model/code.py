"""The code model: principles and clauses read from the pages in docs/code/.

Plain Python, no MkDocs import. `load_code()` reads every principle page once,
validates it and returns a `Code`. Any problem raises `DataError` with one line
per problem, each naming the file, the line, the clause and what to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from code_of_practice.model.clause_fields import CLAUSE_READERS, Withdrawal
from code_of_practice.model.fields import CLAUSE_FIELDS, FIELDS, FRAMEWORKS_FILE, PRINCIPLE_FIELDS
from code_of_practice.model.ids import CLAUSE_ID
from code_of_practice.model.numbers import ClauseNumber
from code_of_practice.model.records import (describe, field_keys, format_errors,
                                            markdown_field, plain_field, reporter,
                                            type_name)
from code_of_practice.model.urls import clause_anchor
from code_of_practice.model.wording import (clause_problems, statement_problems)
from code_of_practice.model.yaml_lines import (DataError, LineMap, line_of, load_yaml,
                                               load_yaml_file)

PRINCIPLE_FILE = re.compile(r"([1-9][0-9]*)-[a-z0-9-]+\.md\Z")
# Front matter keys that belong to MkDocs or Material, not to the code.
PAGE_FIELDS = {"hide", "description", "search", "template", "icon", "status"}


@dataclass(frozen=True)
class Frameworks:
    """Reference data: audiences, Compact outcomes, Merlin principles."""

    audiences: dict  # key -> {"name", "one", "checklist"}
    compact: dict  # int -> name
    merlin: dict  # key -> name
    merlin_2018: dict  # key -> name
    pages: dict  # framework -> docs page

    @classmethod
    def load(cls, path: Path, root: Path | None = None) -> "Frameworks":
        data = load_yaml_file(path, root)
        try:
            return cls(
                audiences={k: dict(v) for k, v in data["audiences"].items()},
                compact={int(k): v for k, v in data["compact"]["items"].items()},
                merlin=dict(data["merlin"]["items"]),
                merlin_2018=dict(data["merlin_2018"]["items"]),
                pages={k: data[k]["page"] for k in ("compact", "merlin", "merlin_2018")},
            )
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise DataError(
                f"{path}: the reference data is incomplete ({err!r}); it needs "
                "audiences, and compact, merlin and merlin_2018 each with page and items."
            ) from None

    def titles(self, framework: str) -> dict:
        return {"compact": self.compact, "merlin": self.merlin, "merlin_2018": self.merlin_2018}[
            framework
        ]


@dataclass(frozen=True)
class Clause:
    id: str
    principle: int
    number: int
    title: str
    text: str
    audiences: tuple[str, ...]
    question: str
    evidence: tuple[str, ...]
    ask_prime: str = ""  # prime clauses only: the question a partner asks about its prime
    compact: tuple[int, ...] = ()
    merlin: tuple[str, ...] = ()
    merlin_2018: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    numbers: tuple[ClauseNumber, ...] = ()  # each number the text sets, with its basis
    law: str = ""  # the legal duty the clause restates: provision and address
    withdrawn: Withdrawal | None = None
    source: str = ""
    line: int = 0

    @property
    def anchor(self) -> str:
        return clause_anchor(self.id)

    @property
    def page(self) -> str:
        """The page it is on, relative to docs/ as Principle.page is."""
        return self.source.removeprefix("docs/")

    @property
    def active(self) -> bool:
        return self.withdrawn is None

    def links(self, framework: str) -> tuple:
        return getattr(self, framework)


@dataclass(frozen=True)
class Principle:
    number: int
    title: str
    statement: str
    page: str  # path relative to docs/, e.g. "code/1-risk.md"
    clauses: tuple[Clause, ...]
    body: str = ""

    @property
    def active_clauses(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.active)


@dataclass(frozen=True)
class Code:
    principles: tuple[Principle, ...]
    frameworks: Frameworks
    by_id: dict = field(default_factory=dict)

    @property
    def clauses(self) -> tuple[Clause, ...]:
        return tuple(c for p in self.principles for c in p.clauses)

    @property
    def active_clauses(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.active)

    def clause(self, clause_id: str) -> Clause:
        try:
            return self.by_id[str(clause_id)]
        except KeyError:
            raise DataError(
                f"unknown clause {clause_id!r}: no clause has that ID. "
                "Check the ID against the code pages in docs/code/."
            ) from None

    def principle(self, number: int) -> Principle:
        for p in self.principles:
            if p.number == int(number):
                return p
        raise DataError(f"unknown principle {number!r}: the code has principles "
                        f"{', '.join(str(p.number) for p in self.principles)}.")

    def for_audience(self, audience: str) -> tuple[Clause, ...]:
        return tuple(c for c in self.active_clauses if audience in c.audiences)


# -----------------------------------------------------------------------------
# Reading
# -----------------------------------------------------------------------------


def split_front_matter(text: str, source: str) -> tuple[str, str, int]:
    """Return (front matter, body, line on which the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise DataError(
            f"{source}, line 1: a principle page must start with front matter: "
            "a line '---', the principle's fields, then another '---'."
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise DataError(
        f"{source}, line 1: the front matter is not closed. Add a line '---' "
        "after the last field."
    )


def parse_principle_page(text: str, source: str, frameworks: Frameworks,
                         errors: list[str]) -> Principle | None:
    """Parse one principle page. Problems are appended to `errors`."""
    front, body, _ = split_front_matter(text, source)
    data = load_yaml(front, source, first_line=2)
    if not isinstance(data, LineMap):
        errors.append(f"{source}, line 2: the front matter must be a set of "
                      "'field: value' lines (principle, title, statement, clauses).")
        return None

    err = reporter(errors, source)
    page_fields = field_keys(PRINCIPLE_FIELDS)
    for key in data:
        if key not in page_fields and key not in PAGE_FIELDS:
            err(line_of(data, key), f"unknown field {key!r}. A principle page has "
                f"{', '.join(page_fields)}.")
    for spec in PRINCIPLE_FIELDS:
        # title and statement are checked below, with what is wrong with them.
        key = spec.key
        if spec.required and (key not in data or key in ("principle", "clauses")
                              and data.get(key) in (None, [], "")):
            err(data.line, f"missing field {key!r}. Add it to the front matter.")

    number = data.get("principle")
    match = PRINCIPLE_FILE.match(Path(source).name)
    if not isinstance(number, int) or isinstance(number, bool):
        if number is not None:
            err(line_of(data, "principle"), f"principle must be a whole number, not {number!r}.")
        number = None
    elif match and int(match.group(1)) != number:
        err(line_of(data, "principle"), f"principle is {number} but the file name "
            f"starts with {match.group(1)}. Make them the same.")

    title = plain_field(data, "title", None, err, required=True)
    if any(c in title for c in "<>"):
        err(line_of(data, "title"), "a principle's title may not contain '<' or '>': the "
            "theme writes it into the navigation of every page as it is. Leave them out.")
    before = len(errors)
    statement = markdown_field(data, "statement", None, err, required=True)
    if len(errors) == before:  # its wording is read once its format is right
        for problem in statement_problems(statement):
            err(line_of(data, "statement"), problem)
    clauses = []
    raw_clauses = data.get("clauses") or []
    if not isinstance(raw_clauses, list):
        err(line_of(data, "clauses"), "clauses must be a list, each item starting with '- id:'.")
        raw_clauses = []
    for raw in raw_clauses:
        clause = _parse_clause(raw, number, source, frameworks, err, data)
        if clause is not None:
            clauses.append(clause)

    if number is None:
        return None
    return Principle(
        number=number,
        title=title,
        statement=statement,
        page=f"code/{Path(source).name}",
        clauses=tuple(clauses),
        body=body,
    )


def _parse_clause(raw, principle, source, frameworks: Frameworks, report,
                  parent=None) -> Clause | None:
    problems = []  # this clause's, so that its wording is read once its format is right

    def err(line, message, clause_id=None):
        problems.append(message)
        report(line, message, clause_id)

    if not isinstance(raw, LineMap):
        err(line_of(parent, "clauses"), "each clause must be a set of fields starting with "
            f"'- id:', not {type_name(raw)}.")
        return None
    line = raw.line
    raw_id = raw.get("id")
    if isinstance(raw_id, float):
        err(line_of(raw, "id"), f"write the clause ID in quotes (\"{raw_id}\"); without "
            "them, 1.10 would be read as 1.1.")
        return None
    if raw_id is None:
        err(line, "missing field 'id'. Give the clause a permanent ID such as \"3.2\".")
        return None
    clause_id = raw_id if isinstance(raw_id, str) else str(raw_id)
    match = CLAUSE_ID.match(clause_id) if isinstance(raw_id, str) else None
    if not match:
        err(line_of(raw, "id"), f"ID {clause_id!r} is not of the form "
            "principle.number in quotes, such as \"3.2\" (digits 0 to 9, no leading zero, "
            "nothing before or after).")
        return None
    if principle is not None and int(match.group(1)) != principle:
        err(line_of(raw, "id"), f"ID {clause_id} does not belong to principle "
            f"{principle}. Clause IDs on this page start with \"{principle}.\"", clause_id)

    for key in raw:
        if key not in FIELDS:
            err(line_of(raw, key), f"unknown field {key!r}. A clause has "
                f"{', '.join(FIELDS)}.", clause_id)
    for spec in CLAUSE_FIELDS:
        if spec.required and spec.key not in raw:
            err(line, f"missing {spec.key!r}. Every clause needs {describe(spec.key)}.",
                clause_id)

    # One reader per field, in the registry's order (model/fields.py); each
    # sees the values read before it.
    values: dict = {}
    for spec in CLAUSE_FIELDS[1:]:
        values[spec.key] = CLAUSE_READERS[spec.key](raw, clause_id, values, frameworks, err)
    if "withdrawn" not in raw and not problems:
        for key, problem in clause_problems(values, values["applies_to"]):
            err(line_of(raw, key), problem, clause_id)

    values["audiences"] = values.pop("applies_to")
    return Clause(id=clause_id, principle=int(match.group(1)), number=int(match.group(2)),
                  source=source, line=line, **values)


# -----------------------------------------------------------------------------
# Whole-code validation
# -----------------------------------------------------------------------------


def build_code(principles: list[Principle], frameworks: Frameworks,
               errors: list[str], unread: frozenset[int] = frozenset()) -> Code:
    """Check the code as a whole. `unread` holds the numbers of principle pages
    that could not be read: references to their clauses are not reported, as
    the one problem already reported for that page explains them."""
    by_id: dict[str, Clause] = {}
    numbers: dict[int, str] = {}
    for principle in principles:
        if principle.number in numbers:
            errors.append(f"{principle.page}: principle {principle.number} is also "
                          f"defined in {numbers[principle.number]}. Each principle "
                          "has one page.")
        numbers[principle.number] = principle.page
        if not principle.active_clauses and principle.clauses:
            errors.append(f"docs/{principle.page}: every clause of principle "
                          f"{principle.number} is withdrawn; a principle needs at least one.")
        for clause in principle.clauses:
            if clause.id in by_id:
                first = by_id[clause.id]
                errors.append(
                    f"{clause.source}, line {clause.line}, clause {clause.id}: duplicate "
                    f"clause ID; {clause.id} is already used in {first.source}, line "
                    f"{first.line}. Give this clause the next unused number."
                )
            else:
                by_id[clause.id] = clause
    for clause in by_id.values():
        for target in clause.related + (clause.withdrawn.moved_to if clause.withdrawn else ()):
            if target == clause.id:
                errors.append(f"{clause.source}, line {clause.line}, clause {clause.id}: "
                              "a clause cannot refer to itself.")
            elif target not in by_id:
                if int(target.split(".")[0]) in unread:
                    continue
                errors.append(
                    f"{clause.source}, line {clause.line}, clause {clause.id}: reference "
                    f"to unknown clause {target!r}. Use the ID of an existing clause."
                )
            elif not by_id[target].active and clause.active:
                errors.append(
                    f"{clause.source}, line {clause.line}, clause {clause.id}: refers to "
                    f"clause {target}, which is withdrawn. Refer to where its content went."
                )
    ordered = tuple(sorted(principles, key=lambda p: p.number))
    ordered = tuple(
        Principle(p.number, p.title, p.statement, p.page,
                  tuple(sorted(p.clauses, key=lambda c: c.number)), p.body)
        for p in ordered
    )
    by_id = {c.id: c for p in ordered for c in p.clauses}
    return Code(principles=ordered, frameworks=frameworks, by_id=by_id)


# Parsed principle pages by their content: a page's Principle and problems
# depend only on its text, its path and the reference data, and the objects are
# frozen, so a process that reads the same pages again (the review summary's two
# trees, the checks of a copy, the test suite's many copies) parses each once.
_PARSED: dict[tuple[str, str, str], tuple[Principle | None, tuple[str, ...]]] = {}
_PARSED_MAX = 512


def _parse_page_once(text: str, source: str, frameworks: Frameworks,
                     errors: list[str]) -> Principle | None:
    """parse_principle_page, remembered by content (a page that raises is not)."""
    key = (source, text, repr(frameworks))
    found = _PARSED.get(key)
    if found is None:
        problems: list[str] = []
        found = (parse_principle_page(text, source, frameworks, problems), tuple(problems))
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[key] = found
    errors.extend(found[1])
    return found[0]


def load_code(root: Path) -> Code:
    """Read and validate the whole code from a project folder."""
    root = Path(root)
    frameworks = Frameworks.load(root / FRAMEWORKS_FILE, root)
    code_dir = root / "docs" / "code"
    errors: list[str] = []
    principles = []
    unread: set[int] = set()
    files = sorted(p for p in code_dir.glob("*.md") if p.name != "index.md")
    if not files:
        raise DataError(f"{code_dir}: no principle pages found (files like 1-risk.md).")
    for path in files:
        source = str(path.relative_to(root))
        if not PRINCIPLE_FILE.match(path.name):
            errors.append(f"{source}: a principle page's file name must start with its "
                          "number and a hyphen, such as 3-capacity-building.md.")
            continue
        try:
            principle = _parse_page_once(path.read_text(encoding="utf-8"), source,
                                         frameworks, errors)
        except DataError as err:
            errors.append(str(err))
            unread.add(int(PRINCIPLE_FILE.match(path.name).group(1)))
            continue
        if principle is not None:
            principles.append(principle)
    code = build_code(principles, frameworks, errors, frozenset(unread))
    if errors:
        raise DataError(format_errors(errors))
    return code

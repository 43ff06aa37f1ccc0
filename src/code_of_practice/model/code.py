"""The code model: principles and clauses read from the pages in docs/code/.

Plain Python, no MkDocs import. `load_code()` reads every principle page once,
validates it and returns a `Code`. Any problem raises `DataError` with one line
per problem, each naming the file, the line, the clause and what to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from code_of_practice.model.fields import FIELD_LABELS, FIELDS
from code_of_practice.model.ids import CLAUSE_ID, is_version
from code_of_practice.model.numbers import ClauseNumber, parse_law, parse_numbers
from code_of_practice.model.policy import (long_sentences, markdown_problems, passive_sentences,
                                          plain_text_problem, question_problem, says_you)
from code_of_practice.model.yaml_lines import (DataError, LineMap, line_of, load_yaml,
                                               load_yaml_file, style_of)

PRINCIPLE_FILE = re.compile(r"([1-9][0-9]*)-[a-z0-9-]+\.md\Z")
PRINCIPLE_FIELDS = {"principle": True, "title": True, "statement": True, "clauses": True}
# Front matter keys that belong to MkDocs or Material, not to the code.
PAGE_FIELDS = {"hide", "description", "search", "template", "icon", "status"}
WITHDRAWN_FIELDS = {"in": True, "reason": True, "moved_to": False}


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
class Withdrawal:
    version: str
    reason: str
    moved_to: tuple[str, ...] = ()
    line: int = 0  # the line of the clause's `withdrawn:` key


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
        return f"clause-{self.id}"

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
                         errors: list[str], *, wording: bool = False) -> Principle | None:
    """Parse one principle page. Problems are appended to `errors`. With
    `wording` (as load_code reads the project), the plain-English rules too."""
    front, body, _ = split_front_matter(text, source)
    data = load_yaml(front, source, first_line=2)
    if not isinstance(data, LineMap):
        errors.append(f"{source}, line 2: the front matter must be a set of "
                      "'field: value' lines (principle, title, statement, clauses).")
        return None

    def err(line, message, clause_id=None):
        who = f", clause {clause_id}" if clause_id else ""
        errors.append(f"{source}, line {line}{who}: {message}")

    for key in data:
        if key not in PRINCIPLE_FIELDS and key not in PAGE_FIELDS:
            err(line_of(data, key), f"unknown field {key!r}. A principle page has "
                f"{', '.join(PRINCIPLE_FIELDS)}.")
    for key, required in PRINCIPLE_FIELDS.items():
        # title and statement are checked below, with what is wrong with them.
        if required and (key not in data or key in ("principle", "clauses")
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
    statement = markdown_field(data, "statement", None, err, required=True)
    for problem in passive_sentences(statement or "") if wording else ():
        err(line_of(data, "statement"), problem)
    clauses = []
    raw_clauses = data.get("clauses") or []
    if not isinstance(raw_clauses, list):
        err(line_of(data, "clauses"), "clauses must be a list, each item starting with '- id:'.")
        raw_clauses = []
    for raw in raw_clauses:
        clause = _parse_clause(raw, number, source, frameworks, err, data, wording=wording)
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


def _text(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _type_name(value) -> str:
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
            err(line, f"{key} is empty. {_describe(key).capitalize()} is required.", clause_id)
        return None
    if not isinstance(value, str):
        err(line, f"{key} must be text, not {_type_name(value)}. {advice}", clause_id)
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
    text = _text(value)
    if not text:
        err(line, f"{key} is blank. Write {_describe(key)}.", clause_id)
        return ""
    problem = plain_text_problem(value)
    if problem:
        err(line, f"{key} {problem}", clause_id)
    return text


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
        err(line, f"{key} is blank. Write {_describe(key)}.", clause_id)
        return ""
    for problem in markdown_problems(value):
        err(line, f"{key} {problem}", clause_id)
    return value.strip()


BLOCK_STYLES = (">", "|")
BLOCK_ADVICE = ("Put '>-' after '{key}:' and write the text on the lines below it, "
                "indented two more spaces. On one line, YAML would cut the text at a ' #' "
                "and read the rest as a comment.")


def _parse_clause(raw, principle, source, frameworks: Frameworks, err,
                  parent=None, wording: bool = False) -> Clause | None:
    if not isinstance(raw, LineMap):
        err(line_of(parent, "clauses"), "each clause must be a set of fields starting with "
            f"'- id:', not {_type_name(raw)}.")
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
    for key, spec in FIELDS.items():
        if spec.required and key not in raw:
            err(line, f"missing {key!r}. Every clause needs {_describe(key)}.", clause_id)

    title = plain_field(raw, "title", clause_id, err, required=True)
    text = markdown_field(raw, "text", clause_id, err, required=True)
    question = plain_field(raw, "question", clause_id, err, required=True)
    if question and not question.endswith("?"):
        err(line_of(raw, "question"), "the checklist question must end with a "
            "question mark.", clause_id)

    ask_prime = plain_field(raw, "ask_prime", clause_id, err, required=False) \
        if "ask_prime" in raw else ""
    if ask_prime and not ask_prime.endswith("?"):
        err(line_of(raw, "ask_prime"), "ask_prime must be a question ending in a question "
            "mark.", clause_id)

    audiences = _list_of(raw, "applies_to", str, clause_id, err)
    # Only when applies_to was read as a list of known audiences: if it is
    # missing, misspelt or not a list, that is the one problem to report (the
    # ask_prime may well be right).
    audiences_read = (isinstance(raw.get("applies_to"), list) and bool(audiences)
                      and all(a in frameworks.audiences for a in audiences))
    if ask_prime and audiences_read and "prime" not in audiences:
        err(line_of(raw, "ask_prime"), "ask_prime is only for clauses that apply to the "
            "prime contractor: it is the question a partner asks about its prime. Delete "
            "it, or move it to the prime contractor's clause.", clause_id)
    for audience in audiences:
        if audience not in frameworks.audiences:
            err(line_of(raw, "applies_to"), f"unknown audience {audience!r}. Use one or "
                f"more of: {', '.join(frameworks.audiences)}.", clause_id)
    if "applies_to" in raw and not raw.get("applies_to"):
        err(line_of(raw, "applies_to"), f"applies_to is empty. Every clause needs "
            f"{_describe('applies_to')}.", clause_id)
    links = {}
    for framework in ("compact", "merlin", "merlin_2018"):
        kind = int if framework == "compact" else str
        links[framework] = _list_of(raw, framework, kind, clause_id, err)
        known = frameworks.titles(framework)
        for item in links[framework]:
            if item not in known:
                label = {"compact": "Compact outcome", "merlin": "Merlin principle",
                         "merlin_2018": "2017–18 Merlin principle"}[framework]
                err(line_of(raw, framework), f"unknown {label} {item!r}. Use one of: "
                    f"{', '.join(str(k) for k in known)}.", clause_id)
    related = tuple(_clause_ids(raw, "related", clause_id, err))
    evidence = []
    for item in _list_of(raw, "evidence", str, clause_id, err):
        if not item.strip():
            err(line_of(raw, "evidence"), "evidence has a blank item. Delete the empty "
                "'- ' line or write what good looks like on it.", clause_id)
            continue
        problem = plain_text_problem(item)
        if problem:
            err(line_of(raw, "evidence"), f"an evidence item {problem}", clause_id)
        evidence.append(_text(item))
    if "evidence" in raw and not raw.get("evidence"):
        err(line_of(raw, "evidence"), f"evidence is empty. Every clause needs "
            f"{_describe('evidence')}.", clause_id)

    withdrawal = None
    if "withdrawn" in raw:
        withdrawal = _parse_withdrawal(raw, clause_id, err)
    if wording and withdrawal is None:  # a withdrawn clause keeps the words it had
        _check_wording(raw, clause_id, err, text, question, evidence, ask_prime, audiences,
                       audiences_read)
    # A withdrawn clause keeps the words it had; only clauses in force must
    # explain every number they set.
    numbers = parse_numbers(raw, clause_id, text, err, check_coverage=withdrawal is None) \
        if text else ()
    law = parse_law(raw, clause_id, err)

    return Clause(
        id=clause_id,
        principle=int(match.group(1)),
        number=int(match.group(2)),
        title=title,
        text=text,
        audiences=tuple(audiences),
        question=question,
        evidence=tuple(evidence),
        ask_prime=ask_prime,
        compact=tuple(links["compact"]),
        merlin=tuple(links["merlin"]),
        merlin_2018=tuple(links["merlin_2018"]),
        related=related,
        numbers=numbers,
        law=law,
        withdrawn=withdrawal,
        source=source,
        line=line,
    )


def _describe(key: str) -> str:
    return {
        "title": "a short title",
        "statement": "the principle in one or two sentences",
        "applies_to": "an 'applies_to' list of audiences (prime, partner, commissioner)",
        "text": "the commitment text",
        "question": "a checklist question ending in a question mark",
        "ask_prime": "the question a partner asks about its prime, ending in a question mark",
        "evidence": "an 'evidence' list: what good looks like",
        "reason": "why the clause was withdrawn",
    }.get(key, f"a {key!r}")


def _check_wording(raw, clause_id, err, text, question, evidence, ask_prime, audiences,
                   audiences_read) -> None:
    """The plain-English rules (model/policy.py) on a clause in force."""
    for key, value in (("text", text), ("question", question), ("ask_prime", ask_prime)):
        for problem in long_sentences(value or "", FIELD_LABELS.get(key, key).lower()):
            err(line_of(raw, key), problem, clause_id)
    for item in evidence:
        for problem in long_sentences(item, "evidence"):
            err(line_of(raw, "evidence"), problem, clause_id)
    if audiences_read and len(audiences) == 1 and question:
        problem = question_problem(question, audiences[0], audiences[0], "the question")
        if problem:
            err(line_of(raw, "question"), problem, clause_id)
    if ask_prime:
        problem = question_problem(ask_prime, "partner", "prime", "ask_prime")
        if problem:
            err(line_of(raw, "ask_prime"), problem, clause_id)
        if any(says_you(item) for item in evidence):
            err(line_of(raw, "evidence"), "the evidence says 'you', but partners read it "
                "under the question they ask their prime contractor: name who holds it "
                "instead ('The prime contractor's …', 'A written plan …').", clause_id)


def _list_of(raw, key, kind, clause_id, err) -> list:
    value = raw.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        example = '["4.2"]' if key in ("related", "moved_to") else "[a, b] or '- ' lines"
        err(line_of(raw, key), f"{key} must be a list, like {example}, not "
            f"{_type_name(value)}.", clause_id)
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


def _clause_ids(raw, key, clause_id, err) -> list[str]:
    """A list of clause IDs in quotes (related, moved_to)."""
    ids = []
    for item in _list_of(raw, key, str, clause_id, err):
        if CLAUSE_ID.match(item):
            ids.append(item)
        else:
            err(line_of(raw, key), f"{key} has {item!r}, which is not a clause ID such "
                "as \"3.2\".", clause_id)
    return ids


def _parse_withdrawal(clause, clause_id, err) -> Withdrawal | None:
    raw = clause.get("withdrawn")
    if not isinstance(raw, LineMap):
        err(line_of(clause, "withdrawn"), "withdrawn must have the fields 'in', 'reason' "
            "and optionally 'moved_to', each on its own line below it.", clause_id)
        return None
    for key, required in WITHDRAWN_FIELDS.items():
        if required and (key not in raw or key == "in" and raw.get(key) in (None, "")):
            err(raw.line, f"withdrawn needs {key!r}: "
                f"{'the version that withdrew it' if key == 'in' else 'why it went'}.", clause_id)
    for key in raw:
        if key not in WITHDRAWN_FIELDS:
            err(line_of(raw, key), f"unknown field {key!r} under withdrawn.", clause_id)
    version = raw.get("in")
    if isinstance(version, float):
        err(line_of(raw, "in"), "write the version in quotes, like in: \"1.10\"; without "
            f"them, YAML reads a version as a number ({version!r}), and 1.10 as 1.1.",
            clause_id)
        version = None
    elif version is not None and not is_version(version):
        err(line_of(raw, "in"), f"withdrawn in {version!r} is not a version such as "
            "\"1.1\".", clause_id)
        version = None
    reason = markdown_field(raw, "reason", clause_id, err, required=True)
    moved = _clause_ids(raw, "moved_to", clause_id, err)
    return Withdrawal(version=version or "", reason=reason, moved_to=tuple(moved),
                      line=line_of(clause, "withdrawn"))


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


def load_code(root: Path, *, wording: bool = True) -> Code:
    """Read and validate the whole code from a project folder. With `wording`
    (the build, the model), the plain-English rules of model/policy.py too;
    the review report reads without them, to show a change the build refuses."""
    root = Path(root)
    frameworks = Frameworks.load(root / "data" / "frameworks.yml", root)
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
            principle = parse_principle_page(path.read_text(encoding="utf-8"), source,
                                             frameworks, errors, wording=wording)
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


_WHERE = re.compile(r"^(?P<file>[^,:\s]+)(?:, line (?P<line>\d+))?")


def sorted_errors(errors: list[str]) -> list[str]:
    """The problems file by file (in the order the files were first named), each
    file's from its top line down: the order a contributor fixes them in."""
    files: dict[str, int] = {}

    def key(item: tuple[int, str]):
        index, error = item
        match = _WHERE.match(error)
        name = match["file"] if match else ""
        files.setdefault(name, len(files))
        return files[name], int(match["line"]) if match and match["line"] else 0, index

    for index, error in enumerate(errors):  # first appearance of each file
        key((index, error))
    return [error for _, error in sorted(enumerate(errors), key=key)]


def format_errors(errors: list[str]) -> str:
    errors = sorted_errors(errors)
    count = len(errors)
    head = "The code has 1 problem" if count == 1 else f"The code has {count} problems"
    return head + " to fix:\n" + "\n".join(f"  - {e}" for e in errors)

"""Unit tests of the clause parser and validator on small Markdown strings.

Each failure case names the bad input it feeds and the message it expects.
"""

from __future__ import annotations

import textwrap

import pytest
from code_of_practice.model.code import Frameworks, build_code, parse_principle_page
from code_of_practice.model.project import load_project
from code_of_practice.model.yaml_lines import DataError
from code_of_practice.testing import ROOT

SOURCE = "docs/code/3-capacity-building.md"
# The project's working version, read from it (tests never name it).
WORKING = load_project(ROOT).edition["version"]

GOOD_CLAUSE = """\
  - id: "3.1"
    title: Build the capacity of every partner
    applies_to: [prime, partner]
    text: >-
      As the prime contractor, you help each partner grow.
    question: Does the prime contractor help each partner grow?
    evidence:
      - A development plan for each partner.
    compact: [1]
    merlin: [commitment]
    merlin_2018: [develop]
"""


@pytest.fixture(scope="module")
def frameworks(root):
    return Frameworks.load(root / "data" / "frameworks.yml", root)


def page(*clauses: str, header: str = "principle: 3\ntitle: Capacity\nstatement: >-\n  Build it.\n") -> str:
    body = "".join(clauses) if clauses else GOOD_CLAUSE
    return f"---\n{header}clauses:\n{body}---\n\n# Body\n"


def parse(text, frameworks, source=SOURCE):
    errors: list[str] = []
    principle = parse_principle_page(text, source, frameworks, errors)
    code = build_code([principle] if principle else [], frameworks, errors)
    return code, errors


def test_a_good_page_parses_into_a_principle_with_its_clause(frameworks):
    code, errors = parse(page(), frameworks)
    assert errors == []
    clause = code.clause("3.1")
    assert clause.title == "Build the capacity of every partner"
    assert clause.audiences == ("prime", "partner")
    assert clause.question == "Does the prime contractor help each partner grow?"
    assert clause.evidence == ("A development plan for each partner.",)
    assert clause.compact == (1,) and clause.merlin == ("commitment",)
    assert clause.merlin_2018 == ("develop",)
    assert clause.source == SOURCE and clause.line == 7
    assert code.principle(3).statement == "Build it."


def test_duplicate_clause_id(frameworks):
    _, errors = parse(page(GOOD_CLAUSE, GOOD_CLAUSE), frameworks)
    assert errors == [
        f"{SOURCE}, line 18, clause 3.1: duplicate clause ID; 3.1 is already used in "
        f"{SOURCE}, line 7. Give this clause the next unused number."
    ]


def test_id_that_does_not_match_its_principle(frameworks):
    _, errors = parse(page(GOOD_CLAUSE.replace('"3.1"', '"4.1"')), frameworks)
    assert errors == [
        f"{SOURCE}, line 7, clause 4.1: ID 4.1 does not belong to principle 3. "
        "Clause IDs on this page start with \"3.\""
    ]


def test_unquoted_id_that_yaml_reads_as_a_number(frameworks):
    _, errors = parse(page(GOOD_CLAUSE.replace('"3.1"', "3.10")), frameworks)
    assert errors == [
        f"{SOURCE}, line 7: write the clause ID in quotes (\"3.1\"); without them, 1.10 "
        "would be read as 1.1."
    ]


def test_unknown_audience(frameworks):
    _, errors = parse(page(GOOD_CLAUSE.replace("[prime, partner]", "[prime, partners]")),
                      frameworks)
    assert errors == [
        f"{SOURCE}, line 9, clause 3.1: unknown audience 'partners'. Use one or more of: "
        "prime, partner, commissioner."
    ]


@pytest.mark.parametrize("field, line, expected", [
    ("title", "    title: Build the capacity of every partner\n",
     "missing 'title'. Every clause needs a short title."),
    ("question", "    question: Does the prime contractor help each partner grow?\n",
     "missing 'question'. Every clause needs a checklist question ending in a question mark."),
    ("applies_to", "    applies_to: [prime, partner]\n",
     "missing 'applies_to'. Every clause needs an 'applies_to' list of audiences "
     "(prime, partner, commissioner)."),
])
def test_missing_required_field(frameworks, field, line, expected):
    _, errors = parse(page(GOOD_CLAUSE.replace(line, "")), frameworks)
    assert errors == [f"{SOURCE}, line 7, clause 3.1: {expected}"]


def test_reference_to_unknown_clause(frameworks):
    _, errors = parse(page(GOOD_CLAUSE + '    related: ["3.9"]\n'), frameworks)
    assert errors == [
        f"{SOURCE}, line 7, clause 3.1: reference to unknown clause '3.9'. Use the ID of "
        "an existing clause."
    ]


def test_unknown_compact_outcome(frameworks):
    _, errors = parse(page(GOOD_CLAUSE.replace("compact: [1]", "compact: [6]")), frameworks)
    assert errors == [
        f"{SOURCE}, line 15, clause 3.1: unknown Compact outcome 6. Use one of: 1, 2, 3, 4, 5."
    ]


def test_unknown_merlin_principle(frameworks):
    _, errors = parse(page(GOOD_CLAUSE.replace("merlin: [commitment]", "merlin: [honesty]")),
                      frameworks)
    assert errors == [
        f"{SOURCE}, line 16, clause 3.1: unknown Merlin principle 'honesty'. Use one of: "
        "design, commitment, conduct, review."
    ]


def test_unknown_2018_merlin_principle(frameworks):
    _, errors = parse(page(GOOD_CLAUSE.replace("[develop]", "[grow]")), frameworks)
    assert errors == [
        f"{SOURCE}, line 17, clause 3.1: unknown 2017–18 Merlin principle 'grow'. Use one "
        "of: design, procure, contract, funding, develop, performance-manage, "
        "qa-compliance, review-close."
    ]


def test_misspelt_field_is_not_silently_dropped(frameworks):
    _, errors = parse(page(GOOD_CLAUSE.replace("    question:", "    queston:")), frameworks)
    assert f"{SOURCE}, line 12, clause 3.1: unknown field 'queston'." in errors[0]
    assert any("missing 'question'" in e for e in errors)


def test_question_must_end_with_a_question_mark(frameworks):
    _, errors = parse(page(GOOD_CLAUSE.replace("grow?\n", "grow\n")), frameworks)
    assert errors == [f"{SOURCE}, line 12, clause 3.1: the checklist question must end "
                      "with a question mark."]


def test_malformed_front_matter_names_file_and_line(frameworks):
    bad = page(GOOD_CLAUSE.replace("    title: Build", "    title: [Build"))
    with pytest.raises(DataError) as caught:
        parse(bad, frameworks)
    assert str(caught.value).startswith(f"{SOURCE}, line 9: the YAML could not be read")
    assert "Check the indentation and quoting on that line." in str(caught.value)


def test_front_matter_that_is_not_closed(frameworks):
    with pytest.raises(DataError) as caught:
        parse("---\nprinciple: 3\n", frameworks)
    assert str(caught.value) == (f"{SOURCE}, line 1: the front matter is not closed. Add a "
                                 "line '---' after the last field.")


def test_duplicate_yaml_key_is_refused(frameworks):
    bad = page(GOOD_CLAUSE.replace("    compact: [1]\n", "    compact: [1]\n    compact: [2]\n"))
    with pytest.raises(DataError) as caught:
        parse(bad, frameworks)
    assert str(caught.value).startswith(f"{SOURCE}, line 16: the YAML could not be read "
                                        "(duplicate key 'compact' (first on line 15); "
                                        "remove or rename one of them).")


def test_principle_number_must_match_file_name(frameworks):
    _, errors = parse(page(header="principle: 4\ntitle: Capacity\nstatement: >-\n  Build it.\n"),
                      frameworks)
    assert f"{SOURCE}, line 2: principle is 4 but the file name starts with 3. Make them the same." in errors


def test_withdrawn_clause_keeps_its_id_and_leaves_checklists(frameworks):
    withdrawn = textwrap.dedent("""\
      - id: "3.2"
        title: An old commitment
        applies_to: [prime]
        text: >-
          Old text.
        question: Was it done?
        evidence: [A record.]
        withdrawn:
          in: "WORKING"
          reason: >-
            Merged into 3.1.
          moved_to: ["3.1"]
    """)
    withdrawn = textwrap.indent(withdrawn.replace("WORKING", WORKING), "  ")
    code, errors = parse(page(GOOD_CLAUSE, withdrawn), frameworks)
    assert errors == []
    assert code.clause("3.2").withdrawn.moved_to == ("3.1",)
    assert [c.id for c in code.for_audience("prime")] == ["3.1"]


def test_reference_to_a_withdrawn_clause_is_refused(frameworks):
    withdrawn = textwrap.indent(textwrap.dedent("""\
      - id: "3.2"
        title: An old commitment
        applies_to: [prime]
        text: |-
          Old text.
        question: Was it done?
        evidence: [A record.]
        withdrawn:
          in: "WORKING"
          reason: |
            Gone.
    """).replace("WORKING", WORKING), "  ")
    _, errors = parse(page(GOOD_CLAUSE + '    related: ["3.2"]\n', withdrawn), frameworks)
    assert errors == [f"{SOURCE}, line 7, clause 3.1: refers to clause 3.2, which is "
                      "withdrawn. Refer to where its content went."]


# -- ask_prime: the question a partner asks about its prime ---------------------------

PRIME_CLAUSE = GOOD_CLAUSE.replace("[prime, partner]", "[prime]").replace(
    "    question: Does the prime contractor help each partner grow?\n",
    "    question: Do you help each partner grow?\n"
    "    ask_prime: >-\n      Does your prime contractor help you grow?\n")


def test_ask_prime_is_read_on_a_prime_clause(frameworks):
    code, errors = parse(page(PRIME_CLAUSE), frameworks)
    assert errors == []
    assert code.clause("3.1").ask_prime == "Does your prime contractor help you grow?"


def test_ask_prime_on_a_clause_that_is_not_for_the_prime_is_refused(frameworks):
    bad = PRIME_CLAUSE.replace("[prime]", "[partner]")
    _, errors = parse(page(bad), frameworks)
    assert errors == [
        f"{SOURCE}, line 13, clause 3.1: ask_prime is only for clauses that apply to the "
        "prime contractor: it is the question a partner asks about its prime. Delete it, "
        "or move it to the prime contractor's clause."]


def test_ask_prime_must_be_a_question(frameworks):
    _, errors = parse(page(PRIME_CLAUSE.replace("grow?\n    evidence", "grow\n    evidence")),
                      frameworks)
    assert errors == [f"{SOURCE}, line 13, clause 3.1: ask_prime must be a question ending "
                      "in a question mark."]



def test_a_page_read_again_gives_the_same_code_and_the_same_problems_each_time(tmp_path):
    """load_code remembers each page it parsed by its content: reading a copy
    again reports a mistake again (not only the first time), an edit is read
    afresh, and mending the page mends the code."""
    from code_of_practice.model.code import load_code
    from code_of_practice.testing import copy_project

    copy = copy_project(ROOT, tmp_path / "project")
    path = sorted((copy / "docs" / "code").glob("[1-9]-*.md"))[0]
    good = path.read_text(encoding="utf-8")
    first = load_code(copy)
    assert load_code(copy).clauses == first.clauses

    clause = first.principles[0].clauses[0]
    bad = good.replace(f"title: {clause.title}", "title: ''", 1)
    assert bad != good, clause.title
    path.write_text(bad, encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataError, match=f"clause {clause.id}"):
            load_code(copy)
    path.write_text(good.replace(clause.title, clause.title + " now", 1), encoding="utf-8")
    assert load_code(copy).clause(clause.id).title == clause.title + " now"

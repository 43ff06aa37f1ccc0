"""The numbers a clause sets and the legal duties it restates (model/numbers.py):
what counts as a number, how the loader reports a number without a basis, and
how the clause page marks each one."""

from __future__ import annotations

import pytest
from code_of_practice.model.code import Frameworks, build_code, parse_principle_page
from code_of_practice.model.code_data import clause_to_dict
from code_of_practice.model.numbers import find_numbers
from code_of_practice.model.project import load_project
from code_of_practice.render.numbers import marked_text, number_items, source_link

SOURCE = "docs/code/5-fair-finances.md"
S73 = "Procurement Act 2023, section 73, https://www.legislation.gov.uk/ukpga/2023/54/section/73"


@pytest.fixture(scope="module")
def frameworks(root):
    return Frameworks.load(root / "data" / "frameworks.yml", root)


def clause_page(text: str, numbers: str = "", law: str = "") -> str:
    extra = (f"    numbers:\n{numbers}" if numbers else "") + (f"    law: >-\n      {law}\n" if law else "")
    return ("---\nprinciple: 5\ntitle: Finances\nstatement: >-\n  Fair money.\nclauses:\n"
            '  - id: "5.1"\n    title: Pay on time\n    applies_to: [prime]\n'
            f"    text: >-\n      {text}\n"
            "    question: Do you pay on time?\n    evidence:\n      - Payment records.\n"
            f"{extra}---\n\nBody\n")


def parse(text, frameworks):
    errors: list[str] = []
    principle = parse_principle_page(text, SOURCE, frameworks, errors)
    code = build_code([principle] if principle else [], frameworks, errors)
    return code, errors


@pytest.mark.parametrize("text, expected", [
    ("Pay within 30 days of the invoice.", ["30 days"]),
    ("Reply within one working day, then every 6 months.", ["one working day", "every 6 months"]),
    ("If referrals fall 20% below forecast for 2 months", ["20%", "2 months"]),
    ("Contracts over £5 million a year", ["£5 million", "a year"]),
    ("A cut of a quarter or more, or under half its work", ["a quarter", "half"]),
    ("At least two thirds of the money", ["two thirds"]),
    ("Report monthly, meet quarterly and check at the six-monthly review.",
     ["monthly", "quarterly", "six-monthly"]),
    ("Offer at least 2 payment mechanisms, or three.", ["2", "three"]),
    ("Use the 30-day term.", ["30-day"]),
])
def test_these_are_numbers_the_clause_sets(text, expected):
    assert [words for _, _, words in find_numbers(text)] == expected


@pytest.mark.parametrize("text", [
    "See 5.4 and 7.10.",
    "The Procurement Act 2023 applies.",
    "Sections 68 and 73 of the Act, and regulation 113, apply.",
    "The Regulations (SI 2015/102) apply from 24 February 2025.",
    "Under Article 28 and PPN 021, once the contract ends.",
    "Everyone does the third thing in the first quarter.",
])
def test_these_are_not(text):
    assert find_numbers(text) == []


def test_a_number_without_a_basis_is_refused_with_file_line_and_clause(frameworks):
    _, errors = parse(clause_page("You must pay within 30 days."), frameworks)
    assert errors == [
        f"{SOURCE}, line 7, clause 5.1: the number '30 days' in the text has no basis. Add it "
        "under 'numbers:' as '- text: \"30 days\"' with 'basis: proposed', or with 'basis: law' "
        "or 'basis: sourced' and a 'source:' naming the provision or source and its https:// "
        "address."]


@pytest.mark.parametrize("numbers, message", [
    ('      - text: "30 days"\n        basis: law\n',
     "the number '30 days' has basis law, so it needs 'source:' naming the provision"),
    ('      - text: "30 days"\n        basis: sourced\n        source: a blog post\n',
     "the number '30 days' has basis sourced, so it needs 'source:' naming the source"),
    (f'      - text: "30 days"\n        basis: proposed\n        source: {S73}\n',
     "the number '30 days' is proposed by this code, so it has no source"),
    ('      - text: "30 days"\n        basis: guess\n',
     "the number '30 days' needs 'basis:' law, sourced or proposed, not 'guess'"),
    ('      - text: "30 days"\n        basis: proposed\n      - text: "30 days"\n        basis: proposed\n',
     "the number '30 days' is listed twice"),
    ('      - text: "60 days"\n        basis: proposed\n',
     "the number '60 days' is not in the clause text"),
    ('      - text: "30 days"\n        basis: proposed\n        why: because\n',
     "unknown field 'why' under numbers"),
    ("      - 30 days\n", "each item of numbers must be a set of fields"),
])
def test_a_malformed_number_entry_is_refused(frameworks, numbers, message):
    _, errors = parse(clause_page("You must pay within 30 days.", numbers), frameworks)
    assert any(message in e and e.startswith(f"{SOURCE}, line ") and ", clause 5.1: " in e
               for e in errors), errors


def test_a_law_marker_needs_the_provision_and_its_address(frameworks):
    numbers = f'      - text: "30 days"\n        basis: law\n        source: >-\n          {S73}\n'
    _, errors = parse(clause_page("You must pay within 30 days.", numbers, law="The Act"),
                      frameworks)
    assert len(errors) == 1 and "law must name the provision the clause restates and its " \
        "https:// address" in errors[0] and ", clause 5.1" in errors[0]


def test_a_good_clause_carries_its_numbers_and_law_into_the_export(frameworks):
    numbers = (f'      - text: "30 days"\n        basis: law\n        source: >-\n          {S73}\n'
               '      - text: "10 working days"\n        basis: proposed\n')
    code, errors = parse(clause_page(
        "You must pay within 30 days. Explain a dispute within 10 working days.", numbers, S73),
        frameworks)
    assert errors == []
    clause = code.clause("5.1")
    data = clause_to_dict(clause)
    assert data["numbers"] == [{"text": "30 days", "basis": "law", "source": S73},
                               {"text": "10 working days", "basis": "proposed", "source": None}]
    assert data["law"] == S73
    text = marked_text(clause)
    assert text.count('class="number-basis number-basis--law"') == 1
    assert '30 days<a class="number-basis number-basis--law" href="#clause-5.1-numbers"' in text
    assert 'working days<a class="number-basis number-basis--proposed"' in text
    items = number_items(clause, "code/5-fair-finances.md")
    assert items[0].startswith("**30 days**: set by law, in [Procurement Act 2023, section 73]"
                               "(https://www.legislation.gov.uk/ukpga/2023/54/section/73)")
    assert "proposed by this code" in items[1] and "(../changes/consultations.md)" in items[1]


def test_a_source_with_two_addresses_links_each():
    assert source_link("Act A, https://a.example/x; Regulations B, https://b.example/y") == \
        "[Act A](https://a.example/x); [Regulations B](https://b.example/y)"


def test_every_clause_in_force_explains_every_number_it_sets(root):
    """The real project loads (the loader refuses an unexplained number), and
    every marked number of a clause in force is in its text."""
    code = load_project(root).code
    for clause in code.active_clauses:
        found = {words for _, _, words in find_numbers(clause.text)}
        listed = {n.text for n in clause.numbers}
        assert found <= listed | {w for w in found if any(w in n for n in listed)}, clause.id


def test_the_clause_page_marks_each_number_and_the_law(site, root):
    code = load_project(root).code
    marked = next(c for c in code.active_clauses if c.numbers)
    page = code.principle(marked.principle).page.removesuffix(".md")
    html = (site / page / "index.html").read_text(encoding="utf-8")
    assert f'id="{marked.anchor}-numbers"' in html
    assert f'href="#{marked.anchor}-numbers"' in html
    for clause in code.active_clauses:
        if clause.law:
            page = code.principle(clause.principle).page.removesuffix(".md")
            html = (site / page / "index.html").read_text(encoding="utf-8")
            section = html[html.index(f'id="{clause.anchor}"'):]
            assert "The law requires this" in section[:3000], clause.id


def test_digits_in_a_link_address_are_not_numbers():
    assert find_numbers("See [PPN 021](https://www.gov.uk/ppn-021/2025) and "
                        "[write](mailto:team2@example.org).") == []


def test_the_tag_follows_a_possessive_apostrophe(frameworks):
    numbers = '      - text: "3 months"\n        basis: proposed\n'
    code, errors = parse(clause_page("Give 3 months' notice.", numbers), frameworks)
    assert errors == []
    assert "3 months'<a class=\"number-basis" in marked_text(code.clause("5.1"))

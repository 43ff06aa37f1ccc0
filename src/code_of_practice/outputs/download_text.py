"""What the downloads say, as plain data: one place for every format.

The PDFs, the Word documents and the workbooks all take their words from
here, so a checklist reads the same in each, and the whole code document has
the same parts in PDF and in Word.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from code_of_practice.model.checklists import ANSWERS, Checklist
from code_of_practice.model.code import Clause, Code
from code_of_practice.model.fields import FIELD_LABELS, framework_item_label

ASK_PRIME = FIELD_LABELS["ask_prime"]  # "Question to ask your prime"
from code_of_practice.model.provenance import (LICENCE, SHORT_STATEMENT, STATEMENT, TITLE,
                                              provenance_line)
from code_of_practice.model.urls import absolute_url, framework_anchor

# The header block of every checklist, on the page and in every download.
FORM_FIELDS = ("Organisation", "Contract", "Date", "Completed by")
EVIDENCE = FIELD_LABELS["evidence"]  # "What good looks like"
BOX = "\u2610"  # ☐, a tick box that prints
# For file properties that hold at most 255 characters (Word's); the full
# provenance line is on the first page of every file.
SHORT_PROVENANCE = f"{SHORT_STATEMENT} Licence: {LICENCE['name']}."


def evidence_text(items) -> str:
    """The evidence list in one cell: a bullet and a line each."""
    return "\n".join(f"\u2022 {item}" for item in items)


def edition_words(edition: dict) -> str:
    """'version 1.0 (published, 2026-11-30)'."""
    date = f", {edition['date']}" if edition.get("date") else ""
    return f"version {edition['version']} ({edition['status']}{date})"


def file_title(title: str, edition: dict) -> str:
    """The title in a file's properties: what it is and which version."""
    return f"{title}, version {edition['version']} ({edition['status']}): {TITLE}"


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    principle: str  # "1. Sharing risk fairly"
    question: str
    evidence: tuple[str, ...]
    url: str  # the clause on the site


@dataclass(frozen=True)
class Section:
    heading: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class ChecklistDoc:
    title: str
    edition: dict
    version_line: str  # "Code of Practice …, version 1.0 (published, …)"
    provenance: str
    fields: tuple[str, ...]
    answers: tuple[str, ...]
    how_to: str
    sections: tuple[Section, ...]
    # The errata of a released version (outputs/errata.py); empty otherwise.
    errata: tuple[str, ...] = ()

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]


def checklist_doc(code: Code, chosen: Checklist, edition: dict, base_url: str) -> ChecklistDoc:
    sections = []
    for principle, clauses in chosen.sections(code):
        heading = f"{principle.number}. {principle.title}"
        sections.append(Section(heading, tuple(
            Item(c.id, c.title, heading, chosen.question(c), c.evidence,
                 absolute_url(base_url, principle.page, c.anchor))
            for c in clauses)))
    count = sum(len(s.items) for s in sections)
    return ChecklistDoc(
        title=chosen.title,
        edition=edition,
        version_line=f"{TITLE}, {edition_words(edition)}",
        provenance=provenance_line(edition),
        fields=FORM_FIELDS,
        answers=ANSWERS,
        how_to=(f"{chosen.intro} " if chosen.intro else "")
        + (f"{count} items. For each one, choose an answer ({', '.join(ANSWERS)}) "
           "and note what you found. Under each question, what good looks like lists "
           "the evidence that shows the commitment is met. Each item links to its "
           "clause on the site."),
        sections=tuple(sections),
    )


# -- the whole code as one document ------------------------------------------------------

@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class ClauseDoc:
    id: str
    title: str
    text: str  # Markdown
    url: str
    applies_to: str
    question: str
    evidence: tuple[str, ...]
    supports: tuple[Link, ...]
    related: tuple[Link, ...]
    ask_prime: str = ""  # prime clauses: the question a partner asks about its prime


@dataclass(frozen=True)
class PrincipleDoc:
    number: int
    heading: str  # "Principle 1. Sharing risk fairly"
    statement: str
    url: str
    clauses: tuple[ClauseDoc, ...]


@dataclass(frozen=True)
class CodeDoc:
    title: str
    edition: dict
    edition_line: str
    made: str  # the day this copy was made, as YYYY-MM-DD
    statement: str
    licence: Link
    site: str
    how_to: tuple[str, ...]
    principles: tuple[PrincipleDoc, ...]
    glossary: tuple[tuple[str, str], ...]
    # The errata of a released version (outputs/errata.py); empty otherwise.
    errata: tuple[str, ...] = ()

    @property
    def contents(self) -> list[str]:
        return (["How to use this code"] + [p.heading for p in self.principles]
                + ["Glossary"])


def how_to_use(code: Code) -> tuple[str, ...]:
    audiences = code.frameworks.audiences
    names = ", ".join(info["name"].lower() for info in audiences.values())
    return (
        f"The code has {len(code.principles)} principles. Each principle is broken down into "
        "clauses, and each clause has a permanent ID such as 3.2 that never changes or gets "
        "used again.",
        f"Every clause says who it asks something of ({names}), sets out the commitment, "
        "gives a question to check it by and lists the evidence that shows what good looks "
        "like. Some clauses also show which outcomes of the Compact and which principles of "
        "the Merlin Standard they support.",
        "Read the clauses that apply to your organisation first. Before a bid or a contract "
        "negotiation, go through them with your partners and agree what each of you will "
        "do. To review a supply chain, answer the checklist for your role (the checklists "
        "are on the site, as forms to print and as spreadsheets) and ask to see the evidence "
        "each clause lists.",
        "The code does not give legal advice. Where it mentions the law, check your contract "
        "and take advice.",
        "This is a living code: it changes through an open process, and every change is "
        "recorded on the site. Check that you are using the latest version, and quote the "
        "version number when you refer to it.",
    )


def _clause_doc(code: Code, clause: Clause, base_url: str) -> ClauseDoc:
    frameworks = code.frameworks
    supports = []
    for framework in ("compact", "merlin", "merlin_2018"):
        names = frameworks.titles(framework)
        for item in clause.links(framework):
            supports.append(Link(framework_item_label(framework, item, names[item]), absolute_url(base_url, frameworks.pages[framework],
                                                     framework_anchor(framework, item))))
    related = []
    for target in clause.related:
        other = code.clause(target)
        related.append(Link(f"{other.id} {other.title}",
                            absolute_url(base_url, code.principle(other.principle).page,
                                         other.anchor)))
    names = [frameworks.audiences[a]["name"] for a in clause.audiences]
    principle = code.principle(clause.principle)
    return ClauseDoc(
        id=clause.id, title=clause.title, text=clause.text,
        url=absolute_url(base_url, principle.page, clause.anchor),
        applies_to=", ".join(names), question=clause.question, evidence=clause.evidence,
        supports=tuple(supports), related=tuple(related), ask_prime=clause.ask_prime)


def code_doc(code: Code, edition: dict, glossary: dict[str, str], base_url: str) -> CodeDoc:
    principles = tuple(
        PrincipleDoc(p.number, f"Principle {p.number}. {p.title}", p.statement,
                     absolute_url(base_url, p.page),
                     tuple(_clause_doc(code, c, base_url) for c in p.active_clauses))
        for p in code.principles)
    return CodeDoc(
        title=TITLE,
        edition=edition,
        edition_line="V" + edition_words(edition)[1:],
        made=date.today().isoformat(),
        statement=STATEMENT,
        licence=Link(LICENCE["name"], LICENCE["url"]),
        site=base_url,
        how_to=how_to_use(code),
        principles=principles,
        glossary=tuple(sorted(glossary.items(), key=lambda kv: kv[0].lower())),
    )

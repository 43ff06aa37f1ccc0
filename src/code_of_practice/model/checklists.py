"""Checklist items per audience, as plain data for pages and downloads alike."""

from __future__ import annotations

from dataclasses import dataclass

from code_of_practice.model.code import Clause, Code, Principle

COMPLETE = "all"
# Partners' questions about their prime contractor: a list of its own, so that the
# partners' checklist asks only about partners' own practice.
ASK_PRIME = "ask-prime"
ANSWERS = ("Yes", "No", "Partly", "Not applicable")
ASK_PRIME_INTRO = (
    "These questions are for partners to ask about their prime contractor, or about "
    "their consortium lead. Each comes from a clause for prime contractors. They are "
    "not part of the partners' checklist, which asks about partners' own practice.")


@dataclass(frozen=True)
class Checklist:
    key: str  # an audience key, "all", or "ask-prime"
    title: str
    page: str  # docs/-relative source path of the generated page
    slug: str  # file stem, used for downloads
    # Who answers it (an audience key; "" for the complete checklist) and whose
    # practice its questions are about (the same audience, except for ask-prime).
    answered_by: str = ""
    about: str = ""
    intro: str = ""  # shown above the items on the page and in every download

    def sections(self, code: Code) -> list[tuple[Principle, tuple[Clause, ...]]]:
        """(principle, clauses) pairs in code order; empty principles left out."""
        out = []
        for principle in code.principles:
            clauses = tuple(c for c in principle.active_clauses if self.includes(c))
            if clauses:
                out.append((principle, clauses))
        return out

    def includes(self, clause: Clause) -> bool:
        if not clause.active:
            return False
        if self.key == ASK_PRIME:
            return bool(clause.ask_prime)
        return self.key == COMPLETE or self.key in clause.audiences

    def question(self, clause: Clause) -> str:
        """The question of this clause's item in this checklist: the one accessor the
        pages and every download use."""
        return clause.ask_prime if self.key == ASK_PRIME else clause.question

    def items(self, code: Code) -> list[Clause]:
        return [c for _, clauses in self.sections(code) for c in clauses]


def all_checklists(code: Code) -> list[Checklist]:
    lists = [
        Checklist(key, f"Checklist for {info['name'].lower()}", info["checklist"],
                  info["checklist"].rsplit("/", 1)[-1][:-3], answered_by=key, about=key)
        for key, info in code.frameworks.audiences.items()
    ]
    if "partner" in code.frameworks.audiences and "prime" in code.frameworks.audiences:
        lists.append(Checklist(ASK_PRIME, "Questions to ask your prime",
                               "checklists/ask-your-prime.md", "ask-your-prime",
                               answered_by="partner", about="prime", intro=ASK_PRIME_INTRO))
    lists.append(Checklist(COMPLETE, "Complete checklist", "checklists/complete.md", "complete"))
    return lists


def checklist(code: Code, key: str) -> Checklist:
    for item in all_checklists(code):
        if item.key == key:
            return item
    raise KeyError(f"unknown checklist {key!r}: use one of "
                   f"{', '.join(c.key for c in all_checklists(code))}")


def checklists_for(code: Code, clause: Clause) -> list[Checklist]:
    """The checklists a clause appears in, audience lists first."""
    return [c for c in all_checklists(code) if c.includes(clause)]

"""Checklist items per audience, as plain data for pages and downloads alike."""

from __future__ import annotations

from dataclasses import dataclass

from code_of_practice.model.code import Clause, Code, Principle

COMPLETE = "all"
ANSWERS = ("Yes", "No", "Partly", "Not applicable")


@dataclass(frozen=True)
class Checklist:
    key: str  # an audience key, or "all"
    title: str
    page: str  # docs/-relative source path of the generated page
    slug: str  # file stem, used for downloads

    def sections(self, code: Code) -> list[tuple[Principle, tuple[Clause, ...]]]:
        """(principle, clauses) pairs in code order; empty principles left out."""
        out = []
        for principle in code.principles:
            clauses = tuple(c for c in principle.active_clauses if self.includes(c))
            if clauses:
                out.append((principle, clauses))
        return out

    def includes(self, clause: Clause) -> bool:
        return clause.active and (self.key == COMPLETE or self.key in clause.audiences)

    def items(self, code: Code) -> list[Clause]:
        return [c for _, clauses in self.sections(code) for c in clauses]


def all_checklists(code: Code) -> list[Checklist]:
    lists = [
        Checklist(key, f"Checklist for {info['name'].lower()}", info["checklist"],
                  info["checklist"].rsplit("/", 1)[-1][:-3])
        for key, info in code.frameworks.audiences.items()
    ]
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

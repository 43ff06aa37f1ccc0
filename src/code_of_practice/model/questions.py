"""The questions a consultation puts to respondents: the ones its record lists
(data/consultations.yml, `questions:`), then one question for each clause of
the working draft that sets a number of its own proposal (a clause's
`numbers:` entries with `basis: proposed`), so that no proposed number is left
unasked. The generated questions are neutral: they name the clause and the
number, and ask whether it is right.

One list feeds the consultation page and the response form (outputs/response_form.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from code_of_practice.model.code import Code
from code_of_practice.model.consultations import Consultation


@dataclass(frozen=True)
class AskedQuestion:
    number: int  # its place in the list, from 1
    id: str  # Q1, ... as in the record, or N-5.5 for a generated one
    text: str
    clauses: tuple[str, ...]
    numbers: tuple[str, ...] = ()  # the proposed numbers it asks about, if generated


def proposed_numbers(clause) -> tuple[str, ...]:
    """The numbers a clause sets on this code's own proposal, in its order."""
    return tuple(n.text for n in getattr(clause, "numbers", ()) or ()
                 if getattr(n, "basis", "") == "proposed")


def _quoted(texts: tuple[str, ...]) -> str:
    quoted = [f"“{t}”" for t in texts]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def number_question_text(clause_id: str, texts: tuple[str, ...]) -> str:
    asked = "Is this number right?" if len(texts) == 1 else "Are these numbers right?"
    return (f"Clause {clause_id} proposes {_quoted(texts)}. {asked} If not, what would you "
            "propose, and on what basis?")


def questions_for(consultation: Consultation, code: Code) -> list[AskedQuestion]:
    """Every question of a consultation, numbered: its own, then the proposed numbers
    of the clauses it consults on (every clause of the draft, for a version)."""
    out = [AskedQuestion(i, q.id, q.text, q.clauses)
           for i, q in enumerate(consultation.questions, start=1)]
    scope = set(consultation.clauses)
    for clause in code.active_clauses:
        if consultation.clauses and not consultation.version and clause.id not in scope:
            continue
        texts = proposed_numbers(clause)
        if texts:
            out.append(AskedQuestion(len(out) + 1, f"N-{clause.id}",
                                     number_question_text(clause.id, texts), (clause.id,),
                                     texts))
    return out

"""The response form of a consultation, for people who do not use GitHub: an
OpenDocument text (odfdo) and a Word file (python-docx), made by `cop downloads`
from the consultation's record and its questions (model/questions.py).

Each form gives the consultation, its dates and version; asks the respondent's
sector and whether a summary may be published; lists every question with
the clauses it concerns and room for an answer; and says where to send it:
the address for comments when the project has one (checked by the caller),
otherwise the GitHub comment form, with no promise of email.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from code_of_practice.model.consultations import SECTORS, Consultation
from code_of_practice.model.project import Project
from code_of_practice.model.questions import questions_for
from code_of_practice.outputs.download_text import BOX

ANSWER_LINES = 4
CONSENT = ("May we publish a summary of your response, in our own words, with your sector "
           "but never your name or your organisation's name?")
SECTOR_LABELS = {"not given": "Prefer not to say"}


@dataclass(frozen=True)
class FormQuestion:
    label: str  # "Question 3"
    about: str  # "About clause 5.5 Payment on time" or "About the code as a whole"
    text: str


@dataclass(frozen=True)
class ResponseForm:
    title: str
    intro: list[str]
    sectors: list[str]
    consent: str
    questions: list[FormQuestion]
    send: list[str]  # where to send it, one paragraph each
    version: str
    consultation_id: str


def _long(iso: str) -> str:
    import datetime

    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def response_form(project: Project, item: Consultation, base_url: str,
                  comments_email: str) -> ResponseForm:
    code = project.code
    version = item.version or project.edition["version"]
    questions = []
    for q in questions_for(item, code):
        named = [f"{c} {code.by_id[c].title}" if c in code.by_id else c for c in q.clauses]
        about = ("About clause " + "; clause ".join(named)) if named else "About the code as a whole"
        questions.append(FormQuestion(f"Question {q.number}", about, q.text))
    questions.append(FormQuestion(
        f"Question {len(questions) + 1}", "Anything else",
        "Is there anything else you want to tell us about this version of the code? "
        "Give the clause ID, such as 3.2, where you can."))
    where = base_url.rstrip("/") + "/changes/consultations/"
    intro = [f"{item.title} ({item.id}): {item.subject}.",
             f"Open from {_long(item.opens)} until the end of {_long(item.closes)}.",
             f"The consultation and the text of version {version} are at {where}"]
    if item.summary:
        intro.append(item.summary)
    if comments_email:
        send = [f"When you have filled in this form, email it to {comments_email} by the "
                f"end of {_long(item.closes)}.",
                "We log each response under a reference, never under your name or address."]
    else:
        send = ["This edition has no email address for comments at present, so responses "
                "are made on GitHub, the site that holds the code. You can use this form to "
                "prepare your answers, then copy them into the comment form linked from "
                f"{where} (a GitHub account is free).",
                f"Please respond by the end of {_long(item.closes)}."]
    return ResponseForm(
        title=f"Response form: {item.title}",
        intro=intro,
        sectors=[SECTOR_LABELS.get(s, s[:1].upper() + s[1:]) for s in SECTORS],
        consent=CONSENT,
        questions=questions,
        send=send,
        version=version,
        consultation_id=item.id,
    )


def write_form_odt(path: Path, form: ResponseForm) -> None:
    from odfdo import Document, Header, Paragraph

    document = Document("text")
    document.meta.set_title(form.title)
    document.meta.set_language("en-GB")
    body = document.body
    body.clear()
    body.append(Header(1, form.title))
    for line in form.intro:
        body.append(Paragraph(line))
    body.append(Header(2, "Where to send it"))
    for line in form.send:
        body.append(Paragraph(line))
    body.append(Header(2, "About you"))
    body.append(Paragraph("Your sector (tick one):"))
    for sector in form.sectors:
        body.append(Paragraph(f"{BOX} {sector}"))
    body.append(Paragraph(form.consent))
    body.append(Paragraph(f"{BOX} Yes    {BOX} No"))
    body.append(Header(2, "Questions"))
    for q in form.questions:
        body.append(Header(3, f"{q.label}. {q.about}"))
        body.append(Paragraph(q.text))
        body.append(Paragraph("Your answer:"))
        for _ in range(ANSWER_LINES):
            body.append(Paragraph(""))
    document.save(str(path))


def write_form_docx(path: Path, form: ResponseForm) -> None:
    from code_of_practice.outputs.word import _document

    edition = {"version": form.version, "status": f"consultation {form.consultation_id}"}
    document = _document(form.title, edition, form.title)
    document.add_heading(form.title, level=1)
    for line in form.intro:
        document.add_paragraph(line)
    document.add_heading("Where to send it", level=2)
    for line in form.send:
        document.add_paragraph(line)
    document.add_heading("About you", level=2)
    document.add_paragraph("Your sector (tick one):")
    for sector in form.sectors:
        document.add_paragraph(f"{BOX} {sector}")
    document.add_paragraph(form.consent)
    document.add_paragraph(f"{BOX} Yes    {BOX} No")
    document.add_heading("Questions", level=2)
    for q in form.questions:
        document.add_heading(f"{q.label}. {q.about}", level=3)
        document.add_paragraph(q.text)
        document.add_paragraph("Your answer:")
        table = document.add_table(rows=1, cols=1)
        table.style = "Table Grid"
        cell = table.rows[0].cells[0]
        for _ in range(ANSWER_LINES - 1):
            cell.add_paragraph("")
    document.save(str(path))

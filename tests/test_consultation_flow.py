"""A consultation from opening to report, on a copy of the project, as CONTRIBUTING.md
describes it: open, two synthetic issues imported, answered, closed, reported.
Each stage is read through the render layer in process; the last is built
once, strictly, and read as HTML. Nothing here touches the real register."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from docx import Document as WordDocument
from odfdo import Document as OdfDocument

from code_of_practice.model.project import load_project
from code_of_practice.model.questions import questions_for
from code_of_practice.model.yaml_lines import DataError
from code_of_practice.outputs.response_form import (response_form, write_form_docx,
                                                    write_form_odt)
from code_of_practice.render.consultations import consultations_page, open_notice, register_page
from code_of_practice.tasks.builds import PROJECT_PARTS
from code_of_practice.tasks.comments_import import form_labels
from code_of_practice.testing import (add_working_change, copy_project, mkdocs_build,
                                      read_html, run_cop)

D = datetime.date.today()
OPENS, CLOSES = D - datetime.timedelta(days=20), D - datetime.timedelta(days=1)
DURING = D - datetime.timedelta(days=10)
CID = f"CONS-{OPENS.year}-50"
REPO = "https://github.com/test-owner/test-repo"


def _consultation(version: str, clause: str) -> str:
    return (f"- id: {CID}\n  title: A test consultation\n  version: \"{version}\"\n"
            f"  opens: {OPENS.isoformat()}\n  closes: {CLOSES.isoformat()}\n"
            "  how_to_respond: >-\n    Open an issue with the comment form.\n"
            f"  questions:\n    - id: Q1\n      text: >-\n        Is clause {clause} clear?\n"
            f"      clauses: [\"{clause}\"]\n")


def _issue(labels: dict, number: int, created: datetime.date, clause: str, sector: str) -> dict:
    by_id = {v: k for k, v in labels.items()}
    answers = {"consultation": CID, "clause": clause, "version": "", "sector": sector,
               "comment": "Signed by a named person, @someone-handle."}
    body = "\n\n".join(f"### {by_id[f]}\n\n{answers[f] or '_No response_'}"
                       for f in ("consultation", "clause", "version", "sector", "comment"))
    return {"number": number, "title": "A comment from @someone-handle", "body": body,
            "labels": [{"name": "consultation"}], "createdAt": f"{created.isoformat()}T10:00:00Z"}


def _add_to_record(path, record_id: str, lines: str) -> None:
    """Add fields to a record of data/comments.yml, after its clauses line."""
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"(- id: {record_id}\n(?:  .*\n)*?  clauses: .*\n)")
    assert pattern.search(text), record_id
    path.write_text(pattern.sub(lambda m: m.group(1) + lines, text, count=1), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory, root):
    copy = copy_project(root, tmp_path_factory.mktemp("flow") / "project",
                        PROJECT_PARTS + (".github",))
    real = load_project(root)
    latest = real.releases[-1].version
    clauses = [c.id for c in real.code.active_clauses][:2]
    (copy / "data" / "consultations.yml").write_text(_consultation(latest, clauses[0]),
                                                     encoding="utf-8")
    (copy / "data" / "comments.yml").write_text("# Comments, for the test.\n", encoding="utf-8")
    return copy, clauses


@pytest.mark.build  # it builds the consultation's copy once (step 6)
def test_open_then_import_answer_close_report(project, tmp_path):
    copy, clauses = project
    comments = copy / "data" / "comments.yml"
    consultations = copy / "data" / "consultations.yml"

    # 1. Open: the notice with its Respond button, the questions, and a form that opens.
    model = load_project(copy)
    notice = open_notice(model.code, model.history, "changes/index.md", today=DURING,
                         repo_url=REPO)
    assert "Respond to this consultation" in notice and f"consultation={CID}" in notice
    page = consultations_page(model.code, model.history, today=DURING, repo_url=REPO)
    item = model.history.consultations[0]
    assert all(f"<strong>Question {q.number}</strong>" in page
               for q in questions_for(item, model.code))
    assert "response-form-" + CID.lower() + ".odt" in page
    form = response_form(model, item, "https://test-site.org.uk/code/", "")
    write_form_odt(tmp_path / "form.odt", form)
    write_form_docx(tmp_path / "form.docx", form)
    odt = " ".join(p.text_recursive for p in OdfDocument(str(tmp_path / "form.odt")).body
                   .get_elements("descendant::text:p|descendant::text:h"))
    docx = " ".join(p.text for p in WordDocument(str(tmp_path / "form.docx")).paragraphs)
    for text in (odt, docx):
        assert CID in text and f"Is clause {clauses[0]} clear?" in text

    # 2. Two synthetic issues imported: drafts without a name, refused until summarised.
    labels = form_labels(copy)
    issues = copy / "issues.json"
    issues.write_text(json.dumps([
        _issue(labels, 101, OPENS + datetime.timedelta(days=2), clauses[0],
               "Voluntary and community sector"),
        _issue(labels, 102, OPENS + datetime.timedelta(days=3), clauses[1], "Private sector"),
    ]), encoding="utf-8")
    result = run_cop("--root", str(copy), "comments", "import", str(issues), "--write")
    assert result.returncode == 0, result.stderr
    ids = re.findall(r"- id: (C-\d{4}-\d+)", comments.read_text(encoding="utf-8"))
    assert len(ids) == 2
    assert "someone-handle" not in comments.read_text(encoding="utf-8")
    with pytest.raises(DataError, match="missing summary"):
        load_project(copy)
    for rid in ids:
        _add_to_record(comments, rid, f"  summary: >-\n    A test summary for {rid}.\n")
    model = load_project(copy)
    register = register_page(model.code, model.history, repo_url=REPO)
    assert len(re.findall(r"^## C-\d{4}-\d+: Awaiting response", register, re.M)) == 2
    page = consultations_page(model.code, model.history, today=DURING)
    assert "2 comments have been recorded so far, 2 awaiting our response" in page

    # 3. Reporting before answering is refused, naming the comments.
    original = consultations.read_text(encoding="utf-8")
    consultations.write_text(original + f"  reported: {D.isoformat()}\n  response: >-\n"
                             "    We answered.\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_project(copy)
    assert f"but {ids[0]}, {ids[1]} in data/comments.yml have no response yet" in str(
        caught.value)
    consultations.write_text(original, encoding="utf-8")

    # 4. Answered: one leads to a change in the working version.
    _add_to_record(comments, ids[0], "  response: >-\n    We reworded a clause.\n"
                                     "  outcome: accepted\n")
    _add_to_record(comments, ids[1], "  response: >-\n    We kept the clause as it is.\n"
                                     "  outcome: not accepted\n")
    changed = add_working_change(copy)
    changes = copy / "data" / "changes.yml"
    text = changes.read_text(encoding="utf-8")
    changes.write_text(text.replace("  reason: >-\n    A test rewording.\n",
                                    f"  reason: >-\n    A test rewording.\n  consultation: "
                                    f"[\"{ids[0]}\"]\n"), encoding="utf-8")
    model = load_project(copy)
    assert [r.clauses for r in model.history.led_to(ids[0])] == [(changed,)]
    register = register_page(model.code, model.history, repo_url=REPO)
    assert "Awaiting response" not in register

    # 5. Closed on its day: no notice the day after, the state by date in the page.
    assert open_notice(model.code, model.history, "changes/index.md", today=D) == ""

    # 6. Reported, then built once and read as a reader would.
    consultations.write_text(original + f"  reported: {D.isoformat()}\n  response: >-\n"
                             "    We answered every comment and changed one clause.\n",
                             encoding="utf-8")
    site = copy.parent / "site"
    built = mkdocs_build(copy, site)
    assert built.returncode == 0, built.stderr
    page = read_html(site, "changes/consultations/")
    section = page[page.index(f'id="consultation-{CID.lower()}"'):]
    assert "Reported on" in section
    assert "We answered every comment and changed one clause." in section
    assert "Voluntary and community sector" in section and "Private sector" in section
    for rid, outcome in zip(ids, ("accepted", "not accepted")):
        assert f">{rid}</a>" in section
        assert f"Our response ({outcome})" in section
    assert "response-form-" not in section  # no form once reported on
    assert "Respond to this consultation" not in section
    version = load_project(copy).history.versions[-1].version
    anchor = f"version-{version.replace('.', '-')}-clause-{changed.replace('.', '-')}"
    assert f"changes/changelog/#{anchor}" in section
    register = read_html(site, "changes/you-said-we-did/")
    for rid in ids:
        record = register[register.index(f'id="record-{rid}"'):]
        record = record[:record.index("</section>")]
        assert "Awaiting" not in record
        assert "Not answered yet" not in record
    first = register[register.index(f'id="record-{ids[0]}"'):]
    assert f"#{anchor}" in first[:first.index("</section>")]
    assert "consultation-notice" not in read_html(site, "changes/")

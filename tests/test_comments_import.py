"""`cop comments import`: draft records from what `gh issue list --json` prints.
Run on small copies of the project, through the command itself."""

from __future__ import annotations

import datetime
import json

import pytest

from code_of_practice.model.consultations import SECTORS
from code_of_practice.model.project import load_project
from code_of_practice.model.yaml_lines import load_yaml_file
from code_of_practice.tasks.comments_import import FORM, SECTOR_OPTIONS, form_labels
from code_of_practice.testing import copy_project, run_cop

PARTS = ("mkdocs.yml", "docs", "data", "releases", ".github")
HANDLE = "octo-person-1234"
NAME = "Jane Exampleperson"


@pytest.fixture
def copy(tmp_path, root):
    return copy_project(root, tmp_path / "project", PARTS)


def body(labels: dict[str, str], **answers) -> str:
    """An issue body as GitHub writes a submitted form: a section per field, in order."""
    by_id = {v: k for k, v in labels.items()}
    out = []
    for field in ("consultation", "clause", "version", "sector", "comment"):
        value = answers.get(field) or "_No response_"
        out.append(f"### {by_id[field]}\n\n{value}")
    return "\n\n".join(out)


def issue(labels, number, created, **answers) -> dict:
    return {"number": number, "title": f"Response from {NAME} (@{HANDLE})",
            "body": body(labels, **answers), "labels": [{"name": "consultation"}],
            "createdAt": created}


def cop(project, *args, stdin=None):
    return run_cop("--root", str(project), "comments", "import", *args, stdin=stdin)


def _open_day(project) -> tuple[str, str]:
    item = load_project(project).history.consultations[0]
    day = min(datetime.date.today(), datetime.date.fromisoformat(item.closes))
    return item.id, f"{day.isoformat()}T09:30:00Z"


def test_every_sector_on_the_form_maps_to_one_in_the_register(root):
    form = load_yaml_file(root / FORM, root)
    options = next(i for i in form["body"] if i.get("id") == "sector")["attributes"]["options"]
    assert sorted(SECTOR_OPTIONS[o.lower()] for o in options) == sorted(SECTORS)


def test_drafts_hold_only_checked_values_never_a_name_or_handle(copy):
    labels = form_labels(copy)
    cid, created = _open_day(copy)
    issues = [
        issue(labels, 41, created, consultation=cid, clause="5.5, 3.2", version="1.0",
              sector="Voluntary and community sector",
              comment=f"I am {NAME} (@{HANDLE}). Thirty days is too long for us."),
        issue(labels, 42, created, sector="Prefer not to say", comment=f"Signed, {NAME}"),
    ]
    source = copy / "issues.json"
    source.write_text(json.dumps(issues), encoding="utf-8")
    printed = cop(copy, str(source))
    assert printed.returncode == 0, printed.stderr
    assert "--write" in printed.stderr
    comments = copy / "data" / "comments.yml"
    before = comments.read_text(encoding="utf-8")
    written = cop(copy, str(source), "--write")
    assert written.returncode == 0, written.stderr
    after = comments.read_text(encoding="utf-8")
    added = after[len(before.rstrip("\n")):]
    assert added.strip() == printed.stdout.strip()
    for secret in (NAME, HANDLE, "Thirty days", "Response from"):
        assert secret not in after
    records = load_yaml_file(comments, copy)
    year = created[:4]
    assert records[-2:] == [
        {"id": f"C-{year}-01", "consultation": cid, "received": datetime.date.fromisoformat(
            created[:10]), "sector": "voluntary and community sector", "issue": 41,
         "clauses": ["5.5", "3.2"]},
        {"id": f"C-{year}-02", "consultation": cid, "received": datetime.date.fromisoformat(
            created[:10]), "sector": "not given", "issue": 42, "clauses": []},
    ]
    # The summary is the maintainer's to write: until then the build refuses the records.
    with pytest.raises(Exception) as caught:
        load_project(copy)
    assert f"comment C-{year}-01: missing summary" in str(caught.value)


def test_issues_already_recorded_are_skipped_and_said_so(copy):
    labels = form_labels(copy)
    cid, created = _open_day(copy)
    with open(copy / "data" / "comments.yml", "a", encoding="utf-8") as comments:
        comments.write(f"\n- id: C-{created[:4]}-01\n  consultation: {cid}\n  received: "
                       f"{created[:10]}\n  sector: other\n  issue: 41\n  clauses: []\n"
                       "  summary: >-\n    A comment on the code.\n")
    source = copy / "issues.json"
    source.write_text(json.dumps([issue(labels, 41, created, sector="Other", comment="x"),
                                  {**issue(labels, 43, created, sector="Other", comment="y"),
                                   "labels": []}]), encoding="utf-8")
    result = cop(copy, str(source), "--write")
    assert result.returncode == 0, result.stderr
    assert "issue #41: skipped: already in data/comments.yml" in result.stderr
    assert "issue #43: skipped: it has no 'consultation' label" in result.stderr
    assert "no new comments to record" in result.stderr


@pytest.mark.parametrize("make, message", [
    (lambda good: "not json", "the input is not JSON"),
    (lambda good: json.dumps({"number": 1}), "must be a JSON list of issues"),
    (lambda good: json.dumps([{**good, "number": "1; rm -rf /"}]), "an issue has number"),
    (lambda good: json.dumps([{**good, "author": {"login": HANDLE}}]),
     "unexpected field(s) author"),
    (lambda good: json.dumps([good, good]), "appears twice in the input"),
    (lambda good: json.dumps([{**good, "createdAt": "yesterday"}]), "createdAt 'yesterday'"),
    (lambda good: json.dumps([{**good, "body": good["body"].replace("Private sector",
                                                                     "Acme Ltd")}]),
     "the sector 'acme ltd' is not one of the form's options"),
    (lambda good: json.dumps([{**good, "body": good["body"].replace("5.5", "99.9")}]),
     "the Clause field has '99.9', which is not a clause"),
    (lambda good: json.dumps([{**good, "body": good["body"].replace(
        "CONS-", "CONS-X")}]), "the Consultation field has"),
    (lambda good: json.dumps([{**good, "body": "Hello"}]), "has no \"Your sector\" section"),
])
def test_bad_or_hostile_input_is_refused_and_nothing_written(copy, make, message):
    labels = form_labels(copy)
    cid, created = _open_day(copy)
    good = issue(labels, 50, created, consultation=cid, clause="5.5", sector="Private sector",
                 comment="A comment.")
    ok = issue(labels, 51, created, sector="Other", comment="Fine.")
    data = make(good)
    if data.startswith("["):
        data = json.dumps([ok] + json.loads(data))  # a good issue first: still nothing written
    source = copy / "issues.json"
    source.write_text(data, encoding="utf-8")
    comments = copy / "data" / "comments.yml"
    before = comments.read_bytes()
    result = cop(copy, str(source), "--write")
    assert result.returncode == 1
    assert message in result.stderr
    assert "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert comments.read_bytes() == before


def test_reads_standard_input(copy):
    labels = form_labels(copy)
    _, created = _open_day(copy)
    result = cop(copy, "-", stdin=json.dumps([issue(labels, 60, created, sector="Public sector",
                                                    comment="z")]))
    assert result.returncode == 0, result.stderr
    assert "  issue: 60\n" in result.stdout and "  sector: public sector\n" in result.stdout

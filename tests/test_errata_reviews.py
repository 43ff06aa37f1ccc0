"""The errata register (data/errata.yml) and the editorial review record
(data/reviews.yml): malformed records fail with file and line; a released
version's pages, JSON and documents carry its errata; a working draft's do
not; the site shows both registers."""

from __future__ import annotations

import datetime
import json
import re
import subprocess

import pytest

from code_of_practice.model.errata import ERRATA_FILE, load_errata
from code_of_practice.model.project import load_project
from code_of_practice.model.reviews import REVIEWS_FILE, load_reviews
from code_of_practice.model.yaml_lines import DataError
from code_of_practice.outputs.errata import errata_lines
from code_of_practice.outputs.exports import changelog_export, code_export
from code_of_practice.render.errata import erratum_pages, errata_page, theme_notices
from code_of_practice.render.reviews import reviews_page
from code_of_practice.testing import add_working_change, read_html, run_cop

TODAY = datetime.date.today().isoformat()


def erratum(version: str, eid: str = "E-2026-90", **fields) -> str:
    record = {"id": eid, "version": f'"{version}"', "found": TODAY,
              "where": "[background/payment-law.md]", "error": ">-\n    It said this.",
              "correction": ">-\n    The correct statement.",
              "source": ">-\n    A public source, https://www.legislation.gov.uk/ukpga/2023/54"}
    record.update(fields)
    lines = [f"- id: {record.pop('id')}"] + [f"  {k}: {v}" for k, v in record.items()
                                             if v is not None]
    return "\n".join(lines) + "\n"


def latest(project):
    return load_project(project).releases[-1]


# -- the errata model ---------------------------------------------------------------------

def test_a_malformed_erratum_names_file_line_and_fix(project_copy):
    releases = load_project(project_copy).releases
    good = erratum(releases[-1].version)
    bad = erratum("9.9", "E-26-1", found="2999-01-01", where="[../secret.md]",
                  source=">-\n    A source without an address.")
    (project_copy / ERRATA_FILE).write_text(good + "\n" + bad, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_errata(project_copy, releases)
    message = str(caught.value)
    line = good.count("\n") + 2
    where = f"{ERRATA_FILE}, line {line}, erratum E-26-1"
    assert f"{where}: the ID must look like E-2026-01" in message
    assert f"{where}: version '9.9' is not a released version" in message
    assert f"{where}: found 2999-01-01, which is in the future." in message
    assert f"{where}: where has '../secret.md', which is not the path of a page" in message
    assert f"{where}: source must give the full title and an https:// address" in message
    assert "Traceback" not in message


def test_an_erratum_id_is_never_used_twice_and_needs_a_place(project_copy):
    releases = load_project(project_copy).releases
    version = releases[-1].version
    text = erratum(version) + erratum(version, where=None)
    (project_copy / ERRATA_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_errata(project_copy, releases)
    assert "erratum E-2026-90: the ID E-2026-90 is used twice" in str(caught.value)
    assert "say where the error is" in str(caught.value)


def test_an_erratum_for_the_built_version_names_pages_that_exist(project_copy):
    releases = load_project(project_copy).releases
    version = releases[-1].version
    text = erratum(version, where="[background/no-such-page.md]")
    (project_copy / ERRATA_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_errata(project_copy, releases, built_version=version)
    assert ("where names docs/background/no-such-page.md, which does not exist"
            in str(caught.value))
    # Another version's tree is not checked: the page may have gone since.
    assert load_errata(project_copy, releases, built_version="99.0")


def test_the_real_errata_are_for_released_versions(root):
    project = load_project(root)
    released = {r.version for r in project.releases}
    assert project.errata, "the errors of fact found in a release are recorded"
    for item in project.errata:
        assert item.version in released and "https://" in item.source


# -- the review model ---------------------------------------------------------------------

REVIEW = """- id: REV-2026-01
  title: A review
  date: 2026-12-03
  version: "{version}"
  summary: >-
    What it looked at.
  findings:
    - id: F-01
      topic: facts
      found: >-
        Something wrong.
      outcome: fixed
      response: >-
        Put right.
"""


def test_findings_from_several_lists_merge_into_one_review(project_copy):
    project = load_project(project_copy)
    versions = [v.version for v in project.history.versions]
    text = (REVIEW.format(version=versions[-1]) + "\n# Clause findings\n"
            + "- id: REV-2026-01\n  findings:\n    - id: F-40\n      topic: logic\n"
            "      found: >-\n        A clause finding.\n      outcome: answered\n"
            "      response: >-\n        Why not.\n      clauses: [\"5.7\"]\n")
    (project_copy / REVIEWS_FILE).write_text(text, encoding="utf-8")
    (review,) = load_reviews(project_copy, {"5.7"}, versions)
    assert [f.id for f in review.findings] == ["F-01", "F-40"]
    assert review.findings[1].clauses == ("5.7",)


def test_a_malformed_finding_names_file_and_line(project_copy):
    project = load_project(project_copy)
    versions = [v.version for v in project.history.versions]
    text = (REVIEW.format(version=versions[-1])
            + "- id: REV-2026-01\n  findings:\n    - id: F-01\n      topic: gossip\n"
            "      found: >-\n        Again.\n      outcome: ignored\n")
    (project_copy / REVIEWS_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_reviews(project_copy, set(), versions)
    message = str(caught.value)
    line = REVIEW.count("\n") + 3
    where = f"{REVIEWS_FILE}, line {line}, finding F-01"
    assert f"{where}: missing response." in message
    assert f"{where}: unknown topic 'gossip'" in message
    assert f"{where}: unknown outcome 'ignored'. Use fixed" in message
    assert f"{where}: the ID is used twice in REV-2026-01 (first on line 8)" in message


def test_the_real_review_record_is_complete(root):
    project = load_project(root)
    review = next(r for r in project.reviews if r.id == "REV-2026-01")
    assert review.date == "2026-12-03"
    ids = [f.id for f in review.findings]
    assert len(ids) == len(set(ids))
    assert all(f.response and f.outcome in ("fixed", "answered") for f in review.findings)


# -- a released version carries its errata; a working draft does not ----------------------

def git(project, *args):
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                    *args], cwd=project, check=True, capture_output=True)


@pytest.fixture
def released_copy(project_copy):
    """The copy in a released state: its working changes released if it had any
    (as the release command does, in a git repository of its own)."""
    project = load_project(project_copy)
    if not project.edition["released"]:
        git(project_copy, "init", "-q", "-b", "main")
        git(project_copy, "add", "-A")
        git(project_copy, "commit", "-qm", "copy")
        made = run_cop("--root", str(project_copy), "release", "--version",
                       project.edition["version"], "--status", "published",
                       "--date", TODAY, "--summary", "A test release.")
        assert made.returncode == 0, made.stderr
    return project_copy


def test_a_released_version_shows_and_exports_its_errata(released_copy):
    version = latest(released_copy).version
    with open(released_copy / ERRATA_FILE, "a", encoding="utf-8") as handle:
        handle.write("\n" + erratum(version, clauses='["1.1"]'))
    project = load_project(released_copy)
    assert project.edition["released"] and project.edition["version"] == version
    mine = [e for e in project.errata if e.version == version]
    notices = theme_notices(project.code, list(project.errata), project.edition)
    assert notices["version"] == version and notices["count"] == len(mine)
    risk_page = project.code.principle(1).page
    assert "E-2026-90" in [n["id"] for n in notices["pages"]["background/payment-law.md"]]
    assert "E-2026-90" in [n["id"] for n in notices["pages"][risk_page]]
    exported = code_export(project.code, project.edition, "https://example.org/",
                           project.errata)
    assert "E-2026-90" in [e["id"] for e in exported["errata"]]
    assert "E-2026-90" in [e["id"] for e in changelog_export(project)["errata"]]
    lines = errata_lines(project)
    assert any(line.startswith("E-2026-90 (clause 1.1") and "The correct statement." in line
               for line in lines)
    # A page is named to readers by its title, never by its path in the repository.
    assert not any("payment-law.md" in line for line in lines)


def test_a_working_draft_shows_no_errata_notice(released_copy):
    version = latest(released_copy).version
    with open(released_copy / ERRATA_FILE, "a", encoding="utf-8") as handle:
        handle.write("\n" + erratum(version))
    add_working_change(released_copy)
    project = load_project(released_copy)
    assert not project.edition["released"]
    assert theme_notices(project.code, list(project.errata), project.edition) is None
    assert errata_lines(project) == ()
    exported = code_export(project.code, project.edition, "https://example.org/",
                           project.errata)
    assert exported["errata"] == []
    # The register itself is still published, with every erratum.
    assert "E-2026-90" in errata_page(project.code, list(project.errata), project.edition)


def test_errata_and_findings_are_escaped(root):
    project = load_project(root)
    item = project.errata[0]
    from dataclasses import replace
    hostile = replace(item, error="<script>alert(1)</script>", source="x https://a.example/<b>")
    page = errata_page(project.code, [hostile], project.edition)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>" not in page
    review = project.reviews[0]
    finding = replace(review.findings[0], found="<img src=x>")
    page = reviews_page(project.code, [replace(review, findings=(finding,))])
    assert "<img" not in page and "&lt;img src=x&gt;" in page
    assert erratum_pages(project.code, item)


# -- the built site -------------------------------------------------------------------------

def test_the_site_shows_the_errata_and_the_review(site, root):
    project = load_project(root)
    errata = read_html(site, "changes/errata/")
    for item in project.errata:
        assert f'id="erratum-{item.id.lower()}"' in errata
    reviews = read_html(site, "changes/reviews/")
    for review in project.reviews:
        assert f'id="{review.id.lower()}"' in reviews
        for finding in review.findings:
            assert f'id="{review.id.lower()}-{finding.id.lower()}"' in reviews
    # No page of the registers names a file of the repository.
    for page in (errata, reviews):
        assert not re.search(r">[\w/-]+\.md<", page)
    # A released version with errata shows the notice on every page; a working
    # draft on none (its text is corrected instead).
    home = read_html(site, "")
    mine = [e for e in project.errata if e.version == project.edition["version"]]
    if project.edition["released"] and mine:
        assert "errata-notice" in home
        for item in mine:
            for page in item.where:
                url = "" if page == "index.md" else page.removesuffix(".md").removesuffix(
                    "/index") + "/"
                assert f"#erratum-{item.id.lower()}" in read_html(site, url), (item.id, page)
    else:
        assert "errata-notice" not in home
    data = json.loads((site / "data/code.json").read_text(encoding="utf-8")) \
        if (site / "data/code.json").exists() else None
    if data is not None:
        assert isinstance(data["errata"], list)


# -- republishing a released version with the errata found since ---------------------------

def test_errata_build_keeps_the_release_text_and_adds_main_s_errata(released_copy, tmp_path):
    from code_of_practice.tasks.errata_build import (ErrataBuildError, errata_build,
                                                     versions_with_errata)

    root = released_copy
    if not (root / ".git").exists():
        git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "release", "--allow-empty")
    version = latest(root).version
    git(root, "tag", f"v{version}")
    # After the release, main corrects a page and records the erratum.
    page = root / "docs/background/payment-law.md"
    released_text = page.read_text(encoding="utf-8")
    page.write_text(released_text.replace("# ", "# Corrected: ", 1), encoding="utf-8")
    with open(root / ERRATA_FILE, "a", encoding="utf-8") as handle:
        handle.write("\n" + erratum(version))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "erratum")

    assert version in versions_with_errata(root)
    out = errata_build(root, f"v{version}", tmp_path / "out")
    assert (out / "docs/background/payment-law.md").read_text(encoding="utf-8") == released_text
    project = load_project(out)
    assert project.edition == {**project.edition, "version": version, "released": True}
    assert "E-2026-90" in [e.id for e in project.errata]
    assert theme_notices(project.code, list(project.errata), project.edition)["count"] >= 1
    with pytest.raises(ErrataBuildError, match="not of the form vX.Y"):
        errata_build(root, "1.0", tmp_path / "bad")
    with pytest.raises(ErrataBuildError, match="git could not read its content"):
        errata_build(root, "v99.0", tmp_path / "bad")


def test_the_documents_carry_the_errata(root, tmp_path):
    from dataclasses import replace

    import docx

    from code_of_practice.model.checklists import all_checklists
    from code_of_practice.outputs.download_text import checklist_doc, code_doc
    from code_of_practice.outputs.errata import HEADING
    from code_of_practice.outputs.pdfs import checklist_html, code_html
    from code_of_practice.outputs.word import write_checklist_docx, write_code_docx

    project = load_project(root)
    line = "E-2026-99 (clause 1.1). It said: <this>. Correction: that."
    whole = replace(code_doc(project.code, project.edition, project.glossary,
                             "https://example.org/"), errata=(line,))
    chosen = all_checklists(project.code)[0]
    checklist = replace(checklist_doc(project.code, chosen, project.edition,
                                      "https://example.org/"), errata=(line,))
    for page in (code_html(whole), checklist_html(checklist)):
        assert HEADING in page and "It said: &lt;this&gt;" in page
    write_code_docx(tmp_path / "code.docx", whole)
    write_checklist_docx(tmp_path / "list.docx", checklist)
    for name in ("code.docx", "list.docx"):
        texts = [p.text for p in docx.Document(str(tmp_path / name)).paragraphs]
        assert HEADING in texts and line in texts
    # Without errata, no errata section.
    assert HEADING not in code_html(replace(whole, errata=()))

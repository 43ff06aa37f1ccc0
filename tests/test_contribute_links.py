"""The "Suggest a change" and "Comment on this clause" links under each clause."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from code_of_practice.model.code import load_code
from code_of_practice.model.project import load_project
from code_of_practice.render.contribute import (
    COMMENT_LABEL,
    SUGGEST_LABEL,
    clause_contribute_links,
    comment_url,
    contribute_links,
    suggest_change_url,
)

from code_of_practice.testing import ROOT

# The working version, read from the project (tests never name it).
VERSION = load_project(ROOT).edition["version"]
TEMPLATES = ROOT / ".github" / "ISSUE_TEMPLATE"
REPO = "https://github.com/owner/repo"
SOURCE = "docs/code/3-capacity-building.md"


def _query(url: str) -> dict:
    parts = urlsplit(url)
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert all(len(v) == 1 for v in query.values()), query
    return {k: v[0] for k, v in query.items()}


def _form(name: str) -> dict:
    return yaml.safe_load((TEMPLATES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("repo_url", [REPO, REPO + "/", " " + REPO + "/ "])
def test_edit_url_opens_the_principle_page_on_main(repo_url):
    links = contribute_links(repo_url, "3.2", "Share skills", SOURCE, VERSION)
    assert links[0] == {"label": "Suggest a change to clause 3.2",
                        "href": f"{REPO}/edit/main/docs/code/3-capacity-building.md"}
    assert suggest_change_url(repo_url, "./" + SOURCE) == links[0]["href"]


@pytest.mark.parametrize("repo_url", [REPO, REPO + "/"])
def test_comment_url_fills_in_title_clause_and_version(repo_url):
    title = "Pay on time & share the risk: 50% + more? #1 – “quoted”"
    links = contribute_links(repo_url, "3.2", title, SOURCE, VERSION)
    assert [link["label"] for link in links] == [SUGGEST_LABEL.format(id="3.2"),
                                                 COMMENT_LABEL.format(id="3.2")]
    assert links[1]["label"] == "Comment on clause 3.2"
    href = links[1]["href"]
    assert href == comment_url(repo_url, "3.2", title, VERSION)
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPO}/issues/new"
    assert not parts.fragment, "a # in the title must be quoted"
    assert " " not in href
    assert _query(href) == {
        "template": "comment-on-the-code.yml",
        "title": f"Clause 3.2: {title}",
        "clause": "3.2",
        "version": VERSION,
    }


def test_no_repo_url_means_no_links():
    assert contribute_links("", "3.2", "Share skills", SOURCE, VERSION) == []
    assert contribute_links(None, "3.2", "Share skills", SOURCE, VERSION) == []
    assert suggest_change_url("", SOURCE) == ""
    assert comment_url("", "3.2", "Share skills", VERSION) == ""


def test_issue_template_exists_and_has_the_fields_the_url_fills():
    href = comment_url(REPO, "3.2", "Share skills", VERSION)
    query = _query(href)
    template = TEMPLATES / query["template"]
    assert template.is_file(), f"{template} is missing"
    form = _form(query["template"])
    ids = {item["id"] for item in form["body"] if "id" in item}
    prefilled = set(query) - {"template", "title"}
    assert prefilled, "the URL should fill in at least the clause"
    assert prefilled <= ids, f"the URL fills {prefilled - ids}, which the form lacks"


def test_comment_form_matches_the_consultation_register():
    form = _form("comment-on-the-code.yml")
    assert "consultation" in form["labels"]
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    # Exactly what a record in data/comments.yml needs (the issue gives its number
    # and date; the maintainer writes the summary): `cop comments import` reads these.
    assert set(fields) == {"consultation", "clause", "version", "sector", "comment"}
    assert fields["consultation"]["type"] == "input"
    assert fields["clause"]["type"] == "input"
    assert fields["version"]["type"] == "input"
    assert fields["sector"]["type"] == "dropdown"
    assert [o.lower() for o in fields["sector"]["attributes"]["options"]] == [
        "voluntary and community sector",
        "private sector",
        "public sector",
        "other",
        "prefer not to say",
    ]
    assert fields["comment"]["type"] == "textarea"
    assert fields["comment"]["validations"]["required"] is True
    notes = " ".join(item["attributes"]["value"] for item in form["body"]
                     if item["type"] == "markdown")
    assert "name" in notes and "sector" in notes and "email" in notes
    for item in form["body"]:
        assert item["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def test_other_issue_forms_are_well_formed():
    config = _form("config.yml")
    assert config["blank_issues_enabled"] is False
    form = _form("problem-with-the-site.yml")
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert len(ids) == len(set(ids))
    assert {"page", "what-happened", "expected", "browser"} <= set(ids)
    for name in ("comment-on-the-code.yml", "problem-with-the-site.yml"):
        data = _form(name)
        assert data["name"] and data["description"] and data["body"]


def test_every_real_clause_links_to_its_own_file():
    code = load_code(ROOT)
    for clause in code.clauses:
        links = clause_contribute_links(REPO, clause, VERSION)
        assert (ROOT / clause.source).is_file()
        assert links[0]["href"] == f"{REPO}/edit/main/{clause.source}"
        query = _query(links[1]["href"])
        assert query["clause"] == clause.id
        assert query["title"] == f"Clause {clause.id}: {clause.title}"

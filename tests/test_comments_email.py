"""The address for comments by email comes from the COMMENTS_EMAIL variable
(the publish workflow sets it from a repository variable). Unset, the pages
offer GitHub issues and show no address; no page ever shows a reserved
example address, and one set by mistake stops the build."""

from __future__ import annotations

import re

import pytest
import yaml

from code_of_practice.render.contribute import comments_address
from code_of_practice.model.yaml_lines import DataError
from code_of_practice.testing import ROOT, mkdocs_build, read_html

# Any address at a reserved example domain (RFC 2606), in text or a link.
EXAMPLE_ADDRESS = re.compile(r"[\w.+-]+@(?:[\w-]+\.)*example(?:\.(?:com|net|org))?\b", re.I)
PAGES = ("changes/how-to-comment/", "privacy/", "accessibility/", "contribute/")
ADDRESS = "comments@living-code-of-practice.org.uk"  # a test build's address, never published



def test_no_built_page_shows_an_example_address(site):
    shown = {}
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        found = set(EXAMPLE_ADDRESS.findall(html))
        if found:
            shown[path.relative_to(site).as_posix()] = found
    assert not shown, shown


def test_without_an_address_the_pages_offer_github_and_no_email(site):
    for page in PAGES:
        html = read_html(site, page)
        assert "mailto:" not in html, page
    how = read_html(site, "changes/how-to-comment/")
    assert "This edition has no email address for comments at present" in how
    assert "comment by email" not in how
    assert 'href="../contribute/">open an issue</a>' in read_html(site, "privacy/")


def test_the_publish_workflow_sets_the_address_from_a_repository_variable():
    workflow = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    assert workflow["jobs"]["publish"]["env"]["COMMENTS_EMAIL"] == "${{ vars.COMMENTS_EMAIL }}"
    assert "!ENV [COMMENTS_EMAIL, \"\"]" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


@pytest.mark.build
def test_with_an_address_the_pages_show_it(project_copy, tmp_path):
    result = mkdocs_build(project_copy, tmp_path / "out", env={"COMMENTS_EMAIL": ADDRESS})
    assert result.returncode == 0, result.stderr
    for page in PAGES[:3]:
        assert f'<a href="mailto:{ADDRESS}">{ADDRESS}</a>' in read_html(tmp_path / "out", page)
    assert "no email address for comments" not in read_html(tmp_path / "out", PAGES[0])


@pytest.mark.parametrize("address", ["comments@example.org", "me@mail.example.com",
                                     "x@site.test"])
def test_an_example_address_stops_the_build(address):
    """define_env stops the build on the address mkdocs.yml reads from COMMENTS_EMAIL
    (the real build above shows the variable reaches extra.comments_email)."""
    from code_of_practice.engine_adapter import BuildStopped, define_env
    from code_of_practice.testing import FakeMacrosEnv

    with pytest.raises(BuildStopped) as stopped:
        define_env(FakeMacrosEnv(ROOT, extra={"comments_email": address}))
    assert (f"extra.comments_email in mkdocs.yml (from the COMMENTS_EMAIL variable) is "
            f"{address!r}, a reserved example address that reaches nobody.") in str(stopped.value)


@pytest.mark.parametrize("value, expected", [
    ("", ""), ("  ", ""), (None, ""), (f" {ADDRESS} ", ADDRESS),
])
def test_comments_address_accepts_a_real_address_or_nothing(value, expected):
    assert comments_address(value) == expected


@pytest.mark.parametrize("value", ["comments", "a@b", "a b@c.uk", "<a@b.uk>", "a@b.uk?x"])
def test_comments_address_refuses_what_is_not_an_address(value):
    with pytest.raises(DataError, match="which is not an email address"):
        comments_address(value)

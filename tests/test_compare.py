"""Compare versions: static redlines without JavaScript, any pair with it."""

from __future__ import annotations

import pytest

from code_of_practice.model.diff import diff_contents
from code_of_practice.model.project import load_project
from code_of_practice.render.history import _content
from code_of_practice.testing import read_html, serve

# The real code may have one version only: these tests use a copy with a
# working version after the latest release (conftest's two_versions).


@pytest.fixture(scope="module")
def history(two_versions):
    return load_project(two_versions[0]).history


def test_one_version_says_there_is_nothing_to_compare(site, root):
    html = read_html(site, "changes/compare/")
    if len(load_project(root).history.versions) == 1:
        assert "There is only one version of the code so far" in html
    else:
        assert '<script type="application/json" id="compare-data">' in html


def test_static_page_compares_each_version_with_the_one_before_and_the_newest(two_versions,
                                                                              history):
    html = read_html(two_versions[1], "changes/compare/")
    versions = [v.version.replace(".", "-") for v in history.versions]
    for old, new in zip(versions, versions[1:]):
        assert f'id="compare-{old}-{new}"' in html
    for old in versions[:-2]:
        assert f'id="compare-{old}-{versions[-1]}"' in html
    assert '<script type="application/json" id="compare-data">' in html


@pytest.mark.browser
def test_any_two_versions_in_the_browser(browser, two_versions, history):
    first, last = history.versions[0], history.versions[-1]
    expected = len(diff_contents(_content(history, first), _content(history, last)))
    page = browser.new_page()
    with serve(two_versions[1]) as served_site:
        page.goto(served_site + "changes/compare/")
        _compare(page, first, last, expected)
    page.close()


def _compare(page, first, last, expected):
    form = page.locator("form.compare-tool")
    assert form.is_visible()
    form.locator("select[name=from]").select_option(first.version)
    form.locator("select[name=to]").select_option(last.version)
    summary = form.locator(".compare-tool__summary").inner_text()
    word = "clause differs" if expected == 1 else "clauses differ"
    assert summary == (f"{expected} {word} between version {first.version} and "
                       f"version {last.version}.")
    assert form.locator(".change").count() == expected
    assert form.locator("ins.redline-ins").count() > 0
    assert form.locator("del.redline-del").count() > 0
    form.locator("select[name=to]").select_option(first.version)
    assert form.locator(".compare-tool__summary").inner_text() == (
        "No clause differs between these versions.")

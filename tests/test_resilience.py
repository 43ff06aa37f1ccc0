"""Resilience: the site works without JavaScript, has a helpful 404 page, and
old clause links keep working because clause anchors are permanent."""

from __future__ import annotations

import json

import pytest
from code_of_practice.model.checklists import all_checklists
from code_of_practice.model.code import load_code

from code_of_practice.testing import read_html


@pytest.fixture(scope="module")
def code(root):
    return load_code(root)


@pytest.fixture(scope="module")
def no_js_page(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    def goto(path: str):
        response = page.goto(served_site + path, wait_until="load")
        assert response and response.ok, (path, response and response.status)
        return page

    try:
        yield goto
    finally:
        context.close()


def _page_url(source: str) -> str:
    """docs/-relative source path to URL path: code/1-risk.md -> code/1-risk/."""
    return source[:-3] + "/"


@pytest.mark.browser
def test_home_page_without_javascript(no_js_page):
    page = no_js_page("")
    heading = page.locator("article h1")
    assert heading.count() == 1
    assert heading.is_visible()
    assert heading.inner_text().strip()


@pytest.mark.browser
def test_principle_pages_show_every_clause_without_javascript(no_js_page, code):
    for principle in code.principles:
        page = no_js_page(_page_url(principle.page))
        headings = page.locator("article h3[id^='clause-']")
        ids = headings.evaluate_all("els => els.map(e => e.id)")
        assert ids == [c.anchor for c in principle.clauses], principle.page
        for i in range(headings.count()):
            assert headings.nth(i).is_visible(), (principle.page, ids[i])


@pytest.mark.browser
def test_checklists_are_complete_forms_without_javascript(no_js_page, code):
    checklists = all_checklists(code)
    # One per audience, the partners' questions to ask their prime, and the complete one.
    assert len(checklists) == len(code.frameworks.audiences) + 2
    for checklist in checklists:
        page = no_js_page(_page_url(checklist.page))
        # Scripts really are off: checklist.js never enhanced the form.
        assert page.locator(".checklist-progress[data-enhanced]").count() == 0
        fieldsets = page.locator("article fieldset.checklist-item")
        clauses = fieldsets.evaluate_all("els => els.map(e => e.dataset.clause)")
        assert clauses == [c.id for c in checklist.items(code)], checklist.page
        for i in range(fieldsets.count()):
            item = fieldsets.nth(i)
            assert item.is_visible(), (checklist.page, clauses[i])
            radios = item.locator("input[type=radio]")
            assert radios.count() == 4, (checklist.page, clauses[i])
            assert radios.first.is_visible() and radios.first.is_enabled()
            assert item.locator("textarea").is_visible()
        # The form can still be filled in: choose an answer by clicking its label.
        page.locator("fieldset.checklist-item label", has_text="Partly").first.click()
        assert fieldsets.first.locator("input[value=partly]").is_checked()


def test_404_page_helps_the_reader(site):
    html = (site / "404.html").read_text(encoding="utf-8")
    # The 404 page is served at any depth, so its links must be absolute.
    for href in ('href="/."', 'href="/code/"', 'href="/checklists/"',
                 'href="/changes/changelog/"'):
        assert href in html, href
    assert "Page not found" in html
    assert "search box" in html
    assert "#clause-3.2" in html  # how clause links are made, for old links
    assert 'id="old-clause-links"' in html


@pytest.mark.browser
def test_404_page_is_served_for_a_missing_page(browser, served_site):
    page = browser.new_page()
    try:
        response = page.goto(served_site + "code/9-no-such-principle/", wait_until="load")
        assert response.status == 404
        assert page.locator("article h1").inner_text() == "Page not found"
        # Its links work from any depth.
        page.locator("article a", has_text="The code").first.click()
        page.wait_for_load_state("load")
        assert page.url == served_site + "code/"
    finally:
        page.close()


def test_every_released_clause_id_still_has_its_anchor(site, root, code):
    """A clause's anchor (clause-X.Y) is permanent: every ID that any release has
    ever had is still an element id on a code page, withdrawn clauses included."""
    built = {p.page: read_html(site, _page_url(p.page)) for p in code.principles}
    releases = sorted((root / "releases").glob("*.json"))
    assert releases
    missing = []
    for release in releases:
        content = json.loads(release.read_text(encoding="utf-8"))["content"]
        for clause in content["clauses"]:
            anchor = f'id="clause-{clause["id"]}"'
            if not any(anchor in html for html in built.values()):
                missing.append(f"{release.name}: clause {clause['id']}")
    assert not missing, "released clauses without an anchor on the site:\n" + "\n".join(missing)

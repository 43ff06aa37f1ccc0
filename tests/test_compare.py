"""Compare versions: static redlines without JavaScript, any pair with it,
each comparison once, at an address of its own, without layout shift."""

from __future__ import annotations

import re

import pytest

from code_of_practice.model.diff import diff_contents
from code_of_practice.model.project import load_project
from code_of_practice.render.history import _content, compare_anchor, compare_pairs
from code_of_practice.testing import read_html


@pytest.fixture(scope="module")
def history(root):
    return load_project(root).history


def test_static_page_compares_each_version_with_the_one_before_and_the_newest(site, history):
    html = read_html(site, "changes/compare/")
    versions = [v.version.replace(".", "-") for v in history.versions]
    for old, new in zip(versions, versions[1:]):
        assert f'id="compare-{old}-{new}"' in html
    for old in versions[:-2]:
        assert f'id="compare-{old}-{versions[-1]}"' in html
    assert '<script type="application/json" id="compare-data">' in html


def test_each_comparison_once_and_a_jump_list_of_links(site, history):
    html = read_html(site, "changes/compare/")
    pairs = compare_pairs(history.versions)
    nav = re.search(r'<nav class="compare-jump".*?</nav>', html, re.S).group(0)
    links = re.findall(r'<li><a href="#([^"]+)">', nav)
    assert links == [compare_anchor(old.version, new.version) for old, new in pairs]
    for anchor in links:
        assert html.count(f'id="{anchor}"') == 1
    # No Markdown list glued onto a paragraph as literal text.
    assert "- [Version" not in html and "<p>- " not in html
    # Nothing on the page waits for a script to be shown.
    assert 'class="compare-tool" hidden' not in html and "compare-tool\" hidden" not in html


def test_changes_to_links_alone_are_one_line_per_comparison(site, history):
    html = read_html(site, "changes/compare/")
    for old, new in compare_pairs(history.versions):
        anchor = compare_anchor(old.version, new.version)
        section = html[html.index(f'<section class="compare-pair" id="{anchor}"'):]
        section = section[:section.index("</section>")]
        changes = diff_contents(_content(history, old), _content(history, new))
        grouped = [c for c in changes if c.links_only]
        assert section.count('class="change change--links"') == (1 if grouped else 0)
        assert section.count('<div class="change">') == len(changes) - len(grouped)
        for change in grouped:
            assert f'id="{anchor}-clause-{change.id.replace(".", "-")}"' in section


CLS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 500);
})"""


@pytest.mark.browser
def test_compare_page_does_not_shift_on_a_phone(browser, served_site):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(served_site + "changes/compare/", wait_until="load")
    shift = page.evaluate(CLS)
    page.close()
    assert shift < 0.1


@pytest.mark.browser
def test_any_two_versions_in_the_browser_at_an_address_of_their_own(browser, served_site,
                                                                    history):
    first, last = history.versions[0], history.versions[-1]
    expected = len(diff_contents(_content(history, last), _content(history, first)))
    page = browser.new_page()
    page.goto(served_site + "changes/compare/")
    form = page.locator("form.compare-tool")
    assert form.locator("select[name=from]").is_visible()

    # Newest against oldest is never one of the static pairs: it is drawn.
    form.locator("select[name=from]").select_option(last.version)
    form.locator("select[name=to]").select_option(first.version)
    form.get_by_role("button", name="Compare").click()
    anchor = compare_anchor(last.version, first.version)
    drawn = page.locator(f"#compare-result section#{anchor}")
    assert drawn.count() == 1
    assert page.evaluate("location.hash") == f"#{anchor}"
    summary = drawn.locator(".compare-pair__summary").inner_text()
    word = "clause differs" if expected == 1 else "clauses differ"
    assert summary.startswith(f"{expected} {word} between version {last.version} and "
                              f"version {first.version}.")
    assert drawn.locator("ins.redline-ins, del.redline-del").count() > 0

    # The address brings the same comparison back, for someone given the link.
    link = page.url
    other = browser.new_page()
    other.goto(link)
    assert other.locator(f"#compare-result section#{anchor}").count() == 1
    assert other.locator("select[name=from]").input_value() == last.version
    other.close()

    # A pair the page already shows is jumped to, not drawn a second time.
    old, new = compare_pairs(history.versions)[0]
    form.locator("select[name=from]").select_option(old.version)
    form.locator("select[name=to]").select_option(new.version)
    form.get_by_role("button", name="Compare").click()
    static = compare_anchor(old.version, new.version)
    assert page.evaluate("location.hash") == f"#{static}"
    assert page.locator(f'[id="{static}"]').count() == 1
    assert page.locator("#compare-result .compare-pair").count() == 0

    # Wording only: changes to links alone disappear, and the address says so.
    form.get_by_label("Wording only").check()
    assert "view=wording" in page.url
    for element in page.locator(".change--links, .redline--links").all():
        assert not element.is_visible()
    page.reload()
    assert form.get_by_label("Wording only").is_checked()
    page.close()

"""Compare versions: static redlines without JavaScript, any pair with it,
each comparison once, at an address of its own, without layout shift; and
changes to links alone grouped into one line, here and on the changelog.

The real code may have one version only: these tests use a copy with a
working version after the latest release, in which one clause is reworded
and several clauses gain a link and nothing else."""

from __future__ import annotations

import re

import pytest

from code_of_practice.model.diff import diff_contents
from code_of_practice.model.project import load_project
from code_of_practice.model.urls import compare_anchor
from code_of_practice.render.history import _content, changelog, compare_pairs
from code_of_practice.testing import read_html, serve


@pytest.fixture(scope="module")
def versions(two_versions, two_versions_relinked):
    """(project, site, relinked IDs): the session's copy with a reworded clause
    and relinked clauses since its latest release, and its strict build."""
    return (*two_versions, two_versions_relinked)


@pytest.fixture(scope="module")
def history(versions):
    return load_project(versions[0]).history


@pytest.fixture(scope="module")
def copy_site(versions):
    return versions[1]


@pytest.fixture(scope="module")
def copy_served(copy_site):
    with serve(copy_site) as base_url:
        yield base_url


def test_one_version_says_there_is_nothing_to_compare(site, root):
    html = read_html(site, "changes/compare/")
    if len(load_project(root).history.versions) == 1:
        assert "There is only one version of the code so far" in html
    else:
        assert '<script type="application/json" id="compare-data"' in html


def test_static_page_compares_each_version_with_the_one_before_and_the_newest(copy_site, history):
    html = read_html(copy_site, "changes/compare/")
    versions = [v.version.replace(".", "-") for v in history.versions]
    for old, new in zip(versions, versions[1:]):
        assert f'id="compare-{old}-{new}"' in html
    for old in versions[:-2]:
        assert f'id="compare-{old}-{versions[-1]}"' in html
    assert '<script type="application/json" id="compare-data"' in html


def test_each_comparison_once_and_a_jump_list_of_links(copy_site, history):
    html = read_html(copy_site, "changes/compare/")
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


def test_changes_to_links_alone_are_one_line_per_comparison(copy_site, history):
    html = read_html(copy_site, "changes/compare/")
    for old, new in compare_pairs(history.versions):
        anchor = compare_anchor(old.version, new.version)
        section = html[html.index(f'<section class="compare-pair" id="{anchor}"'):]
        section = section[:section.index("</section>")]
        changes = diff_contents(_content(history, old), _content(history, new))
        grouped = [c for c in changes if c.links_only]
        if new is history.versions[-1] and old is history.versions[-2]:
            assert grouped, "the copy relinks clauses in its working version"
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
def test_compare_page_does_not_shift_on_a_phone(browser, copy_served):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(copy_served + "changes/compare/", wait_until="load")
    shift = page.evaluate(CLS)
    page.close()
    assert shift < 0.1


@pytest.mark.browser
def test_any_two_versions_in_the_browser_at_an_address_of_their_own(browser, copy_served,
                                                                    history):
    first, last = history.versions[0], history.versions[-1]
    expected = len(diff_contents(_content(history, last), _content(history, first)))
    page = browser.new_page()
    page.goto(copy_served + "changes/compare/")
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
    links = page.locator(".change--links, .redline--links")
    assert links.count() > 0 and links.first.is_visible()
    form.get_by_label("Wording only").check()
    assert "view=wording" in page.url
    for element in links.all():
        assert not element.is_visible()
    page.reload()
    assert form.get_by_label("Wording only").is_checked()
    page.close()


def test_changes_to_links_alone_are_one_line_on_the_changelog(versions, history, copy_site, root):
    _, _, relinked = versions
    entry = history.versions[-1]
    # The copy's own relinkings, and whatever the working version already
    # changed in links or sources alone.
    already = {c.id for c in load_project(root).history.versions[-1].changes
               if c.links_only}
    grouped = {c.id for c in entry.changes if c.links_only}
    assert set(relinked) <= grouped <= set(relinked) | already
    html = read_html(copy_site, "changes/changelog/")
    anchor = "version-" + entry.version.replace(".", "-")
    assert len(re.findall(rf'<h3[^>]* id="{anchor}-links"', html)) == 1
    for change in entry.changes:
        clause_anchor = f"{anchor}-clause-{change.id.replace('.', '-')}"
        heading = re.search(rf'<h3[^>]* id="{clause_anchor}"', html)
        if change.links_only:
            assert f'<a id="{clause_anchor}"' in html and not heading, change.id
        else:
            assert heading, change.id
    # The markdown the changelog is made from, too: one group per version.
    text = changelog(load_project(versions[0]).code, history)
    assert text.count(f"#{anchor}-links ") == 1


def test_badges_ignore_changes_to_links_alone(versions, history, copy_site):
    _, _, relinked = versions
    working = history.versions[-1].version
    badge = f"Changed in {working} (unreleased)"
    html = read_html(copy_site, "code/1-risk/")
    for clause_id in relinked:
        start = html.index(f'id="clause-{clause_id}"')
        end = html.find('id="clause-', start + 20)
        assert badge not in html[start:end if end > 0 else None], clause_id
    reworded = [c.id for c in history.versions[-1].changes if not c.links_only]
    assert reworded and badge in read_html(copy_site, "code/8-data-sharing/")

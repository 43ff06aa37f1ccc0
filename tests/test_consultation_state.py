"""A consultation shows as planned, open or closed on the reader's day, not the
day the site was built: the browser checks the dates (consultation.js), with
a fixed clock here; without JavaScript the page states the dates. Uses the
session's build of the real site."""

from __future__ import annotations

import datetime
import re

import pytest

from code_of_practice.model.project import load_project
from code_of_practice.render.history import long_date
from code_of_practice.testing import ROOT, read_html

PROJECT = load_project(ROOT)
TODAY = datetime.date.today().isoformat()
# The consultations the build shows with dates to check: not reported on, not yet closed.
SHOWN = [c for c in PROJECT.history.consultations if not c.reported and c.closes >= TODAY]
pytestmark = pytest.mark.skipif(not SHOWN, reason="no consultation is planned or open")


def _day(iso: str, days: int) -> str:
    return (datetime.date.fromisoformat(iso) + datetime.timedelta(days=days)).isoformat()


def test_without_javascript_the_html_states_the_dates(site):
    for page in ("changes/consultations/", "changes/", "changes/how-to-comment/"):
        html = read_html(site, page)
        for item in SHOWN:
            fallback = (f'<span data-when="dates">Open from {long_date(item.opens)} until the '
                        f"end of {long_date(item.closes)} (UK time).</span>")
            assert fallback in html, page
            assert (f'data-consultation-opens="{item.opens}" '
                    f'data-consultation-closes="{item.closes}"') in html
            for state in ("planned", "open", "closed"):
                assert f'<span data-when="{state}" hidden>' in html


def test_the_notice_on_the_changes_pages_is_short_with_a_respond_button(site):
    html = read_html(site, "changes/changelog/")
    start = html.index('class="admonition info consultation-notice"')
    notice = html[start:html.index("</div>", start)]
    # What a reader sees without JavaScript: the hidden state wordings left out.
    seen = re.sub(r"<[^>]+>", " ", re.sub(r'<span data-when="\w+" hidden>.*?</span>', "",
                                          notice))
    words = len(seen.split())
    assert words < 60, (words, seen)
    assert "Respond to this consultation" in notice
    assert "template=comment-on-the-code.yml" in notice
    for item in SHOWN:
        assert f"consultation={item.id}" in notice
        assert f"version={item.version or PROJECT.edition['version']}" in notice


@pytest.mark.browser
@pytest.mark.parametrize("when, state", [
    ("before", "planned"), ("first", "open"), ("last", "open"), ("after", "closed")])
def test_a_fixed_clock_shows_each_state(browser, served_site, when, state, tmp_path):
    item = SHOWN[0]
    # UK time: the last day counts until midnight in London. These moments fall on the
    # same London day in winter (GMT) and summer (BST).
    moment = {
        "before": f"{_day(item.opens, -1)}T12:00:00+00:00",
        "first": f"{item.opens}T00:30:00+00:00",
        "last": f"{item.closes}T22:30:00+00:00",
        "after": f"{_day(item.closes, 1)}T00:30:00+00:00",
    }[when]
    context = browser.new_context()
    page = context.new_page()
    page.clock.set_fixed_time(datetime.datetime.fromisoformat(moment))
    page.goto(served_site + "changes/consultations/")
    when_el = page.locator(f'#consultation-{item.id.lower()} .consultation-when')
    assert when_el.get_attribute("data-consultation-state") == state
    shown = when_el.locator("[data-when]:visible")
    assert shown.count() == 1
    assert shown.get_attribute("data-when") == state
    page.screenshot(path=str(tmp_path / f"consultations-{state}.png"))

    page.goto(served_site + "changes/")
    notice = page.locator(f"#open-consultation-{item.id.lower()}")
    if state == "closed":
        assert notice.is_hidden()
    else:
        assert notice.is_visible()
        assert notice.locator(f'[data-when="{state}"]').is_visible()
        assert notice.locator('[data-when="dates"]').is_hidden()
    context.close()


@pytest.mark.browser
def test_without_javascript_a_reader_sees_the_dates(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "changes/consultations/")
    item = SHOWN[0]
    when_el = page.locator(f'#consultation-{item.id.lower()} .consultation-when')
    assert when_el.inner_text().strip() == (f"Open from {long_date(item.opens)} until the end "
                                            f"of {long_date(item.closes)} (UK time).")
    context.close()

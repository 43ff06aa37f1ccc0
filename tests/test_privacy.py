"""Privacy: the site makes no request to anyone but itself, sets no cookies and
carries no analytics or third-party fonts, as docs/privacy.md promises."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest


PAGES = ["", "code/1-risk/", "checklists/partners/", "changes/changelog/"]

# Strings that only appear when a page loads analytics or third-party fonts.
THIRD_PARTY_MARKERS = ("google-analytics", "gtag(", "googletagmanager",
                       "fonts.googleapis", "fonts.gstatic")


@pytest.mark.browser
def test_pages_request_nothing_from_elsewhere_and_set_no_cookies(browser, served_site):
    requests: list[tuple[str, str]] = []
    current = {"page": ""}
    context = browser.new_context()

    def record(route):
        requests.append((current["page"], route.request.url))
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:  # never let a stray request leave the machine
            route.abort()

    context.route("**/*", record)
    page = context.new_page()
    try:
        for path in PAGES:
            current["page"] = path
            page.goto(served_site + path, wait_until="networkidle")
            # Use the page a little, as a reader would: answer a checklist item.
            if path.startswith("checklists/"):
                page.locator("fieldset.checklist-item input[type=radio]").first.check()
                page.wait_for_load_state("networkidle")
            assert page.evaluate("document.cookie") == "", path
        cookies = context.cookies()
    finally:
        context.close()

    assert len(requests) >= len(PAGES)
    elsewhere = [(p, url) for p, url in requests if urlsplit(url).hostname != "127.0.0.1"]
    assert not elsewhere, "requests to other hosts:\n" + "\n".join(
        f"  /{p}: {url}" for p, url in elsewhere)
    assert cookies == [], cookies


def test_no_analytics_or_third_party_fonts_in_the_built_site(site):
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".js", ".css", ".xml", ".json"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for marker in THIRD_PARTY_MARKERS:
            if marker in text:
                found.append(f"{path.relative_to(site)}: {marker}")
    assert not found, "analytics or third-party fonts found:\n" + "\n".join(found)

"""Accessibility: axe-core on every built page in the light and dark palettes,
and a keyboard walk through a checklist.

The site promises WCAG 2.2 AA (docs/accessibility.md); these tests hold it to
the parts of that promise a machine can check.
"""

from __future__ import annotations

import pytest

from code_of_practice.model.urls import site_url
from code_of_practice.testing import (AXE_DISABLED_RULES, AXE_RUN, AXE_TAGS, axe_context,
                                      axe_in_both_palettes,
                                      site_pages)


def _report(failures: list[tuple[str, str, dict]]) -> str:
    lines = []
    for scheme, page, violation in failures:
        lines.append(f"[{scheme}] /{page}: {violation['id']} ({violation['impact']}): "
                     f"{violation['help']}")
        for node in violation["nodes"][:10]:
            lines.append(f"    {node['target']}")
            lines.append("      " + (node["summary"] or "").replace("\n", "\n      "))
    return "\n".join(lines)


# The pages in this many parts, each a test of its own, so that pytest-xdist's
# workers share them (every page is in exactly one part: see the test below).
AXE_PARTS = 4


def _axe_part(pages: list[str], part: int) -> list[str]:
    return pages[part::AXE_PARTS]


def test_the_axe_parts_cover_every_page_once(site):
    pages = site_pages(site) + ["404.html"]
    parts = [_axe_part(pages, part) for part in range(AXE_PARTS)]
    assert sorted(p for chunk in parts for p in chunk) == sorted(pages)
    assert all(parts), parts


@pytest.mark.browser
@pytest.mark.parametrize("part", range(AXE_PARTS), ids=lambda n: f"part{n + 1}")
def test_axe_finds_no_wcag_violations_and_no_page_logs_a_console_error(site, served_site,
                                                                        browser, part):
    """Every built page, in the light and the dark palette, in one page load each;
    the same load shows whether the page logs a console error or throws (axe runs
    well after the load, so a late error is caught too)."""
    pages = site_pages(site) + ["404.html"]
    assert len(pages) > 20, pages

    context = axe_context(browser)
    page = context.new_page()
    failures, errors = [], []
    current = {"path": ""}
    page.on("console", lambda m: errors.append(f"/{current['path']}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"/{current['path']}: {e}"))
    try:
        for path in _axe_part(pages, part):
            current["path"] = path
            for scheme, violations in axe_in_both_palettes(page, served_site + path).items():
                failures += [(scheme, path, violation) for violation in violations]
    finally:
        context.close()
    assert not failures, "axe-core found WCAG violations:\n" + _report(failures)
    assert not errors, "console errors:\n" + "\n".join(errors)


FOCUS_STYLE = """el => {
  const s = getComputedStyle(el);
  return {tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "",
          outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth,
          boxShadow: s.boxShadow};
}"""


def _visible_focus(style: dict) -> bool:
    outline = style["outlineStyle"] != "none" and style["outlineWidth"] not in ("0px", "")
    return outline or style["boxShadow"] not in ("none", "")


@pytest.mark.browser
def test_checklist_works_from_the_keyboard(served_site, browser):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(served_site + "checklists/partners/", wait_until="load")
        first_item = page.locator("fieldset.checklist-item").first
        first_radio_name = first_item.locator("input[type=radio]").first.get_attribute("name")
        notes_name = first_item.locator("textarea").get_attribute("name")

        # Tab from the top of the page until the first item's radios are reached.
        page.locator("body").focus()
        reached_radio = None
        for _ in range(200):
            page.keyboard.press("Tab")
            style = page.evaluate(FOCUS_STYLE, page.evaluate_handle("document.activeElement"))
            if style["name"] == first_radio_name:
                reached_radio = style
                break
        assert reached_radio, f"Tab never reached {first_radio_name}"
        assert _visible_focus(reached_radio), f"no visible focus on the radio: {reached_radio}"

        # Space chooses the focused answer; an arrow key moves to the next one.
        page.keyboard.press("Space")
        checked = page.locator(f'input[name="{first_radio_name}"]:checked')
        assert checked.get_attribute("value") == "yes"
        page.keyboard.press("ArrowRight")
        assert checked.get_attribute("value") == "no"
        focused = page.evaluate(FOCUS_STYLE, page.evaluate_handle("document.activeElement"))
        assert focused["name"] == first_radio_name and _visible_focus(focused), focused

        # The radio group is one tab stop: the next Tab goes to the notes.
        page.keyboard.press("Tab")
        notes = page.evaluate(FOCUS_STYLE, page.evaluate_handle("document.activeElement"))
        assert notes["tag"] == "textarea" and notes["name"] == notes_name, notes
        assert _visible_focus(notes), f"no visible focus on the notes: {notes}"
        page.keyboard.type("Agreed at the March meeting")
        assert page.locator(f'textarea[name="{notes_name}"]').input_value() == \
            "Agreed at the March meeting"
    finally:
        context.close()


NO_FADING = """sel => [...document.querySelectorAll(sel + ', ' + sel + ' *')]
  .filter(el => parseFloat(getComputedStyle(el).opacity) < 1)
  .map(el => el.tagName.toLowerCase() + '.' + el.className)"""


@pytest.mark.browser
def test_a_withdrawn_clause_keeps_its_contrast(withdrawn_site, browser):
    """The withdrawn clause (the fixture withdraws one; the page may hold others,
    withdrawn in the project itself) is not faded, and passes axe in both palettes."""
    from code_of_practice.testing import serve

    site, clause = withdrawn_site
    page_path = site_url(clause.page)
    heading = f'[id="{clause.anchor}"].clause-withdrawn'

    def not_faded(page, scheme):
        withdrawn = page.locator(".clause--withdrawn")
        assert withdrawn.count() >= 1, scheme
        # The clause the fixture withdrew is among them: its heading, then its box.
        assert page.locator(f"{heading} + .clause--withdrawn").count() == 1, (scheme, heading)
        assert page.evaluate(NO_FADING, ".clause--withdrawn") == [], scheme

    with serve(site) as base_url:
        context = axe_context(browser)
        page = context.new_page()
        try:
            found = axe_in_both_palettes(page, base_url + page_path, before_axe=not_faded)
        finally:
            context.close()
    failures = [(scheme, page_path, v) for scheme, vs in found.items() for v in vs]
    assert not failures, _report(failures)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_site_root_404_page_passes_axe(tmp_path, browser, scheme):
    """The page `cop publish` writes at the published site's root."""
    from code_of_practice.tasks.publish import root_not_found_page
    from code_of_practice.testing import serve

    (tmp_path / "404.html").write_text(
        root_not_found_page("https://owner.github.io/code-of-practice/",
                            [{"version": "2.0", "aliases": ["latest"]}]), encoding="utf-8")
    with serve(tmp_path) as base_url:
        context = axe_context(browser, color_scheme=scheme)
        page = context.new_page()
        try:
            page.goto(base_url + "404.html", wait_until="load")
            violations = page.evaluate(AXE_RUN, [AXE_TAGS, list(AXE_DISABLED_RULES)])
        finally:
            context.close()
    assert not violations, _report([(scheme, "404.html", v) for v in violations])


# -- glossary definitions without a mouse ------------------------------------------------

GLOSSARY_PAGE = "background/using-the-code/"  # prose with several glossary terms


def _first_term(page):
    term = page.locator(".md-typeset abbr[title][tabindex='0']").first
    assert term.count() == 1, "no focusable glossary term on the page"
    return term


@pytest.mark.browser
def test_a_glossary_definition_shows_when_its_term_is_focused_from_the_keyboard(
        served_site, browser):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(served_site + GLOSSARY_PAGE, wait_until="load")
        term = _first_term(page)
        definition = term.get_attribute("title")
        tip = page.locator("#" + term.get_attribute("aria-describedby"))
        assert tip.is_hidden()
        # Tab from the top of the page until a glossary term has the focus.
        page.locator("body").focus()
        focused = None
        for _ in range(300):
            page.keyboard.press("Tab")
            focused = page.evaluate("document.activeElement.tagName.toLowerCase() === 'abbr'"
                                    " && document.activeElement.getAttribute('title')")
            if focused:
                break
        assert focused, "Tab never reached a glossary term"
        shown = page.locator(".glossary-tip:not([hidden])")
        assert shown.count() == 1 and shown.is_visible()
        assert shown.inner_text() == focused
        style = page.evaluate(FOCUS_STYLE, page.evaluate_handle("document.activeElement"))
        assert _visible_focus(style), f"no visible focus on the term: {style}"
        # Escape hides it; Tab onwards leaves no definition showing.
        page.keyboard.press("Escape")
        assert page.locator(".glossary-tip:not([hidden])").count() == 0
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        assert page.locator(".glossary-tip:not([hidden])").count() == 1
        page.keyboard.press("Tab")
        assert page.locator(".glossary-tip:not([hidden])").count() <= 1
        assert definition  # the first term has a definition to show
    finally:
        context.close()


@pytest.mark.browser
def test_a_glossary_definition_shows_on_tap_on_a_touch_screen(served_site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                  is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    try:
        page.goto(served_site + GLOSSARY_PAGE, wait_until="load")
        term = _first_term(page)
        tip = page.locator("#" + term.get_attribute("aria-describedby"))
        term.scroll_into_view_if_needed()
        term.tap()
        assert tip.is_visible()
        assert tip.inner_text() == term.get_attribute("title")
        # The definition fits inside the narrow window.
        box = tip.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        # A second tap hides it.
        term.tap()
        assert tip.is_hidden()
    finally:
        context.close()

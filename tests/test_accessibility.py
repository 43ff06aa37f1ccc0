"""Accessibility: axe-core on every built page in the light and dark palettes,
and a keyboard walk through a checklist.

The site promises WCAG 2.2 AA (docs/accessibility.md); these tests hold it to
the parts of that promise a machine can check.
"""

from __future__ import annotations

import pytest

from code_of_practice.testing import AXE_DISABLED_RULES, AXE_RUN, AXE_TAGS, site_pages


def _report(failures: list[tuple[str, str, dict]]) -> str:
    lines = []
    for scheme, page, violation in failures:
        lines.append(f"[{scheme}] /{page}: {violation['id']} ({violation['impact']}): "
                     f"{violation['help']}")
        for node in violation["nodes"][:10]:
            lines.append(f"    {node['target']}")
            lines.append("      " + (node["summary"] or "").replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag_violations(site, root, served_site, browser, scheme):
    axe_script = root / "node_modules" / "axe-core" / "axe.min.js"
    assert axe_script.exists(), "node_modules/axe-core is missing: run `make setup`"
    pages = site_pages(site) + ["404.html"]
    assert len(pages) > 20, pages

    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    failures = []
    try:
        for path in pages:
            page.goto(served_site + path, wait_until="load")
            # The palette follows the emulated system setting: check it took effect.
            body_scheme = page.evaluate(
                "document.body.getAttribute('data-md-color-scheme')")
            assert body_scheme == ("slate" if scheme == "dark" else "default"), (path, body_scheme)
            page.add_script_tag(path=str(axe_script))
            for violation in page.evaluate(AXE_RUN, [AXE_TAGS, list(AXE_DISABLED_RULES)]):
                failures.append((scheme, path, violation))
    finally:
        context.close()
    assert not failures, "axe-core found WCAG violations:\n" + _report(failures)


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


@pytest.fixture(scope="module")
def withdrawn_site(tmp_path_factory):
    """A copy of the project with one clause withdrawn (and its record), built:
    the real site may have none, and a contributor can withdraw any clause."""
    from code_of_practice.model.project import load_project
    from code_of_practice.tasks.rehearsal import clause_to_withdraw, withdraw
    from code_of_practice.testing import ROOT, copy_project, mkdocs_build, record_change
    from code_of_practice.model.releases import working_version

    work = tmp_path_factory.mktemp("withdrawn")
    project = copy_project(ROOT, work / "project")
    clause = clause_to_withdraw(load_project(project), set())
    withdraw(project, clause, working_version(project), "Withdrawn to test its styling.")
    record_change(project, clause.id, "withdrawn")
    result = mkdocs_build(project, work / "site")
    assert result.returncode == 0, result.stderr
    return work / "site", clause


NO_FADING = """sel => [...document.querySelectorAll(sel + ', ' + sel + ' *')]
  .filter(el => parseFloat(getComputedStyle(el).opacity) < 1)
  .map(el => el.tagName.toLowerCase() + '.' + el.className)"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_withdrawn_clause_keeps_its_contrast(withdrawn_site, root, browser, scheme):
    from code_of_practice.testing import serve

    site, clause = withdrawn_site
    axe_script = root / "node_modules" / "axe-core" / "axe.min.js"
    page_path = clause.source.removeprefix("docs/").removesuffix(".md") + "/"
    with serve(site) as base_url:
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        try:
            page.goto(base_url + page_path, wait_until="load")
            assert page.locator(".clause--withdrawn").count() == 1
            assert page.evaluate(NO_FADING, ".clause--withdrawn") == []
            page.add_script_tag(path=str(axe_script))
            violations = page.evaluate(AXE_RUN, [AXE_TAGS, list(AXE_DISABLED_RULES)])
        finally:
            context.close()
    assert not violations, _report([(scheme, page_path, v) for v in violations])


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_site_root_404_page_passes_axe(tmp_path, root, browser, scheme):
    """The page `cop publish` writes at the published site's root."""
    from code_of_practice.tasks.publish import root_not_found_page
    from code_of_practice.testing import serve

    (tmp_path / "404.html").write_text(
        root_not_found_page("https://owner.github.io/code-of-practice/",
                            [{"version": "2.0", "aliases": ["latest"]}]), encoding="utf-8")
    with serve(tmp_path) as base_url:
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        try:
            page.goto(base_url + "404.html", wait_until="load")
            page.add_script_tag(path=str(root / "node_modules" / "axe-core" / "axe.min.js"))
            violations = page.evaluate(AXE_RUN, [AXE_TAGS, list(AXE_DISABLED_RULES)])
        finally:
            context.close()
    assert not violations, _report([(scheme, "404.html", v) for v in violations])

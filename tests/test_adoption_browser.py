"""Adoption in a real browser (headless Chromium): a reader fills a checklist,
explains where they depart from it, makes the apply-or-explain statement
(printed on A4, and as an .odt read back with lxml), saves the answers to a
file and loads them into a newer version, where the changed item is flagged;
bad files change nothing. Also: the version banner's state, the register of
adopters, and the checklists as people use them (phone-sized tap targets,
the questions-only view, principle names in the CSV, keyboard routes).

One browser for the module; the session's `site` and `two_versions` builds."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from code_of_practice.model.checklists import all_checklists
from code_of_practice.model.code import load_code
from code_of_practice.model.project import load_project
from code_of_practice.model.urls import site_url
from code_of_practice.testing import ROOT, read_html, serve

pytestmark = pytest.mark.browser

PROJECT = load_project(ROOT)
CODE = PROJECT.code
TEXT_NS = {"text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
ORG = "Northside <Advice> & Co"
EXPLANATION = "We pay partners within 45 days under a contract signed in 2024; it renews in 2027."
HOSTILE = '<img src=x onerror="window.hacked=1">'


def needs(tool):
    if shutil.which(tool) is None:
        pytest.fail(f"missing {tool}: run `make system-deps`")


def pdf_text(path: Path) -> str:
    needs("pdftotext")
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return re.sub(r"\s+", " ", out)


@pytest.fixture(scope="module")
def changed(two_versions):
    """The clause the newer synthetic version rewords, and a checklist that has it."""
    project, _ = two_versions
    newer = load_code(project)
    ids = [c.id for c in newer.active_clauses if c.text != CODE.clause(c.id).text]
    assert len(ids) == 1, ids
    clause = CODE.clause(ids[0])
    checklist = next(c for c in all_checklists(CODE) if c.key in clause.audiences)
    return clause, checklist


@pytest.fixture(scope="module")
def served_newer(two_versions):
    with serve(two_versions[1]) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda err: page.errors.append(str(err)))
    # No request leaves the machine: every request goes to the local server.
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def open_checklist(page, base, checklist):
    page.goto(base + site_url(checklist.page), wait_until="load")
    page.wait_for_selector(".checklist-progress:not([hidden])")
    return page


def local_only(page, *bases):
    outside = [u for u in page.requests if not u.startswith(bases + ("blob:", "data:"))]
    assert not outside, outside
    assert page.context.cookies() == []


# -- the whole path: answer, explain, state, save, load into a newer version ---------------

def test_statement_print_document_and_answers_that_travel(page, served_site, served_newer,
                                                          two_versions, changed, tmp_path):
    clause, checklist = changed
    items = checklist.items(CODE)
    kept = [c for c in items if c.id != clause.id][:2]
    open_checklist(page, served_site, checklist)
    page.fill('input[name="organisation"]', ORG)
    page.check(f'input[name="answer-{kept[0].id}"][value="yes"]')
    page.check(f'input[name="answer-{kept[1].id}"][value="partly"]')
    page.fill(f'textarea[name="notes-{kept[1].id}"]', EXPLANATION + " " + HOSTILE)
    page.check(f'input[name="answer-{clause.id}"][value="yes"]')
    page.fill('input[name="period-from"]', "2027-04-01")
    page.fill('input[name="period-to"]', "2028-03-31")
    page.fill('input[name="approved-by"]', "Sam Okafor")
    page.fill('input[name="approver-role"]', "Chief executive")
    page.fill('input[name="approved-on"]', "2028-04-20")
    page.fill('input[name="board-approved-on"]', "2028-04-18")

    # The preview, on screen.
    page.get_by_role("button", name="Preview the statement").click()
    preview = page.locator(".checklist-statement__preview").inner_text()
    assert f"Apply-or-explain statement: {ORG}" in preview
    assert f"version {PROJECT.edition['version']}" in preview
    assert "1 April 2027 to 31 March 2028" in preview
    assert "Sam Okafor, Chief executive on 20 April 2028" in preview
    assert f"{kept[0].id} {checklist.question(kept[0])}" in preview
    assert "We explain. " + EXPLANATION in preview
    assert "not answered yet" in page.locator(".checklist-statement__warnings").inner_text()
    assert page.evaluate("window.hacked") is None
    assert page.locator(".checklist-statement__preview img").count() == 0

    # The print: the statement alone, with its sign-off block, on A4.
    page.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }")
    page.get_by_role("button", name="Print the statement").click()
    assert page.evaluate("window.printed") == 1
    pdf = tmp_path / "statement.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    printed = pdf_text(pdf)
    for words in (f"Apply-or-explain statement: {ORG}", EXPLANATION, "We apply this.",
                  "Sign-off", "Signature:", "Board approval date:", "Sam Okafor",
                  "18 April 2028"):
        assert words in printed, words
    assert "Export my answers as CSV" not in printed and "What good looks like" not in printed
    needs("pdftoppm")
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(tmp_path / "statement")], check=True)
    shutil.copy(tmp_path / "statement.png", Path("/tmp") / "adoption-statement-print.png")
    page.evaluate("() => { window.dispatchEvent(new Event('afterprint')); }")
    assert page.locator("body > .statement-print").count() == 0

    # The document: an .odt that lxml reads, with the reader's words as text.
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("Download the statement")).click()
    assert info.value.suggested_filename.endswith(".odt")
    with zipfile.ZipFile(info.value.path()) as odt:
        assert odt.testzip() is None
        first = odt.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        for name in ("META-INF/manifest.xml", "styles.xml", "meta.xml"):
            etree.fromstring(odt.read(name))
        content = etree.fromstring(odt.read("content.xml"))
    paragraphs = ["".join(p.itertext()) for p in content.iterfind(".//text:p", TEXT_NS)]
    headings = ["".join(h.itertext()) for h in content.iterfind(".//text:h", TEXT_NS)]
    assert paragraphs[0] == f"Apply-or-explain statement: {ORG}"
    assert f"We explain. {EXPLANATION} {HOSTILE}" in paragraphs
    assert f"{kept[0].id} {checklist.question(kept[0])}" in headings
    assert "Sign-off" in headings and "Board approval date: 18 April 2028" in paragraphs
    assert content.find(".//img") is None

    # The answers file.
    with page.expect_download() as info:
        page.get_by_role("button", name="Save my answers to a file").click()
    saved = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert (saved["checklist"], saved["version"]) == (checklist.key, PROJECT.edition["version"])
    assert re.match(r"\d{4}-\d{2}-\d{2}T", saved["saved"])
    assert saved["fields"]["organisation"] == ORG
    assert saved["statement"]["approved-by"] == "Sam Okafor"
    assert set(saved["answers"]) == {kept[0].id, kept[1].id, clause.id}
    assert saved["answers"][kept[1].id]["answer"] == "partly"
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps(saved), encoding="utf-8")
    local_only(page, served_site)

    # A colleague's machine, with the newer version: unchanged items keep
    # their answers, the reworded clause is flagged and linked to its redline.
    page.goto(served_newer + site_url(checklist.page), wait_until="load")
    page.wait_for_selector(".checklist-statement")
    page.set_input_files(".checklist-file__picker", str(answers_file))
    page.wait_for_selector(".checklist-loaded:not([hidden])")
    assert page.is_checked(f'input[name="answer-{kept[0].id}"][value="yes"]')
    assert page.input_value(f'textarea[name="notes-{kept[1].id}"]') == EXPLANATION + " " + HOSTILE
    assert page.input_value('input[name="approved-by"]') == "Sam Okafor"
    assert not page.is_checked(f'input[name="answer-{clause.id}"][value="yes"]')
    item = page.locator(f'[id="item-{clause.id}"]')
    assert "checklist-item--changed" in item.get_attribute("class")
    note = page.locator(".checklist-loaded")
    assert "2 answers kept" in note.inner_text()
    flagged = page.locator(".checklist-loaded__changed li").inner_text()
    assert clause.id in flagged and "changed since you answered (you answered Yes)" in flagged
    redline = page.get_by_role("link", name=f"See what changed in clause {clause.id}")
    href = redline.get_attribute("href")
    anchor = href.split("#", 1)[1]
    assert f'id="{anchor}"' in read_html(two_versions[1], "changes/changelog/")
    redline.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"changes/changelog/#{anchor}")
    assert page.errors == []
    local_only(page, served_site, served_newer)


# -- bad files: a clear message, nothing changed -------------------------------------------

def good_file(checklist, clause):
    return {"format": "code-of-practice-checklist-answers", "format_version": 1,
            "checklist": checklist.key, "version": PROJECT.edition["version"],
            "saved": "2027-01-05T10:00:00.000Z", "fields": {}, "statement": {},
            "answers": {clause.id: {"answer": "no", "notes": "n"}}}


@pytest.mark.parametrize("change, message", [
    (lambda d: "not json {", "it is not valid JSON"),
    (lambda d: {**d, "format": "something else"}, "not a saved answers file"),
    (lambda d: {**d, "checklist": "other"}, "answers to another checklist"),
    (lambda d: {**d, "answers": {"<b>x</b>": {"answer": "yes"}}}, "not a clause number"),
    (lambda d: {**d, "answers": {"1.1": {"answer": "maybe"}}}, "is not one of Yes, No"),
    (lambda d: {**d, "answers": {"1.1": {"answer": "yes", "script": HOSTILE}}},
     "an entry this page does not know"),
    (lambda d: {**d, "fields": {"organisation": ["a"]}}, "is not text"),
    (lambda d: {**d, "__proto__": {"x": 1}}, "an entry this page does not know"),
    (lambda d: {**d, "answers": {"1.1": {"notes": "x" * 20001}}}, "longer than"),
])
def test_a_bad_answers_file_changes_nothing(page, served_site, changed, tmp_path, change, message):
    clause, checklist = changed
    open_checklist(page, served_site, checklist)
    first = checklist.items(CODE)[0].id
    page.check(f'input[name="answer-{first}"][value="yes"]')
    before = page.evaluate("JSON.stringify(localStorage)")
    data = change(good_file(checklist, clause))
    bad = tmp_path / "bad.json"
    bad.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    page.set_input_files(".checklist-file__picker", str(bad))
    shown = page.locator(".checklist-file__problem")
    shown.wait_for()
    assert message in shown.inner_text() and "unchanged" in shown.inner_text()
    assert page.evaluate("JSON.stringify(localStorage)") == before
    assert page.is_checked(f'input[name="answer-{first}"][value="yes"]')
    assert page.locator(".checklist-loaded:not([hidden])").count() == 0
    assert page.evaluate("window.hacked") is None and page.errors == []


def test_withdrawn_clauses_in_a_file_are_listed_with_where_they_moved(page, served_site, changed,
                                                                     tmp_path):
    """The page lists withdrawn clauses (render/checklists.py, withdrawn_list); the
    real code has none withdrawn, so the page is given one as a newer version would."""
    clause, checklist = changed
    target = checklist.items(CODE)[0].id
    page.route("**/" + site_url(checklist.page), lambda route: route.fulfill(
        response=route.fetch(),
        body=route.fetch().text().replace('class="checklist-progress"',
                                          f'class="checklist-progress" data-withdrawn="9.9>{target}"', 1)))
    open_checklist(page, served_site, checklist)
    data = good_file(checklist, clause)
    data["answers"]["9.9"] = {"answer": "yes", "question": "An old question"}
    path = tmp_path / "withdrawn.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    page.set_input_files(".checklist-file__picker", str(path))
    gone = page.locator(".checklist-loaded__gone li")
    gone.wait_for()
    assert "9.9 is withdrawn (you answered Yes). Its content moved to " + target in gone.inner_text()
    assert gone.get_by_role("link", name=target).get_attribute("href") == f"#item-{target}"


def test_a_clause_that_restates_the_law_is_applied_or_not_yet_met(page, served_site):
    """A clause with `law` (data-law on its item) cannot be explained: the statement
    says "Not yet met" with the plan and the date. If no checklist item has `law`,
    the page is given one as the template writes it."""
    audience = [c for c in all_checklists(CODE) if c.key in CODE.frameworks.audiences]
    found = [(c, item) for c in audience for item in c.items(CODE) if item.law]
    if found:
        checklist, law_item = found[0][0], found[0][1].id
    else:
        checklist = audience[0]
        law_item = checklist.items(CODE)[0].id
        page.route("**/" + site_url(checklist.page), lambda route: route.fulfill(
            response=route.fetch(), body=route.fetch().text().replace(
                f'id="item-{law_item}"',
                f'id="item-{law_item}" data-law="Procurement Act 2023, section 73, '
                'https://www.legislation.gov.uk/ukpga/2023/54/section/73"', 1)))
    open_checklist(page, served_site, checklist)
    page.check(f'input[name="answer-{law_item}"][value="no"]')
    page.fill(f'textarea[name="notes-{law_item}"]', "We would rather not.")
    page.get_by_role("button", name="Preview the statement").click()
    preview = page.locator(".checklist-statement__preview").inner_text()
    assert "Not yet met. No plan given. No date given." in preview
    assert "We would rather not." not in preview and "We explain" not in preview.split(law_item, 1)[1].split("\n\n")[0]
    assert f"{law_item} restates the law: give a plan and a date." in \
        page.locator(".checklist-statement__warnings").inner_text()
    assert "cannot be explained away" in page.locator(f'[id="item-{law_item}"] .checklist-law').inner_text()
    page.fill(f'textarea[name="plan-{law_item}"]', "New payment run from April")
    page.fill(f'input[name="plan-by-{law_item}"]', "2027-06-30")
    page.get_by_role("button", name="Preview the statement").click()
    assert "Not yet met. Our plan: New payment run from April To be met by 30 June 2027." in \
        page.locator(".checklist-statement__preview").inner_text()
    page.reload(wait_until="load")
    assert page.input_value(f'input[name="plan-by-{law_item}"]') == "2027-06-30"


# -- the banner, the register, the checklists as people use them ---------------------------

def test_the_version_banner_shows_the_state_and_its_date(page, served_site, site):
    page.goto(served_site, wait_until="load")
    banner = page.locator(".edition-banner").inner_text()
    state = PROJECT.edition["state"]
    assert state["label"] in banner
    if PROJECT.edition["status"] == "consultation draft":
        assert "not in force" in banner and "In force since" not in banner
    changelog = read_html(site, "changes/changelog/")
    assert changelog.count("<strong>State:</strong>") == len(PROJECT.history.versions)
    assert state["label"] in changelog


def test_the_adopters_page_renders_from_the_data(page, served_site):
    page.goto(served_site + "adopters/", wait_until="load")
    if not PROJECT.adopters:
        assert "No organisation is listed yet" in page.locator(".adopters").inner_text()
    else:
        assert page.locator("tr.adopter").count() == len(PROJECT.adopters)
    assert page.get_by_role("heading", name="How to be listed").count() == 1


def test_phone_tap_targets_are_at_least_24_px(browser, served_site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    try:
        page = context.new_page()
        checklist = next(c for c in all_checklists(CODE) if c.key == "partner")
        open_checklist(page, served_site, checklist)
        small = page.evaluate("""() => [...document.querySelectorAll(
            '.checklist-answers label, .checklist-downloads a, .checklist-progress button, .checklist-statement button')]
            .map(e => { const r = e.getBoundingClientRect();
                        return {t: e.textContent.trim().slice(0, 30), w: r.width, h: r.height}; })
            .filter(r => r.w < 24 || r.h < 24)""")
        assert small == []
        page.locator("fieldset.checklist-item").first.scroll_into_view_if_needed()
        page.screenshot(path="/tmp/adoption-phone-checklist.png", full_page=False)
    finally:
        context.close()


def test_the_csv_principle_column_is_the_principle_name_alone(page, served_site):
    checklist = next(c for c in all_checklists(CODE) if c.key == "partner")
    open_checklist(page, served_site, checklist)
    with page.expect_download() as info:
        page.get_by_role("button", name="Export my answers as CSV").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    header = rows.index(["ID", "Principle", "Question", "Answer", "Notes"])
    for row in rows[header + 1:]:
        principle = CODE.principle(CODE.clause(row[0]).principle)
        assert row[1] == f"{principle.number}. {principle.title}", row[:2]


def test_questions_to_ask_your_prime_offers_the_questions_alone(page, served_site, tmp_path):
    checklist = next(c for c in all_checklists(CODE) if c.key == "ask-prime")
    open_checklist(page, served_site, checklist)
    page.get_by_role("button", name="Show the questions only").click()
    toggle = page.locator(".checklist-questions-toggle")
    assert toggle.get_attribute("aria-pressed") == "true"
    assert toggle.inner_text() == "Show the answer form"
    first = checklist.items(CODE)[0]
    assert page.is_visible(f'[id="item-{first.id}"] legend')
    assert not page.is_visible(f'[id="item-{first.id}"] .checklist-evidence')
    assert not page.is_visible(f'[id="item-{first.id}"] .checklist-answers')
    pdf = tmp_path / "questions.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    text = pdf_text(pdf)
    assert "What good looks like" not in text and "Not applicable" not in text
    assert " ".join(checklist.question(first).split()[:5]) in text


def test_a_printed_checklist_ends_with_the_sign_off_block(page, served_site, tmp_path):
    checklist = next(c for c in all_checklists(CODE) if c.key == "commissioner")
    open_checklist(page, served_site, checklist)
    assert not page.is_visible(".checklist-signoff")
    pdf = tmp_path / "checklist.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    text = pdf_text(pdf)
    tail = text[text.rindex("Sign-off"):]
    for label in ("Name:", "Role:", "Date:", "Signature:", "Date the board approved it:"):
        assert label in tail
    assert "Your apply-or-explain statement" not in text


# -- the keyboard: glossary terms, clause links, landmarks, skip link, search ---------------

AXE = (ROOT / "node_modules/axe-core/axe.min.js")


def axe(page, rules):
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async (rules) => (await axe.run(document, {runOnly: rules}))
        .violations.map(v => [v.id, v.nodes.map(n => n.target.join(" "))])""", rules)


def test_one_glossary_tab_stop_per_term_and_clause_and_named_clause_links(page, served_site):
    principle = CODE.principles[0]
    page.goto(served_site + site_url(principle.page), wait_until="load")
    # Terms inside links and labels keep the link's own tab stop (glossary.js).
    stops = page.evaluate("""() => [...document.querySelectorAll('.md-typeset abbr[title]')]
        .filter(a => !a.closest('a, button, label, summary'))
        .map(a => [a.closest('.clause, fieldset, article') === null ? '' :
                   (a.closest('.clause') ? a.closest('.clause').previousElementSibling.id : 'page'),
                   a.textContent.trim().toLowerCase(), a.tabIndex])""")
    focusable = [(group, term) for group, term, index in stops if index == 0]
    assert focusable and len(focusable) == len(set(focusable)), "a term is a tab stop twice in a clause"
    assert {(g, t) for g, t, _ in stops} == set(focusable), "a term has no tab stop in its clause"
    for clause in principle.active_clauses:
        for name in (f"Comment on clause {clause.id}", f"Suggest a change to clause {clause.id}"):
            assert page.get_by_role("link", name=name, exact=True).count() == 1, name


@pytest.mark.parametrize("path", ["", "checklists/partners/", "adopters/"])
def test_landmarks_have_unique_names(page, served_site, path):
    page.goto(served_site + path, wait_until="load")
    assert axe(page, ["landmark-unique", "scrollable-region-focusable"]) == []


def test_skip_link_moves_the_focus_and_search_has_no_invisible_tab_stop(page, served_site):
    page.goto(served_site + site_url(CODE.principles[0].page), wait_until="load")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement !== document.body")
    target = page.evaluate("document.activeElement.tagName + '#' + document.activeElement.id")
    assert target.startswith("H1#") or target.startswith("H2#"), target
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.md-content') !== null")

    page.focus(".md-search__input")
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => { const e = document.activeElement, r = e.getBoundingClientRect();
        return {cls: e.className, w: r.width, h: r.height}; }""")
    assert "md-search__scrollwrap" not in focused["cls"], focused
    page.focus(".md-search__input")
    page.keyboard.type("payment")
    page.wait_for_selector(".md-search-result__item", state="attached")
    assert axe(page, ["scrollable-region-focusable"]) == []


def test_no_statement_on_the_questions_to_ask_your_prime_or_the_complete_checklist(page, served_site):
    for key in ("ask-prime", "all"):
        checklist = next(c for c in all_checklists(CODE) if c.key == key)
        page.goto(served_site + site_url(checklist.page), wait_until="load")
        page.wait_for_selector(".checklist-progress:not([hidden])")
        assert page.locator(".checklist-statement, .checklist-law").count() == 0
        assert page.get_by_role("button", name="Save my answers to a file").count() == 1

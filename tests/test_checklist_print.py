"""The checklists on paper, in the browser and as downloads.

Prints the built checklist pages with headless Chromium (Debian's chromium,
see `make system-deps`), reads the PDFs back with poppler's pdftotext,
pdftoppm and pdfinfo, answers a checklist in the browser, and checks the
CSV and PDF downloads that `cop downloads` makes and the post-build step
copies into the site (tests/test_downloads.py checks the other formats).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from markupsafe import escape

from code_of_practice.outputs.browser import serve
from code_of_practice.model.downloads import CHECKLIST_FORMATS, human_size
from code_of_practice.model.checklists import all_checklists
from code_of_practice.model.code import load_code
from code_of_practice.model.urls import site_url
from code_of_practice.model.provenance import provenance_line
from code_of_practice.model.releases import edition, load_releases

from code_of_practice.testing import ROOT

CODE = load_code(ROOT)
EDITION = edition(CODE, load_releases(ROOT), ROOT)
POST_BUILD = [sys.executable, "-m", "code_of_practice.cli", "post-build"]
CHECKLISTS = all_checklists(CODE)
BY_SLUG = {c.slug: c for c in CHECKLISTS}
# Words from the site's header, navigation and footer that paper has no use for.
NAV_TEXT = ("Skip to content", "Search", "Background", "Contribute",
            "Changes and consultation", "Edit this page", "Previous", "Next",
            "Accessibility", "Privacy")

pytestmark = pytest.mark.browser


def needs(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: run `make system-deps`")


def squash(text: str) -> str:
    """Text with runs of white space made one space, and hyphens rejoined."""
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text)).strip()


def pdf_text(path: Path) -> str:
    needs("pdftotext")
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def pdf_pages(path: Path) -> int:
    needs("pdfinfo")
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                          text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def page_one_pixels(path: Path, out: Path) -> bytes:
    """Page 1 of a PDF, rendered in grey at 50 dpi: the raw bytes of its PGM."""
    needs("pdftoppm")
    subprocess.run(["pdftoppm", "-gray", "-r", "50", "-f", "1", "-l", "1", "-singlefile",
                    str(path), str(out)], check=True, capture_output=True)
    data = out.with_suffix(".pgm").read_bytes()
    # P5 <width> <height> <maxval> then one byte a pixel.
    fields = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert fields, "pdftoppm did not write a binary PGM"
    return data[fields.end():]


def differing(a: bytes, b: bytes) -> int:
    assert len(a) == len(b)
    return sum(1 for x, y in zip(a, b) if abs(x - y) > 64)


def item_ids(html: str) -> list[str]:
    return re.findall(r'<fieldset class="checklist-item"[^>]*\bdata-clause="([^"]+)"', html)


def page_html(site_dir: Path, slug: str) -> str:
    return (site_dir / site_url(BY_SLUG[slug].page) / "index.html").read_text(encoding="utf-8")


# -- fixtures -------------------------------------------------------------------------

@pytest.fixture(scope="session")
def site_with_downloads(published) -> Path:
    """The site as `make build` makes it (the `published` fixture in conftest.py)."""
    assert "PDF complete.pdf" in published["made"], published["made"]  # it reports progress
    return published["site"]


@pytest.fixture(scope="module")
def served(site_with_downloads):
    with serve(site_with_downloads) as url:
        yield url


@pytest.fixture(scope="module")
def chromium(browser):
    """The session's one Chromium (tests/conftest.py): Playwright's sync API
    allows one at a time."""
    return browser


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="en-GB", accept_downloads=True)
    yield context.new_page()
    context.close()


def open_checklist(page, served: str, slug: str):
    page.goto(served + site_url(BY_SLUG[slug].page), wait_until="load")
    return page


# -- (a) printing: the items, no navigation, a sane number of pages --------------------

@pytest.mark.parametrize("slug", sorted(BY_SLUG))
def test_printed_checklist_has_every_item_and_no_navigation(page, served, slug, tmp_path):
    open_checklist(page, served, slug)
    pdf = tmp_path / f"{slug}.pdf"
    # What a reader gets from the browser's print dialog: print.css's @page rules.
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=False)
    text = squash(pdf_text(pdf))
    items = BY_SLUG[slug].items(CODE)

    for clause in items:
        opening = squash(" ".join(BY_SLUG[slug].question(clause).split()[:6]))
        assert f"{clause.id} {opening}" in text, f"{slug}: item {clause.id} missing from print"
    for words in NAV_TEXT:
        assert not re.search(rf"\b{re.escape(words)}\b", text), \
            f"{slug}: {words!r} from the site's navigation is printed"
    assert f"{BY_SLUG[slug].title}: version {EDITION['version']}" in text
    for field in ("Organisation", "Contract", "Date", "Completed by"):
        assert field in text
    # The margin boxes number the pages.
    assert re.search(r"Page 1 of \d+", text), "no page numbers in the printed footer"
    pages = pdf_pages(pdf)
    assert 1 <= pages <= len(items) / 2 + 3, f"{slug}: {pages} pages for {len(items)} items"


# -- (b) the answer boxes print, and answers print filled in ---------------------------

def test_answer_boxes_are_visible_in_print(page, served):
    open_checklist(page, served, "partners")
    page.emulate_media(media="print")
    boxes = page.eval_on_selector_all(
        'fieldset.checklist-item input[type="radio"]',
        """inputs => inputs.map(i => {
             const s = getComputedStyle(i), r = i.getBoundingClientRect();
             return {visibility: s.visibility, display: s.display, width: r.width,
                     height: r.height, border: parseFloat(s.borderTopWidth)};
           })""")
    assert len(boxes) == 4 * len(BY_SLUG["partners"].items(CODE))
    for box in boxes:
        assert box["visibility"] == "visible" and box["display"] != "none", box
        assert box["width"] >= 10 and box["height"] >= 10, box
        assert box["border"] >= 1, box
    # The heading block, hidden on screen, is part of the printed form.
    assert page.is_visible(".checklist-form-title")
    assert not page.is_visible(".md-sidebar, .md-header, .md-footer")


def test_boxes_and_answers_show_on_the_printed_page(page, served, tmp_path):
    open_checklist(page, served, "partners")
    first = BY_SLUG["partners"].items(CODE)[0].id

    blank = tmp_path / "blank.pdf"
    page.pdf(path=str(blank), prefer_css_page_size=True)
    page.add_style_tag(content='input[type="radio"] { visibility: hidden !important; }')
    no_boxes = tmp_path / "no-boxes.pdf"
    page.pdf(path=str(no_boxes), prefer_css_page_size=True)
    assert differing(page_one_pixels(blank, tmp_path / "blank"),
                     page_one_pixels(no_boxes, tmp_path / "no-boxes")) > 40, \
        "the answer boxes do not show on the printed page"

    open_checklist(page, served, "partners")
    page.check(f'input[name="answer-{first}"][value="no"]')
    page.fill(f'textarea[name="notes-{first}"]', "Agreed at the March review meeting")
    page.fill('input[name="organisation"]', "Northside Advice Trust")
    answered = tmp_path / "answered.pdf"
    page.pdf(path=str(answered), prefer_css_page_size=True)
    assert differing(page_one_pixels(blank, tmp_path / "blank"),
                     page_one_pixels(answered, tmp_path / "answered")) > 10
    text = squash(pdf_text(answered))
    assert "Agreed at the March review meeting" in text
    assert "Northside Advice Trust" in text


# -- (c) answers are kept in this browser, and can be cleared --------------------------

def test_answers_survive_a_reload_and_clear(page, served):
    slug = "partners"
    items = BY_SLUG[slug].items(CODE)
    first, second = items[0].id, items[1].id
    open_checklist(page, served, slug)
    status = page.locator(".checklist-progress [role=status]")
    assert page.is_visible(".checklist-progress")
    assert status.inner_text() == f"0 of {len(items)} answered"

    page.locator(f'input[name="answer-{first}"][value="yes"]').check()
    page.get_by_label("Partly").nth(1).check()  # the second item's "Partly"
    page.fill(f'textarea[name="notes-{first}"]', "Risk register shared in May")
    page.fill('input[name="contract"]', "Work and Health Programme, Lot 3")
    assert status.inner_text() == f"2 of {len(items)} answered"

    page.reload(wait_until="load")
    assert page.is_checked(f'input[name="answer-{first}"][value="yes"]')
    assert page.is_checked(f'input[name="answer-{second}"][value="partly"]')
    assert page.input_value(f'textarea[name="notes-{first}"]') == "Risk register shared in May"
    assert page.input_value('input[name="contract"]') == "Work and Health Programme, Lot 3"
    assert status.inner_text() == f"2 of {len(items)} answered"
    assert status.get_attribute("aria-live") == "polite"

    # The CSV is made in the browser, with the answers in it.
    with page.expect_download() as info:
        page.get_by_role("button", name="Export my answers as CSV").click()
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == [provenance_line(EDITION)]
    assert ["Contract", "Work and Health Programme, Lot 3"] in rows
    header = rows.index(["ID", "Principle", "Question", "Answer", "Notes"])
    answers = {r[0]: r for r in rows[header + 1:]}
    assert list(answers) == [c.id for c in items]
    assert answers[first][3:] == ["Yes", "Risk register shared in May"]
    assert answers[second][3] == "Partly"

    # Clear answers asks first; declining keeps them.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Clear answers").click()
    assert page.is_checked(f'input[name="answer-{first}"][value="yes"]')
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear answers").click()
    assert page.locator(".checklist-item input[type=radio]:checked").count() == 0
    assert page.input_value(f'textarea[name="notes-{first}"]') == ""
    assert page.input_value('input[name="contract"]') == ""
    assert status.inner_text() == f"0 of {len(items)} answered"
    page.reload(wait_until="load")
    assert page.locator(".checklist-item input[type=radio]:checked").count() == 0
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('cop-checklist:'))") == []


def test_buttons_are_real_buttons_with_a_visible_focus(page, served):
    open_checklist(page, served, "commissioners")
    buttons = page.locator(".checklist-progress button")
    assert buttons.all_inner_texts() == ["Print with my answers", "Export my answers as CSV",
                                         "Clear answers", "Save my answers to a file",
                                         "Load answers from a file"]
    assert all(b.get_attribute("type") == "button" for b in buttons.all())
    buttons.first.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    outline = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
                                        return [document.activeElement.tagName, s.outlineStyle,
                                                parseFloat(s.outlineWidth)]; }""")
    assert outline[0] == "BUTTON" and outline[1] != "none" and outline[2] >= 2, outline


def test_each_checklist_keeps_its_own_answers(page, served):
    open_checklist(page, served, "commissioners")
    first = BY_SLUG["commissioners"].items(CODE)[0].id
    page.check(f'input[name="answer-{first}"][value="n/a"]')
    open_checklist(page, served, "complete")
    assert not page.is_checked(f'input[name="answer-{first}"][value="n/a"]')
    keys = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('cop-checklist:'))")
    assert keys == [f"cop-checklist:commissioner:{EDITION['version']}"]


# -- (d) the downloads ------------------------------------------------------------------

@pytest.mark.parametrize("slug", sorted(BY_SLUG))
def test_downloads_exist_and_match_the_page(site_with_downloads, slug):
    downloads = site_with_downloads / "downloads"
    html = page_html(site_with_downloads, slug)
    ids = item_ids(html)
    assert ids, f"{slug}: no checklist items on the page"

    raw = (downloads / f"{slug}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "the CSV lacks its UTF-8 byte order mark"
    assert b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == [provenance_line(EDITION)], "the CSV lacks its provenance statement"
    assert rows[1] == ["ID", "Principle", "Question", "What good looks like", "Applies to",
                       "Link", "Code version", "Answer", "Notes"]
    assert [r[0] for r in rows[2:]] == ids
    assert {r[6] for r in rows[2:]} == {EDITION["version"]}
    assert all(r[5].startswith("https://example.org/code/") for r in rows[2:])
    first = CODE.clause(ids[0])
    assert rows[2][3].splitlines() == [f"\u2022 {e}" for e in first.evidence]

    pdf = downloads / f"{slug}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = squash(pdf_text(pdf))
    assert f"version {EDITION['version']} ({EDITION['status']})" in text
    assert f"{BY_SLUG[slug].title} · version" in text
    # The provenance statement is in the footer of every page (and under the title).
    assert text.count(squash(provenance_line(EDITION))) >= pdf_pages(pdf), \
        "a PDF page lacks the provenance statement"
    assert re.search(r"Page 1 of \d+", text)
    assert text.count("Page 1 of") == 1, "two footers on the PDF"
    for item in ids:
        assert re.search(rf"(^| ){re.escape(item)} ", text), f"{slug}.pdf lacks item {item}"
    assert squash(first.evidence[0]) in text, f"{slug}.pdf lacks the evidence of {first.id}"
    assert 1 <= pdf_pages(pdf) <= len(ids) + 3

    # The page links every format, with the size of the file the site serves.
    assert f"Download version {EDITION['version']} of this checklist" in html
    for fmt in CHECKLIST_FORMATS:
        size = human_size((downloads / f"{slug}.{fmt.ext}").stat().st_size)
        link = (f'<a href="../../downloads/{slug}.{fmt.ext}" download>{re.escape(fmt.label)} '
                f'<span class="download-size" data-download="{slug}.{fmt.ext}">'
                f'\\({fmt.kind}, {re.escape(size)}\\)</span></a>')
        assert re.search(link, html), f"{slug}: no link to {slug}.{fmt.ext} with its size"


def test_evidence_is_under_each_item_on_screen(site_with_downloads):
    html = page_html(site_with_downloads, "complete")
    for clause in CODE.active_clauses:
        block = html.split(f'id="item-{clause.id}"', 1)[1].split("</fieldset>", 1)[0]
        assert "What good looks like:" in block, clause.id
        for line in clause.evidence:
            assert f"<li>{escape(line)}</li>" in block, clause.id


def test_build_downloads_fails_loudly_without_pages(tmp_path):
    result = subprocess.run(
        [*POST_BUILD, "--site-dir", str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
        timeout=120)
    assert result.returncode != 0
    assert "holds no built site" in result.stderr
    assert "Traceback" not in result.stderr


def test_downloads_fail_loudly_without_chromium(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "code_of_practice.cli", "downloads", "--out", str(tmp_path),
         "--chromium", str(tmp_path / "no-such-chromium")], cwd=ROOT, capture_output=True,
        text=True, timeout=120)
    assert result.returncode != 0
    assert "Chromium not found" in result.stderr
    assert "Traceback" not in result.stderr


# -- (e) without JavaScript the page is still the whole form ---------------------------

def test_checklist_is_complete_without_javascript(chromium, served, site_with_downloads):
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        for slug in sorted(BY_SLUG):
            open_checklist(page, served, slug)
            ids = item_ids(page_html(site_with_downloads, slug))
            assert page.locator("fieldset.checklist-item").count() == len(ids)
            for item in ids:
                assert page.locator(f'input[type="radio"][name="answer-{item}"]').count() == 4
                assert page.locator(f'textarea[name="notes-{item}"]').count() == 1
            assert page.locator(".checklist-progress button").count() == 0
            assert not page.is_visible(".checklist-progress")
    finally:
        context.close()


# -- (f) a printed principle page says its version ---------------------------------------

def test_printed_principle_page_says_the_version(page, served, tmp_path):
    page.goto(served + "code/1-risk/", wait_until="load")
    assert not page.is_visible(".print-edition"), "the version line is for paper only"
    pdf = tmp_path / "principle.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    text = squash(pdf_text(pdf))
    assert f"From the code, version {EDITION['version']} ({EDITION['status']}" in text

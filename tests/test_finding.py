"""Finding, reading and following changes (issue 17): search, the home page's
start, headings, the edit pencil, print margins, console errors, the feed,
links-only changes, the register's filters and answers carried over to a new
version. The compare page has its own module, test_compare.py.

No test names a version: each reads the versions from the project.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from code_of_practice.model.checklists import all_checklists
from code_of_practice.model.diff import ClauseChange
from code_of_practice.model.history import question_since
from code_of_practice.model.project import load_project
from code_of_practice.model.urls import FEED_FILE, absolute_url, site_url
from code_of_practice.outputs.feed import build_feed, write_feed
from code_of_practice.render.consultations import register_page
from code_of_practice.render.history import changelog, links_group
from code_of_practice.render.site import css_string
from code_of_practice.testing import read_html, site_pages

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def project(root):
    return load_project(root)


def _page_file(site: Path, page: str) -> Path:
    return site / page if page.endswith(".html") else site / page / "index.html"


# -- search ---------------------------------------------------------------------


def _search(page, query: str) -> list[str]:
    """The distinct pages (URL paths) of the search results, best first."""
    box = page.locator("input.md-search__input")
    box.focus()
    box.fill("")
    page.wait_for_function(
        "() => document.querySelectorAll('.md-search-result__item').length === 0")
    page.keyboard.type(query)
    # Results for this query, not the last one: Material puts the query's
    # words in each result's address (?h=...).
    word = query.split()[-1].lower()
    page.wait_for_function(
        """word => [...document.querySelectorAll('.md-search-result__item > a')]
                  .some(a => new URL(a.href).searchParams.get('h')?.split(' ').includes(word))""",
        arg=word)
    hrefs = page.eval_on_selector_all(
        ".md-search-result__list > .md-search-result__item > a",
        "els => els.map(e => new URL(e.href).pathname)")
    pages: list[str] = []
    for href in hrefs:
        if href not in pages:
            pages.append(href)
    return pages


@pytest.mark.browser
def test_search_finds_each_checklist_the_changelog_and_compare_in_the_first_three(
        browser, served_site, project):
    wanted = {c.title: "/" + site_url(c.page) for c in all_checklists(project.code)}
    wanted["changelog"] = "/changes/changelog/"
    wanted["compare"] = "/changes/compare/"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served_site, wait_until="load")
    missed = {}
    for query, target in wanted.items():
        found = _search(page, query)
        if target not in found[:3]:
            missed[query] = found[:5]
    page.close()
    assert not missed, f"not among the first three results: {missed}"


def test_search_index_has_the_generated_pages_once_without_their_bodies(site, project):
    import json

    docs = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    by_page: dict[str, list[dict]] = {}
    for doc in docs:
        by_page.setdefault(doc["location"].split("#")[0], []).append(doc)
    for checklist in all_checklists(project.code):
        entries = by_page["" + site_url(checklist.page)]
        # The title and the introduction only: no section per principle, and
        # none of the questions, which the principle pages already hold.
        assert [d["title"] for d in entries] == [checklist.title]
        for clause in checklist.items(project.code):
            assert clause.question not in entries[0]["text"]
    changelog_docs = by_page["changes/changelog/"]
    assert changelog_docs[0]["title"] == "Changelog"
    assert not any("change-heading" in d["location"] or "-clause-" in d["location"]
                   for d in changelog_docs)
    assert [d["title"] for d in by_page["changes/compare/"]] == ["Compare versions"]


# -- the home page ----------------------------------------------------------------


def test_home_page_starts_with_each_audience_and_its_checklist(site, project):
    html = read_html(site, "")
    article = html[html.index("<article"):]
    first_h2 = article.find("<h2")
    start = article.index('class="home-start"')
    assert article.index('class="home-status"') < start < (first_h2 if first_h2 >= 0 else 10**9)
    for key, info in project.code.frameworks.audiences.items():
        chosen = [c for c in all_checklists(project.code) if c.key == key][0]
        block = article[article.index(f'id="i-am-{key}"'):]
        block = block[:block.index("</details>")]
        assert f'href="{site_url(chosen.page)}">I am a {info["one"]}</a>' in block
        for clause in project.code.for_audience(key):
            assert f'{clause.anchor}" title=' in block, (key, clause.id)
    edition = project.edition
    assert f"version {edition['version']}, {edition['status']}" in article


def test_home_status_line_names_each_open_consultation_and_its_closing_date(site, project):
    """Issue 17: any open consultation is visible above the fold, in the status line."""
    import datetime

    from code_of_practice.render.history import long_date

    status = re.search(r'<p class="home-status">.*?</p>', read_html(site, ""), re.S).group(0)
    open_now = [c for c in project.history.consultations
                if c.state(datetime.date.today()) in ("open", "planned")]
    for consultation in open_now:
        # The dates, which the reader's browser turns into open or closed on the day.
        assert f"until the end of {long_date(consultation.closes)}" in status
        assert f'data-consultation-closes="{consultation.closes}"' in status
        assert f"#consultation-{consultation.id.lower()}" in status
    if not open_now:
        assert "consultation-when" not in status


def test_the_status_line_shows_an_open_consultation():
    from code_of_practice.model.consultations import Consultation
    from code_of_practice.render.home import edition_status

    consultation = Consultation(id="CONS-2027-01", title="On <version> 2.0", version="2.0",
                                clauses=(), summary="", opens="2027-01-04",
                                closes="2027-03-29", how_to_respond="", reported="",
                                response="", line=1)
    line = edition_status({"version": "2.0", "status": "consultation draft", "date": "2027-01-04",
                           "released": True}, [], "index.md", open_now=[consultation])
    assert ("Open from 4 January 2027 until the end of 29 March 2027 (UK time).") in line
    assert 'data-consultation-opens="2027-01-04" data-consultation-closes="2027-03-29"' in line
    assert "On &lt;version&gt; 2.0" in line
    assert 'href="changes/consultations/#consultation-cons-2027-01"' in line


@pytest.mark.browser
def test_home_page_status_and_start_fit_a_phone_screen(browser, served_site, tmp_path):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(served_site, wait_until="load")
    page.screenshot(path=str(tmp_path / "home-390.png"))
    bottoms = page.eval_on_selector_all(
        ".home-status, .home-start__who",
        "els => els.map(e => e.getBoundingClientRect().bottom)")
    page.close()
    assert len(bottoms) >= 2
    assert max(bottoms) <= 844, f"below the fold at 390 × 844: {bottoms}"


# -- headings, the edit pencil, print ------------------------------------------------


class _Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels: list[int] = []

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))


def test_heading_levels_are_in_order_on_every_page(site):
    problems = []
    for page in site_pages(site) + ["404.html"]:
        parser = _Headings()
        parser.feed(_page_file(site, page).read_text(encoding="utf-8"))
        previous = 0
        for level in parser.levels:
            if level > previous + 1:
                problems.append(f"/{page}: h{previous} is followed by h{level}")
                break
            previous = level
    assert not problems, "\n".join(problems)


def _edit_links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)"[^>]*class="md-content__button md-icon" rel="edit"',
                      html)


def test_generated_pages_edit_pencil_opens_their_real_source(site, project):
    repo = "https://github.com/living-code-of-practice/code-of-practice"
    for checklist in all_checklists(project.code):
        assert _edit_links(read_html(site, site_url(checklist.page))) == [
            f"{repo}/tree/main/docs/code/"]
    # A page generated from data offers, instead, how to suggest a change.
    for page in ("changes/changelog/", "changes/compare/", "changes/errata/"):
        assert _edit_links(read_html(site, page)) == []
        assert re.search(r'<a href="\.\./how-to-comment/" title="How to suggest a change to '
                         r'this page"', read_html(site, page)), page
    # An ordinary page keeps Material's pencil on its own file.
    assert _edit_links(read_html(site, "code/")) == [f"{repo}/edit/main/docs/code/index.md"]
    # No generated page's pencil opens the Markdown file that holds only a macro call.
    for page in ("changes/changelog/", "changes/compare/", "changes/you-said-we-did/"):
        assert not any(link.endswith(".md") for link in _edit_links(read_html(site, page)))


def test_css_string_cannot_end_the_string_or_the_style_element():
    text = 'draft "quoted" </style><script>alert(1)</script> \\ end'
    quoted = css_string(text)
    assert quoted.startswith('"') and quoted.endswith('"')
    inner = quoted[1:-1]
    assert '"' not in inner and "<" not in inner and ">" not in inner
    # Each escape is a backslash and six hex digits, which CSS reads as one character.
    decoded = re.sub(r"\\([0-9a-f]{6})", lambda m: chr(int(m.group(1), 16)), inner)
    assert decoded == text


@pytest.mark.browser
def test_every_printed_page_says_the_version_and_status(browser, served_site, project,
                                                         tmp_path):
    edition = project.edition
    label = f"Version {edition['version']}, {edition['status']}"
    first = project.code.principles[0]
    page = browser.new_page()
    page.goto(served_site + site_url(first.page), wait_until="load")
    pdf = tmp_path / "principle.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    page.close()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    sheets = [s for s in text.split("\f") if s.strip()]
    assert len(sheets) > 1, "expected a principle page to print on several sheets"
    missing = [n for n, sheet in enumerate(sheets, 1) if label not in sheet]
    assert not missing, f"{label!r} is missing from printed page(s) {missing}"


# -- console errors ------------------------------------------------------------------


# That no page logs a console error is checked in the same page loads as axe-core
# (tests/test_accessibility.py); under mike, with the outdated-version banner, on
# the gh-pages branch the publish workflow makes (tests/test_publish.py).


def test_outside_mike_no_version_selector_asks_for_versions_json(site):
    # mike's build sets MIKE_DOCS_VERSION; a plain build must not fetch
    # ../versions.json, which 404s on every page outside mike.
    html = read_html(site, "code/")
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                       html, re.S).group(1)
    assert '"version": null' in config or '"version":null' in config


# -- the feed ------------------------------------------------------------------------


def test_feed_is_atom_and_lists_every_release(project, tmp_path):
    base = "https://example.org/code/"
    written = write_feed(project, tmp_path, base)
    assert written == [tmp_path / FEED_FILE]
    root = ET.parse(written[0]).getroot()
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == base + FEED_FILE
    entries = root.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids))
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{required}"), required
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    for release in project.releases:
        title = f"Version {release.version} ({release.status})"
        assert title in titles
        entry = entries[titles.index(title)]
        assert entry.findtext(f"{ATOM}updated").startswith(release.date)
        assert entry.find(f"{ATOM}link").get("href") == absolute_url(
            base, "changes/changelog.md", "version-" + release.version.replace(".", "-"))
    # Newest first; unreleased changes are not an entry.
    dates = [e.findtext(f"{ATOM}updated") for e in entries]
    assert dates == sorted(dates, reverse=True)
    if not project.edition["released"]:
        assert not any(t.startswith(f"Version {project.edition['version']} ") for t in titles)


def test_feed_has_an_entry_for_each_consultation(project_copy):
    from code_of_practice.render.consultations import consultation_anchor as page_anchor

    with open(project_copy / "data/consultations.yml", "a", encoding="utf-8") as data:
        data.write('\n- id: CONS-2026-07\n  title: Consultation on <principle 1>\n'
                   '  clauses: ["1.1"]\n  opens: 2026-12-01\n  closes: 2027-02-26\n'
                   "  how_to_respond: Open an issue on this project's repository.\n")
    text = (project_copy / "data/consultations.yml").read_text(encoding="utf-8")
    (project_copy / "data/consultations.yml").write_text(text.replace("\n[]\n", "\n"),
                                                         encoding="utf-8")
    copy = load_project(project_copy)
    # Beside any consultation the project already has.
    assert [c.id for c in copy.history.consultations][-1] == "CONS-2026-07"
    root = ET.fromstring(build_feed(copy, "https://example.org/"))
    entries = {e.findtext(f"{ATOM}title"): e for e in root.findall(f"{ATOM}entry")}
    entry = entries["Consultation: Consultation on <principle 1> (2026-12-01 to 2027-02-26)"]
    assert entry.findtext(f"{ATOM}updated").startswith("2026-12-01")
    assert entry.find(f"{ATOM}link").get("href") == (
        "https://example.org/changes/consultations/#" + page_anchor("CONS-2026-07"))
    # Contributed text stays text: the title's "<" is escaped in the entry's HTML.
    assert "&lt;principle 1&gt;" in entry.findtext(f"{ATOM}content") or \
        "<principle 1>" not in entry.findtext(f"{ATOM}content")


def test_feed_escapes_contributed_text(project):
    feed = build_feed(project, "https://example.org/")
    # Entry content is HTML carried as escaped text, so nothing in it is markup to Atom.
    root = ET.fromstring(feed)
    for content in root.iter(f"{ATOM}content"):
        assert content.get("type") == "html"
        assert len(list(content)) == 0


def test_every_page_declares_the_feed_and_the_changelog_links_to_it(site):
    for page in site_pages(site) + ["404.html"]:
        html = _page_file(site, page).read_text(encoding="utf-8")
        link = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"',
                         html)
        assert link, f"/{page} does not declare the feed"
        if not page.endswith(".html"):
            depth = page.count("/")
            assert link.group(1) == "../" * depth + FEED_FILE, (page, link.group(1))
    changelog_html = read_html(site, "changes/changelog/")
    assert f'href="../../{FEED_FILE}" type="application/atom+xml"' in changelog_html


# -- links-only changes ----------------------------------------------------------------


def _clause(cid: str, **fields) -> dict:
    base = {"id": cid, "title": f"Clause {cid}", "text": "Words.", "question": "Q?",
            "related": [], "merlin": []}
    base.update(fields)
    return base


def test_a_change_to_links_alone_is_links_only_and_grouped_in_one_line():
    links = ClauseChange("1.1", "changed", _clause("1.1"), _clause("1.1", merlin=["x"]),
                         ("merlin",))
    both = ClauseChange("1.2", "changed", _clause("1.2"),
                        _clause("1.2", text="New words.", related=["1.1"]), ("text", "related"))
    more = ClauseChange("1.3", "changed", _clause("1.3"), _clause("1.3", related=["1.1"]),
                        ("related",))
    assert links.links_only and more.links_only and not both.links_only
    assert not ClauseChange("1.4", "added", None, _clause("1.4"), ("text",)).links_only
    group = links_group([links, both, more], lambda c: "a-" + c.id, lambda c: None)
    assert group["count"] == 2
    assert [c["id"] for c in group["clauses"]] == ["1.1", "1.3"]
    assert group["fields"] == ["Merlin links", "related clauses"]
    assert links_group([both], lambda c: "", lambda c: None) is None


def test_changelog_gives_links_only_changes_one_line_per_version(project):
    text = changelog(project.code, project.history)
    for entry in project.history.versions[1:]:
        grouped = [c for c in entry.changes if c.links_only]
        anchor = "version-" + entry.version.replace(".", "-")
        for change in entry.changes:
            clause_anchor = f"{anchor}-clause-{change.id.replace('.', '-')}"
            # Every change keeps its anchor (the badges and history link to it) ...
            assert f'id="{clause_anchor}"' in text or f"#{clause_anchor} " in text
            # ... but only changes to wording get a heading of their own.
            heading = f"{{ #{clause_anchor} .change-heading"
            assert (heading in text) == (not change.links_only), change.id
        assert (f"#{anchor}-links " in text) == bool(grouped)


def test_badges_ignore_links_only_changes(project):
    from code_of_practice.render.history import clause_badges

    history = project.history
    for clause in project.code.active_clauses:
        badges = clause_badges(project.code, history, clause.id, "code/x.md")
        events = [(e, c) for e, c in history.clause_history(clause.id) if not c.links_only]
        if badges:
            assert badges[0]["label"].split(" in ")[1].startswith(events[-1][0].version)


# -- the register --------------------------------------------------------------------


def test_register_shows_filters_only_with_records_and_never_hides_them(project):
    text = register_page(project.code, project.history)
    if project.history.register:
        assert '<div class="register-filters"' in text
    else:
        assert "register-filters" not in text
    assert '<div class="register-filters" hidden' not in text


@pytest.mark.browser
def test_register_filters_show_matching_records(browser, served_site, project):
    records = project.history.register
    page = browser.new_page()
    page.goto(served_site + "changes/you-said-we-did/", wait_until="load")
    if not records:
        assert page.locator(".register-filters").count() == 0
        page.close()
        return
    filters = page.locator(".register-filters")
    assert filters.is_visible()
    outcome = records[0].outcome
    filters.locator('select[data-filter="outcome"]').select_option(outcome)
    shown = page.locator(".register-record:visible")
    assert shown.count() == sum(r.outcome == outcome for r in records)
    clause = records[0].clauses[0] if records[0].clauses else ""
    filters.locator('select[data-filter="outcome"]').select_option("")
    if clause:
        filters.locator('select[data-filter="clause"]').select_option(clause)
        assert shown.count() == sum(clause in r.clauses for r in records)
    assert "Showing" in filters.locator(".register-count").inner_text()
    page.close()


# -- answers carried over to a newer version ---------------------------------------------


def test_checklist_items_say_since_which_version_their_question_stands(site, project):
    for checklist in all_checklists(project.code):
        html = read_html(site, site_url(checklist.page))
        versions = re.search(r'data-versions="([^"]+)"', html).group(1).split()
        assert versions == [v.version for v in project.history.versions]
        for clause in checklist.items(project.code):
            since = question_since(project.history, clause.id)
            assert f'data-clause="{clause.id}" data-since="{since}"' in html


@pytest.mark.browser
def test_answers_carry_over_for_unchanged_questions_with_a_note(browser, served_site, project):
    """Answers saved against an older version are carried over where the
    question has not changed since, and the other items are listed. The page
    is given a made-up older version ("0.0") so that the test does not depend
    on which versions the project has: every item's question is said to date
    from 0.0 except the first, which is said to be new in the current version."""
    chosen = [c for c in all_checklists(project.code) if c.key != "all"][0]
    items = chosen.items(project.code)
    current = project.edition["version"]
    url = served_site + site_url(chosen.page)
    context = browser.new_context()
    page = context.new_page()

    def rewrite(route):
        html = route.fetch().text()
        html = re.sub(r'data-versions="[^"]*"', f'data-versions="0.0 {current}"', html)
        html = re.sub(r'data-since="[^"]*"', 'data-since="0.0"', html)
        html = html.replace(f'data-clause="{items[0].id}" data-since="0.0"',
                            f'data-clause="{items[0].id}" data-since="{current}"')
        route.fulfill(body=html, headers={"content-type": "text/html; charset=utf-8"})

    page.route(url, rewrite)
    page.goto(url, wait_until="load")
    old = {"fields": {"organisation": "Example Trust"},
           "answers": {c.id: "yes" for c in items}, "notes": {items[1].id: "Kept"}}
    page.evaluate("([key, value]) => localStorage.setItem(key, JSON.stringify(value))",
                  [f"cop-checklist:{chosen.key}:0.0", old])
    page.reload(wait_until="load")

    def answer(clause_id):
        return page.evaluate(
            "id => (document.querySelector(`input[name='answer-${id}']:checked`) || {}).value",
            clause_id)

    assert answer(items[0].id) is None  # its question changed: not carried over
    assert all(answer(c.id) == "yes" for c in items[1:])
    assert page.locator(f'textarea[name="notes-{items[1].id}"]').input_value() == "Kept"
    assert page.locator('input[name="organisation"]').input_value() == "Example Trust"
    note = page.locator(".checklist-carried")
    assert note.is_visible()
    assert "version 0.0" in note.inner_text() and f"version {current}" in note.inner_text()
    assert note.locator("li").all_inner_texts()[0].startswith(items[0].id)
    assert note.locator("li").count() == 1
    assert page.locator(".checklist-item--changed").count() == 1
    # Saved under the new version, with the note kept until the reader hides it.
    page.reload(wait_until="load")
    assert page.locator(".checklist-carried").is_visible()
    note.get_by_role("button", name="Hide this note").click()
    page.reload(wait_until="load")
    assert not page.locator(".checklist-carried").is_visible()
    assert answer(items[1].id) == "yes"
    context.close()

"""Honest history (issue 14): this edition's versions are its own, consultations
and comments are data, and provenance goes wherever the code leaves the site.

- No release, page or export dates a version before this project made it, or
  presents this project's wording as NCVO's or Serco's.
- The consultation pages build from data: open, closed and reported-on states
  each on a fixture project (a copy with consultations written relative to
  today), and the real site in its true state.
- code.json and changelog.json carry the provenance object. (Every CSV and
  PDF carries the provenance line: tests/test_checklist_print.py.)
"""

from __future__ import annotations

import datetime
import html as html_lib
import json
import re

import pytest

from code_of_practice.model.consultations import load_comments, load_consultations
from code_of_practice.model.history import unrecorded_changes
from code_of_practice.model.project import load_project
from code_of_practice.model.provenance import STATEMENT, provenance, provenance_line
from code_of_practice.model.releases import STATUSES, load_releases, release_problems
from code_of_practice.outputs.exports import write_exports
from code_of_practice.render.history import long_date
from code_of_practice.testing import (add_working_change, build_refusal, mkdocs_build, read_html,
                                      site_pages)

# The project began in 2026; no version of its edition is older than this.
FLOOR = "2026-11-01"
TODAY = datetime.date.today()
# Phrases that would present this project's text as NCVO's or Serco's, or date
# a version of it to their documents.
FORBIDDEN = [
    r"the final 2013 code said",
    r"C-2012-01",
    r"Acted on in",
    r"[Vv]ersion \d+\.\d+ \((?:[^)]*?)(?:2012|2013)\)",
    r"Status:\s*(?:</strong>\s*)?(?:adopted|draft for consultation)",
    r"Date:\s*(?:</strong>\s*)?\d{1,2} \w+ (?:2012|2013)",
    r"Edition: \S+\s*</p>\s*<p>Status: adopted",
]


def text_of(page_html: str) -> str:
    """The words of a page's article (or of a fragment of HTML)."""
    body = page_html
    if "<article" in body:
        body = body[body.find("<article"):body.rfind("</article>")]
    words = html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))
    return re.sub(r" ([,.;:)])", r"\1", words)


# -- versions --------------------------------------------------------------------------

def test_no_snapshot_predates_the_project_or_claims_adoption_without_a_body(root):
    releases = load_releases(root)
    assert releases
    for release in releases:
        assert release.date >= FLOOR, f"{release.source} is dated {release.date}"
        assert release.date <= TODAY.isoformat(), f"{release.source} is dated in the future"
        assert release.status in STATUSES
        if release.status == "adopted":
            assert release.adopted_by and release.adopted_by["source"].startswith("https://")
        for phrase in ("NCVO and Serco published", "final 2013 code", "consultation draft. NCVO"):
            assert phrase not in release.summary, f"{release.source}: {phrase!r}"
    assert [r.date for r in releases] == sorted(r.date for r in releases)


@pytest.mark.parametrize("status, date, adopted_by, message", [
    ("adopted", "2026-12-01", None,
     "the status 'adopted' needs the body that adopted this edition and a public source that "
     "shows it (adopted_by: body and source). Without them, use 'published'."),
    ("draft for consultation", "2026-12-01", None,
     "the status 'draft for consultation' is not one this project uses. Use one of: 'draft', "
     "'consultation draft', 'published', 'adopted'."),
    ("draft", "2013-04-11", None,
     "the date 2013-04-11 is before this project began writing its edition (2026-01-01). A "
     "release is dated the day it is really made."),
    ("published", "2026-12-01", {"body": "A council", "source": "https://example.org/"},
     "adopted_by is given but the status is 'published': only an 'adopted' release names the "
     "body that adopted it."),
])
def test_release_statuses_and_dates_are_checked(status, date, adopted_by, message):
    assert release_problems(status, date, adopted_by) == [message]


def test_adopted_with_a_cited_body_is_accepted():
    assert release_problems("adopted", "2026-12-01",
                            {"body": "A council", "source": "https://example.org/minutes"}) == []


def test_a_snapshot_with_a_status_outside_the_list_fails_the_build(project_copy, tmp_path):
    from code_of_practice.model.releases import snapshot_data

    latest = load_releases(project_copy)[-1]
    data = snapshot_data("9.0", "2026-12-01", "adopted", "A test.", latest.content)
    (project_copy / "releases/9.0.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert ("releases/9.0.json, line 4, version 9.0: the status 'adopted' needs the body that "
            "adopted this edition") in build_refusal(project_copy)


def _keep_yaml_items(path, keep) -> set:
    """Rewrite a YAML list file of a copy with only the items keep(item) accepts,
    as written (each item runs from its "- " at the margin to the next); return
    the IDs of those kept."""
    import yaml

    if not path.exists():
        return set()
    text = path.read_text(encoding="utf-8")
    if not isinstance(yaml.safe_load(text), list):
        return set()  # not a list of records (frameworks.yml, an empty file)
    chunks = re.split(r"(?m)^(?=- )", text)
    kept, ids = [chunks[0]], set()
    for chunk in chunks[1:]:
        item = (yaml.safe_load(chunk) or [{}])[0]
        if keep(item):
            kept.append(chunk)
            ids.add(item.get("id") if isinstance(item, dict) else None)
    path.write_text("".join(kept), encoding="utf-8")
    return ids


def test_the_first_release_needs_no_change_records(project_copy):
    """A project with no release: every clause is new, nothing to explain. The
    copy is put back to before its releases: no snapshots, the version being
    worked on is the one its latest release had, and only what that version
    can hold is kept (its change records, consultations and their comments;
    every withdrawal dated in it), whatever releases and unreleased changes
    the project has had."""
    latest = load_releases(project_copy)[-1].version
    for snapshot in (project_copy / "releases").glob("*.json"):
        snapshot.unlink()
    data = project_copy / "data"
    (data / "edition.yml").write_text(f'next_version: "{latest}"\n', encoding="utf-8")
    kept = _keep_yaml_items(data / "consultations.yml", lambda c: str(c.get("version")) == latest)
    _keep_yaml_items(data / "comments.yml", lambda c: c.get("consultation") in kept | {None})
    # Every other record that names a version (change records, reviews, …)
    # names one the copy no longer has unless it is that release's.
    for path in sorted(data.glob("*.yml")):
        if path.name not in ("edition.yml", "consultations.yml", "comments.yml"):
            _keep_yaml_items(path, lambda r: not isinstance(r, dict) or "version" not in r
                             or str(r["version"]) == latest)
    for page in (project_copy / "docs" / "code").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(re.sub(r'(\n\s+withdrawn:\n\s+in: )"[^"]*"', rf'\1"{latest}"', text),
                        encoding="utf-8")
    # Errata are of releases, and the copy has none.
    (project_copy / "data" / "errata.yml").unlink(missing_ok=True)
    history = load_project(project_copy).history
    assert len(history.versions) == 1 and not history.versions[0].released
    assert unrecorded_changes(history) == []


def test_retired_snapshots_are_gone_and_every_old_id_still_resolves(root):
    project = load_project(root)
    assert project.history.versions[0].date is None or project.history.versions[0].date >= FLOOR
    ids = set(project.code.by_id)
    for release in project.releases:
        assert set(release.clauses) <= ids, f"{release.source} has an ID the code lost"


def test_the_built_site_dates_no_version_early_and_claims_no_ncvo_text(site):
    found = []
    for page in site_pages(site):
        source = (site / page / "index.html").read_text(encoding="utf-8")
        for pattern in FORBIDDEN:
            for match in re.finditer(pattern, source):
                found.append(f"{page or '/'}: {match.group(0)!r}")
    assert found == []
    changelog = read_html(site, "changes/changelog/")
    dates = re.findall(r"<strong>Date:</strong> ([^·<]+?) ·", changelog)
    assert dates
    for shown in dates:
        if shown != "not yet released":
            day = datetime.datetime.strptime(shown, "%d %B %Y").date()
            assert day.isoformat() >= FLOOR, shown


def test_the_exports_date_no_version_early_and_carry_provenance(root, tmp_path):
    project = load_project(root)
    write_exports(project, tmp_path, "https://example.org/")
    code = json.loads((tmp_path / "data/code.json").read_text(encoding="utf-8"))
    changelog = json.loads((tmp_path / "data/changelog.json").read_text(encoding="utf-8"))
    for exported in (code, changelog):
        assert exported["provenance"] == provenance(project.edition)
        assert exported["provenance"]["statement"] == STATEMENT
        assert exported["provenance"]["not_ncvo_or_serco_text"] is True
        assert exported["provenance"]["version"] == project.edition["version"]
        assert exported["provenance"]["licence"]["url"] == \
            "https://creativecommons.org/licenses/by/4.0/"
    for version in changelog["versions"]:
        assert version["date"] is None or version["date"] >= FLOOR
        assert version["status"] in STATUSES + ("working draft",)
    text = json.dumps(changelog)
    assert "final 2013 code" not in text and "C-2012-01" not in text
    assert "NCVO" in provenance_line(project.edition) and "not NCVO's" in provenance_line(
        project.edition)


# -- the real site shows its true state -------------------------------------------------

def test_the_real_site_shows_its_consultations_as_they_are(site, root):
    history = load_project(root).history
    home = read_html(site, "")
    page = read_html(site, "changes/consultations/")
    register = read_html(site, "changes/you-said-we-did/")
    open_now = [c for c in history.consultations if c.state() in ("open", "planned")]
    assert ("consultation-notice" in home) == bool(open_now)
    for item in open_now:
        assert (f"Open from {long_date(item.opens)} until the end of {long_date(item.closes)}"
                in text_of(home))
    if not history.consultations:
        assert "This project has not held a consultation yet." in text_of(page)
    for item in history.consultations:
        assert f'id="consultation-{item.id.lower()}"' in page
    if not history.register:
        assert "No comments have been made to this project yet" in text_of(register)
    for comment in history.register:
        assert f'id="record-{comment.id}"' in register


# -- consultations on a fixture ---------------------------------------------------------

def day(offset: int) -> str:
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


@pytest.fixture(scope="module")
def consulted(tmp_path_factory):
    """A copy of the project with a consultation in every state and comments on them."""
    from code_of_practice.testing import ROOT, copy_project

    project = copy_project(ROOT, tmp_path_factory.mktemp("consulted") / "project")
    changed = add_working_change(project)
    latest = load_releases(project)[-1].version
    (project / "data/consultations.yml").write_text(f"""\
- id: CONS-2026-01
  title: Consultation on the first draft
  version: "{latest}"
  opens: {day(-120)}
  closes: {day(-90)}
  how_to_respond: Open an issue or email the comments address.
  reported: {day(-30)}
  response: >-
    We reworded one clause and kept the rest. Thank you to everyone who
    commented.
- id: CONS-2026-02
  title: Consultation on payment clauses
  clauses: ["5.1", "5.5"]
  opens: {day(-60)}
  closes: {day(-5)}
  how_to_respond: Open an issue.
- id: CONS-2026-03
  title: Consultation on data sharing
  version: "{latest}"
  summary: Do the data-sharing clauses ask for the right reports?
  opens: {day(-10)}
  closes: {day(20)}
  how_to_respond: Open an issue or email the comments address.
- id: CONS-2026-04
  title: Consultation on consortia
  clauses: ["3.6"]
  opens: {day(10)}
  closes: {day(40)}
  how_to_respond: Open an issue.
- id: CONS-2026-05
  title: Quiet consultation
  clauses: ["2.1"]
  opens: {day(-200)}
  closes: {day(-170)}
  how_to_respond: Open an issue.
  reported: {day(-160)}
  response: Nobody commented, so nothing changed.
""", encoding="utf-8")
    (project / "data/comments.yml").write_text(f"""\
- id: C-2026-01
  consultation: CONS-2026-01
  received: {day(-100)}
  sector: voluntary and community sector
  issue: 5
  clauses: ["{changed}"]
  summary: The clause should not single out the prime <b>contractor</b>.
  response: We agree and reworded it.
  outcome: accepted
- id: C-2026-02
  consultation: CONS-2026-01
  received: {day(-95)}
  sector: private sector
  email: E-2026-01
  clauses: ["2.1"]
  summary: The review should be yearly, not quarterly.
  response: Quarterly reviews catch problems sooner, so we kept them.
  outcome: not accepted
- id: C-2026-03
  consultation: CONS-2026-01
  received: {day(-92)}
  sector: public sector
  pull_request: 7
  summary: The code as a whole reads well for commissioners.
  response: Thank you.
  outcome: noted
- id: C-2026-04
  consultation: CONS-2026-02
  received: {day(-20)}
  sector: other
  issue: 9
  clauses: ["5.1"]
  summary: Full cost recovery needs a definition.
  response: We are considering this.
  outcome: noted
- id: C-2026-05
  consultation: CONS-2026-03
  received: {day(-2)}
  sector: not given
  email: E-2026-02
  clauses: ["8.2"]
  summary: Monthly reports are too frequent for small partners.
  response: We will consider this when the consultation closes.
  outcome: noted
""", encoding="utf-8")
    text = (project / "data/changes.yml").read_text(encoding="utf-8")
    (project / "data/changes.yml").write_text(
        text.replace("  reason: >-\n    A test rewording.\n",
                     '  reason: >-\n    A test rewording.\n  consultation: ["C-2026-01"]\n'),
        encoding="utf-8")
    site_dir = project.parent / "site"
    result = mkdocs_build(project, site_dir)
    assert result.returncode == 0, result.stderr
    return project, site_dir, changed


def test_an_open_consultation_is_shown_with_its_dates(consulted):
    project, site_dir, _ = consulted
    opens, closes = long_date(day(-10)), long_date(day(20))
    for page in ("", "changes/", "changes/changelog/", "changes/you-said-we-did/",
                 "changes/how-to-comment/", "changes/consultations/"):
        source = read_html(site_dir, page)
        assert "Consultation on data sharing" in source, page
        if page != "changes/consultations/":
            notice = source[source.index('id="open-consultation-cons-2026-03"'):]
            notice = notice[:notice.index("</div>")]
            assert "Consultation: Consultation on data sharing" in text_of(notice), page
            # Without JavaScript the dates; the browser shows the state on the day.
            assert (f'<span data-when="dates">Open from {opens} until the end of {closes} '
                    "(UK time).</span>") in notice, page
            assert "Respond to this consultation" in notice
        # The open and the planned one are announced; the closed and reported are not.
        assert source.count('class="admonition info consultation-notice"') == (
            0 if page == "changes/consultations/" else 2)
        assert 'id="open-consultation-cons-2026-04"' in source or page.endswith("consultations/")
        assert 'id="open-consultation-cons-2026-02"' not in source
    page = text_of(read_html(site_dir, "changes/consultations/"))
    assert "Current consultations" in page
    assert ("1 comment has been recorded so far; each is in the register of comments.") in page
    assert f"Open from {long_date(day(10))} until the end of {long_date(day(40))}" in page


def test_a_closed_consultation_says_its_response_is_coming(consulted):
    _, site_dir, _ = consulted
    page = read_html(site_dir, "changes/consultations/")
    section = page[page.index('id="consultation-cons-2026-02"'):]
    section = text_of(section[:section.index("</section>")])
    assert f"Closed on {long_date(day(-5))}: our response will be published" in section
    assert (f"This consultation closed on {long_date(day(-5))}. We received 1 comment and are "
            "considering it. Our response will be published on this page.") in section
    assert "clauses 5.1, 5.5" in section
    assert "Respond to this consultation" not in section and "Response form" not in section


def test_a_reported_consultation_has_a_response_by_sector_and_clause(consulted):
    project, site_dir, changed = consulted
    page = read_html(site_dir, "changes/consultations/")
    start = page.index('id="consultation-cons-2026-01"')
    section = page[start:page.index("</section>", start)]
    words = text_of(section)
    assert "We reworded one clause and kept the rest." in words
    # Who responded, by sector, with counts.
    for sector in ("Voluntary and community sector", "Private sector", "Public sector"):
        assert re.search(rf"<td>{sector}</td>\s*<td>1</td>", section), sector
    # What was said, by sector, and per clause, with what was done.
    assert "What was said, by sector" in words
    assert f'id="consultation-cons-2026-01-clause-{changed.replace(".", "-")}"' in section
    assert 'id="consultation-cons-2026-01-clause-2-1"' in section
    assert "The code as a whole" in words
    assert "Our response (not accepted): Quarterly reviews catch problems sooner" in words
    assert "Change made: none." in words
    # The accepted comment links to the change record it led to.
    working = load_project(project).edition["version"]
    anchor = f"version-{working.replace('.', '-')}-clause-{changed.replace('.', '-')}"
    assert f'href="../../changes/changelog/#{anchor}"' in section
    assert f"reworded {changed} in version {working}" in words
    # Channels, never names; contributed text is escaped.
    assert re.search(r'href="https://[^"]+/issues/5"', section)
    assert "email (logged as E-2026-01)" in words
    assert "<b>contractor</b>" not in section and "&lt;b&gt;contractor&lt;/b&gt;" in section


def test_a_reported_consultation_without_comments_says_so(consulted):
    _, site_dir, _ = consulted
    page = read_html(site_dir, "changes/consultations/")
    start = page.index('id="consultation-cons-2026-05"')
    words = text_of(page[start:page.index("</section>", start)])
    assert "Nobody commented, so nothing changed." in words
    assert ("No comments were received in this consultation, so there is nothing to report by "
            "sector or by clause.") in words


def test_the_register_shows_each_comment_with_its_channel_and_what_it_led_to(consulted):
    project, site_dir, changed = consulted
    page = read_html(site_dir, "changes/you-said-we-did/")
    for rid in ("C-2026-01", "C-2026-02", "C-2026-03", "C-2026-04", "C-2026-05"):
        assert f'id="record-{rid}"' in page
    for term in ("Received", "From", "Consultation", "Clauses", "You said", "We did", "Led to"):
        assert page.count(f"<dt>{term}</dt>") == 5, term
    words = text_of(page)
    assert "Voluntary and community sector, by issue #5" in words
    assert "Private sector, by email (logged as E-2026-01)" in words
    assert "Public sector, by pull request #7" in words
    working = load_project(project).edition["version"]
    assert f"reworded {changed} in version {working}" in words
    assert "No change to the code yet" in words
    assert 'href="../consultations/#consultation-cons-2026-01"' in page  # a Markdown link
    assert re.search(r'href="https://[^"]+/pull/7"', page)


def test_the_changelog_json_carries_consultations_and_comments(consulted, tmp_path):
    project, _, changed = consulted
    write_exports(load_project(project), tmp_path, "https://example.org/")
    data = json.loads((tmp_path / "data/changelog.json").read_text(encoding="utf-8"))
    states = {c["id"]: c["state"] for c in data["consultations"]}
    assert states == {"CONS-2026-01": "reported on", "CONS-2026-02": "closed",
                      "CONS-2026-03": "open", "CONS-2026-04": "planned",
                      "CONS-2026-05": "reported on"}
    first = next(c for c in data["comments"] if c["id"] == "C-2026-01")
    assert first["channel"] == "issue" and first["reference"] == "5"
    assert first["changes"] == [{"version": load_project(project).edition["version"],
                                 "clauses": [changed], "type": "reworded"}]


# -- validation of the consultation data -------------------------------------------------

KNOWN = {"1.1", "2.1"}


def _load(tmp_path, consultations: str, comments: str = ""):
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data/consultations.yml").write_text(consultations, encoding="utf-8")
    (tmp_path / "data/comments.yml").write_text(comments, encoding="utf-8")
    errors: list[str] = []
    found = load_consultations(tmp_path, KNOWN, ["0.1"], errors, today=TODAY)
    load_comments(tmp_path, KNOWN, found, errors, today=TODAY)
    return errors


GOOD = ("- id: CONS-2026-01\n  title: T\n  version: \"0.1\"\n  opens: 2026-01-10\n"
        "  closes: 2026-02-10\n  how_to_respond: Open an issue.\n")


@pytest.mark.parametrize("consultations, comments, message", [
    (GOOD.replace('  version: "0.1"\n', ""), "",
     "data/consultations.yml, line 1, consultation CONS-2026-01: say what it consults on: a "
     "version (version: \"1.0\") or a list of clauses (clauses: [\"3.2\"])."),
    (GOOD.replace("closes: 2026-02-10", "closes: 2026-01-01"), "",
     "data/consultations.yml, line 1, consultation CONS-2026-01: it closes (2026-01-01) before "
     "it opens (2026-01-10)."),
    (GOOD + "  reported: 2026-02-01\n  response: Done.\n", "",
     "data/consultations.yml, line 1, consultation CONS-2026-01: reported on 2026-02-01, before "
     "it closes (2026-02-10). A consultation is reported on after it has closed."),
    (GOOD + "  response: Done.\n", "",
     "data/consultations.yml, line 1, consultation CONS-2026-01: has a response but no reported "
     "date. Add reported: YYYY-MM-DD, the day the response is published."),
    (GOOD, "- id: C-2026-01\n  consultation: CONS-2026-01\n  received: 2026-01-12\n"
           "  sector: Jane Smith\n  issue: 3\n  summary: S\n  response: R\n  outcome: noted\n",
     "data/comments.yml, line 1, comment C-2026-01: unknown sector 'Jane Smith'. Use one of: "
     "voluntary and community sector, private sector, public sector, other, not given. Never a "
     "person's or an organisation's name."),
    (GOOD, "- id: C-2026-01\n  consultation: CONS-2026-01\n  received: 2026-01-12\n"
           "  sector: other\n  email: jane@example.org\n  summary: S\n  response: R\n"
           "  outcome: noted\n",
     "data/comments.yml, line 1, comment C-2026-01: email must be the reference of the logged "
     "email, like E-2027-01, never an address or a name."),
    (GOOD, "- id: C-2026-01\n  consultation: CONS-2026-01\n  received: 2026-01-12\n"
           "  sector: other\n  summary: S\n  response: R\n  outcome: noted\n",
     "data/comments.yml, line 1, comment C-2026-01: say which of this project's channels it "
     "came by, with exactly one of: issue (its number), pull_request (its number) or email "
     "(its reference in the email log, like E-2027-01)."),
    (GOOD, "- id: C-2026-01\n  consultation: CONS-2026-01\n  received: 2026-01-02\n"
           "  sector: other\n  issue: 4\n  summary: S\n  response: R\n  outcome: noted\n",
     "data/comments.yml, line 1, comment C-2026-01: received 2026-01-02, before CONS-2026-01 "
     "opened (2026-01-10)."),
    (GOOD, "- id: C-2026-01\n  consultation: CONS-2099-01\n  received: 2026-01-12\n"
           "  sector: other\n  issue: 4\n  summary: S\n  response: R\n  outcome: noted\n",
     "data/comments.yml, line 1, comment C-2026-01: names unknown consultation 'CONS-2099-01'. "
     "Add it to data/consultations.yml or correct the ID."),
])
def test_bad_consultation_data_is_refused_with_file_line_and_fix(tmp_path, consultations,
                                                                  comments, message):
    assert message in _load(tmp_path, consultations, comments)


def test_good_consultation_data_loads(tmp_path):
    assert _load(tmp_path, GOOD, "- id: C-2026-01\n  consultation: CONS-2026-01\n"
                 "  received: 2026-01-12\n  sector: other\n  issue: 4\n  clauses: [\"1.1\"]\n"
                 "  summary: S\n  response: R\n  outcome: noted\n") == []


@pytest.mark.browser
def test_consultation_pages_in_every_state_pass_axe(consulted, browser):
    from code_of_practice.testing import AXE_DISABLED_RULES, AXE_RUN, AXE_TAGS, axe_context, serve

    _, site_dir, _ = consulted
    context = axe_context(browser)
    page = context.new_page()
    failures = []
    with serve(site_dir) as url:
        for path in ("", "changes/consultations/", "changes/you-said-we-did/"):
            page.goto(url + path, wait_until="load")
            failures += [(path, v["id"], [n["target"] for n in v["nodes"]])
                         for v in page.evaluate(AXE_RUN, [AXE_TAGS, list(AXE_DISABLED_RULES)])]
    context.close()
    assert failures == []


@pytest.mark.parametrize("status, extra, message", [
    ("adopted", [], "the status 'adopted' needs the body that adopted this edition"),
    ("approved", [], "the status 'approved' is not one this project uses."),
    ("draft", ["--date", "2013-04-11"], "DATE 2013-04-11 is not today"),
])
def test_the_release_command_refuses_a_dishonest_status_or_date(project_copy, status, extra,
                                                                 message):
    from code_of_practice.testing import run_cop

    result = run_cop("--root", str(project_copy), "release", "--version", "9.0", "--status",
                     status, "--summary", "A test.", *extra)
    assert result.returncode == 1
    assert message in result.stderr
    assert not (project_copy / "releases/9.0.json").exists()


@pytest.mark.build
def test_every_link_on_the_consulted_fixture_resolves_under_both_engines(consulted):
    from code_of_practice.testing import check_site, zensical_build

    broken, _, checked = check_site(consulted[1])
    assert checked and broken == []
    result = zensical_build(consulted[0])
    assert result.returncode == 0, result.stderr
    zensical_site = consulted[0] / "site"
    assert "Respond to this consultation" in read_html(zensical_site, "")
    broken, _, checked = check_site(zensical_site)
    assert checked and broken == []


def test_every_pdf_and_csv_download_carries_the_provenance_line(published, root):
    """Every PDF on every page (its footer), and every CSV in its first row."""
    import csv
    import io
    import subprocess

    line = provenance_line(load_project(root).edition)
    downloads = published["downloads"]
    pdfs, csvs = sorted(downloads.glob("*.pdf")), sorted(downloads.glob("*.csv"))
    assert pdfs and csvs
    for pdf in pdfs:
        pages = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                               capture_output=True, text=True).stdout.split("\f")
        pages = [re.sub(r"\s+", " ", p).strip() for p in pages if p.strip()]
        assert pages and all(line in p for p in pages), f"{pdf.name}: a page lacks {line!r}"
    for sheet in csvs:
        rows = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8-sig"), newline="")))
        assert rows[0] == [line], f"{sheet.name}: the first row is not the provenance line"

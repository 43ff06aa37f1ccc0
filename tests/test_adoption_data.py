"""Adoption as data: the register of adopters (model/adopters.py, render/adopters.py)
and each release's state, in force and since when (model/release_state.py,
`cop release --in-force --transition`). Synthetic data only: the real register
is never edited; releases are made on a throwaway git copy."""

from __future__ import annotations

import datetime
import json
import subprocess
from types import SimpleNamespace

import pytest

from code_of_practice.model.adopters import FILE, load_adopters
from code_of_practice.model.code import load_code
from code_of_practice.model.releases import edition, load_release, load_releases, snapshot_data
from code_of_practice.model.release_state import long_date, release_state, state_label
from code_of_practice.model.yaml_lines import DataError
from code_of_practice.render.adopters import adopters_page
from code_of_practice.render.checklists import withdrawn_list
from code_of_practice.testing import ROOT, add_working_change, run_cop, working_version

RELEASED = {"1.0": "2026-12-01"}
TODAY = datetime.date(2027, 6, 1)


# -- the register of adopters -------------------------------------------------------------

def register(tmp_path, text: str):
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / FILE).write_text(text, encoding="utf-8")
    return load_adopters(tmp_path, RELEASED, today=TODAY)


GOOD = """\
- name: Riverside Advice Network
  sector: voluntary and community
  role: partner
  version: "1.0"
  date: 2027-02-01
  statement: https://riverside.invalid/statement
- name: Tyne Employment Services
  sector: private
  role: prime
  version: "1.0"
  date: 2027-03-15
  statement: https://tyne.invalid/code-of-practice
"""


def test_the_real_register_loads_and_lists_nobody_it_was_not_told_of():
    text = (ROOT / FILE).read_text(encoding="utf-8")
    releases = {r.version: r.date for r in load_releases(ROOT)}
    adopters = load_adopters(ROOT, releases)
    # Every listed organisation has its statement's address in the file: none is invented.
    for adopter in adopters:
        assert adopter.statement.startswith("https://") and adopter.statement in text


def test_a_good_register_loads(tmp_path):
    adopters = register(tmp_path, GOOD)
    assert [(a.name, a.role, a.line) for a in adopters] == [
        ("Riverside Advice Network", "partner", 1), ("Tyne Employment Services", "prime", 7)]


@pytest.mark.parametrize("old, new, message", [
    ("statement: https://riverside.invalid/statement", "statement: http://riverside.invalid/s",
     f"{FILE}, line 6, Riverside Advice Network: the statement address must be an https:// address"),
    ("statement: https://riverside.invalid/statement", "statement: javascript:alert(1)",
     f"{FILE}, line 6, Riverside Advice Network: the statement address must be an https://"),
    ("role: partner", "role: supplier",
     f"{FILE}, line 3, Riverside Advice Network: role 'supplier' is not one of commissioner, prime, partner"),
    ('version: "1.0"', 'version: "1.1"',
     f"{FILE}, line 4, Riverside Advice Network: version '1.1' is not a released version"),
    ('version: "1.0"', "version: 1.0",
     f"{FILE}, line 4, Riverside Advice Network: write the version in quotes"),
    ("date: 2027-02-01", "date: 2026-11-01",
     f"{FILE}, line 5, Riverside Advice Network: the date 2026-11-01 is before version 1.0"),
    ("date: 2027-02-01", "date: 2030-01-01",
     f"{FILE}, line 5, Riverside Advice Network: the date 2030-01-01 is in the future"),
    ("sector: voluntary and community", "sector: charity",
     f"{FILE}, line 2, Riverside Advice Network: sector 'charity' is not one of"),
    ("  role: partner\n", "  role: partner\n  logo: https://x.invalid/a.png\n",
     f"{FILE}, line 1, Riverside Advice Network: unknown field(s) logo"),
    ("  sector: voluntary and community\n", "",
     f"{FILE}, line 1, Riverside Advice Network: missing sector"),
    ("name: Riverside Advice Network", "name: Riverside\u202eNetwork",
     f"{FILE}, line 1, Riverside\u202eNetwork: the name"),
    ("name: Tyne Employment Services", "name: riverside advice network",
     "listed twice for version 1.0 (first on line 1)"),
])
def test_a_bad_record_is_refused_with_its_file_and_line(tmp_path, old, new, message):
    assert old in GOOD
    with pytest.raises(DataError) as err:
        register(tmp_path, GOOD.replace(old, new, 1))
    assert message in str(err.value), str(err.value)


def test_a_register_that_is_not_a_list_is_refused(tmp_path):
    with pytest.raises(DataError, match=rf"{FILE}, line 1: the register must be a list"):
        register(tmp_path, "name: Riverside\n")
    assert register(tmp_path, "# nobody yet\n[]\n") == ()


def test_the_register_page_counts_filters_and_escapes(tmp_path):
    hostile = GOOD.replace("Riverside Advice Network", '"<b>Riverside</b> & Co"', 1)
    html = adopters_page(register(tmp_path, hostile), ["0.1", "1.0"], "https://github.com/o/r")
    assert "<b>" not in html and "&lt;b&gt;Riverside&lt;/b&gt; &amp; Co" in html
    assert "<strong>2</strong> organisations have adopted" in html
    assert '<tr><th scope="row">Partner</th><td>1</td></tr>' in html
    assert '<tr><th scope="row">Commissioner</th><td>0</td></tr>' in html
    assert '<tr><th scope="row">Version 1.0</th><td>2</td></tr>' in html
    assert "Version 0.1" not in html  # versions nobody adopted are not counted
    assert html.count('<tr class="adopter"') == 2
    assert 'data-role="prime" data-sector="private" data-version="1.0"' in html
    assert f"<td>{long_date('2027-03-15')}</td>" in html
    assert 'href="https://github.com/o/r/issues/new?template=list-my-organisation.yml"' in html
    assert "No organisation is listed yet" not in html
    assert (ROOT / ".github/ISSUE_TEMPLATE/list-my-organisation.yml").exists()


def test_an_empty_register_says_so(tmp_path):
    html = adopters_page(register(tmp_path, "[]\n"), ["1.0"], "")
    assert "No organisation is listed yet" in html
    assert "<table" not in html


# -- releases: in force, and since when ----------------------------------------------------

def fake(version, status, date, in_force=None, transition=None):
    return SimpleNamespace(version=version, status=status, date=date, in_force=in_force,
                           transition=transition)


def test_the_state_of_each_release_from_its_status_and_dates():
    draft = fake("0.1", "draft", "2026-10-01")
    consult = fake("1.0", "consultation draft", "2026-12-01")
    published = fake("1.1", "published", "2027-03-01", "2027-09-01", "6 months")
    later = fake("1.2", "published", "2028-01-10", "2028-06-01")
    every = [draft, consult, published, later]

    on = datetime.date(2027, 4, 1)
    assert release_state(draft, every, on)["state"] == "draft"
    assert release_state(consult, every, on)["label"] == \
        "Out for consultation since 1 December 2026; not in force"
    state = release_state(published, every, on)
    assert (state["state"], state["since"]) == ("published", "2027-03-01")
    assert state["label"] == ("Published on 1 March 2027; in force from 1 September 2027, "
                              "after a transition period of 6 months")
    # The in-force date comes: the version is in force, and the drafts before it superseded.
    on = datetime.date(2027, 9, 1)
    assert release_state(published, every, on)["label"] == \
        "In force since 1 September 2027, after a transition period of 6 months"
    assert release_state(consult, every, on)["label"] == \
        "Superseded by version 1.1 since 1 September 2027"
    # A later version published but not yet in force does not supersede it.
    on = datetime.date(2028, 2, 1)
    assert release_state(published, every, on)["state"] == "in force"
    assert release_state(later, every, on)["state"] == "published"
    on = datetime.date(2028, 6, 1)
    assert release_state(published, every, on)["label"] == \
        "Superseded by version 1.2 since 1 June 2028"
    assert state_label({"state": "draft", "since": None}) == "Draft, not released; not in force"


def test_a_consultation_draft_is_never_in_force():
    # Even a snapshot that claimed an in-force date would not be shown as in force ...
    forged = fake("1.0", "consultation draft", "2026-12-01", "2026-12-02")
    assert release_state(forged, [forged], datetime.date(2027, 1, 1))["state"] == \
        "out for consultation"


def snapshot(tmp_path, **extra):
    (tmp_path / "releases").mkdir(exist_ok=True)
    base = json.loads((ROOT / "releases/1.0.json").read_text(encoding="utf-8"))
    data = snapshot_data("1.0", base["date"], extra.pop("status", base["status"]),
                         base["summary"], base["content"], **extra)
    path = tmp_path / "releases/1.0.json"
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return path


def test_the_loader_refuses_an_in_force_date_a_release_cannot_have(tmp_path):
    # ... and the loader refuses one, with the file and line.
    path = snapshot(tmp_path, status="consultation draft", in_force="2027-01-01")
    with pytest.raises(DataError) as err:
        load_release(path, tmp_path)
    assert "releases/1.0.json, line" in str(err.value)
    assert "a consultation draft release is never in force" in str(err.value)
    path = snapshot(tmp_path, status="published", in_force="2026-11-01")
    with pytest.raises(DataError, match="is before the release date"):
        load_release(path, tmp_path)
    path = snapshot(tmp_path, status="published", in_force="2027-01-01", transition="soon")
    with pytest.raises(DataError, match="is not a period such as"):
        load_release(path, tmp_path)
    path = snapshot(tmp_path, status="published", in_force="2027-01-01", transition="6 months")
    loaded = load_release(path, tmp_path)
    assert (loaded.in_force, loaded.transition) == ("2027-01-01", "6 months")


def test_existing_snapshots_stay_valid_without_in_force_dates():
    for release in load_releases(ROOT):
        assert release.in_force is None or release.status in ("published", "adopted")
        state = release_state(release, load_releases(ROOT))
        if release.status == "consultation draft":
            assert state["state"] in ("out for consultation", "superseded")


def git(project, *args):
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
                   cwd=project, check=True, capture_output=True, text=True)


def test_cop_release_records_in_force_and_transition(project_copy):
    project = project_copy
    add_working_change(project)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "copy")
    version, today = working_version(project), datetime.date.today()

    def release(status, *extra):
        return run_cop("--root", str(project), "release", "--version", version,
                       "--status", status, "--summary", "A test release.", *extra)

    later = (today + datetime.timedelta(days=183)).isoformat()
    refused = release("consultation draft", "--in-force", later)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "a consultation draft release is never in force" in refused.stderr
    refused = release("published", "--transition", "6 months")
    assert refused.returncode == 1 and "without an in-force date" in refused.stderr
    assert not (project / f"releases/{version}.json").exists()

    made = release("published", "--in-force", later, "--transition", "6 months")
    assert made.returncode == 0, made.stderr
    data = json.loads((project / f"releases/{version}.json").read_text(encoding="utf-8"))
    assert (data["in_force"], data["transition"]) == (later, "6 months")
    releases = load_releases(project)  # the checksum covers the new fields
    current = edition(load_code(project), releases, project)
    assert current["state"]["state"] == "published"
    assert current["state"]["label"] == (f"Published on {long_date(today.isoformat())}; in force "
                                         f"from {long_date(later)}, after a transition period "
                                         "of 6 months")
    on = datetime.date.fromisoformat(later)
    assert edition(load_code(project), releases, project, today=on)["state"]["state"] == "in force"
    earlier = [r for r in releases if r.version != version]
    for release_before in earlier:
        assert release_state(release_before, releases, on)["state"] == "superseded"
    assert "--in-force" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_withdrawn_clauses_are_listed_with_where_they_moved():
    code = SimpleNamespace(clauses=[
        SimpleNamespace(id="2.3", withdrawn=SimpleNamespace(moved_to=("2.4", "5.1"))),
        SimpleNamespace(id="2.4", withdrawn=None),
        SimpleNamespace(id="3.9", withdrawn=SimpleNamespace(moved_to=())),
    ])
    assert withdrawn_list(code) == "2.3>2.4,5.1 3.9>"


def test_a_consultation_draft_after_its_consultation_closed_is_a_draft_not_in_force():
    consult = fake("1.0", "consultation draft", "2026-12-01")
    held = SimpleNamespace(version="1.0", opens="2026-12-01", closes="2027-02-23",
                           state=lambda today=None: "open" if (today or TODAY).isoformat() <= "2027-02-23" else "closed")
    from code_of_practice.model.release_state import closed_consultation
    during = datetime.date(2027, 2, 23)
    assert closed_consultation([held], "1.0", during) is None
    assert release_state(consult, [consult], during,
                         closed_consultation([held], "1.0", during))["state"] == "out for consultation"
    after = datetime.date(2027, 2, 24)
    state = release_state(consult, [consult], after, closed_consultation([held], "1.0", after))
    assert state["state"] == "draft"
    assert state["label"] == ("Consultation draft; the consultation closed on 23 February 2027; "
                              "not in force")

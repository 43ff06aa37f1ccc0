"""Publishing, proven offline: the commands of .github/workflows/publish.yml,
run against a throwaway bare repository standing in for GitHub.

In a git copy of the project, two releases are made as a maintainer makes them
(the release rehearsal's cycle: changes with their records, `cop release`, a
tag), and each is published as a push of its tag would publish it; then a
later change on main is published as "dev". The versions are read from the
project, never assumed. The gh-pages branch must then hold a folder per
version, versions.json must mark the second release (only) as latest, the
site root must send readers to latest/ and have a 404.html linking there,
each version must get the downloads and exports that `make build` adds after
the MkDocs build (linking to the version's own address), and publishing dev
must delete nothing.

A tag that is not a release (no snapshot, a snapshot of another version, or a
commit with changes after the release) is refused by the workflow's first
command, and nothing reaches the "GitHub" repository.

The commands are read from publish.yml itself, so this test follows the
workflow. Each deploy builds the site and its PDFs (about 10 s each)."""

from __future__ import annotations

import datetime
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from code_of_practice.model.code import load_code
from code_of_practice.model.code_data import code_content
from code_of_practice.model.downloads import all_downloads
from code_of_practice.model.project import load_project
from code_of_practice.model.releases import snapshot_data, working_version
from code_of_practice.tasks.rehearsal import (add_record, append_to_text, commit, cycle,
                                              make_repository)
from code_of_practice.testing import ROOT, build_env

PUBLISH = ROOT / ".github" / "workflows" / "publish.yml"
SITE_URL = "https://example-owner.github.io/code-of-practice/"
REPO_URL = "https://github.com/Example-Owner/code-of-practice"
TODAY = datetime.date.today().isoformat()  # `cop release` dates a release the day it is made
BOT = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")
DOWNLOADS = [f"downloads/{d.name}" for d in all_downloads(load_code(ROOT))]
EXPORTS = ["data/code.json", "data/changelog.json", "schemas/code.schema.json",
           "schemas/changelog.schema.json", "schemas/mapping.schema.json"]


# --- the workflow's commands -------------------------------------------------------

def workflow_commands(ref_type: str) -> list[str]:
    """The mike and cop command lines publish.yml runs for a push of a tag
    (ref_type "tag") or of main ("branch"), in order."""
    workflow = yaml.safe_load(PUBLISH.read_text(encoding="utf-8"))
    commands = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            condition = step.get("if")
            if condition and f"github.ref_type == '{ref_type}'" not in condition:
                continue
            # Republishing released versions with their errata runs in a loop
            # over `cop errata-build --list`; tests/test_errata_reviews.py and
            # test_the_errata_step_republishes_each_listed_version test it.
            if "errata-build" in step.get("run", ""):
                continue
            for line in step.get("run", "").splitlines():
                line = line.strip()
                if line.startswith(("mike ", "cop ")):
                    commands.append(line)
    return commands


def test_the_workflow_runs_the_commands_this_test_runs():
    assert workflow_commands("tag") == [
        'cop check-tag "$REF_NAME"',
        'cop downloads --version "$VERSION"',
        'mike deploy --push --update-aliases "$VERSION" latest',
        'cop publish --version "$VERSION" --push',
        "mike set-default --push latest",
    ]
    assert workflow_commands("branch") == [
        'cop downloads --version "$VERSION"',
        "mike deploy --push dev",
        'cop publish --version "$VERSION" --push',
    ]


def test_the_errata_step_republishes_each_listed_version():
    workflow = yaml.safe_load(PUBLISH.read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    errata = next(step for step in steps if "errata-build" in step.get("run", ""))
    assert errata["if"] == "github.ref_type == 'branch'"
    lines = [line.strip() for line in errata["run"].splitlines()]
    loop = lines.index("for version in $(cop errata-build --list); do")
    body = lines[loop + 1:lines.index("done")]
    assert [b.split()[0] for b in body if b.startswith(("cop", "mike"))] == \
        ["cop", "cop", "mike", "cop"]
    assert any("mike deploy --push" in b and '"$version"' in b and "latest" not in b
               for b in body), "a released version is deployed again without moving latest"
    # It runs after the working draft is published, not before.
    assert steps.index(errata) > next(i for i, step in enumerate(steps)
                                      if "mike deploy --push dev" in step.get("run", ""))


def to_argv(line: str, env: dict) -> list[str]:
    """A workflow command line as an argument list. `mike` is the virtualenv's
    (mike has no `__main__`, so `python -m mike` cannot run it) and `python`
    is the test's interpreter, the virtualenv's, as on the workflow's PATH."""
    words = [re.sub(r"\$\{?(\w+)\}?", lambda m: env[m[1]], w) for w in shlex.split(line)]
    if words[0] == "mike":
        return [str(Path(sys.executable).parent / "mike"), *words[1:]]
    if words[0] == "cop":
        return [str(Path(sys.executable).parent / "cop"), *words[1:]]
    raise AssertionError(f"unexpected command: {line}")


# --- a throwaway "GitHub" ----------------------------------------------------------

def run(argv: list[str], cwd: Path, env: dict, timeout: int = 600) -> str:
    result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, (
        f"{' '.join(argv)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    )
    return result.stdout


class Origin:
    """Read-only views of the gh-pages branch of the bare "origin"."""

    def __init__(self, path: Path, env: dict):
        self.path, self.env = path, env

    def git(self, *args: str) -> str:
        return run(["git", "--git-dir", str(self.path), *args], self.path, self.env)

    def tree(self, path: str = "") -> dict[str, tuple[str, str, str]]:
        """name -> (mode, type, object id) for the entries of a folder."""
        entries = {}
        for row in filter(None, self.git("ls-tree", "-z", f"gh-pages:{path}").split("\0")):
            meta, name = row.split("\t", 1)
            mode, kind, oid = meta.split()
            entries[name] = (mode, kind, oid)
        return entries

    def files(self, folder: str) -> set[str]:
        out = self.git("ls-tree", "-r", "-z", "--name-only", "gh-pages", "--", f"{folder}/")
        return {path[len(folder) + 1:] for path in filter(None, out.split("\0"))}

    def show(self, path: str) -> str:
        return self.git("show", f"gh-pages:{path}")

    def snapshot(self) -> dict:
        return {
            "head": self.git("rev-parse", "gh-pages").strip(),
            "root": self.tree(),
            "versions": json.loads(self.show("versions.json")),
            "index": self.show("index.html"),
        }


def git_env() -> dict:
    return {
        **build_env(),
        # mike runs `mkdocs` from the PATH: the virtualenv's, as in the workflow.
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        # Nobody's personal git settings (signing, hooks, default branch) apply.
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "SITE_URL": SITE_URL,
        "REPO_URL": REPO_URL,
    }


def github(work: Path, env: dict) -> tuple[Path, Path]:
    """A bare "origin" and a git copy of the project whose main is pushed to it."""
    origin_path = work / "origin.git"
    run(["git", "init", "--quiet", "--bare", "--initial-branch=main", str(origin_path)],
        work, env)
    project = make_repository(ROOT, work / "project")
    run(["git", "config", "user.name", BOT[0]], project, env)
    run(["git", "config", "user.email", BOT[1]], project, env)
    run(["git", "remote", "add", "origin", str(origin_path)], project, env)
    run(["git", "push", "--quiet", "--set-upstream", "origin", "main"], project, env)
    return origin_path, project


def run_workflow(project: Path, env: dict, ref_type: str, ref_name: str) -> tuple[int, str]:
    """The workflow's commands for a push of ref_name, in order, stopping at the
    first that fails as GitHub Actions does: (its exit status, all output)."""
    version = ref_name[1:] if ref_type == "tag" else "dev"
    step_env = {**env, "VERSION": version, "REF_NAME": ref_name}
    output = []
    for line in workflow_commands(ref_type):
        result = subprocess.run(to_argv(line, step_env), cwd=project, env=step_env,
                                capture_output=True, text=True, timeout=600)
        output.append(f"$ {line}\n{result.stdout}{result.stderr}")
        if result.returncode != 0:
            return result.returncode, "".join(output)
    return 0, "".join(output)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    work = tmp_path_factory.mktemp("publish")
    env = git_env()
    origin_path, project = github(work, env)
    origin = Origin(origin_path, env)

    def publish(ref_type: str, ref_name: str) -> None:
        if ref_type == "tag":
            run(["git", "push", "--quiet", "origin", ref_name], project, env)
        status, output = run_workflow(project, env, ref_type, ref_name)
        assert status == 0, output

    states, versions, touched = {}, [], set()
    for number in (1, 2):
        step = cycle(project, number, "draft", TODAY, touched, log=lambda line: None)
        versions.append(step.version)
        publish("tag", f"v{step.version}")
        states[step.version] = origin.snapshot()
    # A change on main after the second release, with its record: published as dev.
    clause = load_project(project).code.active_clauses[-1]
    append_to_text(project, clause, "Keep a record of this.")
    add_record(project, working_version(project), clause.id, "reworded", "A change on main.")
    commit(project, "A change after the release")
    run(["git", "push", "--quiet", "origin", "main"], project, env)
    publish("branch", "main")
    states["dev"] = origin.snapshot()
    return {"origin": origin, "project": project, "env": env, "states": states,
            "versions": versions}


def aliases(versions: list[dict]) -> dict[str, list[str]]:
    return {v["version"]: v["aliases"] for v in versions}


# --- after publishing two releases ---------------------------------------------------

def test_each_release_has_its_own_folder(published):
    first, second = published["versions"]
    root = published["states"][second]["root"]
    for version in (first, second):
        assert root[version][1] == "tree", f"{version}/ is not a folder on gh-pages"
        files = published["origin"].files(version)
        assert {"index.html", "code/1-risk/index.html", "sitemap.xml"} <= files


def test_versions_json_marks_only_the_second_release_as_latest(published):
    first, second = published["versions"]
    versions = published["states"][second]["versions"]
    assert aliases(versions) == {second: ["latest"], first: []}


def test_latest_is_an_alias_of_the_second_release(published):
    second = published["versions"][1]
    mode, kind, oid = published["states"][second]["root"]["latest"]
    assert mode == "120000", "latest should be mike's symlink to the version's folder"
    assert published["origin"].git("cat-file", "blob", oid) == second


def test_the_site_root_redirects_to_latest(published):
    index = published["states"][published["versions"][1]]["index"]
    assert re.search(r'<meta http-equiv="refresh" content="[^"]*url=latest/"', index), index
    assert re.search(r'window\.location\.replace\(\s*"latest/"', index), index


def test_the_site_root_has_a_404_page_linking_to_latest(published):
    for state in published["states"].values():
        assert state["root"]["404.html"][1] == "blob"
    page = published["origin"].show("404.html")
    assert "<h1>Page not found</h1>" in page
    # GitHub Pages serves it at any depth, so its link is an absolute path.
    assert '<a href="/code-of-practice/latest/">Go to the latest version of the code</a>' in page
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page), "no third-party requests"


def test_a_published_release_is_that_release_not_a_draft(published):
    for version in published["versions"]:
        page = published["origin"].show(f"{version}/index.html")
        assert f'<link rel="canonical" href="{SITE_URL}{version}/">' in page
        assert REPO_URL in page
        assert f"<strong>Version {version}, draft.</strong>" in page
        changelog = published["origin"].show(f"{version}/changes/changelog/index.html")
        assert f'id="version-{version.replace(".", "-")}"' in changelog
        assert "unreleased changes" not in changelog


def test_each_version_gets_the_downloads_and_exports(published):
    origin = published["origin"]
    for version in (*published["versions"], "dev"):
        files = origin.files(version)
        for path in DOWNLOADS + EXPORTS:
            assert path in files, f"{version}/{path} was not published"
        pdf = subprocess.run(
            ["git", "--git-dir", str(origin.path), "cat-file", "blob",
             f"gh-pages:{version}/downloads/complete.pdf"],
            capture_output=True, env=origin.env, check=True).stdout
        assert pdf.startswith(b"%PDF-")
        # The pages show the sizes of the downloads mike's build found in the manifest.
        page = origin.show(f"{version}/checklists/partners/index.html")
        assert re.search(r'data-download="partners\.pdf">\(PDF, [\d.]+ [KM]B\)<', page)
        assert re.search(r'data-download="partners\.xlsx">\(XLSX, [\d.]+ [KM]B\)<', page)


def test_the_downloads_link_to_their_own_version(published):
    origin = published["origin"]
    for version in published["versions"]:
        csv = origin.show(f"{version}/downloads/partners.csv")
        assert f"{SITE_URL}{version}/code/" in csv
        assert "127.0.0.1" not in csv
        assert f"{SITE_URL}{version}/code/" in origin.show(f"{version}/data/code.json")


def test_releasing_the_second_leaves_the_first_untouched(published):
    states, (first, second) = published["states"], published["versions"]
    assert states[second]["root"][first] == states[first]["root"][first]
    assert aliases(states[first]["versions"]) == {first: ["latest"]}


# --- after publishing dev from main ------------------------------------------------

def test_publishing_dev_deletes_nothing(published):
    first, second = published["versions"]
    before, after = published["states"][second], published["states"]["dev"]
    for name, entry in before["root"].items():
        if name not in ("versions.json", "404.html"):
            assert after["root"].get(name) == entry, f"{name} changed or vanished"
    assert after["root"]["dev"][1] == "tree"
    assert aliases(after["versions"]) == {"dev": [], second: ["latest"], first: []}
    assert after["index"] == before["index"]


def test_the_published_history_only_grows(published):
    origin, states = published["origin"], published["states"]
    first, second = published["versions"]
    for earlier, later in ((first, second), (second, "dev")):
        origin.git("merge-base", "--is-ancestor", states[earlier]["head"], states[later]["head"])


@pytest.mark.browser
def test_no_console_error_under_mike_and_an_older_release_says_it_is_outdated(published,
                                                                             browser, tmp_path):
    """The gh-pages branch as GitHub Pages serves it, in Chromium: every page
    loads versions.json for the version selector without a console error, and
    the first release shows the banner that a newer version exists, where the
    latest does not."""
    import io
    import tarfile

    from code_of_practice.testing import serve

    origin = published["origin"]
    archive = subprocess.run(["git", "--git-dir", str(origin.path), "archive", "gh-pages"],
                             capture_output=True, env=origin.env, check=True).stdout
    folder = tmp_path / "gh-pages"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    first, second = published["versions"]
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    outdated = page.locator("[data-md-component=outdated]")
    try:
        with serve(folder) as base:
            for path, old in ((f"{second}/", False), ("latest/code/", False),
                              (f"{first}/changes/compare/", True), ("dev/", True)):
                page.goto(base + path, wait_until="load")
                page.wait_for_function("() => document.querySelector('.md-version') !== null")
                if old:
                    outdated.wait_for(state="visible", timeout=10_000)
                assert outdated.is_visible() == old, path
    finally:
        page.close()
    assert not errors, errors


# --- cop publish on its own ---------------------------------------

def publish_downloads(published, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).parent / "cop"), "publish", *args],
        cwd=published["project"], env=published["env"], capture_output=True, text=True,
        timeout=600,
    )


def test_downloads_cannot_be_written_through_an_alias(published):
    result = publish_downloads(published, "--version", "latest")
    assert result.returncode == 1
    assert "alias" in result.stderr


def test_an_unknown_version_is_refused(published):
    result = publish_downloads(published, "--version", "999.0")
    assert result.returncode == 1
    assert "not deployed" in result.stderr


def test_make_build_and_publish_run_the_one_list_of_post_build_steps(root):
    from code_of_practice.outputs.postbuild import STEPS

    import inspect

    from code_of_practice import cli

    makefile = (root / "Makefile").read_text(encoding="utf-8")
    assert "$(BIN)/cop build --site-dir site" in makefile
    # `cop build` makes the downloads before the build, which shows their
    # sizes, and runs the post-build steps after it.
    source = inspect.getsource(cli._build)
    assert source.index("_downloads(steps)") < source.index("mkdocs_build(root") \
        < source.index("_post_build(steps)")
    assert [step.name for step in STEPS] == ["content", "schemas", "exports", "mappings",
                                             "feed", "downloads"]


# --- a tag that is not a release ------------------------------------------------

@pytest.fixture
def unreleased_tag(tmp_path):
    """A copy pushed to a fresh "GitHub", and the state of its refs there."""
    env = git_env()
    origin_path, project = github(tmp_path, env)

    def refs() -> str:
        return run(["git", "--git-dir", str(origin_path), "for-each-ref", "refs/heads"],
                   origin_path, env)

    return project, env, refs


def push_tag_and_run(project: Path, env: dict, tag: str) -> tuple[int, str]:
    run(["git", "tag", tag], project, env)
    run(["git", "push", "--quiet", "origin", tag], project, env)
    return run_workflow(project, env, "tag", tag)


def test_a_tag_without_a_release_snapshot_is_refused_and_nothing_is_pushed(unreleased_tag):
    project, env, refs = unreleased_tag
    version = working_version(project)
    assert not (project / "releases" / f"{version}.json").exists()
    before = refs()
    status, output = push_tag_and_run(project, env, f"v{version}")
    print(output)  # the refusal, for the closing note (pytest -s)
    assert status == 1
    assert output.startswith('$ cop check-tag "$REF_NAME"\n')
    assert (f"cop check-tag: refused: tag v{version}: there is no releases/{version}.json at "
            f"this commit, so version {version} was never released.") in output
    assert "Nothing was published." in output
    assert "mike" not in output, "a deploy ran after the refusal"
    assert refs() == before
    assert "refs/heads/gh-pages" not in before


def test_a_tag_whose_snapshot_is_another_version_is_refused(unreleased_tag):
    project, env, refs = unreleased_tag
    version = working_version(project)
    major, minor = version.split(".")
    other = f"{major}.{int(minor) + 1}"
    # A well-formed snapshot, checksum and all, but of another version.
    data = snapshot_data(other, TODAY, "draft", "Misfiled.",
                         code_content(load_code(project)))
    (project / "releases" / f"{version}.json").write_text(json.dumps(data), encoding="utf-8")
    commit(project, "A snapshot saved under the wrong name")
    before = refs()
    status, output = push_tag_and_run(project, env, f"v{version}")
    assert status == 1
    assert (f"tag v{version}: releases/{version}.json holds version '{other}', not "
            f"{version}.") in output
    assert refs() == before


def test_a_tag_on_a_commit_after_the_release_is_refused(unreleased_tag):
    project, env, refs = unreleased_tag
    first = cycle(project, 1, "draft", TODAY, set(), log=lambda line: None).version
    run(["git", "tag", "--delete", f"v{first}"], project, env)
    clause = load_project(project).code.active_clauses[-1]
    append_to_text(project, clause, "Keep a record of this.")
    add_record(project, working_version(project), clause.id, "reworded", "A later change.")
    commit(project, "A change after the release")
    before = refs()
    status, output = push_tag_and_run(project, env, f"v{first}")
    assert status == 1
    assert (f"tag v{first}: this commit holds changes made after the latest release, {first}, "
            f"so its site is the working draft of {working_version(project)}.") in output
    assert refs() == before


def test_the_404_page_links_to_a_version_when_there_is_no_latest_yet():
    from code_of_practice.tasks.publish import root_not_found_page

    page = root_not_found_page("https://owner.github.io/", [{"version": "dev", "aliases": []}])
    assert '<a href="/dev/">Go to version dev of the code</a>' in page
    page = root_not_found_page("https://owner.github.io/repo", [])
    assert '<a href="/repo/">Go to the site&#x27;s home page</a>' in page

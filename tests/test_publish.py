"""Publishing, proven offline: the commands of .github/workflows/publish.yml,
run against a throwaway bare repository standing in for GitHub.

Releases 0.9 and 1.0 are published as a tag push would publish them, then
"dev" as a push to main would. The gh-pages branch must then hold a folder per
version, versions.json must mark 1.0 (only) as latest, the site root must send
readers to latest/, each version must get the downloads and exports that
`make build` adds after the MkDocs build (linking to the version's own
address), and publishing dev must delete nothing.

The commands are read from publish.yml itself, so this test follows the
workflow. Each deploy builds the site and its PDFs (about 10 s each)."""

from __future__ import annotations

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
from code_of_practice.model.downloads import all_downloads
from code_of_practice.testing import BUILD_ENV, ROOT, copy_project

PUBLISH = ROOT / ".github" / "workflows" / "publish.yml"
SITE_URL = "https://example-owner.github.io/code-of-practice/"
REPO_URL = "https://github.com/Example-Owner/code-of-practice"
BOT = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")
DOWNLOADS = [f"downloads/{d.name}" for d in all_downloads(load_code(ROOT))]
EXPORTS = ["data/code.json", "data/changelog.json"]


# --- the workflow's commands -------------------------------------------------------

def workflow_commands(ref_type: str) -> list[str]:
    """The mike and publish_downloads command lines publish.yml runs for a push
    of a tag (ref_type "tag") or of main ("branch"), in order."""
    workflow = yaml.safe_load(PUBLISH.read_text(encoding="utf-8"))
    commands = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            condition = step.get("if")
            if condition and f"github.ref_type == '{ref_type}'" not in condition:
                continue
            for line in step.get("run", "").splitlines():
                line = line.strip()
                if line.startswith(("mike ", "cop ")):
                    commands.append(line)
    return commands


def test_the_workflow_runs_the_commands_this_test_runs():
    assert workflow_commands("tag") == [
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


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    work = tmp_path_factory.mktemp("publish")
    origin_path = work / "origin.git"
    project = work / "project"

    env = {
        **BUILD_ENV,
        # mike runs `mkdocs` from the PATH: the virtualenv's, as in the workflow.
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        # Nobody's personal git settings (signing, hooks, default branch) apply.
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "SITE_URL": SITE_URL,
        "REPO_URL": REPO_URL,
    }

    run(["git", "init", "--quiet", "--bare", "--initial-branch=main", str(origin_path)],
        work, env)

    copy_project(ROOT, project)

    def git(*args: str) -> str:
        return run(["git", *args], project, env)

    git("init", "--quiet", "--initial-branch=main")
    git("config", "user.name", BOT[0])
    git("config", "user.email", BOT[1])
    git("add", "--all")
    git("commit", "--quiet", "-m", "The code of practice")
    git("remote", "add", "origin", str(origin_path))
    git("push", "--quiet", "--set-upstream", "origin", "main")

    def publish(ref_type: str, version: str) -> None:
        step_env = {**env, "VERSION": version}
        for line in workflow_commands(ref_type):
            run(to_argv(line, step_env), project, step_env)

    origin = Origin(origin_path, env)
    states = {}
    publish("tag", "0.9")
    states["0.9"] = origin.snapshot()
    publish("tag", "1.0")
    states["1.0"] = origin.snapshot()
    publish("branch", "dev")
    states["dev"] = origin.snapshot()
    return {"origin": origin, "project": project, "env": env, "states": states}


def aliases(versions: list[dict]) -> dict[str, list[str]]:
    return {v["version"]: v["aliases"] for v in versions}


# --- after releasing 0.9 and then 1.0 ---------------------------------------------

def test_each_release_has_its_own_folder(published):
    root = published["states"]["1.0"]["root"]
    for version in ("0.9", "1.0"):
        assert root[version][1] == "tree", f"{version}/ is not a folder on gh-pages"
        files = published["origin"].files(version)
        assert {"index.html", "code/1-risk/index.html", "sitemap.xml"} <= files


def test_versions_json_marks_only_1_0_as_latest(published):
    versions = published["states"]["1.0"]["versions"]
    assert aliases(versions) == {"1.0": ["latest"], "0.9": []}


def test_latest_is_an_alias_of_1_0(published):
    mode, kind, oid = published["states"]["1.0"]["root"]["latest"]
    assert mode == "120000", "latest should be mike's symlink to the version's folder"
    assert published["origin"].git("cat-file", "blob", oid) == "1.0"


def test_the_site_root_redirects_to_latest(published):
    index = published["states"]["1.0"]["index"]
    assert re.search(r'<meta http-equiv="refresh" content="[^"]*url=latest/"', index), index
    assert re.search(r'window\.location\.replace\(\s*"latest/"', index), index


def test_a_published_version_knows_its_own_address(published):
    page = published["origin"].show("1.0/index.html")
    assert f'<link rel="canonical" href="{SITE_URL}1.0/">' in page
    assert REPO_URL in page


def test_each_version_gets_the_downloads_and_exports(published):
    origin = published["origin"]
    for version in ("0.9", "1.0", "dev"):
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
    for version in ("0.9", "1.0"):
        csv = origin.show(f"{version}/downloads/partners.csv")
        assert f"{SITE_URL}{version}/code/" in csv
        assert "127.0.0.1" not in csv
        assert f"{SITE_URL}{version}/code/" in origin.show(f"{version}/data/code.json")


def test_releasing_1_0_leaves_0_9_untouched(published):
    states = published["states"]
    assert states["1.0"]["root"]["0.9"] == states["0.9"]["root"]["0.9"]
    assert aliases(states["0.9"]["versions"]) == {"0.9": ["latest"]}


# --- after publishing dev from main ------------------------------------------------

def test_publishing_dev_deletes_nothing(published):
    before, after = published["states"]["1.0"], published["states"]["dev"]
    for name, entry in before["root"].items():
        if name != "versions.json":
            assert after["root"].get(name) == entry, f"{name} changed or vanished"
    assert after["root"]["dev"][1] == "tree"
    assert aliases(after["versions"]) == {"dev": [], "1.0": ["latest"], "0.9": []}
    assert after["index"] == before["index"]


def test_the_published_history_only_grows(published):
    origin, states = published["origin"], published["states"]
    for earlier, later in (("0.9", "1.0"), ("1.0", "dev")):
        origin.git("merge-base", "--is-ancestor", states[earlier]["head"], states[later]["head"])


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
    result = publish_downloads(published, "--version", "3.0")
    assert result.returncode == 1
    assert "not deployed" in result.stderr


def test_make_build_and_publish_run_the_one_list_of_post_build_steps(root):
    from code_of_practice.outputs.postbuild import STEPS

    makefile = (root / "Makefile").read_text(encoding="utf-8")
    assert "$(BIN)/cop post-build --site-dir site" in makefile
    # The downloads are made before the build, which shows their sizes.
    assert makefile.index("$(BIN)/cop downloads") < makefile.index("$(BIN)/mkdocs build")
    assert [step.name for step in STEPS] == ["exports", "feed", "downloads"]

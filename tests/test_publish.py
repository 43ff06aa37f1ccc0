"""Publishing, proven offline: the commands of .github/workflows/publish.yml,
run against a throwaway bare repository standing in for GitHub.

Releases 0.9 and 1.0 are published as a tag push would publish them, then
"dev" as a push to main would. The gh-pages branch must then hold a folder per
version, versions.json must mark 1.0 (only) as latest, the site root must send
readers to latest/, the downloads must be added to each version without
overwriting mike's pages, and publishing dev must delete nothing.

The mike commands are read from publish.yml itself, so this test follows the
workflow. Each deploy builds the site (10-20 s each)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import BUILD_ENV, PROJECT_PARTS, ROOT

PUBLISH = ROOT / ".github" / "workflows" / "publish.yml"
SITE_URL = "https://example-owner.github.io/code-of-practice/"
REPO_URL = "https://github.com/Example-Owner/code-of-practice"
BOT = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")


# --- the workflow's commands ----------------------------------------------------

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
                if line.startswith("mike ") or "scripts/publish_downloads.py" in line:
                    commands.append(line)
    return commands


def test_the_workflow_runs_the_commands_this_test_runs():
    assert workflow_commands("tag") == [
        'mike deploy --push --update-aliases "$VERSION" latest',
        'python scripts/publish_downloads.py --site-dir "$RUNNER_TEMP/built-site" '
        '--version "$VERSION" --push',
        "mike set-default --push latest",
    ]
    assert workflow_commands("branch") == [
        "mike deploy --push dev",
        'python scripts/publish_downloads.py --site-dir "$RUNNER_TEMP/built-site" '
        '--version "$VERSION" --push',
    ]


def expand(word: str, env: dict) -> str:
    return re.sub(r"\$\{?(\w+)\}?", lambda m: env[m.group(1)], word)


def to_argv(line: str, env: dict) -> list[str]:
    """A workflow command line as an argument list: `mike` is the virtualenv's
    (mike has no `__main__`, so `python -m mike` is not possible) and `python`
    is the test's interpreter (the virtualenv's)."""
    words = [expand(w, env) for w in shlex.split(line)]
    if words[0] == "mike":
        return [str(Path(sys.executable).parent / "mike"), *words[1:]]
    if words[0] == "python":
        words[1] = str(ROOT / words[1])  # the script from this checkout
        return [sys.executable, *words[1:]]
    raise AssertionError(f"unexpected command: {line}")


# --- a throwaway "GitHub" -------------------------------------------------------

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
        out = self.git("ls-tree", "-z", f"gh-pages:{path}")
        entries = {}
        for row in filter(None, out.split("\0")):
            meta, name = row.split("\t", 1)
            mode, kind, oid = meta.split()
            entries[name] = (mode, kind, oid)
        return entries

    def show(self, path: str) -> str:
        return self.git("show", f"gh-pages:{path}")

    def snapshot(self) -> dict:
        return {
            "head": self.git("rev-parse", "gh-pages").strip(),
            "root": self.tree(),
            "versions": json.loads(self.show("versions.json")),
            "index": self.show("index.html"),
        }


def make_built_site(folder: Path, version: str) -> None:
    """Stands in for what `make build` leaves in $RUNNER_TEMP/built-site: a page
    mike's build also has (which must not be overwritten) and a download it lacks."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "downloads").mkdir(parents=True)
    (folder / "index.html").write_text("NOT MIKE'S PAGE: must not be published\n")
    (folder / "downloads" / "code-of-practice.csv").write_text(f"version\n{version}\n")


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    work = tmp_path_factory.mktemp("publish")
    origin_path = work / "origin.git"
    project = work / "project"
    runner_temp = work / "runner-temp"
    runner_temp.mkdir()

    env = {
        **BUILD_ENV,
        # mike runs `mkdocs` from the PATH: the virtualenv's, as in the workflow.
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        # Nobody's personal git settings (signing, hooks, default branch) apply.
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "SITE_URL": SITE_URL,
        "REPO_URL": REPO_URL,
        "RUNNER_TEMP": str(runner_temp),
    }

    run(["git", "init", "--quiet", "--bare", "--initial-branch=main", str(origin_path)], work, env)

    project.mkdir()
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, project / part,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / part)
    git = lambda *args: run(["git", *args], project, env)  # noqa: E731
    git("init", "--quiet", "--initial-branch=main")
    git("config", "user.name", BOT[0])
    git("config", "user.email", BOT[1])
    git("add", "--all")
    git("commit", "--quiet", "-m", "The code of practice")
    git("remote", "add", "origin", str(origin_path))
    git("push", "--quiet", "--set-upstream", "origin", "main")

    def publish(ref_type: str, version: str) -> None:
        make_built_site(runner_temp / "built-site", version)
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
    return {"origin": origin, "project": project, "env": env, "states": states,
            "built_site": runner_temp / "built-site"}


def aliases(versions: list[dict]) -> dict[str, list[str]]:
    return {v["version"]: v["aliases"] for v in versions}


# --- after releasing 0.9 and then 1.0 -------------------------------------------------

def test_each_release_has_its_own_folder(published):
    root = published["states"]["1.0"]["root"]
    for version in ("0.9", "1.0"):
        assert root[version][1] == "tree", f"{version}/ is not a folder on gh-pages"
        folder = published["origin"].tree(version)
        assert "index.html" in folder and "code" in folder and "sitemap.xml" in folder


def test_versions_json_marks_only_1_0_as_latest(published):
    versions = published["states"]["1.0"]["versions"]
    assert aliases(versions) == {"1.0": ["latest"], "0.9": []}


def test_latest_is_an_alias_of_1_0(published):
    origin = published["origin"]
    mode, kind, oid = published["states"]["1.0"]["root"]["latest"]
    assert mode == "120000", "latest should be mike's symlink to the version folder"
    assert origin.git("cat-file", "blob", oid) == "1.0"


def test_the_site_root_redirects_to_latest(published):
    index = published["states"]["1.0"]["index"]
    assert (re.search(r'<meta http-equiv="refresh" content="[^"]*url=latest/"', index)
            or re.search(r'window\.location\.replace\(\s*"latest/"', index)), index


def test_a_published_version_knows_its_own_address(published):
    page = published["origin"].show("1.0/index.html")
    assert f'<link rel="canonical" href="{SITE_URL}1.0/">' in page
    assert REPO_URL in page


def test_the_downloads_are_added_to_each_version(published):
    origin = published["origin"]
    assert origin.show("0.9/downloads/code-of-practice.csv") == "version\n0.9\n"
    assert origin.show("1.0/downloads/code-of-practice.csv") == "version\n1.0\n"
    # ... without replacing the pages mike built for the version.
    for version in ("0.9", "1.0", "dev"):
        assert "NOT MIKE'S PAGE" not in origin.show(f"{version}/index.html")


def test_releasing_1_0_leaves_0_9_untouched(published):
    states = published["states"]
    assert states["1.0"]["root"]["0.9"] == states["0.9"]["root"]["0.9"]
    assert aliases(states["0.9"]["versions"]) == {"0.9": ["latest"]}


# --- after publishing dev from main ----------------------------------------------------

def test_publishing_dev_deletes_nothing(published):
    before, after = published["states"]["1.0"], published["states"]["dev"]
    for name, entry in before["root"].items():
        if name != "versions.json":
            assert after["root"].get(name) == entry, f"{name} changed or vanished"
    assert after["root"]["dev"][1] == "tree"
    assert aliases(after["versions"]) == {"dev": [], "1.0": ["latest"], "0.9": []}
    assert after["index"] == before["index"]
    assert published["origin"].show("dev/downloads/code-of-practice.csv") == "version\ndev\n"


def test_the_published_history_only_grows(published):
    origin, states = published["origin"], published["states"]
    for earlier, later in (("0.9", "1.0"), ("1.0", "dev")):
        origin.git("merge-base", "--is-ancestor", states[earlier]["head"], states[later]["head"])


# --- scripts/publish_downloads.py guards ------------------------------------------------

def test_downloads_cannot_be_written_through_an_alias(published):
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "publish_downloads.py"),
         "--site-dir", str(published["built_site"]), "--version", "latest"],
        cwd=published["project"], env=published["env"], capture_output=True, text=True,
    )
    assert result.returncode == 1
    assert "alias" in result.stderr


def test_downloads_already_published_are_not_added_twice(published):
    before = published["origin"].git("rev-parse", "gh-pages").strip()
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "publish_downloads.py"),
         "--site-dir", str(published["built_site"]), "--version", "dev", "--push"],
        cwd=published["project"], env=published["env"], capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Nothing to add" in result.stdout
    assert published["origin"].git("rev-parse", "gh-pages").strip() == before

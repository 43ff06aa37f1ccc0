"""`cop bench --tests` (`make bench-tests`): what the test suite costs, in builds.

    cop bench --tests [-- PYTEST ARGS]

Times one strict `mkdocs build` of the project, then the whole test suite
(with `--durations=20`, so the slowest tests are named), then the build again,
on the same machine in the same run, and prints the suite's wall time divided
by the mean of the two builds' (a shared machine's load changes): the
figure the budget in CONTRIBUTING.md ("Budgets") limits, because it stays
comparable across machines where seconds do not. The suite prints how many
site builds it made. Exit status 1 if the tests fail or the ratio is over
budget, so a slow test is noticed the day it lands.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from code_of_practice.tasks.builds import build_env, mkdocs_build

# The whole suite, in strict builds' time (CONTRIBUTING.md, "Budgets").
SUITE_BUDGET = 25
# `make check`, in strict builds' time.
CHECK_BUDGET = 3


def time_build(root: Path) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.monotonic()
        result = mkdocs_build(root, Path(tmp) / "site")
        took = time.monotonic() - started
    if result.returncode != 0:
        raise SystemExit(f"cop bench --tests: the strict build failed:\n{result.stderr[-3000:]}")
    return took


def run(root: Path, pytest_args: list[str] | None = None) -> int:
    before = time_build(root)
    print(f"one strict build: {before:.1f} s", flush=True)
    command = [sys.executable, "-m", "pytest", "--durations=20", *(pytest_args or [])]
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=root, env=build_env(), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    builds = None
    for line in process.stdout:
        print(line, end="", flush=True)
        found = re.match(r"site builds made by this session: (\d+)", line)
        if found:
            builds = int(found[1])
    status = process.wait()
    suite = time.monotonic() - started
    after = time_build(root)
    build = (before + after) / 2
    print(f"one strict build after the suite: {after:.1f} s", flush=True)
    ratio = suite / build
    print(f"\nthe suite: {suite:.0f} s; one strict build: {build:.1f} s (mean); "
          f"ratio {ratio:.1f} (budget {SUITE_BUDGET})"
          + (f"; {builds} site builds" if builds is not None else ""))
    if ratio > SUITE_BUDGET:
        print(f"over budget: the suite costs {ratio:.1f} builds, more than {SUITE_BUDGET}. "
              "Look at the slowest tests above: share a session build (tests/conftest.py) "
              "or test the layer in process.")
        return 1
    return 1 if status else 0

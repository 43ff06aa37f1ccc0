"""The benchmark's synthetic project stays a valid project as the code evolves
(withdrawn clauses, change records, releases), so `make bench` keeps working."""

from __future__ import annotations

from code_of_practice.model.project import Project
from code_of_practice.tasks.benchmark import multiply_clauses, write_synthetic_releases


def test_the_synthetic_code_is_a_valid_released_project(project_copy):
    real = Project.read(project_copy)
    clauses = multiply_clauses(project_copy, 3)
    versions = write_synthetic_releases(project_copy, len(real.releases) + 3)
    synthetic = Project.read(project_copy)  # raises DataError with the problems if not
    assert len(synthetic.code.clauses) == clauses > len(real.code.clauses)
    assert [r.version for r in synthetic.releases][-3:] == versions
    assert synthetic.edition["released"] and synthetic.edition["version"] == versions[-1]


def test_the_modules_run_first_are_test_modules(root):
    from code_of_practice.testing import LONGEST_FIRST

    modules = {path.name for path in (root / "tests").glob("test_*.py")}
    assert set(LONGEST_FIRST) <= modules, set(LONGEST_FIRST) - modules
    assert len(set(LONGEST_FIRST)) == len(LONGEST_FIRST)

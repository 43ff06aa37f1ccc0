"""Golden-file tests of the generated checklist Markdown, on a small fixture code.

Regenerate the golden files after an intended change with:
    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
and read the diff before committing them.
"""

from __future__ import annotations

import difflib
import os
import shutil

import pytest
from code_of_practice.model.checklists import all_checklists
from code_of_practice.model.code import load_code
from code_of_practice.render.checklists import checklist_page

FIXTURE_EDITION = {"version": "9.9", "status": "test edition", "date": None, "released": False}


@pytest.fixture(scope="module")
def mini_code(root, tmp_path_factory):
    project = tmp_path_factory.mktemp("mini")
    shutil.copytree(root / "tests/fixtures/mini/docs", project / "docs")
    (project / "data").mkdir()
    shutil.copy2(root / "data/frameworks.yml", project / "data/frameworks.yml")
    return load_code(project)


@pytest.mark.parametrize("key", ["prime", "partner", "commissioner", "all"])
def test_checklist_markdown_matches_golden_file(root, mini_code, key):
    slug = next(c.slug for c in all_checklists(mini_code) if c.key == key)
    golden = root / "tests/golden" / f"checklist-{slug}.md"
    actual = checklist_page(mini_code, key, FIXTURE_EDITION)
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            str(golden), "generated"))
        pytest.fail(f"generated checklist differs from {golden.name}:\n{diff}")


def test_withdrawn_clauses_are_in_no_checklist(mini_code):
    for checklist in all_checklists(mini_code):
        assert "1.3" not in [c.id for c in checklist.items(mini_code)]

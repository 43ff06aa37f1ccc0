"""The second engine: Zensical builds the same sources, with the generated
checklists and with every internal link and anchor resolving.

Zensical (Material's successor) reads mkdocs.yml and runs the macros through
`define_env` only. What it lacks is listed in README.md ("A second engine").
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from checklists import all_checklists
from code_model import load_code
from conftest import PROJECT_PARTS
from links import site_url
from test_links import check_site

ZENSICAL = Path(sys.executable).with_name("zensical")


def built_pages(site: Path) -> set[str]:
    return {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")
            if not p.relative_to(site).as_posix().startswith(("search/", "assets/"))}


@pytest.fixture(scope="module")
def zensical_site(root, tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("zensical")
    for part in PROJECT_PARTS:
        source = root / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / part)
    result = subprocess.run([str(ZENSICAL), "build", "--clean"], cwd=project,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"zensical build failed:\n{result.stdout}\n{result.stderr}"
    return project / "site"


def test_zensical_builds_the_same_pages_as_mkdocs(site, zensical_site):
    assert built_pages(zensical_site) == built_pages(site)


def test_zensical_has_the_generated_checklists_and_clauses(root, zensical_site):
    code = load_code(root)
    for checklist in all_checklists(code):
        html = (zensical_site / site_url(checklist.page) / "index.html").read_text("utf-8")
        for clause in checklist.items(code):
            assert f'id="item-{clause.id}"' in html, f"{clause.id} missing from {checklist.page}"
        assert "{{" not in html
    for principle in code.principles:
        html = (zensical_site / site_url(principle.page) / "index.html").read_text("utf-8")
        for clause in principle.clauses:
            assert f'id="{clause.anchor}"' in html


def test_zensical_internal_links_and_anchors_resolve(zensical_site):
    broken, _, checked = check_site(zensical_site)
    assert checked > 500
    assert not broken, "broken links in the Zensical build:\n" + "\n".join(broken[:40])

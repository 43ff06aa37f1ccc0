"""The second engine: Zensical builds the same sources, with the generated
checklists and with every internal link and anchor resolving.

Zensical (Material's successor) reads mkdocs.yml and runs the macros through
`define_env` only. What it lacks is listed in README.md ("A second engine").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from code_of_practice.model.checklists import all_checklists
from code_of_practice.model.code import load_code
from code_of_practice.model.urls import site_url
from code_of_practice.testing import check_site, copy_project, zensical_build


def built_pages(site: Path) -> set[str]:
    return {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")
            if not p.relative_to(site).as_posix().startswith(("search/", "assets/"))}


@pytest.fixture(scope="module")
def zensical_site(root, tmp_path_factory) -> Path:
    project = copy_project(root, tmp_path_factory.mktemp("zensical") / "project")
    trace = project.parent / "loads.txt"
    result = zensical_build(project, env={"COP_TRACE_LOADS": str(trace)})
    assert result.returncode == 0, f"zensical build failed:\n{result.stdout}\n{result.stderr}"
    # Zensical calls define_env once per page; the model is read once.
    loads = trace.read_text(encoding="utf-8").splitlines()
    assert len(loads) == 1, loads
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


def test_zensical_pages_pass_the_content_allow_list(root, zensical_site):
    """The theme's content markers are in Zensical's pages too, and the content
    passes the same check as under MkDocs (model/site_html.py)."""
    from code_of_practice.model.site_html import check_site

    assert check_site(zensical_site, root) == []

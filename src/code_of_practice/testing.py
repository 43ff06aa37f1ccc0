"""Helpers for the test suite, in one importable place (tests never import
each other). The fixtures that use them are in tests/conftest.py."""

from __future__ import annotations

import os
from pathlib import Path

from code_of_practice.outputs.browser import chromium, serve, site_pages  # noqa: F401 (for the tests)
from code_of_practice.tasks.builds import (BUILD_ENV, PROJECT_PARTS, copy_project,  # noqa: F401
                                           mkdocs_build, zensical_build)
from code_of_practice.model.releases import working_version
from code_of_practice.tasks.linkcheck import check_site  # noqa: F401 (for the tests)
from code_of_practice.tasks.rehearsal import PROJECT_ROOT_ENV, add_record

# The project the tests check: the repository this package was installed from
# (editable install), or the copy named by $COP_PROJECT_ROOT (the release
# rehearsal runs the fast tests on its copy after each release).
ROOT = Path(os.environ.get(PROJECT_ROOT_ENV) or Path(__file__).resolve().parents[2]).resolve()


def add_working_change(project: Path) -> str:
    """Reword one clause of a project copy, with its change record, so that it
    has a working version after its latest release. Returns the clause's ID."""
    from code_of_practice.model.code import load_code

    page = project / "docs/code/8-data-sharing.md"
    text = page.read_text(encoding="utf-8")
    old = "As the prime contractor"
    assert old in text, f"test set-up: {old!r} not in {page}"
    before = {c.id: c.text for c in load_code(project).clauses}
    page.write_text(text.replace(old, "As the lead contractor", 1), encoding="utf-8")
    changed = [c.id for c in load_code(project).clauses if before.get(c.id) != c.text]
    # One line per field: tests add fields after "reason" (see test_honest_history).
    with open(project / "data/changes.yml", "a", encoding="utf-8") as changes:
        changes.write(f'\n- version: "{working_version(project)}"\n  clauses: ["{changed[0]}"]\n'
                      "  type: reworded\n  reason: >-\n    A test rewording.\n  source: A test.\n")
    return changed[0]


def read_html(site: Path, page: str) -> str:
    """The HTML of a built page, given its URL path such as 'code/1-risk/'."""
    return (Path(site) / page / "index.html").read_text(encoding="utf-8")


def record_change(project: Path, clause_id: str, kind: str,
                  reason: str = "A change made by a test.") -> str:
    """Add a change record for a clause to a copy's data/changes.yml, for the
    version being worked on (read from the copy); return that version."""
    version = working_version(project)
    add_record(Path(project), version, clause_id, kind, reason)
    return version


# -- axe-core, run in a page (tests/test_accessibility.py and others) -----------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# No rule is excluded. If one ever must be, list it here with the reason.
AXE_DISABLED_RULES: dict[str, str] = {}

AXE_RUN = """async ([tags, disabled]) => {
  const rules = {};
  for (const id of disabled) rules[id] = {enabled: false};
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    rules,
    resultTypes: ["violations"],
  });
  return result.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""


# -- writing principle pages the way the format page asks ------------------------

# The fields that must be YAML block scalars (see model/code.py, markdown_field).
BLOCK_FIELDS = ("text", "statement", "reason")


class _Block(str):
    """A string that YAML writes as a literal block (`|-`)."""


def _blocks(value):
    if isinstance(value, dict):
        return {k: _Block(v) if k in BLOCK_FIELDS and isinstance(v, str) else _blocks(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_blocks(v) for v in value]
    return value


def dump_front_matter(data: dict) -> str:
    """YAML for a principle page's front matter, text fields as block scalars."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    Dumper.add_representer(_Block, lambda dumper, value: dumper.represent_scalar(
        "tag:yaml.org,2002:str", str(value), style="|"))
    return yaml.dump(_blocks(data), Dumper=Dumper, sort_keys=False, allow_unicode=True,
                     width=100)


def free_clause(project: Path, want=lambda clause: True):
    """An active clause of a project copy, not the first on its page, that no
    other clause may still refer to: it is left out of every other clause's
    `related` list on the copy's pages, so a test can withdraw or delete it.
    `want(clause)` narrows the choice. Returns the clause as the copy now reads it."""
    import yaml

    from code_of_practice.model.code import load_code, split_front_matter

    code = load_code(project)
    moved = {t for c in code.clauses if c.withdrawn for t in c.withdrawn.moved_to}
    chosen = next((c for p in code.principles for c in reversed(p.active_clauses)
                   if c.number > 1 and c.id not in moved and want(c)), None)
    assert chosen, "test set-up: no clause fits"
    for principle in code.principles:
        if not any(chosen.id in c.related for c in principle.clauses):
            continue
        page = project / "docs" / principle.page
        front, body, _ = split_front_matter(page.read_text(encoding="utf-8"), str(page))
        data = yaml.safe_load(front)
        for raw in data["clauses"]:
            if chosen.id in (raw.get("related") or []):
                raw["related"] = [r for r in raw["related"] if r != chosen.id]
                if not raw["related"]:
                    del raw["related"]
        page.write_text("---\n" + dump_front_matter(data) + "---\n" + body, encoding="utf-8")
    return load_code(project).clause(chosen.id)

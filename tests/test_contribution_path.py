"""A text-only pull request can change only text: Jinja in a page runs only
the registered macros, the rendered HTML of all content passes one allow-list,
no symlink or device is read from the content folders, and bad bytes give a
clear message. Each attack is refused with its file and line.

Most checks run in process on the real sources or a small copy; one copy with
a Jinja attack is built by each engine.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
import yaml

from code_of_practice.render.page_templates import sandboxed, template_problems
from code_of_practice.render.site import SiteModel
from code_of_practice.testing import ROOT, copy_project, mkdocs_build, zensical_build


def build_environment() -> jinja2.Environment:
    """A Jinja environment with the delimiters mkdocs.yml gives the macros."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "!ENV", ""))
    macros = next(p["macros"] for p in config["plugins"] if isinstance(p, dict) and "macros" in p)
    return jinja2.Environment(**{k.removeprefix("j2_"): v for k, v in macros.items()
                                 if k.startswith("j2_")})


ENV = build_environment()


def problems(body: str) -> list[str]:
    return template_problems(body, "docs/x.md", 5, SiteModel.MACROS, ENV)


@pytest.mark.parametrize("attack, what", [
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "a call of anything but a macro"),
    ("{{ cycler }}", "the name 'cycler'"),
    ("{{ joiner() }}", "a call of 'joiner', which is not a macro of this site"),
    ("{{ namespace(a=1) }}", "a call of 'namespace', which is not a macro of this site"),
    ("{{ lipsum() }}", "a call of 'lipsum', which is not a macro of this site"),
    ("{{ self }}", "the name 'self'"),
    ("{{ self._TemplateReference__context }}", "attribute access ('._TemplateReference__context')"),
    ("{{ page.file.abs_src_path }}", "attribute access ('.abs_src_path')"),
    ("{{ config }}", "the name 'config'"),
    ("{{ edition.__class__ }}", "the field edition.__class__"),
    ("{{ edition.items() }}", "a call of anything but a macro"),
    ("{{ clause.__globals__ }}", "attribute access ('.__globals__')"),
    ("{{ clause(edition.version) }}", "a macro argument that is not a literal (attribute access ('.version'))"),
    ("{{ clause('3.1' ~ '') }}", "a macro argument that is not a literal ('~' joining)"),
    ("{{ clause(*x) }}", "'*' or '**' in a macro call"),
    ("{{ clause | string }}", "a filter ('|')"),
    ("{{ edition['version'] }}", "'[...]' indexing"),
    ("{{ 7*7 }}", "arithmetic or a comparison"),
    ("{% for x in range(3) %}{% endfor %}", "a '{% for %}' loop"),
    ("{% set x = 1 %}", "'{% set %}'"),
    ("{% include 'mkdocs.yml' %}", "'{% include %}'"),
    ("{% import 'x' as y %}", "'{% import %}'"),
    ("{% macro m() %}{% endmacro %}", "'{% macro %}'"),
    ("{{ clause }}", "the macro 'clause' without brackets"),
])
def test_jinja_beyond_the_macros_is_refused_with_file_and_line(attack, what):
    found = problems(f"Some words.\n\nMore {attack} words.\n")
    assert found and found[0].startswith(f"docs/x.md, line 7: {what} is not allowed in a page. ")
    assert "docs/contribute/clause-format.md" in found[0]


def test_jinja_hidden_inside_an_if_is_refused_too():
    found = problems("{% if comments_email %}\nok\n{% else %}\n{{ lipsum() }}\n{% endif %}\n")
    assert found == [f"docs/x.md, line 8: a call of 'lipsum', which is not a macro of this "
                     f"site is not allowed in a page. {found[0].split('page. ', 1)[1]}"]


def test_a_syntax_error_names_the_line():
    assert problems("a\n{{ clause(\n")[0].startswith(
        "docs/x.md, line 6: the macro syntax could not be read (")


def test_what_the_pages_use_is_allowed():
    assert problems('{{ clause("3.2") }} {{ clause("3.2", title=False) }} '
                    '{{ merlin_table("merlin_2018") }} {{ edition.version }} '
                    "{{ edition.status }} {% if comments_email %}{{ comments_email }}"
                    "{% else %}no{% endif %} {% if not comments_email %}x{% endif %}") == []


def page_bodies(root: Path):
    for path in sorted((root / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        meta, body, first = {}, text, 1
        if text.startswith("---\n"):
            end = text.index("\n---\n", 3)
            meta = yaml.safe_load(text[4:end]) or {}
            body, first = text[end + 5:], text.count("\n", 0, end + 5) + 1
        if meta.get("render_macros") is not False:
            yield path.relative_to(root).as_posix(), body, first


def test_every_page_of_the_site_passes_the_check():
    for source, body, first in page_bodies(ROOT):
        assert template_problems(body, source, first, SiteModel.MACROS, ENV) == [], source


def test_the_sandbox_has_only_the_macros_as_globals():
    sandbox = sandboxed(ENV, {"clause": lambda *a: "ok"})
    assert set(sandbox.globals) == {"clause"}
    # An unsafe attribute is undefined in the sandbox; so is every Jinja global.
    assert sandbox.from_string("{{ clause.__globals__ }}{{ ''.__class__ }}").render() == ""
    assert sandbox.from_string("{{ cycler }}{{ lipsum }}{{ namespace }}").render() == ""
    assert sandbox.from_string("{{ clause() }}").render() == "ok"


@pytest.fixture(scope="module")
def jinja_attack(tmp_path_factory):
    """A copy of the project with the issue's Jinja attack in a page body."""
    project = copy_project(ROOT, tmp_path_factory.mktemp("jinja") / "project")
    page = project / "docs" / "background" / "compact.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.append("{{ cycler.__init__.__globals__.os.popen('echo owned > owned.txt').read() }}")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return project, len(lines)


def test_mkdocs_refuses_the_jinja_attack_and_runs_nothing(jinja_attack, tmp_path):
    project, line = jinja_attack
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert (f"docs/background/compact.md, line {line}: a call of anything but a macro is not "
            "allowed in a page.") in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "owned.txt").exists()


def test_zensical_refuses_the_jinja_attack_and_runs_nothing(jinja_attack):
    project, line = jinja_attack
    result = zensical_build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert (f"docs/background/compact.md, line {line}: a call of anything but a macro is not "
            "allowed in a page.") in output
    assert not (project / "owned.txt").exists()

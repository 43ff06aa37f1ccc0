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

from code_of_practice.model.allowlist import check_fragment, content_region
from code_of_practice.model.files import file_problems
from code_of_practice.model.site_html import check_site, refusal_report
from code_of_practice.render.page_templates import sandboxed, template_problems
from code_of_practice.render.site import PageMacros
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
    return template_problems(body, "docs/x.md", 5, PageMacros.MACROS, ENV)


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
        assert template_problems(body, source, first, PageMacros.MACROS, ENV) == [], source


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


@pytest.mark.build
def test_zensical_refuses_the_jinja_attack_and_runs_nothing(jinja_attack):
    project, line = jinja_attack
    result = zensical_build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert (f"docs/background/compact.md, line {line}: a call of anything but a macro is not "
            "allowed in a page.") in output
    assert not (project / "owned.txt").exists()


# -- one allow-list for the HTML all content becomes ------------------------------------



def refused(html: str) -> list[str]:
    return [r.what for r in check_fragment(html)]


@pytest.mark.parametrize("html, what", [
    ("<script>alert(1)</script>", "the element <script>"),
    ('<script type="application/json">{}</script>', "the element <script>"),
    ("<style>body{display:none}</style>", "the element <style>"),
    ('<iframe src="https://example.org/"></iframe>', "the element <iframe>"),
    ('<object data="x.swf"></object>', "the element <object>"),
    ('<embed src="x.swf">', "the element <embed>"),
    ('<base href="https://evil.example/">', "the element <base>"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "the element <meta>"),
    ('<input name="password">',
     "the element <input> outside the project's own checklist and form widgets"),
    ('<form action="https://evil.example/"><p>x</p></form>',
     "the element <form> outside the project's own checklist and form widgets"),
    ('<button>Go</button>',
     "the element <button> outside the project's own checklist and form widgets"),
    ('<p onclick="alert(1)">x</p>', "the event-handler attribute onclick= on <p>"),
    ('<img src="x.png" onerror="alert(1)">', "the event-handler attribute onerror= on <img>"),
    ('<p style="position:fixed">x</p>',
     "a style attribute on <p> (styles belong in the project's stylesheets)"),
    ('<a href="javascript:alert(1)">x</a>', "a link to a 'javascript:' address (href= on <a>)"),
    ('<a href="JaVa&#09;ScRiPt:alert(1)">x</a>',
     "a link to a 'javascript:' address (href= on <a>)"),
    ('<a href=" &#x0A;javascript:alert(1)">x</a>',
     "a link to a 'javascript:' address (href= on <a>)"),
    ('<img src="data:image/png;base64,AAAA">', "a link to a 'data:' address (src= on <img>)"),
    ('<img srcset="a.png 1x, vbscript:x 2x">', "a link to a 'vbscript:' address (srcset= on <img>)"),
    ('<svg><a xlink:href="javascript:alert(1)">x</a></svg>', "the element <a>"),
    ('<math><mi>x</mi></math>', "the element <math>"),
    ('<template><script>alert(1)</script></template>', "the element <template>"),
    ('<div data-project-widget="x" onclick="y"></div>',
     "the event-handler attribute onclick= on <div>"),
])
def test_the_allow_list_refuses(html, what):
    assert what in refused(f"<p>Before.</p>\n{html}\n<p>After.</p>")


def test_an_end_tag_in_content_cannot_leave_the_checked_region():
    page = ("<article><!-- page-content-start -->\n<p>x</p></article></div></body>"
            "<script>alert(1)</script>\n<!-- page-content-end -->\n</article>")
    assert refused(content_region(page)) == ["the element <script>"]
    # A forged end marker only makes the region longer.
    forged = page.replace("</body>", "</body><!-- page-content-end -->")
    assert "the element <script>" in refused(content_region(forged))


def test_ordinary_markup_and_project_widgets_pass():
    assert refused(
        '<p class="notice"><span class="badge">New</span> <a class="md-button" '
        'href="../x/#y" title="t">x</a> <a href="https://example.org/">e</a> '
        '<a href="mailto:a@example.org">m</a> <abbr title="t">T</abbr></p>'
        '<details class="note"><summary>S</summary><p>x</p></details>'
        '<table><tr><th scope="col" colspan="2">h</th></tr></table>'
        '<fieldset class="checklist-item" data-project-widget="checklist"><legend>q</legend>'
        '<label><input type="radio" name="a" value="yes"> Yes</label>'
        '<textarea name="n" rows="2"></textarea></fieldset>'
        '<form class="compare-tool" action="#r" data-project-widget="compare">'
        '<select name="from"><option value="1" selected>1</option></select>'
        '<button type="submit" class="md-button">Go</button></form>'
        '<script type="application/json" id="d" data-project-widget="compare">{}</script>'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M0 0"/></svg>'
    ) == []


def test_a_widget_form_still_may_not_post_elsewhere():
    assert refused('<form action="javascript:x" data-project-widget="c"></form>') == [
        "a link to a 'javascript:' address (action= on <form>)"]


def test_the_real_site_passes(site):
    assert check_site(site, ROOT) == []


def test_an_error_list_longer_than_50_shows_50_and_a_count():
    report = refusal_report([f"docs/x.md, line {n}: problem {n}." for n in range(1, 61)])
    lines = report.splitlines()
    assert lines[0] == "The content has 60 problems to fix:"
    assert lines[50] == "  - docs/x.md, line 50: problem 50."
    assert lines[51].startswith("  … and 10 more.")
    assert "problem 51." not in report


ATTACKS = [
    # (Markdown, what is refused); each one is the line the problem must name.
    ("[next line][nl]\n\n[nl]:\n    javascript:alert(1)",
     "a link to a 'javascript:' address (href= on <a>)"),
    ("> [in a quote][q]\n>\n> [q]: javascript:alert(2)",
     "a link to a 'javascript:' address (href= on <a>)"),
    ("- [in a list][l]\n\n    [l]: javascript:alert(3)",
     "a link to a 'javascript:' address (href= on <a>)"),
    ("Term\n:   [in a definition][d]\n\n    [d]: javascript:alert(4)",
     "a link to a 'javascript:' address (href= on <a>)"),
    ("!!! note\n    [in an admonition][a]\n\n    [a]: javascript:alert(5)",
     "a link to a 'javascript:' address (href= on <a>)"),
    ('??? note "More"\n    [in details][det]\n\n    [det]: javascript:alert(6)',
     "a link to a 'javascript:' address (href= on <a>)"),
    ("<div class=\"x\"><script>alert(7)</script></div>", "the element <script>"),
    ("A paragraph with a handler.\n{: onclick=\"alert(8)\" }",
     "the event-handler attribute onclick= on <p>"),
    ("[a script link](javascript:alert(9))", "a link to a 'javascript:' address (href= on <a>)"),
    ("<a href=\"JaVa&#09;ScRiPt:alert(10)\">encoded</a>",
     "a link to a 'javascript:' address (href= on <a>)"),
    ('<iframe src="https://example.org/"></iframe>', "the element <iframe>"),
    ('<p style="position:fixed">covering</p>', "a style attribute on <p>"),
    ('<form action="https://evil.example/"><input name="password"></form>',
     "the element <form> outside the project's own checklist and form widgets"),
]


def add_the_records_the_model_asks_for(project: Path) -> None:
    """Add each change record the model says a copy's edits need."""
    import re

    from code_of_practice.model.project import Project
    from code_of_practice.model.yaml_lines import DataError
    from code_of_practice.testing import record_change

    wanted = re.compile(r'a record with version: "[^"]+", clauses: \["([^"]+)"\], type: (\w+)')
    for _ in range(5):
        try:
            Project.read(project)
            return
        except DataError as err:
            asked = wanted.findall(str(err))
            assert asked, str(err)
            for clause_id, kind in asked:
                record_change(project, clause_id, kind)


@pytest.fixture(scope="module")
def html_attacks(tmp_path_factory):
    """A copy with every route of the issue in a page body and in a withdrawal
    reason, built strictly (it must fail)."""
    from code_of_practice.model.code import split_front_matter
    from code_of_practice.testing import dump_front_matter, free_clause

    project = copy_project(ROOT, tmp_path_factory.mktemp("html") / "project")
    page = project / "docs" / "background" / "compact.md"
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n"
    expected = []
    for markdown, what in ATTACKS:
        text += "\n"
        start = text.count("\n") + 1
        lines = markdown.splitlines()
        marker = next(i for i, l in enumerate(lines)
                      if "alert(" in l or "<iframe" in l or "style=" in l or "<form" in l)
        expected.append((f"docs/background/compact.md, line {start + marker}", what))
        text += markdown + "\n"
    page.write_text(text, encoding="utf-8")
    # withdrawn.reason: a reference definition whose URL is on the next line.
    clause = free_clause(project)
    source = project / clause.source
    front, body, _ = split_front_matter(source.read_text(encoding="utf-8"), str(source))
    data = yaml.safe_load(front)
    version = yaml.safe_load((project / "data" / "edition.yml").read_text())["next_version"]
    for raw in data["clauses"]:
        if raw["id"] == clause.id:
            raw["withdrawn"] = {"in": version,
                                "reason": "Gone, see [the note][w].\n\n[w]:\n  javascript:alert(11)"}
    source.write_text("---\n" + dump_front_matter(data) + "---\n" + body, encoding="utf-8")
    add_the_records_the_model_asks_for(project)
    reason_line = next(n for n, l in enumerate(source.read_text().splitlines(), 1)
                       if "javascript:alert(11)" in l)
    expected.append((f"{clause.source}, line {reason_line}",
                     "a link to a 'javascript:' address (href= on <a>)"))
    return project, expected


@pytest.mark.build
def test_mkdocs_refuses_every_html_route_with_file_and_line(html_attacks, tmp_path):
    project, expected = html_attacks
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    problems = [l[4:] for l in result.stderr.splitlines() if l.startswith("  - ")]
    for where, what in expected:
        assert any(p.startswith(where) and f": {what}" in p for p in problems), (
            where, what, "\n".join(problems))


@pytest.mark.build
def test_under_zensical_cop_post_build_refuses_the_same_routes(html_attacks):
    """Zensical has no post-build hook for the macros: the check runs as the
    first step of `cop post-build`, which `make build` and publishing run."""
    from code_of_practice.model.project import Project
    from code_of_practice.outputs.postbuild import PostBuildError, run_post_build

    project, expected = html_attacks
    result = zensical_build(project)
    assert result.returncode == 0, result.stdout + result.stderr  # Zensical itself checks nothing
    with pytest.raises(PostBuildError) as caught:
        run_post_build(Project.read(project), project / "site", base_url="https://example.org/",
                       log=lambda message: None)
    problems = [l[4:] for l in str(caught.value).splitlines() if l.startswith("  - ")]
    missing = [(where, what) for where, what in expected
               if not any(p.startswith(where) and f": {what}" in p for p in problems)]
    # Zensical rewrites a link in raw HTML whose scheme it does not know as a
    # relative path ("../JaVa&#09;ScRiPt:…"), which is harmless; every other
    # route is refused as under MkDocs.
    page = (project / "site" / "background" / "compact" / "index.html").read_text("utf-8")
    assert not missing or (len(missing) == 1 and
                           '<a href="../JaVa\tScRiPt:alert(10)">' in page), missing


# -- no links, devices or files outside the project -------------------------------------

LINK = ("is a symbolic link (to {target!r}). The build reads only plain files inside the "
        "project: put a copy of the file here instead, or delete the link.")


@pytest.fixture
def small_copy(tmp_path):
    return copy_project(ROOT, tmp_path / "project", ("mkdocs.yml", "docs", "data", "releases",
                                                     "overrides", "macros"))


def test_links_and_devices_are_refused_by_path(small_copy, tmp_path):
    import os

    secret = tmp_path / "secret.txt"
    secret.write_text("token", encoding="utf-8")
    os.symlink(secret, small_copy / "docs" / "leak.md")
    os.symlink("../nowhere.yml", small_copy / "data" / "gone.yml")
    os.symlink("/etc", small_copy / "overrides" / "partials" / "etc")
    os.mkfifo(small_copy / "releases" / "pipe.json")
    assert file_problems(small_copy) == [
        "docs/leak.md: " + LINK.format(target=str(secret)),
        "data/gone.yml: " + LINK.format(target="../nowhere.yml"),
        "releases/pipe.json: is not a plain file (a device, pipe or socket). Delete it: the "
        "build reads only plain files.",
        "overrides/partials/etc: " + LINK.format(target="/etc"),
    ]


def test_a_file_the_site_would_copy_unchecked_is_refused(small_copy):
    (small_copy / "docs" / "background" / "page.html").write_text("<script>alert(1)</script>")
    (small_copy / "docs" / "logo.svg").write_text("<svg onload='alert(1)'/>")
    (small_copy / "docs" / "photo.png").write_bytes(b"\x89PNG")
    advice = ("may be under docs/ outside docs/assets/: the site would publish this file as it "
              "is, unchecked. Delete it, or ask a maintainer to add it to docs/assets/.")
    assert file_problems(small_copy) == [
        "docs/logo.svg: only pages (.md) and pictures (.png, .jpg, .gif, .webp) " + advice,
        "docs/background/page.html: only pages (.md) and pictures (.png, .jpg, .gif, .webp) "
        + advice]


def test_a_content_folder_that_is_a_link_is_refused(small_copy):
    import os
    import shutil

    shutil.move(small_copy / "macros", small_copy.parent / "elsewhere")
    os.symlink(small_copy.parent / "elsewhere", small_copy / "macros")
    assert file_problems(small_copy) == [
        "macros: " + LINK.format(target=str(small_copy.parent / "elsewhere"))]


@pytest.mark.build
def test_a_dangling_link_stops_the_build_with_one_message_not_a_traceback(small_copy, tmp_path):
    import os

    os.symlink("../../.git/config", small_copy / "docs" / "background" / "config.md")
    result = mkdocs_build(small_copy, tmp_path / "site", timeout=120)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "FileNotFoundError" not in result.stderr
    assert ("  - docs/background/config.md: "
            + LINK.format(target="../../.git/config")) in result.stderr


# -- bad bytes ---------------------------------------------------------------------------

def test_a_byte_order_mark_is_refused_with_a_message_that_says_so(small_copy):
    from code_of_practice.model.project import Project
    from code_of_practice.model.yaml_lines import DataError

    page = small_copy / "docs" / "code" / "1-risk.md"
    page.write_bytes(b"\xef\xbb\xbf" + page.read_bytes())
    with pytest.raises(DataError) as caught:
        Project.read(small_copy)
    assert str(caught.value).splitlines()[1] == (
        "  - docs/code/1-risk.md, line 1: the file starts with a UTF-8 byte order mark (BOM), "
        "which hides its first line from the build. Save it as UTF-8 without a BOM (in most "
        "editors: 'UTF-8', not 'UTF-8 with BOM').")


def test_invalid_utf8_names_the_file_and_line(small_copy):
    from code_of_practice.model.project import load_project
    from code_of_practice.model.yaml_lines import DataError

    changes = small_copy / "data" / "changes.yml"
    data = changes.read_bytes()
    lines = data.count(b"\n")
    changes.write_bytes(data + b"# caf\xe9\n")
    with pytest.raises(DataError) as caught:
        load_project(small_copy)
    assert str(caught.value).splitlines()[1] == (
        f"  - data/changes.yml, line {lines + 1}: not UTF-8 (the byte 0xe9 at column 6 is not "
        "a UTF-8 character). Save the file as UTF-8.")


def test_a_long_list_of_problems_shows_the_first_50_and_a_count(small_copy):
    from code_of_practice.model.project import Project
    from code_of_practice.model.yaml_lines import DataError

    for n in range(60):
        (small_copy / "data" / f"bad-{n:02}.yml").write_bytes(b"\xff\n")
    with pytest.raises(DataError) as caught:
        Project.read(small_copy)
    lines = str(caught.value).splitlines()
    assert lines[0] == "The project has 60 files the build will not read:"
    assert len(lines) == 52 and lines[50].startswith("  - data/bad-49.yml, line 1: not UTF-8")
    assert lines[51].startswith("  … and 10 more.")


def test_the_review_report_names_a_file_that_is_not_utf8(tmp_path):
    import subprocess

    from code_of_practice.model.yaml_lines import DataError
    from code_of_practice.tasks.review_report import code_at

    repo = copy_project(ROOT, tmp_path / "repo", ("docs", "data"))
    page = sorted((repo / "docs" / "code").glob("[0-9]*.md"))[0]
    page.write_bytes(page.read_bytes() + b"\n\xff\n")
    env = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"}
    for args in (["init", "-q"], ["add", "-A"],
                 ["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    lines = page.read_bytes().count(b"\n")
    with pytest.raises(DataError) as caught:
        code_at(repo, "HEAD")
    assert str(caught.value) == (
        f"docs/code/{page.name}, line {lines}: not UTF-8 (the byte 0xff at column 1 is not a "
        "UTF-8 character). Save the file as UTF-8.")

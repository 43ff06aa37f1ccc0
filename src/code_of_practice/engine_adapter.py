"""The engine adapter: the one module that knows MkDocs and Zensical. It hands
them the macros (render/site.py's PageMacros, every method marked @macro).

Only `define_env` is used, because Zensical calls nothing else (and calls it
once per page: the project is cached, see model/project.py). macros/__init__.py
imports this function; all logic lives in the package.

Under MkDocs, `define_env` also makes mkdocs-macros safe for contributed
text: front matter titles are never rendered as Jinja, an unknown name stops
the build with one line, and broken-link warnings name their line. Under
Zensical, a title with Jinja delimiters is handed over as a literal.
"""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path

import jinja2

from code_of_practice.model.downloads import read_manifest
from code_of_practice.model.files import refuse_unsafe_files
from code_of_practice.model.project import load_project
from code_of_practice.model.site_html import check_site, refusal_report
from code_of_practice.model.yaml_lines import DataError, check_page_front_matter
from code_of_practice.render.contribute import comments_address
from code_of_practice.render.errata import theme_notices
from code_of_practice.render.links import HtmlLinks
from code_of_practice.render.page_templates import sandboxed, template_problems
from code_of_practice.render.site import PageMacros


class BuildStopped(SystemExit):
    """Stops the build with its message alone.

    mkdocs-macros turns any Exception raised while a page is rendered into a
    warning with a Python traceback (and then exits); a SystemExit passes
    through it, and Python prints its message as it is.
    """


def _fail(message: str):
    """Stop the build with the message alone, without a Python traceback."""
    raise BuildStopped(message) from None


def _body_start(source_text: str, body: str) -> int:
    """The line of the source file on which `body` (the page without its front
    matter) starts."""
    if source_text.endswith(body):
        return source_text.count("\n", 0, len(source_text) - len(body)) + 1
    lines = source_text.splitlines()
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() in ("---", "..."):
                return index + 2
    return 1


def _check_template(docs_dir: Path, page: str, body: str | None, macros,
                    environment: jinja2.Environment) -> None:
    """Stop the build if the page's Jinja goes beyond the macros and documented
    variables (render/page_templates.py)."""
    path = docs_dir / page
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = body or ""
    if body is None:
        lines = text.splitlines(keepends=True)
        first = _body_start(text, "")
        if lines and lines[0].strip() == "---" and first > 1:
            body = "".join(lines[first - 1:])
        else:
            body, first = text, 1
    else:
        first = _body_start(text, body)
    problems = template_problems(body, f"docs/{page}", first, macros, environment)
    if problems:
        _fail("\n".join(problems))


def _sandbox_and_check_pages(env, page, docs_dir: Path, names) -> None:
    """Under mkdocs-macros: every page's template is checked before it is
    rendered, and rendered in Jinja's sandbox with the registered macros as its
    only globals."""

    def on_pre_page(plugin) -> None:
        if not getattr(plugin.env, "is_safe_for_content", False):
            sandbox = sandboxed(plugin.env, {name: plugin.macros[name] for name in names})
            sandbox.filters.update(plugin.filters)
            sandbox.is_safe_for_content = True
            plugin._env = sandbox
        if (plugin.page.meta or {}).get("render_macros") is False:
            return
        _check_template(docs_dir, page(), plugin.markdown, names, plugin.env)

    env.pre_macro_functions.append(on_pre_page)


def _check_built_content(env, root: Path) -> None:
    """After MkDocs has written the site: the allow-list check of the HTML the
    content became (model/site_html.py). A refusal fails the build."""

    def on_post_build(plugin) -> None:
        problems = check_site(Path(plugin.conf["site_dir"]), root)
        if problems:
            _fail(refusal_report(problems))

    env.post_build_functions.append(on_post_build)


def _stop_on_unknown_names(env, page) -> None:
    """An unknown macro or variable stops the build with one line naming the page."""

    class Unknown(jinja2.StrictUndefined):
        def _fail_with_undefined_error(self, *args, **kwargs):
            _fail(f"docs/{page()}: unknown macro or variable {self._undefined_name!r}. "
                  "Check its spelling against the macros listed in "
                  "docs/contribute/clause-format.md. A page that shows macro calls as "
                  "examples needs 'render_macros: false' in its front matter.")

        __str__ = __iter__ = __len__ = __bool__ = __call__ = _fail_with_undefined_error
        __getattr__ = _fail_with_undefined_error

    def on_pre_page(plugin) -> None:
        plugin.env.undefined = Unknown

    env.pre_macro_functions.append(on_pre_page)


# MkDocs' warnings for a broken link or anchor name the page but not the line.
_LINK_WARNING = re.compile(
    r"Doc file '(?P<file>[^']+)' contains (?:a|an unrecognized relative) link '(?P<link>[^']*)'")


class LinkLines(logging.Filter):
    """Puts the file and line in front of MkDocs' broken-link warnings: the line
    that holds the link, or the line of the macro that wrote it."""

    def __init__(self, docs_dir: Path):
        super().__init__()
        self.docs_dir = Path(docs_dir)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        match = _LINK_WARNING.match(message)
        if match:
            record.msg, record.args = f"{self.where(match['file'], match['link'])}: {message}", ()
        return True

    def where(self, page: str, link: str) -> str:
        try:
            lines = (self.docs_dir / page).read_text(encoding="utf-8").splitlines()
        except OSError:
            return f"docs/{page}"
        for number, line in enumerate(lines, 1):
            if link in line:
                return f"docs/{page}, line {number}"
        macros = [number for number, line in enumerate(lines, 1) if "{{" in line]
        if macros:
            return (f"docs/{page}, line {macros[0]}" if len(macros) == 1 else
                    f"docs/{page}, one of the macros on lines "
                    f"{', '.join(str(n) for n in macros)}") + " (the link is made by a macro)"
        return f"docs/{page}"


def _name_link_lines(docs_dir: Path) -> None:
    logger = logging.getLogger("mkdocs.structure.pages")
    for old in [f for f in logger.filters if isinstance(f, LinkLines)]:
        logger.removeFilter(old)
    logger.addFilter(LinkLines(docs_dir))


def _never_render_titles(env) -> None:
    """Front matter is data, not a template: mkdocs-macros renders a page title
    that contains '{{' as Jinja (so `title: "{{ 7*7 }}"` showed 49 and could
    reach Python's modules). Its one test for that is `has_j2`: say no."""
    env.has_j2 = lambda text: False


def _literal_title_for_zensical(page) -> None:
    """Zensical renders a page title that contains Jinja delimiters after the
    body (both the title and the metadata title). Front matter is data: hand
    it a Jinja expression whose value is the title as written, so rendering
    gives back the same characters and runs nothing."""
    title = getattr(page, "title", None)
    if not isinstance(title, str) or not any(d in title for d in ("{{", "{%", "{#")):
        return
    literal = "{{ " + json.dumps(title) + " }}"
    page.title = literal
    if getattr(page, "meta", {}).get("title") == title:
        page.meta["title"] = literal


# Set by the test suite: every site build appends one line to this file, so the
# suite can say how many builds it made (code_of_practice.testing.builds_made).
BUILD_LOG_ENV = "COP_BUILD_LOG"


def _count_build(engine: str, project_dir: str) -> None:
    log = os.environ.get(BUILD_LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as file:
            # The test that asked for it (pytest sets this), to show where builds go.
            asker = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" ", 1)[0]
            file.write(f"{engine}\t{project_dir}\t{asker}\n")


def define_env(env):
    config = env.conf
    # MkDocs pages carry page.file; Zensical's do not, and Zensical rewrites
    # links in raw HTML from the source file, as it does Markdown links.
    current = getattr(env, "page", None)
    zensical = current is not None and not hasattr(current, "file")
    docs_dir = Path(env.project_dir) / (config.get("docs_dir") or "docs")
    counting = hasattr(env, "pre_macro_functions")
    try:
        refuse_unsafe_files(Path(env.project_dir))
        check_page_front_matter(docs_dir, Path(env.project_dir))
        project = load_project(Path(env.project_dir))
        # "" when no address is set: the pages then offer GitHub issues only.
        comments_email = comments_address(config["extra"].get("comments_email"))
    except DataError as err:
        if counting:
            _count_build("mkdocs", env.project_dir)  # a build stopped by the data
        _fail(str(err))
    if counting:
        # Once per MkDocs build, when it renders its first page: mike also loads
        # the configuration (and so this) for commands that build nothing.
        counted = []

        def count_once(plugin) -> None:
            if not counted:
                counted.append(True)
                _count_build("mkdocs", env.project_dir)
        env.pre_macro_functions.insert(0, count_once)
    macros = PageMacros(project, site_url=config.get("site_url") or "",
                      repo_url=config.get("repo_url") or "",
                      html_links=HtmlLinks(from_source=zensical),
                      downloads=read_manifest(project.root), comments_email=comments_email)

    def page() -> str:
        """The docs/-relative source path of the page being rendered.

        MkDocs gives it as page.file.src_uri; Zensical as page.path.
        """
        current = getattr(env, "page", None)
        file = getattr(current, "file", None)
        path = getattr(file, "src_uri", None) or getattr(current, "path", None)
        if not path:
            _fail("the macros could not tell which page they are rendering, so they "
                  "cannot write links relative to it.")
        return str(path).replace("\\", "/")

    def guarded(function):
        def wrapper(*args, **kwargs):
            try:
                return function(page(), *args, **kwargs)
            except (DataError, KeyError) as err:
                _fail(f"docs/{page()}: {err}")
            except Exception as err:  # a wrong call, such as clause() with no ID
                _fail(f"docs/{page()}: the macro {function.__name__} could not run "
                      f"({type(err).__name__}: {err}). Check the call against "
                      "docs/contribute/clause-format.md.")
        wrapper.__name__ = function.__name__
        wrapper.__doc__ = function.__doc__
        return wrapper

    if hasattr(env, "pre_macro_functions"):  # mkdocs-macros; Zensical has neither
        _sandbox_and_check_pages(env, page, docs_dir, macros.MACROS)
        _check_built_content(env, Path(env.project_dir))
        _stop_on_unknown_names(env, page)
        _never_render_titles(env)
        _name_link_lines(docs_dir)
    elif zensical:
        _literal_title_for_zensical(current)
        if (getattr(current, "meta", None) or {}).get("render_macros") is not False:
            delimiters = jinja2.Environment(
                **{key.removeprefix("j2_"): value for key, value in env.config.items()
                   if key.startswith("j2_") and key.endswith("_string") and value})
            _check_template(docs_dir, page(), None, macros.MACROS, delimiters)

    # Theme templates cannot see macro variables; the status banner reads this.
    config["extra"]["edition"] = macros.edition
    config["extra"]["edition_print"] = macros.edition_print
    # The errata notice on every page of a released version with errata
    # (overrides/partials/errata.html); None when there is nothing to show.
    # (Not "errata": Zensical makes extra's keys page variables, and that name
    # is a macro's.)
    config["extra"]["errata_notices"] = theme_notices(macros.code, list(project.errata),
                                                      macros.edition)
    # Material's version selector fetches ../versions.json, which exists only
    # where mike deployed the site; anywhere else (a plain folder, `mkdocs
    # serve`) the request fails on every page. mike's build sets
    # MIKE_DOCS_VERSION, so the selector is kept for mike's builds only.
    if not os.environ.get("MIKE_DOCS_VERSION"):
        config["extra"].pop("version", None)
    env.variables["edition"] = macros.edition
    env.variables["comments_email"] = comments_email
    for name in macros.MACROS:
        env.macro(guarded(getattr(macros, name)), name)

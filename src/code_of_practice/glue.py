"""The one module that knows MkDocs and Zensical: registers the macros.

Only `define_env` is used, because Zensical calls nothing else (and calls it
once per page: the project is cached, see model/project.py). macros/__init__.py
imports this function; all logic lives in the package.
"""

from __future__ import annotations

import os
from pathlib import Path

from code_of_practice.model.downloads import read_manifest
from code_of_practice.model.project import load_project
from code_of_practice.model.yaml_lines import DataError
from code_of_practice.render.links import HtmlLinks
from code_of_practice.render.site import SiteModel


def _fail(message: str):
    """Stop the build with the message alone, without a Python traceback."""
    try:
        from mkdocs.exceptions import PluginError
    except ImportError:  # another engine: a plain exception still stops it
        raise SystemExit(message) from None
    raise PluginError(message) from None


def define_env(env):
    config = env.conf
    # MkDocs pages carry page.file; Zensical's do not, and Zensical rewrites
    # links in raw HTML from the source file, as it does Markdown links.
    current = getattr(env, "page", None)
    zensical = current is not None and not hasattr(current, "file")
    try:
        project = load_project(Path(env.project_dir))
    except DataError as err:
        _fail(str(err))
    model = SiteModel(project, site_url=config.get("site_url") or "",
                      repo_url=config.get("repo_url") or "",
                      html_links=HtmlLinks(from_source=zensical),
                      downloads=read_manifest(project.root))

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
        wrapper.__name__ = function.__name__
        wrapper.__doc__ = function.__doc__
        return wrapper

    # Theme templates cannot see macro variables; the status banner reads this.
    config["extra"]["edition"] = model.edition
    config["extra"]["edition_print"] = model.edition_print
    # Material's version selector fetches ../versions.json, which exists only
    # where mike deployed the site; anywhere else (a plain folder, `mkdocs
    # serve`) the request fails on every page. mike's build sets
    # MIKE_DOCS_VERSION, so the selector is kept for mike's builds only.
    if not os.environ.get("MIKE_DOCS_VERSION"):
        config["extra"].pop("version", None)
    env.variables["edition"] = model.edition
    env.variables["code_model"] = model.code
    for name in model.MACROS:
        env.macro(guarded(getattr(model, name)), name)

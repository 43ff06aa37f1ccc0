"""Glue between the code model and mkdocs-macros: registers macros and variables.

Only `define_env` is used, because Zensical calls nothing else. Zensical loads
this file by path, so the modules beside it are imported as top-level modules
(no relative imports). All logic lives in those plain-Python modules.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import links  # noqa: E402
from site_model import SiteModel  # noqa: E402
from yaml_lines import DataError  # noqa: E402


def _fail(message: str):
    """Stop the build with the message alone, without a Python traceback."""
    try:
        from mkdocs.exceptions import PluginError
    except ImportError:  # another engine: a plain exception still stops it
        raise SystemExit(message) from None
    raise PluginError(message) from None


def define_env(env):
    root = Path(env.project_dir)
    # MkDocs pages carry page.file; Zensical's do not, and Zensical rewrites
    # links in raw HTML from the source file, as it does Markdown links.
    links.engine_rewrites_html_links(
        getattr(env, "page", None) is not None and not hasattr(env.page, "file"))
    config = env.conf
    try:
        model = SiteModel.load(root, site_url=config.get("site_url") or "",
                               repo_url=config.get("repo_url") or "")
    except DataError as err:
        _fail(str(err))

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
    env.variables["edition"] = model.edition
    env.variables["code_model"] = model.code
    for name in model.MACROS:
        env.macro(guarded(getattr(model, name)), name)

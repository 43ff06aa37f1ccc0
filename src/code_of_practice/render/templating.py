"""The Jinja environment for the generated Markdown (templates/ beside this file)."""

from __future__ import annotations

from pathlib import Path

import jinja2
from code_of_practice.render.escape import attr, md

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    # Markdown, not HTML: each plain-text value is escaped for the place it is
    # written, with `| md` in Markdown and `| attr` in raw HTML (render/escape.py).
    autoescape=False,
)
_ENV.filters["attr"] = attr
_ENV.filters["md"] = md
# A Markdown list inside a definition (`:   - a` then `    - b`).
_ENV.filters["bullets"] = lambda items: "\n    ".join(f"- {item}" for item in items)


def render(template: str, **values) -> str:
    return _ENV.get_template(template).render(**values)

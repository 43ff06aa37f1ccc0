"""The Jinja environment for the generated Markdown (templates/ beside this file)."""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import escape

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    # Markdown, not HTML: values are escaped where they enter HTML attributes.
    autoescape=False,
)
_ENV.filters["attr"] = lambda value: escape(str(value))
# A Markdown list inside a definition (`:   - a` then `    - b`).
_ENV.filters["bullets"] = lambda items: "\n    ".join(f"- {item}" for item in items)


def render(template: str, **values) -> str:
    return _ENV.get_template(template).render(**values)

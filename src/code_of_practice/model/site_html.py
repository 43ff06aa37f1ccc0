"""The allow-list check (model/allowlist.py) over a built site, with each
refusal traced to the source file and line it came from.

It runs after either engine has built the site: under MkDocs from the macros'
post-build hook (engine_adapter.py), so `mkdocs build --strict` fails; under Zensical,
and in `make build` and the publish job, as the first step of `cop post-build`.
"""

from __future__ import annotations

from pathlib import Path

from code_of_practice.model.allowlist import (Refusal, check_page, needle_pattern,
                                              reserved_marker_problems)
from code_of_practice.model.problems import problem_list
from code_of_practice.model.urls import site_url

ADVICE = ("Content may use Markdown and ordinary HTML elements with class attributes; "
          "links may go to https://, http:// or mailto: addresses or to pages of this site. "
          "Scripts, styles, frames, embedded objects, form controls, event handlers "
          "(on...=) and style attributes are refused: see SECURITY.md.")


def content_files(root: Path) -> list[Path]:
    """The files a contributor changes that the pages are made from."""
    root = Path(root)
    files = sorted((root / "docs").rglob("*.md")) if (root / "docs").is_dir() else []
    for folder, pattern in (("data", "*.yml"), ("data", "*.yaml"), ("releases", "*.json")):
        if (root / folder).is_dir():
            files += sorted((root / folder).rglob(pattern))
    return [f for f in files if f.is_file() and not f.is_symlink()]


class Sources:
    """The text of the content files, read once, for finding where a refused
    piece of HTML was written."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.texts: dict[str, list[str]] = {}
        for path in content_files(self.root):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            self.texts[path.relative_to(self.root).as_posix()] = text.splitlines()

    def find(self, refusal: Refusal, first: str | None) -> list[str]:
        """'file, line N' for each place the refusal's text is written: the
        page's own source first, else every content file; the exact text
        first, else its pattern (model/allowlist.py, needle_pattern)."""
        order = sorted(name for name in self.texts if name != first)
        groups = ([[first]] if first in self.texts else []) + [order]
        exact = refusal.needle.lower()
        pattern = needle_pattern(refusal)
        # The rest of a refused URL ("alert(1)" of "java&#09;script:alert(1)")
        # picks the right line among several that use the same scheme.
        rest = exact.split(":", 1)[1].strip() if refusal.scheme and ":" in exact else ""
        tests = [pattern.search]
        if refusal.scheme:
            tests = [lambda text: exact in text.lower(),
                     lambda text: bool(pattern.search(text)) and rest in text.lower()] + tests
        for group in groups:
            for test in tests:
                found = [f"{name}, line {number}" for name in group
                         for number, line in enumerate(self.texts[name], 1) if test(line)]
                if not found and refusal.scheme:
                    # A reference definition can put its URL on the line after
                    # its label: look at each pair of lines together.
                    found = [f"{name}, line {number + 1}" for name in group
                             for number, (a, b) in enumerate(
                                 zip(self.texts[name], self.texts[name][1:]), 1)
                             if test(a + " " + b)]
                if found:
                    return found[:3]
        return []


def page_sources(root: Path) -> dict[str, str]:
    """The built file of each page ("code/1-risk/index.html") -> its source
    ("docs/code/1-risk.md")."""
    docs = Path(root) / "docs"
    pages = {}
    for path in sorted(docs.rglob("*.md")):
        page = path.relative_to(docs).as_posix()
        pages[site_url(page) + "index.html"] = f"docs/{page}"
    return pages


def refusal_report(problems: list[str]) -> str:
    """The message that stops the build."""
    count = len(problems)
    head = ("The content has 1 problem" if count == 1 else
            f"The content has {count} problems") + " to fix:"
    return f"{head}\n{problem_list(problems)}\n{ADVICE}"


def check_site(site_dir: Path, root: Path) -> list[str]:
    """Every refusal in the content of the built site, as 'file, line N: …'."""
    site_dir, root = Path(site_dir), Path(root)
    sources = Sources(root)
    problems: list[str] = []
    for name, lines in sources.texts.items():
        if name.startswith("docs/"):
            problems += reserved_marker_problems("\n".join(lines), name)
    built = page_sources(root)
    for html_file in sorted(site_dir.rglob("*.html")):
        relative = html_file.relative_to(site_dir).as_posix()
        source = built.get(relative)
        if source is None:
            continue  # the theme's own pages (404.html) and anything not made from docs/
        html = html_file.read_text(encoding="utf-8", errors="replace")
        seen: set[str] = set()
        refusals = check_page(html)
        if refusals is None:
            problems.append(f"{relative} (from {source}): the built page has no content markers, "
                            "so its content cannot be checked. Keep the markers in "
                            "overrides/partials/content.html.")
            continue
        for refusal in refusals:
            places = sources.find(refusal, source)
            where = (" and ".join(places) if places else
                     f"{source} (written by a macro from the project's data)")
            if places and not places[0].startswith(source):
                where += f" (shown on {source})"
            message = f"{where}: {refusal.what} is not allowed."
            if message not in seen:
                seen.add(message)
                problems.append(message)
    return problems

"""YAML loading that remembers line numbers and refuses duplicate keys,
anchors and aliases.

PyYAML silently keeps the last of two equal keys and forgets where each value
came from. Every data file of this project is edited by hand, so both matter:
an error message has to say which line to fix. Anchors (`&name`) and aliases
(`*name`) are refused before anything is built from the text: no file of this
project needs them, and a few lines of nested aliases (a "billion laughs")
expand into more data than any build could walk.
"""

from __future__ import annotations

import yaml


class DataError(Exception):
    """Bad input in one of the project's source files.

    The message always names the file and, where known, the line and what to fix.
    """


class LineMap(dict):
    """A dict that knows the line of its own start and of each of its keys,
    and how each value was written: its YAML scalar style ("" for a plain
    scalar, "'" or '"' for quoted, ">" or "|" for a block), or None for a
    list or a mapping."""

    line: int = 0
    key_lines: dict
    value_styles: dict


# libyaml's parser is about ten times faster than the pure-Python one.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):
    """A safe loader that returns LineMap objects and rejects duplicate keys."""

    first_line = 1  # the file line on which the parsed text starts

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key {key!r} (first on line {seen[key] + self.first_line}); "
                    "remove or rename one of them",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line
        mapping = LineMap(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {k: line + 1 for k, line in seen.items()}
        mapping.value_styles = {
            self.construct_object(k, deep=True):
                (v.style or "") if isinstance(v, yaml.ScalarNode) else None
            for k, v in node.value}
        return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping
)


def load_yaml(text: str, source: str, first_line: int = 1):
    """Parse YAML text; line numbers are shifted so that they match the file.

    `first_line` is the file line on which `text` starts (front matter starts
    on line 2, after its opening `---`).
    """
    loader = _LineLoader(text)
    loader.first_line = first_line
    try:
        _refuse_anchors(text, source, first_line)
        data = loader.get_single_data()
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f", line {mark.line + first_line}" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err)
        raise DataError(
            f"{source}{where}: the YAML could not be read ({problem}). "
            "Check the indentation and quoting on that line."
        ) from None
    finally:
        loader.dispose()
    if first_line != 1:
        _shift_lines(data, first_line - 1)
    return data


def _refuse_anchors(text: str, source: str, first_line: int) -> None:
    """Read the YAML's events (cheap: nothing is built) and stop at the first
    anchor or alias."""
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            line = event.start_mark.line + first_line
            raise DataError(
                f"{source}, line {line}: YAML anchors and aliases ('&name', '*name') are "
                "not allowed in this project's files. Write the value out in full "
                "where it is needed.")


def _shift_lines(value, offset: int) -> None:
    if isinstance(value, LineMap):
        value.line += offset
        value.key_lines = {k: v + offset for k, v in value.key_lines.items()}
        for item in value.values():
            _shift_lines(item, offset)
    elif isinstance(value, list):
        for item in value:
            _shift_lines(item, offset)


def load_yaml_file(path, root=None):
    """Read a YAML file, naming it relative to `root` in any error."""
    from pathlib import Path

    path = Path(path)
    name = str(path.relative_to(root)) if root else str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"{name}: file not found.") from None
    return load_yaml(text, name)


def style_of(mapping, key) -> str | None:
    """How the value of `key` was written (see LineMap); None if unknown."""
    if isinstance(mapping, LineMap):
        return getattr(mapping, "value_styles", {}).get(key)
    return None


def line_of(mapping, key=None) -> int:
    """The line of `key` in `mapping`, or of the mapping itself."""
    if isinstance(mapping, LineMap):
        if key is not None and key in mapping.key_lines:
            return mapping.key_lines[key]
        return mapping.line
    return 0


_CHECKED_PAGES: dict[str, str] = {}


def check_page_front_matter(docs_dir, root=None) -> None:
    """Refuse anchors and aliases in the front matter of every page under
    docs_dir, before the site generator reads it (MkDocs would expand a
    "billion laughs" for minutes). Raises DataError naming the file and line.
    Cached on each file's size and modification time."""
    from pathlib import Path

    docs_dir = Path(docs_dir)
    for path in sorted(docs_dir.rglob("*.md")):
        stat = path.stat()
        key = f"{stat.st_size}:{stat.st_mtime_ns}"
        if _CHECKED_PAGES.get(str(path)) == key:
            continue
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        if lines and lines[0].strip() == "---":
            end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")),
                       len(lines))
            name = str(path.relative_to(root)) if root else str(path)
            try:
                _refuse_anchors("".join(lines[1:end]), name, 2)
            except yaml.YAMLError:
                pass  # not YAML that reads: the generator reports it
        _CHECKED_PAGES[str(path)] = key

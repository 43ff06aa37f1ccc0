"""Dotted IDs and version numbers ("3.2", "1.10"): what they look like and
one way to sort them.

Both are matched in full, in ASCII digits only: no leading zero ("03.1"), no
trailing newline, no full-width digits ("３.１"), nothing before or after.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A clause ID: principle number, a dot, clause number; both from 1, no leading zero.
CLAUSE_ID = re.compile(r"([1-9][0-9]*)\.([1-9][0-9]*)\Z")
# A version: major and minor, each 0 or a number without a leading zero.
VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\Z")


def is_clause_id(value) -> bool:
    return isinstance(value, str) and CLAUSE_ID.match(value) is not None


def is_version(value) -> bool:
    return isinstance(value, str) and VERSION.match(value) is not None


def dotted_key(value: str) -> tuple[int, ...]:
    """The sort key of a dotted number: "1.10" sorts after "1.9"."""
    return tuple(int(part) for part in str(value).split("."))


def sort_dotted(values: Iterable[str]) -> list[str]:
    return sorted(values, key=dotted_key)

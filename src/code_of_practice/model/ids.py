"""Dotted IDs and version numbers ("3.2", "1.10"): one way to sort them."""

from __future__ import annotations

from collections.abc import Iterable


def dotted_key(value: str) -> tuple[int, ...]:
    """The sort key of a dotted number: "1.10" sorts after "1.9"."""
    return tuple(int(part) for part in str(value).split("."))


def sort_dotted(values: Iterable[str]) -> list[str]:
    return sorted(values, key=dotted_key)

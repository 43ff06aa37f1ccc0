"""How a list of problems is shown: all of them up to 50, then a count."""

from __future__ import annotations

LIMIT = 50


def problem_list(problems: list[str], limit: int = LIMIT) -> str:
    """'  - ' before each problem; past `limit`, the first `limit` and
    'and N more.', so a broken file does not bury the first message."""
    shown = [f"  - {p}" for p in problems[:limit]]
    if len(problems) > limit:
        shown.append(f"  … and {len(problems) - limit} more. Fix these first and build again "
                     "to see the rest.")
    return "\n".join(shown)

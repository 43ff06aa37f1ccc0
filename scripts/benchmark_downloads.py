#!/usr/bin/env python3
"""How long the checklist downloads take to make, and how big they are.

    python scripts/benchmark_downloads.py --site-dir site [--runs 3]

Runs against a site that is already built (`mkdocs build`, or `make build`).
Makes every checklist's CSV and PDF again, as scripts/build_downloads.py
does, but into a temporary folder, so the site itself is left untouched.
Prints a line for each file, with the time it took (the fastest of --runs
runs) and its size, then the totals. With --runs above 1, the time to start
Chromium is paid once per run and shown on its own line.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_downloads import (DEFAULT_SITE_URL, DownloadError, human_size,  # noqa: E402
                             make_downloads)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", default="site", type=Path,
                        help="the built site (default: site)")
    parser.add_argument("--runs", default=1, type=int,
                        help="make everything this many times and keep the fastest (default: 1)")
    parser.add_argument("--chromium", default=None,
                        help="path of the Chromium to use (default: found on the PATH)")
    args = parser.parse_args(argv)
    base_url = os.environ.get("SITE_URL") or DEFAULT_SITE_URL

    best: dict[tuple[str, str], object] = {}
    walls = []
    try:
        for _ in range(max(1, args.runs)):
            with tempfile.TemporaryDirectory(prefix="downloads-bench-") as out:
                started = time.perf_counter()
                made = make_downloads(args.site_dir.resolve(), Path(out), base_url=base_url,
                                      chromium=args.chromium)
                walls.append(time.perf_counter() - started)
                for item in made:
                    key = (item.slug, item.kind)
                    if key not in best or item.seconds < best[key].seconds:
                        best[key] = item
    except DownloadError as err:
        print(f"benchmark_downloads: {err}", file=sys.stderr)
        return 1

    items = sorted(best.values(), key=lambda m: (m.kind, m.slug))
    width = max(len(m.slug) for m in items)
    print(f"{'file':<{width + 5}}  {'time':>8}  {'size':>9}")
    for m in items:
        print(f"{m.slug + '.' + m.kind:<{width + 5}}  {m.seconds:>6.2f} s  "
              f"{human_size(m.size):>9}")
    for kind in ("pdf", "csv"):
        group = [m for m in items if m.kind == kind]
        print(f"{'all ' + kind.upper() + 's':<{width + 5}}  "
              f"{sum(m.seconds for m in group):>6.2f} s  "
              f"{human_size(sum(m.size for m in group)):>9}")
    work = sum(m.seconds for m in items)
    wall = min(walls)
    print(f"{'total':<{width + 5}}  {wall:>6.2f} s  {human_size(sum(m.size for m in items)):>9}"
          f"   ({len(items)} files; {wall - work:.2f} s of that starting Chromium and the server)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

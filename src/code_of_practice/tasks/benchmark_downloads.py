"""How long the checklist downloads take to make, and how big they are.

    cop bench --downloads --site-dir site [--runs 3]

Runs against a site that is already built (`mkdocs build`, or `make build`).
Makes every checklist's CSV and PDF again, as the downloads step does, but into a temporary folder, so the site itself is left untouched.
Prints a line for each file, with the time it took (the fastest of --runs
runs) and its size, then the totals. With --runs above 1, the time to start
Chromium is paid once per run and shown on its own line.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from code_of_practice.model.project import load_project
from code_of_practice.outputs.downloads import DownloadError, human_size, make_downloads
from code_of_practice.outputs.postbuild import base_url_for


def run(root: Path, site_dir: Path, *, runs: int = 1, chromium: str | None = None) -> int:
    base_url = base_url_for(root)
    project = load_project(root)

    best: dict[tuple[str, str], object] = {}
    walls = []
    try:
        for _ in range(max(1, runs)):
            with tempfile.TemporaryDirectory(prefix="downloads-bench-") as out:
                started = time.perf_counter()
                made = make_downloads(project, Path(site_dir).resolve(), Path(out),
                                      base_url=base_url, chromium=chromium)
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


"""How long the downloads take to make, and how big they are.

    cop bench --downloads [--runs 3] [--site-dir site]

Makes every download from the model again, as `cop downloads` does, but into
a temporary folder, so nothing in the project is touched. With --site-dir (a
built site), it then times the post-build copy into a throwaway copy of that
site's downloads folder as well. Prints a line for each file, with the time
it took (the fastest of --runs runs) and its size, then the totals per
format and for the whole step, with the time spent starting Chromium.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from code_of_practice.model.downloads import human_size
from code_of_practice.model.project import load_project
from code_of_practice.outputs.downloads import DownloadError, make_downloads
from code_of_practice.outputs.postbuild import base_url_for


def run(root: Path, site_dir: Path | None = None, *, runs: int = 1,
        chromium: str | None = None) -> int:
    base_url = base_url_for(root)
    project = load_project(root)

    best: dict[str, object] = {}
    walls, copies = [], []
    try:
        for _ in range(max(1, runs)):
            with tempfile.TemporaryDirectory(prefix="downloads-bench-") as out:
                started = time.perf_counter()
                made = make_downloads(project, Path(out), base_url=base_url, chromium=chromium)
                walls.append(time.perf_counter() - started)
                for item in made:
                    if item.name not in best or item.seconds < best[item.name].seconds:
                        best[item.name] = item
                if site_dir and Path(site_dir).is_dir():
                    target = Path(out) / "site-downloads"
                    started = time.perf_counter()
                    target.mkdir()
                    for item in made:
                        shutil.copyfile(item.path, target / item.name)
                    copies.append(time.perf_counter() - started)
    except DownloadError as err:
        print(f"benchmark_downloads: {err}", file=sys.stderr)
        return 1

    items = sorted(best.values(), key=lambda m: (m.kind, m.name))
    width = max(len(m.name) for m in items) + 2
    print(f"{'file':<{width}}  {'time':>8}  {'size':>9}")
    for m in items:
        print(f"{m.name:<{width}}  {m.seconds:>6.2f} s  {human_size(m.size):>9}")
    for kind in sorted({m.kind for m in items}):
        group = [m for m in items if m.kind == kind]
        print(f"{'all ' + kind.upper():<{width}}  {sum(m.seconds for m in group):>6.2f} s  "
              f"{human_size(sum(m.size for m in group)):>9}")
    work = sum(m.seconds for m in items)
    wall = min(walls)
    print(f"{'total':<{width}}  {wall:>6.2f} s  {human_size(sum(m.size for m in items)):>9}"
          f"   ({len(items)} files; {max(0.0, wall - work):.2f} s of that starting Chromium)")
    if copies:
        print(f"{'copy into site':<{width}}  {min(copies):>6.2f} s")
    return 0

#!/usr/bin/env python3
"""Build-time and size figures for the site (`make bench`). Prints, never fails
on slowness: these are figures to watch, not tests.

    (a) a full strict build of the real site, and the downloads step if present
    (b) the same pages with every macro call removed: the cost of generation
    (c) page weight and request count of the home page and the complete checklist
    (d) a synthetic code ten times the real size, with ten releases
    (e) Zensical, installed beside MkDocs from requirements.txt (or $ZENSICAL)

Each build runs in a temporary copy of the project and is timed by wall clock;
builds are repeated (--repeat, default 3) and the median is shown.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "macros"))
sys.path.insert(0, str(ROOT / "tests"))

PROJECT_PARTS = ("mkdocs.yml", "docs", "macros", "overrides", "data", "releases")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
MACRO_CALL = re.compile(r"\{\{.*?\}\}", re.S)
CLAUSE_START = re.compile(r'^  - id: "(\d+)\.(\d+)"\s*$', re.M)


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, dest / part)
        else:
            shutil.copy2(source, dest / part)
    return dest


def timed(command: list[str], cwd: Path, repeat: int = 1) -> tuple[float, subprocess.CompletedProcess]:
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            break
    return statistics.median(times), result


def mkdocs_build(project: Path, site_dir: Path, strict: bool = True, repeat: int = 1):
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "--site-dir", str(site_dir)]
    if strict:
        command.append("--strict")
    else:  # the config sets `strict: true`; a page stripped of macros has dangling anchors
        command.append("--no-strict")
    seconds, result = timed(command, project, repeat)
    if result.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{result.stderr[-3000:]}")
    return seconds


def count_pages(site_dir: Path) -> int:
    return sum(1 for _ in site_dir.rglob("index.html")) - sum(
        1 for _ in (site_dir / "search").rglob("index.html"))


# -- (b) the pages without their generated parts -------------------------------

def strip_macros(project: Path) -> int:
    calls = 0
    for page in (project / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        new, n = MACRO_CALL.subn("", text)
        if n:
            calls += n
            page.write_text(new, encoding="utf-8")
    return calls


# -- (c) page weight -----------------------------------------------------------

def page_weight(site_dir: Path, paths: list[str]) -> dict[str, tuple[int, int]]:
    from browser_helpers import chromium, serve

    figures = {}
    with serve(site_dir) as base_url, chromium() as browser:
        for path in paths:
            context = browser.new_context()
            sizes: list[int] = []

            def on_response(response, sizes=sizes):
                try:
                    sizes.append(len(response.body()))
                except Exception:  # a redirect or an aborted request has no body
                    sizes.append(0)

            context.on("response", on_response)
            page = context.new_page()
            page.goto(base_url + path, wait_until="networkidle")
            context.close()
            figures[path or "/"] = (len(sizes), sum(sizes))
    return figures


# -- (d) a synthetic code ten times the size -----------------------------------

def multiply_clauses(project: Path, factor: int) -> int:
    """Repeat every clause of every principle page `factor` times, with new IDs
    after the real ones (N.k). Cross-references keep pointing at the originals."""
    total = 0
    for page in sorted((project / "docs" / "code").glob("[0-9]*-*.md")):
        text = page.read_text(encoding="utf-8")
        end = text.index("\n---", 3)
        front, rest = text[:end], text[end:]
        starts = [m.start() for m in CLAUSE_START.finditer(front)]
        head = front[:starts[0]]
        chunks = [front[a:b] for a, b in zip(starts, starts[1:] + [len(front)])]
        chunks = [c if c.endswith("\n") else c + "\n" for c in chunks]
        number = CLAUSE_START.search(chunks[0]).group(1)
        out = list(chunks)
        next_id = max(int(CLAUSE_START.search(c).group(2)) for c in chunks) + 1
        for copy in range(1, factor):
            for chunk in chunks:
                new = CLAUSE_START.sub(f'  - id: "{number}.{next_id}"', chunk, count=1)
                new = re.sub(r"^(    title: .*)$", rf"\1 (copy {copy})", new, count=1, flags=re.M)
                out.append(new)
                next_id += 1
        total += len(out)
        page.write_text(head + "".join(out).rstrip("\n") + rest, encoding="utf-8")
    return total


def write_synthetic_releases(project: Path, count: int) -> list[str]:
    """Releases after the real ones up to `count` in all, each with a small text
    change, and a working version after them."""
    from code_model import load_code
    from export import code_content
    from releases import load_releases, snapshot_data

    real = load_releases(project)
    latest = real[-1].version
    major = int(latest.split(".")[0])
    content = code_content(load_code(project))
    versions = []
    for n in range(1, count - len(real) + 1):
        version = f"{major}.{n}"
        content = json.loads(json.dumps(content))
        clause = content["clauses"][(n * 7) % len(content["clauses"])]
        clause["text"] = clause["text"].rstrip(".") + f", as revised in version {version}."
        data = snapshot_data(version, f"2014-{n:02d}-01", "adopted",
                             f"Synthetic release {version} for the benchmark.", content)
        (project / "releases" / f"{version}.json").write_text(
            json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        versions.append(version)
    (project / "data" / "edition.yml").write_text(f'next_version: "{major + 1}.0"\n',
                                                  encoding="utf-8")
    return versions


def model_time(project: Path, repeat: int) -> tuple[float, int, int]:
    """Seconds to parse and validate the code and build its history, in a fresh
    interpreter (so module caches do not help)."""
    script = (
        "import sys, time; sys.path.insert(0, 'macros')\n"
        "from code_model import load_code\n"
        "from history import build_history\n"
        "from releases import edition, load_releases\n"
        "t = time.perf_counter()\n"
        "code = load_code('.'); releases = load_releases('.')\n"
        "build_history('.', code, releases, edition(code, releases, '.'))\n"
        "print(time.perf_counter() - t, len(code.clauses), len(releases))\n"
    )
    runs = []
    for _ in range(repeat):
        result = subprocess.run([sys.executable, "-c", script], cwd=project, env=ENV,
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"loading the code in {project} failed:\n{result.stderr[-3000:]}")
        seconds, clauses, releases = result.stdout.split()
        runs.append(float(seconds))
    return statistics.median(runs), int(clauses), int(releases)


# -- (e) Zensical --------------------------------------------------------------

def zensical_binary() -> Path | None:
    candidates = [os.environ.get("ZENSICAL"), Path(sys.executable).with_name("zensical")]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return Path(candidate)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="builds per figure (median)")
    parser.add_argument("--factor", type=int, default=10, help="size of the synthetic code")
    parser.add_argument("--releases", type=int, default=10, help="releases in the synthetic code")
    args = parser.parse_args()
    rows: list[tuple[str, str]] = []

    def row(label: str, value: str):
        rows.append((label, value))
        print(f"  {label}: {value}", flush=True)

    with tempfile.TemporaryDirectory(prefix="cop-bench-") as tmp:
        tmp = Path(tmp)

        print("(a) full build of the real site", flush=True)
        real = copy_project(tmp / "real")
        site = tmp / "site-real"
        build_real = mkdocs_build(real, site, repeat=args.repeat)
        pages = count_pages(site)
        row("mkdocs build --strict (real)", f"{build_real:.2f} s, {pages} pages")
        downloads = ROOT / "scripts" / "build_downloads.py"
        if downloads.exists():
            seconds, result = timed([sys.executable, str(downloads), "--site-dir", str(site)],
                                    real)
            if result.returncode == 0:
                row("build_downloads.py", f"{seconds:.2f} s")
            else:
                last = (result.stderr.strip().splitlines() or ["?"])[-1]
                row("build_downloads.py", f"failed after {seconds:.2f} s: {last}")
        else:
            row("build_downloads.py", "not present")

        print("(b) the same pages without generated content", flush=True)
        loose = mkdocs_build(real, tmp / "site-loose", strict=False, repeat=args.repeat)
        stripped = copy_project(tmp / "stripped")
        calls = strip_macros(stripped)
        bare = mkdocs_build(stripped, tmp / "site-stripped", strict=False, repeat=args.repeat)
        row("build, non-strict (real)", f"{loose:.2f} s")
        row(f"build, non-strict, {calls} macro calls removed", f"{bare:.2f} s")
        row("generation overhead", f"{(loose - bare) / bare * 100:+.0f} %")

        print("(c) page weight (a fresh browser cache per page)", flush=True)
        try:
            for path, (requests, size) in page_weight(site, ["", "checklists/complete/"]).items():
                row(f"page weight {path}", f"{requests} requests, {size / 1024:.0f} KiB")
        except Exception as err:  # no Chromium: say so and carry on
            row("page weight", f"not measured ({type(err).__name__}: {err})")

        print(f"(d) synthetic code: {args.factor}x the clauses, {args.releases} releases",
              flush=True)
        real_model, real_clauses, real_releases = model_time(real, args.repeat)
        synthetic = copy_project(tmp / "synthetic")
        multiply_clauses(synthetic, args.factor)
        write_synthetic_releases(synthetic, args.releases)
        big_model, big_clauses, big_releases = model_time(synthetic, args.repeat)
        big_build = mkdocs_build(synthetic, tmp / "site-synthetic", repeat=args.repeat)
        row(f"load_code + build_history (real: {real_clauses} clauses, {real_releases} releases)",
            f"{real_model * 1000:.0f} ms")
        row(f"load_code + build_history (synthetic: {big_clauses} clauses, "
            f"{big_releases} releases)", f"{big_model * 1000:.0f} ms")
        row("mkdocs build --strict (synthetic)", f"{big_build:.2f} s")
        size_ratio = big_clauses / real_clauses
        row("size ratio (clauses)", f"{size_ratio:.1f}x")
        row("time ratio, model", f"{big_model / real_model:.1f}x "
            f"({big_model / real_model / size_ratio:.2f} per unit of size)")
        row("time ratio, build", f"{big_build / build_real:.1f}x "
            f"({big_build / build_real / size_ratio:.2f} per unit of size)")

        print("(e) Zensical", flush=True)
        binary = zensical_binary()
        if binary is None:
            row("zensical", "not installed")
        else:
            zproject = copy_project(tmp / "zensical")
            seconds, result = timed([str(binary), "build", "--clean"], zproject)
            state = "ok" if result.returncode == 0 else f"failed (exit {result.returncode})"
            row("zensical build --clean", f"{seconds:.2f} s, {state}")

    width = max(len(label) for label, _ in rows)
    print("\nSummary")
    print("-" * (width + 30))
    for label, value in rows:
        print(f"{label.ljust(width)}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

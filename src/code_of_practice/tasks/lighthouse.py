"""Lighthouse on every page of a built site, as a phone on a mobile network sees it.

    cop lighthouse --site-dir site [--pages code/1-risk/ ...] [--runs 3] [--json report.json]

Serves the site on 127.0.0.1 with gzip, as GitHub Pages serves it, and runs
Lighthouse (pinned in package.json, installed by `make setup`) on each page
with its default mobile settings (a mid-range phone, simulated slow 4G).
Prints one line per page: performance and accessibility scores, cumulative
layout shift (CLS), largest contentful paint and total blocking time, and
the accessibility audits that failed. Scores move with the machine's load:
with --runs N each page is measured N times and the run with the median
performance score is shown, as Lighthouse's own documentation advises. It
is a benchmark: it never fails on a score, only when Lighthouse cannot run.

Chromium: Debian's /usr/bin/chromium, or --chromium / $CHROME_PATH.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from code_of_practice.outputs.browser import BrowserError, find_chromium, serve, site_pages

# The flags Lighthouse passes to Chromium: headless, and this machine's needs.
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"


def lighthouse_page(binary: Path, url: str, chromium: str) -> dict:
    """One Lighthouse run: the parsed JSON report."""
    result = subprocess.run(
        [str(binary), url, "--output=json", "--output-path=stdout", "--quiet",
         "--only-categories=performance,accessibility", f"--chrome-flags={CHROME_FLAGS}"],
        capture_output=True, text=True, env={**os.environ, "CHROME_PATH": chromium},
        timeout=300)
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr.strip()[-2000:]}")
    return json.loads(result.stdout)


def summary(report: dict) -> dict:
    audits = report["audits"]
    a11y = report["categories"]["accessibility"]
    failed = sorted(ref["id"] for ref in a11y["auditRefs"]
                    if ref.get("weight") and audits[ref["id"]].get("score") == 0)
    return {
        "performance": round(100 * (report["categories"]["performance"]["score"] or 0)),
        "accessibility": round(100 * (a11y["score"] or 0)),
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "a11y_failed": failed,
    }


def run(root: Path, site_dir: Path, *, pages: list[str] | None = None,
        chromium: str | None = None, json_path: Path | None = None, runs: int = 1) -> int:
    site_dir = Path(site_dir).resolve()
    binary = Path(root) / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        print("cop lighthouse: node_modules/.bin/lighthouse is missing: run `make setup`.",
              file=sys.stderr)
        return 1
    if not (site_dir / "index.html").is_file():
        print(f"cop lighthouse: {site_dir} holds no built site. Run `make build` first.",
              file=sys.stderr)
        return 1
    try:
        browser = find_chromium(chromium or os.environ.get("CHROME_PATH"))
    except BrowserError as err:
        print(f"cop lighthouse: {err}", file=sys.stderr)
        return 1
    if not browser:
        print("cop lighthouse: no Chromium found: `make system-deps`, or pass --chromium.",
              file=sys.stderr)
        return 1
    pages = pages or site_pages(site_dir)
    results = {}
    width = max(len("/" + p) for p in pages)
    print(f"{'page':<{width}}  perf  a11y    CLS    LCP     TBT  accessibility audits failed")
    with serve(site_dir, compress=True) as base_url:
        for page in pages:
            try:
                rows = sorted((summary(lighthouse_page(binary, base_url + page, browser))
                               for _ in range(max(1, runs))), key=lambda r: r["performance"])
            except (RuntimeError, subprocess.TimeoutExpired) as err:
                print(f"cop lighthouse: {err}", file=sys.stderr)
                return 1
            row = rows[len(rows) // 2]
            results[page] = row
            print(f"{'/' + page:<{width}}  {row['performance']:>4}  {row['accessibility']:>4}  "
                  f"{row['cls']:>5.3f}  {row['lcp_s']:>4.1f} s  {row['tbt_ms']:>4.0f} ms  "
                  f"{', '.join(row['a11y_failed']) or '-'}", flush=True)
    low = [p for p, r in results.items() if r["performance"] < 95 or r["cls"] >= 0.1]
    print(f"\n{len(results)} pages; lowest performance "
          f"{min(r['performance'] for r in results.values())}, lowest accessibility "
          f"{min(r['accessibility'] for r in results.values())}, highest CLS "
          f"{max(r['cls'] for r in results.values()):.3f}; "
          f"{len(low)} below performance 95 or at CLS 0.1 and above"
          + (f": {', '.join('/' + p for p in low)}" if low else "."))
    if json_path:
        Path(json_path).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0

"""Add the post-build files (the data exports, the feed and every download) to a
version mike has deployed.

    cop publish --version 1.2 --push

Why this exists: `mike deploy` runs its own `mkdocs build` and commits what
that build produces, and mike 2.x has no option to deploy a folder built
beforehand. But `make build` does more than `mkdocs build`: after it, the
post-build steps (outputs/postbuild.py) add the data exports and copy in the
downloads that `cop downloads` made before the build. mike's commit lacks
both. (The workflow runs `cop downloads --version X` before `mike deploy`, so
the downloads link to the version's own address and mike's build shows their
sizes.) So, after `mike deploy`, this task:

  1. checks out the gh-pages branch in a temporary `git worktree`;
  2. runs the same post-build steps as `make build` (the one list in
     outputs/postbuild.py) on the version's folder there, with the version's
     own address as the base URL, as mike sets site_url for its build;
  3. commits the result on gh-pages, and pushes it with --push.

It only touches the one version's folder, and the site root's 404.html (a
page for mistyped addresses anywhere on the site, which GitHub Pages serves
from the root and mike never writes), and never deletes a version.
Aliases such as `latest` are symlinks to the version's folder (mike's
default), so they show the downloads too.

    cop check-tag vX.Y

runs first in the publish workflow, before anything is built or deployed: a
tag publishes version X.Y only when the tagged commit holds release X.Y, its
snapshot releases/X.Y.json, and no changes made after it.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from code_of_practice.model.project import load_project
from code_of_practice.model.yaml_lines import DataError
from code_of_practice.outputs.postbuild import STEPS, base_url_for, run_post_build, version_url


class PublishError(Exception):
    pass


TAG = re.compile(r"^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")


def check_tag(root: Path, tag: str) -> str:
    """The version a tag publishes, or PublishError saying why it must not.

    A tag vX.Y is published as version X.Y and becomes `latest`, so the tagged
    commit must hold release X.Y exactly: releases/X.Y.json, intact and for
    X.Y, and code unchanged since it (otherwise the site would publish a
    working draft under a release's number)."""
    match = TAG.match(tag or "")
    if not match:
        raise PublishError(f"tag {tag!r} is not of the form vX.Y (for example v1.2). "
                           "Nothing was published.")
    version = f"{match[1]}.{match[2]}"
    snapshot = Path(root) / "releases" / f"{version}.json"
    if not snapshot.is_file():
        raise PublishError(
            f"tag {tag}: there is no releases/{version}.json at this commit, so version "
            f"{version} was never released. Make the release first (make release "
            f"VERSION={version} ...), merge its pull request, then tag the merged commit. "
            "Nothing was published.")
    try:
        recorded = json.loads(snapshot.read_text(encoding="utf-8")).get("version")
    except (ValueError, AttributeError):
        recorded = None
    if recorded != version:
        raise PublishError(
            f"tag {tag}: releases/{version}.json holds version {recorded!r}, not {version}. "
            "Snapshots are written by make release and never edited; restore it from "
            "git. Nothing was published.")
    try:
        project = load_project(root)
    except DataError as err:
        raise PublishError(f"tag {tag}: the code at this commit does not validate, so "
                           f"nothing was published.\n{err}") from None
    edition = project.edition
    if not edition["released"]:
        raise PublishError(
            f"tag {tag}: this commit holds changes made after the latest release, "
            f"{project.releases[-1].version}, so its site is the working draft of "
            f"{edition['version']}. Tag the commit that made release {version}. "
            "Nothing was published.")
    if edition["version"] != version:
        raise PublishError(
            f"tag {tag}: the latest release at this commit is {edition['version']}, not "
            f"{version}. Tag the commit that made release {version}. Nothing was published.")
    return version


def git(*args: str, cwd: Path | None = None) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise PublishError(f"git {' '.join(args)} failed:\n{result.stderr.strip()}")
    return result.stdout


def deployed_versions(branch: str) -> list[dict]:
    try:
        return json.loads(git("show", f"{branch}:versions.json"))
    except PublishError as error:
        raise PublishError(f"no versions.json on branch {branch}: deploy with mike first\n{error}")


def check_version(branch: str, version: str) -> None:
    # A real version folder, not an alias: with mike's symlink aliases,
    # writing through an alias would replace the symlink with a copy.
    versions = deployed_versions(branch)
    if any(v.get("version") == version for v in versions):
        return
    aliases = {a for v in versions for a in v.get("aliases", [])}
    hint = " (that is an alias; give the version it points to)" if version in aliases else ""
    raise PublishError(f"version {version!r} is not deployed on {branch}{hint}")


def root_not_found_page(site_url: str, versions: list[dict]) -> str:
    """The site root's 404.html: GitHub Pages serves it for any address on the
    site that has no file, in every version's folder. Its links are absolute
    paths, since the address it is served at can be any depth."""
    base = urlsplit(site_url).path or "/"
    base = base if base.endswith("/") else base + "/"
    has_latest = any("latest" in v.get("aliases", []) for v in versions)
    target = "latest" if has_latest else (versions[0]["version"] if versions else "")
    label = ("the latest version of the code" if has_latest
             else f"version {target} of the code" if target else "the site's home page")
    href = html.escape(f"{base}{target}/" if target else base, quote=True)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Page not found - Code of Practice for Voluntary–Private Sector Co-operation in Public Services</title>
<style>
  body {{ font: 1.125rem/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto;
         padding: 0 1rem; color: #1a1a1a; background: #fff; }}
  a {{ color: #283593; }}
  @media (prefers-color-scheme: dark) {{
    body {{ color: #f0f0f0; background: #121212; }}
    a {{ color: #9fa8ff; }}
  }}
</style>
</head>
<body>
<main>
<h1>Page not found</h1>
<p>There is no page at this address. It may have been mistyped, or the page
may have moved.</p>
<p><a href="{href}">Go to {html.escape(label)}</a>, then use the search or the
navigation to find what you were looking for.</p>
</main>
</body>
</html>
"""


def publish(root: Path, version: str, *, branch: str, remote: str, push: bool,
            message: str | None, site_url: str | None) -> bool:
    git("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}")
    check_version(branch, version)
    project = load_project(root)
    base_url = version_url(site_url or base_url_for(root), version)

    with tempfile.TemporaryDirectory(prefix="publish-downloads-") as tmp:
        worktree = Path(tmp) / "gh-pages"
        git("worktree", "add", "--quiet", str(worktree), branch)
        try:
            folder = worktree / version
            print(f"Running the post-build steps on {version}/", flush=True)
            run_post_build(project, folder, base_url=base_url,
                           log=lambda line: print(line, flush=True))
            not_found = worktree / "404.html"
            not_found.write_text(root_not_found_page(site_url or base_url_for(root),
                                                     deployed_versions(branch)),
                                 encoding="utf-8")
            git("add", "--all", "--force", "--", version, "404.html", cwd=worktree)
            changed = git("diff", "--cached", "--name-status", cwd=worktree).splitlines()
            if changed:
                git("commit", "--quiet", "-m",
                    message or f"Added the downloads and exports to {version} "
                               f"({', '.join(step.name for step in STEPS)})",
                    cwd=worktree)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(worktree)],
                           capture_output=True)
            subprocess.run(["git", "worktree", "prune"], capture_output=True)

    if not changed:
        print(f"Nothing to add: {version}/ on {branch} is already complete.")
        return False
    for row in changed:
        print(row)
    if push:
        git("push", "--", remote, branch)
    return True

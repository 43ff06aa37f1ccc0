"""`cop`: the project's one command. The Makefile, the workflows and the
README call its subcommands; `cop --help` lists them.

    cop validate                       check the data and pages (the build's first step), fast
    cop check [--base main]            a contributor's quick check (make check)
    cop build [--site-dir site]        the published site: downloads, strict build, post-build
    cop downloads                      make every download from the model (before the build)
    cop post-build --site-dir site     exports, and the downloads copied into a built site
    cop release --version X.Y ...      freeze the clauses as a release snapshot
    cop review-report --base B --head H  the pull-request review report
    cop publish --version X.Y [--push] add the post-build files to a mike version
    cop check-tag vX.Y                 refuse to publish a tag that is not a release
    cop errata-build --tag vX.Y --out DIR  a release's content with main's errata, to republish
    cop rehearse [--keep DIR]          rehearse two releases on a throwaway copy
    cop bench [--downloads | --tests]  build-time and size figures; the suite-to-build ratio
    cop lighthouse --site-dir site     Lighthouse scores of every page (mobile, gzip)
    cop comments import FILE [--write] draft comment records from `gh issue list --json`
    cop check-schemas [--site-dir site] every data file and export against its JSON Schema
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from code_of_practice.tasks.builds import find_root


def _validate(args) -> int:
    from code_of_practice.tasks.quick_check import validate

    root = find_root(args.root)
    message = validate(root)
    if message:
        print(message, file=sys.stderr)
        return 1
    print("cop validate: the data and the pages are valid.")
    return 0


def _check(args) -> int:
    from code_of_practice.tasks.quick_check import run

    return run(find_root(args.root), base=args.base, site_dir=args.site_dir,
               summary=not args.no_summary)


def _post_build(args) -> int:
    from code_of_practice.model.project import load_project
    from code_of_practice.model.yaml_lines import DataError
    from code_of_practice.outputs.downloads import DownloadError
    from code_of_practice.outputs.postbuild import PostBuildError, run_post_build

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        run_post_build(load_project(find_root(args.root)), args.site_dir, base_url=args.base_url,
                       log=log)
    except (DataError, DownloadError, PostBuildError) as err:
        print(f"cop post-build: {err}", file=sys.stderr)
        return 1
    return 0


def _downloads(args) -> int:
    from code_of_practice.model.project import load_project
    from code_of_practice.model.yaml_lines import DataError
    from code_of_practice.model.downloads import human_size
    from code_of_practice.outputs.downloads import DownloadError, make_downloads
    from code_of_practice.outputs.postbuild import base_url_for, version_url

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    from code_of_practice.model.contact import comments_address

    try:
        root = find_root(args.root)
        base_url = args.base_url or base_url_for(root)
        if args.version:
            base_url = version_url(base_url, args.version)
        # The same address the pages give (mkdocs.yml reads the same variable).
        email = comments_address(os.environ.get("COMMENTS_EMAIL", ""))
        made = make_downloads(load_project(root), args.out, base_url=base_url,
                              chromium=args.chromium, log=log, comments_email=email)
    except (DataError, DownloadError) as err:
        print(f"cop downloads: {err}", file=sys.stderr)
        return 1
    log(f"downloads: {len(made)} files, {human_size(sum(m.size for m in made))}, "
        f"linking to {base_url}")
    return 0


def _build(args) -> int:
    """The whole build, in its one order: `cop downloads` (the pages show each
    file's size from its manifest), the strict build, then `cop post-build`."""
    from code_of_practice.tasks.builds import mkdocs_build

    root = find_root(args.root)
    steps = argparse.Namespace(root=root, out=None, base_url=args.base_url, version=None,
                               chromium=args.chromium, site_dir=args.site_dir)
    if _downloads(steps):
        return 1
    site_dir = args.site_dir if args.site_dir.is_absolute() else Path.cwd() / args.site_dir
    built = mkdocs_build(root, site_dir)
    sys.stderr.write(built.stdout + built.stderr)
    if built.returncode != 0:
        print(f"cop build: the strict build failed (exit {built.returncode}); the "
              "messages above say which file and line to fix.", file=sys.stderr)
        return 1
    steps.site_dir = site_dir
    return _post_build(steps)


def _release(args) -> int:
    from code_of_practice.tasks.release import run

    return run(find_root(args.root), args.version, args.status, args.date, args.summary,
               args.adopted_by, args.adopted_source, args.in_force, args.transition)


def _review_report(args) -> int:
    from code_of_practice.tasks.review_report import run

    return run(args.base, args.head, Path(args.repo), strict=args.strict)


def _publish(args) -> int:
    from code_of_practice.tasks.publish import PublishError, publish

    try:
        publish(find_root(args.root), args.version, branch=args.branch, remote=args.remote,
                push=args.push, message=args.message, site_url=args.site_url)
    except PublishError as error:
        print(f"cop publish: {error}", file=sys.stderr)
        return 1
    return 0


def _errata_build(args) -> int:
    from code_of_practice.model.yaml_lines import DataError
    from code_of_practice.tasks.errata_build import (ErrataBuildError, errata_build,
                                                     versions_with_errata)

    try:
        root = find_root(args.root)
        if args.list:
            for version in versions_with_errata(root):
                print(version)
            return 0
        if not args.tag or not args.out:
            print("cop errata-build: give --list, or --tag vX.Y and --out DIR.", file=sys.stderr)
            return 2
        print(errata_build(root, args.tag, Path(args.out)))
    except (DataError, ErrataBuildError) as err:
        print(f"cop errata-build: {err}", file=sys.stderr)
        return 1
    return 0


def _check_tag(args) -> int:
    from code_of_practice.tasks.publish import PublishError, check_tag

    try:
        version = check_tag(find_root(args.root), args.tag)
    except PublishError as error:
        print(f"cop check-tag: refused: {error}", file=sys.stderr)
        return 1
    print(f"cop check-tag: {args.tag} is release {version}, and this commit holds it "
          "unchanged: it may be published.")
    return 0


def _rehearse(args) -> int:
    from code_of_practice.tasks.rehearsal import run

    return run(find_root(args.root), keep=args.keep, status=args.status,
               with_tests=not args.no_tests)


def _bench(args) -> int:
    if args.tests:
        from code_of_practice.tasks.benchmark_tests import run as run_tests

        return run_tests(find_root(args.root), args.pytest_args)
    if args.downloads:
        from code_of_practice.tasks.benchmark_downloads import run as run_downloads

        return run_downloads(find_root(args.root), args.site_dir, runs=args.runs,
                             chromium=args.chromium)
    from code_of_practice.tasks.benchmark import run

    return run(find_root(args.root), repeat=args.repeat, factor=args.factor, releases=args.releases)


def _lighthouse(args) -> int:
    from code_of_practice.tasks.lighthouse import run

    return run(find_root(args.root), args.site_dir, pages=args.pages, chromium=args.chromium,
               json_path=args.json, runs=args.runs)


def _comments_import(args) -> int:
    from code_of_practice.tasks.comments_import import run

    return run(find_root(args.root), args.file, write=args.write)


def _check_schemas(args) -> int:
    from code_of_practice.model.project import load_project
    from code_of_practice.model.yaml_lines import DataError
    from code_of_practice.tasks.schema_check import run

    try:
        project = load_project(find_root(args.root))
    except DataError as err:  # the project's own messages come first
        print(f"cop check-schemas: {err}", file=sys.stderr)
        return 1
    if args.write_editor_copies:
        from code_of_practice.outputs.schemas import EDITOR_FOLDER, write_schemas

        written = write_schemas(project, project.root / EDITOR_FOLDER, None)
        print(f"cop check-schemas: wrote {len(written)} schemas into {EDITOR_FOLDER}/",
              file=sys.stderr)
    return run(project, args.site_dir)


def parser() -> argparse.ArgumentParser:
    import os

    top = argparse.ArgumentParser(prog="cop", description=__doc__.split("\n\n")[0])
    top.add_argument("--root", type=Path, default=None,
                     help="the project folder (default: found from the current folder)")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check the data and pages, as the build does first")
    p.set_defaults(run=_validate)

    p = sub.add_parser("check", help="a contributor's quick check: data, strict build, "
                       "untrusted content, review summary")
    p.add_argument("--base", default="main", help="the branch to compare with (default: main)")
    p.add_argument("--site-dir", type=Path, default=None,
                   help="where to build (default: build/check-site)")
    p.add_argument("--no-summary", action="store_true",
                   help="leave out the review summary (CI makes it in a trusted workflow)")
    p.set_defaults(run=_check)

    p = sub.add_parser("build", help="build the published site: the downloads, the strict "
                       "build, then the post-build steps")
    p.add_argument("--site-dir", type=Path, default=Path("site"))
    p.add_argument("--base-url", default=None,
                   help="the published address (default: $SITE_URL, else mkdocs.yml's)")
    p.add_argument("--chromium", default=None, help="path of the Chromium to use")
    p.set_defaults(run=_build)

    p = sub.add_parser("post-build", help="write the exports and downloads into a built site")
    p.add_argument("--site-dir", type=Path, default=Path("site"))
    p.add_argument("--base-url", default=None,
                   help="the published address (default: $SITE_URL, else mkdocs.yml's)")
    p.set_defaults(run=_post_build)

    p = sub.add_parser("downloads", help="make every download from the model, before the build")
    p.add_argument("--out", type=Path, default=None,
                   help="the folder to write them to (default: build/downloads)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--base-url", default=None,
                       help="the address the files link to (default: $SITE_URL, else mkdocs.yml's)")
    where.add_argument("--version", default=None,
                       help="link to this version's folder under $SITE_URL, as mike deploys it")
    p.add_argument("--chromium", default=None, help="path of the Chromium to use")
    p.set_defaults(run=_downloads)

    p = sub.add_parser("release", help="freeze the current clauses as a release snapshot")
    p.add_argument("--version", required=True)
    p.add_argument("--status", default="")
    p.add_argument("--date", default="")
    p.add_argument("--summary", default="")
    p.add_argument("--adopted-by", default="",
                   help="with --status adopted: the body that adopted this edition")
    p.add_argument("--adopted-source", default="",
                   help="with --status adopted: the https:// address that shows the adoption")
    p.add_argument("--in-force", default="",
                   help="the date the version takes effect (published or adopted only)")
    p.add_argument("--transition", default="",
                   help='with --in-force: the period for moving over, such as "6 months"')
    p.set_defaults(run=_release)

    p = sub.add_parser("review-report", help="Markdown report of a pull request's clause changes")
    p.add_argument("--base", required=True, help="the revision to compare against")
    p.add_argument("--head", required=True, help="the revision with the changes")
    p.add_argument("--repo", default=".", help="the git repository (default: .)")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 if a clause was removed without withdrawal")
    p.set_defaults(run=_review_report)

    p = sub.add_parser("publish", help="add the post-build files to a version mike deployed")
    p.add_argument("--version", required=True, help="the deployed version (e.g. 1.2, dev)")
    p.add_argument("--branch", default="gh-pages")
    p.add_argument("--remote", default="origin")
    p.add_argument("--push", action="store_true", help="push the branch to the remote")
    p.add_argument("--message", help="commit message")
    p.add_argument("--site-url", default=os.environ.get("SITE_URL"),
                   help="the site's root address (default: $SITE_URL)")
    p.set_defaults(run=_publish)

    p = sub.add_parser("errata-build", help="a release's content with this checkout's errata, "
                                            "to republish it with its errata notices")
    p.add_argument("--list", action="store_true",
                   help="print the released versions that have errata, one a line")
    p.add_argument("--tag", help="the release's tag, vX.Y")
    p.add_argument("--out", help="the folder to make")
    p.set_defaults(run=_errata_build)

    p = sub.add_parser("check-tag", help="refuse a tag vX.Y unless this commit holds release X.Y")
    p.add_argument("tag", help="the tag being published, such as v1.2")
    p.set_defaults(run=_check_tag)

    p = sub.add_parser("rehearse", help="rehearse two releases on a throwaway copy")
    p.add_argument("--keep", type=Path, default=None,
                   help="a new folder to rehearse in and keep (default: a temporary one)")
    p.add_argument("--status", default="draft", help="the status of the rehearsal releases")
    p.add_argument("--no-tests", action="store_true",
                   help="skip the fast tests on the copy (the builds and checks still run)")
    p.set_defaults(run=_rehearse)

    p = sub.add_parser("bench", help="print build-time and size figures (never fails on speed)")
    p.add_argument("--repeat", type=int, default=5, help="builds per figure (median)")
    p.add_argument("--factor", type=int, default=10, help="size of the synthetic code")
    p.add_argument("--releases", type=int, default=10, help="releases in the synthetic code")
    p.add_argument("--downloads", action="store_true",
                   help="time the downloads step instead, against --site-dir")
    p.add_argument("--tests", action="store_true",
                   help="time one strict build, then the whole test suite: print the ratio")
    p.add_argument("pytest_args", nargs="*", default=[],
                   help="with --tests: arguments for pytest (after --)")
    p.add_argument("--site-dir", type=Path, default=Path("site"))
    p.add_argument("--runs", type=int, default=1, help="with --downloads: runs, fastest kept")
    p.add_argument("--chromium", default=None, help="path of the Chromium to use")
    p.set_defaults(run=_bench)

    p = sub.add_parser("lighthouse", help="Lighthouse scores of every page of a built site "
                       "(mobile, served with gzip; never fails on a score)")
    p.add_argument("--site-dir", type=Path, default=Path("site"))
    p.add_argument("--pages", nargs="*", default=None,
                   help="URL paths such as code/1-risk/ ('' is the home page); default: all")
    p.add_argument("--json", type=Path, default=None, help="also write the figures here")
    p.add_argument("--runs", type=int, default=1,
                   help="runs per page; the run with the median performance score is shown")
    p.add_argument("--chromium", default=None, help="path of the Chromium to use")
    p.set_defaults(run=_lighthouse)

    p = sub.add_parser("comments", help="the register of comments (data/comments.yml)")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    p = actions.add_parser("import", help="draft records from the JSON of `gh issue list "
                           "--label consultation --json number,title,body,labels,createdAt`")
    p.add_argument("file", help="the JSON file, or - to read standard input")
    p.add_argument("--write", action="store_true",
                   help="append the drafts to data/comments.yml (default: print them)")
    p.set_defaults(run=_comments_import)

    p = sub.add_parser("check-schemas", help="validate every data file, clause page, release "
                       "and (with --site-dir) export against its JSON Schema")
    p.add_argument("--site-dir", type=Path, default=None,
                   help="a built site whose JSON exports to check too")
    p.add_argument("--write-editor-copies", action="store_true",
                   help="first write the editors' copies of the schemas into schemas/")
    p.set_defaults(run=_check_schemas)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())

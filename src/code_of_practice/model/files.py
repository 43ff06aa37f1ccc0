"""The files a build may read: what is under the content and theme folders,
checked by path before anything is read.

A pull request can add any file. Refused, by path, before the build reads a
byte:

- a symbolic link anywhere under docs/, data/, releases/, overrides/ or
  macros/ (or one of those folders being a link): a link can publish any file
  the build can read (.git/config, a token in the environment's files), and
  a link whose target is missing crashed the build;
- anything that is neither a plain file nor a folder (a device, a pipe, a
  socket);
- a file under docs/, outside docs/assets/, that is not a page (.md) or a
  picture (.png, .jpg, .jpeg, .gif, .webp): the site copies other files as
  they are, so an .html, .svg or .js file there would publish script that no
  check reads (docs/assets/ holds the project's own scripts and styles, and
  is reviewed as code);
- a text file (.md, .yml, .yaml, .json, .html) that is not UTF-8, or that
  starts with a UTF-8 byte order mark, which some editors on Windows add and
  which hides the front matter's first '---' from the parser.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from code_of_practice.model.problems import problem_list
from code_of_practice.model.yaml_lines import DataError

FOLDERS = ("docs", "data", "releases", "overrides", "macros")
TEXT_SUFFIXES = (".md", ".yml", ".yaml", ".json", ".html", ".txt", ".csv")
BOM = b"\xef\xbb\xbf"
CONTENT_SUFFIXES = (".md", ".png", ".jpg", ".jpeg", ".gif", ".webp")
# Files found readable, by path, with their size and modification time: Zensical
# calls the macros once per page, and each call checks the files again.
_READABLE: dict[str, tuple[int, int]] = {}


def encoding_problem(data: bytes, name: str) -> str | None:
    """Why `data` (the bytes of the file `name`) cannot be read as UTF-8 text."""
    if data.startswith(BOM):
        return (f"{name}, line 1: the file starts with a UTF-8 byte order mark (BOM), which "
                "hides its first line from the build. Save it as UTF-8 without a BOM (in most "
                "editors: 'UTF-8', not 'UTF-8 with BOM').")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        return (f"{name}, line {line}: not UTF-8 (the byte 0x{data[err.start]:02x} at "
                f"column {column} is not a UTF-8 character). Save the file as UTF-8.")
    return None


def file_problems(root: Path) -> list[str]:
    """Every path under the checked folders that the build must not read."""
    root = Path(root)
    problems: list[str] = []

    def name_of(path: str) -> str:
        return Path(path).relative_to(root).as_posix()

    def check(path: str, mode: int) -> bool:
        """True if `path` is a folder to walk into."""
        name = name_of(path)
        if stat.S_ISLNK(mode):
            target = os.readlink(path)
            problems.append(f"{name}: is a symbolic link (to {target!r}). The build reads "
                            "only plain files inside the project: put a copy of the file here "
                            "instead, or delete the link.")
            return False
        if stat.S_ISDIR(mode):
            return True
        if not stat.S_ISREG(mode):
            problems.append(f"{name}: is not a plain file (a device, pipe or socket). Delete "
                            "it: the build reads only plain files.")
            return False
        if (name.startswith("docs/") and not name.startswith("docs/assets/")
                and not name.lower().endswith(CONTENT_SUFFIXES)):
            problems.append(f"{name}: only pages (.md) and pictures (.png, .jpg, .gif, .webp) "
                            "may be under docs/ outside docs/assets/: the site would publish "
                            "this file as it is, unchecked. Delete it, or ask a maintainer to "
                            "add it to docs/assets/.")
            return False
        if name.endswith(TEXT_SUFFIXES) and not name.startswith(("overrides/", "macros/")):
            info = os.lstat(path)
            key = (info.st_size, info.st_mtime_ns)
            if _READABLE.get(path) == key:
                return False
            with open(path, "rb") as handle:
                problem = encoding_problem(handle.read(), name)
            if problem:
                problems.append(problem)
            else:
                _READABLE[path] = key
        return False

    for folder in FOLDERS:
        top = root / folder
        try:
            mode = os.lstat(top).st_mode
        except FileNotFoundError:
            continue
        if not check(str(top), mode):
            continue
        for current, folders, files in os.walk(top, followlinks=False):
            keep = []
            for entry in sorted(folders):
                path = os.path.join(current, entry)
                if check(path, os.lstat(path).st_mode):
                    keep.append(entry)
            folders[:] = keep
            for entry in sorted(files):
                path = os.path.join(current, entry)
                check(path, os.lstat(path).st_mode)
    return problems


def refuse_unsafe_files(root: Path) -> None:
    """Raise DataError listing every path the build must not read."""
    problems = file_problems(root)
    if problems:
        count = len(problems)
        head = "The project has 1 file" if count == 1 else f"The project has {count} files"
        raise DataError(f"{head} the build will not read:\n{problem_list(problems)}")

"""Registries that cannot be half-registered: every download format has a
writer, every macro method is registered, and the build runs in one order."""

from __future__ import annotations

import inspect

from code_of_practice.model import downloads as formats
from code_of_practice.model.downloads import Format
from code_of_practice.outputs import downloads
from code_of_practice.render.site import PageMacros


def test_every_download_format_has_a_writer():
    assert downloads.missing_writers() == []
    listed = {("code", f.ext) for f in formats.CODE_FORMATS} | \
             {("checklist", f.ext) for f in formats.CHECKLIST_FORMATS}
    assert listed == set(downloads.WRITERS), "a writer for a format nobody lists"


def test_a_format_without_a_writer_is_found(monkeypatch):
    monkeypatch.setattr(downloads, "CHECKLIST_FORMATS",
                        formats.CHECKLIST_FORMATS + (Format("rtf", "RTF", "Rich text document"),))
    assert downloads.missing_writers() == ["checklist .rtf"]


def test_every_macro_method_is_registered():
    """A method that takes the page first is a macro: it must be marked @macro,
    so that the engine adapter registers it."""
    for name, value in vars(PageMacros).items():
        if name.startswith("_") or not inspect.isfunction(value):
            continue
        parameters = list(inspect.signature(value).parameters)
        if parameters[1:2] == ["page"]:
            assert name in PageMacros.MACROS, f"{name} takes a page but is not marked @macro"
    assert len(set(PageMacros.MACROS)) == len(PageMacros.MACROS)


def test_the_makefile_builds_with_cop_build(root):
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nbuild:", 1)[1].split("\n\n", 1)[0]
    assert "cop build" in recipe
    assert "mkdocs build" not in recipe and "cop downloads" not in recipe


def test_the_field_registry_describes_every_field():
    """One description per field (model/fields.py): every kind has a type, every
    list of allowed values is where the reader takes it from."""
    from code_of_practice.model import fields
    from code_of_practice.model.numbers import BASES

    registries = [fields.CLAUSE_FIELDS, fields.PRINCIPLE_FIELDS, fields.EDITION_FIELDS] + \
        [data.fields for data in fields.DATA_FILES.values()]
    seen = [f for registry in registries for f in registry]
    seen += [part for f in seen for part in f.parts]
    assert {f.kind for f in seen} <= set(fields.KIND_TYPES)
    assert {f.allowed_from for f in seen} <= {"", "audiences", "compact", "merlin",
                                              "merlin_2018"}
    assert tuple(BASES) == fields.NUMBER_BASES
    assert all(f.allowed for f in seen if f.kind == "choice")

"""PDF/UA for the PDFs Chromium prints: finish what it leaves, then check.

Chromium tags what the HTML says (headings, lists, tables, links, the
language, the title and "display the title"), but it leaves three things:

- the running footer, list bullets and the printed tick boxes are drawn
  outside any marked-content sequence, so they are neither content nor
  artifact (PDF/UA-1 7.1). They are page furniture: `finish_pdf` marks each
  such text-showing operator as an /Artifact;
- its link annotations have no /Contents, so a screen reader that lists the
  links has nothing to read (PDF/UA-1 7.18.5): `finish_pdf` gives each link
  its address;
- there is no XMP metadata: `finish_pdf` writes the title and the language
  into it. It does not write the PDF/UA identifier (pdfuaid:part): only the
  machine-checkable subset is checked here, and claiming conformance needs a
  person to check the rest (reading order, alternative text that makes sense).

`pdf_problems` runs the pdfua package (the machine-checkable subset of
PDF/UA-1 on pikepdf: structure tree, language, title, display title, fonts
embedded, figures with alternate text, table headers, ...) and returns one
line per finding, naming the file, the rule and the page. The one finding it
expects and allows is the missing identifier above (ALLOWED).
"""

from __future__ import annotations

from pathlib import Path

# The conformance declaration we do not make (see the module's docstring).
ALLOWED = {"UA-28-004"}
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
MARKED_START = {"BDC", "BMC"}


def _mark_untagged_text(pdf, page) -> int:
    """Wrap every text-showing operator that sits outside marked content in
    /Artifact BMC … EMC. Returns how many it wrapped. (It reads each
    instruction's operator alone: unpacking every instruction into its
    operands costs seconds on the code's PDF.)"""
    import pikepdf

    start = pikepdf.ContentStreamInstruction([pikepdf.Name("/Artifact")],
                                             pikepdf.Operator("BMC"))
    end = pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC"))
    depth, wrapped, out = 0, 0, []
    for instruction in pikepdf.parse_content_stream(page):
        name = str(instruction.operator)
        if name in MARKED_START:
            depth += 1
        elif name == "EMC":
            depth = max(0, depth - 1)
        if name in TEXT_SHOWING and depth == 0:
            out += (start, instruction, end)
            wrapped += 1
        else:
            out.append(instruction)
    if wrapped:
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
    return wrapped


def _describe_links(page) -> None:
    """Every link annotation says where it goes."""
    import pikepdf

    for annot in page.get("/Annots", []):
        if annot.get("/Subtype") != pikepdf.Name("/Link") or "/Contents" in annot:
            continue
        action = annot.get("/A")
        target = action.get("/URI") if action is not None else None
        if target is not None:
            annot.Contents = pikepdf.String(f"Link to {bytes(target).decode('latin-1')}")
        else:
            annot.Contents = pikepdf.String("Link within this document")


def finish_pdf(path: Path, language: str = "en-GB") -> None:
    """Make the fixes above to the PDF at path, in place (the title is the one
    Chromium wrote from the HTML's <title>)."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        info = {key: value for key, value in pdf.docinfo.items()}
        title = str(info.get("/Title", ""))
        for page in pdf.pages:
            _mark_untagged_text(pdf, page)
            _describe_links(page)
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = title
            meta["dc:language"] = [language]
        for key, value in info.items():  # Chromium's creator, producer and dates stay
            pdf.docinfo[key] = value
        pdf.save(path)


def pdf_problems(path: Path) -> list[str]:
    """One line per PDF/UA finding in the file: the file, the rule, the page and
    what is wrong. Empty when the file passes the machine-checkable subset."""
    from pdfua import validate

    report = validate(str(path))
    problems = []
    for finding in report.findings:
        if finding.rule_id in ALLOWED:
            continue
        page = f", page {finding.location.page}" if finding.location.page else ""
        problems.append(f"{Path(path).name}{page}: PDF/UA rule {finding.rule_id} "
                        f"({finding.severity.name.lower()}): {finding.message}")
    return problems

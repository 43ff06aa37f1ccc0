"""Links: every internal link and anchor in the built site resolves, external
links use https, and a broken link in the sources fails the build."""

from __future__ import annotations

import pytest

from code_of_practice.testing import check_site


def test_every_internal_link_and_anchor_resolves(site, tmp_path):
    broken, external, checked = check_site(site)
    assert checked > 500, checked

    report = ["External links (link: pages that use it)", ""]
    for link in sorted(external):
        pages = sorted(external[link])
        report.append(f"{link}\n    {', '.join(pages[:5])}"
                      + (f" and {len(pages) - 5} more" if len(pages) > 5 else ""))
    text = "\n".join(report) + "\n"
    (tmp_path / "external-links.txt").write_text(text, encoding="utf-8")
    print(f"\n{len(external)} external links; report in {tmp_path / 'external-links.txt'}")
    print(text)

    assert not broken, "broken internal links:\n" + "\n".join(broken)
    insecure = [link for link in external if link.startswith("http://")]
    assert not insecure, "external links over plain http:\n" + "\n".join(insecure)


def test_the_checker_finds_a_broken_link(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<h1 id="top">Home</h1><a href="a/">A</a><a href="a/#missing">bad</a>'
        '<a href="b/">gone</a><a href="downloads/x.pdf">pdf</a><a href="downloads/x.zip">zip</a>'
        '<a href="http://example.org/">insecure</a><a href="#top">top</a>')
    (site / "a" / "index.html").write_text('<p id="here"><a href="../#top">home</a></p>')
    broken, external, _ = check_site(site)
    assert sorted(b.split(": ", 2)[1] for b in broken) == [
        "<a> a/#missing", "<a> b/", "<a> downloads/x.zip"]
    assert set(external) == {"http://example.org/"}


@pytest.mark.parametrize("link, what", [
    ("[broken](no-such-page.md)", "no-such-page.md"),
    ("[bad anchor](1-risk.md#no-such-anchor)", "no-such-anchor"),
])
def test_a_broken_link_in_the_sources_fails_the_build(broken_links_build, link, what):
    """In a copy with these links added to docs/code/index.md (tests/conftest.py)."""
    from pathlib import Path

    conftest = (Path(__file__).parent / "conftest.py").read_text(encoding="utf-8")
    assert link in conftest  # the link this test is about is one the copy has
    assert broken_links_build["returncode"] != 0, "the build passed with a broken link"
    messages = broken_links_build["output"]
    lines = [line for line in messages.splitlines() if what in line]
    assert lines, messages
    assert any("code/index.md" in line for line in lines), messages

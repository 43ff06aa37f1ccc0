"""One allow-list for the HTML that content becomes.

After Markdown and the macros have run, the content of every built page
(what the theme writes between the markers of overrides/partials/content.html)
is parsed
with justhtml, an HTML5 parser that builds the tree the way a browser does,
and every element, attribute and URL in it is checked against the lists
below. Anything else is refused, with the source file and line it came from.

The theme's templates (overrides/, Material) and the project's own assets are
trusted and not checked. Content is everything a contributor can change: page
bodies under docs/, every data/ and releases/ field, and so every generated
page. The project's own templates (render/templates/) make ordinary HTML that
passes the same list; the one thing they may do that content may not is put
form controls (and a JSON `<script type="application/json">`) on a page. They
do it inside an element that carries the attribute `data-project-widget`
(`<fieldset class="checklist-item" data-project-widget="checklist">`). No
page body may contain the text `data-project-widget` (checked in the source:
`reserved_marker_problems`), and fields cannot hold HTML at all, so only a
project template can mark a widget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from justhtml import JustHTML

WIDGET_MARKER = "data-project-widget"

# Ordinary elements any content may use.
ELEMENTS = frozenset("""
a abbr article aside b bdi blockquote br caption cite code col colgroup dd del details
dfn div dl dt em fieldset figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i img ins
kbd label legend li mark nav ol p pre q s samp section small span strong sub summary sup
table tbody td tfoot th thead time tr u ul var wbr
""".split())
# Icons (Material writes them inline as SVG).
SVG_ELEMENTS = frozenset({"svg", "path", "g", "circle", "rect", "line", "polyline",
                          "polygon", "ellipse", "title", "desc"})
# Form controls, and JSON for the scripts: only inside a project widget.
WIDGET_ELEMENTS = frozenset({"input", "textarea", "select", "option", "optgroup", "button",
                             "form", "output", "script"})

GLOBAL_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir", "role", "hidden",
                               "translate"})
ATTRIBUTES = {
    "a": {"href", "rel", "download", "hreflang", "type", "target"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "td": {"colspan", "rowspan", "headers", "align"},
    "th": {"colspan", "rowspan", "headers", "scope", "align", "abbr"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
    "label": {"for"},
    "svg": {"xmlns", "viewbox", "viewBox", "width", "height", "fill", "focusable"},
    "path": {"d", "fill", "fill-rule", "clip-rule"},
}
WIDGET_ATTRIBUTES = frozenset({
    "type", "name", "value", "checked", "selected", "disabled", "placeholder", "rows",
    "cols", "autocomplete", "action", "method", "required", "min", "max", "step",
    "multiple", "size", "maxlength", "minlength", "readonly", "inputmode", "for", "form",
    "label", "pattern", "accept", "spellcheck", "wrap", "list",
})
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "action", "formaction", "xlink:href",
                            "poster", "data", "cite", "background", "ping", "longdesc",
                            "codebase", "manifest", "lowsrc", "dynsrc", "usemap"})
SCHEMES = frozenset({"http", "https", "mailto"})

# A URL's scheme as a browser reads it: leading spaces and control characters
# dropped, tabs and newlines removed anywhere, case ignored.
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_IGNORED_IN_URL = re.compile(r"[\t\n\r]")


@dataclass(frozen=True)
class Refusal:
    """One thing the allow-list refused: what, and a piece of text to look for
    in the sources (the tag, the attribute, the URL)."""

    what: str
    needle: str
    scheme: str = ""


def url_scheme(value: str) -> str | None:
    """The scheme of a URL as a browser reads it, or None for a relative one."""
    cleaned = _IGNORED_IN_URL.sub("", value).lstrip("".join(chr(c) for c in range(33)))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def _urls(name: str, value: str) -> list[str]:
    if name == "srcset":
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    return [value]


def _is_widget(node) -> bool:
    while node is not None:
        attrs = getattr(node, "attrs", None) or {}
        if WIDGET_MARKER in attrs:
            return True
        node = node.parent
    return False


def check_element(node, refusals: list[Refusal], widget: bool = False) -> None:
    """Check one element and everything inside it."""
    name = (node.name or "").lower()
    attrs = node.attrs or {}
    widget = widget or WIDGET_MARKER in attrs
    namespace = getattr(node, "namespace", "html")
    allowed = (SVG_ELEMENTS if namespace == "svg" else
               ELEMENTS | (WIDGET_ELEMENTS if widget else frozenset()))
    if name not in allowed or namespace not in ("html", "svg", None):
        where = ("outside the project's own checklist and form widgets"
                 if name in WIDGET_ELEMENTS and name != "script" else "")
        refusals.append(Refusal(f"the element <{name}>" + (f" {where}" if where else ""),
                                f"<{name}"))
        return  # what is inside a refused element is not shown
    if name == "script" and (attrs.get("type") or "").strip().lower() != "application/json":
        refusals.append(Refusal("the element <script>", "<script"))
        return
    for attribute, value in attrs.items():
        key = attribute.lower()
        value = value or ""
        if key.startswith("on"):
            refusals.append(Refusal(f"the event-handler attribute {key}= on <{name}>", key))
            continue
        if key == "style":
            refusals.append(Refusal(f"a style attribute on <{name}> (styles belong in the "
                                    "project's stylesheets)", "style"))
            continue
        if key in URL_ATTRIBUTES:
            for url in _urls(key, value):
                scheme = url_scheme(url)
                if scheme is not None and scheme not in SCHEMES:
                    refusals.append(Refusal(f"a link to a '{scheme}:' address ({key}= on "
                                            f"<{name}>)", url, scheme))
        if key in URL_ATTRIBUTES and key not in ATTRIBUTES.get(name, ()) and not (
                widget and key in ("action",)):
            refusals.append(Refusal(f"the attribute {key}= on <{name}>", key))
            continue
        if (key in GLOBAL_ATTRIBUTES or key.startswith(("aria-", "data-"))
                or key in ATTRIBUTES.get(name, ()) or attribute in ATTRIBUTES.get(name, ())
                or (widget and key in WIDGET_ATTRIBUTES)):
            continue
        refusals.append(Refusal(f"the attribute {key}= on <{name}>", key))
    for child in node.children or []:
        if getattr(child, "name", "").startswith("#"):
            continue  # text and comments
        check_element(child, refusals, widget)


def check_fragment(html: str) -> list[Refusal]:
    """The refusals for a piece of content HTML."""
    refusals: list[Refusal] = []
    root = JustHTML(html, fragment=True, sanitize=False).root
    for child in root.children or []:
        if not getattr(child, "name", "").startswith("#"):
            check_element(child, refusals)
    return refusals


CONTENT_START = "<!-- page-content-start -->"
CONTENT_END = "<!-- page-content-end -->"


def content_region(html: str) -> str | None:
    """The content of a built page: from the first start marker to the last
    end marker (overrides/partials/content.html writes them around the page's
    content). Content that writes a marker itself only makes its region
    longer, never shorter. None if the page has no markers."""
    start, end = html.find(CONTENT_START), html.rfind(CONTENT_END)
    if start < 0 or end < start:
        return None
    return html[start + len(CONTENT_START):end]


def check_page(html: str) -> list[Refusal] | None:
    """The refusals for the content of one built page, parsed as a fragment so
    that no end tag in it closes anything around it; None if the page has no
    content markers."""
    region = content_region(html)
    return None if region is None else check_fragment(region)


def needle_pattern(refusal: Refusal) -> re.Pattern:
    """What to look for in a source file to find where a refusal came from: the
    text as written, or for a scheme its letters, each possibly written as an
    HTML character reference, with tabs or newlines between them."""
    if refusal.scheme:
        gap = r"(?:\s|&#0*9;|&#x0*9;|&#0*10;|&#x0*a;|&Tab;|&NewLine;)*"
        letters = [rf"(?:{re.escape(c)}|&#0*{ord(c.lower())};|&#0*{ord(c.upper())};|"
                   rf"&#x0*{ord(c.lower()):x};|&#x0*{ord(c.upper()):x};)"
                   for c in refusal.scheme]
        return re.compile(gap.join(letters) + gap + r"(?::|&#0*58;|&#x0*3a;|&colon;)",
                          re.IGNORECASE)
    if refusal.needle.startswith("<"):
        return re.compile(re.escape(refusal.needle) + r"(?![\w-])", re.IGNORECASE)
    return re.compile(r"(?<![\w-])" + re.escape(refusal.needle) + r"\s*=", re.IGNORECASE)


def reserved_marker_problems(text: str, source: str) -> list[str]:
    """A page body may not mark its own HTML as a project widget."""
    return [f"{source}, line {number}: '{WIDGET_MARKER}' marks the project's own form "
            "widgets, which only the project's templates may make. Delete it."
            for number, line in enumerate(text.splitlines(), 1) if WIDGET_MARKER in line]

"""What Jinja a page body may hold: calls of the registered macros with literal
arguments, the documented variables, and `{% if %}` on them. Nothing else.

A page body is untrusted text, and Jinja is a language that reaches Python:
`{{ cycler.__init__.__globals__.os.popen('id').read() }}` runs a shell command
in a plain Jinja environment. Instead of listing what is dangerous, each page's
template is parsed before it is rendered and every node of it is checked
against the short grammar below; anything else is refused with the file and
line. The grammar is the whole of what the site's pages use:

    {{ clause("3.2") }}            a registered macro, literal arguments only
    {{ merlin_table(framework="merlin_2018") }}
    {{ edition.version }}          a documented variable, or one of its fields
    {% if comments_email %} … {% else %} … {% endif %}

So no attribute access beyond a documented field, no filters, no loops, no
`set`, `import`, `include`, `extends`, `macro` or `call` blocks, and no names
but the macros and documented variables (`cycler`, `joiner`, `namespace`,
`lipsum`, `range`, `self`, `page`, `config` … are all refused). Under MkDocs
the template then runs in Jinja's SandboxedEnvironment as well (engine_adapter.py), a
second wall; under Zensical this check is the wall, run on the page's source
before Zensical renders it.
"""

from __future__ import annotations

from collections.abc import Mapping

import jinja2
from jinja2 import nodes

# The variables a page may name, with the fields it may read from each (None:
# the value itself only). docs/contribute/clause-format.md lists them.
VARIABLES: Mapping[str, frozenset[str] | None] = {
    "edition": frozenset({"version", "status", "date", "released"}),
    "comments_email": None,
}

LITERALS = (str, int, float, bool, type(None))

ADVICE = ("A page may call the macros listed in docs/contribute/clause-format.md with "
          "literal arguments, such as {{ clause(\"3.2\") }}, show {{ edition.version }} or "
          "{{ edition.status }}, and use {% if comments_email %} … {% endif %}; nothing else "
          "runs. A page that shows macro calls as examples needs 'render_macros: false' in "
          "its front matter.")


def template_problems(body: str, source: str, first_line: int, macros,
                      environment: jinja2.Environment) -> list[str]:
    """Every construct in `body` outside the grammar, as 'source, line N: …'.

    `first_line` is the file line on which the body starts (after the front
    matter); `environment` gives the delimiters the build uses."""
    macros = frozenset(macros)
    problems: list[str] = []

    def refuse(node, what: str) -> None:
        line = first_line + (getattr(node, "lineno", 1) or 1) - 1
        problems.append(f"{source}, line {line}: {what} is not allowed in a page. {ADVICE}")

    try:
        tree = environment.parse(body)
    except jinja2.TemplateSyntaxError as err:
        line = first_line + (err.lineno or 1) - 1
        return [f"{source}, line {line}: the macro syntax could not be read ({err.message}). "
                f"{ADVICE}"]

    def value(node) -> None:
        """An expression that is printed or tested."""
        if isinstance(node, nodes.Name):
            if node.name not in VARIABLES:
                if node.name in macros:
                    refuse(node, f"the macro {node.name!r} without brackets")
                else:
                    refuse(node, f"the name {node.name!r}")
        elif isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name) \
                and node.node.name in VARIABLES:
            fields = VARIABLES[node.node.name]
            if not fields or node.attr not in fields:
                refuse(node, f"the field {node.node.name}.{node.attr}")
        elif isinstance(node, nodes.Call):
            call(node)
        elif isinstance(node, nodes.Not):
            value(node.node)
        else:
            refuse(node, describe(node))

    def call(node: nodes.Call) -> None:
        if not (isinstance(node.node, nodes.Name) and node.node.name in macros):
            what = (f"a call of {node.node.name!r}, which is not a macro of this site"
                    if isinstance(node.node, nodes.Name) else "a call of anything but a macro")
            refuse(node, what)
            return
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            refuse(node, "'*' or '**' in a macro call")
        for argument in [*node.args, *(k.value for k in node.kwargs)]:
            if not (isinstance(argument, nodes.Const) and isinstance(argument.value, LITERALS)):
                refuse(argument, f"a macro argument that is not a literal ({describe(argument)})")

    def statement(node) -> None:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if not isinstance(child, nodes.TemplateData):
                    value(child)
        elif isinstance(node, nodes.If):
            value(node.test)
            for child in [*node.body, *node.elif_, *node.else_]:
                statement(child)
        else:
            refuse(node, describe(node))

    for child in tree.body:
        statement(child)
    return problems


def describe(node) -> str:
    """A contributor's name for a Jinja node."""
    names = {
        nodes.Getattr: "attribute access", nodes.Getitem: "'[...]' indexing",
        nodes.Filter: "a filter ('|')", nodes.Test: "an 'is' test",
        nodes.For: "a '{% for %}' loop", nodes.Assign: "'{% set %}'",
        nodes.AssignBlock: "'{% set %}'", nodes.Macro: "'{% macro %}'",
        nodes.CallBlock: "'{% call %}'", nodes.Import: "'{% import %}'",
        nodes.FromImport: "'{% from … import %}'", nodes.Include: "'{% include %}'",
        nodes.Extends: "'{% extends %}'", nodes.Block: "'{% block %}'",
        nodes.With: "'{% with %}'", nodes.FilterBlock: "'{% filter %}'",
        nodes.Const: "a literal value", nodes.Concat: "'~' joining",
        nodes.CondExpr: "an inline 'if'",
    }
    for kind, name in names.items():
        if isinstance(node, kind):
            if isinstance(node, nodes.Getattr):
                return f"attribute access ('.{node.attr}')"
            return name
    if isinstance(node, (nodes.BinExpr, nodes.UnaryExpr, nodes.Compare)):
        return "arithmetic or a comparison"
    if isinstance(node, (nodes.List, nodes.Tuple, nodes.Dict)):
        return "a list, tuple or dict"
    return f"'{type(node).__name__}'"


def sandboxed(environment: jinja2.Environment, macros: Mapping) -> jinja2.Environment:
    """A SandboxedEnvironment with the same settings as `environment`, whose only
    globals are the registered macros (no cycler, joiner, namespace, lipsum,
    range or dict) and whose only filters are Jinja's own."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    settings = dict(
        block_start_string=environment.block_start_string,
        block_end_string=environment.block_end_string,
        variable_start_string=environment.variable_start_string,
        variable_end_string=environment.variable_end_string,
        comment_start_string=environment.comment_start_string,
        comment_end_string=environment.comment_end_string,
        undefined=environment.undefined,
        autoescape=False,
    )
    sandbox = ImmutableSandboxedEnvironment(**settings)
    sandbox.globals.clear()
    sandbox.globals.update(macros)
    return sandbox

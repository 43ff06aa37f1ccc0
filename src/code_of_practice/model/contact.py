"""The address for comments by email (the COMMENTS_EMAIL variable): checked
once, for the pages (render/contribute.py, glue.py) and for the response forms
the downloads step makes (outputs/response_form.py)."""

from __future__ import annotations

import re

from code_of_practice.model.yaml_lines import DataError

ADDRESS = re.compile(r"^[^@\s<>()\[\]\\,;:\"]+@([a-z0-9-]+(?:\.[a-z0-9-]+)+)$", re.I)
# Domains that can never receive mail for anyone (RFC 2606, RFC 6761).
RESERVED = re.compile(r"(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost)$",
                      re.I)


def comments_address(value) -> str:
    """The address for comments by email (the COMMENTS_EMAIL variable, read by
    mkdocs.yml's extra.comments_email), or "" when none is set: the pages then
    offer GitHub issues instead. A placeholder or malformed address stops the
    build rather than be published."""
    address = str(value or "").strip()
    if not address:
        return ""
    where = ("extra.comments_email in mkdocs.yml (from the COMMENTS_EMAIL variable) is "
             f"{address!r}")
    match = ADDRESS.match(address)
    if not match:
        raise DataError(f"{where}, which is not an email address. Set it to one, such as "
                        "comments@your-organisation.org.uk, or leave it empty.")
    if RESERVED.search(match.group(1)):
        raise DataError(f"{where}, a reserved example address that reaches nobody. Set the "
                        "repository variable COMMENTS_EMAIL to a real address, or leave it "
                        "unset: the pages then tell readers to comment on GitHub.")
    return address

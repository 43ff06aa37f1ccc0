"""The living Code of Practice for Voluntary–Private Sector Co-operation in
Public Services: the code's model, its rendering into pages, its downloads and
exports, and the tasks that release and publish it.

Dependencies point one way (tests/test_layout.py enforces it):

    model      parsing, validation, releases, change records, history, diffs
    render     Markdown and HTML for the pages          (imports model)
    outputs    JSON, CSV, PDF and the other downloads   (imports model)
    engine_adapter  the one module that knows MkDocs / Zensical (imports render)
    tasks, cli release, review report, publish, benchmark (import any of them)
"""

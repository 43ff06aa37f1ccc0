"""Stop early, with a clear message, when the Python that `make` found is too old."""

import sys

if sys.version_info < (3, 11):
    sys.exit(
        f"This project needs Python 3.11 or newer; `python3` is {sys.version.split()[0]}.\n"
        "Install a newer Python, or run make with PYTHON=/path/to/python3.11."
    )

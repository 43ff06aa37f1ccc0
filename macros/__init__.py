"""mkdocs-macros' module (mkdocs.yml: `module_name: macros`).

The macros live in the installed package code_of_practice (src/); this file
only hands them over. Zensical loads it by path, so the import is absolute.
"""

from code_of_practice.engine_adapter import define_env

__all__ = ["define_env"]

"""The maintainers' tasks, each a subcommand of `cop` (code_of_practice.cli)."""

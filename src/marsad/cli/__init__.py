"""`marsad` command line (`marsad.cli.main`): each command parses, calls the service layer,
prints. `common` holds what the command modules share; `main` builds the group."""

from marsad.cli.main import cli, main

__all__ = ["cli", "main"]

"""`python -m marsad`: the command line."""

from marsad.cli import main

main()

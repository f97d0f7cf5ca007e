"""`python -m marsad.cli`."""

from marsad.cli.main import main

main()

"""Marsad: an Arabic-first news-intelligence engine."""

import logging

from marsad.records import Document, Failure, RemovedLine

__all__ = ["Document", "Failure", "RemovedLine"]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

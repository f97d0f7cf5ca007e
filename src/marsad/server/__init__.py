"""HTTP front end (`marsad serve`): a JSON API over `marsad.service`. Needs marsad[server]."""

from marsad.server.api import create_app

__all__ = ["create_app"]

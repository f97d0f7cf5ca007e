"""API routes for users' corrections to entities (merge, split, rename, block), and the
route class every write route uses: the bearer token is checked before the body is read.

The corrections are `marsad.curate` through `service`; each changes the stored entities
at once and is kept as an override that later ingests and rebuilds apply.
"""

from __future__ import annotations

import hmac
import threading
from collections.abc import Callable, Coroutine
from typing import Annotated, Any, Literal

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi import Path as PathParam
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field

from marsad import service
from marsad.errors import InputError
from marsad.server.readers import ReaderPool
from marsad.store import open_store

MAX_INT = 2**63 - 1
# An entity reference (id or a name) or a name: longer is no name.
MAX_NAME = 200

Ref = Annotated[int | str, Field(description="Entity id, or a name in any spelling.",
                                 examples=["كيم جونغ أون"])]
Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME)]


class MergeBody(BaseModel):
    entity: Ref
    into: Ref


class SplitBody(BaseModel):
    entity: Ref
    aliases: list[Name] = Field(min_length=1, max_length=100)


class RenameBody(BaseModel):
    entity: Ref
    name: Name
    latin: Annotated[str | None, Field(max_length=MAX_NAME)] = None


class BlockBody(BaseModel):
    name: Name
    type: Literal["PER", "ORG", "LOC", "MISC"] | None = None


def check_token(token: str | None, header: str | None) -> None:
    """403 when writes are off (no server token), 401 unless `header` is Bearer `token`."""
    if token is None:
        raise HTTPException(403, "writes are disabled: start the server with MARSAD_TOKEN")
    scheme, _, given = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(),
                                                             token.encode()):
        raise HTTPException(401, "missing or wrong bearer token",
                            headers={"WWW-Authenticate": "Bearer"})


def token_first(token: str | None) -> type[APIRoute]:
    """A route class that checks the token before FastAPI reads or validates the body,
    so an unauthorised client can neither upload nor probe the body's validation."""

    class TokenFirst(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handler = super().get_route_handler()

            async def guarded(request: Request) -> Response:
                check_token(token, request.headers.get("authorization"))
                return await handler(request)

            return guarded

    return TokenFirst


def add_curation_routes(app: FastAPI, db_path: str, token: str | None,
                        write_lock: threading.Lock, dependencies: list[Any]) -> None:
    """GET the overrides; POST merge, split, rename, block; DELETE an override."""
    reader = ReaderPool(db_path)

    def write(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
        with write_lock:
            store = open_store(db_path)
            try:
                return fn(store, *args)
            except InputError as exc:  # a name that is no alias, a merge into itself
                raise HTTPException(422, str(exc)) from exc
            finally:
                store.close()

    def list_overrides(
        kind: Literal["merge", "split", "rename", "block"] | None = None,
    ) -> dict[str, Any]:
        """Users' corrections to entities, oldest first."""
        with reader() as store:
            return service.overrides(store, kind)

    def merge(body: MergeBody) -> dict[str, Any]:
        """`entity` is `into`: its mentions, aliases and roles move now, and later ingests
        and rebuilds link its names to `into`."""
        return write(service.merge_entities, body.entity, body.into)

    def split(body: SplitBody) -> dict[str, Any]:
        """These aliases of `entity` are a different thing: their mentions move to a new
        entity now, and later those names never link to the old one."""
        return write(service.split_entity, body.entity, body.aliases)

    def rename(body: RenameBody) -> dict[str, Any]:
        """A fixed display (and Latin) name that ingest's automatic renaming never changes."""
        return write(service.rename_entity, body.entity, body.name, body.latin)

    def block(body: BlockBody) -> dict[str, Any]:
        """This name is not an entity (of `type`, or any): its mentions go now and later."""
        return write(service.block_name, body.name, body.type)

    def unoverride(override_id: Annotated[int, PathParam(ge=1, le=MAX_INT)]) -> dict[str, Any]:
        """Forget one correction; later ingests and rebuilds stop applying it (stored
        entities stay as they are)."""
        return write(service.remove_override, override_id)

    app.add_api_route("/api/entity-overrides", list_overrides, methods=["GET"], tags=["read"])
    responses: dict[int | str, dict[str, Any]] = {
        401: {"description": "missing or wrong token"}, 403: {"description": "writes disabled"},
        404: {"description": "no such entity or override"},
        422: {"description": "bad input"}}
    routes: list[tuple[str, Callable[..., Any], str]] = [
        ("/api/entities/merge", merge, "POST"),
        ("/api/entities/split", split, "POST"),
        ("/api/entities/rename", rename, "POST"),
        ("/api/entities/block", block, "POST"),
        ("/api/entity-overrides/{override_id}", unoverride, "DELETE")]
    for path, fn, method in routes:
        app.router.add_api_route(path, fn, methods=[method], tags=["write"],
                                 dependencies=dependencies, responses=responses,
                                 route_class_override=token_first(token))

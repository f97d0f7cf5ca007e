"""What every `marsad` command shares: the context, the group's error handling, printing
helpers. Imports nothing from the command modules, so they all import it and no module
of the CLI imports another in a circle."""

from __future__ import annotations

import json
from typing import Any

import click

from marsad import service
from marsad.errors import MarsadError
from marsad.store import open_store

ENTITY_TYPES = click.Choice(list(service.ENTITY_TYPES), case_sensitive=False)


DEFAULT_DB = "marsad.db"


class Ctx:
    """What the group passes to its commands."""

    def __init__(self, db: str) -> None:
        self.db = db

    def store(self, readonly: bool = False):
        return open_store(self.db, readonly=readonly)


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


class Group(click.Group):
    """Turns every domain error into one line on stderr and exit code 1, and takes the
    group's --db after the command too (`marsad ingest FILE --db X` was "No such option")."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, _db_to_front(self, list(args)))

    def invoke(self, ctx: click.Context) -> Any:
        from marsad.store.sqlite.errors import (
            DAMAGE_SYMPTOMS,
            DATABASE_ERRORS,
            damage_found,
            store_error,
        )

        try:
            return super().invoke(ctx)
        except MarsadError as exc:
            raise click.ClickException(str(exc)) from exc
        except DATABASE_ERRORS as exc:  # a damaged file met by a read, a disk full mid-write
            db = getattr(ctx.obj, "db", None) or ctx.params.get("db") or DEFAULT_DB
            raise click.ClickException(str(store_error(exc, str(db)))) from exc
        except DAMAGE_SYMPTOMS as exc:  # a damaged cell read back as bytes fails later
            db = getattr(ctx.obj, "db", None) or ctx.params.get("db") or DEFAULT_DB
            found = damage_found(str(db))
            if found is None:
                raise
            raise click.ClickException(str(found)) from exc


def page_footer(page) -> None:
    """The "(11-20 of 345)" line under a listing."""
    shown = f"{page.offset + 1}-{page.offset + len(page.items)}" if page.items else "none"
    click.echo(f"({shown} of {page.total})")


def short(text: str | None, width: int) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def print_summary(s: dict, db: str) -> None:
    click.echo(
        f"read {s['read']}  new {s['new']}  already stored {s['skipped']}  "
        f"exact duplicates {s['exact_duplicates']}  near duplicates {s['near_duplicates']}  "
        f"appended articles split off {s['appended']}  failed {s['failed']}  "
        f"({s['seconds']:.1f}s, run {s['run_id']}, db {db})"
    )
    if s.get("alerts"):
        click.echo(f"watch alerts {s['alerts']} (marsad watch list)")
    if s["failed"]:
        click.echo("failures by kind:")
        for reason, n in sorted(s["failure_reasons"].items(), key=lambda kv: -kv[1]):
            click.echo(f"  {n:6d}  {reason}")
        for f in s["failures"][:20]:
            click.echo(f"  ! {f['origin']}: {f['reason']}")
        if s["failed"] > 20:
            click.echo(f"  … {s['failed'] - 20} more: marsad failures --run {s['run_id']}")


def print_stats(d: dict) -> None:
    click.echo(f"articles {d['articles']} (canonical {d['canonical']}, exact duplicates "
               f"{d['exact_duplicates']}, near duplicates {d['near_duplicates']}, "
               f"groups {d['duplicate_groups']}, glued articles split off {d['appended']})")
    lo, hi = d["published_range"]
    click.echo(f"published {lo or '?'} … {hi or '?'}; runs {d['runs']}; "
               f"failures {d['failures']}")
    click.echo("sources: " + ", ".join(f"{s['source']} {s['articles']}" for s in d["sources"]))
    click.echo("languages: " + ", ".join(f"{k} {v}" for k, v in d["languages"].items()))
    click.echo("formats: " + ", ".join(f"{k} {v}" for k, v in d["formats"].items()))
    click.echo(f"removed lines {d['removed_lines']}: " + ", ".join(
        f"{k} {v}" for k, v in d["removed_by_reason"].items()))


def _db_to_front(group: click.Group, args: list[str]) -> list[str]:
    """`--db X` / `--db=X` after a command that has no --db of its own, moved before it."""
    i = 0
    while i < len(args) and args[i].startswith("-"):
        i += 2 if args[i] == "--db" else 1  # the group's own options come first
    if i >= len(args):
        return args
    cmd = group.commands.get(args[i])
    if cmd is None or isinstance(cmd, click.Group) or any(
            "--db" in p.opts for p in cmd.params):
        return args
    head, rest, moved = args[:i], [], []
    j = i
    while j < len(args):
        a = args[j]
        if a == "--":
            rest += args[j:]
            break
        if a == "--db" and j + 1 < len(args):
            moved += [a, args[j + 1]]
            j += 2
            continue
        if a.startswith("--db="):
            moved.append(a)
        else:
            rest.append(a)
        j += 1
    return [*moved, *head, *rest] if moved else args

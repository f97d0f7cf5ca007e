"""`marsad entity merge|split|rename|block|overrides|unoverride`: users correct entities.

Each correction changes the stored entities at once and is kept as an override, by
name and type, that every later ingest and `marsad annotate --rebuild` applies.
"""

from __future__ import annotations

import click

from marsad import service
from marsad.cli.common import ENTITY_TYPES as _TYPES
from marsad.cli.common import Ctx, echo_json, short
from marsad.curate import KINDS


def _label(e: dict) -> str:
    return f"{e['name']} ({e['type']}, id {e['id']}, {e['mentions']} mentions)"


@click.command("merge")
@click.argument("entity")
@click.argument("into")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def merge_cmd(obj: Ctx, entity: str, into: str, as_json: bool) -> None:
    """ENTITY is the same as INTO (each an id or any name): merge it in.

    Now: ENTITY's mentions, aliases, roles, quotes and events move to INTO and ENTITY
    is deleted. Later: any ingested name that was one of ENTITY's names links to INTO
    (re-created by INTO's name after a rebuild). Kept as an override.

    Example:

        marsad entity merge "بيونغيانغ" "بيونغ يانغ"
    """
    out = service.merge_entities(obj.store(), entity, into)
    if as_json:
        echo_json(out)
        return
    m = out["merged"]
    click.echo(f"merged {m['name']} (id {m['id']}) into {_label(out['into'])}; "
               f"override {out['override']}")


@click.command("split")
@click.argument("entity")
@click.argument("aliases", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def split_cmd(obj: Ctx, entity: str, aliases: tuple[str, ...], as_json: bool) -> None:
    """These ALIASES of ENTITY name a different thing: split them off.

    Now: the mentions spelled by those aliases move to a new entity, with the aliases.
    Later: a name among those aliases never links to the entity the other names make,
    nor the other way round; they form their own entity. Kept as an override.

    Example:

        marsad entity split "جورج بوش" "جورج دبليو بوش"
    """
    out = service.split_entity(obj.store(), entity, list(aliases))
    if as_json:
        echo_json(out)
        return
    click.echo(f"split {out['mentions_moved']} mentions off {_label(out['entity'])} "
               f"into {_label(out['new'])}; override {out['override']}")


@click.command("rename")
@click.argument("entity")
@click.argument("name")
@click.option("--latin", help="Fixed Latin-script name too.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def rename_cmd(obj: Ctx, entity: str, name: str, latin: str | None, as_json: bool) -> None:
    """Give ENTITY the fixed display NAME (and --latin name).

    Ingest renames an entity to its most used full name as articles arrive; a renamed
    entity keeps this name from now on, through later ingests and rebuilds. NAME also
    finds the entity (`marsad entity NAME`). Kept as an override.

    Example:

        marsad entity rename "كيم جونج أون" "كيم جونغ أون" --latin "Kim Jong Un"
    """
    out = service.rename_entity(obj.store(), entity, name, latin)
    if as_json:
        echo_json(out)
        return
    e = out["entity"]
    click.echo(f"renamed id {e['id']} to {e['name']}" + (f" ({e['latin']})" if e["latin"] else "")
               + f"; override {out['override']}")


@click.command("block")
@click.argument("name")
@click.option("--type", "etype", type=_TYPES, help="Only as this type (default: any).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def block_cmd(obj: Ctx, name: str, etype: str | None, as_json: bool) -> None:
    """NAME is not an entity (tagger junk): remove it, and never store it again.

    Now: every mention spelled NAME (any variant spelling of the same letters) is
    removed; an entity left with no mention is deleted. Later: ingest and rebuilds drop
    such mentions before linking. Kept as an override.

    Example:

        marsad entity block "الأربعاء" --type ORG
    """
    out = service.block_name(obj.store(), name, etype)
    if as_json:
        echo_json(out)
        return
    click.echo(f"blocked {out['name']}" + (f" as {out['type']}" if out["type"] else "")
               + f": {out['mentions_removed']} mentions removed, "
               f"{len(out['entities_removed'])} entities deleted; override {out['override']}")


@click.command("overrides")
@click.option("--kind", type=click.Choice(KINDS), help="Only this kind.")
@click.option("--json", "as_json", is_flag=True, help="JSON: items, total.")
@click.pass_obj
def overrides_cmd(obj: Ctx, kind: str | None, as_json: bool) -> None:
    """List the corrections users made (merge, split, rename, block), oldest first.

    Example:

        marsad entity overrides --json
    """
    page = service.overrides(obj.store(readonly=True), kind)
    if as_json:
        echo_json(page)
        return
    for o in page["items"]:
        names = "، ".join(o["names"][:4]) + ("…" if len(o["names"]) > 4 else "")
        what = {"merge": f"→ {o['name']} ({o['other_type']})",
                "split": "apart from " + "، ".join(o["other"][:3]),
                "rename": f"named {o['name']}" + (f" / {o['latin']}" if o["latin"] else ""),
                "block": "not an entity"}[o["kind"]]
        click.echo(f"{o['id']:>5}  {o['kind']:6} {o['type'] or 'any':4}  {short(names, 40):40}"
                   f"  {short(what, 50)}  {o['created_at'][:10]}")
    click.echo(f"({page['total']} overrides)")


@click.command("unoverride")
@click.argument("override_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def unoverride_cmd(obj: Ctx, override_id: int, as_json: bool) -> None:
    """Remove one override (an id from `marsad entity overrides`).

    Takes effect for later ingests and `marsad annotate --rebuild` only: entities
    already stored stay as the correction left them (rebuild to undo it everywhere).

    Example:

        marsad entity unoverride 3
    """
    out = service.remove_override(obj.store(), override_id)
    if as_json:
        echo_json(out)
        return
    click.echo(f"removed override {override_id}: {out['note']}")


CURATE_COMMANDS = (merge_cmd, split_cmd, rename_cmd, block_cmd, overrides_cmd, unoverride_cmd)

"""`marsad entities`, `marsad entity`, `marsad annotate`: people, organisations, places."""

from __future__ import annotations

import sys

import click

from marsad import service
from marsad.cli.common import ENTITY_TYPES, Ctx, echo_json, page_footer, short
from marsad.cli.curate import CURATE_COMMANDS

_TYPES = ENTITY_TYPES


def _names(item: dict, n: int = 4) -> str:
    return "، ".join(a["alias"] for a in item["aliases"][:n] if a["alias"] != item["name"])


@click.command("entities")
@click.option("--type", "etype", type=_TYPES, help="Only this type.")
@click.option("--query", "-q", help="Only entities this name may mean (any spelling, or Latin).")
@click.option("--sort", type=click.Choice(["mentions", "recent"]), default="mentions",
              show_default=True, help="Most mentioned first, or latest seen first.")
@click.option("--limit", default=50, show_default=True)
@click.option("--offset", default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON page: items, total, limit, offset.")
@click.pass_obj
def entities_cmd(obj: Ctx, etype, query, sort, limit, offset, as_json) -> None:
    """List entities, most mentioned first: counts, aliases, Latin name, roles.

    Example:

        marsad entities --type PER --limit 20
    """
    page = service.entities(obj.store(readonly=True), etype, query, limit, offset, sort)
    if as_json:
        echo_json(page.as_dict())
        return
    for e in page.items:
        roles = "، ".join(r["role"] for r in e["roles"][:2])
        click.echo(f"{e['id']:>6}  {e['type']:4} {e['mentions']:>6}  {short(e['name'], 28):28}"
                   f"  {short(e['latin'] or '', 22):22}  {short(_names(e), 40)}"
                   + (f"  [{short(roles, 30)}]" if roles else ""))
    page_footer(page)


class _ShowByDefault(click.Group):
    """`marsad entity REF` shows an entity, as it did before the correction commands:
    anything that is not a subcommand name is handed to `show`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["show", *args]
        return super().parse_args(ctx, args)


@click.group("entity", cls=_ShowByDefault)
def entity_group() -> None:
    """Show one entity, or correct entities (merge, split, rename, block).

    `marsad entity REF` (id, any Arabic spelling, or Latin) shows it, as
    `marsad entity show REF` does (use `show` for a name that is also a subcommand).
    Corrections change the stored entities at once and
    are kept as overrides, by name and type, that every later ingest and
    `marsad annotate --rebuild` applies. `marsad entity overrides` lists them.

    Example:

        marsad entity "Kim Jong Un" --json

        marsad entity merge "كيم" "كيم جونغ أون"
    """


@entity_group.command("show")
@click.argument("ref")
@click.option("--mentions", "n_mentions", default=10, show_default=True,
              help="Mentions in context to show.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_obj
def entity_show_cmd(obj: Ctx, ref: str, n_mentions: int, as_json: bool) -> None:
    """Show one entity by id or by name, in any Arabic spelling or in Latin script.

    Aliases, roles, Latin name, mentions in their sentence, co-occurring entities.
    Exit 1 when nothing matches. `marsad entity REF` is short for this.

    Example:

        marsad entity "كيم جونج أون"; marsad entity show "Kim Jong Un" --json
    """
    e = service.entity(obj.store(readonly=True), ref, mentions=n_mentions)
    if as_json:
        echo_json(e)
        return
    click.echo(f"{e['name']}  ({e['type']}, id {e['id']})"
               + (f"  —  {e['latin']}" if e["latin"] else ""))
    click.echo(f"mentions {e['mentions']} in {e['articles']} articles"
               + (f", {e['first_seen']} .. {e['last_seen']}" if e["first_seen"] else ""))
    if e["aliases"]:
        click.echo("aliases: " + "، ".join(f"{a['alias']} ({a['count']})" for a in e["aliases"]))
    if e["roles"]:
        click.echo("roles: " + "، ".join(f"{r['role']} ({r['count']})" for r in e["roles"]))
    if e["cooccurring"]:
        click.echo("with: " + "، ".join(f"{c['name']} ({c['count']})"
                                        for c in e["cooccurring"][:10]))
    for m in e["mentions_in_context"]:
        s = m["sentence"]
        marked = s[:m["mention_start"]] + "[" + s[m["mention_start"]:m["mention_end"]] + "]" \
            + s[m["mention_end"]:]
        unsure = f" (uncertain link {m['confidence']:.2f})" if m.get("uncertain") else ""
        click.echo(f"  #{m['article_id']} {(m['published'] or '')[:10]} {m['source'] or ''}: "
                   + " ".join(marked.split()) + unsure)
    if e["also_matches"]:
        click.echo("also matches: " + "، ".join(f"{o['name']} (id {o['id']})"
                                                for o in e["also_matches"]))


@click.command("annotate")
@click.option("--rebuild", is_flag=True,
              help="Forget all entities and annotate every article again (new model).")
@click.option("--workers", type=int, default=None, help="Worker processes (default: all cores).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar (default: when stderr is a terminal).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_obj
def annotate_cmd(obj: Ctx, rebuild: bool, workers, progress, as_json: bool) -> None:
    """Find entities in stored articles that have none yet (e.g. stored before an upgrade).

    Example:

        marsad annotate --rebuild
    """
    from tqdm import tqdm

    store = obj.store()
    show = sys.stderr.isatty() if progress is None else progress
    with tqdm(unit="art", disable=not show, file=sys.stderr) as bar:
        out = service.annotate(store, rebuild=rebuild, workers=workers, on_progress=bar.update)
    if as_json:
        echo_json(out)
        return
    click.echo(f"annotated {out['articles']} articles with {out['model']}: "
               f"{out['mentions']} mentions, {out['skipped']} skipped (not Arabic), "
               f"{out['failed']} failed")


for _command in CURATE_COMMANDS:  # merge, split, rename, block, overrides, unoverride
    entity_group.add_command(_command)

entity_cmd = entity_group  # the name `marsad.cli` registers

"""`marsad templates` and `marsad clean`: what the cleaner learned from the corpus."""

from __future__ import annotations

import sys

import click

from marsad import recheck as svc
from marsad.cli.common import Ctx, echo_json, page_footer, short


@click.command("templates")
@click.option("--source", help="Only this source (outlet name or host, as listed).")
@click.option("--limit", default=50, show_default=True)
@click.option("--offset", default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_obj
def templates_cmd(obj: Ctx, source: str | None, limit: int, offset: int, as_json: bool) -> None:
    """List the lines learned as a source's template: printed at the head or foot of at
    least 10 of its articles (a disclaimer, a credit, an app notice). Later articles of
    the source lose them (reason `template` in `marsad article ID`).

    Example:

        marsad templates --source alarabiya.net --json
    """
    page = svc.template_page(obj.store(readonly=True), source, limit, offset)
    if as_json:
        echo_json(page.as_dict())
        return
    for it in page.items:
        click.echo(f"{it['count']:>6}  {short(it['source'], 24):24}  {short(it['sample'], 90)}")
    page_footer(page)


@click.command("clean")
@click.option("--recheck", is_flag=True, required=True,
              help="List stored articles that still hold a line learned after them.")
@click.option("--limit", default=100, show_default=True, help="Articles listed at most.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr (default: when stderr is a terminal).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_obj
def clean_cmd(obj: Ctx, recheck: bool, limit: int, progress: bool | None, as_json: bool) -> None:
    """Check stored articles against the template lines learned since they were stored:
    those whose head or foot still holds one are listed (re-ingest them into a fresh
    database to store them without it). Exit 1 when some are found.

    Example:

        marsad clean --recheck --json
    """
    from tqdm import tqdm

    store = obj.store(readonly=True)
    show = sys.stderr.isatty() if progress is None else progress
    with tqdm(total=store.count_articles(), unit="article", disable=not show,
              dynamic_ncols=True, desc="recheck", file=sys.stderr) as bar:
        data = svc.recheck(store, limit, bar.update)
    if as_json:
        echo_json(data)
    else:
        for it in data["items"]:
            click.echo(f"{it['id']:>7}  {short(it['source'], 20):20}  {short(it['title'], 50):50}"
                       f"  {short(' | '.join(it['lines']), 60)}")
        click.echo(f"{data['total']} of {data['scanned']} articles hold one of the "
                   f"{data['learned']} learned template lines")
    if data["total"]:
        sys.exit(1)

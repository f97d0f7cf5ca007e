"""`marsad` command line: each command parses, calls `marsad.service`, prints.

Exit codes: 0 success; 1 nothing could be done (nothing ingested, not found, bad data);
2 usage errors (click's own).
"""

from __future__ import annotations

import os
import sys

import click

from marsad import service
from marsad.cli.clean import clean_cmd, templates_cmd
from marsad.cli.common import (
    DEFAULT_DB,
    Ctx,
    Group,
    echo_json,
    print_stats,
    print_summary,
    short,
)
from marsad.cli.entities import annotate_cmd, entities_cmd, entity_cmd
from marsad.cli.feeds import outlets_group, poll_cmd, sources_group
from marsad.cli.newsroom import attention_cmd, watch_group
from marsad.cli.serve import demo, serve
from marsad.cli.stories import graph_cmd, quotes_cmd, stories_cmd, story_cmd, timeline_cmd
from marsad.evaluation.cli_eval import eval_group
from marsad.ingest import ReadOptions


def _title(a: dict) -> str:
    """A title to show: the article's own, else its opening words marked as such."""
    if a.get("title"):
        return a["title"]
    return "(untitled) " + " ".join((a.get("lead") or "").split()[:10])


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="MARSAD_DB", default=DEFAULT_DB, show_default=True,
              help="SQLite database file (or set MARSAD_DB).")
@click.version_option(package_name="marsad")
@click.pass_context
def cli(ctx: click.Context, db: str) -> None:
    """Marsad: build a local knowledge base from raw Arabic news.

    Example:

        marsad ingest ../shared/seeds && marsad articles
    """
    ctx.obj = Ctx(db)


@cli.command()
@click.argument("targets", nargs=-1, required=True)
@click.option("--map", "field_map", multiple=True, metavar="FIELD=NAME",
              help="JSONL: read our FIELD (id,url,title,text,source,published,author) "
                   "from the input's NAME. Repeatable.")
@click.option("--preset", type=click.Choice(["ant", "saudinewsnet"]),
              help="JSONL field mapping of a known corpus.")
@click.option("--format", "fmt", type=click.Choice(["text", "html", "warc", "rss", "jsonl"]),
              help="Force the input format instead of detecting it.")
@click.option("--follow-links", is_flag=True, help="Feeds: fetch and extract each item's page.")
@click.option("--timeout", default=10.0, show_default=True, help="Network timeout in seconds.")
@click.option("--allow-private", is_flag=True,
              help="Let URL targets and feed links reach loopback and private networks "
                   "(refused by default; also MARSAD_ALLOW_PRIVATE=1).")
@click.option("--workers", type=int, default=None, help="Worker processes (default: all cores).")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=None,
              help="Articles committed together (default 256): smaller loses less to a "
                   "crash and holds less memory. Resume with the size the run began with: "
                   "entity links can differ in a few mentions between sizes.")
@click.option("--runner", type=click.Choice(["local", "ray"]), default="local",
              show_default=True,
              help="Where the per-document stages run: this machine's processes, or Ray "
                   "(a cluster at --ray-address or RAY_ADDRESS, else Ray on this machine).")
@click.option("--ray-address", default=None, help="Ray cluster to join (with --runner ray).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar (default: on when stderr is a terminal).")
@click.option("--annotate/--no-annotate", "annotations", default=True, show_default=True,
              help="Find entities, dates, quotes and stories while ingesting (--no-annotate: "
                   "text, duplicates and search only; `marsad annotate` adds them later).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_obj
def ingest(obj: Ctx, targets, field_map, preset, fmt, follow_links, timeout, allow_private,
           workers, batch_size, runner, ray_address, progress, annotations, as_json) -> None:
    """Ingest files, folders, globs, URLs or - (stdin) into the database.

    Text (UTF-8/UTF-16/cp1256/ISO-8859-6), HTML, WARC(.gz), RSS/Atom and JSONL(.gz).
    Re-running on the same input adds nothing; an interrupted run resumes.

    Example:

        marsad ingest ../shared/seeds

        marsad ingest articles.jsonl.gz --preset ant --no-progress

        marsad ingest articles.jsonl.gz --preset ant --runner ray --ray-address auto
    """
    mapping = {}
    for item in field_map:
        if "=" not in item:
            raise click.UsageError(f"--map takes FIELD=NAME, got {item!r}")
        ours, theirs = item.split("=", 1)
        mapping[ours.strip()] = theirs.strip()
    show = sys.stderr.isatty() if progress is None else progress
    if allow_private:
        from marsad.ingest.fetch import ALLOW_PRIVATE_ENV

        os.environ[ALLOW_PRIVATE_ENV] = "1"  # the fetches of this run (and its workers)
    opts = ReadOptions(field_map=mapping, preset=preset, follow_links=follow_links,
                       timeout=timeout, format=fmt)
    store = obj.store()
    from tqdm import tqdm

    total = _estimate_total(targets)
    with tqdm(total=total, unit="doc", disable=not show, dynamic_ncols=True,
              desc="ingest", file=sys.stderr) as bar:
        def tick(n: int) -> None:
            if bar.total is not None and bar.n + n > bar.total:
                bar.total = bar.n + n
            bar.update(n)

        chosen = None
        if runner == "ray":
            from marsad.runners.ray_runner import RayRunner

            chosen = RayRunner(store, workers=workers, annotations=annotations,
                               address=ray_address, batch_size=batch_size)
        summary = service.ingest(store, list(targets), opts, workers, tick,
                                 annotations=annotations, runner=chosen,
                                 batch_size=batch_size)
    data = summary.as_dict()
    if as_json:
        echo_json(data)
    else:
        print_summary(data, obj.db)
    if summary.new == 0 and summary.skipped == 0:
        sys.exit(1)


def _estimate_total(targets) -> int | None:
    """Rough document count for the progress bar (files, JSONL lines); None if unknown."""
    from marsad.runners.local import estimate_total

    try:
        return estimate_total(list(targets))
    except Exception:  # noqa: BLE001 - a progress estimate must never stop an ingest
        return None


@cli.command()
@click.option("--limit", default=50, show_default=True)
@click.option("--offset", default=0, show_default=True)
@click.option("--source", help="Only this outlet.")
@click.option("--lang", help="Only this language code (ar, en, …).")
@click.option("--canonical", "canonical_only", is_flag=True, help="Hide duplicates.")
@click.option("--duplicates", "duplicates_only", is_flag=True, help="Only duplicates.")
@click.option("--json", "as_json", is_flag=True, help="JSON page: items, total, limit, offset.")
@click.pass_obj
def articles(obj: Ctx, limit, offset, source, lang, canonical_only, duplicates_only,
             as_json) -> None:
    """List stored articles.

    Example:

        marsad articles --canonical --limit 20 --json
    """
    page = service.list_articles(obj.store(readonly=True), limit, offset, source=source,
                                 lang=lang, canonical_only=canonical_only,
                                 duplicates_only=duplicates_only)
    if as_json:
        echo_json(page.as_dict())
        return
    for a in page.items:
        mark = ""
        if a["duplicate_of"]:
            mark = f"={a['dup_kind']} dup of {a['duplicate_of']}"
        elif a["appended_to"]:
            mark = f"+appended to {a['appended_to']}"
        click.echo(f"{a['id']:>6}  {(a['published'] or '')[:10]:10}  "
                   f"{short(a['source'], 18):18}  {short(_title(a), 70)}  {mark}")
    shown = f"{page.offset + 1}-{page.offset + len(page.items)}" if page.items else "none"
    click.echo(f"({shown} of {page.total})")


@cli.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True)
@click.option("--offset", default=0, show_default=True)
@click.option("--since", metavar="DATE", help="Published on or after DATE (YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="Published on or before DATE (YYYY-MM-DD).")
@click.option("--source", help="Only this outlet.")
@click.option("--lang", help="Only this language code (ar, en, …).")
@click.option("--entity", help="Only articles naming this entity (id, or any spelling).")
@click.option("--story", "story_id", type=int, help="Only articles of this story.")
@click.option("--all", "show_all", is_flag=True,
              help="Show every copy of a duplicate group (default: its best hit only).")
@click.option("--json", "as_json", is_flag=True,
              help="JSON page: items, total, limit, offset, query, terms (and expanded).")
@click.pass_obj
def search(obj: Ctx, query, limit, offset, since, until, source, lang, entity, story_id,
           show_all, as_json) -> None:
    """Full-text search, best match first, with highlighted snippets.

    Words must all match (والاتفاق finds الاتفاق and اتفاقية, فى finds في); "quoted
    phrase"; a OR b; -word or -"phrase" excludes (put -- before a query that starts
    with "-").

    Example:

        marsad search 'اتفاق اليرموك -سوريا' --since 2026-03-01

        marsad search '"خفض الفائدة" OR البورصة' --json

        marsad search "Kim Jong Un" --since 2024-06-01
    """
    page = service.search(obj.store(readonly=True), query, limit, offset, since=since,
                          until=until, source=source, lang=lang,
                          collapse_duplicates=not show_all, entity=entity,
                          story_id=story_id)
    if as_json:
        echo_json(page)
        return
    if page.get("expanded"):
        x = page["expanded"]
        click.echo(f"expanded: {x['from']} → {' | '.join(x['to'])}")
    if not page["items"]:
        click.echo("no results" + (f" ({page['note']})" if page.get("note") else ""))
        return
    for a in page["items"]:
        copies = f"  (+{a['copies'] - 1} copies)" if a.get("copies", 1) > 1 else ""
        click.echo(f"{a['id']:>6}  {(a['published'] or '')[:10]:10}  "
                   f"{short(a['source'], 18):18}  {short(a['title'] or '(untitled)', 70)}"
                   f"{copies}")
        click.echo(f"        {a['snippet']}")
    shown = f"{page['offset'] + 1}-{page['offset'] + len(page['items'])}"
    more = "" if page.get("total_exact", True) else "more than "
    click.echo(f"({shown} of {more}{page['total']})")


@cli.command()
@click.argument("article_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the article as JSON.")
@click.pass_obj
def article(obj: Ctx, article_id: int, as_json: bool) -> None:
    """Show one article: clean text, removed lines with reasons, duplicates.

    Example:

        marsad article 3
    """
    art = service.article(obj.store(readonly=True), article_id)
    if as_json:
        echo_json(art)
        return
    click.echo(f"# {art['title'] or '(untitled)'}")
    click.echo(f"id {art['id']} | {art['source'] or 'unknown source'} | "
               f"{art['published'] or 'undated'} | lang {art['lang']} | {art['origin']}")
    if art["url"]:
        click.echo(art["url"])
    if art["duplicate_of"]:
        click.echo(f"{art['dup_kind']} duplicate of {art['duplicate_of']} "
                   f"(similarity {art['dup_similarity']})")
    if art["appended_to"]:
        click.echo(f"split off from article {art['appended_to']} (glued under it)")
    click.echo("")
    click.echo(art["text"])
    click.echo("")
    click.echo(f"removed lines ({len(art['removed'])}):")
    for r in art["removed"]:
        click.echo(f"  [{r['reason']}] {short(r['text'], 100)}")
    if art["duplicates"]:
        click.echo("same article elsewhere:")
        for d in art["duplicates"]:
            kind = d["dup_kind"] or "canonical"
            click.echo(f"  {d['id']:>6}  {kind:9}  {short(d['source'], 18):18}  "
                       f"{short(d['title'], 60)}")
    for a in art["appended"]:
        click.echo(f"glued article split off: {a['id']}  {short(a['title'], 70)}")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl",
              show_default=True)
@click.option("-o", "--output", help="File to write (default: standard output); a CSV file "
              "starts with the BOM Excel needs to read Arabic.")
@click.option("--query", "-q", help="Only articles matching this search (the search syntax).")
@click.option("--since", metavar="DATE", help="Published on or after DATE (YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="Published on or before DATE (YYYY-MM-DD).")
@click.option("--source", help="Only this outlet.")
@click.option("--lang", help="Only this language code.")
@click.option("--canonical", is_flag=True, help="Leave duplicates out.")
@click.option("--entity", help="Only articles naming this entity (id or any spelling).")
@click.option("--story", "story_id", type=int, help="Only articles of this story.")
@click.option("--listing", type=click.Choice(["entities", "stories", "quotes", "timeline",
                                              "attention"]),
              help="Export this listing instead of the articles (jsonl, csv or parquet).")
@click.option("--filter", "listing_filters", multiple=True, metavar="NAME=VALUE",
              help="A filter of --listing (entities: etype, q, sort; stories: min_articles, "
                   "order; quotes: speaker, via, story_id; timeline: story_id or entity; "
                   "attention: q (queries joined by ;), by, by_source, since, until, source, "
                   "lang). Repeatable.")
@click.pass_obj
def export(obj: Ctx, fmt: str, output: str | None, query, since, until, source, lang,
           canonical, entity, story_id, listing, listing_filters) -> None:
    """Export every article, or those the filters keep (streamed, uncapped).

    Fields: id, url, source, title, published, lang, text, removed, duplicate_of,
    appended_to (and more; see README "Export contract").

    Example:

        marsad export --format jsonl > articles.jsonl

        marsad export --format csv -q "الغوطة" --since 2018-02-01 --canonical -o ghouta.csv

        marsad export --format parquet -o articles.parquet

        marsad export --listing quotes --filter speaker=بوتين --format csv -o putin.csv

        marsad export --listing timeline --filter story_id=12 --format parquet -o t.parquet

        marsad export --listing attention --filter "q=ترامب;بوتين" --filter by=month
    """
    store = obj.store(readonly=True)
    if listing:
        filters = dict(f.split("=", 1) for f in listing_filters if "=" in f)
        if len(filters) != len(listing_filters):
            raise click.BadParameter("use NAME=VALUE", param_hint="--filter")
        service.validate_listing(store, listing, filters)  # no story, no query: before writing
        if fmt == "parquet":
            if not output:
                raise click.UsageError("parquet is a binary file format: give --output FILE")
            n = service.write_listing_parquet(store, listing, output, **filters)
            click.echo(f"wrote {n} {listing} to {output}", err=True)
            return
        chunks = service.export_listing(store, listing, fmt, **filters)
        if output:  # a CSV file keeps the BOM the chunks start with (Excel)
            with open(output, "w", encoding="utf-8", newline="") as fh:
                n = sum(fh.write(c) > 0 for c in chunks) - (fmt == "csv")
            click.echo(f"wrote {n} {listing} to {output}", err=True)
        else:
            for c in chunks:
                sys.stdout.write(c.removeprefix("\ufeff"))
        return
    entity_id = None
    if entity:
        ids = [int(entity)] if entity.isdecimal() else service.find_entities(store, entity)
        if not ids:
            raise click.ClickException(f"no entity matches {entity!r}")
        entity_id = ids[0]
    n = service.export(store, fmt, out=sys.stdout, path=output, query=query, since=since,
                       until=until, source=source, lang=lang, canonical_only=canonical,
                       entity_id=entity_id, story_id=story_id)
    if output:
        click.echo(f"wrote {n} articles to {output}", err=True)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_obj
def stats(obj: Ctx, as_json: bool) -> None:
    """Counts: articles, duplicates, sources, languages, removed residue, runs.

    Example:

        marsad stats --json
    """
    data = service.stats(obj.store(readonly=True))
    if as_json:
        echo_json(data)
        return
    print_stats(data)


@cli.command()
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_obj
def runs(obj: Ctx, limit: int, as_json: bool) -> None:
    """List ingest runs, newest first (status, targets, counts).

    Example:

        marsad runs --limit 5
    """
    data = service.runs(obj.store(readonly=True), limit)
    if as_json:
        echo_json(data)
        return
    for r in data:
        c = r["counts"] or {}
        click.echo(f"{r['id']:>4}  {r['status']:11}  {r['started_at']}  new {c.get('new', '?')}"
                   f"  failed {c.get('failed', '?')}  {' '.join(r['targets'])[:60]}")


@cli.command()
@click.option("--run", "run_id", type=int, help="Only this run.")
@click.option("--limit", default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_obj
def failures(obj: Ctx, run_id: int | None, limit: int, as_json: bool) -> None:
    """List inputs that could not be ingested, with the reason.

    Example:

        marsad failures --run 2 --json
    """
    data = service.failures(obj.store(readonly=True), run_id, limit)
    if as_json:
        echo_json(data)
        return
    for f in data:
        click.echo(f"run {f['run_id']}  [{f['stage']}] {f['origin']}: {f['reason']}")


for _command in (eval_group, demo, serve, entities_cmd, entity_cmd, annotate_cmd, stories_cmd,
                 story_cmd, quotes_cmd, timeline_cmd, graph_cmd, templates_cmd, clean_cmd,
                 attention_cmd, watch_group, sources_group, poll_cmd, outlets_group):
    cli.add_command(_command)


def main() -> None:
    """Console entry point."""
    try:
        cli(prog_name="marsad")
    except KeyboardInterrupt:  # committed batches stay; the next ingest resumes after them
        click.echo("interrupted: what was stored stays; run the same ingest again to resume",
                   err=True)
        sys.exit(130)
    except BrokenPipeError:  # `marsad export | head` is a normal thing to do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)


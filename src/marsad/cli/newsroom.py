"""Newsroom commands: attention over time (and, beside it, watches and feed sources)."""

from __future__ import annotations

import click

from marsad import attention as attention_csv
from marsad import service
from marsad.cli.common import Ctx, echo_json, short

# Columns of the plain-text table past which it is printed long (one row per series and
# period): a terminal is ~120 characters wide.
MAX_TABLE_SERIES = 5


def _label(series: dict) -> str:
    return series["query"] + (f" @ {series['source']}" if series.get("source") else "")


@click.command("attention")
@click.argument("queries", nargs=-1, required=True)
@click.option("--by", type=click.Choice(list(attention_csv.PERIODS)), default="week",
              show_default=True, help="Count per day, week (from Monday), month or year.")
@click.option("--by-source", is_flag=True, help="One series per outlet for each query.")
@click.option("--since", metavar="DATE", help="Published on or after DATE (YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="Published on or before DATE (YYYY-MM-DD).")
@click.option("--source", help="Only this outlet.")
@click.option("--lang", help="Only this language code (ar, en, …).")
@click.option("--csv", "as_csv", is_flag=True,
              help="CSV on stdout: period, query, source, count, total, share.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True),
              help="Write the CSV to this file, with the BOM Excel needs for Arabic.")
@click.option("--json", "as_json", is_flag=True,
              help="JSON: by, periods, series (query, source, count, points).")
@click.pass_obj
def attention_cmd(obj: Ctx, queries, by, by_source, since, until, source, lang, as_csv, out,
                  as_json) -> None:
    """Attention over time: how many articles match each query per period.

    Each QUERY uses the search syntax (words, "phrases", OR, -word); up to five are
    compared side by side on one continuous time axis (empty periods are 0). Beside each
    count, its share of all articles of that period (and outlet), so a rise in coverage
    is not mistaken for a rise in crawling. A duplicate group counts once.

    Example:

        marsad attention ترامب بوتين --by month

        marsad attention "الغوطة" --by week --by-source --since 2018-02-01 --csv

        marsad attention "Kim Jong Un" --by month --out kim.csv
    """
    result = service.attention(obj.store(readonly=True), list(queries), by, by_source,
                               since=since, until=until, source=source, lang=lang)
    if out:
        with open(out, "w", encoding="utf-8", newline="") as fh:
            fh.write(attention_csv.to_csv(result, bom=True))
        click.echo(f"wrote {sum(len(s['points']) for s in result['series'])} rows to {out}")
        return
    if as_csv:
        click.echo(attention_csv.to_csv(result), nl=False)
        return
    if as_json:
        echo_json(result)
        return
    series = result["series"]
    for s in series:
        if s.get("expanded"):
            x = s["expanded"]
            click.echo(f"expanded: {x['from']} → {' | '.join(x['to'])}")
        if s.get("note"):
            click.echo(f"{s['query']}: {s['note']}")
    if not result["periods"]:
        click.echo("no dated articles match these filters")
        return
    if len(series) > MAX_TABLE_SERIES:
        for s in series:
            for p in s["points"]:
                if p["count"]:
                    click.echo(f"{p['period']:10}  {short(_label(s), 40):40}  {p['count']:>6}  "
                               f"{100 * p['share']:5.1f}%")
        return
    width = 18
    click.echo(f"{by:10}  " + "  ".join(f"{short(_label(s), width):>{width}}" for s in series))
    for i, period in enumerate(result["periods"]):
        cells = []
        for s in series:
            p = s["points"][i]
            cells.append(f"{p['count']:>7} {100 * p['share']:5.1f}%".rjust(width))
        click.echo(f"{period:10}  " + "  ".join(cells))
    click.echo(f"{'total':10}  " + "  ".join(f"{s['count']:>7}".rjust(width) + "" for s in series)
               + f"   ({len(result['periods'])} {by}s; % = share of all articles)")


@click.group("watch")
def watch_group() -> None:
    """Watches: saved searches and entities that raise an alert for each new matching
    article (after every ingest, or `marsad watch run`), read as an Atom feed
    (/feeds/watch/ID.atom under `marsad serve`) or POSTed to a webhook, signed.

    Example:

        marsad watch add "الغوطة" && marsad ingest new.jsonl && marsad watch alerts 1
    """


@watch_group.command("add")
@click.argument("query", required=False)
@click.option("--entity", help="Watch an entity (id or any spelling) instead of a search.")
@click.option("--name", help="A label for the watch (default: the query or entity).")
@click.option("--source", help="Only articles of this outlet.")
@click.option("--lang", help="Only articles in this language code.")
@click.option("--webhook", metavar="URL",
              help="POST new alerts here as JSON, signed with HMAC-SHA256 (header "
                   "X-Marsad-Signature: sha256=…).")
@click.option("--secret", help="The webhook's signing key (default: one is generated).")
@click.option("--backfill", is_flag=True,
              help="Alert on articles already stored too (default: only later ones).")
@click.option("--json", "as_json", is_flag=True, help="Print the watch as JSON.")
@click.pass_obj
def watch_add(obj: Ctx, query, entity, name, source, lang, webhook, secret, backfill,
              as_json) -> None:
    """Save a search (QUERY, the search syntax) or an --entity as a watch.

    Example:

        marsad watch add '"وقف إطلاق النار" الغوطة' --source skynews

        marsad watch add --entity "كيم جونغ أون" --webhook https://hooks.example.org/marsad
    """
    w = service.watch_add(obj.store(), query, entity, name=name, webhook=webhook,
                          secret=secret, backfill=backfill, source=source, lang=lang)
    if as_json:
        echo_json(w)
        return
    click.echo(f"watch {w['id']}: {w['name']} ({w['kind']}); alerts on articles stored "
               f"{'from the first one' if backfill else 'from now on'}")
    if w.get("secret"):
        click.echo(f"webhook secret (shown once): {w['secret']}")


@watch_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON list of watches.")
@click.pass_obj
def watch_list(obj: Ctx, as_json) -> None:
    """List watches with their alert counts and failed webhook deliveries.

    Example:

        marsad watch list --json
    """
    items = service.watch_list(obj.store(readonly=True))
    if as_json:
        echo_json(items)
        return
    if not items:
        click.echo("no watches (add one: marsad watch add QUERY)")
    for w in items:
        what = f"entity {w['entity_name'] or w['entity_id']}" if w["kind"] == "entity" \
            else f"search {w['query']}"
        failed = f"  {w['failed_deliveries']} failed deliveries" if w["failed_deliveries"] else ""
        click.echo(f"{w['id']:>4}  {short(w['name'], 30):30}  {short(what, 40):40}  "
                   f"{w['alerts']:>5} alerts{failed}")


@watch_group.command("alerts")
@click.argument("watch_id", type=int)
@click.option("--limit", default=20, show_default=True)
@click.option("--offset", default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON page of alerts and deliveries.")
@click.pass_obj
def watch_alerts(obj: Ctx, watch_id, limit, offset, as_json) -> None:
    """A watch's alerts, newest first (★: the article opened a new story).

    Example:

        marsad watch alerts 1 --limit 50
    """
    page = service.watch_alerts(obj.store(readonly=True), watch_id, limit, offset)
    if as_json:
        echo_json(page)
        return
    for a in page["items"]:
        star = "★" if a["new_story"] else " "
        click.echo(f"{a['created'][:16]}  {star} {a['article_id']:>6}  "
                   f"{(a['published'] or '')[:10]:10}  {short(a['source'], 14):14}  "
                   f"{short(a['title'] or a['lead'], 60)}")
    click.echo(f"({len(page['items'])} of {page['total']})")
    for d in page["deliveries"]:
        if d["status"] != "sent":
            click.echo(f"delivery {d['id']}: {d['status']} after {d['attempts']} attempt(s)"
                       f"{': ' + d['error'] if d['error'] else ''}")


@watch_group.command("run")
@click.option("--json", "as_json", is_flag=True, help="JSON: new alerts per watch, deliveries.")
@click.pass_obj
def watch_run(obj: Ctx, as_json) -> None:
    """Check every watch against the articles stored since its last run, and send the
    webhook deliveries that are due (ingest does this itself after each run).

    Example:

        marsad watch run
    """
    res = service.watch_run(obj.store())
    if as_json:
        echo_json(res)
        return
    for w in res["watches"]:
        click.echo(f"watch {w['watch']} ({w['name']}): {w['new']} new alert(s)")
    d = res["deliveries"]
    if any(d.values()):
        click.echo(f"webhooks: {d['sent']} sent, {d['retry']} to retry, {d['failed']} failed")


@watch_group.command("rm")
@click.argument("watch_id", type=int)
@click.pass_obj
def watch_rm(obj: Ctx, watch_id) -> None:
    """Delete a watch and its alerts.

    Example:

        marsad watch rm 3
    """
    service.watch_remove(obj.store(), watch_id)
    click.echo(f"removed watch {watch_id}")

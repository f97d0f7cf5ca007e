"""Feeds on a schedule (`marsad sources`, `marsad poll`) and outlet display names."""

from __future__ import annotations

import signal
import time

import click

from marsad import poll, service
from marsad.cli.common import Ctx, echo_json, short

# The poll loop wakes at least this often (seconds) to notice feeds added meanwhile.
MAX_SLEEP_S = 5.0


@click.group("sources")
def sources_group() -> None:
    """Feeds polled on a schedule: add them here, then run `marsad poll`.

    Example:

        marsad sources add https://www.alarabiya.net/feed/rss2/ar.xml --every 15m
    """


@sources_group.command("add")
@click.argument("url")
@click.option("--every", default=poll.DEFAULT_EVERY, show_default=True,
              help="Polling interval: 90s, 15m, 1h, 1d.")
@click.option("--follow-links", is_flag=True, help="Fetch each item's page, not its summary.")
@click.option("--json", "as_json", is_flag=True, help="Print the feed as JSON.")
@click.pass_obj
def sources_add(obj: Ctx, url, every, follow_links, as_json) -> None:
    """Add an RSS or Atom feed to poll (the same URL again changes its interval).

    Example:

        marsad sources add https://example.org/news.rss --every 30m --follow-links
    """
    feed = poll.add(obj.store(), url, every, follow_links)
    if as_json:
        echo_json(feed)
        return
    click.echo(f"feed {feed['id']}: {feed['url']} every {feed['every_s']}s "
               "(run `marsad poll` to fetch it)")


@sources_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON list with each feed's health.")
@click.pass_obj
def sources_list(obj: Ctx, as_json) -> None:
    """Feeds with their health: last fetch, its status, new articles, errors, next fetch.

    Example:

        marsad sources list --json
    """
    feeds = obj.store(readonly=True).feeds()
    if as_json:
        echo_json(feeds)
        return
    if not feeds:
        click.echo("no feeds (add one: marsad sources add URL)")
    for f in feeds:
        health = f["last_status"] or "never fetched"
        if f["errors"]:
            health += f" ×{f['errors']}: {short(f['last_error'], 60)}"
        click.echo(f"{f['id']:>4}  {short(f['url'], 50):50}  every {f['every_s']}s  "
                   f"{health}  new {f['last_new']} (total {f['total_new']})  "
                   f"last {(f['last_fetch'] or '-')[:19]}  next {f['next_fetch'][:19]}")


@sources_group.command("rm")
@click.argument("ref")
@click.pass_obj
def sources_rm(obj: Ctx, ref) -> None:
    """Stop polling a feed (by id or URL); what it brought stays.

    Example:

        marsad sources rm 2
    """
    poll.remove(obj.store(), ref)
    click.echo(f"removed feed {ref}")


def _stop(signum, frame) -> None:  # SIGTERM ends the loop as Ctrl-C does
    raise KeyboardInterrupt


@click.command("poll")
@click.option("--once", is_flag=True, help="Fetch the feeds that are due, then exit.")
@click.option("--json", "as_json", is_flag=True, help="One JSON line per fetch.")
@click.pass_obj
def poll_cmd(obj: Ctx, once, as_json) -> None:
    """Poll the feeds of `marsad sources` on their schedules, in the foreground, until
    stopped (Ctrl-C). Each changed feed runs the whole pipeline, then the watches.

    Example:

        marsad sources add https://example.org/news.rss --every 5m && marsad poll
    """
    import json

    store = obj.store()
    if not store.feeds():
        raise click.ClickException("no feeds to poll: add one with `marsad sources add URL`")
    signal.signal(signal.SIGTERM, _stop)
    try:
        while True:
            for r in poll.poll_once(store):
                if as_json:
                    click.echo(json.dumps(r, ensure_ascii=False))
                elif r["error"]:
                    click.echo(f"{r['url']}: error: {r['error']}")
                else:
                    click.echo(f"{r['url']}: {r['status']}, {r['new']} new, "
                               f"{r['alerts']} alert(s)")
            if once:
                return
            wait = poll.seconds_to_next(store)
            time.sleep(min(MAX_SLEEP_S, wait if wait is not None else MAX_SLEEP_S))
    except KeyboardInterrupt:
        click.echo("polling stopped", err=True)


@click.group("outlets", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="JSON list of outlets.")
@click.pass_context
def outlets_group(ctx: click.Context, as_json) -> None:
    """Outlets with their article counts and display names.

    Example:

        marsad outlets && marsad outlets name alarabia العربية
    """
    if ctx.invoked_subcommand is not None:
        return
    items = service.outlets(ctx.obj.store(readonly=True))
    if as_json:
        echo_json(items)
        return
    for o in items:
        shown = f"  → {o['display']}" if o.get("display") else ""
        click.echo(f"{o['articles']:>7}  {o['source']}{shown}")


@outlets_group.command("name")
@click.argument("outlet")
@click.argument("display", required=False)
@click.pass_obj
def outlets_name(obj: Ctx, outlet, display) -> None:
    """Give OUTLET (as stored) a DISPLAY name shown wherever it appears (none: clear it).

    Example:

        marsad outlets name alarabia "العربية"
    """
    service.name_outlet(obj.store(), outlet, display)
    click.echo(f"{outlet} → {display}" if display else f"{outlet}: display name cleared")

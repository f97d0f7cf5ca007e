"""`marsad demo` and `marsad serve`: the commands that end with the dashboard running."""

from __future__ import annotations

import errno
import os
import socket
import sys

import click

from marsad import service
from marsad.cli.common import Ctx, print_stats, print_summary, short
from marsad.errors import require


def _check_port(host: str, port: int) -> None:
    """One clear line and exit 1 when the address is taken, before uvicorn's own noise."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
    except OSError as exc:
        why = "is already in use" if exc.errno == errno.EADDRINUSE else f"cannot be used ({exc.strerror})"
        click.echo(f"error: {host}:{port} {why}; pick another with --port", err=True)
        sys.exit(1)


def _loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _serve(db: str, host: str, port: int, poll_feeds: bool = False, workers: int = 1) -> None:
    """Run the API + dashboard over `db` until interrupted."""
    require("fastapi", "server", "marsad serve")
    require("uvicorn", "server", "marsad serve")
    require("jinja2", "server", "the dashboard")
    import uvicorn

    from marsad.server import create_app

    _check_port(host, port)
    if not _loopback(host):
        # issue 15: reachable from other machines, it shows server paths (origins, runs,
        # failures) to anyone who can connect; writes stay off without a token
        click.echo(f"warning: listening on {host} makes the dashboard, the API and the "
                   "server's file paths readable from other machines"
                   + ("" if os.environ.get("MARSAD_TOKEN") else
                      "; writes are off (no MARSAD_TOKEN)"), err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Dashboard: http://{shown}:{port}/   (JSON API: http://{shown}:{port}/docs; "
               "Ctrl+C stops)")
    if poll_feeds:
        click.echo("polling the feeds of `marsad sources` in the background", err=True)
    from marsad.server.connections import server_options

    if workers > 1:
        # each worker process builds its app from the environment (uvicorn imports it by
        # name in every process); searches then run on every core (issue 15, item 13)
        os.environ["MARSAD_SERVE_DB"] = os.path.abspath(db)
        uvicorn.run("marsad.server.api:app_from_env", factory=True, workers=workers,
                    host=host, port=port, log_level="warning", **server_options())
        return
    uvicorn.run(create_app(db, os.environ.get("MARSAD_TOKEN") or None, poll_feeds), host=host,
                port=port, log_level="warning", **server_options())


@click.command()
@click.option("--workers", type=int, default=None, help="Worker processes.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--no-serve", is_flag=True, help="Ingest and print the summary only.")
@click.pass_obj
def demo(obj: Ctx, workers: int | None, host: str, port: int, no_serve: bool) -> None:
    """Ingest the bundled demo corpus (original text), show what Marsad found, then serve
    the dashboard on it (unless --no-serve).

    Example:

        marsad --db demo.db demo            # then open http://127.0.0.1:8000/

        marsad --db demo.db demo --no-serve
    """
    path = service.demo_corpus_path()
    store = obj.store()
    try:
        summary = service.ingest(store, service.demo_targets(), workers=workers)
        data = service.stats(store)
        page = service.list_articles(store, limit=service.MAX_PAGE)
    finally:
        store.close()  # the server opens its own read-only connections
    click.echo(f"== ingested the demo corpus ({path})")
    print_summary(summary.as_dict(), obj.db)
    click.echo("\n== what is in the database")
    print_stats(data)
    click.echo("\n== duplicate groups")
    groups: dict[int, list[dict]] = {}
    for a in page.items:
        if a["duplicate_of"]:
            groups.setdefault(a["duplicate_of"], []).append(a)
    titles = {a["id"]: a for a in page.items}
    for canon, members in groups.items():
        head = titles.get(canon, {})
        click.echo(f"{canon:>4}  {short(head.get('source'), 16):16} {short(head.get('title'), 60)}")
        for m in members:
            click.echo(f"   └ {m['id']:>4} {m['dup_kind']:5} {m['dup_similarity']:.2f} "
                       f"{short(m['source'], 16):16} {short(m['title'], 50)}")
    click.echo("\n== glued articles split off their host")
    for a in page.items:
        if a["appended_to"]:
            click.echo(f"{a['id']:>4}  split from {a['appended_to']}: {short(a['title'], 70)}")
    click.echo(f"\nNext: marsad --db {obj.db} articles | marsad --db {obj.db} article 1 | "
               f"marsad --db {obj.db} export --format jsonl")
    if not no_serve:
        click.echo("")
        _serve(obj.db, host, port)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--poll", "poll_feeds", is_flag=True,
              help="Also poll the feeds of `marsad sources` in the background (as `marsad poll`).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes: more answer more searches at once, one per core.")
@click.pass_obj
def serve(obj: Ctx, host: str, port: int, poll_feeds: bool, workers: int) -> None:
    """Serve the dashboard (/) and the JSON API (/api, docs at /docs). Needs marsad[server].

    Reads are open; ingest endpoints need `Authorization: Bearer $MARSAD_TOKEN`
    and are disabled when MARSAD_TOKEN is not set.

    Example:

        MARSAD_TOKEN=s3cret marsad --db demo.db serve --port 8000

        marsad sources add https://example.org/news.rss --every 10m && marsad serve --poll

        curl 'http://127.0.0.1:8000/api/search?q=اليرموك'

        marsad --db big.db serve --workers 2      # searches on two cores
    """
    # fail now, not on the first request, when there is no database yet
    obj.store(readonly=True).close()
    if poll_feeds and workers > 1:
        raise click.UsageError("--poll runs in one server process: use --workers 1, or run "
                               "`marsad poll` beside the server")
    _serve(obj.db, host, port, poll_feeds, workers)

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

"""`marsad eval` commands that score corpus output: search over an ingested corpus, entity
resolution, story clustering and residue cleaning, each read from a store the way a user
reads it (registered on the `eval` group by cli_eval)."""

from __future__ import annotations

import json
import sys
import time

import click

from marsad.errors import MarsadError

_HELP = {"help_option_names": ["-h", "--help"]}


@click.command("search", context_settings=_HELP)
@click.option("--queries", "queries", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Judged queries (JSON lines: qid, query, need, judgments {record id: 0-2}).")
@click.option("--corpus", required=True, type=click.Path(exists=True, dir_okay=False),
              help="The JSONL(.gz) corpus the judgments refer to (ANT: docno ids).")
@click.option("--db", default=None,
              help="Reuse (or build) this database; default: a temporary one, ingested here.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def search_cmd(queries: str, corpus: str, db: str | None, as_json: bool) -> None:
    """Score search on judged queries: our analysed index beside FTS5's unicode61.

    Both systems search the same stored articles (unicode61 gets each word quoted);
    nDCG@10, MRR, P@10 and judged@10 per system. Unjudged results count as not relevant.

    \b
    Example:
        marsad eval search --queries eval/search/queries.jsonl \\
            --corpus ../shared/data/news/ant_multisource/articles.jsonl.gz
    """
    from marsad.evaluation.search import evaluate_search

    started = time.perf_counter()
    try:
        report = evaluate_search(queries, corpus, db=db)
    except (MarsadError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    report["seconds"] = round(time.perf_counter() - started, 1)
    ours, peer = report["ours"], report["unicode61"]
    report["ratios"] = {k: ours[k] / peer[k] for k in ("ndcg10", "mrr") if peer[k]}
    if as_json:
        slim = {k: v for k, v in report.items() if k != "runs"}
        for name in ("ours", "unicode61"):
            slim[name] = {k: v for k, v in report[name].items() if k != "per_query"}
        click.echo(json.dumps(slim, ensure_ascii=False, indent=2))
        return
    click.echo(f"{report['queries']} queries, {report['judgments']} judgments "
               f"({report['relevant']} relevant), {report['articles']} articles, "
               f"{report['seconds']} s\n")
    head = f"{'system':<12}{'nDCG@10':>9}{'MRR':>8}{'P@10':>8}{'judged@10':>11}{'no hits':>9}"
    click.echo(head)
    click.echo("-" * len(head))
    for name in ("ours", "unicode61"):
        s = report[name]
        click.echo(f"{name:<12}{s['ndcg10']:>9.4f}{s['mrr']:>8.4f}{s['p10']:>8.4f}"
                   f"{s['judged10']:>11.3f}{s['zero_hit_queries']:>9}")
    r = report["ratios"]
    click.echo(f"\nours/unicode61: nDCG@10 x{r.get('ndcg10', 0):.3f}, MRR x{r.get('mrr', 0):.3f}"
               " (unjudged results count as not relevant)")


@click.command("resolution", context_settings=_HELP)
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Resolution gold (eval/resolution/gold-dev.jsonl): urls, offsets, labels.")
@click.option("--db", required=True, type=click.Path(exists=True, dir_okay=False),
              help="A database ingested from the gold's corpus (nothing is ingested here).")
@click.option("--top", "top_n", type=click.IntRange(min=1), default=150, show_default=True,
              help="Top-N PER entities checked for a wrong merge.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def resolution_cmd(gold: str, db: str, top_n: int, as_json: bool) -> None:
    """Score a database's entities against hand-labelled resolution gold.

    Wrong merges kept apart, same-thing pairs merged (inside one entity and across
    entities), pair precision/recall, share of top-N PER entities holding a wrong merge,
    Latin-name accuracy and junk spans still tagged; n and a Wilson 95% interval for each.
    Exit 1 when no gold mention is found in the database.

    \b
    Example:
        marsad eval resolution \\
            --db /tmp/resgold/dev-before.db --gold eval/resolution/gold-dev.jsonl
    """
    from marsad.evaluation.resolution import evaluate_resolution, format_report
    from marsad.store.sqlite import SQLiteStore

    store = SQLiteStore(db, readonly=True)
    try:
        report = evaluate_resolution(store, gold, top_n=top_n)
    except LookupError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except MarsadError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
    click.echo(json.dumps(report, ensure_ascii=False, indent=2) if as_json else format_report(report))


@click.command("stories", context_settings=_HELP)
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Story gold (eval/stories/gold-dev.jsonl): dataset, line, url, story key.")
@click.option("--data", default="../shared/data", show_default=True,
              type=click.Path(file_okay=False),
              help="The shared data folder the gold's articles are read from.")
@click.option("--db", default=None, type=click.Path(exists=True, dir_okay=False),
              help="Score this database's stories instead of ingesting into a fresh one.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def stories_cmd(gold: str, data: str, db: str | None, as_json: bool) -> None:
    """Score story clustering: B-cubed precision, recall, F1 and story sizes.

    The gold's articles are ingested, in publication order, into a fresh database (the
    whole pipeline: the clustering sees what a user's ingest would), and each article's
    story is compared with its gold story; per window too. Exit 1 when no gold article
    is found.

    \b
    Example:
        marsad eval stories --gold eval/stories/gold-dev.jsonl
        marsad eval stories --gold gold-test.jsonl --data ../shared/data --json
    """
    from marsad.evaluation.stories import evaluate_stories, format_report

    try:
        report = evaluate_stories(gold, data, db)
    except LookupError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except MarsadError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(report, ensure_ascii=False, indent=2) if as_json else format_report(report))


@click.command("residue", context_settings=_HELP)
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False),
              help="JSON: file → {\"content\": [lines], \"residue\": [lines]} (or a list of "
                   "{text|line, label}); files relative to the gold file or absolute. Or a "
                   ".jsonl news gold (eval/residue/gold.jsonl: dataset, line, labelled lines).")
@click.option("--data", default=None, type=click.Path(file_okay=False),
              help="Folder holding news/<dataset>/articles.jsonl.gz (.jsonl gold only; "
                   "default ../shared/data).")
@click.option("--split", type=click.Choice(["dev", "test", "all"]), default="all", show_default=True,
              help="Which articles of a .jsonl gold to score.")
@click.option("--context", default=300, show_default=True, type=click.IntRange(0, 100_000),
              help="Other articles of each outlet ingested before the labelled ones (.jsonl gold).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def residue_cmd(gold: str, data: str | None, split: str, context: int, as_json: bool) -> None:
    """Score cleaning line by line: residue removed, article lines kept.

    The gold's files are ingested together, as one corpus, into a fresh database; each
    labelled line counts as kept when it is in the stored text (or title) of its file's
    article. A .jsonl news gold names articles of ../shared/data/news; each outlet's other
    articles go in first (--context), so what is learned across its pages counts. Prints
    accuracy of line decisions, residue precision/recall, content kept and residue removed
    by kind.

    \b
    Example:
        marsad eval residue --gold residue-gold.json
        marsad eval residue --gold eval/residue/gold.jsonl --split dev --json
    """
    from marsad.evaluation.residue import evaluate_residue
    from marsad.evaluation.residue_news import evaluate_news_residue, is_news_gold

    try:
        if is_news_gold(gold):
            report = evaluate_news_residue(gold, data, None if split == "all" else split, context)
        else:
            report = evaluate_residue(gold)
    except MarsadError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    n = report.get("files", report.get("articles"))
    click.echo(f"{n} {'files' if 'files' in report else 'articles'}, {report['lines']} labelled lines")
    click.echo(f"line decisions right {report['accuracy']:.3f}  residue removed "
               f"{report['residue_recall']:.3f} (precision {report['residue_precision']:.3f})  "
               f"content kept {report['content_kept']:.3f}")
    for kind, c in report.get("by_kind", {}).items():
        click.echo(f"  residue {kind:12} removed {c.get('removed', 0)}/{c['n']}")
    for e in report["errors"][:20]:
        click.echo(f"  {e['label']:8} {e['decision']:8} {e.get('line') if 'text' not in e else e['text']}")

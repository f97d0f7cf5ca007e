"""`marsad eval ...`: score our stages on public gold sets, side by side with the peer."""

from __future__ import annotations

import json
import sys
import time

import click

from marsad.errors import MarsadError
from marsad.evaluation.cli_corpus import residue_cmd, resolution_cmd, search_cmd, stories_cmd
from marsad.evaluation.extract import DEFAULT_SYSTEMS, SYSTEMS, evaluate_extraction

OURS, PEER = "marsad", "trafilatura"


@click.group("eval", context_settings={"help_option_names": ["-h", "--help"]})
def eval_group() -> None:
    """Evaluate Marsad's stages on gold sets (the numbers the CI gate checks).

    \b
    Example:
        marsad eval extract --trafilatura-eval ../shared/data/html/trafilatura_eval
    """


@eval_group.command("extract")
@click.option("--trafilatura-eval", "path", required=True, type=click.Path(exists=True),
              help="trafilatura's evaluation set: a folder with evaldata.json and the pages "
                   "(the .tar.gz, or eval/ + cache/), or the .tar.gz itself.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Score only the first N pages of evaldata.json.")
@click.option("--system", "systems", multiple=True, type=click.Choice(sorted(SYSTEMS)),
              help="Systems to score (repeatable; default: marsad and trafilatura).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: up to 2).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def extract_cmd(path: str, limit: int | None, systems: tuple[str, ...], workers: int | None,
                as_json: bool) -> None:
    """Score HTML extraction on trafilatura's own evaluation set, beside plain trafilatura.

    Each page's must-keep and must-drop snippets are looked up in each system's text
    (whitespace-normalised, as trafilatura's tests/evaluate.py does): precision, recall,
    F1, accuracy, and pages/s on one core. Exit 1 when the path holds no pages.

    \b
    Example:
        marsad eval extract --limit 100 \\
            --trafilatura-eval ../shared/data/html/trafilatura_eval
    """
    started = time.perf_counter()
    try:
        report = evaluate_extraction(path, limit=limit, systems=systems or DEFAULT_SYSTEMS,
                                     workers=workers)
    except MarsadError as exc:
        raise click.ClickException(str(exc)) from exc
    report["seconds"] = round(time.perf_counter() - started, 1)
    if report["pages"] == 0:
        click.echo(f"no pages found at {path} (missing: {report['missing_pages']})", err=True)
        sys.exit(1)
    report["ratios"] = _ratios(report["systems"])
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    _print_table(report)


def _ratios(systems: dict) -> dict[str, float]:
    if OURS not in systems or PEER not in systems:
        return {}
    ours, peer = systems[OURS], systems[PEER]
    out = {}
    for key, name in (("f1", "f1"), ("pages_per_s", "speed")):
        if peer[key]:
            out[f"{name}_{OURS}_over_{PEER}"] = ours[key] / peer[key]
    return out


def _print_table(report: dict) -> None:
    head = f"{'system':<15}{'P':>8}{'R':>8}{'F1':>8}{'acc':>8}{'pages/s':>10}{'errors':>8}"
    click.echo(f"{report['pages']} pages ({report['missing_pages']} missing), "
               f"trafilatura {report['versions']['trafilatura']}, {report['seconds']} s\n")
    click.echo(head)
    click.echo("-" * len(head))
    for name, s in report["systems"].items():
        click.echo(f"{name:<15}{s['precision']:>8.4f}{s['recall']:>8.4f}{s['f1']:>8.4f}"
                   f"{s['accuracy']:>8.4f}{s['pages_per_s']:>10.1f}{s['errors']:>8}")
    ratios = report["ratios"]
    if ratios:
        click.echo(f"\n{OURS}/{PEER}: F1 x{ratios['f1_marsad_over_trafilatura']:.4f}, "
                   f"speed x{ratios.get('speed_marsad_over_trafilatura', 0.0):.2f}")


@eval_group.command("ner")
@click.option("--gold", "gold", required=True, type=click.Path(),
              help="A CoNLL file (`token TAG` per line, blank line between sentences) or a "
                   "folder of them; ANERcorp (PERS, MISC) and AQMAR (PER, MIS0-3) tags accepted.")
@click.option("--model", "model", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A model .npz other than the shipped one.")
@click.option("--members", type=click.IntRange(min=1), default=None,
              help="Use only the first N taggers of the ensemble (1 = the fast setting).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def ner_cmd(gold: str, model: str | None, members: int | None, as_json: bool) -> None:
    """Score the NER tagger on gold CoNLL files: entity-level P/R/F1 (exact spans).

    Micro precision, recall and F1 over PER, LOC, ORG and MISC spans (seqeval's rules),
    per type, and tokens/s of the tagger on this input (one process, one batch).

    \b
    Example:
        marsad eval ner --gold ../shared/data/ner/aqmar
        marsad eval ner --gold test.txt --json
        marsad eval ner --gold test.txt --members 1
    """
    from marsad.evaluation.ner import evaluate_ner
    from marsad.ner import load_tagger

    try:
        report = evaluate_ner(gold, tagger=load_tagger(model, members))
    except MarsadError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo(f"{report['sentences']} sentences, {report['tokens']} tokens, "
               f"{report['tokens_per_s']:,.0f} tokens/s\n")
    head = f"{'type':<12}{'P':>8}{'R':>8}{'F1':>8}{'support':>9}"
    click.echo(head)
    click.echo("-" * len(head))
    rows = [*report["per_type"].items(), ("ALL", report), ("PER+LOC+ORG", report["plo"])]
    for name, s in rows:
        click.echo(f"{name:<12}{s['precision']:>8.4f}{s['recall']:>8.4f}{s['f1']:>8.4f}"
                   f"{s['support']:>9}")


@eval_group.command("summaries")
@click.option("--ant", "path", required=True, type=click.Path(),
              help="ANT multisource articles.jsonl.gz (BBC and CNN abstracts are the references).")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Score only the first N articles of the split.")
@click.option("--split", type=click.Choice(["test", "dev", "all"]), default="test",
              show_default=True, help="dev: blake2b(docno) % 5 == 0 (what was tuned on).")
@click.option("--sentences", "n_sentences", type=click.IntRange(min=1), default=3,
              show_default=True, help="Sentences per summary, for every system.")
@click.option("--clean/--no-clean", "use_clean", default=False, show_default=True,
              help="Run each article through stages.clean first (all systems).")
@click.option("--system", "names", multiple=True,
              type=click.Choice(["marsad", "lead", "sumy-lexrank"]),
              help="Systems to score (repeatable; default: all three).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def summaries_cmd(path: str, limit: int | None, split: str, n_sentences: int, use_clean: bool,
                  names: tuple[str, ...], as_json: bool) -> None:
    """Score single-document summaries against ANT's BBC and CNN abstracts (ROUGE).

    Ours, Lead-N and sumy's LexRank summarise the same text into the same number of
    sentences; ROUGE-1/2/L F1 (with P and R in --json) on key-normalised tokens, beside
    raw tokens and analysed stems, per source, and articles per CPU-second.

    \b
    Example:
        marsad eval summaries --limit 500 \\
            --ant ../shared/data/news/ant_multisource/articles.jsonl.gz
        marsad eval summaries --ant articles.jsonl.gz --split dev --json
    """
    from marsad.evaluation.summaries import SYSTEM_NAMES, evaluate_summaries

    try:
        report = evaluate_summaries(path, limit=limit, split=split, n_sentences=n_sentences,
                                    use_clean=use_clean, names=names or SYSTEM_NAMES)
    except MarsadError as exc:
        raise click.ClickException(str(exc)) from exc
    if report["articles"] == 0:
        click.echo(f"no BBC/CNN articles with an abstract in {path} ({split} split)", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo(f"{report['articles']} articles ({split} split), {n_sentences} sentences each, "
               f"references {report['reference_words']} words; ROUGE F1 on normalised "
               "tokens (raw tokens in brackets); articles per CPU-second\n")
    head = f"{'system':<14}{'R-1':>16}{'R-2':>16}{'R-L':>16}{'words':>7}{'art/s':>9}"
    click.echo(head)
    click.echo("-" * len(head))
    for name, s in report["systems"].items():
        cells = "".join(f"{s[m]['f']:>8.4f} ({s['raw'][m]['f']:.4f})"
                        for m in ("rouge1", "rouge2", "rougeL"))
        click.echo(f"{name:<14}{cells}{s['summary_words']:>7.1f}{s['articles_per_s']:>9.1f}")


@eval_group.command("dates")
@click.option("--gold", "gold", required=True, type=click.Path(exists=True),
              help="A TimeML .tml file or a folder of them (inline TIMEX3 tags), or a news "
                   "gold .jsonl (eval/dates_news/gold.jsonl: offsets into ../shared news).")
@click.option("--data", default=None, type=click.Path(file_okay=False),
              help="The shared data folder a .jsonl gold's articles are read from "
                   "(default: ../shared/data beside the repository).")
@click.option("--reference-date", "reference", default=None, metavar="YYYY-MM-DD",
              help="Date relative expressions resolve against (the corpus has no creation "
                   "dates). For ../shared/data/dates/arabic_timeml use 2015-12-24: its gold "
                   "has اليوم = 2015-12-24, أمس = 2015-12-23, الثلاثاء = 2015-12-22.")
@click.option("--peer/--no-peer", default=True, show_default=True,
              help="Also score dateparser's search_dates (languages=['ar']) on the same text.")
@click.option("--split", type=click.Choice(["dev", "test"]), default=None,
              help="Only the dev or test documents (local Arabic TimeML split, or the "
                   "split field of a .jsonl gold).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def dates_cmd(gold: str, data: str | None, reference: str | None, peer: bool,
              split: str | None, as_json: bool) -> None:
    """Score the Arabic time-expression tagger on TimeML gold: spans and values.

    Span P/R/F1 with overlap match (and exact-span F1), value accuracy over matched spans
    (strict string equality of TimeML values), counts per TIMEX3 type, and docs/s, beside
    dateparser's search_dates. Without --reference-date, relative expressions get no value
    and count as wrong.

    \b
    Example:
        marsad eval dates --gold ../shared/data/dates/arabic_timeml \\
            --reference-date 2015-12-24
        marsad eval dates --gold ../shared/data/dates/arabic_timeml \\
            --reference-date 2015-12-24 --split test
        marsad eval dates --gold doc.tml --no-peer --json
        marsad eval dates --gold eval/dates_news/gold.jsonl --split dev --no-peer
    """
    from datetime import date

    from marsad.evaluation.dates import evaluate_dates

    try:
        ref = date.fromisoformat(reference) if reference else None
    except ValueError as exc:
        raise click.BadParameter(f"not a YYYY-MM-DD date: {reference}",
                                 param_hint="--reference-date") from exc
    systems = ("marsad", "dateparser") if peer else ("marsad",)
    try:
        report = evaluate_dates(gold, reference=ref, systems=systems, split=split, data=data)
    except MarsadError as exc:
        raise click.ClickException(str(exc)) from exc
    ours = report["systems"]["marsad"]
    report.update({k: ours[k] for k in ("precision", "recall", "f1", "value_accuracy")})
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo(f"{report['documents']} documents, reference date "
               f"{report['reference_date'] or 'none'}\n")
    head = (f"{'system':<12}{'P':>8}{'R':>8}{'F1':>8}{'value':>8}{'exactF1':>9}"
            f"{'gold':>6}{'found':>7}{'docs/s':>9}")
    click.echo(head)
    click.echo("-" * len(head))
    for name, s in report["systems"].items():
        click.echo(f"{name:<12}{s['precision']:>8.4f}{s['recall']:>8.4f}{s['f1']:>8.4f}"
                   f"{s['value_accuracy']:>8.4f}{s['exact_f1']:>9.4f}{s['gold']:>6}"
                   f"{s['predicted']:>7}{s['docs_per_s']:>9.1f}")
    click.echo("\nper type (gold / matched by marsad): " + ", ".join(
        f"{t} {c['gold']}/{c['found']}" for t, c in ours["per_type"].items()))
    if "dateparser" in report["systems"]:
        theirs = report["systems"]["dateparser"]
        ratio = ours["f1"] / theirs["f1"] if theirs["f1"] else float("inf")
        click.echo(f"marsad/dateparser: F1 x{ratio:.2f}, speed "
                   f"x{ours['docs_per_s'] / theirs['docs_per_s']:.1f}")


@eval_group.command("similarity")
@click.option("--pairs", "path", required=True, type=click.Path(dir_okay=False),
              help="JSONL, one pair per line: text1, text2, Overall (1 = same story ... "
                   "4 = unrelated), as SemEval-2022 Task 8.")
@click.option("--with-embeddings", is_flag=True,
              help="Blend in the USE multilingual cosine (extra 'embeddings'; ~0.1 s/article).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def similarity_cmd(path: str, with_embeddings: bool, as_json: bool) -> None:
    """Score same-story similarity against human judgements, beside plain TF-IDF and MinHash.

    Pearson and Spearman of our similarity with Overall (sign-corrected: higher is
    better), and precision/recall of the same-story decision (similarity >= the
    threshold) on the clear pairs: Overall <= 1.5 same, >= 3.5 different. Malformed lines
    are reported on stderr (one line each) and skipped. Exit 1 when no pair is valid.

    \b
    Example:
        marsad eval similarity \\
            --pairs ../shared/data/similarity/semeval2022_task8_ar/pairs.jsonl
        marsad eval similarity --pairs pairs.jsonl --json
    """
    from marsad.evaluation.similarity import read_pairs, score_pairs

    try:
        pairs, errors = read_pairs(path)
        for line in errors[:20]:
            click.echo(f"skipped {line}", err=True)
        if len(errors) > 20:
            click.echo(f"skipped {len(errors) - 20} more malformed lines", err=True)
        if not pairs:
            click.echo(f"no valid pairs in {path}", err=True)
            sys.exit(1)
        report = score_pairs(pairs, with_embeddings=with_embeddings)
    except MarsadError as exc:
        raise click.ClickException(str(exc)) from exc
    report["malformed_lines"] = len(errors)
    del report["scores"]
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo(f"{report['pairs']} pairs ({len(errors)} malformed lines skipped), "
               f"{report['clear_pairs']} clear ({report['same_pairs']} same story), "
               f"{report['ms_per_article']} ms/article\n")
    head = f"{'system':<18}{'pearson':>9}{'spearman':>10}"
    click.echo(head)
    click.echo("-" * len(head))
    rows = [("marsad", report), *report["peers"].items()]
    for name, s in rows:
        click.echo(f"{name:<18}{s['pearson']:>9.4f}{s['spearman']:>10.4f}")
    click.echo(f"\nsame story at similarity >= {report['threshold']}: "
               f"precision {report['same_story_precision']:.4f}, "
               f"recall {report['same_story_recall']:.4f}")


@eval_group.command("quotes")
@click.option("--gold", "gold", default="eval/quotes/gold.jsonl", show_default=True,
              type=click.Path(), help="Quotation gold set (ids, offsets and labels only).")
@click.option("--data", "data", default="../shared/data", show_default=True, type=click.Path(),
              help="Folder holding news/ant_multisource and news/saudinewsnet.")
@click.option("--split", type=click.Choice(["dev", "test", "all"]), default="all",
              show_default=True, help="Which part of the gold set to score.")
@click.option("--ner", "with_ner", is_flag=True,
              help="Tag, tidy and resolve entities first, as an ingest does, so speakers "
                   "come from mentions.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def quotes_cmd(gold: str, data: str, split: str, with_ner: bool, as_json: bool) -> None:
    """Score quotation extraction: span F1, speaker accuracy, via (outlet) accuracy.

    Beside ours, the naive peer: text inside «» or "" after the nearest قال-family verb.
    Span F1 counts a quote found when it overlaps a gold quote (one-to-one); exact F1
    needs the same span up to punctuation. Speaker and via accuracy are over matched quotes.

    \b
    Example:
        marsad eval quotes --split dev
        marsad eval quotes --gold eval/quotes/gold.jsonl --data ../shared/data --json
    """
    from marsad.evaluation.quotes import evaluate_quotes

    systems = ("marsad", "marsad+ner", "naive") if with_ner else ("marsad", "naive")
    try:
        report = evaluate_quotes(gold, data, split, systems)
    except MarsadError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    any_system = next(iter(report["systems"].values()))
    click.echo(f"split {report['split']}: {any_system['articles']} articles, "
               f"{any_system['gold_quotes']} gold quotes\n")
    head = (f"{'system':<12}{'P':>7}{'R':>7}{'F1':>7}{'exactF1':>9}{'speaker':>9}{'via':>7}"
            f"{'art/s':>9}")
    click.echo(head)
    click.echo("-" * len(head))
    for name, s in report["systems"].items():
        click.echo(f"{name:<12}{s['span_precision']:>7.3f}{s['span_recall']:>7.3f}"
                   f"{s['span_f1']:>7.3f}{s['exact_f1']:>9.3f}{s['speaker_accuracy']:>9.3f}"
                   f"{s['via_accuracy']:>7.3f}{s['articles_per_s']:>9.0f}")


for _cmd in (search_cmd, resolution_cmd, stories_cmd, residue_cmd):
    eval_group.add_command(_cmd)

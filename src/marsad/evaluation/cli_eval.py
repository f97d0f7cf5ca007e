"""`marsad eval ...`: score our stages on public gold sets, side by side with the peer."""

from __future__ import annotations

import json
import sys
import time

import click

from marsad.errors import MarsadError
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

"""`marsad stories`, `story`, `quotes`, `timeline`: what happened, who said what, when."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from marsad import service
from marsad.cli.common import Ctx, echo_json, page_footer, short


def _range(item: dict) -> str:
    a, b = item.get("first_seen") or "", item.get("last_seen") or ""
    return a if a == b else f"{a}..{b}"


@click.command("stories")
@click.option("--limit", default=50, show_default=True)
@click.option("--offset", default=0, show_default=True)
@click.option("--min-articles", default=2, show_default=True,
              help="Hide stories with fewer articles (1 shows single-article stories).")
@click.option("--order", type=click.Choice(["recent", "size", "rising"]), default="recent",
              show_default=True,
              help="rising: coverage growing fastest in the last --hours (NewsBrief's top "
                   "stories), up to the latest article stored.")
@click.option("--hours", default=24, show_default=True, help="The window of --order rising.")
@click.option("--json", "as_json", is_flag=True, help="JSON page: items, total, limit, offset.")
@click.pass_obj
def stories_cmd(obj: Ctx, limit, offset, min_articles, order, hours, as_json) -> None:
    """List stories (articles clustered as they arrive), latest activity first.

    Example:

        marsad stories --order size --limit 10

        marsad stories --order rising --hours 12
    """
    if order == "rising":
        found = service.rising(obj.store(readonly=True), hours, limit)
        if as_json:
            echo_json(found)
            return
        click.echo(f"rising in the {hours} h up to {found['now']}:")
        for s in found["items"]:
            click.echo(f"{s['id']:>6}  +{s['recent']:>3} art {s['recent_outlets']:>2} outlets "
                       f"(before {s['before']:>3})  score {s['score']:6.2f}  "
                       f"{short(s['title'] or '(untitled)', 60)}")
        return
    page = service.stories(obj.store(readonly=True), limit, offset, min_articles, order)
    if as_json:
        echo_json(page.as_dict())
        return
    for s in page.items:
        names = "، ".join(e["name"] for e in s["entities"][:3])
        click.echo(f"{s['id']:>6}  {s['articles']:>4} art {s['outlets']:>3} outlets  "
                   f"{_range(s):21}  {short(s['title'] or '(untitled)', 60)}  "
                   f"{short(names, 40)}")
    page_footer(page)


@click.command("story")
@click.argument("story_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_obj
def story_cmd(obj: Ctx, story_id: int, as_json: bool) -> None:
    """Show one story: summary, timeline, outlets, actors, quotes, articles.

    Exit 1 when there is no such story.

    Example:

        marsad story 3 --json
    """
    s = service.story(obj.store(readonly=True), story_id)
    if as_json:
        echo_json(s)
        return
    click.echo(f"{s['title'] or '(untitled)'}  (story {s['id']}, {s['articles']} articles, "
               f"{_range(s)})")
    for label, chapters in (("follows", s["thread"]["follows"]),
                            ("followed by", s["thread"]["followed_by"])):
        for ch in chapters:
            click.echo(f"  {label} story {ch['id']}: {ch['title'] or '(untitled)'} "
                       f"({_range(ch)})")
    click.echo("\nsummary:")
    for sent in s["summary"]:
        click.echo(f"  - {' '.join(sent['text'].split())}  [#{sent['article_id']}]")
    if s["timeline"]:
        click.echo("\ntimeline:")
        for ev in s["timeline"]:
            click.echo(f"  {ev['date']:10}  ×{ev['corroboration']}  "
                       f"{short(' '.join(ev['text'].split()), 110)}")
    click.echo("\noutlets: " + "، ".join(f"{o['source']} ({o['articles']})"
                                         for o in s["outlets"]))
    if s["entities"]:
        click.echo("actors: " + "، ".join(f"{e['name']} ({e['articles']})"
                                          for e in s["entities"][:12]))
    if s["quotes"]:
        click.echo("\nquotes:")
        for q in s["quotes"][:10]:
            via = f" via {q['via']}" if q["via"] else ""
            click.echo(f"  {q['speaker'] or '?'}{_speaker_note(q)}{via}{_stance(q)}: "
                       f"«{short(' '.join(q['text'].split()), 100)}»")
    click.echo("\narticles:")
    for a in s["articles_list"]:
        dup = f"  (copy of {a['duplicate_of']})" if a["duplicate_of"] else ""
        click.echo(f"  #{a['id']:<6} {(a['published'] or '')[:10]:10}  "
                   f"{short(a['source'], 18):18}  {short(a['title'] or '', 60)}{dup}")


def _speaker_note(q: dict) -> str:
    if q.get("speaker_uncertain"):
        return f" (speaker uncertain {q['speaker_confidence']:.2f})"
    return ""


def _stance(q: dict) -> str:
    """A denied or dismissed claim is not the speaker's: say so before the words."""
    return {"denied": " DENIED", "dismissed": " DISMISSED"}.get(q.get("stance") or "", "")


@click.command("quotes")
@click.option("--speaker", help="Who said it: a name in any spelling, or Latin.")
@click.option("--via", help="The outlet it was reported through (part of its name).")
@click.option("--story", "story_id", type=int, help="Only quotes in this story.")
@click.option("--limit", default=50, show_default=True)
@click.option("--offset", default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON page: items, total, limit, offset.")
@click.pass_obj
def quotes_cmd(obj: Ctx, speaker, via, story_id, limit, offset, as_json) -> None:
    """Who said what: quotations with speaker, cue verb and the outlet that carried them.

    Example:

        marsad quotes --speaker "Kim Jong Un" --via رويترز
    """
    page = service.quotes(obj.store(readonly=True), speaker, via, story_id, limit, offset)
    if as_json:
        echo_json(page.as_dict())
        return
    for q in page.items:
        who = q["speaker_canonical"] or q["speaker"] or "?"
        via_txt = f" via {q['via']}" if q["via"] else ""
        click.echo(f"#{q['article_id']:<6} {(q['published'] or '')[:10]:10}  {who}"
                   f"{_speaker_note(q)}{via_txt}{_stance(q)} "
                   f"[{q['cue']}]: «{short(' '.join(q['text'].split()), 100)}»")
    if not page.items:
        click.echo("(no quotes)")


@click.command("timeline")
@click.option("--story", "story_id", type=int, help="Timeline of this story.")
@click.option("--entity", "entity_ref", help="Timeline of this entity (id or name).")
@click.option("--limit", default=200, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_obj
def timeline_cmd(obj: Ctx, story_id, entity_ref, limit, as_json) -> None:
    """Dated events of a story or an entity, merged across outlets, oldest first.

    Example:

        marsad timeline --entity "بيونغ يانغ"
    """
    if (story_id is None) == (entity_ref is None):
        raise click.UsageError("give exactly one of --story ID or --entity NAME")
    out = service.timeline(obj.store(readonly=True), story_id, entity_ref, limit)
    if as_json:
        echo_json(out)
        return
    for ev in out["events"]:
        outlets = "، ".join(dict.fromkeys(s["source"] or "?" for s in ev["sources"]))
        click.echo(f"{ev['date']:10}  ×{ev['corroboration']}  "
                   f"{short(' '.join(ev['text'].split()), 100)}  [{short(outlets, 40)}]")
    if not out["events"]:
        click.echo("(no dated events)")


@click.command("graph")
@click.option("--format", "fmt", type=click.Choice(list(service.GRAPH_FORMATS)),
              default="json", show_default=True)
@click.option("-o", "--output", help="File to write (default: standard output).")
@click.option("--story", "story_id", type=int, help="Only events in this story.")
@click.option("--entity", "entity_ref", help="Only edges of this entity (id or name).")
@click.option("--since", metavar="DATE", help="Events published on or after DATE.")
@click.option("--until", metavar="DATE", help="Events published on or before DATE.")
@click.option("--min-count", default=1, show_default=True, help="Drop rarer edges.")
@click.option("--quad", "quads", multiple=True, type=click.IntRange(1, 4),
              help="Keep only this quad class: 1 verbal coop, 2 material coop, 3 verbal "
                   "conflict, 4 material conflict (repeatable).")
@click.pass_obj
def graph_cmd(obj: Ctx, fmt, output, story_id, entity_ref, since, until, min_count,
              quads) -> None:
    """The actor graph: who cooperates or clashes with whom, every edge with its sentences.

    GraphML and GEXF open in Gephi or networkx; JSON has each edge's evidence.

    Example:

        marsad graph --format graphml -o actors.graphml --min-count 2
    """
    from marsad.stories import graph as g

    found = service.graph(obj.store(readonly=True), story_id=story_id, entity=entity_ref,
                          since=since, until=until, min_count=min_count,
                          quads=list(quads) or None)
    writers: dict[str, Callable[..., Any]] = {"json": g.to_json, "graphml": g.to_graphml,
                                              "gexf": g.to_gexf}
    writer = writers[fmt]
    if output:
        writer(found, output)
        click.echo(f"{len(found.nodes)} actors, {len(found.edges)} edges -> {output}", err=True)
        return
    import sys

    writer(found, sys.stdout)

"""The actor graph: who does what to whom, over time, every edge traceable to its sentences.

`build_graph` aggregates stored events (`marsad.stages.events.Event`, linked to corpus
entities by the writer) into nodes (entities) and edges (source, target, quad class) with
a count, summed and mean Goldstein score, first and last date, a per-month breakdown and
the evidence (article, sentence offsets, trigger). Mutual events (X and Y agreed, met,
signed) go on one undirected edge per pair, stored with the lower entity id as `source`
and `mutual=True`; directed events keep their direction. The writers give JSON, GraphML
and GEXF 1.3 that networkx and Gephi read (all attributes declared, typed).

Rows (the store's SQL produces them; plain tuples so this module has no SQL):

    event rows:  (article_id, seq, start, end, trigger, cameo, quad, goldstein,
                  source_entity_id, target_entity_id, published[, mutual])
                 start/end: the sentence's offsets in the article's clean text;
                 published: ISO date or datetime (or None); mutual: 0/1, absent = 0
    entity rows: (id, name, type, latin, mentions)
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from marsad.arabic.events import state_of
from marsad.arabic.normalize import key

__all__ = ["QUADS", "Edge", "Evidence", "Graph", "Node", "build_graph", "graph_dict",
           "state_names", "to_gexf", "to_graphml", "to_json"]

QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
         4: "material conflict"}
# Month key of events whose article has no publication date.
UNDATED = "undated"


@dataclass(slots=True)
class Node:
    id: int
    name: str
    type: str
    latin: str | None = None
    mentions: int = 0  # corpus mentions of the entity
    events: int = 0  # events it takes part in (in this graph)


@dataclass(slots=True)
class Evidence:
    article_id: int
    seq: int
    start: int  # sentence offsets into the article's clean text
    end: int
    trigger: str
    cameo: str
    published: str | None


@dataclass(slots=True)
class Edge:
    source: int
    target: int
    quad: int
    mutual: bool
    count: int = 0
    goldstein_sum: float = 0.0
    first: str | None = None  # earliest publication date (YYYY-MM-DD) among the evidence
    last: str | None = None
    months: dict[str, list[float]] = field(default_factory=dict)  # month → [count, sum]
    cameo: dict[str, int] = field(default_factory=dict)  # CAMEO code → count
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def goldstein_mean(self) -> float:
        return self.goldstein_sum / self.count if self.count else 0.0


@dataclass(slots=True)
class Graph:
    nodes: dict[int, Node]
    edges: list[Edge]


def build_graph(events: Iterable[tuple], entities: Iterable[tuple], *, min_count: int = 1,
                quads: Iterable[int] | None = None, states: bool = True) -> Graph:
    """Aggregate event rows into a graph of the entities they link (see the module doc).

    Edges seen fewer than `min_count` times are left out, and so are nodes left with no
    edge; `quads` keeps only those classes. With `states`, a capital or seat of government
    (`arabic.events.STATE_OF`: موسكو، الكرملين → روسيا) is folded into its state's entity
    when the entity rows hold that state (pass the states' rows too: `state_names()`).
    """
    keep = frozenset(quads) if quads is not None else None
    entities = list(entities)
    fold = _state_folds(entities) if states else {}
    edges: dict[tuple[int, int, int, bool], Edge] = {}
    for row in events:
        (article_id, seq, start, end, trigger, cameo, quad, goldstein, src, tgt,
         published) = row[:11]
        mutual = bool(row[11]) if len(row) > 11 else False
        src, tgt = fold.get(src, src), fold.get(tgt, tgt)
        if src is None or tgt is None or src == tgt or (keep is not None and quad not in keep):
            continue
        if mutual and src > tgt:
            src, tgt = tgt, src
        k = (src, tgt, int(quad), mutual)
        edge = edges.get(k)
        if edge is None:
            edge = edges[k] = Edge(src, tgt, int(quad), mutual)
        day = published[:10] if published else None
        edge.count += 1
        edge.goldstein_sum += float(goldstein)
        if day is not None:
            edge.first = day if edge.first is None else min(edge.first, day)
            edge.last = day if edge.last is None else max(edge.last, day)
        month = edge.months.setdefault(day[:7] if day else UNDATED, [0, 0.0])
        month[0] += 1
        month[1] += float(goldstein)
        edge.cameo[cameo] = edge.cameo.get(cameo, 0) + 1
        edge.evidence.append(Evidence(article_id, seq, start, end, trigger, cameo, published))
    kept = sorted((e for e in edges.values() if e.count >= min_count),
                  key=lambda e: (-e.count, e.source, e.target, e.quad, e.mutual))
    for e in kept:
        e.evidence.sort(key=lambda v: (v.published or "", v.article_id, v.start, v.seq))
        e.months = dict(sorted(e.months.items()))
    used: dict[int, int] = {}
    for e in kept:
        used[e.source] = used.get(e.source, 0) + e.count
        used[e.target] = used.get(e.target, 0) + e.count
    nodes: dict[int, Node] = {}
    for ent_id, name, type_, latin, mentions in entities:
        if ent_id in used:
            nodes[ent_id] = Node(ent_id, name, type_, latin, mentions or 0, used[ent_id])
    for ent_id, n in used.items():  # an entity row missing: keep the edge, name by id
        if ent_id not in nodes:
            nodes[ent_id] = Node(ent_id, str(ent_id), "", None, 0, n)
    return Graph(dict(sorted(nodes.items())), kept)


def state_names() -> list[str]:
    """Names of the states capitals fold into: the store should pass their entity rows."""
    from marsad.arabic.events import STATE_OF

    return sorted(set(STATE_OF.values()))


def _state_folds(entities: list[tuple]) -> dict[int, int]:
    by_key: dict[str, int] = {}
    for ent_id, name, type_, *_ in entities:
        if type_ in ("LOC", "ORG"):
            by_key.setdefault(key(name).replace(" ", ""), ent_id)
    fold: dict[int, int] = {}
    for ent_id, name, *_ in entities:
        state = state_of(name)
        target = by_key.get(key(state).replace(" ", "")) if state else None
        if target is not None and target != ent_id:
            fold[ent_id] = target
    return fold


# ---------------------------------------------------------------- JSON


def graph_dict(graph: Graph) -> dict[str, Any]:
    """The graph as plain JSON-ready data (what `to_json` writes and the API returns)."""
    return {
        "nodes": [{"id": n.id, "name": n.name, "type": n.type, "latin": n.latin,
                   "mentions": n.mentions, "events": n.events} for n in graph.nodes.values()],
        "edges": [{
            "source": e.source, "target": e.target, "quad": e.quad, "quad_label": QUADS[e.quad],
            "mutual": e.mutual, "count": e.count, "goldstein_sum": round(e.goldstein_sum, 3),
            "goldstein_mean": round(e.goldstein_mean, 3), "first": e.first, "last": e.last,
            "cameo": e.cameo,
            "months": [{"month": m, "count": int(c), "goldstein_sum": round(s, 3)}
                       for m, (c, s) in e.months.items()],
            "evidence": [{"article_id": v.article_id, "seq": v.seq, "start": v.start,
                          "end": v.end, "trigger": v.trigger, "cameo": v.cameo,
                          "published": v.published} for v in e.evidence],
        } for e in graph.edges],
    }


def to_json(graph: Graph, out: str | Path | IO[str] | None = None) -> str:
    """JSON text of the graph; written to `out` (a path or a text stream) when given."""
    text = json.dumps(graph_dict(graph), ensure_ascii=False, indent=1)
    if out is not None:
        _write(out, [text, "\n"])
    return text


# ---------------------------------------------------------------- GraphML / GEXF

# (attribute, GraphML type, GEXF type, value getter)
_NODE_ATTRS: list[tuple[str, str, str, Any]] = [
    ("name", "string", "string", lambda n: n.name),
    ("type", "string", "string", lambda n: n.type),
    ("latin", "string", "string", lambda n: n.latin or ""),
    ("mentions", "int", "integer", lambda n: n.mentions),
    ("events", "int", "integer", lambda n: n.events),
]
_EDGE_ATTRS: list[tuple[str, str, str, Any]] = [
    ("quad", "int", "integer", lambda e: e.quad),
    ("quad_label", "string", "string", lambda e: QUADS[e.quad]),
    ("mutual", "boolean", "boolean", lambda e: e.mutual),
    ("count", "int", "integer", lambda e: e.count),
    ("goldstein_sum", "double", "double", lambda e: round(e.goldstein_sum, 3)),
    ("goldstein_mean", "double", "double", lambda e: round(e.goldstein_mean, 3)),
    ("first", "string", "string", lambda e: e.first or ""),
    ("last", "string", "string", lambda e: e.last or ""),
    # nested data as JSON text: both formats only have scalar attributes
    ("cameo", "string", "string", lambda e: json.dumps(e.cameo, ensure_ascii=False)),
    ("months", "string", "string",
     lambda e: json.dumps({m: [int(c), round(s, 3)] for m, (c, s) in e.months.items()})),
    ("evidence", "string", "string", lambda e: json.dumps(
        [[v.article_id, v.start, v.end, v.trigger] for v in e.evidence], ensure_ascii=False)),
]


def _xml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    # characters XML 1.0 cannot carry (controls from scraped text) would break readers
    return "".join(c for c in text if c in "\t\n\r" or " " <= c <= "\ud7ff"
                   or "\ue000" <= c <= "\ufffd" or c >= "\U00010000")


def to_graphml(graph: Graph, out: str | Path | IO[str]) -> None:
    """Write GraphML (directed; mutual edges carry mutual=true)."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n',
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n']
    for prefix, scope, attrs in (("n", "node", _NODE_ATTRS), ("e", "edge", _EDGE_ATTRS)):
        for name, gtype, _, _ in attrs:
            parts.append(f'  <key id="{prefix}_{name}" for="{scope}" attr.name="{name}" '
                         f'attr.type="{gtype}"/>\n')
    parts.append('  <graph id="actors" edgedefault="directed">\n')
    for n in graph.nodes.values():
        parts.append(f'    <node id="n{n.id}">\n')
        parts.extend(f'      <data key="n_{name}">{escape(_xml_value(get(n)))}</data>\n'
                     for name, _, _, get in _NODE_ATTRS)
        parts.append("    </node>\n")
    for i, e in enumerate(graph.edges):
        parts.append(f'    <edge id="e{i}" source="n{e.source}" target="n{e.target}">\n')
        parts.extend(f'      <data key="e_{name}">{escape(_xml_value(get(e)))}</data>\n'
                     for name, _, _, get in _EDGE_ATTRS)
        parts.append("    </edge>\n")
    parts.append("  </graph>\n</graphml>\n")
    _write(out, parts)


def to_gexf(graph: Graph, out: str | Path | IO[str]) -> None:
    """Write GEXF 1.3 (directed; mutual edges carry mutual=true).

    Not `type="undirected"` per edge: networkx refuses undirected edges in a directed
    GEXF graph, and one reader that fails is one too many.
    """
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n',
             '<gexf xmlns="http://gexf.net/1.3" version="1.3">\n',
             '  <meta><creator>marsad</creator><description>actor graph'
             '</description></meta>\n',
             '  <graph defaultedgetype="directed" mode="static">\n']
    for cls, attrs in (("node", _NODE_ATTRS), ("edge", _EDGE_ATTRS)):
        parts.append(f'    <attributes class="{cls}">\n')
        parts.extend(f'      <attribute id="{name}" title="{name}" type="{xtype}"/>\n'
                     for name, _, xtype, _ in attrs)
        parts.append("    </attributes>\n")
    parts.append("    <nodes>\n")
    for n in graph.nodes.values():
        parts.append(f'      <node id="n{n.id}" label={quoteattr(_xml_value(n.name))}>'
                     "<attvalues>")
        parts.extend(f'<attvalue for="{name}" value={quoteattr(_xml_value(get(n)))}/>'
                     for name, _, _, get in _NODE_ATTRS)
        parts.append("</attvalues></node>\n")
    parts.append("    </nodes>\n    <edges>\n")
    for i, e in enumerate(graph.edges):
        parts.append(f'      <edge id="e{i}" source="n{e.source}" target="n{e.target}" '
                     f'weight="{e.count}" '
                     f'label={quoteattr(QUADS[e.quad])}><attvalues>')
        parts.extend(f'<attvalue for="{name}" value={quoteattr(_xml_value(get(e)))}/>'
                     for name, _, _, get in _EDGE_ATTRS)
        parts.append("</attvalues></edge>\n")
    parts.append("    </edges>\n  </graph>\n</gexf>\n")
    _write(out, parts)


def _write(out: str | Path | IO[str], parts: list[str]) -> None:
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8") as f:
            f.writelines(parts)
    else:
        out.writelines(parts)

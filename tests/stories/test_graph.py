"""The actor graph: aggregation of event rows, and files networkx (and so Gephi) can read."""

from __future__ import annotations

import io
import json

import pytest

from marsad.stories.graph import build_graph, graph_dict, to_gexf, to_graphml, to_json

RU, KP, US, MOSCOW, UA = 10, 20, 30, 40, 50
ENTITIES = [(RU, "روسيا", "LOC", "Russia", 12), (KP, "كوريا الشمالية", "LOC", "North Korea", 9),
            (US, "الولايات المتحدة", "LOC", "United States", 7), (MOSCOW, "موسكو", "LOC", "Moscow", 3),
            (UA, "أوكرانيا", "LOC", None, 4)]
# (article_id, seq, start, end, trigger, cameo, quad, goldstein, source, target, published, mutual)
EVENTS = [
    (1, 0, 0, 80, "وقعت", "062", 2, 7.4, RU, KP, "2024-06-19", 1),
    (2, 0, 10, 90, "اتفقتا", "072", 2, 8.3, KP, MOSCOW, "2024-06-20T08:00:00", 1),
    (3, 0, 0, 50, "حثت", "100", 3, -5.0, US, KP, "2023-09-12", 0),
    (3, 1, 51, 120, "اتهمت", "112", 3, -2.0, US, KP, "2024-07-01", 0),
    (4, 0, 0, 40, "اتهامات", "112", 3, -2.0, KP, US, None, 0),
    (5, 0, 0, 30, "قصفت", "195", 4, -10.0, RU, UA, "2024-07-02", 0),
]


def _edge(graph, src, tgt, quad):
    (edge,) = [e for e in graph.edges if (e.source, e.target, e.quad) == (src, tgt, quad)]
    return edge


def test_mutual_events_share_one_edge_whatever_their_order_and_capitals_fold_into_states():
    g = build_graph(EVENTS, ENTITIES)
    coop = _edge(g, RU, KP, 2)  # موسكو → روسيا; the pair stored lower id first
    assert coop.mutual and coop.count == 2
    assert coop.goldstein_sum == pytest.approx(15.7)
    assert coop.goldstein_mean == pytest.approx(7.85)
    assert (coop.first, coop.last) == ("2024-06-19", "2024-06-20")
    assert coop.cameo == {"062": 1, "072": 1}
    assert MOSCOW not in g.nodes


def test_directed_edges_keep_direction_time_span_months_and_evidence():
    g = build_graph(EVENTS, ENTITIES)
    us_kp = _edge(g, US, KP, 3)
    assert not us_kp.mutual and us_kp.count == 2
    assert (us_kp.first, us_kp.last) == ("2023-09-12", "2024-07-01")
    assert us_kp.months == {"2023-09": [1, -5.0], "2024-07": [1, -2.0]}
    assert [(v.article_id, v.start, v.end) for v in us_kp.evidence] == [(3, 0, 50), (3, 51, 120)]
    kp_us = _edge(g, KP, US, 3)  # the other direction is its own edge; undated
    assert kp_us.first is None and kp_us.months == {"undated": [1, -2.0]}


def test_nodes_count_their_events_and_keep_entity_fields():
    g = build_graph(EVENTS, ENTITIES)
    assert set(g.nodes) == {RU, KP, US, UA}
    assert g.nodes[KP].events == 5 and g.nodes[KP].latin == "North Korea"
    assert g.nodes[KP].mentions == 9


def test_filters_and_no_folding():
    assert {e.quad for e in build_graph(EVENTS, ENTITIES, quads=[4]).edges} == {4}
    assert [e.count for e in build_graph(EVENTS, ENTITIES, min_count=2).edges] == [2, 2]
    plain = build_graph(EVENTS, ENTITIES, states=False)
    assert MOSCOW in plain.nodes


def test_bad_rows_are_skipped_and_missing_entities_still_name_the_node():
    rows = [(1, 0, 0, 5, "x", "112", 3, -2.0, RU, RU, None),  # self-loop
            (1, 1, 0, 5, "x", "112", 3, -2.0, None, KP, None),  # unlinked actor
            (1, 2, 0, 5, "x", "112", 3, -2.0, 99, KP, None)]
    g = build_graph(rows, ENTITIES)
    assert [(e.source, e.target) for e in g.edges] == [(99, KP)]
    assert g.nodes[99].name == "99"


def test_empty_input_gives_an_empty_graph_every_writer_handles():
    nx = pytest.importorskip("networkx")
    g = build_graph([], [])
    assert graph_dict(g) == {"nodes": [], "edges": []}
    buf = io.StringIO()
    to_graphml(g, buf)
    assert nx.read_graphml(io.BytesIO(buf.getvalue().encode())).number_of_nodes() == 0
    buf = io.StringIO()
    to_gexf(g, buf)
    assert nx.read_gexf(io.BytesIO(buf.getvalue().encode())).number_of_nodes() == 0


def test_json_is_traceable_to_sentences(tmp_path):
    g = build_graph(EVENTS, ENTITIES)
    out = tmp_path / "g.json"
    to_json(g, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    edge = next(e for e in data["edges"] if e["quad"] == 4)
    assert edge["quad_label"] == "material conflict"
    assert edge["evidence"] == [{"article_id": 5, "seq": 0, "start": 0, "end": 30,
                                 "trigger": "قصفت", "cameo": "195", "published": "2024-07-02"}]
    assert edge["months"] == [{"month": "2024-07", "count": 1, "goldstein_sum": -10.0}]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_networkx_reads_every_attribute_back(tmp_path, fmt):
    nx = pytest.importorskip("networkx")
    entities = [*ENTITIES, (60, "اسم\x07 فيه محرف تحكم", "PER", None, 1)]
    events = [*EVENTS, (6, 0, 0, 9, "أشاد", "051", 1, 3.4, 60, UA, "2024-01-01", 0)]
    g = build_graph(events, entities)
    path = tmp_path / f"g.{fmt}"
    (to_graphml if fmt == "graphml" else to_gexf)(g, path)
    G = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(path)
    assert G.number_of_nodes() == len(g.nodes) and G.number_of_edges() == len(g.edges)
    assert G.nodes[f"n{KP}"]["name"] == "كوريا الشمالية"
    assert G.nodes[f"n{KP}"]["mentions"] == 9
    assert G.nodes["n60"]["name"] == "اسم فيه محرف تحكم"  # the control character dropped
    data = [d for _, _, d in G.edges(f"n{RU}", data=True) if d["quad"] == 2]
    assert len(data) == 1 and data[0]["mutual"] is True and data[0]["count"] == 2
    assert data[0]["goldstein_mean"] == pytest.approx(7.85)
    assert json.loads(data[0]["months"]) == {"2024-06": [2, 15.7]}
    assert [ev[0] for ev in json.loads(data[0]["evidence"])] == [1, 2]

"""Resolution evaluation end to end: a real ingest of the demo corpus, a tiny gold built on
its stored mentions, and the scores moving the way the labels say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.cli import cli
from marsad.evaluation.resolution import fold_latin, surface_hash, wilson
from marsad.store.sqlite import SQLiteStore
from marsad.store.sqlite import resolution as q

DEMO_JSONL = (Path(__file__).resolve().parents[2] / "src" / "marsad" / "demo_corpus" / "jsonl"
              / "ai-framework.jsonl")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """(db path, {entity name: [gold refs of its mentions]}) after ingesting the demo JSONL."""
    db = str(tmp_path_factory.mktemp("res") / "demo.db")
    result = CliRunner().invoke(cli, ["--db", db, "ingest", str(DEMO_JSONL)])
    assert result.exit_code == 0, result.output
    urls = [json.loads(line)["url"] for line in DEMO_JSONL.read_text(encoding="utf-8").splitlines()]
    store = SQLiteStore(db, readonly=True)
    try:
        arts = q.articles_by_url(store, urls)
        text = {aid: t for items in arts.values() for aid, t in items}
        url_of = {aid: u for u, items in arts.items() for aid, _ in items}
        names = {e["id"]: e["name"] for e in store.list_entities(limit=100)}
        refs: dict[str, list[dict]] = {}
        for aid, ms in q.mentions_in(store, text).items():
            for s, e, eid in sorted(ms):
                refs.setdefault(names[eid], []).append(
                    {"url": url_of[aid], "start": s, "end": e, "sha1": surface_hash(text[aid][s:e]),
                     "surface": text[aid][s:e]})
    finally:
        store.close()
    return db, refs


def run(db: str, tmp_path: Path, gold: list[dict], *extra: str):
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold), encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "resolution", "--gold", str(path), "--db", db,
                                      "--json", *extra])
    return result, (json.loads(result.output) if result.exit_code == 0 else None)


def pair(kind: str, label: str, a: dict, b: dict) -> dict:
    return {"cid": f"{kind}-{label}", "kind": kind, "type": "LOC", "label": label, "a": a, "b": b}


def test_pairs_in_one_entity_count_as_merged_and_across_as_apart(demo, tmp_path):
    db, refs = demo
    cairo, tunis = refs["القاهرة"], refs["تونس"]
    gold = [pair("in_entity", "same", cairo[0], cairo[1]),
            pair("in_entity", "different", cairo[0], cairo[2]),
            pair("across", "same", cairo[0], tunis[0]),
            pair("across", "different", cairo[1], tunis[0])]
    result, r = run(db, tmp_path, gold)
    assert result.exit_code == 0, result.output
    assert r["coverage"]["value"] == 1.0 and r["coverage"]["n"] == 8
    assert r["same_merged"]["in_entity"]["value"] == 1.0
    assert r["different_kept_apart"]["in_entity"]["value"] == 0.0  # a wrong merge, seen
    assert r["same_merged"]["across"]["value"] == 0.0  # a missed merge, seen
    assert r["different_kept_apart"]["across"]["value"] == 1.0
    assert r["pair_precision"]["value"] == 0.5 and r["pair_recall"]["value"] == 0.5


def test_a_wrong_merge_inside_a_top_person_is_counted(demo, tmp_path):
    db, refs = demo
    khalid = refs["خالد بن نصر"]
    gold = [{**pair("in_entity", "different", khalid[0], khalid[1]), "type": "PER"}]
    _, r = run(db, tmp_path, gold, "--top", "3")
    assert r["top_wrong_merge_share"]["k"] == 1 and r["top_wrong_merge_share"]["n"] == 3


def test_latin_accuracy_folds_case_particles_and_hyphens(demo, tmp_path):
    db, refs = demo
    cairo = refs["القاهرة"][0]
    gold = [{"cid": "l1", "kind": "latin", "type": "LOC", "latin": "CAIRO", "a": cairo},
            {"cid": "l2", "kind": "latin", "type": "LOC", "latin": "al-Qahira", "a": cairo},
            {"cid": "l3", "kind": "latin", "type": "LOC", "latin": "unsure", "a": cairo}]
    _, r = run(db, tmp_path, gold)
    assert r["latin_accuracy"]["all"] == r["latin_accuracy"]["LOC"]
    assert (r["latin_accuracy"]["all"]["k"], r["latin_accuracy"]["all"]["n"]) == (1, 2)
    assert fold_latin("Bashar al-Assad") == fold_latin("bashar Assad")
    assert fold_latin("Abdel Fattah el-Sisi") == fold_latin("Abdel-Fattah Sisi")
    assert fold_latin("Mike Pompeo") != fold_latin("Mik Bompio")


def test_junk_counts_only_words_outside_the_labelled_name(demo, tmp_path):
    db, refs = demo
    # a stored two-word mention, labelled as if its first word were not part of the name
    m = next(r for rs in refs.values() for r in rs if len(r["surface"].split()) >= 2)
    name_at = m["start"] + m["surface"].index(" ") + 1
    junk = {"cid": "j1", "kind": "junk", "type": "PER", "label": "junk", "a": m,
            "name_start": name_at, "name_end": m["end"]}
    _, r = run(db, tmp_path, [junk])
    assert r["junk_still_tagged"]["value"] == 1.0  # the stored span still holds that word
    whole = {**junk, "name_start": m["start"], "name_end": m["end"]}
    _, r = run(db, tmp_path, [whole])
    assert r["junk_still_tagged"]["value"] == 0.0


def test_a_mention_whose_offsets_moved_is_found_by_its_surface(demo, tmp_path):
    db, refs = demo
    cairo = refs["القاهرة"]
    moved = {**cairo[0], "start": cairo[0]["start"] + 7, "end": cairo[0]["end"] + 7}
    _, r = run(db, tmp_path, [pair("in_entity", "same", moved, cairo[1])])
    assert r["coverage"]["value"] == 1.0 and r["same_merged"]["in_entity"]["value"] == 1.0


def test_wrong_database_exits_1_and_usage_errors_exit_2(demo, tmp_path):
    db, refs = demo
    ghost = {**refs["القاهرة"][0], "url": "https://nowhere.example/x"}
    result, _ = run(db, tmp_path, [pair("in_entity", "same", ghost, ghost)])
    assert result.exit_code == 1 and "no gold mention" in result.output
    assert CliRunner().invoke(cli, ["eval", "resolution", "--db", db]).exit_code == 2


def test_wilson_interval_brackets_the_share():
    lo, hi = wilson(5, 10)
    assert lo < 0.5 < hi and wilson(0, 0) is None


def _span(db: str, url: str, start: int, end: int) -> dict:
    store = SQLiteStore(db, readonly=True)
    try:
        text = next(t for _, t in q.articles_by_url(store, [url])[url])
    finally:
        store.close()
    return {"url": url, "start": start, "end": end, "sha1": surface_hash(text[start:end]),
            "surface": text[start:end]}


def test_junk_left_counts_junk_still_in_an_alias_not_names_tagged_apart(demo, tmp_path):
    db, refs = demo
    flat = sorted((r for rs in refs.values() for r in rs), key=lambda r: (r["url"], r["start"]))
    # two names run together in a labelled span («جامعة الدول العربية بالقاهرة»), now
    # stored as two mentions: the strict count still calls it junk, junk_left does not
    a, b = next((x, y) for x, y in zip(flat, flat[1:], strict=False)
                if x["url"] == y["url"] and 0 < y["start"] - x["end"] <= 3)
    two = {"cid": "j2", "kind": "junk", "type": "ORG", "label": "junk",
           "a": _span(db, a["url"], a["start"], b["end"]),
           "name_start": a["start"], "name_end": a["end"]}
    _, r = run(db, tmp_path, [two])
    assert r["junk_still_tagged"]["value"] == 1.0 and r["junk_left"]["value"] == 0.0
    # a fragment labelled junk, now inside a longer stored name: not left
    m = next(r for r in flat if len(r["surface"].split()) >= 2)
    frag = {"cid": "j3", "kind": "junk", "type": "PER", "label": "junk",
            "a": _span(db, m["url"], m["end"] - len(m["surface"].split()[-1]), m["end"])}
    _, r = run(db, tmp_path, [frag])
    assert r["junk_still_tagged"]["value"] == 1.0 and r["junk_left"]["value"] == 0.0
    # a stored mention holding the name and another word of the span: left
    glued = {"cid": "j1", "kind": "junk", "type": "PER", "label": "junk", "a": m,
             "name_start": m["start"] + m["surface"].index(" ") + 1, "name_end": m["end"]}
    _, r = run(db, tmp_path, [glued])
    assert r["junk_left"]["value"] == 1.0
    # a nameless junk span a mention still lies inside (a common noun tagged as a name)
    bare = {"cid": "j4", "kind": "junk", "type": "PER", "label": "junk", "a": m}
    _, r = run(db, tmp_path, [bare])
    assert r["junk_left"]["value"] == 1.0


def test_a_gold_mention_in_a_removed_line_is_not_scored(tmp_path):
    """A labelled mention that now sits in a line the cleaner takes out (a byline opening
    the text) is residue the user no longer sees: counted apart, not as a miss."""
    text = ("سلوى المدني – عين اليوم\nأعلنت وزارة الصحة اليوم افتتاح مستشفى جديد للأطفال في "
            "مدينة جدة بطاقة مئتي سرير، وقال الوزير إن المستشفى يخدم سكان المنطقة كلها.\n"
            "وأضاف أن العمل في المرحلة الثانية يبدأ خلال العام المقبل في مدن أخرى.")
    url = "https://news.example/1"
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "1", "url": url, "title": "مستشفى جديد",
                                  "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    db = str(tmp_path / "r.db")
    assert CliRunner().invoke(cli, ["--db", db, "ingest", str(corpus)]).exit_code == 0
    name = "سلوى المدني"
    ref = {"url": url, "start": 0, "end": len(name), "sha1": surface_hash(name)}
    item = {"cid": "l1", "kind": "latin", "type": "PER", "latin": "Salwa al-Madani", "a": ref}
    body = text.split("\n", 1)[1]  # the stored text: the byline went to metadata
    at = body.index("جدة")
    city = {"cid": "l3", "kind": "latin", "type": "LOC", "latin": "Jeddah",
            "a": {"url": url, "start": at, "end": at + 3, "sha1": surface_hash("جدة")}}
    missing = {**item, "cid": "l2", "a": {**ref, "sha1": "0" * 12}}
    res, r = run(db, tmp_path, [item, missing, city])
    assert res.exit_code == 0, res.output
    assert r["in_residue"] == 1
    assert r["latin_accuracy"]["all"]["n"] == 2  # the city, and the miss, are scored

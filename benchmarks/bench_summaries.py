"""Single-document summaries on ANT multisource: articles/s and peak RSS, ours vs peers.

Ours (stages.summarize), Lead-3 and sumy's LexRank (given our sentence splitter and
normalised words, as in `marsad eval summaries`) each summarise the same ARTICLES BBC
and CNN articles of the test split into 3 sentences, each in its own process so peak RSS
is its own (the process: interpreter, imports, the articles and the summariser).
Rates are per CPU-second (the machine may be shared; wall-clock rates are in `extra`).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from _common import SHARED, emit, need, peak_rss_mb

ANT = SHARED / "data/news/ant_multisource/articles.jsonl.gz"
ARTICLES = 1000
WARMUP = 50
SENTENCES = 3


def _one(name: str) -> dict:
    from marsad.evaluation.summaries import read_ant, systems

    run = systems((name,))[name]
    recs = list(read_ant(ANT, "test"))
    step = max(1, len(recs) // ARTICLES)  # spread over both outlets (the file is by source)
    recs = recs[::step][:ARTICLES]
    for r in recs[:WARMUP]:
        run(r["text"], r["title"], SENTENCES)
    t0, c0 = time.perf_counter(), time.process_time()
    for r in recs:
        run(r["text"], r["title"], SENTENCES)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"name": name, "articles": len(recs), "rate": len(recs) / cpu,
            "wall_rate": len(recs) / wall, "unit": "articles per CPU-second",
            "peak_rss_mb": peak_rss_mb()}


def _child(name: str) -> dict | None:
    proc = subprocess.run([sys.executable, __file__, "--one", name], capture_output=True,
                          text=True)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        print(f"{name}: failed\n{proc.stderr[-1500:]}", file=sys.stderr)
        return None
    return json.loads(lines[-1])


def main() -> None:
    need(ANT, "summaries")
    ours, lead, peer = (_child(n) for n in ("marsad", "lead", "sumy-lexrank"))
    if ours is None:
        sys.exit(1)
    rec = {"bench": "summaries",
           "what": f"{ours['articles']} ANT BBC/CNN test articles, {SENTENCES} sentences each",
           "ours": {**ours, "name": "marsad summarize"}}
    extra = {"ours_wall_articles_per_s": round(ours["wall_rate"], 1)}
    if lead:
        extra["lead3_articles_per_cpu_s"] = round(lead["rate"], 1)
        extra["lead3_peak_rss_mb"] = lead["peak_rss_mb"]
        extra["ours_over_lead3_speed"] = round(ours["rate"] / lead["rate"], 3)
    if peer:
        rec["peer"] = {**peer, "name": "sumy LexRank (our tokenizer)"}
        rec["ratio"] = ours["rate"] / peer["rate"]
        extra["peer_wall_articles_per_s"] = round(peer["wall_rate"], 1)
        extra["ours_over_peer_rss"] = round(ours["peak_rss_mb"] / peer["peak_rss_mb"], 3)
    else:
        extra["peer"] = "sumy not installed: pip install 'marsad[bench]'"
    rec["extra"] = extra
    emit(rec)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(_one(sys.argv[2])), flush=True)
    else:
        main()

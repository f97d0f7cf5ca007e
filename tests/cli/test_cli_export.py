"""Exports: every article in each format, with the contract's fields; stdin ingest."""

from __future__ import annotations

import csv
import json

from tests.cli.helpers import export, run

from marsad.service import demo_targets


def test_jsonl_csv_and_parquet_hold_the_same_articles(tmp_path):
    db = tmp_path / "m.db"
    run(db, "ingest", *demo_targets())
    rows = export(db)
    ids = [r["id"] for r in rows]

    run(db, "export", "--format", "csv", "-o", str(tmp_path / "a.csv"))
    # a CSV file starts with the BOM, so Excel reads its Arabic as UTF-8 (issue 16)
    assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    with open(tmp_path / "a.csv", encoding="utf-8-sig", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert [int(r["id"]) for r in table] == ids
    assert [r["text"] for r in table] == [r["text"] for r in rows]
    assert [json.loads(r["removed"]) for r in table] == [r["removed"] for r in rows]

    import pyarrow.parquet as pq

    run(db, "export", "--format", "parquet", "-o", str(tmp_path / "a.parquet"))
    pt = pq.read_table(tmp_path / "a.parquet").to_pylist()
    assert [r["id"] for r in pt] == ids
    assert [r["removed"] for r in pt] == [r["removed"] for r in rows]
    assert [r["duplicate_of"] for r in pt] == [r["duplicate_of"] for r in rows]

    refused = run(db, "export", "--format", "parquet", check=False)
    assert refused.returncode == 1 and "--output" in refused.stderr

    # filters: a search and dates keep the same articles the search and listing give
    hits = json.loads(run(db, "search", "الفائدة", "--all", "--limit", "100", "--json").stdout)
    found = [json.loads(x) for x in run(db, "export", "-q", "الفائدة").stdout.splitlines()]
    assert sorted(a["id"] for a in found) == sorted(h["id"] for h in hits["items"])
    canonical = [json.loads(x) for x in run(db, "export", "--canonical").stdout.splitlines()]
    assert [a["id"] for a in canonical] == [r["id"] for r in rows if r["duplicate_of"] is None]


def test_ingest_from_stdin(tmp_path):
    db = tmp_path / "m.db"
    text = ("الوزارة تعلن موعد بدء المشروع\n\nقالت الوزارة إن العمل في المشروع سيبدأ الشهر المقبل بعد استكمال "
            "الإجراءات القانونية والفنية كافة، وفق بيان رسمي صدر اليوم.\n")
    s = json.loads(run(db, "ingest", "-", "--json", input=text).stdout)
    assert s["new"] == 1
    (row,) = export(db)
    assert row["title"] == "الوزارة تعلن موعد بدء المشروع" and row["text"].startswith("قالت الوزارة")


def test_a_listing_exports_with_its_filters(tmp_path):
    # issue 16: entities, stories and quotes export too, filtered, as JSONL or CSV
    db = tmp_path / "m.db"
    run(db, "ingest", *demo_targets())
    quotes = json.loads(run(db, "quotes", "--limit", "1000", "--json").stdout)
    lines = run(db, "export", "--listing", "quotes").stdout.splitlines()
    assert len(lines) == quotes["total"]
    speaker = quotes["items"][0]["speaker_canonical"] or quotes["items"][0]["speaker"]
    theirs = json.loads(run(db, "quotes", "--speaker", speaker, "--limit", "1000",
                            "--json").stdout)
    out = tmp_path / "q.csv"
    run(db, "export", "--listing", "quotes", "--filter", f"speaker={speaker}",
        "--format", "csv", "-o", str(out))
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(out, encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == theirs["total"]
    bad = run(db, "export", "--listing", "quotes", "--filter", "who=x", check=False)
    assert bad.returncode == 1 and "unknown filter" in bad.stderr
    # and as Parquet, the same rows and filters, lists as JSON text
    import pyarrow.parquet as pq

    pq_out = tmp_path / "q.parquet"
    run(db, "export", "--listing", "quotes", "--filter", f"speaker={speaker}",
        "--format", "parquet", "-o", str(pq_out))
    table = pq.read_table(pq_out).to_pylist()
    assert len(table) == theirs["total"]
    assert [r["text"] for r in table] == [q["text"] for q in theirs["items"]]
    no_file = run(db, "export", "--listing", "quotes", "--format", "parquet", check=False)
    assert no_file.returncode != 0 and "--output" in no_file.stderr

"""Chart axes are continuous (issue 16): empty periods are 0, never skipped."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from marsad.periods import continuous, span_days


def test_empty_periods_between_the_first_and_last_are_zero():
    rows = [{"period": "2014-01", "n": 3}, {"period": "2014-04", "n": 1}]
    got = continuous(rows, "month", {"n": 0})
    assert [r["period"] for r in got] == ["2014-01", "2014-02", "2014-03", "2014-04"]
    assert [r["n"] for r in got] == [3, 0, 0, 1]
    days = continuous([{"period": "2018-02-27", "n": 1}, {"period": "2018-03-02", "n": 2}],
                      "day", {"n": 0})
    assert [r["period"] for r in days] == ["2018-02-27", "2018-02-28", "2018-03-01",
                                           "2018-03-02"]
    years = continuous([{"period": "2012", "n": 1}, {"period": "2015", "n": 1}], "year", {"n": 0})
    assert len(years) == 4
    # a malformed stored date leaves the rows as they are; so does a span too long to fill
    odd = [{"period": "2014-xx", "n": 1}, {"period": "2015-01", "n": 1}]
    assert continuous(odd, "month", {"n": 0}) == odd
    far = [{"period": "1900-01-01", "n": 1}, {"period": "2026-01-01", "n": 1}]
    assert continuous(far, "day", {"n": 0}) == far
    assert span_days("2018-01-01", "2018-03-01") == 59 and span_days("x", "2018") == 0


def test_the_volume_api_has_no_gaps(demo_db: Path) -> None:
    # the demo corpus has months with no article between its first and last ones
    from marsad.server.api import create_app

    client = TestClient(create_app(str(demo_db), None))
    for by in ("month", "year"):
        items = client.get("/api/volume", params={"by": by}).json()
        items = items["items"] if isinstance(items, dict) else items
        periods = [v["period"] for v in items]
        assert periods == sorted(periods) and len(periods) >= 2
        assert periods == [r["period"] for r in continuous(
            [{"period": periods[0]}, {"period": periods[-1]}], by, {})]


def test_an_entity_named_over_months_is_charted_per_month(tmp_path: Path) -> None:
    import json

    from marsad import service
    from marsad.ingest import ReadOptions
    from marsad.store import SQLiteStore

    texts = [  # three different stories (copies would not count)
        "قال وزير الخارجية الأردني أيمن الصفدي إن المحادثات مع الوفد الزائر كانت مثمرة، "
        "وأضاف أن اللجنة المشتركة ستجتمع قريبا لبحث ملفات التجارة والمياه.",
        "استقبل أيمن الصفدي سفراء دول الاتحاد الأوروبي في مقر الوزارة، وبحث معهم برامج "
        "الدعم المخصصة للاجئين والمشاريع التنموية في المحافظات الشمالية.",
        "دعا أيمن الصفدي في كلمة أمام البرلمان إلى زيادة مخصصات التعليم، مؤكدا أن المدارس "
        "الحكومية تحتاج إلى مئات الصفوف الجديدة قبل بدء العام الدراسي.",
    ]
    rows = [{"id": str(i), "title": f"خبر {i}", "published": day, "text": text}
            for i, (day, text) in enumerate(zip(["2018-01-10", "2018-01-20", "2018-05-02"],
                                                texts, strict=True))]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                      encoding="utf-8")
    store = SQLiteStore(tmp_path / "v.db")
    service.ingest(store, [str(corpus)], ReadOptions())
    ent = service.entity(store, "أيمن الصفدي")
    assert ent["volume_by"] == "month"  # 112 days: past the daily chart's span
    assert [(v["period"], v["count"]) for v in ent["volume"]] == [
        ("2018-01", 2), ("2018-02", 0), ("2018-03", 0), ("2018-04", 0), ("2018-05", 1)]

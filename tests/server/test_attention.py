"""Attention over time (issue 16): counts and shares per period and outlet, on a real store,
through the service, the CLI, the API and its CSV download."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.cli.helpers import run

from marsad import service
from marsad.errors import InputError
from marsad.ingest import ReadOptions
from marsad.store import SQLiteStore

TEXTS = {
    "a1": "قصفت الطائرات بلدات الغوطة الشرقية قرب دمشق صباح الاثنين وسقط عدد من الضحايا المدنيين.",
    "a2": "دخلت قافلة مساعدات أممية إلى دوما في الغوطة بعد أسابيع من الحصار ونقص الدواء والغذاء.",
    "b1": "ناقش مجلس الأمن مشروع قرار لهدنة إنسانية في الغوطة وسط خلاف بين الأعضاء الدائمين.",
    "a3": "أعلنت وزارة المالية أرقام الموازنة العامة للعام المقبل وقالت إن العجز سينخفض قليلا.",
    "a4": "خرجت دفعة جديدة من المقاتلين وعائلاتهم من الغوطة في حافلات نحو الشمال السوري.",
    "a5": "وافق البرلمان على الموازنة بعد نقاش طويل حول الضرائب الجديدة ورواتب الموظفين.",
    "b2": "ارتفعت أسعار النفط في الأسواق العالمية بعد قرار خفض الإنتاج الذي أعلنته أوبك أمس.",
    "u1": "تحدث سكان الغوطة عن حياتهم تحت الحصار في شهادات جمعتها منظمات حقوقية محلية.",
}


def _corpus(tmp_path: Path) -> Path:
    rows = [
        # week of Monday 2018-03-05: three Ghouta articles from A (one an exact copy of
        # another, so two pieces of coverage), one from B, one other story from A
        ("a1", "A", "2018-03-05"), ("a2", "A", "2018-03-07"), ("a2", "A", "2018-03-07"),
        ("b1", "B", "2018-03-11"), ("a3", "A", "2018-03-06"),
        # week of 2018-03-12: nothing at all; week of 2018-03-19: one of three is Ghouta
        ("a4", "A", "2018-03-19"), ("a5", "A", "2018-03-20"), ("b2", "B", "2018-03-25"),
        # undated: on no time axis
        ("u1", "B", None),
    ]
    path = tmp_path / "att.jsonl"
    path.write_text("".join(json.dumps({"id": f"{i}-{n}", "source": s, "published": d,
                                        "title": f"خبر {i}", "text": TEXTS[i]},
                                       ensure_ascii=False) + "\n"
                            for n, (i, s, d) in enumerate(rows)), encoding="utf-8")
    return path


@pytest.fixture
def att_db(tmp_path: Path) -> Path:
    db = tmp_path / "att.db"
    store = SQLiteStore(db)
    summary = service.ingest(store, [str(_corpus(tmp_path))], ReadOptions(), workers=1,
                             annotations=False)
    assert summary.exact_duplicates == 1
    store.close()
    return db


def test_weekly_counts_shares_and_an_empty_week(att_db: Path) -> None:
    store = SQLiteStore(att_db, readonly=True)
    res = service.attention(store, ["الغوطة"], "week")
    assert res["periods"] == ["2018-03-05", "2018-03-12", "2018-03-19"]
    (s,) = res["series"]
    got = [(p["period"], p["count"], p["total"]) for p in s["points"]]
    # the copy counts once in both the matches and the totals; the undated article nowhere
    assert got == [("2018-03-05", 3, 4), ("2018-03-12", 0, 0), ("2018-03-19", 1, 3)]
    assert [p["share"] for p in s["points"]] == [0.75, 0.0, 0.3333]
    assert s["count"] == 4 and s["terms"]


def test_by_outlet_and_side_by_side_queries(att_db: Path) -> None:
    store = SQLiteStore(att_db, readonly=True)
    res = service.attention(store, ["الغوطة", "الموازنة"], "month", by_source=True)
    assert res["periods"] == ["2018-03"]
    rows = {(s["query"], s["source"]): (s["points"][0]["count"], s["points"][0]["total"])
            for s in res["series"]}
    # an outlet that never covered a query gets no series of zeros (B and the budget)
    assert rows == {("الغوطة", "A"): (3, 5), ("الغوطة", "B"): (1, 2), ("الموازنة", "A"): (2, 5)}
    # a filter narrows both the matches and the totals
    only_b = service.attention(store, ["الغوطة"], "month", source="B")
    assert [(p["count"], p["total"]) for p in only_b["series"][0]["points"]] == [(1, 2)]


def test_a_query_matching_nothing_is_zero_and_bad_requests_say_why(att_db: Path) -> None:
    store = SQLiteStore(att_db, readonly=True)
    res = service.attention(store, ["zzzzqqq"], "week")
    assert [p["count"] for p in res["series"][0]["points"]] == [0, 0, 0]
    with pytest.raises(InputError, match="at most 5"):
        service.attention(store, ["a", "b", "c", "d", "e", "f"])
    with pytest.raises(InputError, match="unknown period"):
        service.attention(store, ["الغوطة"], "hour")
    with pytest.raises(InputError, match="at least one query"):
        service.attention(store, ["  "])


def test_cli_table_json_and_an_excel_ready_csv(att_db: Path, tmp_path: Path) -> None:
    table = run(att_db, "attention", "الغوطة", "الموازنة", "--by", "week").stdout
    assert "2018-03-12" in table and "75.0%" in table
    data = json.loads(run(att_db, "attention", "الغوطة", "--by", "month", "--json").stdout)
    assert data["series"][0]["points"][0]["count"] == 4
    out = tmp_path / "a.csv"
    run(att_db, "attention", "الغوطة", "--by-source", "--by", "month", "--out", str(out))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the Arabic as UTF-8
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "period,query,source,count,total,share"
    assert "2018-03,الغوطة,A,3,5,0.6" in lines
    bad = run(att_db, "attention", "a", "b", "c", "d", "e", "f", check=False)
    assert bad.returncode == 1 and "at most 5" in bad.stderr and "Traceback" not in bad.stderr


def test_api_json_csv_and_refusals(att_db: Path) -> None:
    from marsad.server.api import create_app

    client = TestClient(create_app(str(att_db), None))
    r = client.get("/api/attention", params=[("q", "الغوطة"), ("q", "الموازنة"), ("by", "week")])
    assert r.status_code == 200
    body = r.json()
    assert [s["count"] for s in body["series"]] == [4, 2]
    csv_r = client.get("/api/attention.csv", params={"q": "الغوطة", "by": "week"})
    assert csv_r.status_code == 200 and csv_r.headers["content-type"].startswith("text/csv")
    assert csv_r.content.startswith(b"\xef\xbb\xbf") and "attachment" in \
        csv_r.headers["content-disposition"]
    assert len(csv_r.content.decode("utf-8-sig").splitlines()) == 1 + 3
    assert client.get("/api/attention").status_code == 422  # no query
    assert client.get("/api/attention", params=[("q", "x")] * 6).status_code == 422
    assert client.get("/api/attention", params={"q": "x", "by": "hour"}).status_code == 422
    assert client.get("/api/attention", params={"q": "x", "bogus": "1"}).status_code == 422


def test_dashboard_page_carries_the_chart_data(att_db: Path) -> None:
    from marsad.server.api import create_app

    client = TestClient(create_app(str(att_db), None))
    page = client.get("/attention", params=[("q", "الغوطة"), ("q", "الموازنة"), ("by", "week")])
    assert page.status_code == 200
    assert 'data-chart="attention"' in page.text and "/api/attention.csv?" in page.text
    start = page.text.index('id="attention-data">') + len('id="attention-data">')
    chart = json.loads(page.text[start:page.text.index("</script>", start)])
    assert chart["periods"] == ["2018-03-05", "2018-03-12", "2018-03-19"]
    assert [s["counts"] for s in chart["series"]] == [[3, 0, 1], [1, 0, 1]]
    assert client.get("/attention").status_code == 200  # the empty form
    assert 'href="/attention"' in client.get("/").text  # in the menu

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

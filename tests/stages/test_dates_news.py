"""Date rules found on the news date gold's dev split (eval/dates_news): ages, years
counted from the article's, ordinal days, «يوم أمس»; and the .jsonl gold in eval dates."""

from __future__ import annotations

import json
from datetime import date

from click.testing import CliRunner
from tests.conftest import ROOT, shared_path

from marsad.evaluation.cli_eval import eval_group
from marsad.stages.dates import extract_dates

REF = date(2018, 6, 13)


def _values(text: str) -> list[tuple[str, str | None]]:
    return [(t.text, t.value) for t in extract_dates(text, REF)]


def test_an_age_is_not_a_duration():
    assert _values("وتعافت يوليا، 33 عاما، بشكل جيد") == []
    assert _values("رجل يبلغ من العمر 45 عاما") == []
    assert _values("وعمره 63 سنة") == []
    assert _values("استمرت الحرب 33 عاما") == [("33 عاما", "P33Y")]


def test_a_month_of_last_year():
    assert _values("في شهر سبتمبر من العام الماضي") == [("شهر سبتمبر من العام الماضي", "2017-09")]
    assert _values("في مارس العام المقبل") == [("مارس العام المقبل", "2019-03")]


def test_ordinal_days_and_the_day_before_yesterday():
    assert _values("في السابع من يونيو الماضي") == [("السابع من يونيو الماضي", "2018-06-07")]
    assert _values("وصل يوم أمس") == [("يوم أمس", "2018-06-12")]
    assert _values("وصل أول من أمس") == [("أول من أمس", "2018-06-11")]


def test_a_year_before_a_weekday_is_not_a_count_of_days():
    got = _values("مونديال 2018 يوم الخميس")
    assert ("2018", "2018") in got and all(v != "P2018D" for _, v in got)


def test_eval_dates_reads_the_news_gold(tmp_path):
    shared_path("data", "news", "ant_jawharafm", "articles.jsonl.gz")
    gold = ROOT / "eval" / "dates_news" / "gold.jsonl"
    rows = [json.loads(x) for x in gold.read_text("utf-8").splitlines()]
    assert len(rows) >= 60 and sum(len(r["timexes"]) for r in rows) >= 400
    assert {r["region"] for r in rows} >= {"maghreb", "gulf", "pan-arab", "intl"}
    part = tmp_path / "part.jsonl"
    part.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows[:4]), "utf-8")
    res = CliRunner().invoke(eval_group, ["dates", "--gold", str(part), "--no-peer", "--json",
                                          "--data", str(ROOT.parent / "shared" / "data")])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert report["documents"] == 4 and report["systems"]["marsad"]["gold"] == sum(
        len(r["timexes"]) for r in rows[:4])
    assert report["f1"] > 0.5

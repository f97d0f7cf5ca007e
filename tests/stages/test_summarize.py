"""Extractive summaries: one article and a whole story of the demo corpus."""

from __future__ import annotations

import json
import time
from collections import defaultdict

import pytest

from marsad.arabic.normalize import key
from marsad.arabic.tokenize import words
from marsad.ingest import ReadOptions, iter_inputs
from marsad.pipeline import process
from marsad.records import Document
from marsad.service import demo_corpus_path, demo_targets
from marsad.stages.summarize import SummarySentence, summarize

# Written for these tests.
ARTICLE = (
    "أعلنت وزارة الزراعة الأردنية اليوم الأحد بدء موسم قطف الزيتون في محافظات الشمال "
    "بعد تأخر الأمطار الأولى.\n"
    "وقال الناطق باسم الوزارة إن إنتاج الزيتون هذا العام يقدر بنحو 180 ألف طن، بزيادة "
    "طفيفة عن الموسم الماضي.\n"
    "اقرأ أيضاً: ارتفاع أسعار زيت الزيتون في الأسواق المحلية قبل الموسم\n"
    "وأضاف أن الوزارة ستفتح مراكز لاستقبال شكاوى المزارعين حول أسعار المعاصر.\n"
    "(صورة أرشيفية)\n"
    "ويعمل في قطاع الزيتون آلاف المزارعين في إربد وعجلون وجرش، ويعد الزيت من أهم "
    "صادرات المملكة الزراعية.\n"
    "ودعت الوزارة المعاصر إلى الالتزام بشروط النظافة وعدم خلط الزيت المحلي بالمستورد."
)
TITLE = "بدء موسم قطف الزيتون في الأردن وتوقعات بإنتاج 180 ألف طن"


def _check_offsets(docs: list[tuple[str, str | None]], out: list[SummarySentence]) -> None:
    for s in out:
        assert docs[s.doc_index][0][s.start:s.end] == s.text


def _word_set(text: str) -> set[str]:
    return {key(w) for w in words(text)}


def test_single_article_summary_is_extractive_and_skips_residue():
    out = summarize(ARTICLE, max_sentences=3)
    assert len(out) == 3
    _check_offsets([(ARTICLE, None)], out)
    assert [s.start for s in out] == sorted(s.start for s in out)  # document order
    for s in out:
        assert "اقرأ" not in s.text and "أرشيفية" not in s.text
    with_title = summarize([(ARTICLE, TITLE)], max_sentences=1)
    assert "180 ألف طن" in with_title[0].text or "قطف الزيتون" in with_title[0].text


def test_limits_and_score_order():
    by_score = summarize(ARTICLE, max_sentences=4, order="score")
    assert [s.score for s in by_score] == sorted((s.score for s in by_score), reverse=True)
    short = summarize(ARTICLE, max_sentences=5, max_chars=150)
    assert short and sum(len(s.text) for s in short) <= 150
    assert summarize(ARTICLE, max_sentences=0) == []
    with pytest.raises(ValueError):
        summarize(ARTICLE, order="random")


def test_agency_dateline_is_cut_from_the_lead():
    text = ("دبي، الإمارات العربية المتحدة (CNN) -- أعلنت شركة طيران إقليمية الاثنين أنها "
            "ستطلق رحلات يومية جديدة بين دبي وعمان اعتبارا من الشهر المقبل.\n" + ARTICLE)
    out = summarize(text, max_sentences=5)
    _check_offsets([(text, None)], out)
    assert out[0].text.startswith("أعلنت شركة طيران")


@pytest.mark.parametrize("bad", ["", "   \n\n", "؟؟؟ ... !!!", "12 34 56"])
def test_empty_or_wordless_input_gives_no_summary(bad):
    assert summarize(bad) == []
    assert summarize([(bad, None), ("", "عنوان")]) == []
    assert summarize([]) == []


def test_one_sentence_and_no_arabic():
    one = "وقعت الحكومة والنقابات اتفاقا جديدا للأجور يرفع الحد الأدنى بنسبة عشرة بالمئة."
    out = summarize(one)
    assert [s.text for s in out] == [one]
    english = ("The central bank cut its main interest rate by two percentage points on "
               "Thursday. Markets rallied after the decision was announced in Cairo. "
               "Analysts expect inflation to keep falling through the summer months.")
    out = summarize(english, max_sentences=2)
    assert len(out) == 2
    _check_offsets([(english, None)], out)


def test_ten_thousand_sentences_in_bounded_time():
    base = [s for s in ARTICLE.split("\n") if len(s) > 40]
    text = "\n".join(f"{base[i % len(base)]} رقم {i}" for i in range(10_000))
    t0 = time.perf_counter()
    out = summarize(text, max_sentences=3)
    assert time.perf_counter() - t0 < 20
    assert len(out) == 3
    _check_offsets([(text, None)], out)


@pytest.fixture(scope="module")
def stories() -> dict[str, list[Document]]:
    manifest = json.loads((demo_corpus_path() / "MANIFEST.json").read_text(encoding="utf-8"))
    story_of = {a["title"]: a["story"] for a in manifest["articles"]}
    out: dict[str, list[Document]] = defaultdict(list)
    for doc in iter_inputs(demo_targets(), ReadOptions()):
        if not isinstance(doc, Document):
            continue
        done = process(doc)
        assert isinstance(done, list)
        for d in done:
            out[story_of[d.title]].append(d)
    for docs in out.values():
        docs.sort(key=lambda d: d.published or "")
    assert sum(map(len, out.values())) == len(manifest["articles"])
    return out


def test_story_summary_draws_on_several_articles_without_repeats(stories):
    assert len(stories) == 5
    for name, docs in stories.items():
        pairs = [(d.text, d.title) for d in docs]
        out = summarize(pairs, max_sentences=5)
        _check_offsets(pairs, out)
        assert len(out) == 5, name
        assert len({s.doc_index for s in out}) > 1, name
        assert [(s.doc_index, s.start) for s in out] == sorted((s.doc_index, s.start) for s in out)
        sets = [_word_set(s.text) for s in out]
        for i in range(len(sets)):
            for j in range(i + 1, len(sets)):
                jaccard = len(sets[i] & sets[j]) / len(sets[i] | sets[j])
                assert jaccard < 0.5, (name, out[i].text, out[j].text)

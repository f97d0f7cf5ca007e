"""The tagger's contract: spans are exact character offsets, labels valid, bad input safe."""

from __future__ import annotations

import time

import pytest

from marsad.arabic.tokenize import tokenize
from marsad.ner import NerSpan, load_tagger

LABELS = {"PER", "LOC", "ORG", "MISC"}
# Our own sentences (not from any corpus).
NEWS = (
    "قال وزير الخارجية المصري سامح شكري في القاهرة يوم الأحد إن الحكومة المصرية "
    "ستستضيف اجتماعا لجامعة الدول العربية.\n"
    "والتقى الرئيس الفرنسي إيمانويل ماكرون رئيس الوزراء اللبناني في باريس."
)


@pytest.fixture(scope="module")
def tagger():
    return load_tagger()


def _word_bounds(text: str) -> tuple[set[int], set[int]]:
    toks = tokenize(text)
    return {t.start for t in toks}, {t.end for t in toks}


def test_spans_are_offsets_into_the_text_on_word_boundaries(tagger):
    spans = tagger.tag(NEWS)
    assert spans, "a news paragraph full of names should yield entities"
    starts, ends = _word_bounds(NEWS)
    for s in spans:
        assert isinstance(s, NerSpan)
        assert s.label in LABELS
        assert 0 <= s.start < s.end <= len(NEWS)
        assert s.start in starts and s.end in ends, f"span cuts a word: {NEWS[s.start:s.end]!r}"
        assert "\n" not in NEWS[s.start:s.end]
    found = {NEWS[s.start:s.end]: s.label for s in spans}
    assert found.get("القاهرة") == "LOC"
    assert found.get("باريس") == "LOC"


def test_tag_many_matches_tag_one_by_one(tagger):
    texts = [NEWS, "", "وصل محمد إلى دمشق.", NEWS[:60]]
    assert tagger.tag_many(texts) == [tagger.tag(t) for t in texts]


def test_tag_tokens_gives_one_valid_bio_tag_per_token(tagger):
    sents = [["زار", "الرئيس", "التونسي", "قيس", "سعيد", "الجزائر", "."], [], ["و"],
             ["", " ", "ـــ", "محمد"]]  # empty, blank and tatweel-only tokens from odd files
    tags = tagger.tag_tokens(sents)
    assert [len(t) for t in tags] == [len(s) for s in sents]
    for seq in tags:
        prev = "O"
        for tag in seq:
            bio, _, label = tag.partition("-")
            assert tag == "O" or (bio in "BI" and label in LABELS)
            if bio == "I":
                assert prev[2:] == label, f"I- without its B-: {seq}"
            prev = tag


@pytest.mark.parametrize("text", [
    "",
    "   \n\n  ",
    "The meeting in London was chaired by Jane Smith.",
    "1234 5678 !!! ??? ... %%%",
    "🙂🙂🙂",
])
def test_odd_input_does_not_crash(tagger, text):
    spans = tagger.tag(text)
    for s in spans:
        assert s.label in LABELS and 0 <= s.start < s.end <= len(text)


def test_mixed_latin_and_arabic(tagger):
    text = "أعلنت شركة Google في كاليفورنيا عن نظام Android الجديد، بحسب وكالة رويترز."
    spans = tagger.tag(text)
    starts, ends = _word_bounds(text)
    assert all(s.start in starts and s.end in ends for s in spans)


def test_fully_diacritised_text_keeps_its_names(tagger):
    plain = "سافر أحمد إلى بغداد."
    vowelled = "سَافَرَ أَحْمَدُ إِلَى بَغْدَادَ."
    found = {vowelled[s.start:s.end]: s.label for s in tagger.tag(vowelled)}
    assert found.get("بَغْدَادَ") == "LOC", found
    assert len(tagger.tag(plain)) == len(tagger.tag(vowelled))


def test_a_ten_thousand_token_sentence_in_bounded_time(tagger):
    text = " ".join(["ذهب محمد إلى القاهرة ثم"] * 2000)  # no sentence break at all
    t0 = time.perf_counter()
    spans = tagger.tag(text)
    assert time.perf_counter() - t0 < 10
    assert sum(1 for s in spans if text[s.start:s.end] == "القاهرة") > 1000


def test_fast_setting_keeps_the_contract():
    fast = load_tagger(members=1)
    assert fast.members == 1 and load_tagger().members >= 1
    starts, ends = _word_bounds(NEWS)
    spans = fast.tag(NEWS)
    assert spans and all(s.start in starts and s.end in ends and s.label in LABELS
                         for s in spans)

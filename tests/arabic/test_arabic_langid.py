"""detect_lang()."""

from __future__ import annotations

import pytest

from marsad.arabic import detect_lang


@pytest.mark.parametrize(
    "text, lang",
    [
        ("أعلنت وزارة الخارجية في بيان أن الوفد سيصل إلى بكين خلال الأسبوع المقبل", "ar"),
        ("کوریا الشمالیة", "ar"),
        ("أطلقت کوریا الشمالیة صاروخا فی بحر الیابان وقالت سیول إن الإطلاق کان تجربة", "ar"),
        ("وَقَالَ الْمُتَحَدِّثُ إِنَّ الْحُكُومَةَ لَنْ تَتَرَاجَعَ عَنْ قَرَارِهَا", "ar"),
        ("الأمم المتحدة", "ar"),
        ("وزارت امور خارجه اعلام کرد که این سفر برای بررسی روابط دو کشور است", "fa"),
        ("رئیس جمهور گفت که دولت باید از این طرح حمایت کند", "fa"),
        ("گفت‌وگوی چهارجانبه", "fa"),
        ("پاکستان کے وزیر اعظم نے کہا ہے کہ حکومت اس مسئلے پر بات چیت کے لیے تیار ہے", "ur"),
        ("The minister said that the talks will resume next week in Geneva", "en"),
        ("Le ministre a déclaré que les discussions vont reprendre dans la capitale", "fr"),
        ("Der Minister sagte, dass die Gespräche nicht vor Montag beginnen", "de"),
        ("El ministro dijo que las conversaciones se reanudarán en la capital", "es"),
        ("قال the spokesman إن المحادثات ستستأنف في جنيف الأسبوع المقبل", "ar"),
        ("", None),
        ("   ", None),
        ("123 456 !!! ٣٤٥", None),
        ("Pyongyang", None),
        ("Министр заявил, что переговоры возобновятся", None),
    ],
)
def test_detect_lang(text: str, lang: str | None) -> None:
    assert detect_lang(text) == lang


def test_only_the_start_is_sampled() -> None:
    text = "أعلنت الحكومة في بيان أن الوزير سيزور العاصمة. " * 100 + "the of and " * 2000
    assert detect_lang(text) == "ar"


def test_function_word_spellings_are_the_fold_preimage() -> None:
    import itertools

    from marsad.arabic import langid

    letters = "اأإآيیىكکوةهلمنعفت"
    for n in (2, 3):
        for w in map("".join, itertools.product(letters, repeat=n)):
            folded = w.translate(langid._FOLD)
            assert (w in langid._AR_SPELLINGS) == (folded in langid._AR_WORDS)
            assert (w in langid._FA_SPELLINGS) == (folded in langid._FA_WORDS)

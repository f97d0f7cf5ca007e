"""Established Latin spellings (regression examples, not a score: see translit MODEL_CARD)."""

from __future__ import annotations

import pytest

from marsad.expand import LATIN_MATCH_MAX, distance
from marsad.translit.dictionary import NameTable, article_form, fold_latin
from marsad.translit.known import latin_name, spell

EXAMPLES = {
    "مايك بومبيو": "Mike Pompeo", "سعد الحريري": "Saad Hariri", "فيسبوك": "Facebook",
    "دبي": "Dubai", "أوروبا": "Europe", "دونالد ترامب": "Donald Trump",
    "فلاديمير بوتين": "Vladimir Putin", "إيمانويل ماكرون": "Emmanuel Macron",
    "بنيامين نتنياهو": "Benjamin Netanyahu", "علي خامنئي": "Ali Khamenei",
    "ريكس تيلرسون": "Rex Tillerson", "كيم جونغ أون": "Kim Jong Un", "الرياض": "Riyadh",
    "طهران": "Tehran", "دمشق": "Damascus", "ميسي": "Messi",
}


@pytest.mark.parametrize("arabic,latin", EXAMPLES.items())
def test_established_spelling(arabic, latin):
    assert latin_name(arabic) == latin


def test_unknown_tokens_fall_back_to_the_letter_model():
    assert spell("مايك بومبيو", NameTable({}, {})) == "Mik Bompio"  # the model alone
    assert latin_name("كوفاشيتشيانو") is not None
    assert latin_name("Reuters") is None


def test_article_is_written_as_the_source_writes_it():
    assert article_form("الحريري", "hariri") == "Hariri"
    assert article_form("الاسد", "alasad") == "al-Asad"
    assert article_form("الان", "alan") == "Alan"  # a name that merely starts with ال
    assert fold_latin("al-Qa'ida") == fold_latin("Al Qaida")


def test_close_latin_spellings():
    assert distance("Messi", "Heiko Maas") > LATIN_MATCH_MAX
    assert distance("Pompeo", "Mik Bompio") <= LATIN_MATCH_MAX
    assert distance("Kim Jong-un", "Kim Jong Un") == 0
    assert distance("zzzzqqq", "Zakaria") > LATIN_MATCH_MAX

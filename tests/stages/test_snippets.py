"""Search snippets: the window shown under a result and the hits marked in it."""

from marsad.arabic.stem import analyze, analyze_with_offsets
from marsad.snippets import SNIPPET_WORDS, snippet


def _marked(text: str, out: dict) -> list[str]:
    return [text[s:e] for s, e in out["spans"]]


def test_hits_in_any_inflection_are_marked_in_the_display_text():
    text = ("قال وزير الخارجية إن المفاوضات مستمرة. وأضاف أن الوزيرين بحثا ملف "
            "المفاوضات في الرياض، وأكد للصحفيين أن مفاوضاتهم لم تنته.")
    terms = analyze("المفاوضات")
    out = snippet(text, terms)
    marked = _marked(text, out)
    assert marked == ["المفاوضات", "المفاوضات", "مفاوضاتهم"]
    assert out["snippet"].count("[") == 3
    assert "<mark>المفاوضات</mark>" in out["snippet_html"]


def test_window_is_where_most_distinct_terms_meet():
    filler = " ".join(["كلمة"] * (SNIPPET_WORDS * 2))
    text = (f"البرلمان يجتمع. {filler} وفي الختام صوت البرلمان على الموازنة الجديدة. "
            f"{filler} الموازنة مرة أخرى.")
    out = snippet(text, analyze("البرلمان الموازنة"))
    assert out["snippet"].startswith("…") and out["snippet"].endswith("…")
    assert "[البرلمان] على [الموازنة]" in out["snippet"]


def test_latin_parts_and_numbers_mark_only_what_matched():
    text = "وصل Jean-Claude Juncker إلى الاجتماع عام 2018، وقال Juncker إن 2018 كان صعبا."
    out = snippet(text, analyze("Juncker 2018"))
    marked = _marked(text, out)
    assert marked == ["Juncker", "2018", "Juncker", "2018"]
    # the spans analyze_with_offsets gives for the matching terms (one hyphenated token,
    # "Jean-Claude Juncker", marks only its matching part)
    wanted = set(analyze("Juncker 2018"))
    assert out["spans"] == [[s, e] for t, s, e in analyze_with_offsets(text) if t in wanted]


def test_no_hit_shows_the_start_and_empty_text_shows_nothing():
    text = "افتتح المعرض الدولي للكتاب أبوابه أمس بمشاركة واسعة."
    out = snippet(text, analyze("البرلمان"))
    assert out["spans"] == [] and out["snippet"].startswith("افتتح")
    assert snippet("", ["x"]) == {"snippet": "", "snippet_html": "", "spans": []}

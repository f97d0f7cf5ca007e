"""Quotes a reader can cite: denied and dismissed claims marked, speakers that are people
or bodies (never a meeting or a setting), and a confidence for each speaker."""

from __future__ import annotations

import json

from tests.cli.helpers import run

from marsad.stages.quotes import SPEAKER_CONFIDENCE, extract_quotes

# Written for these tests.
DENIAL = ("نفى المتحدث باسم وزارة الدفاع أن تكون القوات قد انسحبت من المدينة. وقال وزير "
          "الخارجية سامر الخطيب إن المفاوضات ستستأنف الأسبوع المقبل.")
DISMISSAL = ("قلل الرئيس من أهمية التكهنات بأن الحكومة قد تستقيل قريبا. واستبعد رئيس الوزراء "
             "أن تجرى انتخابات مبكرة هذا العام.")
SETTING = "وقال بحاح للصحافيين عند وصوله، إن عودته جزء من تحرير المدينة."
MEETING = "أكد اللقاء مع وزير الخارجية على أن التحالف سيستمر بين البلدين لسنوات."


def test_denied_and_dismissed_are_not_asserted():
    denial = extract_quotes(DENIAL)
    assert [q.stance for q in denial] == ["denied", "asserted"]
    assert "انسحبت" in denial[0].text
    dismissal = extract_quotes(DISMISSAL)
    assert [q.stance for q in dismissal] == ["dismissed", "dismissed"]


def test_a_setting_after_the_name_is_not_the_speaker():
    (q,) = extract_quotes(SETTING)
    assert q.speaker == "بحاح"


def test_a_meeting_does_not_speak():
    assert extract_quotes(MEETING) == []


def test_each_speaker_carries_the_confidence_of_how_it_was_found():
    for q in extract_quotes(DENIAL + " وأضاف أن الوفد سيصل غدا."):
        assert q.confidence == SPEAKER_CONFIDENCE[q.how or "other"]
    added = extract_quotes(DENIAL + " وأضاف أن الوفد سيصل غدا.")[-1]
    assert added.how == "previous_quote" and "سامر الخطيب" in added.speaker


def test_quotes_command_shows_what_was_denied(tmp_path):
    article = tmp_path / "denial.txt"
    article.write_text("الدفاع تنفي الانسحاب\n\n" + DENIAL + "\n", encoding="utf-8")
    db = tmp_path / "m.db"
    run(db, "ingest", str(article))
    rows = json.loads(run(db, "quotes", "--json").stdout)["items"]
    stances = {r["stance"] for r in rows}
    assert stances == {"denied", "asserted"}
    assert all("speaker_uncertain" in r and "speaker_confidence" in r for r in rows)
    text = run(db, "quotes").stdout
    denied_line = next(line for line in text.splitlines() if "انسحبت" in line)
    assert "DENIED" in denied_line

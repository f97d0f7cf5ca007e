"""Quotations: who said what, through which outlet.

The sentences are our own, modelled on the cases the issue names from the seeds (the
seeds themselves are read from ../shared by the last test, never copied here).
"""

from __future__ import annotations

import time

from tests.conftest import shared_path

from marsad.records import Document
from marsad.stages.quotes import Quote, extract_quotes, quotes_stage
from marsad.stages.resolve import resolve_document


def one(text: str, mentions: list | None = None) -> Quote:
    quotes = extract_quotes(text, mentions)
    assert len(quotes) == 1, [(q.text, q.speaker) for q in quotes]
    return quotes[0]


def spans_of(text: str, names: dict[str, str]) -> list[tuple[int, int, str]]:
    """NER spans we derive ourselves: every occurrence of each name, with its label."""
    out = []
    for name, label in names.items():
        i = text.find(name)
        while i >= 0:
            out.append((i, i + len(name), label))
            i = text.find(name, i + len(name))
    return sorted(out)


def test_direct_quote_after_a_colon_with_the_place_in_between():
    text = 'وقال بوتين في هانوي: "أريد أن أوضح أن هذه الوثيقة ليست أمرا جديدا".'
    q = one(text)
    assert q.kind == "direct"
    assert q.text == "أريد أن أوضح أن هذه الوثيقة ليست أمرا جديدا"
    assert text[q.start:q.end] == q.text
    assert (q.cue, q.speaker, q.via) == ("وقال", "بوتين", None)
    assert text[q.cue_start:q.cue_end] == "وقال"
    assert text[q.speaker_start:q.speaker_end] == "بوتين"


def test_a_quoted_phrase_the_speaker_praised():
    q = one('أشاد كيم بالوثيقة باعتبارها "أمتن شراكة" بين الجانبين.')
    assert (q.kind, q.text, q.speaker) == ("direct", "أمتن شراكة", "كيم")


def test_speaker_told_a_network_so_the_network_is_the_outlet():
    text = ('وقال الباحث في المعهد الكوري، سامي نور، لشبكة "سي إن إن" الإخبارية إن '
            '"هذا البند يثير القلق الشديد".')
    q = one(text)
    assert q.speaker == "سامي نور"
    assert q.via == "سي إن إن"
    assert text[q.via_start:q.via_end].startswith("لشبكة")
    assert q.text == "هذا البند يثير القلق الشديد"


def test_closing_agency_attribution_makes_the_agency_speaker_and_outlet():
    text = "وتوظف موسكو علاقاتها مع بيونغ يانغ للضغط على الغرب، وفق رويترز."
    q = one(text)
    assert q.kind == "indirect"
    assert q.text == "وتوظف موسكو علاقاتها مع بيونغ يانغ للضغط على الغرب"
    assert (q.speaker, q.via, q.cue) == ("رويترز", "رويترز", "وفق")


def test_closing_attribution_adds_the_outlet_to_the_quote_before_it():
    text = ('وحذر البيت الأبيض من أن أي صفقة سلاح ستخرق قرارات مجلس الأمن، '
            'وذلك بحسب شبكة «سي إن بي سي الأمريكية».')
    q = one(text)
    assert q.speaker == "البيت الأبيض"
    assert q.via == "سي إن بي سي"
    assert q.text == "أي صفقة سلاح ستخرق قرارات مجلس الأمن"


def test_a_newspaper_as_the_speaker_is_also_the_outlet():
    q = one("قالت صحيفة واشنطن بوست الأمريكية إن القمة ستتناول صفقات السلاح أولا.")
    assert (q.speaker, q.via) == ("واشنطن بوست", "واشنطن بوست")
    assert q.text == "القمة ستتناول صفقات السلاح أولا"


def test_a_newspaper_quoting_officials_gives_officials_as_speaker():
    text = "ونقلت صحيفة الغارديان البريطانية عن مسؤولين أمنيين أن التعاون العسكري يتسع."
    q = one(text)
    assert q.speaker == "مسؤولين أمنيين"
    assert q.via == "الغارديان"


def test_opening_agency_attribution_goes_to_the_warning_that_follows():
    text = ('ووفقا لوكالة أنباء إنترفاكس الروسية، حذر لافروف من أن "الوضع قد ينفجر في أي '
            'لحظة"، وهو ما يكرر موقف موسكو.')
    q = one(text)
    assert (q.kind, q.text) == ("direct", "الوضع قد ينفجر في أي لحظة")
    assert (q.speaker, q.via, q.cue) == ("لافروف", "إنترفاكس", "حذر")


def test_a_verb_without_subject_continues_the_previous_speaker_of_its_gender():
    text = ("وقال المدير زياد حداد إن المشروع تأخر شهرين. وقالت الوزيرة ليلى نصار إن "
            "التمويل متوفر. وأضاف أن العمل سيستأنف قريبا. وأضافت: «سنراقب التنفيذ».")
    quotes = extract_quotes(text)
    assert [q.speaker for q in quotes] == ["زياد حداد", "ليلى نصار", "زياد حداد", "ليلى نصار"]
    assert quotes[2].text == "العمل سيستأنف قريبا"
    assert quotes[3].kind == "direct"


def test_a_participle_opens_a_second_quote_of_the_same_speaker():
    text = "وقال الوزير سمير عادل إن الاتفاق مهم، مضيفا أن التوقيع سيتم الأسبوع المقبل."
    quotes = extract_quotes(text)
    assert [q.text for q in quotes] == ["الاتفاق مهم", "التوقيع سيتم الأسبوع المقبل"]
    assert [q.speaker for q in quotes] == ["سمير عادل", "سمير عادل"]
    assert quotes[1].cue == "مضيفا"


def test_a_role_resolves_to_the_person_who_holds_it():
    text = ("استقبل الرئيس الروسي فلاديمير بوتين ضيفه في الكرملين. "
            "وقال الرئيس الروسي إن المحادثات كانت مثمرة.")
    mentions, _ = resolve_document(text, spans_of(text, {"الرئيس الروسي فلاديمير بوتين": "PER"}))
    q = one(text, mentions)
    assert q.speaker == "فلاديمير بوتين"
    assert q.speaker_mention == 0
    assert text[q.speaker_start:q.speaker_end] == "الرئيس الروسي"


def test_a_mention_gives_the_full_name_of_its_entity():
    text = ("وصل كيم جونغ أون إلى فلاديفوستوك. وقال كيم للصحفيين: «نحن مستعدون للتعاون».")
    mentions, _ = resolve_document(text, spans_of(text, {"كيم جونغ أون": "PER", "كيم ": "PER",
                                                         "فلاديفوستوك": "LOC"}))
    q = one(text, mentions)
    assert q.speaker == "كيم جونغ أون"
    assert q.text == "نحن مستعدون للتعاون"


def test_a_role_without_a_name_stays_the_speaker():
    q = one("وقال مصدر أمني، الأحد، إن الحادث وقع قرب الحدود.")
    assert q.speaker == "مصدر أمني"
    assert q.text == "الحادث وقع قرب الحدود"


def test_without_ner_a_role_takes_the_name_another_clause_gives_it():
    text = ("قال وزير المالية إن العجز سينخفض هذا العام. وقال الوزير فادي سالم في مقابلة "
            "إن الضرائب لن ترتفع.")
    quotes = extract_quotes(text)
    assert [q.speaker for q in quotes] == ["فادي سالم", "فادي سالم"]
    assert text[quotes[0].speaker_start:quotes[0].speaker_end] == "وزير المالية"


def test_a_name_after_the_setting_of_a_role():
    q = one("وقال المسؤول الكبير في الشرطة شير أكبر خان لوكالة فرانس برس إن منزلا انهار.")
    assert (q.speaker, q.via) == ("شير أكبر خان", "فرانس برس")


def test_a_subject_written_before_its_verb():
    q = one("وكانت روسيا قد أعلنت عن اتفاق لإجلاء المقاتلين من المدينة.")
    assert (q.speaker, q.text) == ("روسيا", "اتفاق لإجلاء المقاتلين من المدينة")
    q = one("صحيفة العربي الجديد كتبت على صفحتها الأولى أن القمة فشلت.")
    assert q.speaker == q.via == "العربي الجديد"


def test_media_as_speaker_is_also_the_outlet():
    q = one("وقالت وسائل إعلام محلية إن الضحايا نقلوا إلى المستشفى.")
    assert q.speaker == q.via == "وسائل إعلام محلية"


def test_a_later_reference_to_the_newspaper_finds_it():
    text = ("قالت صحيفة لوموند إن الحكومة تدرس الخطة. وقال مسؤولون للصحيفة إن القرار "
            "لم يتخذ بعد.")
    quotes = extract_quotes(text)
    assert [(q.speaker, q.via) for q in quotes] == [("لوموند", "لوموند"),
                                                    ("مسؤولون", "لوموند")]


def test_negated_and_hypothetical_verbs_report_nothing():
    assert extract_quotes("ولم تؤكد الشركة أن المنتج سيطرح قريبا.") == []
    assert extract_quotes("ومن المرجح أن تؤكد القمة التزامها بالردع.") == []
    assert extract_quotes("وارتفعت الأسعار، مما يشير إلى أن الطلب قوي.") == []


def test_bad_input_gives_no_quotes_and_no_error():
    assert extract_quotes("") == []
    assert extract_quotes("No Arabic here, he said: \"nothing\".") == []
    assert extract_quotes("«»\"\"::") == []
    # a colon then «فإن» once crashed the reader; it is an indirect quote
    assert one("وقال المتحدث: فإن الوضع مستقر تماما.").text == "الوضع مستقر تماما"


def test_an_unbalanced_quote_runs_to_the_end_of_the_sentence():
    text = 'وقال المتحدث: "لن نتراجع عن قرارنا مهما حدث.\nالفقرة التالية بلا اقتباس.'
    q = one(text)
    assert q.text == "لن نتراجع عن قرارنا مهما حدث"


def test_ten_thousand_words_take_bounded_time():
    sentence = ('وقال المسؤول زياد حداد إن "المشروع سيكتمل" في موعده، وفق رويترز. '
                'وتابع: «لا تأخير». ')
    text = sentence * 800  # ~11k words
    started = time.perf_counter()
    quotes = extract_quotes(text)
    assert time.perf_counter() - started < 2.0
    assert len(quotes) == 1600
    assert all(text[q.start:q.end] == q.text for q in quotes)


def test_stage_fills_the_document_and_uses_its_mentions():
    text = "وقال الرئيس الروسي إن الاتفاق دفاعي. وكان الرئيس الروسي فلاديمير بوتين قد وصل."
    mentions, entities = resolve_document(
        text, spans_of(text, {"الرئيس الروسي فلاديمير بوتين": "PER"}))
    doc = Document(origin="test", text=text, mentions=mentions, entities=entities)
    quotes_stage(doc)
    assert len(doc.quotes) == 1
    # the role is only resolved against a person named before the quote
    assert doc.quotes[0].speaker == "الرئيس الروسي"


def test_seeds_named_cases():
    """The issue's cases, on the seed articles themselves (read from ../shared)."""
    seeds = shared_path("seeds")

    def quotes_of(prefix: str) -> list[Quote]:
        path = next(seeds.glob(prefix + "_*.txt"))
        return extract_quotes(path.read_text(encoding="utf-8"))

    def find(quotes: list[Quote], fragment: str) -> Quote:
        return next(q for q in quotes if fragment in q.text)

    q000 = quotes_of("000")
    assert find(q000, "أقوى معاهدة").speaker == "كيم"
    putin = find(q000, "أود أن أؤكد")
    assert (putin.kind, putin.speaker, putin.cue) == ("direct", "بوتين", "وقال")
    q001 = quotes_of("001")
    cnn = find(q001, "هذا البند مثير للقلق")
    assert (cnn.speaker, cnn.via) == ("جو بي يون", "سي إن إن")
    assert find(q001, "وتستغل روسيا علاقاتها").via == "رويترز"
    wsj = find(q001, "روسيا توسع التعاون العسكري")
    assert wsj.via == "وول ستريت جورنال" and "مسؤولين" in wsj.speaker
    q003 = quotes_of("003")
    assert find(q003, "زيارة الزعيم الكوري الشمالي").via == "واشنطن بوست"
    q004 = quotes_of("004")
    assert find(q004, "أي صفقة أسلحة").via == "سي إن بي سي"
    choe = find(q004, "قد يصبح متفجرًا")
    assert (choe.speaker, choe.via) == ("تشوى", "إنترفاكس")

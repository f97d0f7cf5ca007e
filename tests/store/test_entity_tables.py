"""The entity tables: what linking writes, and what readers get back."""

from __future__ import annotations

from marsad.records import Document


def _article(store, text: str, published: str = "2024-06-19", dup_of: int | None = None) -> int:
    doc = Document(origin=f"t:{text[:10]}:{published}", text=text, published=published,
                   uid=f"u{hash((text, published, dup_of))}", key_hash="k")
    run = store.begin_run(["t"])
    with store.transaction():
        return store.insert_article(doc, run, duplicate_of=dup_of,
                                    dup_kind="exact" if dup_of else None)


def _extend(store, eid, aliases, published, counted=True, roles=(), keys=()):
    store.extend_entity(eid, match_keys=keys or aliases, aliases=aliases, roles=roles,
                        latin_keys=[], mentions=len(aliases), published=published,
                        counted=counted)


def test_candidates_share_a_key_and_a_type(store):
    with store.transaction():
        putin = store.create_entity("PER", "بوتين")
        _extend(store, putin, ["بوتين"], "2024-06-19", keys=["k:بوتين"])
        place = store.create_entity("LOC", "بوتين")  # same key, other type
        _extend(store, place, ["بوتين"], "2024-06-19", keys=["k:بوتين"])
    found = store.entity_candidates(["k:بوتين", "k:other"], "PER")
    assert [c["id"] for c in found] == [putin]
    assert found[0]["aliases"] == ["بوتين"]
    assert store.entity_candidates([], "PER") == []


def test_full_name_wins_for_people_and_counts_skip_duplicates(store):
    with store.transaction():
        eid = store.create_entity("PER", "بوتين")
        for _ in range(3):
            _extend(store, eid, ["بوتين"], "2024-06-20")
        _extend(store, eid, ["فلاديمير بوتين", "بوتين"], "2024-06-18", roles=["الرئيس الروسي"])
        _extend(store, eid, ["بوتين"], "2024-07-01", counted=False)  # a duplicate copy
    assert store.best_entity_name(eid) == ("PER", "فلاديمير بوتين")
    ent = store.get_entity(eid)
    assert ent["articles"] == 4  # the duplicate is not counted
    assert ent["first_seen"] == "2024-06-18" and ent["last_seen"] == "2024-06-20"
    assert ent["roles"] == [{"role": "الرئيس الروسي", "count": 1}]
    assert {a["alias"]: a["count"] for a in ent["aliases"]} == {"بوتين": 5, "فلاديمير بوتين": 1}


def test_a_one_off_glued_full_form_does_not_name_a_person(store):
    # full ANT: «كافاني نيمار» (one span, two players) named Neymar's entity of 272 mentions
    with store.transaction():
        eid = store.create_entity("PER", "نيمار")
        for _ in range(30):
            _extend(store, eid, ["نيمار"], "2018-06-20")
        _extend(store, eid, ["كافاني نيمار", "نيمار"], "2018-06-21")
    assert store.best_entity_name(eid) == ("PER", "نيمار")
    with store.transaction():  # a full form the text keeps using does win
        for _ in range(2):
            _extend(store, eid, ["نيمار دا سيلفا"], "2018-06-22")
    assert store.best_entity_name(eid) == ("PER", "نيمار دا سيلفا")


def test_places_take_their_most_frequent_form(store):
    with store.transaction():
        eid = store.create_entity("LOC", "بيونغ يانغ")
        _extend(store, eid, ["بيونج يانج"], None)
        _extend(store, eid, ["بيونج يانج"], None)
        _extend(store, eid, ["بيونغ يانغ"], None)
    assert store.best_entity_name(eid)[1] == "بيونج يانج"


def test_mentions_context_cooccurrence_volume_and_export(store):
    text = "قال بوتين إن كيم صديق."
    a1 = _article(store, text, "2024-06-19")
    a2 = _article(store, text, "2024-06-19", dup_of=a1)
    with store.transaction():
        putin, kim = store.create_entity("PER", "بوتين"), store.create_entity("PER", "كيم")
        for art, counted in ((a1, True), (a2, False)):
            _extend(store, putin, ["بوتين"], "2024-06-19", counted=counted)
            _extend(store, kim, ["كيم"], "2024-06-19", counted=counted)
            store.insert_mentions(art, [(putin, 4, 9, "PER", None, 1.0), (kim, 13, 16, "PER", None, 1.0)])
            store.mark_annotated(art, "test-model")
    assert [r["article_id"] for r in store.entity_mentions(putin)] == [a1]  # canonical only
    assert store.cooccurring(putin) == [
        {"id": kim, "type": "PER", "name": "كيم", "latin": None, "count": 1}]
    assert store.entity_volume(putin) == [{"period": "2024-06-19", "count": 1}]
    assert store.entity_volume(putin, by="month") == [{"period": "2024-06", "count": 1}]
    ents = [a["entities"] for a in store.iter_export()]
    assert ents[0] == ents[1] == [
        {"text": "بوتين", "start": 4, "end": 9, "type": "PER", "entity_id": putin,
         "canonical": "بوتين"},
        {"text": "كيم", "start": 13, "end": 16, "type": "PER", "entity_id": kim,
         "canonical": "كيم"}]
    assert store.annotation_models() == {"test-model": 2}
    with store.transaction():
        store.reset_annotations()
    assert store.count_entities() == 0 and store.annotation_models() == {"": 2}
    assert all(a["entities"] == [] for a in store.iter_export())


def test_an_unsure_link_is_shown_as_uncertain(store):
    # a lone name no full name dominated is stored with a low link confidence, and the
    # entity page (service.entity, which CLI, API and dashboard share) marks it
    from marsad import service

    text = "قال الحريري إن الحكومة ستجتمع."
    art = _article(store, text, "2018-03-01")
    with store.transaction():
        hariri = store.create_entity("PER", "الحريري")
        _extend(store, hariri, ["الحريري"], "2018-03-01")
        store.insert_mentions(art, [(hariri, 4, 11, "PER", None, 0.5)])
        store.mark_annotated(art, "test-model")
    shown = service.entity(store, hariri)["mentions_in_context"]
    assert [(m["text"], m["uncertain"], m["confidence"]) for m in shown] == [
        ("الحريري", True, 0.5)]


def _linked(store, text: str) -> dict[str, int]:
    """The entity id of each mention surface after the writer links `text`'s article."""
    from marsad.pipeline import process
    from marsad.writer.linking import link_entities

    doc = process(Document(origin="t:" + text[:12], raw=text, uid=f"u{hash(text)}"))[0]
    aid = _article(store, doc.text)
    with store.transaction():
        ids = link_entities(doc, aid, store, counted=True)
    return {doc.text[m.start:m.end]: ids[m.local] for m in doc.mentions}


def test_a_full_name_finds_its_entity_past_a_crowd_sharing_a_surname_key(store):
    """«بوريطة» alone shares its phonetic key with dozens of more-mentioned people
    (بيرت، بريت، بارت…); under the candidate cap they pushed the one stored «ناصر بوريطة»
    out, and a second entity of the same name was made (issue 11, ANT)."""
    from marsad.arabic.names import phonetic_key
    from marsad.store.sqlite.entities import STRONG_CANDIDATES

    first = _linked(store, "التقى وزير الخارجية المغربي ناصر بوريطة نظيره الفرنسي في الرباط "
                           "أمس لبحث العلاقات الثنائية بين البلدين. وتناول اللقاء ملفات التعاون "
                           "الاقتصادي والأمني والهجرة، إلى جانب الأوضاع في منطقة الساحل. "
                           "واتفق الجانبان على عقد اجتماع جديد في باريس خلال الأشهر المقبلة.")
    nasser = first["ناصر بوريطة"]
    crowd = f"p:{phonetic_key('بوريطة')}"
    with store.transaction():
        for i in range(STRONG_CANDIDATES + 5):  # each more mentioned than him
            other = store.create_entity("PER", f"بيرت {i}")
            for _ in range(3):
                _extend(store, other, [f"بيرت {i}"], "2018-04-01", keys=[crowd, f"n:x{i}"])
    again = _linked(store, "وقال وزير الخارجية المغربي ناصر بوريطة في مؤتمر صحفي إن المغرب "
                           "قطع علاقاته الدبلوماسية مع إيران بسبب دعمها لجبهة البوليساريو. "
                           "وأضاف بوريطة أن القرار نهائي ولا رجعة فيه، وأن سفير المغرب في "
                           "طهران سيعود إلى الرباط خلال الأيام المقبلة.")
    assert again["ناصر بوريطة"] == nasser
    assert again["بوريطة"] == nasser


def test_a_full_name_finds_its_entity_when_its_phonetic_key_is_crowded(store):
    """«محمد الدعيع» folds to the phonetic key of every «محمد» (p:مهمد): four entities of
    that one name were made in 6,000 ANT articles until the exact key was asked alone."""
    from marsad.arabic.names import phonetic_key
    from marsad.store.sqlite.entities import STRONG_CANDIDATES

    text = ("قال حارس المرمى السابق محمد الدعيع إن المنتخب السعودي قادر على المنافسة في كأس "
            "العالم المقبلة في روسيا. وأشار إلى أن الجهاز الفني يعمل بشكل جيد مع اللاعبين "
            "منذ أشهر، وأن الجماهير تنتظر الكثير من المنتخب في البطولة.")
    first = _linked(store, text)["محمد الدعيع"]
    crowd = f"p:{phonetic_key('محمد الدعيع')}"
    with store.transaction():
        for i in range(STRONG_CANDIDATES + 5):
            other = store.create_entity("PER", f"محمد {i}")
            for _ in range(3):
                _extend(store, other, [f"محمد {i}"], "2018-04-01", keys=[crowd, f"n:y{i}"])
    assert _linked(store, text.replace("قال", "وقال", 1))["محمد الدعيع"] == first

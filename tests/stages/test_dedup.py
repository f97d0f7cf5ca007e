"""Duplicate decisions against a real store: exact (key hash) and near (MinHash LSH)."""

from __future__ import annotations

from marsad.records import Document
from marsad.stages import dedup
from marsad.stages.fingerprint import fingerprint
from marsad.writer import duplicates

BASE = (
    "أعلنت وزارة الموارد المائية في بيان صدر صباح اليوم أن المفاوضات الفنية مع الجانب الآخر "
    "قد انتهت إلى مسودة اتفاق لتقاسم مياه النهر خلال مواسم الجفاف المقبلة. "
    "وأوضح المتحدث باسم الوزارة أن المسودة تتضمن آلية لتبادل البيانات الهيدرولوجية بشكل يومي "
    "وتشكيل لجنة مشتركة تجتمع كل ثلاثة أشهر لمراجعة حصص البلدين. "
    "وأضاف أن التوقيع النهائي مرتقب في العاصمة خلال الأسبوع المقبل بحضور وزيري الخارجية. "
    "ويرى خبراء أن الاتفاق قد يخفف التوتر الذي ساد العلاقات بين البلدين منذ سنوات."
)
# agency copy reprinted with a new first sentence, فى for في and an added closing line
REPRINT = (
    "قالت مصادر رسمية إن اتفاقا مائيا بات قريبا. "
    + BASE.replace(" في ", " فى ")
    + " وكانت جولة سابقة من المحادثات قد تعثرت العام الماضي."
)
OTHER = (
    "شهدت المدينة الساحلية أمطارا غزيرة تسببت في سيول جرفت عددا من السيارات وأغلقت طرقا رئيسية، "
    "فيما أعلنت فرق الدفاع المدني رفع حالة التأهب وإجلاء عشرات الأسر من الأحياء المنخفضة. "
    "وقال مدير الأرصاد إن المنخفض الجوي سيستمر حتى نهاية الأسبوع مع توقعات بهطول مزيد من الأمطار. "
    "ودعت السلطات المواطنين إلى تجنب الأودية ومجاري السيول والالتزام بتعليمات السلامة."
)


def _doc(uid: str, text: str) -> Document:
    return fingerprint(Document(origin=uid, uid=uid, text=text))


def _store_all(store, docs):
    run = store.begin_run(["test"])
    out = []
    with store.transaction():
        for d in docs:
            dec = duplicates.resolve(d, store)
            aid = store.insert_article(d, run, dec.duplicate_of, dec.kind, dec.similarity)
            if dec.kind != "exact":
                store.add_buckets(aid, dedup.band_keys(d.signature))
            out.append((aid, dec))
    return out


def test_spelling_variants_are_an_exact_duplicate(store):
    variant = BASE.replace(" في ", " فى ").replace("الآخر", "الاخر").replace("إلى", "الى")
    (a, _), (b, dec) = _store_all(store, [_doc("a", BASE), _doc("b", variant)])
    assert dec.kind == "exact" and dec.duplicate_of == a


def test_edited_reprint_is_a_near_duplicate_and_another_story_is_not(store):
    results = _store_all(store, [_doc("a", BASE), _doc("b", REPRINT), _doc("c", OTHER)])
    (a, _), (_, reprint), (_, other) = results
    assert reprint.kind == "near" and reprint.duplicate_of == a
    assert reprint.similarity >= dedup.NEAR_DUP_THRESHOLD
    assert other.duplicate_of is None


def test_duplicate_of_a_duplicate_points_at_the_canonical(store):
    twice = REPRINT + " وأكد المتحدث أن الوفد الفني سيعود إلى العاصمة غدا."
    (a, _), (_, first), (_, second) = _store_all(
        store, [_doc("a", BASE), _doc("b", REPRINT), _doc("c", twice)]
    )
    assert first.duplicate_of == a and second.duplicate_of == a
    assert store.stats()["duplicate_groups"] == 1


def test_short_texts_get_no_signature_but_still_match_exactly(store):
    short = "انطلاق المباراة النهائية مساء اليوم."
    d = _doc("a", short)
    assert d.signature is None and dedup.band_keys(d.signature) == []
    (_, _), (_, dec) = _store_all(store, [d, _doc("b", short)])
    assert dec.kind == "exact"


def test_signature_is_deterministic_across_calls():
    assert dedup.signature(BASE) == dedup.signature(BASE)
    assert dedup.similarity(dedup.signature(BASE), dedup.signature(BASE)) == 1.0


def test_signature_is_datasketch_minhash_bit_for_bit():
    # Signatures stored by earlier versions (datasketch's own update_batch) must keep
    # matching new ones: a database ingested before this change still finds its reprints.
    import zlib

    from datasketch import MinHash

    from marsad.arabic.normalize import key

    for text in (BASE, REPRINT, OTHER):
        k = key(text)
        mh = MinHash(num_perm=dedup.NUM_PERM, seed=1, hashfunc=zlib.crc32)
        mh.update_batch([g.encode("utf-8") for g in dedup.shingles(k)])
        assert dedup.signature(k) == mh.hashvalues.astype("<u4").tobytes()


def test_signature_from_key_bytes_equals_joined_shingles():
    # signature() slices shingles out of the encoded key when its words are separated by
    # single spaces; any other spacing, and short or repetitive keys, take the exact path.
    import zlib

    import numpy as np

    from marsad.arabic.normalize import key

    def reference(k: str) -> bytes | None:
        grams = dedup.shingles(k)
        if len(grams) < dedup.MIN_SHINGLES:
            return None
        a, b = dedup._permutations()
        hv = np.fromiter((zlib.crc32(g.encode("utf-8")) for g in grams), np.uint64, len(grams))
        x = (np.multiply.outer(hv, a) + b) % np.uint64((1 << 61) - 1)
        return (x & np.uint64((1 << 32) - 1)).min(axis=0).astype("<u4").tobytes()

    words = key(BASE).split()
    cases = [key(BASE), key(OTHER), " ".join(words[:12]), " ".join(words[:5]), "",
             " " + " ".join(words), " ".join(words) + " ", "  ".join(words),
             "\t".join(words[:20]), "\u00a0".join(words[:20]) + " x y z w v u t s r q p",
             " ".join(["حرب غزة"] * 30), " ".join(["abc", "é", "٣", "x"] * 6)]
    for k in cases:
        assert dedup.signature(k) == reference(k), repr(k[:40])


def test_a_short_boilerplate_body_is_no_duplicate_of_another_article(store):
    """A lone disclaimer under two different titles (a failed extraction) is two articles;
    the same flash re-filed under the same title is still a copy (issue 13)."""
    disclaimer = "جميع الآراء الواردة تعبر عن رأي كاتبها."
    a, b = _doc("a", disclaimer), _doc("b", disclaimer)
    a.title, b.title = "عون ينتخب رئيسا", "الحريري يكلف بتشكيل الحكومة"
    from marsad.stages.fingerprint import fingerprint

    (_, _), (_, dec) = _store_all(store, [fingerprint(a), fingerprint(b)])
    assert dec.kind is None

"""Latin and spelling-variant search on a real store: a Latin term expands only to an
entity whose Latin name is close to it, says so, and a term that names nothing finds nothing.
The articles are short original sentences written for this test."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from tests.cli.helpers import run

from marsad.server import create_app

ARTICLES = [
    ("ماس يزور المدينة", "وصل وزير الخارجية الألماني هايكو ماس إلى عمّان صباح الأحد في زيارة قصيرة. "
     "وقال هايكو ماس للصحفيين إن المحادثات كانت مفيدة، وأضاف ماس أنه سيعود الشهر المقبل."),
    ("ميسي يسجل", "سجل اللاعب ليونيل ميسي هدفين في مباراة مساء السبت. واحتفل ليونيل ميسي مع "
     "زملائه بعد الفوز، وقال ميسي إن الفريق لعب بروح عالية."),
    ("تصريح للرئيس", "قال الرئيس الأمريكي دونالد ترامب إن الاتفاق قريب. وأكد ترامب في مؤتمر "
     "صحفي أن الوفد سيسافر الأسبوع المقبل."),
    ("رد على تصريح", "انتقد معارضون تصريحات ترمب الأخيرة حول الضرائب. وقال محلل إن ترمب يريد "
     "كسب الوقت قبل الانتخابات."),
    ("لقاء في الرياض", "التقى وزير الخارجية الأمريكي مايك بومبيو نظيره في الرياض يوم الاثنين. "
     "وقال بومبيو إن اللقاء تناول ملفات إقليمية."),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    root = tmp_path_factory.mktemp("latin")
    src = root / "news.jsonl"
    src.write_text("".join(json.dumps({"id": f"t{i}", "title": t, "text": x, "source": "test",
                                       "published": f"2026-01-0{i + 1}"}, ensure_ascii=False) + "\n"
                           for i, (t, x) in enumerate(ARTICLES)), encoding="utf-8")
    run(root / "t.db", "ingest", str(src), "--no-progress")
    return root / "t.db"


def _search(db, query: str) -> dict:
    return json.loads(run(db, "search", query, "--json").stdout)


def test_latin_query_finds_the_close_entity_only(db):
    messi = _search(db, "Messi")
    assert [i["title"] for i in messi["items"]] == ["ميسي يسجل"]  # not the Maas article
    assert messi["expanded"]["from"] == "Messi" and "ميسي" in messi["expanded"]["to"]
    assert [i["title"] for i in _search(db, "Maas")["items"]] == ["ماس يزور المدينة"]
    assert [i["title"] for i in _search(db, "Pompeo")["items"]] == ["لقاء في الرياض"]
    assert "expanded: Messi → " in run(db, "search", "Messi").stdout


def test_latin_query_that_names_nothing_finds_nothing(db):
    page = _search(db, "zzzzqqq")
    assert page["total"] == 0 and page["items"] == [] and "expanded" not in page
    assert "no results" in run(db, "search", "zzzzqqq").stdout
    proc = run(db, "entity", "zzzzqqq", check=False)
    assert proc.returncode == 1 and "no entity matches" in proc.stderr
    client = TestClient(create_app(str(db), "s3cret-token"))
    assert client.get("/api/entity", params={"name": "zzzzqqq"}).status_code == 404
    found = client.get("/api/entity", params={"name": "Messi"}).json()
    assert found["latin"] == "Lionel Messi"


def test_arabic_spelling_variant_expands_and_says_so(db):
    page = _search(db, "ترمب")
    assert {i["title"] for i in page["items"]} == {"تصريح للرئيس", "رد على تصريح"}
    assert page["expanded"]["to"] == ["ترامب"]
    client = TestClient(create_app(str(db), "s3cret-token"))
    html = client.get("/search", params={"q": "Messi"}).text
    assert "وُسّع البحث" in html and "ميسي" in html


def test_entities_get_their_established_latin_names(db):
    latin = {e["name"]: e["latin"] for e in
             json.loads(run(db, "entities", "--json").stdout)["items"]}
    assert latin["مايك بومبيو"] == "Mike Pompeo"
    assert latin["الرياض"] == "Riyadh"

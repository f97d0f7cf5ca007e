"""Users correct entities and the corrections survive: `marsad entity merge|split|rename|
block`, then later ingests and `marsad annotate --rebuild` (issue 11, item 5).

Real SQLite store, the real CLI (click's runner, in process, so the tagger loads once)
and real ingests of short Arabic texts written for these tests.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.cli import cli

# Written for these tests. The tagger links the lone «الشمري» of the camel race to the
# port's «وليد الشمري» (one candidate fits the surname): the split test's conflation.
BASE = {
    "01.txt": "عمان - افتتح وزير الزراعة سامر القباني صباح الأحد معرضا للمنتجات الريفية "
              "في مدينة الزرقاء.\nوقال القباني في كلمته إن الحكومة ستدعم صغار المزارعين "
              "في محافظة المفرق.\nوحضر الافتتاح رئيس بلدية الزرقاء نبيل الحوراني.\n",
    "02.txt": "إربد - زار أبو خالد سوق الخضار المركزي في إربد، واستمع إلى شكاوى التجار.\n"
              "وأكد أبو خالد أن الوزارة ستراجع أسعار النقل بين إربد والعقبة.\n",
    "03.txt": "العقبة - أعلنت شركة موانئ الجنوب أن حركة الحاويات في العقبة ارتفعت خلال الشهر "
              "الماضي.\nوقال المدير العام للشركة وليد الشمري إن الميناء استقبل سفنا من مصر "
              "وتركيا.\n",
    "06.txt": "العقبة - التقى وليد الشمري وفدا من المستثمرين في مقر الشركة، وقال الشمري إن "
              "التوسعة ستكتمل قبل الصيف.\n",
    "07.txt": "الرياض - فاز المتسابق الشمري بالمركز الأول في سباق الهجن الذي أقيم قرب الرياض يوم "
              "الجمعة.\n",
}
LATER = {
    "abu_khalid.txt": "المفرق - قال أبو خالد خلال جولة في المفرق إن موسم الزيتون هذا العام "
                      "أفضل من سابقه.\n",
    "qabbani.txt": "الكرك - قال وزير الزراعة سامر القباني إن وزارته ستفتح مكتبا جديدا في "
                   "الكرك، وقال القباني إن المكتب سيخدم المزارعين في القرى البعيدة.\n",
    "race.txt": "الرياض - قال الشمري بعد السباق إن الجمل الفائز تدرب ستة أشهر في الصحراء.\n",
    "turkey.txt": "العقبة - رست في ميناء العقبة سفينة قادمة من تركيا تحمل مواد بناء، وقالت "
                  "مصر إنها تنتظر سفينة مماثلة.\n",
}


def marsad(db: Path, *args: str, ok: bool = True):
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def entity(db: Path, ref: str) -> dict | None:
    result = marsad(db, "entity", ref, "--json", ok=False)
    return json.loads(result.stdout) if result.exit_code == 0 else None


def ingest(db: Path, folder: Path, name: str) -> None:
    marsad(db, "ingest", str(folder / name), "--workers", "1", "--no-progress")


def rebuild(db: Path) -> None:
    marsad(db, "annotate", "--rebuild", "--workers", "1", "--no-progress")


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("texts")
    (root / "base").mkdir()
    for name, text in BASE.items():
        (root / "base" / name).write_text(text, encoding="utf-8")
    for name, text in LATER.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def base_db(texts, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("base") / "marsad.db"
    marsad(db, "ingest", str(texts / "base"), "--workers", "1", "--no-progress")
    return db


@pytest.fixture
def db(base_db, tmp_path) -> Path:
    """A private copy of the base store (SQLite's backup: the WAL comes along)."""
    path = tmp_path / "marsad.db"
    src, dst = sqlite3.connect(base_db), sqlite3.connect(path)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return path


def test_merge_moves_now_and_links_later_mentions_to_the_target(db, texts):
    a, b = entity(db, "أبو خالد"), entity(db, "سامر القباني")
    assert a and b and a["id"] != b["id"], "the tagger keeps them apart before the merge"
    out = json.loads(marsad(db, "entity", "merge", "أبو خالد", "سامر القباني",
                            "--json").stdout)
    assert out["into"]["id"] == b["id"] and out["into"]["mentions"] == a["mentions"] + b["mentions"]
    assert entity(db, str(a["id"])) is None  # gone
    assert entity(db, "أبو خالد")["id"] == b["id"]

    ingest(db, texts, "abu_khalid.txt")  # names only «أبو خالد»
    after = entity(db, "سامر القباني")
    assert after["articles"] == out["into"]["articles"] + 1
    assert any("الزيتون" in m["sentence"] for m in after["mentions_in_context"])
    assert entity(db, "أبو خالد")["id"] == after["id"]

    rebuild(db)  # new ids: the override goes by names
    assert entity(db, "أبو خالد")["id"] == entity(db, "سامر القباني")["id"]
    assert entity(db, "سامر القباني")["mentions"] == after["mentions"]


def test_split_moves_now_and_keeps_the_names_apart_later(db, base_db, texts):
    walid = entity(db, "وليد الشمري")
    assert {"الشمري", "وليد الشمري"} <= {a["alias"] for a in walid["aliases"]}
    out = json.loads(marsad(db, "entity", "split", "وليد الشمري", "الشمري", "--json").stdout)
    racer = out["new"]
    assert racer["id"] != walid["id"] and racer["name"] == "الشمري"
    assert out["entity"]["mentions"] + racer["mentions"] == walid["mentions"]
    assert entity(db, "الشمري")["id"] == racer["id"]

    ingest(db, texts, "race.txt")  # a lone «الشمري»: without the split it joins Walid
    assert entity(base_db, "الشمري")["id"] == walid["id"]  # (the unsplit store)
    # with it, the lone name stays apart from Walid (a lone name joins no other lone use)
    assert entity(db, "وليد الشمري")["mentions"] == out["entity"]["mentions"]

    rebuild(db)
    walid2, racer2 = entity(db, "وليد الشمري"), entity(db, "الشمري")
    assert walid2["id"] != racer2["id"]
    assert {a["alias"] for a in walid2["aliases"]} == {"وليد الشمري"}
    assert walid2["mentions"] == out["entity"]["mentions"]


def test_rename_is_kept_through_ingest_and_rebuild(db, texts):
    old = entity(db, "سامر القباني")
    marsad(db, "entity", "rename", "سامر القباني", "سامر عادل القباني",
           "--latin", "Samer Adel Qabbani")
    # two spellings in one article: ingest would rename to its most used full form
    ingest(db, texts, "qabbani.txt")
    for ref in ("سامر القباني", "Samer Adel Qabbani", "سامر عادل القباني"):
        e = entity(db, ref)
        assert (e["id"], e["name"], e["latin"]) == (old["id"], "سامر عادل القباني",
                                                    "Samer Adel Qabbani"), ref
    rebuild(db)
    e = entity(db, "Samer Adel Qabbani")
    assert (e["name"], e["latin"]) == ("سامر عادل القباني", "Samer Adel Qabbani")
    assert e["mentions"] == old["mentions"] + 2


def test_block_removes_the_name_and_keeps_it_out(db, texts):
    # a country stands in for tagger junk: any tagger tags it the same way
    assert entity(db, "تركيا") is not None
    egypt = entity(db, "مصر")
    out = json.loads(marsad(db, "entity", "block", "تركيا", "--json").stdout)
    assert out["mentions_removed"] == 1 and len(out["entities_removed"]) == 1
    assert entity(db, "تركيا") is None
    ingest(db, texts, "turkey.txt")
    assert entity(db, "تركيا") is None
    assert entity(db, "مصر")["articles"] == egypt["articles"] + 1  # the rest is tagged
    rebuild(db)
    assert entity(db, "تركيا") is None
    assert entity(db, "مصر")["articles"] == egypt["articles"] + 1


def test_overrides_are_listed_and_unoverride_acts_on_later_runs(db):
    marsad(db, "entity", "block", "تركيا", "--type", "LOC")
    marsad(db, "entity", "rename", "وليد الشمري", "م. وليد الشمري")
    page = json.loads(marsad(db, "entity", "overrides", "--json").stdout)
    assert [o["kind"] for o in page["items"]] == ["block", "rename"] and page["total"] == 2
    block = page["items"][0]
    assert (block["names"], block["type"]) == (["تركيا"], "LOC")
    assert "overrides" in marsad(db, "entity", "overrides").stdout

    out = marsad(db, "entity", "unoverride", str(block["id"])).stdout
    assert "later ingests" in out
    assert entity(db, "تركيا") is None  # stored rows keep the correction...
    rebuild(db)
    assert entity(db, "تركيا") is not None  # ...until a rebuild without the override
    assert entity(db, "وليد الشمري")["name"] == "م. وليد الشمري"
    missing = marsad(db, "entity", "unoverride", str(block["id"]), ok=False)
    assert missing.exit_code == 1 and "no override" in missing.output


def test_bad_corrections_are_one_line_errors(db):
    for args, says in [
        (("merge", "Zyxwv Qqq", "سامر القباني"), "no entity"),
        (("merge", "سامر القباني", "سامر القباني"), "already one entity"),
        (("split", "وليد الشمري", "أبو خالد"), "not aliases"),
        (("split", "وليد الشمري", "وليد الشمري", "الشمري"), "nothing would stay"),
        (("block", "..."), "letters"),
    ]:
        result = marsad(db, "entity", *args, ok=False)
        assert result.exit_code == 1 and says in result.output, (args, result.output)
        assert len(result.output.strip().splitlines()) == 1
    assert json.loads(marsad(db, "entity", "overrides", "--json").stdout)["total"] == 0


def test_entity_ref_still_shows_an_entity(db):
    by_name = entity(db, "سامر القباني")
    assert json.loads(marsad(db, "entity", "show", str(by_name["id"]), "--json").stdout) \
        == by_name
    assert json.loads(marsad(db, "entity", "--json", "سامر القباني").stdout)["id"] \
        == by_name["id"]
    assert "merge" in marsad(db, "entity", "--help").stdout

"""Bad input: one clear line each, counted, never fatal to the batch; exit codes mean something."""

from __future__ import annotations

import gzip
import io
import json

import click
import pytest
from tests.cli.helpers import run

from marsad.cli import cli

GOOD = (
    "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة بسعة مئتي سرير، وقال الوزير إن "
    "المستشفى سيخدم أكثر من نصف مليون نسمة في المحافظة والمناطق المجاورة لها.\n"
    "وأضاف أن العمل في المشروع استمر ثلاث سنوات بتكلفة بلغت عشرات الملايين.\n"
)


def _warc_bytes() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for i in range(3):
        html = (f"<html><head><title>خبر {i}</title></head><body><article><h1>خبر {i}</h1>"
                f"<p>{GOOD.replace(chr(10), '</p><p>')} {i}</p></article></body></html>")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        rec = writer.create_warc_record(f"http://example.test/{i}", "response",
                                        payload=io.BytesIO(html.encode()),
                                        http_headers=headers)
        writer.write_record(rec)
    return buf.getvalue()


@pytest.fixture
def messy(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text("مستشفى جديد في المدينة\n\n" + GOOD, encoding="utf-8")
    (d / "good-cp1256.txt").write_bytes(("افتتاح مستشفى\n\n" + GOOD + "نهاية.").encode("cp1256"))
    (d / "empty.txt").write_bytes(b"")
    (d / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (d / "broken.html").write_text("<html><body><div><p>" + GOOD[:120], encoding="utf-8")
    warc = _warc_bytes()
    (d / "cut.warc.gz").write_bytes(warc[: len(warc) * 2 // 3])
    gz = gzip.compress(b"".join(
        json.dumps({"id": i, "text": GOOD + str(i)}, ensure_ascii=False).encode() + b"\n"
        for i in range(5)))
    (d / "cut.jsonl.gz").write_bytes(gz[: len(gz) - 20])
    (d / "bad.jsonl").write_text('{"id": 1, "text": "' + GOOD.replace("\n", " ") + '"}\n{oops\n',
                                 encoding="utf-8")
    return d


def test_a_messy_folder_goes_in_with_each_failure_named(messy, tmp_path):
    db = tmp_path / "m.db"
    proc = run(db, "ingest", str(messy), "--json")
    s = json.loads(proc.stdout)
    assert s["new"] >= 5  # the two text files, the readable WARC record(s), JSONL records
    reasons = " | ".join(f"{f['origin']}: {f['reason']}" for f in s["failures"])
    assert "empty file" in reasons
    assert "binary file" in reasons
    assert "truncated" in reasons  # WARC and gzip
    assert "invalid JSON" in reasons
    assert all("\n" not in f["reason"] for f in s["failures"])
    assert s["failed"] == len(s["failures"]) == sum(s["failure_reasons"].values())
    human = run(db, "ingest", str(messy), "--no-progress").stdout
    assert "already stored" in human


def test_cp1256_text_equals_its_utf8_twin(tmp_path):
    body = "قال المتحدث: «الوضع مستقر»؛ هل من جديد؟\n\n" + GOOD
    (tmp_path / "a.txt").write_text(body, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(body.encode("cp1256"))
    db = tmp_path / "m.db"
    s = json.loads(run(db, "ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                       "--json").stdout)
    assert s["new"] == 2 and s["exact_duplicates"] == 1


def test_exit_codes(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    db = tmp_path / "m.db"
    assert run(db, "ingest", str(tmp_path / "empty.txt"), check=False).returncode == 1
    assert run(db, "ingest", str(tmp_path / "nope.txt"), check=False).returncode == 1
    assert run(db, "ingest", check=False).returncode == 2  # usage: no target
    assert run(db, "article", "999", check=False).returncode == 1
    bad = run(db, "ingest", "x.jsonl", "--map", "nonsense", check=False)
    assert bad.returncode == 2 and "FIELD=NAME" in bad.stderr


def _commands(group: click.Group, prefix=()):
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))
        else:
            yield (*prefix, name), cmd


def test_every_command_has_help_with_an_example():
    for path, cmd in _commands(cli):
        assert cmd.help and "Example:" in cmd.help, " ".join(path)


def test_db_is_taken_after_the_command_too(tmp_path):
    # issue 16: `marsad ingest FILE --db X` failed with "No such option '--db'"
    import os
    import subprocess
    import sys

    src = tmp_path / "a.txt"
    src.write_text(GOOD, encoding="utf-8")
    db = tmp_path / "after.db"
    env = {k: v for k, v in os.environ.items() if k != "MARSAD_DB"}
    cmd = [sys.executable, "-m", "marsad.cli"]
    ingest = subprocess.run([*cmd, "ingest", str(src), "--db", str(db), "--no-progress"],
                            capture_output=True, text=True, env=env, cwd=tmp_path)
    assert ingest.returncode == 0, ingest.stderr
    assert db.exists() and not (tmp_path / "marsad.db").exists()
    listed = subprocess.run([*cmd, "articles", f"--db={db}", "--json"], capture_output=True,
                            text=True, env=env, cwd=tmp_path)
    assert json.loads(listed.stdout)["total"] == 1

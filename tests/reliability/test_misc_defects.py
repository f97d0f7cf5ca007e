"""Issue 15 (12): a file that is not a database is one line, not a traceback; an upload
with a 300-byte name is stored; serving beyond loopback warns."""

from __future__ import annotations

from tests.cli.helpers import run

TOKEN = "misc-token-for-tests"


def test_a_file_that_is_not_a_database_is_one_line(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("this is not a database, only text " * 10, encoding="utf-8")
    for args in (("stats",), ("articles", "--json"), ("ingest", str(bad))):
        proc = run(bad, *args, check=False)
        assert proc.returncode != 0
        assert "Traceback" not in proc.stderr
        assert "not a database" in proc.stderr


def test_an_upload_with_a_very_long_name_is_stored(tmp_path):
    from fastapi.testclient import TestClient

    from marsad.server import create_app

    client = TestClient(create_app(str(tmp_path / "m.db"), TOKEN))
    name = "مقال_" * 60 + ".txt"  # ~600 bytes of UTF-8
    body = "عنوان الخبر\nنص عربي سليم طويل بما يكفي للتخزين في قاعدة البيانات هنا.\n"
    resp = client.post("/api/ingest/upload", files={"file": (name, body.encode(), "text/plain")},
                       headers={"Authorization": f"Bearer {TOKEN}"})
    assert resp.status_code == 200, resp.text
    assert resp.json()["new"] == 1


def test_serving_beyond_loopback_warns(tmp_path):
    import os
    import socket
    import subprocess
    import time

    from tests.cli.helpers import MARSAD

    db = tmp_path / "s.db"
    run(db, "ingest", "--no-progress", str(_one_article(tmp_path)))
    with socket.socket() as s:
        s.bind(("0.0.0.0", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "MARSAD_TOKEN"}
    env["MARSAD_DB"] = str(db)
    proc = subprocess.Popen([*MARSAD, "serve", "--host", "0.0.0.0", "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(3)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert "warning: listening on 0.0.0.0" in err and "writes are off" in err


def _one_article(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("عنوان الخبر\nنص عربي سليم طويل بما يكفي للتخزين في قاعدة البيانات.\n",
                 encoding="utf-8")
    return p

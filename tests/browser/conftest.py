"""A real `marsad serve` over the demo corpus plus hostile articles, and a real Chromium.

The browser is Debian's /usr/bin/chromium (`make test` installs it); Playwright never
downloads one. One browser per session keeps the folder fast.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytest.importorskip("fastapi", reason="the dashboard needs marsad[server]")
pytest.importorskip("jinja2", reason="the dashboard needs marsad[server]")

CHROMIUM = "/usr/bin/chromium"

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]

# Every place markup could slip through: a script element, an event handler on an
# element, and an attribute break-out into a new element.
PAYLOAD = ('<script>window.__xss=1</script><img src=x onerror="window.__xss=1">'
           '"><svg onload="window.__xss=1">')
# A word no demo article uses, so a search lands on the hostile articles only.
HOSTILE_WORD = "زمرّدية"


def _hostile_inputs(folder: Path) -> list[str]:
    """The same attack as plain text, HTML and JSONL (title, outlet, URL, body)."""
    body = (f"نص عربي عن الحجارة {HOSTILE_WORD} يحمل شيفرة خبيثة {PAYLOAD} في وسطه، "
            f"ثم يكمل الكلام عن الأسواق والحجارة {HOSTILE_WORD} النادرة بعد ذلك.")
    text = folder / "hostile.txt"
    text.write_text(f"عنوان خبيث {PAYLOAD}\n\nالمصدر: {PAYLOAD}\n\n{body} (نص)\n\n"
                    f"سطر ثان من المقال العادي عن السوق {HOSTILE_WORD} والتجار.\n",
                    encoding="utf-8")
    esc = (PAYLOAD.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
           .replace('"', "&quot;"))
    page = folder / "hostile.html"
    page.write_text(
        f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>عنوان صفحة خبيثة {esc}</title>"
        f'<meta property="og:title" content="عنوان صفحة خبيثة {esc}">'
        f'<meta property="og:site_name" content="موقع {esc}">'
        f'<meta property="og:url" content="https://evil.example/a?x=&quot;&gt;&lt;svg onload=window.__xss=1&gt;">'
        f'<meta property="article:published_time" content="2026-06-02T10:00:00+00:00">'
        f"</head><body><article><h1>عنوان صفحة خبيثة {esc}</h1>"
        f"<p>{body.replace(PAYLOAD, esc)} (صفحة)</p>"
        f"<p>فقرة ثانية طويلة بما يكفي ليعدها المستخرج نصاً من المقال عن السوق {HOSTILE_WORD} "
        f"والتجار والأسعار التي ارتفعت هذا الأسبوع في المدينة القديمة.</p>"
        f"</article></body></html>", encoding="utf-8")
    jsonl = folder / "hostile.jsonl"
    jsonl.write_text(json.dumps({
        "id": "hostile-1", "url": "javascript:window.__xss=1//" + PAYLOAD,
        "title": f"عنوان JSON خبيث {PAYLOAD}", "source": f"وكالة {PAYLOAD}",
        "published": "2026-06-03",
        # a quotation, so the payload also reaches the quote lists of story and speaker
        "text": f"{body} (JSON)\nوقال التاجر محمود الزمردي إن «الحجارة {PAYLOAD} نادرة هذا "
                f"العام في السوق».\n{PAYLOAD}</script>",
    }, ensure_ascii=False) + "\n", encoding="utf-8")
    return [str(text), str(page), str(jsonl)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def dash_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus plus the hostile articles, ingested as a user would."""
    from marsad import service
    from marsad.store import SQLiteStore

    folder = tmp_path_factory.mktemp("browser")
    db = folder / "dash.db"
    store = SQLiteStore(db)
    summary = service.ingest(store, [*service.demo_targets(), *_hostile_inputs(folder)],
                             workers=1)
    store.close()
    assert summary.as_dict()["failed"] == 0, summary.as_dict()
    return db


def serve(db: Path, token: str | None = None) -> tuple[subprocess.Popen, str]:
    """A real `marsad serve` over `db` (writes on with `token`), once it answers."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "MARSAD_TOKEN"}
    if token:
        env["MARSAD_TOKEN"] = token
    proc = subprocess.Popen([sys.executable, "-m", "marsad.cli", "--db", str(db), "serve",
                             "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/api/stats", timeout=2).close()
            return proc, base
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"marsad serve did not start: {proc.stderr.read()}") from None
            time.sleep(0.2)


@pytest.fixture(scope="session")
def server(dash_db: Path) -> Iterator[str]:
    """Base URL of a real `marsad serve` over `dash_db`."""
    proc, base = serve(dash_db)
    yield base
    proc.terminate()
    proc.communicate(timeout=20)


def api(base: str, path: str) -> dict:
    with urllib.request.urlopen(base + path, timeout=10) as resp:
        return json.loads(resp.read().decode("utf-8"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is absent (make test installs Debian's chromium)")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright comes with marsad[dev]")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


class Watched:
    """A page plus what went wrong on it: console errors, page errors, dialogs."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    w = Watched(context.new_page())
    yield w
    context.close()
    assert w.errors == [], w.errors
    assert w.dialogs == [], w.dialogs

"""The ingest progress bar moves per document (issue 16: it jumped 256 at a time)."""

from __future__ import annotations

import json

from marsad import service
from marsad.ingest import ReadOptions
from marsad.store import SQLiteStore


def test_progress_is_reported_per_document_and_adds_up(tmp_path):
    rows = [{"id": str(i), "title": f"خبر رقم {i}",
             "text": f"نص الخبر رقم {i} عن موضوع مختلف في كل مرة حتى لا يتكرر المحتوى {i * 7919}."}
            for i in range(300)]
    rows.append({"id": "bad", "text": ""})  # a record that fails still counts as read
    path = tmp_path / "p.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    calls: list[int] = []
    store = SQLiteStore(tmp_path / "p.db")
    summary = service.ingest(store, [str(path)], ReadOptions(), workers=1,
                             on_progress=calls.append, annotations=False)
    assert sum(calls) == summary.read + summary.failed == 301
    assert calls.count(1) >= 299 and max(calls) <= 2  # per document, never per batch
    # a second run skips everything: still one tick per input read
    calls.clear()
    again = service.ingest(store, [str(path)], ReadOptions(), workers=1,
                           on_progress=calls.append, annotations=False)
    assert again.skipped == 300 and sum(calls) == 301

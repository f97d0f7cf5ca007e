"""`marsad annotate` on a pool: an article that kills its worker every time it is tried is
quarantined (counted as failed) and the run finishes, as an ingest does. The pool once
got store rows, which carry no origin, so naming the quarantined one crashed the run."""

from __future__ import annotations

import json
import os

from marsad import service
from marsad.runners import annotate as annotate_mod
from marsad.store import SQLiteStore

# Written for this test: short Arabic news sentences, one of them marked to kill its worker.
POISON = "كلمة-قاتلة"
_real = annotate_mod._annotate_docs


def _dies_on_poison(docs):
    if any(POISON in d.text for d in docs):
        os._exit(9)  # as the OOM killer would: no exception, no cleanup
    return _real(docs)


def test_an_article_that_kills_its_worker_is_quarantined(tmp_path, monkeypatch):
    n = 80  # over MIN_DOCS_FOR_POOL, so a pool runs
    path = tmp_path / "a.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            text = (f"قال وزير المالية في بيان رقم {i} إن الحكومة ستعلن خطة جديدة "
                    f"للاقتصاد خلال الأسبوع المقبل." + (f" {POISON}" if i == 17 else ""))
            f.write(json.dumps({"id": f"d{i}", "title": f"خبر {i}", "text": text},
                               ensure_ascii=False) + "\n")
    store = SQLiteStore(str(tmp_path / "a.db"))
    try:
        service.ingest(store, [str(path)], annotations=False)
        monkeypatch.setattr(annotate_mod, "_annotate_docs", _dies_on_poison)
        summary = annotate_mod.annotate(store, workers=2)
        assert summary.failed == 1
        assert summary.articles == n - 1
        # every article is marked, the quarantined one too: a second run has nothing left
        assert store.unannotated(10) == []
    finally:
        store.close()

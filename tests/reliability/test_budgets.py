"""Issue 15 (5): inputs built to make a stage quadratic finish in bounded time."""

from __future__ import annotations

import time

from marsad.pipeline import process
from marsad.records import Document


def test_a_long_run_of_stacked_diacritics_is_cheap():
    # `python3 -c "print('ب'+'\u064e\u0651'*100000+' نص')"`: clean took 30 s on it (NFC's
    # canonical ordering is quadratic in a run of marks)
    raw = "عنوان\n" + "ب" + "\u064e\u0651" * 200_000 + " نص عربي بعده."
    started = time.perf_counter()
    out = process(Document(origin="marks.txt", raw=raw))
    assert time.perf_counter() - started < 5
    assert isinstance(out, list) and "نص عربي بعده" in out[0].text
    assert out[0].text.count("\u0651") <= 8


def test_a_table_of_many_numbers_is_tagged_in_linear_time():
    # 20k numbered lines: each distinct number was searched for through the whole text
    from marsad.arabic.timex import find_timexes

    text = "\n".join(f"البند رقم {i} بقيمة {i * 3} ريال." for i in range(30_000))
    started = time.perf_counter()
    find_timexes(text)
    assert time.perf_counter() - started < 10

"""Rebuild the third-party parts of the merge-quality set (ids, offsets and labels only).

    python eval/merge/build.py [--shared ../shared]

Writes, next to this file:
  translit_pairs.tsv  same/different decisions between Arabic spellings of names in the
                      translit sources, by line number (1-based) into ../shared files.
                      same = the two lines give the same Latin name (accents and case
                      folded); different = their Latin names are at least 3 edits apart.
                      The hard negatives share their first 3 letters (after key()) and
                      differ in length by at most one letter. Selection is by a hash of
                      the line numbers, so rebuilding gives the same file.
                      A last column splits them into dev and test halves.
  seeds.tsv           name mentions in ../shared/seeds: file, start, end, type, cluster.
                      The clusters are our labels (one real-world entity each); the
                      patterns below only locate the mentions.
Neither file holds any text of the sources. own.tsv (our own text) is written by hand.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.arabic.normalize import key  # noqa: E402
from marsad.translit.lookup import edit_distance  # noqa: E402

SOURCES = {
    "anetac_ne": "data/translit/anetac/EN-AR Named-entities.txt",
    "wikidata": "data/translit/wikidata_coling2018/wd_arabic.normalized.aligned.tokens",
    "google": "data/translit/google_ar2en/ar2en.txt",
}
N_POSITIVE = 1500
N_NEGATIVE = 1500
MIN_NEGATIVE_EDITS = 3

# cluster, type, pattern. A leading clitic is part of the mention, as NER tags it.
SEED_PATTERNS = [
    ("putin", "PER", r"(?:الرئيس الروسي )?(?:فلاديمير )?[وب]?بوتين|بوتن"),
    ("kim_jong_un", "PER", r"(?:(?:ال)?زعيم (?:الكوري الشمالي|كوريا الشمالية) )?[وب]?كيم(?: جون[غج] أون)?"),
    ("blinken", "PER", r"بلينكن"),
    ("lavrov", "PER", r"لافروف"),
    ("zelensky", "PER", r"زيلينسكي"),
    ("biden", "PER", r"بايدن"),
    ("trump", "PER", r"ترامب"),
    ("north_korea", "LOC", r"[وبل]?كوريا الشمالية"),
    ("south_korea", "LOC", r"[وبل]?كوريا الجنوبية"),
    ("pyongyang", "LOC", r"و?بيون[غج] يان[غج]"),
    ("russia", "LOC", r"[وبل]?روسيا"),
    ("moscow", "LOC", r"[وبل]?موسكو"),
    ("washington", "LOC", r"واشنطن(?! بوست)"),
    ("usa", "LOC", r"(?:و|ب|ل|وب|ول)?(?:ال|ل)ولايات المتحدة"),
    ("ukraine", "LOC", r"[وبل]?أوكرانيا"),
    ("china", "LOC", r"و?الصين"),
    ("japan", "LOC", r"و?اليابان"),
    ("vietnam", "LOC", r"و?فيتنام"),
    ("seoul", "LOC", r"سيول"),
    ("nato", "ORG", r"و?حلف شمال الأطلسي|و?حلف الناتو|الناتو"),
    ("un", "ORG", r"الأمم المتحدة"),
    ("unsc", "ORG", r"ل?مجلس الأمن"),
    ("washington_post", "ORG", r"واشنطن بوست"),
    ("wsj", "ORG", r"وول ستريت جورنال"),
    ("pentagon", "ORG", r"البنتاجون|البنتاغون"),
    ("kremlin", "ORG", r"و?الكرملين"),
]
_EDGE_BEFORE = r"(?<![\w\u0600-\u06FF])"
_EDGE_AFTER = r"(?![\w\u0600-\u06FF])"


def _latin(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.casefold())
    return "".join(c for c in s if "a" <= c <= "z")


def read_source(shared: Path, name: str) -> list[tuple[int, str, str]]:
    """(line number, arabic, latin) of a translit source."""
    out = []
    lines = (shared / SOURCES[name]).read_text(encoding="utf-8").splitlines()
    for no, ln in enumerate(lines, 1):
        if name == "anetac_ne":
            parts = ln.split(" ")
            if len(parts) != 3:
                continue
            ar, en = parts[2], parts[1]
        elif name == "wikidata":
            parts = ln.split("\t")
            ar, en = parts[1].replace(" ", ""), parts[0]
        else:
            parts = ln.split("\t")
            if len(parts) != 2:
                continue
            ar, en = parts
        if _latin(en) and ar.strip():
            out.append((no, ar, en))
    return out


def _h(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()


def translit_pairs(shared: Path) -> list[tuple[str, int, str, int, str, str]]:
    entries = [(src, no, ar, _latin(en)) for src in SOURCES for no, ar, en in read_source(shared, src)]
    by_latin: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for src, no, ar, en in entries:
        by_latin[en].append((src, no, ar))
    positives = []
    for _en, rows in by_latin.items():
        for i in range(len(rows)):
            for j in range(i + 1, len(rows)):
                a, b = rows[i], rows[j]
                if key(a[2]) != key(b[2]):
                    positives.append((a[0], a[1], b[0], b[1], "same"))
    positives.sort(key=lambda p: _h(*p))
    by_prefix: dict[str, list[tuple[str, int, str, str]]] = defaultdict(list)
    for src, no, ar, en in entries:
        k = key(ar)
        if len(k) >= 4:
            by_prefix[k[:3]].append((src, no, k, en))
    negatives = []
    for _prefix, rows in sorted(by_prefix.items()):
        rows = sorted(rows, key=lambda r: _h(r[0], r[1]))[:40]
        for i in range(len(rows)):
            for j in range(i + 1, len(rows)):
                a, b = rows[i], rows[j]
                if abs(len(a[2]) - len(b[2])) <= 1 and a[2] != b[2] \
                        and edit_distance(a[3], b[3]) >= MIN_NEGATIVE_EDITS:
                    negatives.append((a[0], a[1], b[0], b[1], "different"))
    negatives.sort(key=lambda p: _h(*p))
    chosen = positives[:N_POSITIVE] + negatives[:N_NEGATIVE]
    # half the pairs (by hash) are for looking at errors and tuning the keys; the gate
    # and the reported numbers use the other half only
    return [(*p, "dev" if int(_h(*p)[:8], 16) % 2 else "test") for p in chosen]


def seed_mentions(shared: Path) -> list[tuple[str, int, int, str, str]]:
    out = []
    for path in sorted((shared / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        taken: list[tuple[int, int]] = []
        for cluster, type_, pattern in SEED_PATTERNS:
            for m in re.finditer(_EDGE_BEFORE + f"(?:{pattern})" + _EDGE_AFTER, text):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                out.append((path.name, m.start(), m.end(), type_, cluster))
    return sorted(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    pairs = translit_pairs(args.shared)
    with open(HERE / "translit_pairs.tsv", "w", encoding="utf-8") as f:
        f.write("# source_a\tline_a\tsource_b\tline_b\tlabel\tsplit  (built by eval/merge/build.py)\n")
        for row in pairs:
            f.write("\t".join(map(str, row)) + "\n")
    mentions = seed_mentions(args.shared)
    with open(HERE / "seeds.tsv", "w", encoding="utf-8") as f:
        f.write("# file\tstart\tend\ttype\tcluster  (built by eval/merge/build.py)\n")
        for row in mentions:
            f.write("\t".join(map(str, row)) + "\n")
    print(f"{len(pairs)} translit pairs, {len(mentions)} seed mentions")
    return 0


if __name__ == "__main__":
    sys.exit(main())

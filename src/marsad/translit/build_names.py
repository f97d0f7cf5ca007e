"""Compile the table of established Latin spellings, and measure it on held-out pairs.

    python -m marsad.translit.build_names build [--shared ../shared] [--out src/marsad/translit/model]
    python -m marsad.translit.build_names eval  [--shared ../shared]

Sources (../shared/data, see each SOURCE.txt): Wikidata person-name tokens with their
counts (CC0), ANETAC pairs and named-entity list, Google ar2en pairs, the PyPI name-variant
and arabnamer token tables (tokens), CLDR territories and GeoNames cities (whole names).
For every Arabic name key the Latin rendering with the most support wins. `eval` builds
the table without the held-out pairs (ANETAC dev/test, Google eval/test) and scores
whole-name exact match of `latin_name` with and without the table. Only key → spelling →
count rows are written, no source line.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

from marsad.arabic.names import name_key

from .dictionary import NAMES_FILE, NameTable, article_form, display_latin, fold_latin
from .model import normalize_arabic

TRANSLIT = Path("data/translit")
GAZ = Path("data/gazetteers/from_pypi")
# A gazetteer's whole name is its established English name: it outweighs any token count.
GAZ_WEIGHT = 1000
# Rows whose Latin is far longer or shorter than the Arabic are misalignments (a whole name
# aligned to one token, a translation such as "trump → ورقة رابحة"): Arabic drops short
# vowels, so Latin runs ~1-2.5 letters per Arabic letter.
MAX_LATIN_PER_LETTER = 3.0
MIN_LATIN_PER_LETTER = 0.5
MIN_LATIN = 2

Pair = tuple[str, str, int]  # arabic, latin, count
# Equal counts are settled by the source: Wikidata's labels, then Google's Wikipedia pairs,
# then ANETAC's mined pairs, then the PyPI tables (ميسي: Messi, not ANETAC's Mesi).
_PRIO = {"wikidata": 3, "google": 2, "anetac": 1, "pypi": 0}


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8-sig").splitlines()


def _anetac(d: Path, splits: tuple[str, ...]) -> list[tuple[str, str]]:
    out = []
    for split in splits:
        ar = _lines(d / f"anetac/translit_{split}.ar")
        en = _lines(d / f"anetac/translit_{split}.en")
        out += [(a.replace(" ", ""), e.replace(" ", "")) for a, e in zip(ar, en, strict=True)]
    return out


def _google(d: Path, names: tuple[str, ...]) -> list[tuple[str, str]]:
    out = []
    for name in names:
        for ln in _lines(d / "google_ar2en" / name):
            parts = ln.split("\t")
            if len(parts) == 2:
                out.append((parts[0], parts[1]))
    return out


def heldout(shared: Path) -> dict[str, list[tuple[str, str]]]:
    d = shared / TRANSLIT
    return {"anetac_dev": _anetac(d, ("dev",)), "anetac_test": _anetac(d, ("test",)),
            "google_eval": _google(d, ("ar2en-eval.txt",)),
            "google_test": _google(d, ("ar2en-test.txt",))}


def anetac_types(shared: Path) -> dict[str, str]:
    """Folded English name → ANETAC class (PERSON, LOCATION, ORGANIZATION)."""
    out: dict[str, str] = {}
    for ln in _lines(shared / TRANSLIT / "anetac/EN-AR Named-entities.txt"):
        parts = ln.split(" ")
        if len(parts) == 3:
            out.setdefault(fold_latin(parts[1]), parts[0])
    return out


_SOURCE: dict[tuple[str, str], str] = {}  # (name key, folded Latin) → best source naming it


def token_pairs(shared: Path, exclude: set[tuple[str, str]]) -> Iterator[Pair]:
    """(arabic token, latin, count) from every token source; `exclude` drops held-out pairs
    (name_key, folded Latin) from the sources they were drawn from (ANETAC, Google)."""
    d = shared / TRANSLIT
    for ln in _lines(d / "wikidata_coling2018/wd_arabic.normalized.aligned.tokens"):
        parts = ln.split("\t")
        if len(parts) == 3 and parts[2].isdigit():
            _SOURCE[(name_key(parts[1].replace(" ", "")), fold_latin(parts[0]))] = "wikidata"
            yield parts[1].replace(" ", ""), parts[0], int(parts[2])
    for ar, en in _google(d, ("ar2en.txt",)):
        _SOURCE.setdefault((name_key(ar), fold_latin(en)), "google")
    drawn = _anetac(d, ("train", "dev", "test")) + _google(d, ("ar2en.txt",))
    for ln in _lines(d / "anetac/EN-AR Named-entities.txt"):
        parts = ln.split(" ")
        if len(parts) == 3:
            drawn.append((parts[2], parts[1]))
    seen = set()
    for ar, en in drawn:
        k = (name_key(ar), fold_latin(en))
        # the same pair in several files of one source (ANETAC splits and its list, Google's
        # full file and its splits) is one attestation
        if k not in exclude and k not in seen:
            seen.add(k)
            _SOURCE.setdefault(k, "anetac")
            yield ar, en, 1
    g = shared / GAZ
    for ln in _lines(g / "name_variants_arabic_romanizations.tsv")[1:]:
        cols = ln.split("\t")
        if len(cols) >= 2 and cols[1]:
            yield cols[0], cols[1].split("|")[0], 1
    for en, ar in json.loads((g / "arabnamer_dict_FINAL.json").read_text(encoding="utf-8")).items():
        if " " not in ar.strip():
            yield ar, en, 1


def whole_pairs(shared: Path) -> Iterator[Pair]:
    g = shared / GAZ
    for ln in _lines(g / "cldr_ar_territories.tsv")[1:]:
        cols = ln.split("\t")
        if len(cols) == 3:
            yield cols[1], cols[2], GAZ_WEIGHT * 10  # CLDR's English names beat a city's
    best: dict[str, tuple[int, str]] = {}  # name key → (population, arabic<TAB>english)
    for ln in _lines(g / "geonames_cities15000_ar.tsv")[1:]:
        cols = ln.split("\t")
        if len(cols) < 5 or not cols[3].isdigit():
            continue
        for ar in cols[4].split("|"):
            k = name_key(ar)
            # one Arabic name, several cities (الرياض: Riyadh and a town of 24k): the largest
            if k and (k not in best or int(cols[3]) > best[k][0]):
                best[k] = (int(cols[3]), ar + "\t" + cols[1])
    for _, row in best.values():
        ar, en = row.split("\t")
        yield ar, en, GAZ_WEIGHT


def _plausible(ar: str, latin: str) -> bool:
    letters = normalize_arabic(ar)
    folded = fold_latin(latin)
    if not letters or len(folded) < MIN_LATIN:
        return False
    if not all("\u0621" <= c <= "\u064a" or c == " " for c in letters):
        return False
    n = len(letters.replace(" ", ""))
    return MIN_LATIN_PER_LETTER * n <= len(folded) <= MAX_LATIN_PER_LETTER * n + 2


def compile_table(tokens: Iterator[Pair], wholes: Iterator[Pair]) -> NameTable:
    """Most supported rendering per Arabic key; spellings that fold alike pool their counts."""
    def winners(pairs: Iterator[Pair], single: bool) -> dict[str, tuple[str, int]]:
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        shown: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for ar, en, n in pairs:
            latin = display_latin(en)
            if (single and (" " in ar.strip() or " " in latin)) or not _plausible(ar, latin):
                continue
            k, f = name_key(ar), fold_latin(latin)
            counts[k][f] += n
            shown[(k, f)][latin] += n
        out = {}
        for k, row in counts.items():
            f, n = min(row.items(), key=lambda kv: (
                -kv[1], -_PRIO[_SOURCE.get((k, kv[0]), "pypi")], kv[0]))
            latin = min(shown[(k, f)].items(), key=lambda kv: (-kv[1], kv[0]))[0]
            out[k] = (article_form(k, latin) if single else latin, n)
        return out

    return NameTable(winners(wholes, single=False), winners(tokens, single=True))


def write(names: NameTable, path: Path) -> None:
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("# kind\tname_key\tlatin\tsupport  (marsad.translit.build_names)\n")
        for kind, rows in (("W", names.whole), ("T", names.tokens)):
            for k in sorted(rows):
                f.write(f"{kind}\t{k}\t{rows[k][0]}\t{rows[k][1]}\n")


def score(spell: Callable[[str], str | None], pairs: list[tuple[str, str]],
          types: dict[str, str]) -> dict[str, dict[str, float]]:
    """Whole-name exact match after the case/accent/hyphen/apostrophe/space fold, by type."""
    hits: Counter[str] = Counter()
    n: Counter[str] = Counter()
    for ar, en in pairs:
        ref = fold_latin(en)
        if not ref:
            continue
        ok = fold_latin(spell(ar) or "") == ref
        for t in ("all", types.get(ref, "")):
            if t:
                n[t] += 1
                hits[t] += ok
    return {t: {"n": n[t], "exact": round(hits[t] / n[t], 4)} for t in n}


def main(argv: list[str] | None = None) -> int:
    from .known import known_latin, spell

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("build", "eval"))
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, default=Path("src/marsad/translit/model"))
    args = parser.parse_args(argv)
    t0 = time.time()
    if args.command == "build":
        names = compile_table(token_pairs(args.shared, set()), whole_pairs(args.shared))
        out = args.out / NAMES_FILE
        write(names, out)
        report = {"whole_names": len(names.whole), "tokens": len(names.tokens),
                  "bytes": out.stat().st_size}
    else:
        held = heldout(args.shared)
        exclude = {(name_key(a), fold_latin(e)) for pairs in held.values() for a, e in pairs}
        names = compile_table(token_pairs(args.shared, exclude), whole_pairs(args.shared))
        empty = NameTable({}, {})
        types = anetac_types(args.shared)
        report = {"whole_names": len(names.whole), "tokens": len(names.tokens)}
        for split, pairs in held.items():
            report[split] = {
                "before": score(lambda a: known_latin(a) or spell(a, empty), pairs, types),
                "after": score(lambda a: known_latin(a) or spell(a, names), pairs, types),
                "covered": round(sum(names.token(a) is not None or names.whole_name(a)
                                     is not None for a, _ in pairs) / len(pairs), 4)}
    report["seconds"] = round(time.time() - t0, 1)
    sys.stdout.write(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

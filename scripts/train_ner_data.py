"""Data for `make train-ner`: ANERcorp split, AQMAR dev, and the name lists from ../shared.

The dev carve is marsad.evaluation.ner.dev_carve (the contiguous last 10% of sentences).
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.evaluation.ner import dev_carve, read_conll, spans  # noqa: E402
from marsad.ner.features import norm  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"

# WikiFANE fine classes kept as name lists (coarse type); the rest (products, weapons,
# vehicles, facilities, person groups) are not PER/LOC/ORG names in ANERcorp's sense.
FANE = {
    "PER": "Politician Religious_PER Artist Other_PER Scientist Athlete Businessperson "
           "Engineer Lawyer Police".split(),
    "ORG": "Government Non-Governmental Commercial Educational Media Sports Religious_ORG "
           "Medical-Science Entertainment".split(),
    "LOC": "Population-Center Nation State-or-Province Continent GPE-Cluster "
           "County-or-District Water-Body Land-Region-Natural Celestial".split(),
}
# Function words that turn up in noisy lists (ANETAC mined from parallel text): a name
# token among the most frequent news words is dropped unless a curated list has it.
STOP_TOP = 400


def anercorp_split() -> tuple[list, list]:
    return dev_carve(read_conll(SHARED / "ner" / "anercorp" / "train.txt"))


def aqmar() -> list:
    return read_conll(SHARED / "ner" / "aqmar")


def wikiann(split: str = "train") -> list:
    out = []
    for toks, tags in read_conll(SHARED / "ner" / "wikiann_ar" / split):
        out.append(([t.split(":", 1)[-1] for t in toks], tags))
    return out


_PROCLITIC_TOKENS = frozenset("وفبلكس")
_SUFFIX_TOKENS = frozenset("ه ها هم هما هن ك كم كما نا ي ني".split())


def wikifane() -> list:
    """WikiFANE Gold in ANERcorp's conventions: clitic tokens glued back to their word
    (و باريس -> وباريس, عاصمة ها -> عاصمتها), fine classes mapped to PER/LOC/ORG, and the
    other named classes (products, weapons, vehicles, facilities, groups) to MISC."""
    inv = {fine: coarse for coarse, fines in FANE.items() for fine in fines}
    path = SHARED / "ner" / "wikifane_gold" / "WikiFANE_Gold_2014_500K.txt"
    sents, toks, tags = [], [], []
    pending = ""
    for line in path.read_text(encoding="utf-8-sig").splitlines() + [""]:
        parts = line.replace("\u200e", "").replace("\u200f", "").split()
        if len(parts) < 2:
            if toks:
                sents.append((toks, tags))
            toks, tags, pending = [], [], ""
            continue
        word, tag = parts[0], parts[-1]
        if tag != "O":
            bio, _, fine = tag.partition("-")
            tag = f"{bio}-{inv.get(fine, 'MISC')}"
        if word in _PROCLITIC_TOKENS and tag == "O":
            pending += word
            continue
        if word in _SUFFIX_TOKENS and tag == "O" and toks and not pending:
            prev = toks[-1]
            toks[-1] = (prev[:-1] + "ت" if prev.endswith("ة") else prev) + word
            continue
        if pending:
            word = ("لل" + word[2:]) if pending.endswith("ل") and word.startswith("ال") \
                else pending + word
            pending = ""
        toks.append(word)
        tags.append(tag)
    return sents


def _fane_entities() -> dict[str, list[str]]:
    inv = {fine: coarse for coarse, fines in FANE.items() for fine in fines}
    out: dict[str, list[str]] = {k: [] for k in FANE}
    cur: list[str] = []
    kind = None
    path = SHARED / "ner" / "wikifane_gold" / "WikiFANE_Gold_2014_500K.txt"
    for line in path.read_text(encoding="utf-8-sig").splitlines() + [""]:
        parts = line.split()
        tag = parts[-1] if len(parts) >= 2 else "O"
        if cur and (not tag.startswith("I-")):
            if kind:
                out[kind].append(" ".join(cur))
            cur, kind = [], None
        if tag.startswith("B-"):
            cur, kind = [parts[0]], inv.get(tag[2:])
        elif tag.startswith("I-") and cur:
            cur.append(parts[0])
    return out


def _conll_entities(sents) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"PER": [], "LOC": [], "ORG": []}
    for toks, tags in sents:
        for a, b, k in spans(tags):
            if k in out:
                out[k].append(" ".join(toks[a:b]))
    return out


def name_lists(news_freq: Counter | None = None) -> tuple[dict, dict]:
    """(token sets, full-name sets) per type, as normalised strings."""
    g = SHARED / "gazetteers"
    t = SHARED / "translit"
    curated: dict[str, set[str]] = {"PER": set(), "LOC": set(), "ORG": set()}
    noisy: dict[str, set[str]] = {"PER": set(), "LOC": set(), "ORG": set()}
    full: dict[str, set[str]] = {"PER": set(), "LOC": set(), "ORG": set()}

    def add_full(kind: str, name: str, tokens_to: dict[str, set[str]]) -> None:
        n = " ".join(norm(w) for w in name.split())
        if not n or len(n) < 2:
            return
        full[kind].add(n)
        for w in n.split():
            if len(w) > 1:
                tokens_to[kind].add(w)

    for fname, kind in (("AlignedLocGazetteer.txt", "LOC"), ("AlignedOrgGazetteer.txt", "ORG"),
                        ("AlignedPersGazetteer.txt", "PER")):
        for line in (g / "anergazet" / fname).read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith(("===", "***")):
                add_full(kind, line, curated)
    for row in csv.DictReader((g / "from_pypi" / "cldr_ar_territories.tsv").open(encoding="utf-8"),
                              delimiter="\t"):
        add_full("LOC", row["name_ar"], curated)
    for row in csv.DictReader((g / "from_pypi" / "pycountry_iso3166-1_ar.tsv").open(encoding="utf-8"),
                              delimiter="\t"):
        for col in ("name_ar", "official_name_ar"):
            if row.get(col):
                add_full("LOC", row[col].replace("،", " "), curated)
    for row in csv.DictReader((g / "from_pypi" / "country_list_ar.csv").open(encoding="utf-8")):
        add_full("LOC", row["value"], curated)
    for row in csv.DictReader((g / "from_pypi" / "geonames_cities15000_ar.tsv").open(encoding="utf-8"),
                              delimiter="\t"):
        for name in (row["arabic_letter_only_alternatenames"] or "").split("|"):
            if name:
                add_full("LOC", name, curated)
    for line in (g / "from_pypi" / "name_variants_arabic_romanizations.tsv").read_text(
            encoding="utf-8").splitlines()[1:]:
        add_full("PER", line.split("\t")[0], curated)
    kinds = {"PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG"}
    for line in (t / "anetac" / "EN-AR Named-entities.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] in kinds:
            add_full(kinds[parts[0]], parts[-1], noisy)
    for line in (t / "wikidata_coling2018" / "wd_arabic.normalized.aligned.tokens").read_text(
            encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            add_full("PER", parts[1].replace(" ", ""), noisy)
    for source in (_fane_entities(), _conll_entities(wikiann("train") + wikiann("extra"))):
        for kind, names in source.items():
            for name in names:
                add_full(kind, name, noisy)
    stop: set[str] = set()
    if news_freq:
        stop = {w for w, _ in news_freq.most_common(STOP_TOP)}
    tok_sets = {k: curated[k] | (noisy[k] - stop) for k in curated}
    for k in full:
        full[k] -= stop - curated[k]
    return tok_sets, full


if __name__ == "__main__":
    tr, dv = anercorp_split()
    print(len(tr), len(dv), sum(len(s[0]) for s in dv))
    ts, fs = name_lists()
    print(json.dumps({k: [len(ts[k]), len(fs[k])] for k in ts}))

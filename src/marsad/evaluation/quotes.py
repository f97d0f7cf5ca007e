"""`marsad eval quotes`: quotation spans, speakers and outlets against our gold set.

The gold file (eval/quotes/gold.jsonl, built as eval/quotes/README.md says) holds, per
article, its dataset and line in ../shared/data/news/<dataset>/articles.jsonl.gz, a hash
of the body, and the quotations as offsets into the raw body field (`text` for ANT,
`content` for SaudiNewsNet) with speaker and outlet labels. No text is stored; it is read
from the data folder here.

Scores, per system:
* span P/R/F1, two ways: `overlap` (a system quote and a gold quote sharing at least one
  character are matched one-to-one, largest overlap first) and `exact` (same span after
  both are trimmed of spaces, punctuation and quotation marks);
* speaker accuracy over overlap-matched quotes: the normalised words of one speaker name
  are all found in the other («ترامب» = «دونالد ترامب»), so a resolved role or pronoun
  counts only when it resolves to the right name;
* via accuracy over matched quotes: both without an outlet, or the same outlet (the
  outlet table's canonical name, else the same words).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from marsad.arabic import quotes_lexicon as lex
from marsad.arabic.normalize import key
from marsad.errors import InputError

DATASETS = {
    "ant_multisource": ("news/ant_multisource/articles.jsonl.gz", "text"),
    "saudinewsnet": ("news/saudinewsnet/articles.jsonl.gz", "content"),
}
_TRIM = " \t\r\n،,.;:؛-–—«»\"“”'()"
_QUOTE_RE = re.compile('«([^«»\n]{2,400})»|"([^"\n]{2,400})"|“([^“”\n]{2,400})”')
_SAY_RE = re.compile(r"(?<!\w)(?:[وف])?(?:قال|قالت|قالوا|يقول|تقول|يقولون)(?!\w)")
_PREFIXES = ("وال", "بال", "لل", "ال", "و")


def body_hash(body: str) -> str:
    """Short SHA-1 of an article body: the gold set's check that offsets fit the text."""
    return hashlib.sha1(body.encode("utf-8")).hexdigest()[:16]


def load_gold(path: str | Path, split: str | None = None) -> list[dict]:
    """Gold articles (one dict per line), optionally only one split ("dev" or "test")."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"gold file not found: {p}")
    rows = [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line]
    return [r for r in rows if split in (None, "all") or r["split"] == split]


def load_bodies(rows: list[dict], data: str | Path) -> list[str]:
    """The body of each gold article, read from the news files under `data`."""
    want: dict[str, set[int]] = {}
    for r in rows:
        want.setdefault(r["dataset"], set()).add(r["line"])
    found: dict[tuple[str, int], str] = {}
    for name, lines in want.items():
        rel, field = DATASETS[name]
        path = Path(data) / rel
        if not path.is_file():
            raise InputError(f"news data not found: {path} (pass --data ../shared/data)")
        last = max(lines)
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i in lines:
                    found[(name, i)] = json.loads(line)[field] or ""
                if i >= last:
                    break
    bodies = []
    for r in rows:
        body = found.get((r["dataset"], r["line"]))
        if body is None or ("sha1" in r and body_hash(body) != r["sha1"]):
            raise InputError(f"{r['dataset']} line {r['line']}: article missing or changed")
        bodies.append(body)
    return bodies


def naive_quotes(text: str) -> list[dict]:
    """The peer: text inside «» or "" with the nearest preceding قال-family verb."""
    out = []
    for m in _QUOTE_RE.finditer(text):
        g = 1 + next(i for i, x in enumerate(m.groups()) if x is not None)
        say = None
        for s in _SAY_RE.finditer(text, max(0, m.start() - 120), m.start()):
            say = s
        if say is None:
            continue
        words = text[say.end():m.start()].split()
        speaker = " ".join(w for w in words[:2] if w.strip(":،,")) or None
        out.append({"start": m.start(g), "end": m.end(g), "speaker": speaker, "via": None})
    return out


def _words(s: str | None) -> set[str]:
    out = set()
    for w in re.findall(r"\w+", key(s or "")):
        for p in _PREFIXES:
            if w.startswith(p) and len(w) - len(p) >= 3:
                w = w[len(p):]
                break
        out.add(w)
    return out


def same_speaker(system: str | None, gold: str | None) -> bool:
    """All words of one name occur in the other (after clitic and article stripping), or
    both name the same outlet (an outlet as speaker: «تلغراف» = «تليغراف»)."""
    a, b = _words(system), _words(gold)
    if a and b and (a <= b or b <= a):
        return True
    table, pattern = lex.outlets()
    ka, kb = pattern.fullmatch(lex.fold_word(system or "")), pattern.fullmatch(lex.fold_word(gold or ""))
    if ka is None or kb is None:
        return False
    return table[ka.group(1).casefold()] == table[kb.group(1).casefold()]


def _outlet_key(name: str | None) -> set[str]:
    if not name:
        return set()
    table, pattern = lex.outlets()
    m = pattern.search(lex.fold_word(name))
    return {table[m.group(1).casefold()].name} if m else _words(name)


def same_via(system: str | None, gold: str | None) -> bool:
    """Both without outlet, or the same outlet."""
    if not system or not gold:
        return not system and not gold
    a, b = _outlet_key(system), _outlet_key(gold)
    return bool(a and b) and (a <= b or b <= a)


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _TRIM:
        a += 1
    while b > a and text[b - 1] in _TRIM:
        b -= 1
    return a, b


def _match(gold: list[dict], system: list[dict]) -> list[tuple[int, int]]:
    pairs = []
    for i, g in enumerate(gold):
        for j, s in enumerate(system):
            ov = min(g["end"], s["end"]) - max(g["start"], s["start"])
            if ov > 0:
                pairs.append((ov, i, j))
    used_g, used_s, out = set(), set(), []
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used_g and j not in used_s:
            used_g.add(i)
            used_s.add(j)
            out.append((i, j))
    return out


def _prf(tp: int, n_sys: int, n_gold: int) -> dict[str, float]:
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def score(rows: list[dict], bodies: list[str], system: Callable[[str], list[dict]]) -> dict:
    """Span, speaker and via scores of one system over the gold articles."""
    n_gold = n_sys = tp = tp_exact = spk = via = 0
    by_how: dict[str, list[int]] = {}  # how the speaker was found -> [right, matched]
    started = time.perf_counter()
    outputs = [system(body) for body in bodies]
    seconds = time.perf_counter() - started
    for row, body, found in zip(rows, bodies, outputs, strict=True):
        gold = row["quotes"]
        n_gold += len(gold)
        n_sys += len(found)
        for i, j in _match(gold, found):
            g, s = gold[i], found[j]
            tp += 1
            tp_exact += _trim(body, g["start"], g["end"]) == _trim(body, s["start"], s["end"])
            right = same_speaker(s.get("speaker"), g.get("speaker"))
            spk += right
            cell = by_how.setdefault(s.get("how") or "none", [0, 0])
            cell[0] += bool(right)
            cell[1] += 1
            via += same_via(s.get("via"), g.get("via"))
    overlap, exact = _prf(tp, n_sys, n_gold), _prf(tp_exact, n_sys, n_gold)
    return {
        "articles": len(rows), "gold_quotes": n_gold, "system_quotes": n_sys, "matched": tp,
        "span_precision": overlap["precision"], "span_recall": overlap["recall"],
        "span_f1": overlap["f1"], "exact_f1": exact["f1"],
        "speaker_accuracy": spk / tp if tp else 0.0, "via_accuracy": via / tp if tp else 0.0,
        "articles_per_s": len(rows) / seconds if seconds else 0.0,
        "speaker_by_how": {k: {"right": r, "matched": n, "accuracy": r / n}
                           for k, (r, n) in sorted(by_how.items())},
    }


def marsad_system(with_entities: bool = False) -> Callable[[str], list[dict]]:
    """Our extractor as a scoring system; with NER + resolution first when asked."""
    from marsad.stages.quotes import extract_quotes

    annotate: Callable[[str], list] | None = None
    if with_entities:
        from marsad.records import Document
        from marsad.stages import entities

        def _annotate(text: str) -> list:
            # the pipeline's own entity chain (spans tidied, titles, types), as an ingest
            # gives the quote stage its mentions: raw tagger spans scored a system no user runs
            doc = Document(origin="eval", raw=text)
            doc.text, doc.lang = text, "ar"
            entities.annotate(doc)
            return doc.mentions

        annotate = _annotate

    def run(text: str) -> list[dict]:
        mentions = annotate(text) if annotate is not None else None
        return [{"start": q.start, "end": q.end, "speaker": q.speaker, "via": q.via,
                 "how": q.how} for q in extract_quotes(text, mentions)]

    return run


def evaluate_quotes(gold: str | Path, data: str | Path, split: str | None = None,
                    systems: Iterable[str] = ("marsad", "naive")) -> dict:
    """Score the named systems ("marsad", "marsad+ner", "naive") on a gold split."""
    rows = load_gold(gold, split)
    bodies = load_bodies(rows, data)
    table = {"marsad": lambda: marsad_system(False), "marsad+ner": lambda: marsad_system(True),
             "naive": lambda: naive_quotes}
    report: dict[str, Any] = {"split": split or "all", "systems": {}}
    for name in systems:
        report["systems"][name] = score(rows, bodies, table[name]())
    return report

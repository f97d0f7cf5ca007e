#!/usr/bin/env python3
"""Train one NER tagger (BiLSTM-CRF, torch) and export it to numpy (`make train-ner`).

Needs build/ner/w2v.kv from scripts/train_ner_embed.py. Model selection (epoch) on the
ANERcorp dev carve (scripts/train_ner_data.py); AQMAR is reported as out-of-domain dev.
Writes src/marsad/ner/model/ner.npz and build/ner/report.json.

    python scripts/train_ner.py [--epochs N] [--pretrain-epochs P] [--silver CONLL]
                                [--encoder lstm|cnn] [--full] --tag NAME --out PATH

Defaults are the shipped recipe's; build/ner/experiments.md has the alternatives tried.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import train_ner_data as data  # noqa: E402

from marsad.evaluation.ner import DEV_CARVE, read_conll, score  # noqa: E402
from marsad.ner.features import (  # noqa: E402
    AFFIX_BUCKETS,
    MAX_NAME_TOKENS,
    N_DENSE,
    NGRAM_BUCKETS,
    TAGS,
    Featurizer,
    h64,
)
from marsad.ner.model import NerModel  # noqa: E402

BUILD = ROOT / "build" / "ner"
MODEL = ROOT / "src" / "marsad" / "ner" / "model" / "ner.npz"


def build_featurizer(kv, vocab_size: int):
    words = kv.index_to_key[:vocab_size]
    vocab = {h64(w): i + 1 for i, w in enumerate(words)}
    tok, full = data.name_lists(news_freq=_freq(kv))
    tok_h = {k: {h64(w) for w in v} for k, v in tok.items()}
    full_h = {k: {h64(w) for w in v} for k, v in full.items()}
    starts = set()
    for names in full.values():
        for name in names:
            parts = name.split(" ")
            for k in range(1, min(len(parts), MAX_NAME_TOKENS)):
                starts.add(h64(" ".join(parts[:k])))
    return Featurizer(vocab, tok_h, full_h, starts), words, tok_h, full_h, starts


def _freq(kv):
    from collections import Counter

    return Counter({w: kv.get_vecattr(w, "count") for w in kv.index_to_key[:2000]})


def encode(feats: Featurizer, sents):
    out = []
    for toks, tags in sents:
        ids, flags, grams = feats.sentence(toks)
        out.append((np.asarray(ids, np.int64), flags, [TAGS.index(t) for t in tags], grams))
    return out


DILATIONS = (1, 2, 4)


def make_torch_model(torch, emb: np.ndarray, hidden: int, affix_dim: int, dropout: float,
                     encoder: str = "lstm", ngram_dim: int = 0):
    nn = torch.nn

    class Tagger(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = nn.Embedding.from_pretrained(torch.tensor(emb), freeze=True)
            self.affix = nn.Embedding(AFFIX_BUCKETS, affix_dim, padding_idx=0)
            d_in = 2 * emb.shape[1] + 4 * affix_dim + N_DENSE + ngram_dim
            self.ngram_dim = ngram_dim
            if ngram_dim:
                self.ngram = nn.EmbeddingBag(NGRAM_BUCKETS, ngram_dim, mode="mean")
            self.drop = nn.Dropout(dropout)
            self.encoder = encoder
            if encoder == "lstm":
                self.lstm = nn.LSTM(d_in, hidden, batch_first=True, bidirectional=True)
            else:
                self.proj = nn.Linear(d_in, 2 * hidden)
                self.convs = nn.ModuleList(
                    nn.Conv1d(2 * hidden, 2 * hidden, 3, dilation=d, padding=d)
                    for d in DILATIONS)
            self.out = nn.Linear(2 * hidden, len(TAGS))
            nt = len(TAGS)
            self.trans = nn.Parameter(torch.zeros(nt, nt))
            self.start = nn.Parameter(torch.zeros(nt))
            self.end = nn.Parameter(torch.zeros(nt))

        def emissions(self, ids, dense, lengths, grams=None):
            b, steps = ids.shape[:2]
            parts = [self.emb(ids[..., 0]), self.emb(ids[..., 1]),
                     self.affix(ids[..., 2:]).reshape(b, steps, -1), dense]
            if self.ngram_dim:
                flat, offsets = grams
                parts.append(self.ngram(flat, offsets).reshape(b, steps, -1))
            x = torch.cat(parts, -1)
            x = self.drop(x)
            if self.encoder == "lstm":
                packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True,
                                                           enforce_sorted=False)
                h, _ = self.lstm(packed)
                h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=steps)
                return self.out(self.drop(h))
            mask = (torch.arange(steps)[None, :] < torch.tensor(lengths)[:, None]).float()
            mask = mask[:, None, :]
            h = torch.relu(self.proj(x)).transpose(1, 2) * mask  # (B, C, L)
            for conv in self.convs:
                h = (h + torch.relu(conv(self.drop(h)))) * mask
            return self.out(self.drop(h.transpose(1, 2)))

        def nll(self, em, tags, mask):
            b, steps, nt = em.shape
            ar = torch.arange(b)
            gold = self.start[tags[:, 0]] + (
                em.gather(2, tags[:, :, None])[:, :, 0] * mask).sum(1)
            gold = gold + (self.trans[tags[:, :-1], tags[:, 1:]] * mask[:, 1:]).sum(1)
            alpha = self.start + em[:, 0]
            for t in range(1, steps):
                nxt = torch.logsumexp(alpha[:, :, None] + self.trans[None], 1) + em[:, t]
                alpha = torch.where(mask[:, t, None] > 0, nxt, alpha)
            last = tags[ar, mask.sum(1).long() - 1]
            gold = gold + self.end[last]
            return (torch.logsumexp(alpha + self.end, 1) - gold).sum()

    return Tagger()


def batchify(torch, items, word_drop: float, rng: random.Random):
    lengths = [len(it[0]) for it in items]
    b, steps = len(items), max(lengths)
    ids = np.zeros((b, steps, 6), np.int64)
    dense = np.zeros((b, steps, N_DENSE), np.float32)
    tags = np.zeros((b, steps), np.int64)
    mask = np.zeros((b, steps), np.float32)
    flat: list[int] = []
    offsets: list[int] = []
    for k, (i, flags, t, grams) in enumerate(items):
        for j in range(steps):
            offsets.append(len(flat))
            flat.extend(grams[j] if j < len(grams) else (0,))
        n = len(t)
        ids[k, :n] = i
        if word_drop:
            drop = np.array([rng.random() < word_drop for _ in range(n)])
            ids[k, :n, 0][drop] = 0
            ids[k, :n, 1][drop] = 0
        for j, fl in enumerate(flags):
            dense[k, j, list(fl)] = 1.0
        tags[k, :n] = t
        mask[k, :n] = 1.0
    return (torch.tensor(ids), torch.tensor(dense), lengths, torch.tensor(tags),
            torch.tensor(mask), (torch.tensor(flat), torch.tensor(offsets)))


def export(model, emb: np.ndarray, words: list[str], tok_h, full_h, starts, path: Path, meta):
    sd = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    if model.encoder == "cnn":
        enc = {"proj_w": sd["proj.weight"].T.copy(), "proj_b": sd["proj.bias"],
               "dilations": np.array(DILATIONS)}
        for i in range(len(DILATIONS)):
            # Conv1d weight (out, in, k) -> (k, in, out): one matrix per tap
            enc[f"conv{i}_w"] = sd[f"convs.{i}.weight"].transpose(2, 1, 0).copy()
            enc[f"conv{i}_b"] = sd[f"convs.{i}.bias"]
    else:
        enc = {
            "w_ih": np.concatenate([sd["lstm.weight_ih_l0"].T,
                                    sd["lstm.weight_ih_l0_reverse"].T], 1),
            "b": np.concatenate([sd["lstm.bias_ih_l0"] + sd["lstm.bias_hh_l0"],
                                 sd["lstm.bias_ih_l0_reverse"] + sd["lstm.bias_hh_l0_reverse"]]),
            "w_hh_f": sd["lstm.weight_hh_l0"].T.copy(),
            "w_hh_b": sd["lstm.weight_hh_l0_reverse"].T.copy(),
        }
    scale = np.maximum(np.abs(emb).max(1), 1e-6) / 127.0
    emb_q = np.round(emb / scale[:, None]).astype(np.int8)
    z = {
        "emb_q": emb_q, "emb_scale": scale.astype(np.float32),
        "vocab_h": np.array([h64(w) for w in words], np.int64),
        "affix": sd["affix.weight"].astype(np.float16),
        **({"ngram": sd["ngram.weight"].astype(np.float16)} if model.ngram_dim else {}),
        **enc,
        "out_w": sd["out.weight"].T.copy(), "out_b": sd["out.bias"],
        "trans": sd["trans"], "start": sd["start"], "end": sd["end"],
        "starts_h": np.array(sorted(starts), np.int64),
        "meta": np.array(json.dumps(meta)),
    }
    for k in ("PER", "LOC", "ORG"):
        z[f"tok_{k}"] = np.array(sorted(tok_h[k]), np.int64)
        z[f"full_{k}"] = np.array(sorted(full_h[k]), np.int64)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **z)


def evaluate(npmodel: NerModel, feats: Featurizer, sents) -> dict:
    pred = npmodel.predict(feats, [s[0] for s in sents])
    return score([s[1] for s in sents], [[TAGS[i] for i in p] for p in pred])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=15)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--vocab", type=int, default=60000)
    ap.add_argument("--affix-dim", type=int, default=24)
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--word-drop", type=float, default=0.05)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--full", action="store_true", help="train on all of ANERcorp train")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", type=Path, default=MODEL)
    ap.add_argument("--tag", default="run")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--ngram-dim", type=int, default=32)
    ap.add_argument("--pretrain-epochs", type=int, default=3)
    ap.add_argument("--silver", type=Path, default=None, help="silver CoNLL for pre-training")
    ap.add_argument("--wikiann", action="store_true",
                    help="WikiANN train (automatic Wikipedia labels) in pre-training too")
    ap.add_argument("--encoder", choices=("lstm", "cnn"), default="lstm")
    ap.add_argument("--kv", type=Path, default=BUILD / "w2v.kv")
    args = ap.parse_args()

    import torch
    from gensim.models import KeyedVectors

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    t0 = time.time()
    kv = KeyedVectors.load(str(args.kv))
    feats, words, tok_h, full_h, starts = build_featurizer(kv, args.vocab)
    emb = np.zeros((len(words) + 1, kv.vector_size), np.float32)
    emb[1:] = kv.vectors[:len(words)]
    emb[1:] /= np.linalg.norm(emb[1:], axis=1, keepdims=True) + 1e-6
    train, dev = data.anercorp_split()
    if args.full:
        train = train + dev
    aqmar = data.aqmar()
    tr = encode(feats, train)
    print(f"features ready {time.time() - t0:.0f}s; train {len(tr)} sents", flush=True)

    model = make_torch_model(torch, emb, args.hidden, args.affix_dim, args.dropout,
                             args.encoder, args.ngram_dim)
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=args.lr)
    def run_epoch(data_: list) -> float:
        model.train()
        # Batches of similar length (shuffled within and between) keep padding and the
        # CRF's per-step loop short.
        order = sorted(range(len(data_)), key=lambda i: (len(data_[i][2]), rng.random()))
        batches = [order[a:a + args.batch] for a in range(0, len(order), args.batch)]
        rng.shuffle(batches)
        total = 0.0
        for bt in batches:
            ids, dense, lengths, tags, mask, grams = batchify(
                torch, [data_[i] for i in bt], args.word_drop, rng)
            loss = model.nll(model.emissions(ids, dense, lengths, grams), tags, mask)
            opt.zero_grad()
            (loss / len(lengths)).backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            total += float(loss.detach())
        model.eval()
        return total

    if args.pretrain_epochs:
        # WikiFANE gold first (4x ANERcorp's size, Wikipedia): more names and contexts;
        # ANERcorp fine-tuning after it sets the newswire conventions.
        fane = [x for x in encode(feats, data.wikifane()) if len(x[2]) <= 150]
        if args.silver:
            # self-training: news sentences tagged by an earlier model of this recipe
            fane += encode(feats, read_conll(args.silver))
        if args.wikiann:
            fane += [x for x in encode(feats, data.wikiann("train")) if len(x[2]) <= 150]
        for p in range(args.pretrain_epochs):
            loss = run_epoch(fane)
            print(json.dumps({"pretrain_epoch": p + 1, "loss": round(loss / len(fane), 3),
                              "s": round(time.time() - t0)}), flush=True)
    best, best_state, log = -1.0, None, []
    for epoch in range(1, args.epochs + 1):
        total = run_epoch(tr)
        export(model, emb, words, tok_h, full_h, starts, BUILD / f"{args.tag}.npz", {})
        npm = NerModel(dict(np.load(BUILD / f"{args.tag}.npz")))
        d = evaluate(npm, feats, dev)
        row = {"epoch": epoch, "loss": round(total / len(tr), 3), "dev_f1": d["f1"],
               "s": round(time.time() - t0)}
        print(json.dumps(row), flush=True)
        log.append(row)
        if d["f1"] > best:
            best = d["f1"]
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
    if not args.full:
        model.load_state_dict(best_state)
    meta = {"args": {k: str(v) for k, v in vars(args).items()}, "log": log,
            "dev_excluded": not args.full, "dev_carve": DEV_CARVE, "tags": list(TAGS)}
    export(model, emb, words, tok_h, full_h, starts, args.out, meta)
    npm = NerModel(dict(np.load(args.out)))
    report = {"dev": evaluate(npm, feats, dev), "aqmar": evaluate(npm, feats, aqmar),
              "args": meta["args"], "log": log, "size_mb": round(args.out.stat().st_size / 1e6, 2)}
    (BUILD / f"{args.tag}.report.json").write_text(json.dumps(report, indent=1))
    print(json.dumps({"tag": args.tag, "dev_f1": report["dev"]["f1"],
                      "aqmar_f1": report["aqmar"]["f1"], "size_mb": report["size_mb"]}))


if __name__ == "__main__":
    main()

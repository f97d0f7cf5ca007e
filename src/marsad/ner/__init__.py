"""Named-entity tagger (PER, LOC, ORG, MISC) for Arabic news: numpy-only inference.

    from marsad.ner import load_tagger
    spans = load_tagger().tag(text)   # [NerSpan(start, end, label), ...]
"""

from marsad.ner.tagger import NerSpan, NerTagger, load_tagger

__all__ = ["NerSpan", "NerTagger", "load_tagger"]

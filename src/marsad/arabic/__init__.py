"""Arabic text toolkit: display/key normalization, tokens, sentences, language id.

Pure standard library; imports nothing else from marsad.
"""

from .langid import detect_lang
from .normalize import display, key, key_with_offsets, source_span
from .sentences import sentences
from .tokenize import Token, split_clitics, tokenize, words

__all__ = [
    "Token",
    "detect_lang",
    "display",
    "key",
    "key_with_offsets",
    "sentences",
    "source_span",
    "split_clitics",
    "tokenize",
    "words",
]

"""Bytes → text for Arabic news files, without third-party charset guessers.

Arabic text on disk is UTF-8 (with or without BOM), UTF-16 with a BOM (Windows "Unicode"
exports), Windows-1256 (by far the most common legacy code page) or, rarely, ISO-8859-6.
UTF-8 is tried strictly first because its validity test is reliable; the two legacy code
pages are then told apart by how "Arabic-looking" the words they produce are.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import NamedTuple

from marsad.errors import InputError

# Leading bytes of formats that are never text. Checked before anything else so the
# reason names the format instead of saying "undecodable".
MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "empty ZIP archive"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xca\xfe\xba\xbe", "Java class or Mach-O binary"),
    (b"\x00asm", "WebAssembly module"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x1aE\xdf\xa3", "Matroska/WebM video"),
)
# "MZ" and "BZh" are short enough to start a real text line; they only count as magic
# when the next bytes also look binary (see _magic_name).
_WEAK_MAGIC = {b"MZ", b"BZh", b"ID3", b"OggS"}

# C0 controls that do not occur in text files (tab, newlines, form feed and ESC do).
_BINARY_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Binary sniffing looks at this many leading bytes; enough to see past a header.
SNIFF_BYTES = 65_536
# Share of C0 control bytes (other than \t \n \r \f \v ESC) above which a file is binary.
# Text files have ~0; executables, images and compressed data have 10-40%.
MAX_CONTROL_SHARE = 0.05
# A file that is UTF-8 apart from a few bad bytes (a cut multi-byte character, a stray
# Latin-1 byte) is decoded as UTF-8 with replacements when bad bytes are below this share;
# a cp1256 file read as UTF-8 has 30-60% bad bytes, so the two never meet.
MAX_REPLACED_SHARE = 0.005
# The legacy code pages are scored on a sample; scoring is per word so a sample suffices.
SCORE_SAMPLE_BYTES = 262_144
# Minimum share of non-ASCII words that must look like real Arabic (or Latin) words for a
# legacy decoding to be accepted. Real cp1256/ISO-8859-6 news text scores 0.97-1.0; UTF-8
# Arabic misread as cp1256 (mojibake "ط§ظ„") scores < 0.1; random high bytes ~0.3.
MIN_WORD_SCORE = 0.8
# When cp1256 and ISO-8859-6 score within this margin, cp1256 wins: it is far more common,
# and the two agree on the letters U+0621..U+0636 that short samples may be limited to.
TIE_MARGIN = 0.02

LEGACY_ENCODINGS = ("cp1256", "iso8859-6")

# Characters that can make up a real Arabic word: the Arabic block (letters, harakat,
# tatweel, digits, punctuation), the joiners/marks cp1256 has, and ASCII ("2023م").
_ARABIC_WORD_RE = re.compile(r"^[\u0600-\u06ff\u0750-\u077f\u200c-\u200f\x00-\x7f]+$")
# Punctuation and symbols that wrap or follow words in either script; stripped before a
# word is judged. × and ÷ are left in: ISO-8859-6 letters misread as cp1256 turn into them.
_WRAPPING_PUNCT = "«»‘’“”‚„…–—•·°%€£©™\u00a0\u00ad!\"'()*,-./:;?[]{}،؛؟"
_ESCAPED_BYTE_RE = re.compile("[\udc80-\udcff]")  # bytes surrogateescape could not decode
_ASCII_BYTES = bytes(range(128))
_WORD_SPLIT_RE = re.compile(r"[\s\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+")


class Decoded(NamedTuple):
    """Decoded text, the encoding it came from, and how many bytes had to be replaced."""

    text: str
    encoding: str
    replaced: int = 0


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode Arabic-text bytes; return (text, encoding name) or raise InputError."""
    decoded = decode_detailed(data)
    return decoded.text, decoded.encoding


def decode_detailed(data: bytes) -> Decoded:
    """Decode like decode_bytes, also reporting the number of replaced bytes."""
    if not data:
        raise InputError("empty file")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _checked_empty(_decode_with_bom(data[len(bom) :], encoding))
    head = data[:SNIFF_BYTES]
    reason = binary_reason(head)
    if reason:
        raise InputError(f"binary file ({reason}), not text")
    try:
        return _checked_empty(Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass
    near_utf8 = _near_utf8(data)
    if near_utf8 is not None:
        return _checked_empty(near_utf8)
    legacy = _best_legacy(data)
    if legacy is not None:
        return _checked_empty(legacy)
    raise InputError("undecodable bytes (not UTF-8/UTF-16/cp1256/ISO-8859-6)")


def binary_reason(head: bytes) -> str | None:
    """Why these leading bytes are not text (a format name or symptom), or None."""
    name = _magic_name(head)
    if name:
        return name
    if b"\x00" in head:
        return "contains NUL bytes"
    controls = len(head) - len(head.translate(None, _BINARY_CONTROL_BYTES))
    if head and controls / len(head) > MAX_CONTROL_SHARE:
        return f"{controls / len(head):.0%} control bytes"
    return None


def decode_with(data: bytes, encoding: str) -> Decoded | None:
    """Decode strictly with a declared encoding (BOM still wins); None when it does not fit."""
    for bom, bom_encoding in BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data[len(bom) :], bom_encoding)
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        return None
    # «rot13», «base64», «zlib» name codecs but not text encodings: a page declaring one
    # is decoded as if it declared nothing (issue 15: it was a reader error)
    if not getattr(info, "_is_text_encoding", True):
        return None
    try:
        return Decoded(data.decode(info.name), _display_name(info.name))
    except (UnicodeDecodeError, LookupError):
        return None


def _magic_name(head: bytes) -> str | None:
    for magic, name in MAGIC_NUMBERS:
        if head.startswith(magic):
            if magic in _WEAK_MAGIC and not _looks_binary_after(head[len(magic) :]):
                continue
            return name
    return None


def _looks_binary_after(rest: bytes) -> bool:
    sample = rest[:512]
    if not sample:
        return False
    return b"\x00" in sample or sum(b < 9 for b in sample) > 2


def _decode_with_bom(body: bytes, encoding: str) -> Decoded:
    try:
        return Decoded(body.decode(encoding), encoding)
    except UnicodeDecodeError as exc:
        # A BOM is an explicit promise; breaking it is a damaged file, not a guess to retry.
        raise InputError(
            f"undecodable bytes: {encoding} BOM but invalid data at byte {exc.start}"
        ) from None


def _checked_empty(decoded: Decoded) -> Decoded:
    if not decoded.text.strip():
        raise InputError("empty file (whitespace only)")
    return decoded


def _near_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few bad bytes, replaced by U+FFFD; None if it is not nearly UTF-8."""
    # A cp1256 file fails this on its first kilobytes; skip the full count for those.
    if _bad_utf8_share(data[:SCORE_SAMPLE_BYTES])[0] >= MAX_REPLACED_SHARE:
        return None
    share, multibyte, bad = _bad_utf8_share(data)
    # Without valid multi-byte characters there is no evidence for UTF-8 at all.
    if multibyte == 0 or share >= MAX_REPLACED_SHARE:
        return None
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8", bad)


def _bad_utf8_share(data: bytes) -> tuple[float, int, int]:
    """(share of bytes that are not UTF-8, valid non-ASCII characters, bad bytes)."""
    escaped = data.decode("utf-8", errors="surrogateescape")
    bad = len(_ESCAPED_BYTE_RE.findall(escaped))  # few: the sample check ran first
    ascii_count = len(data) - len(data.translate(None, _ASCII_BYTES))
    multibyte = len(escaped) - ascii_count - bad
    return (bad / len(data) if data else 0.0), multibyte, bad


def _best_legacy(data: bytes) -> Decoded | None:
    sample = data[:SCORE_SAMPLE_BYTES]
    scored: list[tuple[float, str]] = []
    for encoding in LEGACY_ENCODINGS:
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        scored.append((word_score(text), encoding))
    if not scored:
        return None
    best_score, best = max(scored)
    cp1256_score = next((s for s, enc in scored if enc == "cp1256"), None)
    if cp1256_score is not None and best_score - cp1256_score <= TIE_MARGIN:
        best_score, best = cp1256_score, "cp1256"
    if best_score < MIN_WORD_SCORE:
        return None
    try:
        return Decoded(data.decode(best), _display_name(best))
    except UnicodeDecodeError:
        # The sample decoded but a later byte does not exist in this code page.
        return None


def word_score(text: str) -> float:
    """Share of words with non-ASCII letters that are wholly Arabic or wholly Latin."""
    good = total = 0
    for word in _WORD_SPLIT_RE.split(text):
        word = word.strip(_WRAPPING_PUNCT)
        if not word or word.isascii():
            continue
        total += 1
        if _ARABIC_WORD_RE.match(word) or _is_latin_word(word):
            good += 1
    return good / total if total else 1.0


def _is_latin_word(word: str) -> bool:
    # Maghrebi and Lebanese text mixes in French words (é, è, ç), which cp1256 carries.
    return all(
        ch.isascii() or (ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN"))
        for ch in word
    )


def _display_name(codec: str) -> str:
    return {"iso8859-6": "iso-8859-6", "utf_8": "utf-8"}.get(codec, codec.replace("_", "-"))

"""Targets (paths, folders, globs, "-", URLs) → things to read, and which format each is."""

from __future__ import annotations

import codecs
import glob
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from marsad.records import Failure

FORMATS = ("text", "html", "warc", "rss", "jsonl")
# How a file name ends → format. ".gz" is stripped first (except for WARC, below).
EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".warc": "warc", ".arc": "warc",
    ".rss": "rss", ".atom": "rss", ".xml": "rss",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
}  # fmt: skip
# Extensions whose name is trusted over the bytes; others (.xml, unknown, none) are sniffed.
TRUSTED_EXTENSIONS = {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".warc", ".arc",
                      ".rss", ".atom", ".jsonl", ".ndjson", ".json"}  # fmt: skip
# Sniffing looks at the first bytes only; feeds and pages declare themselves early.
SNIFF_BYTES = 4096
GLOB_CHARS = set("*?[")


@dataclass(frozen=True, slots=True)
class Target:
    """One thing to read: a file path, standard input or a URL."""

    kind: str  # "file" | "stdin" | "url"
    location: str


def expand_targets(targets: Iterable[str]) -> Iterator[Target | Failure]:
    """Expand folders (recursive, sorted, no hidden files) and globs into single targets."""
    for target in targets:
        if target == "-":
            yield Target("stdin", "-")
        elif target.lower().startswith(("http://", "https://")):
            yield Target("url", target)
        else:
            yield from _expand_path(target)


def _expand_path(target: str) -> Iterator[Target | Failure]:
    path = Path(target).expanduser()
    if path.is_dir():
        found = list(_walk(path))
        if not found:
            yield Failure(str(path.resolve()), "folder has no (non-hidden) files")
        yield from found
    elif path.exists():
        # An explicitly named file is read even if hidden; FIFOs and /dev/stdin work too.
        yield Target("file", str(path.resolve()))
    elif GLOB_CHARS & set(target):
        matches = sorted(glob.glob(os.path.expanduser(target), recursive=True))
        if not matches:
            yield Failure(target, "glob pattern matched no files")
        for match in matches:
            match_path = Path(match)
            if match_path.is_dir():
                yield from _walk(match_path)
            else:
                yield Target("file", str(match_path.resolve()))
    else:
        yield Failure(str(path.absolute()), "no such file or directory")


def _walk(root: Path) -> Iterator[Target]:
    found: list[tuple[tuple[str, ...], Path]] = []
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith("."):
                full = Path(folder, name)
                if _regular_file(full):
                    found.append((full.relative_to(root).parts, full))
    for _, full in sorted(found):
        yield Target("file", str(full.resolve()))


def _regular_file(path: Path) -> bool:
    """Inside a folder only regular files are read: a symlink loop, a dangling link, a
    FIFO or a device would raise or block (issue 15); a file named explicitly is still
    read whatever it is."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, RuntimeError):
        return False


def format_size(n: int) -> str:
    """A byte count for messages: "312 bytes", "45.1 kB", "25.3 MB"."""
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if n >= scale:
            return f"{round(n / scale, 1):g} {unit}"
    return f"{n} bytes"


def format_from_name(name: str) -> str | None:
    """The format a trusted file extension names, or None when the bytes must decide."""
    lowered = name.lower()
    for suffix in (".warc.gz", ".arc.gz"):
        if lowered.endswith(suffix):
            return "warc"
    lowered = lowered.removesuffix(".gz")
    ext = os.path.splitext(lowered)[1]
    return EXTENSIONS[ext] if ext in TRUSTED_EXTENSIONS else None


def detect_format(name: str, head: bytes, content_type: str | None = None) -> str:
    """Format from the name, then the HTTP content type, then the leading (decompressed) bytes."""
    by_name = format_from_name(name)
    if by_name:
        return by_name
    sniffed = sniff_format(head)
    if sniffed:
        return sniffed
    by_type = _format_from_content_type(content_type or "")
    if by_type:
        return by_type
    ext = os.path.splitext(name.lower().removesuffix(".gz"))[1]
    return EXTENSIONS.get(ext, "text")


def sniff_format(head: bytes) -> str | None:
    """Format recognised from the first bytes of a (decompressed) input, or None."""
    text = _head_text(head).lstrip("\ufeff \t\r\n").lower()
    if text.startswith(("warc/", "filedesc://")):
        return "warc"
    if text.startswith("<"):
        if any(tag in text for tag in ("<rss", "<feed", "<rdf:rdf")):
            return "rss"
        if any(tag in text for tag in ("<!doctype html", "<html", "<head", "<body")):
            return "html"
        if text.startswith("<?xml"):
            return "rss"
        return None
    # Require an object to follow: text may well start with "[" or "{" ("[عاجل] ...").
    if text.startswith("{") and text[1:].lstrip().startswith(('"', "}")):
        return "jsonl"
    if text.startswith("[") and text[1:].lstrip().startswith(("{", "]")):
        return "jsonl"
    return None


def _format_from_content_type(content_type: str) -> str | None:
    kind = content_type.split(";")[0].strip().lower()
    if not kind:
        return None
    if "rss" in kind or "atom" in kind or kind in ("application/xml", "text/xml"):
        return "rss"
    if "html" in kind:
        return "html"
    if "warc" in kind:
        return "warc"
    if "json" in kind:
        return "jsonl"
    if kind.startswith("text/"):
        return "text"
    return None


def _head_text(head: bytes) -> str:
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="ignore")
    return head[:SNIFF_BYTES].decode("utf-8", errors="ignore")

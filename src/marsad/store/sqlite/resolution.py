"""Read-only lookups the entity-resolution evaluation needs (gold mentions → stored entities)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from marsad.store.sqlite import SQLiteStore


def articles_by_url(store: SQLiteStore, urls: Iterable[str]) -> dict[str, list[tuple[int, str]]]:
    """url → [(article id, text)]: an article split into glued parts keeps its url on each."""
    out: dict[str, list[tuple[int, str]]] = defaultdict(list)
    wanted = sorted(set(urls))
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        rows = store.conn.execute(
            f"SELECT url, id, text FROM articles WHERE url IN ({','.join('?' * len(chunk))}) "
            "ORDER BY id", chunk)
        for url, aid, text in rows:
            out[url].append((aid, text))
    return dict(out)


def removed_text(store: SQLiteStore, article_ids: Iterable[int]) -> dict[int, str]:
    """article id → the lines the cleaner took out of it, joined (an audit of residue)."""
    out: dict[int, list[str]] = defaultdict(list)
    ids = sorted(set(article_ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for aid, text in store.conn.execute(
                f"SELECT article_id, text FROM removed_lines WHERE article_id IN "
                f"({','.join('?' * len(chunk))}) ORDER BY article_id, seq", chunk):
            out[aid].append(text)
    return {aid: "\n".join(lines) for aid, lines in out.items()}


def mentions_in(store: SQLiteStore, article_ids: Iterable[int]) -> dict[int, list[tuple[int, int, int]]]:
    """article id → [(start, end, entity id)] of its stored mentions."""
    out: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    ids = sorted(set(article_ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for aid, s, e, eid in store.conn.execute(
                "SELECT article_id, start, end, entity_id FROM mentions WHERE article_id IN "
                f"({','.join('?' * len(chunk))})", chunk):
            out[aid].append((s, e, eid))
    return dict(out)


def entity_latin(store: SQLiteStore, entity_ids: Iterable[int]) -> dict[int, tuple[str, str | None]]:
    """entity id → (type, Latin name)."""
    ids = sorted(set(entity_ids))
    out = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for eid, etype, latin in store.conn.execute(
                f"SELECT id, type, latin FROM entities WHERE id IN ({','.join('?' * len(chunk))})",
                chunk):
            out[eid] = (etype, latin)
    return out


def top_entity_ids(store: SQLiteStore, etype: str, n: int) -> list[int]:
    """The `n` entities of `etype` with the most mentions (the top of `marsad entities`)."""
    return [r[0] for r in store.conn.execute(
        "SELECT id FROM entities WHERE type = ? ORDER BY mentions DESC, id LIMIT ?", (etype, n))]


def stories_by_url(store: SQLiteStore, urls: Iterable[str]) -> dict[str, int | None]:
    """url → story id of its first stored article (None: stored but in no story)."""
    out: dict[str, int | None] = {}
    wanted = sorted(set(urls))
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        rows = store.conn.execute(
            "SELECT a.url, m.story_id FROM articles a LEFT JOIN story_members m "
            f"ON m.article_id = a.id WHERE a.url IN ({','.join('?' * len(chunk))}) "
            "ORDER BY a.id", chunk)
        for url, story_id in rows:
            out.setdefault(url, story_id)
    return out

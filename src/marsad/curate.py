"""Users correct entities: merge, split, rename, block (service layer; `service` re-exports).

Each correction does two things in one transaction: it changes the stored rows now, and
it records an override by names and type (store/sqlite/overrides.py) that the writer applies to
every later link decision (writer/overrides.py), in later ingests and in `annotate
--rebuild` alike. Removing an override changes nothing stored: it only stops steering
later ingests and rebuilds.
"""

from __future__ import annotations

from typing import Any

from marsad.arabic.names import name_key
from marsad.errors import InputError, NotFound
from marsad.store.base import Store
from marsad.writer.overrides import full_name_keys, keys_of

KINDS = ("merge", "split", "rename", "block")
# What unoverride answers: stored rows keep the correction's effect.
UNOVERRIDE_NOTE = ("later ingests and `annotate --rebuild` no longer apply it; entities "
                   "already stored stay as they are")


def _entity(store: Store, ref: str | int) -> dict[str, Any]:
    from marsad.service.entities import find_entities

    if isinstance(ref, int) or str(ref).strip().isdecimal():
        found = store.get_entity(int(ref))
    else:
        ids = find_entities(store, str(ref))
        found = store.get_entity(ids[0]) if ids else None
    if found is None:
        raise NotFound(f"no entity matches {ref!r}")
    return found


def _brief(store: Store, entity_id: int) -> dict[str, Any] | None:
    e = store.get_entity(entity_id)
    if e is None:
        return None
    return {k: e[k] for k in ("id", "type", "name", "latin", "mentions", "articles")}


def _name(text: str, what: str) -> str:
    text = " ".join((text or "").split())
    if not name_key(text):
        raise InputError(f"{what} must contain letters, got {text!r}")
    return text


def _latin_keys(names: list[str]) -> list[str]:
    from marsad.translit import latin_keys, to_latin

    out: list[str] = []
    for n in names:
        latin = to_latin(n) if any("\u0600" <= ch <= "\u06ff" for ch in n) else n
        out.extend(latin_keys(latin) if latin else [])
    return out


def _rename_to_best(store: Store, entity_id: int) -> None:
    from marsad.translit.known import latin_name

    _, best = store.best_entity_name(entity_id)
    if best:
        store.rename_entity(entity_id, best, latin_name(best))


def overrides(store: Store, kind: str | None = None) -> dict[str, Any]:
    """Every correction users made, oldest first (`kind` narrows)."""
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown override kind {kind!r} (use one of {', '.join(KINDS)})")
    items = [o for o in store.list_overrides() if kind is None or o["kind"] == kind]
    return {"items": items, "total": len(items)}


def merge_entities(store: Store, ref: str | int, into: str | int) -> dict[str, Any]:
    """Entity `ref` is entity `into`: its mentions, aliases, roles, quotes and events move
    now; later ingests and rebuilds link its names to `into`."""
    src, dst = _entity(store, ref), _entity(store, into)
    if src["id"] == dst["id"]:
        raise InputError(f"{ref!r} and {into!r} are already one entity (id {src['id']})")
    names = list(dict.fromkeys([src["name"], *(a for a, _ in store.entity_alias_counts(src["id"]))]))
    other = list(dict.fromkeys([dst["name"], *(a for a, _ in store.entity_alias_counts(dst["id"]))]))
    with store.transaction():
        oid = store.add_override("merge", src["type"], names, other=other,
                                 other_type=dst["type"], name=dst["name"])
        store.merge_entity_rows(src["id"], dst["id"])
    return {"override": oid, "kind": "merge", "merged": {k: src[k] for k in ("id", "type", "name")},
            "into": _brief(store, dst["id"])}


def split_entity(store: Store, ref: str | int, aliases: list[str]) -> dict[str, Any]:
    """These aliases of entity `ref` are another thing: their mentions move to a new
    entity now; later their names never link to the old one."""
    from marsad.translit.known import latin_name

    ent = _entity(store, ref)
    if not aliases:
        raise InputError("name at least one alias to split off")
    counts = store.entity_alias_counts(ent["id"])
    have = {name_key(a) for a, _ in counts}
    unknown = [a for a in aliases if name_key(a) not in have]
    if unknown:
        raise InputError(f"not aliases of {ent['name']} (id {ent['id']}): "
                         + "، ".join(unknown))
    want = keys_of(aliases)
    moving = [a for a, _ in counts if name_key(a) in want]
    staying = [a for a, _ in counts if name_key(a) not in want]
    if not staying:
        raise InputError(f"that is every alias of {ent['name']}: nothing would stay "
                         "(rename it instead)")
    rows = [(a, s) for a, s, _, _, text in store.mention_texts([ent["id"]])
            if name_key(text) in want]
    with store.transaction():
        oid = store.add_override("split", ent["type"], moving, other=staying)
        new = store.create_entity(ent["type"], moving[0], latin_name(moving[0]))
        store.move_aliases(ent["id"], new, moving)
        store.move_mentions(rows, new)
        moved_keys = set(full_name_keys(moving)) - set(full_name_keys(staying))
        store.delete_entity_keys(ent["id"], sorted(moved_keys))
        store.add_entity_keys(new, full_name_keys(moving), _latin_keys(moving))
        store.recount_entities([ent["id"], new])
        _rename_to_best(store, new)
        if name_key(ent["name"]) in want:
            _rename_to_best(store, ent["id"])
    return {"override": oid, "kind": "split", "entity": _brief(store, ent["id"]),
            "new": _brief(store, new), "mentions_moved": len(rows)}


def rename_entity(store: Store, ref: str | int, name: str,
                  latin: str | None = None) -> dict[str, Any]:
    """A fixed display name (and Latin name) for entity `ref` that ingest's automatic
    renaming never overrides."""
    ent = _entity(store, ref)
    name = _name(name, "the new name")
    latin = " ".join(latin.split()) if latin else None
    names = list(dict.fromkeys([ent["name"], *(a for a, _ in store.entity_alias_counts(ent["id"]))]))
    with store.transaction():
        oid = store.add_override("rename", ent["type"], names, name=name, latin=latin)
        store.rename_entity(ent["id"], name, latin)
        store.add_entity_keys(ent["id"], full_name_keys([name]),
                              _latin_keys([latin]) if latin else ())
    return {"override": oid, "kind": "rename", "entity": _brief(store, ent["id"])}


def block_name(store: Store, name: str, etype: str | None = None) -> dict[str, Any]:
    """`name` is not an entity (of `etype`, or of any type): its mentions go now and are
    never stored again; an entity left with no mention goes too."""
    from marsad.service.entities import ENTITY_TYPES

    name = _name(name, "the blocked name")
    etype = etype.upper() if etype else None
    if etype is not None and etype not in ENTITY_TYPES:
        raise InputError(f"unknown entity type {etype!r} (use one of {', '.join(ENTITY_TYPES)})")
    key = name_key(name)
    ids = store.entities_by_keys(["n:" + key])
    found = [(a, s, eid) for a, s, eid, mtype, text in store.mention_texts(ids)
             if name_key(text) == key and (etype is None or mtype == etype)]
    rows = [(a, s) for a, s, _ in found]
    spelled = {eid: [a for a, _ in store.entity_alias_counts(eid) if name_key(a) == key]
               for eid in ids}
    kinds = {e["id"]: e["type"] for e in store.list_entities(ids=ids, limit=len(ids) or 1)}
    touched = sorted({eid for *_, eid in found}
                     | {eid for eid, names in spelled.items()
                        if names and (etype is None or kinds.get(eid) == etype)})
    with store.transaction():
        oid = store.add_override("block", etype, [name])
        store.delete_mentions(rows)
        for eid in touched:
            store.delete_aliases(eid, spelled.get(eid, []))
            store.delete_entity_keys(eid, ["n:" + key])
        store.recount_entities(touched)
        gone = store.drop_unmentioned(touched)
        for eid in touched:
            if eid not in gone and name_key(store.entity_name(eid)) == key:
                _rename_to_best(store, eid)
    return {"override": oid, "kind": "block", "name": name, "type": etype,
            "mentions_removed": len(rows), "entities_removed": gone,
            "entities_changed": [i for i in touched if i not in gone]}


def remove_override(store: Store, override_id: int) -> dict[str, Any]:
    """Forget one correction: later ingests and rebuilds stop applying it."""
    with store.transaction():
        if not store.delete_override(override_id):
            raise NotFound(f"no override with id {override_id}")
    return {"removed": override_id, "note": UNOVERRIDE_NOTE}

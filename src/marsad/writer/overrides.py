"""Users' corrections to entities, applied by the writer to every later link decision.

An override names entities by their spellings and type (`name_key` of each name), never
by id, so it outlives `annotate --rebuild`:

- block: mentions whose name is the blocked one are dropped;
- merge: a document entity any of whose names was one of the merged-away entity's
  links to the target (found by the target's names; created when not stored yet);
- split: a document entity whose name is a split-off alias never links to an entity
  named by the names the old entity kept, nor the other way round;
- rename: an entity whose display name was one of the renamed entity's names takes the
  fixed name, and ingest's automatic renaming leaves it alone.

Blocks and splits act on a document's mentions before linking (`Rules.prepare`): a
document entity spelled both ways (a split-off alias and a kept name) is cut in two.

`Rules.load(store)` reads them once per writer run (they are few). `marsad.curate`
applies each to the stored rows when a user makes it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from marsad.arabic.names import name_key, phonetic_key

if TYPE_CHECKING:
    from marsad.store.base import LinkingStore

# Merges followed in a chain (A into B, later B into C); a cycle stops here.
MAX_MERGE_HOPS = 8


def keys_of(names: Sequence[str]) -> frozenset[str]:
    return frozenset(k for k in (name_key(n) for n in names) if k)


def full_name_keys(names: Sequence[str]) -> list[str]:
    """The full-name match keys ("n:", "p:") the store finds an entity by."""
    out: dict[str, None] = {}
    for n in names:
        out["n:" + name_key(n)] = None
        p = phonetic_key(n)
        if len(p) >= 2:
            out["p:" + p] = None
    return [k for k in out if len(k) > 2]


@dataclass(frozen=True, slots=True)
class Merge:
    id: int
    type: str
    keys: frozenset[str]  # the merged-away entity's names
    target_type: str
    target_names: tuple[str, ...]  # display name first
    target_keys: frozenset[str]


@dataclass(frozen=True, slots=True)
class Split:
    type: str
    split_keys: frozenset[str]  # the aliases split off
    rest_keys: frozenset[str]  # the names the old entity kept


@dataclass(frozen=True, slots=True)
class Pin:
    type: str
    keys: frozenset[str]  # the renamed entity's names, and the fixed name
    name: str
    latin: str | None


class _Guarded:
    """The store, with candidates named by forbidden names left out (split)."""

    def __init__(self, store: LinkingStore, sides: list[tuple[frozenset[str], frozenset[str]]]) -> None:
        self._store = store
        self._sides = sides  # (forbidden names, allowed names)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._store, attr)

    def _forbidden(self, cand: dict[str, Any]) -> bool:
        own = name_key(cand["name"])
        seen = {name_key(a) for a in cand.get("aliases") or ()}
        return any(own in bad or (seen & bad and not seen & ok) for bad, ok in self._sides)

    def entity_candidates(self, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        return [c for c in self._store.entity_candidates(*args, **kwargs)
                if not self._forbidden(c)]


class Rules:
    """The overrides of one store, ready for link decisions."""

    def __init__(self, rows: Sequence[dict[str, Any]] = ()) -> None:
        self.blocked: dict[str, set[str | None]] = {}  # name key -> types (None: any)
        self.merges: list[Merge] = []  # latest first: the last word wins
        self.splits: list[Split] = []
        self.pins: list[Pin] = []
        for r in rows:
            keys = keys_of(r["names"])
            if r["kind"] == "block":
                for k in keys:
                    self.blocked.setdefault(k, set()).add(r["type"])
            elif r["kind"] == "merge":
                self.merges.insert(0, Merge(r["id"], r["type"], keys, r["other_type"],
                                            tuple(r["other"]), keys_of(r["other"])))
            elif r["kind"] == "split":
                self.splits.append(Split(r["type"], keys, keys_of(r["other"]) - keys))
            elif r["kind"] == "rename":
                self.pins.insert(0, Pin(r["type"], keys | keys_of([r["name"]]), r["name"],
                                        r["latin"]))
        self._pinned = {(p.type, name_key(p.name)) for p in self.pins}
        self.linking = bool(self.merges or self.splits or self.pins)

    @classmethod
    def load(cls, store: LinkingStore) -> Rules:
        rows = getattr(store, "list_overrides", None)
        return cls(rows() if rows is not None else ())

    # ------------------------------------------------------------------ block
    def is_blocked(self, name: str, etype: str) -> bool:
        types = self.blocked.get(name_key(name))
        return types is not None and (None in types or etype in types)

    def _part(self, local: Any, name: str) -> int:
        """Which split (index) takes a mention spelled `name` out of its document entity,
        or -1: its names fall on both sides of a split, so the entity is cut in two."""
        k = name_key(name)
        for n, s in enumerate(self.splits):
            if s.type == local.type and k in s.split_keys and any(
                    name_key(a) not in s.split_keys for a in local.aliases):
                return n
        return -1

    def prepare(self, doc: Any) -> None:
        """Drop blocked mentions from `doc` and cut its entities along splits; its
        mentions, quotes and events are renumbered to match."""
        if not (self.blocked or self.splits) or not doc.mentions:
            return
        groups: dict[tuple[int, int], list[int]] = {}  # (entity, split part) -> mentions
        group_of: dict[int, tuple[int, int]] = {}
        for i, m in enumerate(doc.mentions):
            if not self.is_blocked(m.name, m.type):
                part = self._part(doc.entities[m.local][0], m.name) if self.splits else -1
                group_of[i] = (m.local, part)
                groups.setdefault(group_of[i], []).append(i)
        if len(group_of) == len(doc.mentions) and all(part == -1 for _, part in groups):
            return
        new_local = {g: n for n, g in enumerate(sorted(groups))}
        new_mention = {i: n for n, i in enumerate(sorted(group_of))}
        mentions = [replace(doc.mentions[i], local=new_local[group_of[i]])
                    for i in sorted(group_of)]
        doc.entities = [self._cut(doc.entities[g[0]], [doc.mentions[i] for i in groups[g]],
                                  g[1] != -1) for g in sorted(groups)]
        doc.mentions = mentions
        for q in doc.quotes:
            if q.speaker_mention is not None:
                q.speaker_mention = new_mention.get(q.speaker_mention)
        doc.events = [replace(ev, source=new_mention[ev.source], target=new_mention[ev.target])
                      for ev in doc.events
                      if ev.source in new_mention and ev.target in new_mention]

    @staticmethod
    def _cut(entity: tuple[Any, list[str]], mentions: list[Any],
             split_off: bool) -> tuple[Any, list[str]]:
        """The document entity narrowed to `mentions` (all of them: unchanged)."""
        local, latin_keys = entity
        spelled = {name_key(m.name) for m in mentions}
        names = [a for a in local.aliases if name_key(a) in spelled] or \
            list(dict.fromkeys(m.name for m in mentions))
        if len(mentions) == local.mentions and len(names) == len(local.aliases):
            return entity
        from marsad.arabic.names import name_tokens

        best = local.name if local.name in names else \
            max(names, key=lambda a: (len(name_tokens(a)), len(a)))
        gone = {"n:" + name_key(a) for a in local.aliases if a not in names}
        if split_off:
            from marsad.translit import latin_keys as keys_of_latin

            match_keys = full_name_keys(names)
            forms = {n: f for n, f in local.latin_forms.items() if n in names}
            latin_keys = [k for f, _ in forms.values() if f for k in keys_of_latin(f)]
        else:
            match_keys = [k for k in local.match_keys if k not in gone]
            forms = local.latin_forms
        roles = list(dict.fromkeys(m.role for m in mentions if m.role))
        return replace(local, name=best, key=name_key(best), aliases=names, roles=roles,
                       match_keys=match_keys, mentions=len(mentions), latin_forms=forms,
                       latin=local.latin if best == local.name
                       else local.latin_forms.get(best, (None, None))[0]), latin_keys

    # ------------------------------------------------------------------ link
    def link(self, local: Any, store: LinkingStore, mirror: Any,
             link_one: Callable[[Any, Any, Any], tuple[int, str, bool, float]]
             ) -> tuple[int, str, bool, float]:
        """`link_one`'s (entity id, display name, certain, confidence), as the overrides
        have it (a user's merge is certain)."""
        if not self.linking:
            return link_one(local, store, mirror)
        target = self.merge_target(local)
        if target is not None:
            eid, name = self._find_or_create(target, store, mirror)
            certain, conf = True, 1.0
        else:
            sides = self._sides(local)
            eid, name, certain, conf = link_one(
                local, _Guarded(store, sides) if sides else store, mirror)
        pin = self.pin_for(name, local.type if target is None else target.target_type)
        if pin is not None and pin.name != name:
            from marsad.translit import latin_keys

            store.rename_entity(eid, pin.name, pin.latin)
            store.add_entity_keys(eid, full_name_keys([pin.name]),
                                  latin_keys(pin.latin) if pin.latin else ())
            name = pin.name
        return eid, name, certain, conf

    def merge_target(self, local: Any) -> Merge | None:
        """The merge a document entity falls under, followed along later merges."""
        etype, keys = local.type, keys_of([local.name, *local.aliases])
        found, seen = None, set()
        for _ in range(MAX_MERGE_HOPS):
            hit = next((m for m in self.merges if m.type == etype and m.keys & keys
                        and m.id not in seen), None)
            if hit is None:
                break
            found = hit
            seen.add(hit.id)
            etype, keys = hit.target_type, hit.target_keys
        return found

    @staticmethod
    def _find_or_create(target: Merge, store: LinkingStore, mirror: Any) -> tuple[int, str]:
        names = list(target.target_names)
        cands = store.entity_candidates(["n:" + name_key(n) for n in names],
                                        target.target_type, (), mirror)
        if cands:
            own = name_key(names[0])
            best = max(cands, key=lambda c: (name_key(c["name"]) == own,
                                             name_key(c["name"]) in target.target_keys,
                                             c["mentions"], -c["id"]))
            return best["id"], best["name"]
        from marsad.translit.known import latin_name

        eid = store.create_entity(target.target_type, names[0], latin_name(names[0]), mirror)
        store.add_entity_keys(eid, full_name_keys(names[:1]))
        return eid, names[0]

    def _sides(self, local: Any) -> list[tuple[frozenset[str], frozenset[str]]]:
        own = name_key(local.name)
        out = []
        for s in self.splits:
            if s.type != local.type:
                continue
            if own in s.split_keys:
                out.append((s.rest_keys, s.split_keys))
            elif own in s.rest_keys:
                out.append((s.split_keys, s.rest_keys))
        return out

    # ------------------------------------------------------------------ rename
    def pin_for(self, name: str, etype: str) -> Pin | None:
        """The rename that fixes the name of an entity now displayed as `name`."""
        if not self.pins:
            return None
        k = name_key(name)
        return next((p for p in self.pins if p.type == etype and k in p.keys), None)

    def pinned(self, name: str, etype: str) -> bool:
        """Whether `name` is a user's fixed display name (automatic renaming keeps off)."""
        return bool(self._pinned) and (etype, name_key(name)) in self._pinned

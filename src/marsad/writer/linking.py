"""Entity linking, the writer's corpus step: each of a document's own entities (from the
`stages.entities.annotate` worker stage) either joins a stored entity that shares a match
key (the decision is `stages.resolve.link_scored`, steered by the users' overrides) or
becomes a new one. Re-running over the same input gives the same entities.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from marsad.records import Document
from marsad.stages.entities import model_name

if TYPE_CHECKING:
    from marsad.store.base import LinkingStore


class LinkMemo:
    """Link decisions of one writer run, by the names an article's entity was seen as.

    «الولايات المتحدة» or «روسيا» come back in article after article with the same
    spellings; finding and comparing their candidates again was most of the writer's
    time. A decision is remembered only when it was certain (a full or phonetic match,
    or a new entity, which the next identical names match in full): a partial one (a
    lone surname) depends on how many candidates fit it at the time, so it is redone.
    """

    # Bounds memory on huge runs; a forgotten decision is just made again.
    MAX_ENTRIES = 200_000

    def __init__(self) -> None:
        from marsad.store.mirror import EntityMirror

        self.ids: dict[tuple, tuple[int, float]] = {}  # -> (entity id, link confidence)
        self.names: dict[int, str] = {}  # entity id -> its display name
        self.mirror = EntityMirror()  # what the run knows the entity tables hold
        self.rules: Any = None  # the store's overrides (stages/overrides.py), read once

    @staticmethod
    def key(local: Any) -> tuple:
        return (local.type, local.name, tuple(sorted(set(local.aliases))))

    def get(self, local: Any) -> tuple[int, str, float] | None:
        hit = self.ids.get(self.key(local))
        return None if hit is None else (hit[0], self.names[hit[0]], hit[1])

    def put(self, local: Any, eid: int, name: str, confidence: float = 1.0) -> None:
        if len(self.ids) >= self.MAX_ENTRIES:
            self.ids.clear()
            self.names.clear()
        self.ids[self.key(local)] = (eid, confidence)
        self.names[eid] = name

    def renamed(self, eid: int, name: str) -> None:
        if eid in self.names:
            self.names[eid] = name

    def new_batch(self) -> None:
        """Forget the decisions (not the mirror, which is exact). A remembered decision
        can differ from the one the store would give later (another entity has since
        gained the key or the mentions), so a run killed and resumed, whose memo starts
        empty, linked some mentions otherwise (issue 15, defect 11: 0.1% of mentions).
        Kept per batch, a decision depends only on the store at the batch's start and the
        batch, which a resumed run replays exactly (batches are cut by input position)."""
        self.ids.clear()
        self.names.clear()


def link_entities(doc: Document, article_id: int, store: LinkingStore, *, counted: bool,
                  model: str | None = None, memo: LinkMemo | None = None) -> list[int]:
    """Store the document's mentions under linked entity ids; return those ids.

    `counted` is False for duplicates: their mentions are stored (for highlights) but do
    not add to an entity's counts. `memo` carries certain decisions between articles of
    one run (the writer's); without it every entity is looked up afresh.
    """
    from marsad.arabic.names import alias_entry
    from marsad.stages.resolve import remember_latin_keys
    from marsad.translit.known import latin_name
    from marsad.writer.overrides import Rules

    ids: list[int] = []
    confidence: list[float] = []
    mirror = memo.mirror if memo is not None else None
    # users' corrections: blocked names go, merges/splits/renames steer each link
    rules = memo.rules if memo is not None and memo.rules is not None else Rules.load(store)
    if memo is not None:
        memo.rules = rules
    rules.prepare(doc)
    for local, latin_keys in doc.entities:
        hit = memo.get(local) if memo is not None else None
        if hit is not None:
            eid, name, conf = hit
        else:
            remember_latin_keys({n: k for n, (_, k) in local.latin_forms.items()})
            eid, name, certain, conf = rules.link(local, store, mirror, _link_one)
            if memo is not None and certain:
                memo.put(local, eid, name, conf)
        store.extend_entity(eid, match_keys=local.match_keys, aliases=local.aliases,
                            roles=local.roles, latin_keys=latin_keys,
                            mentions=local.mentions, published=doc.published,
                            counted=counted, mirror=mirror)
        entry = alias_entry(name)
        settled = entry is not None and entry.name == name  # the alias table names it
        if not settled and set(local.aliases) - {name} and not rules.pinned(name, local.type):
            # other spellings were counted: the fullest, most used form may have changed
            _, best = store.best_entity_name(eid, among=[name, *local.aliases], mirror=mirror)
            if best and best != name:
                spelling = local.latin_forms.get(best, (None, None))[0]
                store.rename_entity(eid, best, latin_name(best) or spelling)
                if memo is not None:
                    memo.renamed(eid, best)
        ids.append(eid)
        confidence.append(conf)
    store.insert_mentions(article_id, [(ids[m.local], m.start, m.end, m.type, m.role,
                                        confidence[m.local]) for m in doc.mentions])
    store.mark_annotated(article_id, model or model_name())
    return ids


def _link_one(local: Any, store: LinkingStore, mirror: Any = None) -> tuple[int, str, bool, float]:
    """(entity id, display name, certain, confidence) for one document entity: an existing
    entity sharing a match key that `resolve.link_scored` accepts, else a new one. Only
    links that rest on the full name are certain (a lone surname's depends on how many
    entities could claim it at the time, so the memo must not keep it)."""
    from marsad.arabic.names import name_key, phonetic_key
    from marsad.stages.resolve import PARTIAL, Candidate, link_scored

    full = {f"n:{name_key(n)}" for n in (local.name, *local.aliases)} | {
        f"p:{phonetic_key(n)}" for n in (local.name, *local.aliases)}
    # The key of the fullest form first: a lone alias's key («بوريطة» → p:برت) is shared
    # by dozens of more-mentioned entities, and under the candidate cap they pushed out
    # the one stored entity named «ناصر بوريطة», so a second entity of the same name was
    # made (37 such pairs in 13.5k ANT articles, issue 11's missed merges).
    # The exact key alone before its phonetic one, which can be as crowded: «محمد الدعيع»
    # folds to p:مهمد, every «محمد»'s. A lone name keeps the one capped lookup: the most
    # mentioned entities that fit it are the ones a lone surname may join.
    exact = f"n:{name_key(local.name)}" if " " in local.name.strip() else None
    strong = [k for k in local.match_keys if k in full and k != exact]
    weak = [k for k in local.match_keys if k not in full]
    found = {c["id"]: c for c in store.entity_candidates([exact], local.type, (), mirror)
             } if exact is not None and exact in local.match_keys else {}
    for c in store.entity_candidates(strong, local.type, () if found else weak, mirror):
        found.setdefault(c["id"], c)
    cands = [Candidate(**c) for c in found.values()]
    eid, rel, conf = link_scored(local, cands)
    if eid is None:
        return (store.create_entity(local.type, local.name, local.latin, mirror), local.name,
                rel != PARTIAL and conf >= 1.0, conf)
    return eid, found[eid]["name"], rel != PARTIAL, conf

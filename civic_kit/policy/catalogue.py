"""The provision catalogue: every clause the drafter can write, read from ``data/provisions.yaml``.

A provision is one element of the draft (a recital, an article, a paragraph or an item). The catalogue
records, for each, the answers that switch it on, what it depends on, where it goes, the legal
references it cites with their verification status, and which of the 31 Sunlight Open Data Policy
Guidelines and 6 International Open Data Charter principles it covers. Keeping this as data lets a
lawyer review *why* a clause appears without reading Python, and lets the tests check the whole
catalogue (every clause renders in every language, no dependency cycles, every guideline coverable).

Text is never in the YAML: it is in the ``policy`` message catalogue under keys derived from ids
(``policy.prov.<id>.text``), listed by :meth:`Catalogue.message_keys`.

Example
-------
>>> from civic_kit.policy.catalogue import catalogue
>>> len(catalogue().framework("sunlight")), len(catalogue().framework("charter"))
(31, 6)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from civic_kit.i18n import t
from civic_kit.policy.conditions import Condition, parse

__all__ = [
    "KINDS",
    "STATUSES",
    "Catalogue",
    "Entry",
    "FrameworkItem",
    "Kind",
    "Provision",
    "RefUse",
    "Reference",
    "Status",
    "Variant",
    "answer_fields",
    "catalogue",
]

Kind = Literal["recital", "article", "paragraph", "item"]
Status = Literal["verified", "secondary", "unverified"]
KINDS: tuple[str, ...] = ("recital", "article", "paragraph", "item")
#: How firmly a legal reference is known: seen in the official text, only in a secondary source, or not
#: confirmed at all. Anything but ``verified`` is flagged "to be confirmed" in every export.
STATUSES: tuple[str, ...] = ("verified", "secondary", "unverified")


@dataclass(frozen=True)
class Reference:
    """A legal reference a clause cites, with how firmly it is verified and where that was checked."""

    id: str
    status: Status
    source: str

    @property
    def confirmed(self) -> bool:
        return self.status == "verified"

    def label(self, lang: str | None = None) -> str:
        """How the reference is cited in ``lang`` (``Lei nº 12.527/2011, art. 11``)."""
        return t(f"policy.ref.{self.id}", lang)


@dataclass(frozen=True)
class RefUse:
    """A provision's use of a reference, possibly only for some answers (e.g. only in Brazil)."""

    ref: str
    when: Condition | None = None


@dataclass(frozen=True)
class Entry:
    """One item or paragraph slot of an article: fixed text, or a child provision with its own logic."""

    id: str | None = None
    """Fixed entry: its text key is ``policy.prov.<parent>.item.<id>`` (or ``.par.<id>``)."""
    provision: str | None = None
    """Child provision id, when the slot is a provision of its own."""
    when: Condition | None = None
    refs: tuple[RefUse, ...] = ()
    subitems_from: str | None = None


@dataclass(frozen=True)
class Variant:
    """An alternative wording of a provision; the first whose condition holds is used."""

    id: str
    when: Condition | None = None


@dataclass(frozen=True)
class FrameworkItem:
    """One Sunlight guideline or Charter principle, the unit the coverage report counts."""

    id: str
    framework: Literal["sunlight", "charter"]
    number: int
    section: str | None = None

    def name(self, lang: str | None = None) -> str:
        return t(f"policy.prov.{self.id}.title", lang)

    def why(self, lang: str | None = None) -> str:
        """Why it matters, in plain words (the explanation of the provision with the same id)."""
        return t(f"policy.prov.{self.id}.explain", lang)


@dataclass(frozen=True)
class Provision:
    """One clause of the catalogue and the rules that decide whether, where and how it appears."""

    id: str
    kind: Kind
    chapter: str | None = None
    parent: str | None = None
    """For paragraphs and items: the article (or paragraph) whose slot lists this provision."""
    when: Condition | None = None
    requires: tuple[str, ...] = ()
    covers: tuple[str, ...] = ()
    refs: tuple[RefUse, ...] = ()
    variants: tuple[Variant, ...] = ()
    items: tuple[Entry, ...] = ()
    paragraphs: tuple[Entry, ...] = ()
    subitems_from: str | None = None

    def title(self, lang: str | None = None) -> str:
        return t(f"policy.prov.{self.id}.title", lang)

    def explain(self, lang: str | None = None) -> str:
        return t(f"policy.prov.{self.id}.explain", lang)

    def text_keys(self) -> tuple[str, ...]:
        """Message keys of the clause itself, one per variant."""
        if not self.variants:
            return (f"policy.prov.{self.id}.text",)
        return tuple(f"policy.prov.{self.id}.text.{v.id}" for v in self.variants)

    def depends_on(self) -> frozenset[str]:
        """Provisions that must be decided before this one (required, read by conditions, parent)."""
        found = set(self.requires)
        if self.when is not None:
            found |= self.when.provisions()
        if self.parent:
            found.add(self.parent)
        return frozenset(found)


@dataclass(frozen=True)
class Catalogue:
    """All provisions in draft order, the references they cite and the frameworks they cover."""

    chapters: tuple[str, ...]
    provisions: tuple[Provision, ...]
    references: Mapping[str, Reference]
    frameworks: tuple[FrameworkItem, ...]
    evaluation_order: tuple[str, ...]
    """Provision ids sorted so each comes after everything it depends on."""

    def get(self, provision_id: str) -> Provision:
        for provision in self.provisions:
            if provision.id == provision_id:
                return provision
        raise KeyError(provision_id)

    def by_id(self) -> dict[str, Provision]:
        return {p.id: p for p in self.provisions}

    def framework(self, name: str) -> tuple[FrameworkItem, ...]:
        return tuple(item for item in self.frameworks if item.framework == name)

    def covering(self, framework_id: str) -> tuple[Provision, ...]:
        """Provisions that cover one guideline or principle."""
        return tuple(p for p in self.provisions if framework_id in p.covers)

    def message_keys(self) -> set[str]:
        """Every message key the catalogue's text needs (tests check all three languages have them)."""
        keys = {f"policy.chapter.{c}" for c in self.chapters}
        keys |= {f"policy.ref.{r}" for r in self.references}
        for p in self.provisions:
            keys |= {f"policy.prov.{p.id}.title", f"policy.prov.{p.id}.explain", *p.text_keys()}
            keys |= {f"policy.prov.{p.id}.item.{e.id}" for e in p.items if e.id}
            keys |= {f"policy.prov.{p.id}.par.{e.id}" for e in p.paragraphs if e.id}
        return keys


def answer_fields() -> tuple[str, ...]:
    """Names of the answers conditions may read (the fields of :class:`~civic_kit.policy.answers.Answers`)."""
    from civic_kit.policy.answers import Answers

    return tuple(f.name for f in dataclasses.fields(Answers))


@cache
def catalogue() -> Catalogue:
    """The bundled catalogue, loaded and checked once per process."""
    import yaml

    text = (resources.files("civic_kit.policy") / "data" / "provisions.yaml").read_text(encoding="utf-8")
    return build_catalogue(yaml.safe_load(text))


def build_catalogue(data: Mapping[str, Any]) -> Catalogue:
    """Build and check a catalogue from its YAML data (public so tests can feed broken catalogues).

    Raises
    ------
    ValueError
        On any inconsistency: duplicate or unknown ids, a child listed twice, a dependency cycle, a
        framework item no provision can cover, a variant list without a fallback, and so on.
    """
    fields = answer_fields()
    chapters = tuple(data["chapters"])
    references = {
        rid: Reference(rid, spec["status"], str(spec.get("source", ""))) for rid, spec in data["references"].items()
    }
    for ref in references.values():
        if ref.status not in STATUSES:
            raise ValueError(f"reference {ref.id}: unknown status {ref.status!r}")
    frameworks = tuple(
        FrameworkItem(item["id"], name, int(item["number"]), item.get("section"))
        for name in ("sunlight", "charter")
        for item in data["frameworks"][name]
    )
    raw = data["provisions"]
    ids = [spec["id"] for spec in raw]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"duplicate provision ids: {sorted(duplicates)}")
    parents = _parents(raw)
    provisions = tuple(_provision(spec, parents.get(spec["id"]), fields) for spec in raw)
    _check(provisions, chapters, references, frameworks)
    order = _evaluation_order(provisions)
    return Catalogue(chapters, provisions, references, frameworks, order)


def _parents(raw: list[Mapping[str, Any]]) -> dict[str, tuple[str, str]]:
    """child id -> (parent id, slot) for every provision listed in another's items or paragraphs."""
    parents: dict[str, tuple[str, str]] = {}
    for spec in raw:
        for slot in ("items", "paragraphs"):
            for entry in spec.get(slot, ()):
                if isinstance(entry, Mapping) and "provision" in entry:
                    child = entry["provision"]
                    if child in parents:
                        raise ValueError(f"provision {child} is listed by {parents[child][0]} and {spec['id']}")
                    parents[child] = (spec["id"], slot)
    return parents


def _provision(spec: Mapping[str, Any], parent: tuple[str, str] | None, fields: tuple[str, ...]) -> Provision:
    pid = spec["id"]
    where = f"provision {pid}"
    unknown = set(spec) - {f.name for f in dataclasses.fields(Provision)}
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    kind = spec.get("kind")
    if kind not in KINDS:
        raise ValueError(f"{where}: unknown kind {kind!r}")
    if kind in ("item", "paragraph"):
        if parent is None:
            raise ValueError(f"{where}: a {kind} must be listed by an article's items or paragraphs")
        expected = "items" if kind == "item" else "paragraphs"
        if parent[1] != expected:
            raise ValueError(f"{where}: a {kind} must be listed under {expected} of {parent[0]}")
    elif parent is not None:
        raise ValueError(f"{where}: a {kind} cannot be listed under {parent[0]}")
    variants = tuple(Variant(str(v["id"]), parse(v.get("when"), fields, where)) for v in spec.get("variants", ()))
    if variants and variants[-1].when is not None:
        raise ValueError(f"{where}: the last variant must have no condition (it is the fallback)")
    return Provision(
        id=pid,
        kind=kind,
        chapter=spec.get("chapter"),
        parent=parent[0] if parent else None,
        when=parse(spec.get("when"), fields, where),
        requires=tuple(spec.get("requires", ())),
        covers=tuple(spec.get("covers", ())),
        refs=_refs(spec.get("refs", ()), fields, where),
        variants=variants,
        items=tuple(_entry(e, fields, where) for e in spec.get("items", ())),
        paragraphs=tuple(_entry(e, fields, where) for e in spec.get("paragraphs", ())),
        subitems_from=spec.get("subitems_from"),
    )


def _refs(raw: Any, fields: tuple[str, ...], where: str) -> tuple[RefUse, ...]:
    uses = []
    for entry in raw:
        if isinstance(entry, str):
            uses.append(RefUse(entry))
        else:
            uses.append(RefUse(entry["ref"], parse(entry.get("when"), fields, where)))
    return tuple(uses)


def _entry(raw: Any, fields: tuple[str, ...], where: str) -> Entry:
    if isinstance(raw, str):
        return Entry(id=raw)
    if "provision" in raw:
        if set(raw) != {"provision"}:
            raise ValueError(f"{where}: a provision slot takes its logic from the provision itself")
        return Entry(provision=raw["provision"])
    return Entry(
        id=raw["id"],
        when=parse(raw.get("when"), fields, where),
        refs=_refs(raw.get("refs", ()), fields, where),
        subitems_from=raw.get("subitems_from"),
    )


def _check(
    provisions: tuple[Provision, ...],
    chapters: tuple[str, ...],
    references: Mapping[str, Reference],
    frameworks: tuple[FrameworkItem, ...],
) -> None:
    """Cross-checks that need the whole catalogue (conditions were checked when parsed)."""
    by_id = {p.id: p for p in provisions}
    framework_ids = {f.id for f in frameworks}
    multi_fields = _multi_fields()
    for p in provisions:
        where = f"provision {p.id}"
        if (p.kind == "article") != (p.chapter is not None):
            raise ValueError(f"{where}: articles, and only articles, have a chapter")
        if p.chapter is not None and p.chapter not in chapters:
            raise ValueError(f"{where}: unknown chapter {p.chapter!r}")
        if p.kind in ("recital", "item") and (p.items or p.paragraphs):
            raise ValueError(f"{where}: a {p.kind} has no items or paragraphs")
        if p.kind == "paragraph" and p.paragraphs:
            raise ValueError(f"{where}: a paragraph has no paragraphs")
        for dep in p.depends_on():
            if dep not in by_id:
                raise ValueError(f"{where}: depends on unknown provision {dep!r}")
        for entry in (*p.items, *p.paragraphs):
            if entry.provision is not None and entry.provision not in by_id:
                raise ValueError(f"{where}: lists unknown provision {entry.provision!r}")
            for use in entry.refs:
                if use.ref not in references:
                    raise ValueError(f"{where}: unknown reference {use.ref!r}")
            if entry.subitems_from is not None and entry.subitems_from not in multi_fields:
                raise ValueError(f"{where}: subitems_from needs a multi-choice answer")
        for use in p.refs:
            if use.ref not in references:
                raise ValueError(f"{where}: unknown reference {use.ref!r}")
        for cover in p.covers:
            if cover not in framework_ids:
                raise ValueError(f"{where}: covers unknown framework item {cover!r}")
        if p.subitems_from is not None and p.subitems_from not in multi_fields:
            raise ValueError(f"{where}: subitems_from needs a multi-choice answer")
    for item in frameworks:
        if item.id not in by_id:
            raise ValueError(f"framework item {item.id} has no provision with the same id")
        if not any(item.id in p.covers for p in provisions):
            raise ValueError(f"framework item {item.id} is covered by no provision")


def _multi_fields() -> set[str]:
    from civic_kit.policy.questionnaire import questionnaire

    return {q.id for q in questionnaire().questions if q.type == "multi"}


def _evaluation_order(provisions: tuple[Provision, ...]) -> tuple[str, ...]:
    """Topological order (stable: draft order among independent provisions); cycles are errors."""
    remaining = {p.id: set(p.depends_on()) for p in provisions}
    order: list[str] = []
    done: set[str] = set()
    while remaining:
        ready = [p.id for p in provisions if p.id in remaining and remaining[p.id] <= done]
        if not ready:
            raise ValueError(f"dependency cycle among provisions: {sorted(remaining)}")
        for pid in ready:
            order.append(pid)
            done.add(pid)
            del remaining[pid]
    return tuple(order)

"""The transparency checklist: items, dimensions, weight classes and legal bases, read from a data file.

Why a data file: the list of duties changes with the law and with the audit courts' methodology, and
people who know the law (not only programmers) must be able to review it. ``data/checklist.yaml`` holds
the structure; every word shown to people (item title, plain explanation, how to check it on a real
portal, suggested action) is in the ``transparency`` gettext domain under
``transparency.item.<id>.<title|explain|how|action>``, so it is translated like the rest of civic-kit.

Each legal basis carries the verification status copied from the project's legal reference
(``verified``, ``secondary`` or ``unverified``), and is shown with it, so nobody cites an unchecked
article as settled law.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from civic_kit.i18n import t
from civic_kit.problems import CivicKitError

__all__ = [
    "CLASSES",
    "COUNTRIES",
    "STATUSES",
    "Checklist",
    "Item",
    "LegalBasis",
    "WeightClass",
    "load_checklist",
    "parse_checklist",
]

WeightClass = Literal["essential", "mandatory", "recommended"]
#: Weight classes of the audit courts' programme (ATRICON PNTP), from most to least important.
CLASSES: tuple[str, ...] = ("essential", "mandatory", "recommended")
#: How firmly a legal fact was checked (legend of the project's legal reference).
STATUSES: tuple[str, ...] = ("verified", "secondary", "unverified")
#: Countries with a checklist: Brazil (full) and the Spanish-speaking countries with equivalent duties.
COUNTRIES: tuple[str, ...] = ("BR", "MX", "CO", "CL", "AR")


@dataclass(frozen=True)
class LegalBasis:
    """One legal source of a duty: a law code (``LAI``), the article, and how firmly it was verified."""

    law: str
    article: str
    status: str

    def label(self, lang: str | None = None) -> str:
        """``Lei de Acesso à Informação (Lei 12.527/2011), art. 8, § 1º, I`` in the reader's language."""
        name = t(f"transparency.law.{self.law}", lang)
        return f"{name}, {self.article}" if self.article else name

    def status_label(self, lang: str | None = None) -> str:
        """The verification status in words (``fonte secundária``...)."""
        return t(f"transparency.status.{self.status}", lang)

    def to_dict(self) -> dict[str, str]:
        return {"law": self.law, "article": self.article, "status": self.status}


@dataclass(frozen=True)
class Item:
    """One thing a municipality should publish or do, with its weight class and legal bases."""

    id: str
    dimension: str
    weight_class: str
    lai_internet: bool
    """The duty comes from LAI art. 8 § 2 (internet disclosure): recommended for municipalities of up to
    10,000 inhabitants (LAI art. 8 § 4)."""
    basis: tuple[LegalBasis, ...]
    countries: Mapping[str, tuple[LegalBasis, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """Equivalent duties in other countries; a country not listed has no equivalent in our reference."""

    def basis_for(self, country: str) -> tuple[LegalBasis, ...]:
        """The legal bases that apply in ``country`` (empty when the item has no equivalent there)."""
        if country == "BR":
            return self.basis
        return self.countries.get(country, ())

    def title(self, lang: str | None = None) -> str:
        return t(f"transparency.item.{self.id}.title", lang)

    def explain(self, lang: str | None = None) -> str:
        """What the duty is, in plain words."""
        return t(f"transparency.item.{self.id}.explain", lang)

    def how(self, lang: str | None = None) -> str:
        """How to check it on a real portal."""
        return t(f"transparency.item.{self.id}.how", lang)

    def action(self, lang: str | None = None) -> str:
        """What to do when it is missing."""
        return t(f"transparency.item.{self.id}.action", lang)


@dataclass(frozen=True)
class Checklist:
    """The whole checklist: weights per class, ordered dimensions and items."""

    version: int
    weights: Mapping[str, int]
    weights_basis: tuple[LegalBasis, ...]
    small_municipality_max: int
    small_municipality_basis: tuple[LegalBasis, ...]
    dimensions: tuple[str, ...]
    items: tuple[Item, ...]

    def item(self, item_id: str) -> Item:
        """The item with this id; :class:`CivicKitError` ``transparency-unknown-item`` otherwise."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise CivicKitError.of("transparency-unknown-item", item=str(item_id))

    def for_country(self, country: str) -> tuple[Item, ...]:
        """Items that apply in ``country``: all of them in Brazil, those with an equivalent elsewhere."""
        if country not in COUNTRIES:
            raise CivicKitError.of("transparency-unknown-country", country=str(country), countries=", ".join(COUNTRIES))
        return tuple(item for item in self.items if item.basis_for(country))

    def brazil_only(self, country: str) -> tuple[Item, ...]:
        """Items with no equivalent in ``country`` (they follow Brazilian law and are not scored there)."""
        if country == "BR":
            return ()
        return tuple(item for item in self.items if not item.basis_for(country))


def _bases(raw: Any, where: str) -> tuple[LegalBasis, ...]:
    if not isinstance(raw, list) or not raw:
        raise CivicKitError.of("transparency-bad-checklist", detail=f"{where}: basis")
    bases = []
    for entry in raw:
        if not isinstance(entry, dict) or not {"law", "article", "status"} <= set(entry):
            raise CivicKitError.of("transparency-bad-checklist", detail=f"{where}: basis")
        if entry["status"] not in STATUSES:
            raise CivicKitError.of("transparency-bad-checklist", detail=f"{where}: status {entry['status']}")
        bases.append(LegalBasis(law=str(entry["law"]), article=str(entry["article"]), status=str(entry["status"])))
    return tuple(bases)


def parse_checklist(data: Any) -> Checklist:
    """Build and check a :class:`Checklist` from the parsed YAML mapping.

    Raises
    ------
    CivicKitError
        ``transparency-bad-checklist`` naming the first structural problem (duplicate id, unknown
        dimension, class or status...).
    """
    if not isinstance(data, dict):
        raise CivicKitError.of("transparency-bad-checklist", detail="top level")
    try:
        weights = {str(k): int(v) for k, v in data["weights"].items()}
        dimensions = tuple(str(d) for d in data["dimensions"])
        small = data["small_municipality"]
        raw_items = data["items"]
        version = int(data["version"])
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise CivicKitError.of("transparency-bad-checklist", detail=str(error)) from None
    if set(weights) != set(CLASSES) or not isinstance(raw_items, list):
        raise CivicKitError.of("transparency-bad-checklist", detail="weights")
    items: list[Item] = []
    seen: set[str] = set()
    for raw in raw_items:
        if not isinstance(raw, dict) or "id" not in raw:
            raise CivicKitError.of("transparency-bad-checklist", detail="item without id")
        item_id = str(raw["id"])
        if item_id in seen:
            raise CivicKitError.of("transparency-bad-checklist", detail=f"duplicate {item_id}")
        seen.add(item_id)
        if raw.get("dimension") not in dimensions or raw.get("class") not in CLASSES:
            raise CivicKitError.of("transparency-bad-checklist", detail=f"{item_id}: dimension/class")
        countries = raw.get("countries") or {}
        if not isinstance(countries, dict) or not set(countries) <= set(COUNTRIES) - {"BR"}:
            raise CivicKitError.of("transparency-bad-checklist", detail=f"{item_id}: countries")
        items.append(
            Item(
                id=item_id,
                dimension=str(raw["dimension"]),
                weight_class=str(raw["class"]),
                lai_internet=bool(raw.get("lai_internet", False)),
                basis=_bases(raw.get("basis"), item_id),
                countries=MappingProxyType({c: _bases(v, f"{item_id}/{c}") for c, v in countries.items()}),
            )
        )
    return Checklist(
        version=version,
        weights=MappingProxyType(weights),
        weights_basis=_bases(data.get("weights_basis"), "weights_basis"),
        small_municipality_max=int(small["max_population"]),
        small_municipality_basis=_bases(small.get("basis"), "small_municipality"),
        dimensions=dimensions,
        items=tuple(items),
    )


@cache
def _bundled() -> Checklist:
    import yaml

    text = (resources.files("civic_kit.transparency") / "data" / "checklist.yaml").read_text(encoding="utf-8")
    return parse_checklist(yaml.safe_load(text))


def load_checklist(path: str | Path | None = None) -> Checklist:
    """The bundled checklist (cached), or one read from ``path`` (for reviewers trying a change).

    Raises
    ------
    CivicKitError
        ``transparency-bad-checklist`` when the file is not valid YAML or not a valid checklist.
    """
    if path is None:
        return _bundled()
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise CivicKitError.of("transparency-bad-checklist", detail=type(error).__name__) from None
    return parse_checklist(data)

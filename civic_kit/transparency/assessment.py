"""Score a municipality's answers to the transparency checklist, the way the audit courts weigh them.

Rules (each stated to the user by :meth:`AssessmentResult.notes`):

- Answers are ``yes`` (full credit), ``partial`` (half credit), ``no`` (none) or ``na`` (not
  applicable: the item leaves the denominator). An unanswered item counts as ``no`` (the audit courts
  score what they can find), and the number of unanswered items is reported.
- Weights follow the classes of the audit courts' national transparency programme (ATRICON PNTP,
  Resolução Atricon 01/2022) [verified]: essential x3, mandatory x2, recommended x1.
- Score = earned points / possible points, as an exact fraction (no rounding at the seal boundaries).
- Seal (Brazil): Diamante = all essential items met and score >= 95 %; Ouro = all essentials and
  85 % <= score < 95 %; Prata = all essentials and 75 % <= score < 85 %; 75 % or more without every
  essential item = "avançado", with no seal; Intermediário 50 % <= score < 75 %; Básico 30 % <= score
  < 50 %; Inicial 0 % < score < 30 %; Inexistente = 0 %. "All essentials met" means every applicable
  essential item is answered ``yes`` (partial does not count).
- Small municipalities (up to 10,000 inhabitants, Brazil): LAI art. 8 § 4 exempts them from the
  mandatory internet disclosure of art. 8 § 2, so items that only come from that duty count as
  recommended; real-time budget execution (LC 131/2009) stays as it is [secondary].
- Other countries: only items with an equivalent duty there are scored, and no Brazilian seal is
  given; the level on the Brazilian scale is shown as a reference only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from civic_kit.i18n import t
from civic_kit.i18n.numbers import format_number
from civic_kit.problems import CivicKitError
from civic_kit.transparency.checklist import COUNTRIES, Checklist, Item, LegalBasis, load_checklist

__all__ = [
    "ANSWERS",
    "CREDIT",
    "MAX_NOTE_LENGTH",
    "SEALS",
    "AssessmentResult",
    "DimensionScore",
    "Gap",
    "SelfAssessment",
    "assess",
    "percent_text",
    "seal_for",
]

#: Possible answers to an item. ``na`` = not applicable (excluded from the denominator).
ANSWERS: tuple[str, ...] = ("yes", "partial", "no", "na")
#: Credit per answer: partial counts half. Unanswered items get no credit.
CREDIT: Mapping[str, Fraction] = MappingProxyType({"yes": Fraction(1), "partial": Fraction(1, 2), "no": Fraction(0)})
#: Levels from best to worst; the first three are seals, "avancado" is >= 75 % without every essential.
SEALS: tuple[str, ...] = ("diamante", "ouro", "prata", "avancado", "intermediario", "basico", "inicial", "inexistente")
#: Longest note or municipality name accepted (a guard against pasting a whole document by mistake).
MAX_NOTE_LENGTH = 5000
_MAX_NAME_LENGTH = 200


def _check_text(value: Any, limit: int, what: str) -> str:
    if not isinstance(value, str):
        raise CivicKitError.of("transparency-bad-text", field=what)
    if len(value) > limit:
        raise CivicKitError.of("transparency-text-too-long", field=what, limit=limit)
    return value


@dataclass(frozen=True)
class SelfAssessment:
    """What an official filled in: who, where, and one answer (and optional note) per item.

    Immutable: :meth:`with_answer` returns a new assessment, so an app can keep history and undo.
    Everything typed by the user (``municipality``, ``notes``) is stored as plain text and escaped
    whenever it is rendered.
    """

    municipality: str = ""
    population: int | None = None
    """Inhabitants; decides the small-municipality rule (up to 10,000 in Brazil)."""
    country: str = "BR"
    answers: Mapping[str, str] = field(default_factory=dict)
    notes: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_text(self.municipality, _MAX_NAME_LENGTH, "municipality")
        if self.country not in COUNTRIES:
            raise CivicKitError.of(
                "transparency-unknown-country", country=str(self.country), countries=", ".join(COUNTRIES)
            )
        if self.population is not None and (
            isinstance(self.population, bool) or not isinstance(self.population, int) or self.population < 0
        ):
            raise CivicKitError.of("transparency-bad-population", value=str(self.population))
        if not isinstance(self.answers, Mapping) or not isinstance(self.notes, Mapping):
            raise CivicKitError.of("transparency-bad-text", field="answers")
        answers: dict[str, str] = {}
        for key, value in self.answers.items():
            if not isinstance(key, str) or value not in ANSWERS:
                raise CivicKitError.of("transparency-bad-answer", item=str(key), value=str(value))
            answers[key] = value
        notes = {}
        for key, value in self.notes.items():
            if not isinstance(key, str):
                raise CivicKitError.of("transparency-bad-text", field="notes")
            notes[key] = _check_text(value, MAX_NOTE_LENGTH, str(key))
        object.__setattr__(self, "answers", MappingProxyType(answers))
        object.__setattr__(self, "notes", MappingProxyType(notes))

    @property
    def small_municipality(self) -> bool:
        """Up to 10,000 inhabitants (the LAI art. 8 § 4 threshold); ``False`` when unknown."""
        return self.population is not None and self.population <= 10_000

    def with_answer(self, item_id: str, answer: str | None, note: str | None = None) -> SelfAssessment:
        """A copy with ``item_id`` answered (``None`` clears the answer); ``note`` replaces the note."""
        answers = dict(self.answers)
        if answer is None:
            answers.pop(item_id, None)
        else:
            answers[item_id] = answer
        notes = dict(self.notes)
        if note is not None:
            if note:
                notes[item_id] = note
            else:
                notes.pop(item_id, None)
        return replace(self, answers=answers, notes=notes)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready content (the store adds the schema version around it)."""
        return {
            "municipality": self.municipality,
            "population": self.population,
            "country": self.country,
            "answers": dict(sorted(self.answers.items())),
            "notes": dict(sorted(self.notes.items())),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SelfAssessment:
        """Rebuild from :meth:`to_dict` output, checking every field (bad content -> CivicKitError)."""
        if not isinstance(data, Mapping):
            raise CivicKitError.of("transparency-bad-text", field="assessment")
        allowed = {"municipality", "population", "country", "answers", "notes"}
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise CivicKitError.of("transparency-bad-text", field=", ".join(map(str, unknown)))
        return cls(
            municipality=data.get("municipality", ""),
            population=data.get("population"),
            country=data.get("country", "BR"),
            answers=data.get("answers", {}),
            notes=data.get("notes", {}),
        )


@dataclass(frozen=True)
class DimensionScore:
    """Points earned and possible in one dimension; ``score`` is ``None`` when every item there is N/A."""

    dimension: str
    earned: Fraction
    possible: Fraction
    items: int
    answered: int

    @property
    def score(self) -> Fraction | None:
        return None if self.possible == 0 else self.earned / self.possible

    def title(self, lang: str | None = None) -> str:
        return t(f"transparency.dimension.{self.dimension}", lang)


@dataclass(frozen=True)
class Gap:
    """An item not (fully) met, with what it costs and what to do about it."""

    item_id: str
    dimension: str
    weight_class: str
    """Class used in the score (after the small-municipality rule)."""
    weight: int
    answer: str
    """``no``, ``partial`` or ``unanswered``."""
    lost: Fraction
    """Points missing: weight x (1 - credit)."""
    basis: tuple[LegalBasis, ...]

    def title(self, lang: str | None = None) -> str:
        return t(f"transparency.item.{self.item_id}.title", lang)

    def action(self, lang: str | None = None) -> str:
        return t(f"transparency.item.{self.item_id}.action", lang)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "item": self.item_id,
            "title": self.title(lang),
            "dimension": self.dimension,
            "class": self.weight_class,
            "weight": self.weight,
            "answer": self.answer,
            "lost_points": float(self.lost),
            "basis": [b.to_dict() | {"label": b.label(lang)} for b in self.basis],
            "action": self.action(lang),
        }


@dataclass(frozen=True)
class AssessmentResult:
    """The score, the level, and the prioritised list of what is missing."""

    country: str
    small_municipality: bool
    score: Fraction
    """Earned / possible points, exact, in [0, 1]."""
    level: str
    """Level on the Brazilian scale (one of :data:`SEALS`), whatever the country."""
    seal: str | None
    """The seal level in Brazil; ``None`` elsewhere (the Brazilian programme does not apply there)."""
    essentials_met: bool
    essentials_total: int
    dimensions: tuple[DimensionScore, ...]
    gaps: tuple[Gap, ...]
    answered: int
    unanswered: int
    not_applicable: int
    items_total: int
    reclassified: tuple[str, ...] = ()
    """Items counted as recommended because of the small-municipality rule."""
    brazil_only: tuple[str, ...] = ()
    """Items left out because they have no equivalent in the chosen country."""
    ignored_answers: tuple[str, ...] = ()
    """Answers to ids that are not in this country's checklist (ignored, never an error)."""

    @property
    def percent(self) -> float:
        """Score as a percentage (for display; boundaries are decided on the exact :attr:`score`)."""
        return float(self.score * 100)

    def score_text(self, lang: str | None = None) -> str:
        from civic_kit.i18n import get_language, normalize_language

        return percent_text(self.score, normalize_language(lang) if lang else get_language())

    def level_label(self, lang: str | None = None) -> str:
        return t(f"transparency.seal.{self.level}", lang)

    def notes(self, lang: str | None = None) -> list[str]:
        """Every rule behind the number, in plain words, to print next to it."""
        notes = [t("transparency.note.scoring", lang), t("transparency.note.weights", lang)]
        if self.country == "BR":
            notes.append(t("transparency.note.seal-levels", lang))
        else:
            notes.append(t("transparency.note.seal-brazil-only", lang))
            notes.append(t(f"transparency.country-note.{self.country}", lang))
            if self.brazil_only:
                notes.append(t("transparency.note.brazil-only-items", lang, count=len(self.brazil_only)))
        if self.small_municipality:
            notes.append(t("transparency.note.small-municipality", lang, count=len(self.reclassified)))
        if self.unanswered:
            notes.append(t("transparency.note.unanswered", lang, count=self.unanswered))
        if self.score >= Fraction(3, 4) and not self.essentials_met:
            notes.append(t("transparency.note.missing-essentials", lang))
        return notes

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-ready form (for ``--json`` and for apps)."""
        return {
            "country": self.country,
            "small_municipality": self.small_municipality,
            "score": float(self.score),
            "score_fraction": [self.score.numerator, self.score.denominator],
            "level": self.level,
            "seal": self.seal,
            "essentials_met": self.essentials_met,
            "answered": self.answered,
            "unanswered": self.unanswered,
            "not_applicable": self.not_applicable,
            "items_total": self.items_total,
            "dimensions": [
                {
                    "dimension": d.dimension,
                    "score": None if d.score is None else float(d.score),
                    "items": d.items,
                    "answered": d.answered,
                }
                for d in self.dimensions
            ],
            "gaps": [g.to_dict(lang) for g in self.gaps],
            "reclassified": list(self.reclassified),
            "brazil_only": list(self.brazil_only),
            "ignored_answers": list(self.ignored_answers),
            "notes": self.notes(lang),
        }


def percent_text(share: Fraction, lang: str) -> str:
    """A share as a percentage with one decimal, rounded *down*.

    Rounding down keeps the number shown consistent with the level: 74.96 % is shown as 74,9 %, never as
    75,0 % next to "Intermediário".
    """
    tenths = (Fraction(share) * 1000).__floor__()
    return format_number(tenths / 10, lang, ",.1f") + "%"


def seal_for(score: Fraction, essentials_met: bool) -> str:
    """The level for an exact score in [0, 1] (see the module docstring for the boundaries).

    Boundaries are inclusive at the bottom: exactly 75 % is Prata (with every essential), exactly 85 %
    Ouro and exactly 95 % Diamante.
    """
    score = Fraction(score)
    if not 0 <= score <= 1:
        raise ValueError("score must be between 0 and 1")
    if score == 0:
        return "inexistente"
    if score >= Fraction(75, 100):
        if not essentials_met:
            return "avancado"
        if score >= Fraction(95, 100):
            return "diamante"
        if score >= Fraction(85, 100):
            return "ouro"
        return "prata"
    if score >= Fraction(50, 100):
        return "intermediario"
    if score >= Fraction(30, 100):
        return "basico"
    return "inicial"


def _effective_class(item: Item, small: bool) -> str:
    if small and item.lai_internet and item.weight_class != "essential":
        return "recommended"
    return item.weight_class


def assess(assessment: SelfAssessment, checklist: Checklist | None = None) -> AssessmentResult:
    """Score ``assessment`` against the checklist of its country.

    Raises
    ------
    CivicKitError
        ``transparency-nothing-to-score`` when every item is marked not applicable.
    """
    checklist = checklist or load_checklist()
    country = assessment.country
    items = checklist.for_country(country)
    small = country == "BR" and assessment.small_municipality
    known = {item.id for item in items}
    ignored = tuple(sorted(set(assessment.answers) - known))

    earned = Fraction(0)
    possible = Fraction(0)
    per_dim: dict[str, list[Any]] = {d: [Fraction(0), Fraction(0), 0, 0] for d in checklist.dimensions}
    gaps: list[tuple[tuple[Any, ...], Gap]] = []
    essentials_total = 0
    essentials_met = True
    reclassified: list[str] = []
    answered = unanswered = not_applicable = 0
    for order, item in enumerate(items):
        answer = assessment.answers.get(item.id)
        weight_class = _effective_class(item, small)
        if weight_class != item.weight_class:
            reclassified.append(item.id)
        weight = checklist.weights[weight_class]
        dim = per_dim[item.dimension]
        dim[2] += 1
        if answer is None:
            unanswered += 1
        else:
            answered += 1
            dim[3] += 1
        if answer == "na":
            not_applicable += 1
            continue
        credit = CREDIT.get(answer or "no", Fraction(0))
        earned += weight * credit
        possible += weight
        dim[0] += weight * credit
        dim[1] += weight
        if weight_class == "essential":
            essentials_total += 1
            essentials_met = essentials_met and answer == "yes"
        if answer != "yes":
            lost = weight * (1 - credit)
            gap = Gap(
                item_id=item.id,
                dimension=item.dimension,
                weight_class=weight_class,
                weight=weight,
                answer=answer or "unanswered",
                lost=lost,
                basis=item.basis_for(country),
            )
            gaps.append(((weight_class != "essential", -weight, -lost, order), gap))
    if possible == 0:
        raise CivicKitError.of("transparency-nothing-to-score")
    score = earned / possible
    level = seal_for(score, essentials_met)
    return AssessmentResult(
        country=country,
        small_municipality=small,
        score=score,
        level=level,
        seal=level if country == "BR" else None,
        essentials_met=essentials_met,
        essentials_total=essentials_total,
        dimensions=tuple(
            DimensionScore(dimension=d, earned=v[0], possible=v[1], items=v[2], answered=v[3])
            for d, v in per_dim.items()
            if v[2]
        ),
        gaps=tuple(gap for _, gap in sorted(gaps, key=lambda pair: pair[0])),
        answered=answered,
        unanswered=unanswered,
        not_applicable=not_applicable,
        items_total=len(items),
        reclassified=tuple(reclassified),
        brazil_only=tuple(item.id for item in checklist.brazil_only(country)),
        ignored_answers=ignored,
    )

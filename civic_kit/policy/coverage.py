"""How much of the international reference a draft covers, and what is missing and why it matters.

The yardstick is 37 items: the 31 Sunlight Foundation Open Data Policy Guidelines and the 6 principles
of the International Open Data Charter. An item is *covered* when at least one provision in the draft
lists it in ``covers`` (the catalogue is the single place where that judgement is recorded and can be
reviewed). The score is::

    score = covered items / 37

Every item weighs the same. We considered weighting the Charter (6 broad principles against 31
concrete guidelines) but an equal weight is what an official can check by hand -- "30 of 37" -- and
the report also gives each framework's own count. For a missing item the report says why it matters
(in plain words) and which questions of the questionnaire could add a clause that covers it.

Example
-------
>>> from civic_kit.policy.answers import Answers
>>> report = coverage(Answers("Exemplópolis", 8500, "O Prefeito Municipal"))
>>> 0 < report.score < 1 and len(report.covered) + len(report.missing) == 37
True
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from civic_kit.i18n import t
from civic_kit.i18n.numbers import format_percent
from civic_kit.policy.answers import Answers
from civic_kit.policy.catalogue import catalogue
from civic_kit.policy.questionnaire import questionnaire
from civic_kit.policy.selection import Selection, select, switches

__all__ = ["CoverageItem", "CoverageReport", "coverage"]


@dataclass(frozen=True)
class CoverageItem:
    """One guideline or principle: covered or not, by which provisions, and how to cover it."""

    id: str
    framework: str
    number: int
    covered: bool
    by: tuple[str, ...]
    """Provisions in the draft that cover the item."""
    questions: tuple[str, ...]
    """Questions whose answers could add (or remove) a covering provision."""

    def name(self, lang: str | None = None) -> str:
        return t(f"policy.prov.{self.id}.title", lang)

    def why(self, lang: str | None = None) -> str:
        return t(f"policy.prov.{self.id}.explain", lang)

    def how(self, lang: str | None = None) -> str:
        """What to change to cover it (empty when covered)."""
        if self.covered:
            return ""
        if not self.questions:
            return t("policy.coverage.how-none", lang)
        form = questionnaire()
        labels = ", ".join(form.question(q).label(lang) for q in self.questions)
        return t("policy.coverage.how", lang, questions=labels)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "id": self.id,
            "framework": self.framework,
            "number": self.number,
            "covered": self.covered,
            "by": list(self.by),
            "questions": list(self.questions),
            "name": self.name(lang),
            "why": self.why(lang),
            "how": self.how(lang),
        }


@dataclass(frozen=True)
class CoverageReport:
    """Coverage of the 37 reference items by one set of answers."""

    items: tuple[CoverageItem, ...]

    @property
    def ratio(self) -> Fraction:
        """Exact share of items covered."""
        return Fraction(sum(i.covered for i in self.items), len(self.items))

    @property
    def score(self) -> float:
        """Share of the 37 items covered, in [0, 1], rounded to 4 decimals."""
        return round(float(self.ratio), 4)

    @property
    def covered(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.items if i.covered)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.items if not i.covered)

    def count(self, framework: str) -> tuple[int, int]:
        """(covered, total) for ``sunlight`` or ``charter``."""
        items = [i for i in self.items if i.framework == framework]
        return sum(i.covered for i in items), len(items)

    def summary(self, lang: str | None = None) -> str:
        """One sentence: ``Cobertura: 13 de 37 recomendações (35,1%)…``."""
        sun, sun_total = self.count("sunlight")
        charter, charter_total = self.count("charter")
        return t(
            "policy.coverage.summary",
            lang,
            covered=len(self.covered),
            total=len(self.items),
            percent=format_percent(self.score, _lang(lang)),
            sunlight=sun,
            sunlight_total=sun_total,
            charter=charter,
            charter_total=charter_total,
        )

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-ready report; ``covered`` and ``missing`` are lists of framework item ids."""
        sun, sun_total = self.count("sunlight")
        charter, charter_total = self.count("charter")
        return {
            "score": self.score,
            "covered": list(self.covered),
            "missing": list(self.missing),
            "sunlight": {"covered": sun, "total": sun_total},
            "charter": {"covered": charter, "total": charter_total},
            "summary": self.summary(lang),
            "items": [item.to_dict(lang) for item in self.items],
        }


def coverage(answers: Answers, selection: Selection | None = None) -> CoverageReport:
    """Coverage report for ``answers`` (pass the app's ``selection`` to avoid deciding twice)."""
    cat = catalogue()
    chosen = selection if selection is not None else select(answers, cat)
    included = chosen.included
    items = []
    for item in cat.frameworks:
        candidates = cat.covering(item.id)
        by = tuple(p.id for p in candidates if p.id in included)
        fields: set[str] = set()
        for provision in candidates:
            fields.update(switches(provision.id))
        questions = tuple(q.id for q in questionnaire().questions if q.id in fields)
        items.append(CoverageItem(item.id, item.framework, item.number, bool(by), by, questions))
    return CoverageReport(tuple(items))


def _lang(lang: str | None) -> str:
    from civic_kit.i18n import get_language, normalize_language

    return normalize_language(lang) if lang else get_language()

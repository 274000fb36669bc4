"""Is opening a dataset worth what it costs? A transparent estimate, built from assumptions you can see.

Nobody *knows* how many people will use a bus timetable once it is open, or how many minutes each of them
saves. What a city can do is write its guesses down, compute what they imply, and check how much the
conclusion depends on each guess. This module does exactly that, and nothing more:

- :class:`Assumptions` -- the guesses, every one named, with a unit, validated (no negative users, no text
  where a number belongs). ``Assumptions.table(lang)`` lists them labelled *assumptions*, not facts.
- :func:`estimate_value` -- the time saved, what it is worth, what opening and upkeep cost, the net value
  over a few years and the month in which the costs are paid back (:class:`ValueEstimate`).
- :func:`sensitivity` -- the net value again with each assumption at the low and high end of a range: which
  guess, if wrong, would change the answer most?
- :func:`break_even` -- the value one assumption must reach for the benefits to cover the costs ("how many
  users per month do we need?").
- :func:`reuse_terms` and :func:`reuse_summary` -- what a licence lets a company or a newsroom do with the
  data, because a dataset nobody may legally reuse creates no value however good it is.

The model
---------
Each month the data is open, ``users_per_month`` people benefit ``uses_per_user`` times, saving
``minutes_saved`` minutes each time; an hour of their time is worth ``value_of_hour``. The city may also
answer ``requests_avoided_per_month`` fewer information requests, each costing ``cost_per_request`` of staff
time. Opening costs ``opening_cost`` once, at the start, and keeping the data current costs
``upkeep_per_month``. With a ``discount_rate`` above zero, money in later months counts a little less (its
present value), as economists compare costs now with benefits later.

Why so simple: a model that fits on a card can be argued with in a council meeting. Time saved is only one
of the values of open data (accountability, new businesses and better internal decisions are others, and
are harder to put a number on), so the estimate is a floor for discussion, not a forecast. Amounts are
floats: they are estimates rounded for reading, not accounts that must match to the cent.

Example
-------
>>> a = Assumptions(users_per_month=1000, uses_per_user=4, minutes_saved=3, value_of_hour=10,
...                 opening_cost=5000, upkeep_per_month=500)
>>> estimate = estimate_value(a, years=1)
>>> round(estimate.hours_saved_per_month), round(estimate.net_value)
(200, 13000)
>>> round(break_even(a, "users_per_month", years=1))
458
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from civic_kit.i18n import get_language, normalize_language, t
from civic_kit.problems import CivicKitError, Issue

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "ASSUMPTION_FIELDS",
    "MAX_YEARS",
    "Assumptions",
    "ReuseTerms",
    "ValueEstimate",
    "YearFigures",
    "assumption_label",
    "break_even",
    "check_assumptions",
    "estimate_value",
    "reuse_summary",
    "reuse_terms",
    "sensitivity",
]

#: Every assumption, in the order tables show them: benefits to people, costs, then savings for the city.
ASSUMPTION_FIELDS: tuple[str, ...] = (
    "users_per_month",
    "uses_per_user",
    "minutes_saved",
    "value_of_hour",
    "opening_cost",
    "upkeep_per_month",
    "requests_avoided_per_month",
    "cost_per_request",
)
#: Assumptions that may be left out (the city's own savings are often unknown at first).
OPTIONAL_FIELDS: tuple[str, ...] = ("requests_avoided_per_month", "cost_per_request")
#: The longest horizon accepted: beyond a few decades, any estimate of use is a guess on top of a guess.
MAX_YEARS = 50


# -- assumptions -----------------------------------------------------------------------------------


def _as_number(value: Any) -> float | None:
    """A finite-or-not float from a real number, or None when ``value`` is not a number at all.

    Text is refused on purpose, even ``"3000"``: the learner should see that a number in quotes is text.
    Booleans are refused too (``True`` is 1 to Python, but nobody means one user by it).
    """
    if isinstance(value, (bool, str, bytes)) or getattr(getattr(value, "dtype", None), "kind", None) == "b":
        return None
    if isinstance(value, (numbers.Real, Decimal)):
        return float(value)
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    if getattr(value, "ndim", None) == 0 and isinstance(kind, str) and kind in ("i", "u", "f"):
        return float(value)
    return None


def _number_issues(name: str, value: Any) -> list[Issue]:
    """The problems of one assumption's value (none when it is a finite number >= 0)."""
    number = _as_number(value)
    if number is None:
        return [Issue(code="opendata-value-not-number", params={"name": name, "value": _short(value)}, column=name)]
    if not math.isfinite(number):
        return [Issue(code="opendata-value-not-finite", params={"name": name, "value": _short(value)}, column=name)]
    if number < 0:
        return [Issue(code="opendata-value-negative", params={"name": name, "value": number}, column=name)]
    return []


def check_assumptions(values: Mapping[str, Any] | Any) -> tuple[Issue, ...]:
    """Every problem in a set of assumptions, instead of stopping at the first.

    Parameters
    ----------
    values
        A mapping (or anything with ``.items()``, such as a pandas Series) from assumption name to value.

    Returns
    -------
    tuple of Issue
        Unknown names, missing required names, values that are not numbers, infinite or negative. Empty
        when the assumptions can be used.
    """
    if not hasattr(values, "items"):
        return (Issue(code="opendata-value-not-mapping", params={"kind": type(values).__name__}),)
    given = {str(key): value for key, value in values.items()}
    issues: list[Issue] = []
    known = ", ".join(ASSUMPTION_FIELDS)
    for name in given:
        if name not in ASSUMPTION_FIELDS:
            issues.append(Issue(code="opendata-value-unknown-assumption", params={"name": name, "known": known}))
    for name in ASSUMPTION_FIELDS:
        if name not in given:
            if name not in OPTIONAL_FIELDS:
                issues.append(Issue(code="opendata-value-missing-assumption", params={"name": name}, column=name))
            continue
        issues.extend(_number_issues(name, given[name]))
    return tuple(issues)


@dataclass(frozen=True)
class Assumptions:
    """What we *assume* about one dataset once it is open. Every value is a guess to be questioned.

    Parameters
    ----------
    users_per_month
        People who benefit from the data in a month, directly or through an app, a newspaper, a service.
    uses_per_user
        Times each of them benefits in a month (trips planned, prices compared...).
    minutes_saved
        Minutes saved each time, compared with life without the data.
    value_of_hour
        Money value of one hour of a person's time (for example the minimum wage per hour).
    opening_cost
        One-off cost of opening: staff time to clean, anonymise, document and publish.
    upkeep_per_month
        Monthly cost of keeping the data current and answering reusers' questions.
    requests_avoided_per_month, cost_per_request
        Information requests the city no longer has to answer each month, and the staff cost of one.
        Optional (0 when unknown).

    Raises
    ------
    CivicKitError
        With the first problem found by :func:`check_assumptions` (a negative number, text in quotes...).
    """

    users_per_month: float
    uses_per_user: float
    minutes_saved: float
    value_of_hour: float
    opening_cost: float
    upkeep_per_month: float
    requests_avoided_per_month: float = 0.0
    cost_per_request: float = 0.0

    def __post_init__(self) -> None:
        issues = check_assumptions(self.as_dict())
        if issues:
            raise CivicKitError(issues[0])
        for name in ASSUMPTION_FIELDS:
            object.__setattr__(self, name, float(getattr(self, name)))

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | Any) -> Assumptions:
        """Assumptions from a mapping or Series (``{"users_per_month": 3000, ...}``), e.g. a table you keep.

        Raises
        ------
        CivicKitError
            With the first of every problem :func:`check_assumptions` finds.
        """
        issues = check_assumptions(values)
        if issues:
            raise CivicKitError(issues[0])
        return cls(**{str(key): value for key, value in values.items()})

    def as_dict(self) -> dict[str, Any]:
        """``{name: value}`` in :data:`ASSUMPTION_FIELDS` order."""
        return {name: getattr(self, name) for name in ASSUMPTION_FIELDS}

    def with_changes(self, **changes: Any) -> Assumptions:
        """A copy with some assumptions changed: ``a.with_changes(minutes_saved=2)``.

        Raises
        ------
        CivicKitError
            ``opendata-value-unknown-assumption`` for a misspelt name, or a problem with a new value.
        """
        for name in changes:
            if name not in ASSUMPTION_FIELDS:
                raise CivicKitError.of(
                    "opendata-value-unknown-assumption", name=name, known=", ".join(ASSUMPTION_FIELDS)
                )
        return dataclasses.replace(self, **changes)

    def table(self, lang: str | None = None, currency: str = "R$") -> pd.DataFrame:
        """The assumptions as a table with their meaning and unit, each labelled an assumption, not a fact.

        Columns: ``assumption`` (the name to use in code), ``meaning``, ``value``, ``unit``, ``status``.
        """
        import pandas as pd

        lang = _lang(lang)
        status = t("opendata-value.status.assumption", lang)
        rows = [
            {
                "assumption": name,
                "meaning": assumption_label(name, lang),
                "value": getattr(self, name),
                "unit": t(f"opendata-value.unit.{name}", lang, currency=currency),
                "status": status,
            }
            for name in ASSUMPTION_FIELDS
        ]
        return pd.DataFrame(rows, columns=["assumption", "meaning", "value", "unit", "status"])

    def to_dict(self) -> dict[str, float]:
        return dict(self.as_dict())


def assumption_label(name: str, lang: str | None = None) -> str:
    """The meaning of an assumption in words (``users_per_month`` -> "people who use the data in a month")."""
    if name not in ASSUMPTION_FIELDS:
        raise CivicKitError.of("opendata-value-unknown-assumption", name=name, known=", ".join(ASSUMPTION_FIELDS))
    return t(f"opendata-value.field.{name}", _lang(lang))


# -- the estimate ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearFigures:
    """One year of the horizon, in present value when a discount rate is used."""

    year: int
    benefit: float
    cost: float
    """Includes the opening cost in year 1."""
    net: float
    cumulative_net: float


@dataclass(frozen=True)
class ValueEstimate:
    """What the assumptions imply over ``years`` years. Built by :func:`estimate_value`."""

    assumptions: Assumptions
    years: int
    discount_rate: float
    hours_saved_per_month: float
    people_benefit_per_month: float
    """Value of the time people save in a month."""
    city_savings_per_month: float
    """Staff time the city saves in a month (information requests not needed any more)."""
    total_benefit: float
    total_cost: float
    net_value: float
    """``total_benefit - total_cost``: above zero, opening is worth more than it costs (under these assumptions)."""
    benefit_cost_ratio: float | None
    """Benefit per unit of money spent; None when nothing is spent."""
    payback_months: int | None
    """Months until the benefits have covered every cost so far (0 with nothing to pay back); None when that
    does not happen within the horizon."""
    yearly: tuple[YearFigures, ...]

    @property
    def worthwhile(self) -> bool:
        """True when the benefits exceed the costs over the horizon."""
        return self.net_value > 0

    def table(self) -> pd.DataFrame:
        """Year by year: ``year``, ``benefit``, ``cost``, ``net``, ``cumulative_net``."""
        import pandas as pd

        columns = ["year", "benefit", "cost", "net", "cumulative_net"]
        return pd.DataFrame([dataclasses.astuple(row) for row in self.yearly], columns=columns)

    def summary(self, lang: str | None = None, currency: str = "R$") -> list[str]:
        """The estimate in plain sentences, starting by saying that it rests on assumptions."""
        lang = _lang(lang)
        a = self.assumptions
        lines = [
            t(
                "opendata-value.summary.assumptions",
                lang,
                users=a.users_per_month,
                uses=a.uses_per_user,
                minutes=a.minutes_saved,
                hour=a.value_of_hour,
                currency=currency,
            ),
            t(
                "opendata-value.summary.time",
                lang,
                hours=round(self.hours_saved_per_month),
                money=self.people_benefit_per_month,
                currency=currency,
            ),
        ]
        if self.city_savings_per_month > 0:
            lines.append(
                t(
                    "opendata-value.summary.city",
                    lang,
                    requests=a.requests_avoided_per_month,
                    money=self.city_savings_per_month,
                    currency=currency,
                )
            )
        lines.append(
            t(
                "opendata-value.summary.totals",
                lang,
                months=12 * self.years,
                benefit=self.total_benefit,
                cost=self.total_cost,
                net=self.net_value,
                currency=currency,
            )
        )
        if self.benefit_cost_ratio is None:
            lines.append(t("opendata-value.summary.no-cost", lang))
        else:
            lines.append(t("opendata-value.summary.ratio", lang, ratio=self.benefit_cost_ratio, currency=currency))
        if self.payback_months is None:
            lines.append(t("opendata-value.summary.no-payback", lang, months=12 * self.years))
        elif self.payback_months == 0:
            lines.append(t("opendata-value.summary.payback-now", lang))
        else:
            lines.append(t("opendata-value.summary.payback", lang, months=self.payback_months))
        if self.discount_rate > 0:
            lines.append(t("opendata-value.summary.discount", lang, rate=self.discount_rate))
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {
            "assumptions": self.assumptions.to_dict(),
            "years": self.years,
            "discount_rate": self.discount_rate,
            "hours_saved_per_month": self.hours_saved_per_month,
            "people_benefit_per_month": self.people_benefit_per_month,
            "city_savings_per_month": self.city_savings_per_month,
            "total_benefit": self.total_benefit,
            "total_cost": self.total_cost,
            "net_value": self.net_value,
            "benefit_cost_ratio": self.benefit_cost_ratio,
            "payback_months": self.payback_months,
            "yearly": [dataclasses.asdict(row) for row in self.yearly],
        }


def _check_horizon(years: Any, discount_rate: Any) -> tuple[int, float]:
    if isinstance(years, bool) or not isinstance(years, numbers.Integral) or not 1 <= int(years) <= MAX_YEARS:
        raise CivicKitError.of("opendata-value-bad-years", value=_short(years), most=MAX_YEARS)
    rate = _as_number(discount_rate)
    if rate is None or not math.isfinite(rate) or not 0 <= rate < 1:
        raise CivicKitError.of("opendata-value-bad-discount-rate", value=_short(discount_rate))
    return int(years), rate


def estimate_value(assumptions: Assumptions, *, years: int = 3, discount_rate: float = 0.0) -> ValueEstimate:
    """Turn assumptions into time saved, money value, costs, net value and payback month.

    Parameters
    ----------
    assumptions
        The guesses (:class:`Assumptions`); nothing else goes into the result.
    years
        Horizon of the estimate, 1 to :data:`MAX_YEARS`. Three years is a common planning horizon for a
        city's data plan; the opening cost weighs less the longer the horizon.
    discount_rate
        Yearly rate as a share (``0.05`` for 5%) by which later money counts less; 0 (the default) adds
        money as it comes, which is easier to explain and fine for short horizons.

    Returns
    -------
    ValueEstimate

    Raises
    ------
    CivicKitError
        ``opendata-value-not-assumptions``, ``opendata-value-bad-years`` or
        ``opendata-value-bad-discount-rate``.
    """
    if not isinstance(assumptions, Assumptions):
        raise CivicKitError.of("opendata-value-not-assumptions", kind=type(assumptions).__name__)
    years, rate = _check_horizon(years, discount_rate)
    a = assumptions
    hours = a.users_per_month * a.uses_per_user * a.minutes_saved / 60
    people = hours * a.value_of_hour
    city = a.requests_avoided_per_month * a.cost_per_request
    monthly_factor = (1 + rate) ** (-1 / 12)
    cumulative = -a.opening_cost
    # Monthly flows are constant, so the running balance moves one way: with nothing to pay back at the
    # start, the costs are "paid back" from month 0 if each month gains, never if each month loses.
    payback: int | None = None
    if a.opening_cost == 0 and people + city >= a.upkeep_per_month:
        payback = 0
    tolerance = 1e-9 * max(1.0, a.opening_cost)
    yearly: list[YearFigures] = []
    total_benefit = total_cost = 0.0
    for year in range(1, years + 1):
        benefit = 0.0
        cost = a.opening_cost if year == 1 else 0.0
        for month in range(12 * (year - 1) + 1, 12 * year + 1):
            factor = monthly_factor**month
            benefit += (people + city) * factor
            cost += a.upkeep_per_month * factor
            cumulative += (people + city - a.upkeep_per_month) * factor
            if payback is None and a.opening_cost > 0 and cumulative >= -tolerance:
                payback = month
        total_benefit += benefit
        total_cost += cost
        yearly.append(YearFigures(year, benefit, cost, benefit - cost, total_benefit - total_cost))
    return ValueEstimate(
        assumptions=a,
        years=years,
        discount_rate=rate,
        hours_saved_per_month=hours,
        people_benefit_per_month=people,
        city_savings_per_month=city,
        total_benefit=total_benefit,
        total_cost=total_cost,
        net_value=total_benefit - total_cost,
        benefit_cost_ratio=total_benefit / total_cost if total_cost > 0 else None,
        payback_months=payback,
        yearly=tuple(yearly),
    )


def sensitivity(
    assumptions: Assumptions,
    ranges: Mapping[str, tuple[Any, Any]] | None = None,
    *,
    years: int = 3,
    discount_rate: float = 0.0,
    lang: str | None = None,
) -> pd.DataFrame:
    """The net value with each assumption, one at a time, at the low and the high end of its range.

    Why one at a time: it shows which guess the conclusion hangs on. The benefit assumptions are multiplied
    together, so halving any of them halves the time saved; what differs is how *uncertain* each one is.
    That is why you can give each assumption its own plausible range: a timetable's minutes saved may be
    known within a minute, its number of users only within a factor of ten.

    Parameters
    ----------
    assumptions
        The central guesses.
    ranges
        ``{name: (low, high)}`` for the assumptions to vary. Default: every assumption halved and doubled.
    years, discount_rate
        As in :func:`estimate_value`.
    lang
        Language of the ``meaning`` column.

    Returns
    -------
    pandas.DataFrame
        One row per assumption, the widest swing first: ``assumption``, ``meaning``, ``value``, ``low``,
        ``high``, ``net_at_low``, ``net_at_high`` and ``swing`` (how far apart the two net values are).

    Raises
    ------
    CivicKitError
        Unknown names, ranges that are not two numbers with ``0 <= low <= high``, or a bad horizon.
    """
    import pandas as pd

    if not isinstance(assumptions, Assumptions):
        raise CivicKitError.of("opendata-value-not-assumptions", kind=type(assumptions).__name__)
    _check_horizon(years, discount_rate)
    lang = _lang(lang)
    if ranges is None:
        chosen = {name: (getattr(assumptions, name) / 2, getattr(assumptions, name) * 2) for name in ASSUMPTION_FIELDS}
    else:
        if not hasattr(ranges, "items"):
            raise CivicKitError.of("opendata-value-not-mapping", kind=type(ranges).__name__)
        chosen = {}
        for name, bounds in ranges.items():
            if name not in ASSUMPTION_FIELDS:
                raise CivicKitError.of(
                    "opendata-value-unknown-assumption", name=str(name), known=", ".join(ASSUMPTION_FIELDS)
                )
            chosen[name] = _check_range(name, bounds)
    rows = []
    for name in ASSUMPTION_FIELDS:
        if name not in chosen:
            continue
        low, high = chosen[name]
        at_low = estimate_value(assumptions.with_changes(**{name: low}), years=years, discount_rate=discount_rate)
        at_high = estimate_value(assumptions.with_changes(**{name: high}), years=years, discount_rate=discount_rate)
        rows.append(
            {
                "assumption": name,
                "meaning": assumption_label(name, lang),
                "value": getattr(assumptions, name),
                "low": low,
                "high": high,
                "net_at_low": at_low.net_value,
                "net_at_high": at_high.net_value,
                "swing": abs(at_high.net_value - at_low.net_value),
            }
        )
    columns = ["assumption", "meaning", "value", "low", "high", "net_at_low", "net_at_high", "swing"]
    table = pd.DataFrame(rows, columns=columns)
    order = {name: i for i, name in enumerate(ASSUMPTION_FIELDS)}
    table["_order"] = table["assumption"].map(order)
    table = table.sort_values(["swing", "_order"], ascending=[False, True], kind="stable")
    return table.drop(columns="_order").reset_index(drop=True)


def _check_range(name: str, bounds: Any) -> tuple[float, float]:
    try:
        low, high = bounds
    except (TypeError, ValueError):
        raise CivicKitError.of("opendata-value-bad-range", name=name, value=_short(bounds)) from None
    parsed = [_as_number(low), _as_number(high)]
    values = [v for v in parsed if v is not None and math.isfinite(v) and v >= 0]
    if len(values) != 2 or values[0] > values[1]:
        raise CivicKitError.of("opendata-value-bad-range", name=name, value=_short(bounds))
    return values[0], values[1]


def break_even(assumptions: Assumptions, name: str, *, years: int = 3, discount_rate: float = 0.0) -> float | None:
    """The value ``name`` must take, the others unchanged, for the benefits to exactly cover the costs.

    For a benefit (users, minutes...) it is the *minimum* needed; for a cost it is the *most* the city can
    spend and still break even. The net value changes in a straight line with any single assumption (each
    appears once, multiplied by the others), so two estimates are enough to find the point.

    Returns
    -------
    float or None
        None when changing this assumption alone can never balance the books (it does not affect the net
        value, as minutes saved when nobody uses the data) or when the balance needs a negative value
        (the estimate is worth it even at zero, or not even at zero).

    Raises
    ------
    CivicKitError
        ``opendata-value-unknown-assumption`` for a misspelt name, or a bad horizon.
    """
    if not isinstance(assumptions, Assumptions):
        raise CivicKitError.of("opendata-value-not-assumptions", kind=type(assumptions).__name__)
    if name not in ASSUMPTION_FIELDS:
        raise CivicKitError.of("opendata-value-unknown-assumption", name=str(name), known=", ".join(ASSUMPTION_FIELDS))
    at_zero = estimate_value(assumptions.with_changes(**{name: 0}), years=years, discount_rate=discount_rate).net_value
    at_one = estimate_value(assumptions.with_changes(**{name: 1}), years=years, discount_rate=discount_rate).net_value
    slope = at_one - at_zero
    scale = max(abs(at_zero), abs(at_one), 1.0)
    if abs(slope) <= 1e-12 * scale:
        return None
    value = -at_zero / slope + 0.0  # + 0.0 turns a -0.0 into 0.0
    return value if value >= 0 else None


# -- licences and reuse ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReuseTerms:
    """What a licence lets a reuser (a start-up, a newsroom, a researcher) do without asking."""

    licence: str
    """The licence as the catalogue writes it."""
    kind: str
    """:func:`civic_kit.catalog.licence_kind`: public-domain, attribution, share-alike, restricted, none, unknown."""
    open: bool
    commercial_reuse: bool
    """May be used in a paid product or service without asking (False also when unknown: then you must ask)."""
    credit: bool
    """Must name the source when reusing."""
    share_alike: bool
    """A database derived from it must be shared under the same licence."""

    def explain(self, lang: str | None = None) -> str:
        """One sentence on what the licence means for reuse."""
        return t(f"opendata-value.reuse.{self.kind}", _lang(lang), licence=self.licence)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


_TERMS: Mapping[str, tuple[bool, bool, bool, bool]] = {
    # kind: (open, commercial reuse without asking, credit required, share alike)
    "public-domain": (True, True, False, False),
    "attribution": (True, True, True, False),
    "share-alike": (True, True, True, True),
    "restricted": (False, False, True, False),
    "none": (False, False, False, False),
    "unknown": (False, False, False, False),
}


def reuse_terms(licence: Any) -> ReuseTerms:
    """What the licence ``licence`` (as a catalogue writes it) allows a reuser to do without asking.

    Built on :func:`civic_kit.catalog.licence_kind`, which understands the many ways portals spell the same
    licence. A missing licence allows nothing: under copyright, no licence means no permission, so a company
    cannot safely build on the data until the publisher states one.

    Examples
    --------
    >>> reuse_terms("CC0-1.0").commercial_reuse, reuse_terms("ODbL-1.0").share_alike
    (True, True)
    >>> reuse_terms("nao_informada").open
    False
    """
    from civic_kit.catalog import licence_kind

    kind = licence_kind(licence)
    is_open, commercial, credit, share_alike = _TERMS[kind]
    text = "" if _is_missing(licence) else str(licence).strip()
    return ReuseTerms(
        licence=text,
        kind=kind,
        open=is_open,
        commercial_reuse=commercial,
        credit=credit,
        share_alike=share_alike,
    )


def reuse_summary(catalog: pd.DataFrame, column: str = "license", lang: str | None = None) -> pd.DataFrame:
    """How many datasets of a catalogue carry each licence, and what each licence allows.

    Parameters
    ----------
    catalog
        One row per dataset (Vale Verde's ``open_data_catalog`` or your portal's export).
    column
        The column holding the licence.
    lang
        Language of the ``meaning`` column.

    Returns
    -------
    pandas.DataFrame
        One row per licence, the most used first: ``licence``, ``kind``, ``datasets``, ``open``,
        ``commercial_reuse``, ``credit``, ``share_alike`` and ``meaning`` (a sentence). Missing licences are
        counted under an empty ``licence``.

    Raises
    ------
    CivicKitError
        ``opendata-value-not-a-table`` or ``opendata-value-missing-column``.
    """
    import pandas as pd

    if not isinstance(catalog, pd.DataFrame):
        raise CivicKitError.of("opendata-value-not-a-table", kind=type(catalog).__name__)
    if column not in catalog.columns:
        raise CivicKitError.of(
            "opendata-value-missing-column", column=column, columns=", ".join(map(str, catalog.columns))
        )
    lang = _lang(lang)
    counts: dict[str, int] = {}
    first: dict[str, ReuseTerms] = {}
    for value in catalog[column].tolist():
        terms = reuse_terms(value)
        counts[terms.licence] = counts.get(terms.licence, 0) + 1
        first.setdefault(terms.licence, terms)
    rows = [
        {
            "licence": licence,
            "kind": first[licence].kind,
            "datasets": n,
            "open": first[licence].open,
            "commercial_reuse": first[licence].commercial_reuse,
            "credit": first[licence].credit,
            "share_alike": first[licence].share_alike,
            "meaning": first[licence].explain(lang),
        }
        for licence, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    columns = ["licence", "kind", "datasets", "open", "commercial_reuse", "credit", "share_alike", "meaning"]
    table = pd.DataFrame(rows, columns=columns)
    for flag in ("open", "commercial_reuse", "credit", "share_alike"):
        table[flag] = table[flag].astype(bool)
    table["datasets"] = table["datasets"].astype("int64")
    return table


# -- helpers ---------------------------------------------------------------------------------------


def _lang(lang: str | None) -> str:
    return normalize_language(lang) if lang else get_language()


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _short(value: Any, limit: int = 40) -> str:
    """A value as the learner wrote it, cut short so a pasted table cannot flood a message."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"

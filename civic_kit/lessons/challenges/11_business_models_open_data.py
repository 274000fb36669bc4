"""Challenges of lesson 11-business-models-open-data: licences, and the value of Vale Verde's bus timetable.

The lesson writes its assumptions in a code cell so that learners can see and change them; this module
holds the same assumptions (a unit test compares them with the lesson's sources in the three languages)
and computes every expected value with :mod:`civic_kit.opendata_value` from the bundled catalogue,
districts and information-request log. The challenges ask about the assumptions *as first written*.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from civic_kit.lessons import Challenge, register

if TYPE_CHECKING:  # pragma: no cover
    from civic_kit.opendata_value import Assumptions

__all__ = [
    "COST_PER_REQUEST",
    "HOURS_PER_MONTH",
    "LESSON",
    "LOG_MONTHS",
    "MINIMUM_WAGE",
    "MINUTES_SAVED",
    "OPENING_COST",
    "RANGES",
    "UPKEEP_PER_MONTH",
    "USERS_SHARE",
    "USES_PER_USER",
    "YEARS",
    "break_even_users",
    "commercial_datasets",
    "gtfs_assumptions",
    "most_sensitive",
]

LESSON = "11-business-models-open-data"
#: Share of residents assumed to use a transit app with Vale Verde's buses in a month.
USERS_SHARE = 0.02
USES_PER_USER = 8
MINUTES_SAVED = 3
#: Brazil's 2024 minimum wage (R$ per month) and the monthly hours of a 44-hour week used in payroll: the
#: lesson values an hour of people's time cautiously, at the minimum wage.
MINIMUM_WAGE = 1412
HOURS_PER_MONTH = 220
OPENING_COST = 30_000
UPKEEP_PER_MONTH = 1_500
COST_PER_REQUEST = 180
#: The information-request log covers 2023 and 2024.
LOG_MONTHS = 24
YEARS = 3
#: Plausible low and high values the lesson tries for five of the assumptions.
RANGES: dict[str, tuple[float, float]] = {
    "users_per_month": (1_000, 20_000),
    "minutes_saved": (1, 10),
    "value_of_hour": (MINIMUM_WAGE / HOURS_PER_MONTH, 25),
    "opening_cost": (15_000, 60_000),
    "upkeep_per_month": (750, 3_000),
}


def commercial_datasets() -> int:
    """Datasets of the catalogue whose licence lets a company reuse them commercially without asking."""
    from civic_kit.data import load
    from civic_kit.opendata_value import reuse_summary

    licences = reuse_summary(load("open_data_catalog"))
    return int(licences.loc[licences["commercial_reuse"], "datasets"].sum())


def gtfs_assumptions() -> Assumptions:
    """The lesson's assumptions about an up-to-date bus timetable (GTFS), built from the bundled data."""
    from civic_kit.data import load
    from civic_kit.opendata_value import Assumptions

    population = load("districts")["population"].sum()
    requests = load("foi_requests")
    transport = (requests["topic"] == "transport").sum()
    return Assumptions(
        users_per_month=round(population * USERS_SHARE),
        uses_per_user=USES_PER_USER,
        minutes_saved=MINUTES_SAVED,
        value_of_hour=MINIMUM_WAGE / HOURS_PER_MONTH,
        opening_cost=OPENING_COST,
        upkeep_per_month=UPKEEP_PER_MONTH,
        requests_avoided_per_month=transport / LOG_MONTHS,
        cost_per_request=COST_PER_REQUEST,
    )


def break_even_users() -> float:
    """Monthly users the feed needs for its benefits to cover its costs over the lesson's horizon."""
    from civic_kit.opendata_value import break_even

    value = break_even(gtfs_assumptions(), "users_per_month", years=YEARS)
    if value is None:  # pragma: no cover - the lesson's assumptions always have a break-even point
        raise ValueError("no break-even point")
    return value


def most_sensitive() -> tuple[str, ...]:
    """The assumption whose range moves the net value most: its code name or its meaning in any language."""
    from civic_kit.i18n import LANGUAGES
    from civic_kit.opendata_value import assumption_label, sensitivity

    name = str(sensitivity(gtfs_assumptions(), RANGES, years=YEARS).loc[0, "assumption"])
    return (name, *(assumption_label(name, lang) for lang in LANGUAGES))


register(
    Challenge(
        "11-commercial-datasets",
        LESSON,
        "number",
        expected=commercial_datasets,
        hint_key="lessons.11.commercial-datasets.hint",
        success_key="lessons.11.commercial-datasets.success",
    )
)
register(
    Challenge(
        "11-break-even-users",
        LESSON,
        "number",
        expected=break_even_users,
        rel_tolerance=0.005,
        hint_key="lessons.11.break-even-users.hint",
        success_key="lessons.11.break-even-users.success",
    )
)
register(
    Challenge(
        "11-most-sensitive",
        LESSON,
        "text",
        expected=most_sensitive,
        hint_key="lessons.11.most-sensitive.hint",
        success_key="lessons.11.most-sensitive.success",
    )
)

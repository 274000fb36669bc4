"""Challenges of lesson 05-honest-charts: rates versus totals, spotting a cut axis, and measuring its effect.

Expected values come from the bundled participatory-budget ballots and district populations, computed with
the same functions the lesson uses (:func:`civic_kit.budget.per_capita`, :func:`civic_kit.charts.visual_ratio`).
"""

from __future__ import annotations

from civic_kit.lessons import Challenge, register

__all__ = [
    "FLYER_BASELINE",
    "FLYER_DISTRICTS",
    "LESSON",
    "MISLEADING_OPTIONS",
    "flyer_visual_ratio",
    "lowest_participation_district",
    "misleading_flaw",
    "participation",
]

LESSON = "05-honest-charts"
#: The two districts the lesson's campaign flyer compares, and where its cut axis starts.
FLYER_DISTRICTS = ("Centro", "Bela Vista")
FLYER_BASELINE = 21.0
#: Options of the "what is wrong with this chart?" question; the lesson explains each in its language.
MISLEADING_OPTIONS = ("a", "b", "c", "d")


def participation():
    """Ballots of the 2024 participatory budget per district, absolute and per 1,000 inhabitants.

    Returns a DataFrame indexed by ``district_id`` with ``name``, ``population``, ``ballots`` and
    ``per_1000``; districts with no ballot count as zero.
    """
    from civic_kit.budget import per_capita
    from civic_kit.data import load

    districts = load("districts").set_index("district_id")
    counts = load("pb_ballots").groupby("district_id").size().reindex(districts.index, fill_value=0)
    table = districts[["name", "population"]].assign(ballots=counts)
    table["per_1000"] = per_capita(table["ballots"], table["population"], per=1000)
    return table


def lowest_participation_district() -> str:
    """The district with the fewest ballots per 1,000 inhabitants (not the fewest ballots)."""
    table = participation()
    return str(table.loc[table["per_1000"].idxmin(), "name"])


def misleading_flaw() -> str:
    """The flaw of the flyer chart: option ``a``, its value axis does not start at zero.

    A choice question has one fixed right option by design; this function also checks that the premise
    still holds on the current data (the flyer's bars really start above zero and really exaggerate),
    so the challenge reports itself unavailable instead of teaching something false if the data change.
    """
    from civic_kit.charts import visual_ratio

    rates = participation().set_index("name")["per_1000"]
    first, second = (float(rates[name]) for name in FLYER_DISTRICTS)
    if not (min(first, second) > FLYER_BASELINE and visual_ratio(first, second, FLYER_BASELINE) > first / second):
        raise ValueError("the flyer's premise no longer holds on the bundled data")
    return "a"


def flyer_visual_ratio() -> float:
    """How many times longer Centro's bar looks than Bela Vista's on the flyer (axis from 21)."""
    from civic_kit.charts import visual_ratio

    rates = participation().set_index("name")["per_1000"]
    first, second = (float(rates[name]) for name in FLYER_DISTRICTS)
    return visual_ratio(first, second, baseline=FLYER_BASELINE)


register(
    Challenge(
        "05-lowest-participation",
        LESSON,
        "text",
        expected=lowest_participation_district,
        hint_key="lessons.05.lowest-participation.hint",
        success_key="lessons.05.lowest-participation.success",
    )
)
register(
    Challenge(
        "05-misleading-flaw",
        LESSON,
        "choice",
        expected=misleading_flaw,
        options=MISLEADING_OPTIONS,
        hint_key="lessons.05.misleading-flaw.hint",
        success_key="lessons.05.misleading-flaw.success",
    )
)
register(
    Challenge(
        "05-visual-ratio",
        LESSON,
        "number",
        expected=flyer_visual_ratio,
        tolerance=0.05,
        hint_key="lessons.05.visual-ratio.hint",
        success_key="lessons.05.visual-ratio.success",
    )
)

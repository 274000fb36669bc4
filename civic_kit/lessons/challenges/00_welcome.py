"""Challenges of lesson 00-welcome: counting the teaching city's districts and finding the most populous.

Expected values are computed from the bundled ``districts`` dataset, so the lesson stays right if the
teaching city is regenerated.
"""

from __future__ import annotations

from civic_kit.lessons import Challenge, register

__all__ = ["district_count", "most_populous_district"]


def district_count() -> int:
    """How many districts Vale Verde has (one row per district)."""
    from civic_kit.data import load

    return len(load("districts"))


def most_populous_district() -> str:
    """Name of the district with the most residents."""
    from civic_kit.data import load

    districts = load("districts")
    return str(districts.loc[districts["population"].idxmax(), "name"])


register(
    Challenge(
        "00-district-count",
        "00-welcome",
        "number",
        expected=district_count,
        hint_key="lessons.00.district-count.hint",
        success_key="lessons.00.district-count.success",
    )
)
register(
    Challenge(
        "00-most-populous",
        "00-welcome",
        "text",
        expected=most_populous_district,
        hint_key="lessons.00.most-populous.hint",
        success_key="lessons.00.most-populous.success",
    )
)

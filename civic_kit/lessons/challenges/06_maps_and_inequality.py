"""Challenges of lesson 06-maps-and-inequality: rates on a map, and who lives far from a health unit.

Expected values are computed from the bundled districts, facilities and population grid with the same
functions the lesson uses (:func:`civic_kit.budget.per_capita`, :class:`civic_kit.access.AccessModel`).
"""

from __future__ import annotations

from civic_kit.lessons import Challenge, register

__all__ = [
    "LESSON",
    "THRESHOLD_M",
    "WIDER_THRESHOLD_M",
    "capacity_by_district",
    "health_access_model",
    "lowest_capacity_district",
    "poorest_far_percent",
    "uncovered_at_wider_threshold",
]

LESSON = "06-maps-and-inequality"
#: The walking distance the lesson discusses, and the wider one of the third challenge (metres).
THRESHOLD_M = 1000
WIDER_THRESHOLD_M = 1500


def capacity_by_district():
    """Health units and their monthly capacity per district, with capacity per 1,000 inhabitants.

    Returns a DataFrame indexed by ``district_id`` with ``name``, ``population``, ``units``,
    ``capacity`` and ``capacity_per_1000``; districts without a unit count as zero.
    """
    from civic_kit.budget import per_capita
    from civic_kit.data import load

    districts = load("districts").set_index("district_id")
    facilities = load("facilities")
    units = facilities[facilities["kind"] == "health_unit"]
    grouped = units.groupby("district_id")
    table = districts[["name", "population"]].assign(
        units=grouped.size().reindex(districts.index, fill_value=0),
        capacity=grouped["capacity"].sum().reindex(districts.index, fill_value=0),
    )
    table["capacity_per_1000"] = per_capita(table["capacity"], table["population"], per=1000)
    return table


def lowest_capacity_district() -> str:
    """The district whose health units can serve the fewest people per 1,000 inhabitants a month."""
    table = capacity_by_district()
    return str(table.loc[table["capacity_per_1000"].idxmin(), "name"])


def health_access_model():
    """The access model of the lesson: population grid to health units, default detour factor."""
    from civic_kit.access import AccessModel
    from civic_kit.data import load

    return AccessModel.from_frames(
        load("population_grid"), load("facilities"), kind="health_unit", districts=load("districts")
    )


def poorest_far_percent() -> float:
    """Percentage of the poorest fifth of residents who live farther than 1 km (on foot) from a health unit."""
    quintiles = health_access_model().coverage(THRESHOLD_M).by_quintile.set_index("quintile")
    return float((1 - quintiles.loc[1, "share"]) * 100)


def uncovered_at_wider_threshold() -> float:
    """People still farther than 1.5 km (on foot) from every health unit."""
    return float(health_access_model().coverage(WIDER_THRESHOLD_M).uncovered_population)


register(
    Challenge(
        "06-lowest-capacity",
        LESSON,
        "text",
        expected=lowest_capacity_district,
        hint_key="lessons.06.lowest-capacity.hint",
        success_key="lessons.06.lowest-capacity.success",
    )
)
register(
    Challenge(
        "06-poorest-far",
        LESSON,
        "number",
        expected=poorest_far_percent,
        tolerance=0.1,
        hint_key="lessons.06.poorest-far.hint",
        success_key="lessons.06.poorest-far.success",
    )
)
register(
    Challenge(
        "06-uncovered-wider",
        LESSON,
        "number",
        expected=uncovered_at_wider_threshold,
        tolerance=0.5,
        hint_key="lessons.06.uncovered-wider.hint",
        success_key="lessons.06.uncovered-wider.success",
    )
)

"""Challenges of lesson 04-following-the-money: execution rates, per-capita spending and real growth.

Every expected value is computed from the bundled budget with :mod:`civic_kit.budget`, the same functions
the lesson teaches, so the lesson stays right if the teaching city is regenerated.
"""

from __future__ import annotations

from civic_kit.lessons import Challenge, register

__all__ = ["LESSON", "YEAR", "education_per_capita", "health_real_growth_percent", "lowest_execution_agency"]

LESSON = "04-following-the-money"
#: The fiscal year the lesson analyses.
YEAR = 2024
#: The year the lesson compares it with, at constant prices.
BASE_YEAR = 2022


def lowest_execution_agency() -> str:
    """The agency (órgão) that committed the smallest share of its updated appropriation in 2024.

    The full name as the table shows it is expected (the lesson asks learners to copy it from there);
    case, accents and extra spaces do not matter.
    """
    from civic_kit.budget import execution_rates
    from civic_kit.data import load

    rates = execution_rates(load("budget_execution"), "orgao", year=YEAR)
    return str(rates.loc[0, "orgao"])


def education_per_capita() -> float:
    """Reais committed (empenhado) to Educação in 2024 per inhabitant of Vale Verde."""
    from civic_kit.budget import per_capita, population_total, stage_totals
    from civic_kit.data import load

    totals = stage_totals(load("budget_execution"), "funcao", year=YEAR).set_index("funcao")
    return float(per_capita(totals.loc["Educação", "empenhado"], population_total(load("districts"))))


def health_real_growth_percent() -> float:
    """Growth of Saúde's committed spending from 2022 to 2024 above inflation (IPCA), in percent."""
    from civic_kit.budget import at_constant_prices, stage_totals
    from civic_kit.data import load

    health = load("budget_execution").query("funcao == 'Saúde'")
    yearly = at_constant_prices(stage_totals(health), "empenhado", to_year=YEAR, ipca=load("ipca")).set_index("year")
    return float((yearly.loc[YEAR, "empenhado_real"] / yearly.loc[BASE_YEAR, "empenhado_real"] - 1) * 100)


register(
    Challenge(
        "04-lowest-execution-agency",
        LESSON,
        "text",
        expected=lowest_execution_agency,
        hint_key="lessons.04.lowest-execution-agency.hint",
        success_key="lessons.04.lowest-execution-agency.success",
    )
)
register(
    Challenge(
        "04-education-per-capita",
        LESSON,
        "number",
        expected=education_per_capita,
        tolerance=1.0,
        hint_key="lessons.04.education-per-capita.hint",
        success_key="lessons.04.education-per-capita.success",
    )
)
register(
    Challenge(
        "04-health-real-growth",
        LESSON,
        "number",
        expected=health_real_growth_percent,
        tolerance=0.1,
        hint_key="lessons.04.health-real-growth.hint",
        success_key="lessons.04.health-real-growth.success",
    )
)

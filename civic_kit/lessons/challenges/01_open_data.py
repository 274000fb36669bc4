"""Challenges of lesson 01-open-data: judging Vale Verde's open-data catalogue.

Every expected value is computed from the bundled ``open_data_catalog`` with :mod:`civic_kit.catalog`, on the
same reference date the lesson uses, so the lesson stays right if the teaching city is regenerated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from civic_kit.lessons import Challenge, register

if TYPE_CHECKING:  # pragma: no cover
    from civic_kit.catalog import CatalogAssessment

__all__ = ["AS_OF", "full_score_count", "lowest_scoring_agency", "xlsx_stars"]

#: The day the catalogue was extracted (its description says "as of 2024-12-31").
AS_OF = "2024-12-31"


def _assessment() -> CatalogAssessment:
    from civic_kit.catalog import assess_catalog
    from civic_kit.data import load

    return assess_catalog(load("open_data_catalog"), as_of=AS_OF)


def full_score_count() -> int:
    """How many datasets pass all five checks (score 5)."""
    return int((_assessment().table["score"] == 5).sum())


def xlsx_stars() -> int:
    """Stars of a spreadsheet (XLSX) published under an open licence: machine-readable, not open format."""
    from civic_kit.catalog import five_star_rating

    return five_star_rating("XLSX", "CC-BY-4.0")


def lowest_scoring_agency() -> str:
    """The agency whose datasets have the lowest average score."""
    scores = _assessment().table.groupby("owner_agency")["score"].mean()
    return str(scores.idxmin())


register(
    Challenge(
        "01-full-score",
        "01-open-data",
        "number",
        expected=full_score_count,
        hint_key="lessons.01.full-score.hint",
        success_key="lessons.01.full-score.success",
    )
)
register(
    Challenge(
        "01-xlsx-stars",
        "01-open-data",
        "choice",
        expected=xlsx_stars,
        options=(0, 1, 2, 3, 4, 5),
        hint_key="lessons.01.xlsx-stars.hint",
        success_key="lessons.01.xlsx-stars.success",
    )
)
register(
    Challenge(
        "01-lowest-agency",
        "01-open-data",
        "text",
        expected=lowest_scoring_agency,
        hint_key="lessons.01.lowest-agency.hint",
        success_key="lessons.01.lowest-agency.success",
    )
)

"""Challenges of lesson 07-asking-the-government: legal deadlines and lateness in Vale Verde's requests log.

Every expected value is computed with :mod:`civic_kit.foi` from the bundled ``foi_requests`` data, so the
lesson stays right if the teaching city is regenerated or the counting rule is corrected.
"""

from __future__ import annotations

import datetime as dt

from civic_kit.lessons import Challenge, register

__all__ = ["AS_OF", "YEAR_END_FILING", "health_late", "worst_agency", "year_end_deadline"]

#: The day the requests log was exported (its ``status`` column describes that day).
AS_OF = dt.date(2024, 12, 31)
#: Filing date of challenge 1: a Friday just before Christmas, with the extension used.
YEAR_END_FILING = dt.date(2024, 12, 20)
HEALTH = "Secretaria Municipal de Saúde"


def year_end_deadline() -> str:
    """The extended deadline of a request filed on 20/12/2024, as ISO text (``str(date)`` gives that form)."""
    from civic_kit.foi import legal_deadline

    return legal_deadline(YEAR_END_FILING, extended=True).deadline.isoformat()


def _stats():
    from civic_kit.data import load
    from civic_kit.foi import request_stats

    return request_stats(load("foi_requests"), as_of=AS_OF)


def worst_agency() -> str:
    """The agency with the highest share of late answers."""
    return str(_stats().by_agency.iloc[0]["agency"])


def health_late() -> int:
    """How many of the health department's requests were answered late or are overdue."""
    return int(_stats().by_agency.set_index("agency").loc[HEALTH, "late"])


register(
    Challenge(
        "07-year-end-deadline",
        "07-asking-the-government",
        "text",
        expected=year_end_deadline,
        hint_key="lessons.07.year-end-deadline.hint",
        success_key="lessons.07.year-end-deadline.success",
    )
)
register(
    Challenge(
        "07-worst-agency",
        "07-asking-the-government",
        "text",
        expected=worst_agency,
        hint_key="lessons.07.worst-agency.hint",
        success_key="lessons.07.worst-agency.success",
    )
)
register(
    Challenge(
        "07-health-late",
        "07-asking-the-government",
        "number",
        expected=health_late,
        hint_key="lessons.07.health-late.hint",
        success_key="lessons.07.health-late.success",
    )
)

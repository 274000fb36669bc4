"""Challenges of lesson 10-participatory-budgeting: counting Vale Verde's 2024 vote with two rules.

Every expected value is computed with :mod:`civic_kit.pb` from the bundled election (and the district table
for names), so the lesson stays right if the teaching city is regenerated. The rules are pure and the
election is immutable, so the outcomes are computed once per process and shared by the three challenges.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from civic_kit.lessons import Challenge, register

if TYPE_CHECKING:  # pragma: no cover
    from civic_kit.pb import Election, Outcome

__all__ = [
    "LESSON",
    "TOY_BALLOTS",
    "TOY_BUDGET",
    "TOY_PROJECTS",
    "greedy_left_out",
    "lowest_district_greedy",
    "toy_election",
    "toy_equal_shares",
]

LESSON = "10-participatory-budgeting"
#: The two-neighbourhood election the lesson builds by hand: six voters of "Vila A" want A1 and A2, four
#: voters of "Vila B" want B1, and the budget pays for two of the three projects.
TOY_PROJECTS: tuple[tuple[str, int], ...] = (("A1", 40), ("A2", 40), ("B1", 40))
TOY_BUDGET = 100
TOY_BALLOTS: tuple[tuple[str, ...], ...] = (("A1", "A2"),) * 6 + (("B1",),) * 4


def toy_election() -> Election:
    """The lesson's toy election (the same one its code cell writes with ``Election.from_ballots``)."""
    from civic_kit.pb import Election

    return Election.from_ballots(list(TOY_PROJECTS), TOY_BUDGET, [list(b) for b in TOY_BALLOTS])


def toy_equal_shares() -> tuple[str, ...]:
    """What the Method of Equal Shares funds in the toy election (one project for each neighbourhood)."""
    from civic_kit.pb import mes

    return mes(toy_election()).selected


@cache
def _election() -> Election:
    from civic_kit.pb import teaching_election

    return teaching_election()


@cache
def _greedy() -> Outcome:
    from civic_kit.pb import greedy_by_votes

    return greedy_by_votes(_election())


def greedy_left_out() -> int:
    """Voters who chose at least one project and saw none of them funded under "most votes first"."""
    from civic_kit.pb import outcome_summary

    summary = outcome_summary(_election(), _greedy())
    return summary.voters_who_chose - summary.voters_with_funded


def lowest_district_greedy() -> tuple[str, ...]:
    """The district where the smallest share of voters got a project, as its name (or its code)."""
    from civic_kit.data import load
    from civic_kit.pb import satisfaction_by_group

    rows = satisfaction_by_group(_election(), _greedy(), "district")
    worst = min((row for row in rows if row.group is not None), key=lambda row: row.share_with_funded)
    names = load("districts").set_index("district_id")["name"]
    return (str(names[worst.group]), str(worst.group))


register(
    Challenge(
        "10-greedy-left-out",
        LESSON,
        "number",
        expected=greedy_left_out,
        hint_key="lessons.10.greedy-left-out.hint",
        success_key="lessons.10.greedy-left-out.success",
    )
)
register(
    Challenge(
        "10-lowest-district",
        LESSON,
        "text",
        expected=lowest_district_greedy,
        hint_key="lessons.10.lowest-district.hint",
        success_key="lessons.10.lowest-district.success",
    )
)
register(
    Challenge(
        "10-toy-equal-shares",
        LESSON,
        "set",
        expected=toy_equal_shares,
        hint_key="lessons.10.toy-equal-shares.hint",
        success_key="lessons.10.toy-equal-shares.success",
    )
)

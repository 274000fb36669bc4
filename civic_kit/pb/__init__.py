"""Participatory budgeting: read the votes, apply a rule, and explain who got what and why.

Map of the package (data flows top to bottom; nothing here imports widgets):

- :mod:`civic_kit.pb.model` -- :class:`Election` (projects, exact budget, ballots as flat arrays)
  and :class:`Project`.
- :mod:`civic_kit.pb.pabulib` -- :func:`read_pabulib`, :func:`parse_pabulib_text`,
  :func:`check_pabulib_text` (every problem, with line numbers) and :func:`write_pabulib`.
- :mod:`civic_kit.pb.rules` -- :func:`greedy_by_votes`, :func:`greedy_by_points`, :func:`mes`,
  :func:`mes_add1`, :func:`mes_complete` and the :data:`RULES` table; each returns an :class:`Outcome`
  identical (set and order) to pabutools'.
- :mod:`civic_kit.pb.outcome` -- :class:`Outcome` with :class:`Step` and :class:`Rejection` details.
- :mod:`civic_kit.pb.analysis` -- budget used, who got something, satisfaction by district or age group
  and by category, comparing two outcomes, and :func:`why_not` explanations in pt-BR, es and en.
- :mod:`civic_kit.pb.teaching` -- :func:`teaching_election`, the bundled Vale Verde 2024 election.
- :mod:`civic_kit.pb.fast` and :mod:`civic_kit.pb.exact` -- the equal-shares engines (compiled floats
  that know when they are unsure, and exact fractions). numba is only imported when a rule first runs.

Example
-------
>>> from civic_kit.pb import Election, mes_complete
>>> e = Election.from_ballots([("a", 60), ("b", 50), ("c", 40)], 100, [["a"], ["a", "b"], ["c"]])
>>> mes_complete(e).selected
('a', 'c')
"""

from __future__ import annotations

from civic_kit.pb.analysis import (
    CategoryRow,
    GroupRow,
    OutcomeComparison,
    OutcomeSummary,
    WhyNot,
    age_group,
    compare_outcomes,
    funding_by_category,
    outcome_summary,
    satisfaction_by_group,
    voter_satisfaction,
    why_not,
)
from civic_kit.pb.model import VOTE_TYPES, Election, Project, VoteType
from civic_kit.pb.outcome import Outcome, OutcomeDetails, Rejection, Step
from civic_kit.pb.pabulib import (
    MAX_BYTES,
    PabulibReport,
    check_pabulib_text,
    parse_pabulib_text,
    read_pabulib,
    write_pabulib,
)
from civic_kit.pb.rules import RULES, greedy_by_points, greedy_by_votes, mes, mes_add1, mes_complete, rule_names
from civic_kit.pb.teaching import teaching_election

__all__ = [
    "MAX_BYTES",
    "RULES",
    "VOTE_TYPES",
    "CategoryRow",
    "Election",
    "GroupRow",
    "Outcome",
    "OutcomeComparison",
    "OutcomeDetails",
    "OutcomeSummary",
    "PabulibReport",
    "Project",
    "Rejection",
    "Step",
    "VoteType",
    "WhyNot",
    "age_group",
    "check_pabulib_text",
    "compare_outcomes",
    "funding_by_category",
    "greedy_by_points",
    "greedy_by_votes",
    "mes",
    "mes_add1",
    "mes_complete",
    "outcome_summary",
    "parse_pabulib_text",
    "read_pabulib",
    "rule_names",
    "satisfaction_by_group",
    "teaching_election",
    "voter_satisfaction",
    "why_not",
    "write_pabulib",
]

"""Is the outcome fair? Statistics and explanations an official can read.

Each function takes an :class:`~civic_kit.pb.model.Election` and an :class:`~civic_kit.pb.outcome.Outcome`
and returns a frozen dataclass with ``to_dict()``, so the same numbers feed the app, the CLI and tests:

- :func:`outcome_summary`: money used and left, how many voters got at least one project they chose;
- :func:`voter_satisfaction`: per voter, funded projects among those chosen and the money spent on them;
- :func:`satisfaction_by_group`: the same by district, age group or any voter attribute;
- :func:`funding_by_category`: what each category (health, mobility...) received;
- :func:`compare_outcomes`: funded by both rules, only by one, only by the other;
- :func:`why_not`: translated sentences explaining why a project was or was not funded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from civic_kit.pb.model import Election
from civic_kit.pb.outcome import Outcome, money_json
from civic_kit.problems import CivicKitError, Issue

__all__ = [
    "AGE_GROUPS",
    "CategoryRow",
    "GroupRow",
    "OutcomeComparison",
    "OutcomeSummary",
    "VoterSatisfaction",
    "WhyNot",
    "age_group",
    "compare_outcomes",
    "funding_by_category",
    "outcome_summary",
    "satisfaction_by_group",
    "voter_satisfaction",
    "why_not",
]

#: Age bands used by :func:`age_group` (lower bound, label); Brazilian PB often lets 16-year-olds vote.
AGE_GROUPS: tuple[tuple[int, str], ...] = (
    (0, "0-17"),
    (18, "18-24"),
    (25, "25-34"),
    (35, "35-44"),
    (45, "45-59"),
    (60, "60+"),
)


@dataclass(frozen=True)
class VoterSatisfaction:
    """Per voter (ballot order): projects chosen, how many of them were funded, and their total cost."""

    chosen: np.ndarray
    funded: np.ndarray
    money: np.ndarray
    """Money spent on projects the voter chose (float, for statistics only)."""


@dataclass(frozen=True)
class OutcomeSummary:
    """The headline numbers of an outcome."""

    rule: str
    budget: Fraction
    cost: Fraction
    left: Fraction
    share_used: float
    projects_funded: int
    voters: int
    voters_who_chose: int
    """Ballots that named at least one project (empty ballots exist in real data)."""
    voters_with_funded: int
    """Ballots with at least one funded project."""
    share_with_funded: float
    """``voters_with_funded / voters_who_chose`` (0 when nobody chose anything)."""
    histogram: tuple[tuple[int, int], ...]
    """(funded projects on the ballot, number of voters), from 0 up, for voters who chose something."""
    mean_funded: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "budget": money_json(self.budget),
            "cost": money_json(self.cost),
            "left": money_json(self.left),
            "share_used": self.share_used,
            "projects_funded": self.projects_funded,
            "voters": self.voters,
            "voters_who_chose": self.voters_who_chose,
            "voters_with_funded": self.voters_with_funded,
            "share_with_funded": self.share_with_funded,
            "histogram": [list(pair) for pair in self.histogram],
            "mean_funded": self.mean_funded,
        }


@dataclass(frozen=True)
class GroupRow:
    """Satisfaction of one group of voters (a district, an age band...); ``group`` None = not informed."""

    group: str | None
    voters: int
    voters_who_chose: int
    voters_with_funded: int
    share_with_funded: float
    mean_funded: float
    mean_money: float

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class CategoryRow:
    """Money and projects of one category; a project in two categories counts in both."""

    category: str | None
    projects: int
    funded: int
    votes: int
    cost_funded: Fraction
    share_of_spent: float

    def to_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["cost_funded"] = money_json(self.cost_funded)
        return data


@dataclass(frozen=True)
class OutcomeComparison:
    """Projects funded by both outcomes, only by the first and only by the second."""

    rule_a: str
    rule_b: str
    both: tuple[str, ...]
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class WhyNot:
    """Why a project was (``funded=True``) or was not funded, as translated issues."""

    project: str
    funded: bool
    reasons: tuple[Issue, ...]

    def message(self, lang: str | None = None) -> str:
        """All reasons as one paragraph in ``lang``."""
        return " ".join(issue.message(lang) for issue in self.reasons)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "project": self.project,
            "funded": self.funded,
            "reasons": [issue.to_dict(lang) for issue in self.reasons],
            "message": self.message(lang),
        }


# -- statistics ------------------------------------------------------------------------------------


def voter_satisfaction(election: Election, outcome: Outcome) -> VoterSatisfaction:
    """For every ballot: how many projects it named, how many of those were funded, and their cost.

    Counting funded projects (not just "got something") shows whether some voters got several projects
    while others got none.
    """
    funded_mask = _funded_mask(election, outcome)
    entries = election.ballot_projects
    voters = election.ballot_voters
    n = election.num_voters
    costs = np.array([float(c) for c in election.costs], dtype=np.float64)
    chosen = np.bincount(voters, minlength=n).astype(np.int64)
    hit = funded_mask[entries]
    funded = np.bincount(voters[hit], minlength=n).astype(np.int64)
    money = np.bincount(voters[hit], weights=costs[entries[hit]], minlength=n)
    return VoterSatisfaction(chosen=chosen, funded=funded, money=money)


def outcome_summary(election: Election, outcome: Outcome) -> OutcomeSummary:
    """Money used and left, and how many voters see at least one of their projects funded."""
    _check_same(election, outcome)
    sat = voter_satisfaction(election, outcome)
    who_chose = sat.chosen > 0
    n_chose = int(who_chose.sum())
    with_funded = int((sat.funded[who_chose] > 0).sum())
    counts = np.bincount(sat.funded[who_chose]) if n_chose else np.zeros(1, dtype=np.int64)
    budget = outcome.budget
    return OutcomeSummary(
        rule=outcome.rule,
        budget=budget,
        cost=outcome.cost,
        left=outcome.left,
        share_used=float(outcome.cost / budget) if budget else 0.0,
        projects_funded=len(outcome.selected),
        voters=election.num_voters,
        voters_who_chose=n_chose,
        voters_with_funded=with_funded,
        share_with_funded=with_funded / n_chose if n_chose else 0.0,
        histogram=tuple((k, int(v)) for k, v in enumerate(counts)),
        mean_funded=float(sat.funded[who_chose].mean()) if n_chose else 0.0,
    )


def age_group(age: str | int | None) -> str | None:
    """The band of :data:`AGE_GROUPS` an age falls in (``"25-34"``); None if missing or not a number."""
    if age is None:
        return None
    try:
        years = int(str(age).strip())
    except ValueError:
        return None
    if years < 0 or years > 130:
        return None
    label = AGE_GROUPS[0][1]
    for lower, name in AGE_GROUPS:
        if years >= lower:
            label = name
    return label


def satisfaction_by_group(
    election: Election,
    outcome: Outcome,
    groups: str | Mapping[str, str | None] | Sequence[str | None],
) -> tuple[GroupRow, ...]:
    """Satisfaction per group of voters: are some districts or ages left out?

    Parameters
    ----------
    groups
        The name of a VOTES column (``"district"``, ``"sex"``; ``"age"`` is grouped with
        :func:`age_group`), a mapping voter id -> group (e.g. from a separate ballots CSV), or one group
        per voter in ballot order.

    Raises
    ------
    CivicKitError
        ``pb-unknown-attribute`` when the column does not exist, ``pb-group-length`` when a sequence
        does not have one value per voter.
    """
    labels = _group_labels(election, groups)
    sat = voter_satisfaction(election, outcome)
    rows = []
    order = sorted({label for label in labels}, key=lambda g: (g is None, _natural(g)))
    for group in order:
        mask = np.array([label == group for label in labels], dtype=bool)
        chose = mask & (sat.chosen > 0)
        n_chose = int(chose.sum())
        with_funded = int((sat.funded[chose] > 0).sum())
        rows.append(
            GroupRow(
                group=group,
                voters=int(mask.sum()),
                voters_who_chose=n_chose,
                voters_with_funded=with_funded,
                share_with_funded=with_funded / n_chose if n_chose else 0.0,
                mean_funded=float(sat.funded[chose].mean()) if n_chose else 0.0,
                mean_money=float(sat.money[chose].mean()) if n_chose else 0.0,
            )
        )
    return tuple(rows)


def funding_by_category(election: Election, outcome: Outcome) -> tuple[CategoryRow, ...]:
    """Projects, votes and money per category, most funded first; uncategorised projects as None."""
    _check_same(election, outcome)
    funded = set(outcome.selected)
    rows: dict[str | None, list[Any]] = {}
    votes = election.vote_counts
    for position, project in enumerate(election.projects):
        for category in project.categories or (None,):
            row = rows.setdefault(category, [0, 0, 0, Fraction(0)])
            row[0] += 1
            row[2] += int(votes[position])
            if project.id in funded:
                row[1] += 1
                row[3] += project.cost
    spent = outcome.cost
    result = [
        CategoryRow(
            category=category,
            projects=n,
            funded=k,
            votes=v,
            cost_funded=money,
            share_of_spent=float(money / spent) if spent else 0.0,
        )
        for category, (n, k, v, money) in rows.items()
    ]
    result.sort(key=lambda r: (-r.cost_funded, r.category is None, r.category or ""))
    return tuple(result)


def compare_outcomes(a: Outcome, b: Outcome) -> OutcomeComparison:
    """What changes between two rules (or two budgets): funded by both, only by ``a``, only by ``b``."""
    in_a, in_b = set(a.selected), set(b.selected)
    return OutcomeComparison(
        rule_a=a.rule,
        rule_b=b.rule,
        both=tuple(p for p in a.selected if p in in_b),
        only_a=tuple(p for p in a.selected if p not in in_b),
        only_b=tuple(p for p in b.selected if p not in in_a),
    )


# -- explanations ----------------------------------------------------------------------------------


def why_not(election: Election, outcome: Outcome, project_id: str) -> WhyNot:
    """Explain, in plain words, why ``project_id`` was funded or not by this outcome.

    The numbers come from the rule's own details: what each supporter paid under equal shares, what the
    supporters of a losing project had left between them, or how much money was left when its turn came.

    Raises
    ------
    CivicKitError
        ``pb-no-such-project`` if the id is not in the election.
    """
    _check_same(election, outcome)
    project = election.project(project_id)
    base = {"project": project.label, "currency": election.currency, "cost": float(project.cost)}
    step = outcome.details.step(project.id)
    if step is not None:
        number = outcome.selected.index(project.id) + 1
        params = {**base, "step": number, "votes": step.votes, "left": float(step.budget_left)}
        if step.phase == "mes" and step.paid_in_full:
            issue = Issue(
                code="pb-why-funded-mes-some-short",
                params={**params, "price": step.price_per_voter or 0.0, "paid_in_full": step.paid_in_full},
                severity="info",
            )
        elif step.phase == "mes":
            issue = Issue(
                code="pb-why-funded-mes", params={**params, "price": step.price_per_voter or 0.0}, severity="info"
            )
        elif step.phase == "completion":
            issue = Issue(code="pb-why-funded-completion", params=params, severity="info")
        else:
            issue = Issue(code="pb-why-funded-greedy", params=params, severity="info")
        return WhyNot(project=project.id, funded=True, reasons=(issue,))
    rejection = outcome.details.rejection(project.id)
    if rejection is None:  # pragma: no cover - every project is either a step or a rejection
        raise CivicKitError.of("pb-no-such-project", project=project_id)
    params = {**base, "votes": rejection.votes, "budget": float(outcome.budget)}
    reasons: list[Issue] = []
    if rejection.reason == "over-budget":
        reasons.append(Issue(code="pb-why-not-over-budget", params=params, severity="info"))
    elif rejection.reason == "no-support":
        reasons.append(Issue(code="pb-why-not-no-support", params=params, severity="info"))
    elif rejection.reason == "zero-cost":
        reasons.append(Issue(code="pb-why-not-zero-cost", params=params, severity="info"))
    else:
        if rejection.supporters_money is not None and rejection.votes > 0:
            money = {**params, "money": rejection.supporters_money}
            reasons.append(Issue(code="pb-why-not-supporters-short", params=money, severity="info"))
        if rejection.reason == "did-not-fit" and rejection.budget_left is not None:
            room = {**params, "left": float(rejection.budget_left)}
            reasons.append(Issue(code="pb-why-not-did-not-fit", params=room, severity="info"))
    return WhyNot(project=project.id, funded=False, reasons=tuple(reasons))


# -- helpers ---------------------------------------------------------------------------------------


def _funded_mask(election: Election, outcome: Outcome) -> np.ndarray:
    _check_same(election, outcome)
    mask = np.zeros(election.num_projects, dtype=bool)
    for pid in outcome.selected:
        mask[election.position(pid)] = True
    return mask


def _check_same(election: Election, outcome: Outcome) -> None:
    """An outcome naming projects the election does not have was computed on another election."""
    for pid in outcome.selected:
        election.position(pid)


def _group_labels(
    election: Election, groups: str | Mapping[str, str | None] | Sequence[str | None]
) -> list[str | None]:
    n = election.num_voters
    if isinstance(groups, str):
        if groups not in election.voter_attributes:
            known = ", ".join(election.voter_attributes) or "-"
            raise CivicKitError.of("pb-unknown-attribute", attribute=groups, known=known)
        values = election.voter_attributes[groups]
        if groups == "age":
            return [age_group(v) for v in values]
        return list(values)
    if isinstance(groups, Mapping):
        return [groups.get(voter_id) for voter_id in election.voter_ids]
    labels = list(groups)
    if len(labels) != n:
        raise CivicKitError.of("pb-group-length", expected=n, found=len(labels))
    return labels


def _natural(text: str | None) -> tuple[Any, ...]:
    """Sort key putting "Distrito 2" before "Distrito 10" and "18-24" before "25-34"."""
    if text is None:
        return ()
    return tuple(int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text))

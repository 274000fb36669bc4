"""Rules that decide which projects get funded, matching pabutools exactly (set and order).

Each rule and its pabutools equivalent (``sat_class=Cost_Sat``, default lexicographic tie-breaking):

- :func:`greedy_by_votes` -- ``greedy_utilitarian_welfare``: most voted first, skip what no longer fits.
- :func:`greedy_by_points` -- the same ranked by points (cumulative or scoring ballots).
- :func:`mes` -- ``method_of_equal_shares``: every voter gets budget/voters to spend on projects.
- :func:`mes_add1` -- ``exhaustion_by_budget_increase`` of ``method_of_equal_shares`` with
  ``budget_step`` = number of voters (each voter's share raised one currency unit at a time).
- :func:`mes_complete` -- ``completion_by_rule_combination`` of the above and
  ``greedy_utilitarian_welfare``: how cities running equal shares actually count.

Ties are broken the way pabutools does by default: by project id compared as text (so ``"10"`` comes
before ``"9"``). Money is exact (:class:`~fractions.Fraction`); equal shares runs in compiled floating
point with exact fallback (:mod:`civic_kit.pb.fast`, :mod:`civic_kit.pb.exact`).

Like pabutools' ``Cost_Sat``, every ballot naming a project counts as full support, whatever the points
or rank next to it; projects costing nothing are never picked by equal shares (they bring no "cost
satisfaction"), and the greedy rules and the completion fund projects with no votes when money is left,
because pabutools does.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from civic_kit.pb.model import Election
from civic_kit.pb.outcome import Outcome, OutcomeDetails, Phase, Rejection, Step

__all__ = [
    "RULES",
    "greedy_by_points",
    "greedy_by_votes",
    "mes",
    "mes_add1",
    "mes_complete",
    "rule_names",
]


def greedy_by_votes(election: Election) -> Outcome:
    """Fund projects from the most voted down, skipping any that no longer fits, until the list ends.

    This is how most cities count: rank by number of ballots naming the project, ties by id.
    Projects with no votes (or costing nothing) come last and are funded too if money is left.
    """
    selected, steps, rejected = _greedy(election, _vote_density(election), (), election.budget, "greedy")
    return _outcome("greedy", election, selected, steps, rejected)


def greedy_by_points(election: Election) -> Outcome:
    """Like :func:`greedy_by_votes`, but ranked by total points (cumulative or scoring ballots).

    Equals pabutools' ``greedy_utilitarian_welfare`` with a satisfaction of points x cost. For approval
    ballots every vote is one point, so the result is the same as :func:`greedy_by_votes`.
    """
    totals = election.point_totals
    density = [t if c > 0 else Fraction(0) for t, c in zip(totals, election.costs, strict=True)]
    selected, steps, rejected = _greedy(election, density, (), election.budget, "greedy")
    return _outcome("greedy-points", election, selected, steps, rejected)


def mes(election: Election) -> Outcome:
    """Method of Equal Shares: each voter gets ``budget / voters`` to spend on the projects they chose.

    Repeatedly funds the project whose supporters can pay for it with the lowest price per unit of
    cost (supporters who have less than the price pay all they have left). Often leaves money unspent;
    see :func:`mes_complete` for how cities finish the job.
    """
    engine = _Engine(election)
    run = engine.run(election.budget / election.num_voters if election.num_voters else Fraction(0))
    steps = engine.mes_steps(run)
    rejected = engine.mes_rejections(run, set(run.selected.tolist()))
    return _outcome(
        "mes",
        election,
        run.selected.tolist(),
        steps,
        rejected,
        voter_share=run.share,
        mes_runs=engine.runs,
        exact_runs=engine.exact_runs,
    )


def mes_add1(election: Election) -> Outcome:
    """Equal shares with the per-voter share raised one currency unit at a time, no greedy completion.

    Runs :func:`mes` with ``budget/voters``, then ``budget/voters + 1``, ``+ 2``... and keeps the last
    outcome that still fits the real budget (or the first that leaves no room for any other project).
    """
    engine = _Engine(election)
    run = engine.add_one()
    steps = engine.mes_steps(run)
    rejected = engine.mes_rejections(run, set(run.selected.tolist()))
    return _outcome(
        "mes-add1",
        election,
        run.selected.tolist(),
        steps,
        rejected,
        voter_share=run.share,
        mes_runs=engine.runs,
        exact_runs=engine.exact_runs,
    )


def mes_complete(election: Election) -> Outcome:
    """Equal shares as real MES elections run it: :func:`mes_add1`, then fill up greedily by votes.

    The completion funds, from the most voted down, every remaining project that fits in the money
    left, exactly as pabutools' ``completion_by_rule_combination`` with ``greedy_utilitarian_welfare``.
    """
    engine = _Engine(election)
    run = engine.add_one()
    steps = engine.mes_steps(run)
    funded = run.selected.tolist()
    spent = sum((election.costs[p] for p in funded), Fraction(0))
    more, greedy_steps, rejected = _greedy(
        election, _vote_density(election), funded, election.budget - spent, "completion"
    )
    money = engine.supporters_money(run)
    rejected = [
        Rejection(r.project, r.votes, r.cost, r.reason, money[election.position(r.project)], r.budget_left)
        for r in rejected
    ]
    return _outcome(
        "mes-complete",
        election,
        funded + more,
        steps + greedy_steps,
        rejected,
        voter_share=run.share,
        mes_runs=engine.runs,
        exact_runs=engine.exact_runs,
    )


#: Rules by the name the CLI and the apps use.
RULES: Mapping[str, Callable[[Election], Outcome]] = {
    "greedy": greedy_by_votes,
    "greedy-points": greedy_by_points,
    "mes": mes,
    "mes-add1": mes_add1,
    "mes-complete": mes_complete,
}


def rule_names() -> tuple[str, ...]:
    """Names accepted by :data:`RULES`, for menus and ``--rule``."""
    return tuple(RULES)


# -- greedy ----------------------------------------------------------------------------------------


def _vote_density(election: Election) -> list[Fraction]:
    """pabutools' greedy score with Cost_Sat: total satisfaction / cost = number of ballots, except that
    a project costing nothing has satisfaction 0 and scores 0 (not infinity)."""
    return [
        Fraction(int(v)) if c > 0 else Fraction(0) for v, c in zip(election.vote_counts, election.costs, strict=True)
    ]


def _greedy(
    election: Election,
    density: Sequence[Fraction],
    already: Sequence[int],
    money: Fraction,
    phase: Phase,
) -> tuple[list[int], list[Step], list[Rejection]]:
    """Walk the projects by density (highest first, ties by id as text) and fund what fits."""
    taken = set(already)
    ids = election.project_ids
    order = sorted((p for p in range(election.num_projects) if p not in taken), key=lambda p: (-density[p], ids[p]))
    selected: list[int] = []
    steps: list[Step] = []
    rejected: list[Rejection] = []
    votes = election.vote_counts
    for p in order:
        cost = election.costs[p]
        if cost <= money:
            money -= cost
            selected.append(p)
            steps.append(Step(ids[p], phase, int(votes[p]), cost, money))
        else:
            reason = "over-budget" if cost > election.budget else "did-not-fit"
            rejected.append(Rejection(ids[p], int(votes[p]), cost, reason, None, money))
    return selected, steps, rejected


# -- equal shares ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Run:
    """One MES run: projects in selection order with their price, affordability and number of
    supporters who paid in full (all arrays), and what each voter had left."""

    share: Fraction
    selected: np.ndarray
    price: np.ndarray
    rho: np.ndarray
    paid_in_full: np.ndarray
    budgets: np.ndarray


def _empty_run(share: Fraction, n: int) -> _Run:
    nothing = np.zeros(0, dtype=np.int64)
    return _Run(share, nothing, np.zeros(0), np.zeros(0), nothing, np.full(n, float(share)))


class _Engine:
    """The election turned into the flat arrays the kernels read, plus run counters."""

    def __init__(self, election: Election) -> None:
        self.election = election
        offsets, voters = election.supporters
        counts = election.vote_counts
        self.sup_ptr = np.ascontiguousarray(offsets, dtype=np.int64)
        self.sup_idx = np.ascontiguousarray(voters, dtype=np.int32)
        self.costs = election.costs
        self.costs_float = np.array([float(c) for c in self.costs], dtype=np.float64)
        self.eligible = np.array([c > 0 and k > 0 for c, k in zip(self.costs, counts, strict=True)], dtype=np.bool_)
        order = sorted(range(election.num_projects), key=lambda p: election.projects[p].id)
        self.rank = np.empty(election.num_projects, dtype=np.int64)
        self.rank[order] = np.arange(election.num_projects)
        # Costs as integers over one common denominator: feasibility checks in exact integer arithmetic.
        self.denominator = math.lcm(*(c.denominator for c in self.costs), election.budget.denominator)
        self.units = [int(c * self.denominator) for c in self.costs]
        self.budget_units = int(election.budget * self.denominator)
        self.by_cost = sorted(range(election.num_projects), key=lambda p: self.units[p])
        # The same in int64 when no sum can overflow (always, for real budgets): vectorised checks.
        fits = sum(self.units) + self.budget_units < 2**62
        self.units_array = np.array(self.units, dtype=np.int64) if fits else None
        self.runs = 0
        self.exact_runs = 0

    def run(self, share: Fraction) -> _Run:
        """One MES run with every voter starting at ``share``: compiled floats, exact if unsure."""
        n = self.election.num_voters
        self.runs += 1
        if n == 0 or not self.eligible.any():
            return _empty_run(share, n)
        from civic_kit.pb.fast import SURE, mes_float

        status, selected, price, rho, poor, budgets = mes_float(
            self.costs_float, self.sup_ptr, self.sup_idx, self.eligible, self.rank, n, float(share)
        )
        if status == SURE:
            return _Run(share, selected, price, rho, poor, budgets)
        from civic_kit.pb.exact import mes_exact

        self.exact_runs += 1
        exact = mes_exact(self.costs, self.sup_ptr, self.sup_idx, self.eligible, self.rank, n, share)
        return _Run(
            share,
            np.array(exact.selected, dtype=np.int64),
            np.array([float(x) for x in exact.price], dtype=np.float64),
            np.array([float(x) for x in exact.rho], dtype=np.float64),
            np.array(exact.paid_in_full, dtype=np.int64),
            np.array([float(b) for b in exact.budgets], dtype=np.float64),
        )

    def add_one(self) -> _Run:
        """pabutools' ``exhaustion_by_budget_increase`` with a step of one unit per voter.

        Budget ``B + k*n`` for ``k = 0, 1, ...`` while it stays within pabutools' bound ``B * (n + 1)``:
        stop at the first outcome that costs more than ``B`` (keep the previous one) or that leaves no
        room for any other project (keep it). Once every voter's share covers an equal share of every
        project they chose, all later runs give the same outcome, so the loop stops there too.
        """
        election = self.election
        n = election.num_voters
        budget = election.budget
        if n == 0:
            return self.run(Fraction(0))
        base = budget / n
        previous = _empty_run(base, n)
        saturation = self.saturation()
        for k in range(math.floor(budget) + 1):
            share = base + k
            outcome = self.run(share)
            spent = self.spent(outcome.selected)
            if spent > self.budget_units:
                return previous
            if self.exhaustive(outcome.selected, spent):
                return outcome
            if float(share) > saturation:
                return outcome
            previous = outcome
        return previous

    def spent(self, selected: np.ndarray) -> int:
        """Exact cost of ``selected``, in units of ``1 / denominator``."""
        if self.units_array is not None:
            return int(self.units_array[selected].sum())
        return sum(self.units[p] for p in selected.tolist())

    def saturation(self) -> float:
        """A share above which every supporter can always pay an equal share (so MES funds every
        eligible project, the same way for any larger share), with a safety margin for rounding."""
        counts = self.election.vote_counts
        per_project = np.where(self.eligible, self.costs_float / np.maximum(counts, 1), 0.0)
        need = np.bincount(
            self.election.ballot_voters,
            weights=per_project[self.election.ballot_projects],
            minlength=self.election.num_voters,
        )
        top = float(need.max()) if need.size else 0.0
        return top * (1 + 1e-9) + 1e-9

    def exhaustive(self, selected: np.ndarray, spent: int) -> bool:
        """True when no project outside ``selected`` fits in the money left (exact)."""
        room = self.budget_units - spent
        if self.units_array is not None:
            outside = np.ones(self.election.num_projects, dtype=np.bool_)
            outside[selected] = False
            return not bool(np.any(self.units_array[outside] <= room))
        chosen = set(selected.tolist())
        for p in self.by_cost:
            if p not in chosen:
                return self.units[p] > room
        return True

    def supporters_money(self, run: _Run) -> list[float | None]:
        """What each project's supporters had left between them at the end of the run."""
        m = self.election.num_projects
        owner = np.repeat(np.arange(m), np.diff(self.sup_ptr))
        sums = np.bincount(owner, weights=run.budgets[self.sup_idx], minlength=m)
        return [float(sums[p]) if self.eligible[p] else None for p in range(m)]

    def mes_steps(self, run: _Run) -> list[Step]:
        left = self.election.budget
        steps = []
        votes = self.election.vote_counts
        rows = zip(run.selected.tolist(), run.price.tolist(), run.rho.tolist(), run.paid_in_full.tolist(), strict=True)
        for p, price, rho, poor in rows:
            cost = self.costs[p]
            left -= cost
            steps.append(
                Step(
                    self.election.projects[p].id,
                    "mes",
                    int(votes[p]),
                    cost,
                    left,
                    price_per_voter=price,
                    effective_votes=1.0 / rho,
                    paid_in_full=poor,
                )
            )
        return steps

    def mes_rejections(self, run: _Run, taken: set[int]) -> list[Rejection]:
        money = self.supporters_money(run)
        rejected = []
        for p in range(self.election.num_projects):
            if p in taken:
                continue
            project = self.election.projects[p]
            votes = int(self.election.vote_counts[p])
            if project.cost > self.election.budget:
                reason = "over-budget"
            elif votes == 0:
                reason = "no-support"
            elif project.cost == 0:
                reason = "zero-cost"
            else:
                reason = "supporters-short"
            rejected.append(Rejection(project.id, votes, project.cost, reason, money[p], None))
        rejected.sort(key=lambda r: (-r.votes, r.project))
        return rejected


def _outcome(
    rule: str,
    election: Election,
    selected: Sequence[int],
    steps: Sequence[Step],
    rejected: Sequence[Rejection],
    *,
    voter_share: Fraction | None = None,
    mes_runs: int = 0,
    exact_runs: int = 0,
) -> Outcome:
    ids = election.project_ids
    cost = sum((election.costs[p] for p in selected), Fraction(0))
    return Outcome(
        rule=rule,
        selected=tuple(ids[p] for p in selected),
        cost=cost,
        budget=election.budget,
        details=OutcomeDetails(
            steps=tuple(steps),
            rejected=tuple(sorted(rejected, key=lambda r: (-r.votes, r.project))),
            voter_share=voter_share,
            mes_runs=mes_runs,
            exact_runs=exact_runs,
        ),
    )

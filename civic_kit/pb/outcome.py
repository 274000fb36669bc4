"""What a rule returns: the funded projects in order, and the details that explain every decision.

Officials ask two questions of a result: "why was this funded?" and "why not mine?". So an
:class:`Outcome` carries one :class:`Step` per funded project (what it cost, what each supporter paid
under equal shares) and one :class:`Rejection` per project left out (its supporters had too little money
left between them, or it did not fit in what was left). :func:`civic_kit.pb.analysis.why_not` turns
those into translated sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

__all__ = ["Outcome", "OutcomeDetails", "Phase", "Reason", "Rejection", "Step", "money_json"]

Phase = Literal["greedy", "mes", "completion"]
"""``greedy``: ranked by votes; ``mes``: equal shares; ``completion``: greedy filling after equal shares."""
Reason = Literal["over-budget", "no-support", "zero-cost", "supporters-short", "did-not-fit"]
"""Why a project was left out; each has a translated message ``issue.pb-why-not-<reason>``."""


@dataclass(frozen=True)
class Step:
    """One funded project, in the order the rule picked it."""

    project: str
    phase: Phase
    votes: int
    """Ballots naming the project."""
    cost: Fraction
    budget_left: Fraction
    """Real money left after funding it."""
    price_per_voter: float | None = None
    """Equal shares: what each supporter who still had enough money paid."""
    effective_votes: float | None = None
    """Equal shares: cost divided by that price, the "votes it was worth" when picked (pabutools'
    effective vote count). Lower than ``votes`` when some supporters had already spent their share."""
    paid_in_full: int | None = None
    """Equal shares: supporters who could not pay the price and gave all they had left."""


@dataclass(frozen=True)
class Rejection:
    """One project the rule did not fund, and the numbers that explain why."""

    project: str
    votes: int
    cost: Fraction
    reason: Reason
    supporters_money: float | None = None
    """Equal shares: what its supporters had left between them at the end of that phase."""
    budget_left: Fraction | None = None
    """Greedy or completion: real money left when the project's turn came."""


@dataclass(frozen=True)
class OutcomeDetails:
    """Everything needed to explain an outcome step by step."""

    steps: tuple[Step, ...]
    rejected: tuple[Rejection, ...]
    voter_share: Fraction | None = None
    """Equal shares: money each voter started with in the (last) run; above budget/voters when the
    rule raised it to complete the outcome."""
    mes_runs: int = 0
    """How many times equal shares was run (completion raises the share one unit per voter a time)."""
    exact_runs: int = 0
    """Runs recomputed in exact fractions because floating point was too close to call."""

    def step(self, project: str) -> Step | None:
        return next((s for s in self.steps if s.project == project), None)

    def rejection(self, project: str) -> Rejection | None:
        return next((r for r in self.rejected if r.project == project), None)


@dataclass(frozen=True)
class Outcome:
    """The result of a rule: ``selected`` in selection order, total ``cost`` and the ``budget``."""

    rule: str
    selected: tuple[str, ...]
    cost: Fraction
    budget: Fraction
    details: OutcomeDetails

    @property
    def left(self) -> Fraction:
        """Money not spent."""
        return self.budget - self.cost

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by ``civic-kit pb --json`` (plus the CLI's ``seconds``)."""
        return {
            "rule": self.rule,
            "selected": list(self.selected),
            "cost": money_json(self.cost),
            "budget": money_json(self.budget),
        }


def money_json(value: Fraction) -> int | float | str:
    """An exact amount for JSON: an int when whole, a float when that float prints the exact decimal,
    else the fraction as text (``"1/3"``) rather than a rounded number."""
    if value.denominator == 1:
        return int(value.numerator)
    as_float = float(value)
    if Fraction(repr(as_float)) == value:
        return as_float
    return str(value)

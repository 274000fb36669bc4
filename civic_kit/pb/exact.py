"""Method of Equal Shares in exact rational arithmetic: the reference the fast kernel falls back to.

It follows pabutools' ``method_of_equal_shares`` with ``Cost_Sat`` step by step (same affordability,
same lazy re-evaluation, same lexicographic tie-breaking) but over the flat arrays of an
:class:`~civic_kit.pb.model.Election`. It is used when :func:`civic_kit.pb.fast.mes_float` reports a
decision too close to call in floating point, so results never depend on rounding.

Numbers are ``gmpy2.mpq`` when gmpy2 is installed (it comes with pabutools and is ~10x faster than
:class:`fractions.Fraction`), else ``Fraction``; both are exact, so the choice changes speed only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = ["ExactRun", "mes_exact"]

try:  # pragma: no cover - depends on the environment
    from gmpy2 import mpq as _rational
except ImportError:  # pragma: no cover
    _rational = Fraction


@dataclass(frozen=True)
class ExactRun:
    """Result of one exact MES run, in the same shape as the fast kernel's."""

    selected: tuple[int, ...]
    price: tuple[Fraction, ...]
    rho: tuple[Fraction, ...]
    paid_in_full: tuple[int, ...]
    budgets: tuple[Fraction, ...]


def mes_exact(
    costs: Sequence[Fraction],
    sup_ptr: np.ndarray,
    sup_idx: np.ndarray,
    eligible: np.ndarray,
    rank: np.ndarray,
    n_voters: int,
    share: Fraction,
) -> ExactRun:
    """One run of MES with ``Cost_Sat`` in exact arithmetic (arguments as in ``mes_float``).

    ``share`` is each voter's starting money, ``costs`` are exact.
    """
    zero = _rational(0)
    budgets: list[Any] = [_rational(share)] * n_voters
    cost = [_rational(c) for c in costs]
    supporters = [sup_idx[sup_ptr[p] : sup_ptr[p + 1]].tolist() for p in range(len(costs))]
    alive = {p for p in range(len(costs)) if eligible[p]}
    stale: dict[int, Any] = {p: _rational(1, len(supporters[p])) for p in alive}
    selected: list[int] = []
    prices: list[Fraction] = []
    rhos: list[Fraction] = []
    poor: list[int] = []
    while alive:
        best: int | None = None
        best_rho: Any = None
        best_q: Any = None
        best_poor = 0
        for p in sorted(alive, key=lambda p: (stale[p], rank[p])):
            if best is not None and stale[p] > best_rho:
                break
            group = supporters[p]
            if sum((budgets[i] for i in group), zero) < cost[p]:
                alive.discard(p)
                continue
            q, n_poor = _equal_share(cost[p], sorted(budgets[i] for i in group))
            rho = q / cost[p]
            stale[p] = rho
            if best is None or rho < best_rho or (rho == best_rho and rank[p] < rank[best]):
                best, best_rho, best_q, best_poor = p, rho, q, n_poor
        if best is None:
            break
        for i in supporters[best]:
            budgets[i] = budgets[i] - min(budgets[i], best_q)
        alive.discard(best)
        selected.append(best)
        prices.append(Fraction(int(best_q.numerator), int(best_q.denominator)))
        rhos.append(Fraction(int(best_rho.numerator), int(best_rho.denominator)))
        poor.append(best_poor)
    return ExactRun(
        selected=tuple(selected),
        price=tuple(prices),
        rho=tuple(rhos),
        paid_in_full=tuple(poor),
        budgets=tuple(Fraction(int(b.numerator), int(b.denominator)) for b in budgets),
    )


def _equal_share(cost: Any, ascending: list[Any]) -> tuple[Any, int]:
    """The price ``q`` that supporters who can afford it pay, the rest paying all they have left.

    Walks the budgets from the poorest, as pabutools does: while the poorest cannot pay an equal share
    of what is still missing, they pay everything and drop out.
    """
    missing = cost
    left = len(ascending)
    for n_poor, budget in enumerate(ascending):
        q = missing / left
        if q <= budget:
            return q, n_poor
        missing -= budget
        left -= 1
    raise AssertionError("unreachable: the project was checked to be affordable")

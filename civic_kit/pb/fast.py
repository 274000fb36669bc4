"""Compiled Method of Equal Shares over flat arrays, in floating point that knows when it is unsure.

Why: MES completed by raising every voter's share one unit at a time re-runs MES hundreds of times on a
city-sized election. In exact fractions (pabutools) that takes minutes; here one run is a tight loop over
``float64`` budgets and ``int32`` supporter lists, compiled by numba (``cache=True``, so the compile cost
is paid once per machine).

Floats are only trusted where they cannot change the answer. Every decision MES makes is a comparison:
"is this project affordable?" and "which project has the lowest price per unit of satisfaction (its
affordability, rho)?". The kernel carries an error bound with each computed value and reports
:data:`UNSURE` as soon as a decision falls inside that bound, so the caller re-runs that election in exact
arithmetic (:mod:`civic_kit.pb.exact`). One common family of exact ties is certified without fractions:
when every supporter of a project can pay an equal share, its rho is exactly ``1/k`` for ``k``
supporters, so two such projects tie exactly when their supporter counts are equal, and the tie is broken
by project id as pabutools does.

The satisfaction is pabutools' ``Cost_Sat`` (a supporter's satisfaction from project ``p`` is its cost),
so every supporter of a project counts equally and the equal share of ``c`` among ``k`` supporters is
``c / k``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["SURE", "UNSURE", "mes_float"]

#: Status returned when every decision of the run was certain.
SURE = 0
#: Status returned when a decision was too close to call in floating point.
UNSURE = 1

# Relative tolerance of a computed quantity: far above the ~1e-16 error of one float operation, far
# below any real gap between two projects' prices.
_TOL = 1e-9
# Bound, per round of MES and relative to the starting share, on the drift of a voter's float budget.
_DRIFT = 1e-13


@njit(cache=True)
def mes_float(costs, sup_ptr, sup_idx, eligible, rank, n_voters, share):  # pragma: no cover - compiled
    """One run of MES with ``Cost_Sat`` and lexicographic tie-breaking, in float64.

    Parameters
    ----------
    costs : float64[m]
        Project costs.
    sup_ptr : int64[m + 1], sup_idx : int32[nnz]
        Supporters of project ``p`` are ``sup_idx[sup_ptr[p]:sup_ptr[p + 1]]``.
    eligible : bool[m]
        Projects MES may fund (positive cost, at least one supporter).
    rank : int64[m]
        Position of each project id in sorted order (the tie-break: lower wins).
    n_voters : int
        Number of ballots, empty ones included.
    share : float
        Money each voter starts with.

    Returns
    -------
    status : int
        :data:`SURE` or :data:`UNSURE` (then the other outputs are meaningless).
    selected, price, rho, paid_in_full : arrays of length ``n_selected``
        Projects in selection order, the price each supporter with enough money paid, the affordability
        and the number of supporters who gave all they had left.
    budgets : float64[n_voters]
        What each voter had left at the end.
    """
    m = costs.shape[0]
    budgets = np.full(n_voters, share)
    # zero[i]: voter i certainly has exactly nothing left (paid all of a smaller budget than the price).
    zero = np.zeros(n_voters, np.bool_)
    alive = eligible.copy()
    stale = np.full(m, np.inf)
    stale_err = np.zeros(m)
    for p in range(m):
        if alive[p]:
            stale[p] = 1.0 / (sup_ptr[p + 1] - sup_ptr[p])
    selected = np.empty(m, np.int64)
    price = np.empty(m)
    rho_out = np.empty(m)
    poor_out = np.empty(m, np.int64)
    ev_rho = np.empty(m)
    ev_err = np.empty(m)
    ev_q = np.empty(m)
    ev_poor = np.empty(m, np.int64)
    ev_exact = np.zeros(m, np.bool_)
    ev_shaky = np.zeros(m, np.bool_)
    evaluated = np.empty(m, np.int64)
    widest = 0
    for p in range(m):
        widest = max(widest, sup_ptr[p + 1] - sup_ptr[p])
    rest = np.empty(widest)
    n_selected = 0
    rounds = 0
    visited = np.zeros(m, np.bool_)
    while True:
        drift = (rounds + 1) * _DRIFT * share
        best = -1
        best_rho = np.inf
        best_err = 0.0
        n_eval = 0
        visited[:] = False
        while True:
            # Next candidate: the lowest lower bound of affordability not visited this round (stale
            # values only grow as voters spend). A few candidates are visited per round, so picking
            # them one by one is cheaper than sorting all projects.
            p = -1
            bound = np.inf
            for other in range(m):
                if alive[other] and not visited[other]:
                    lower = stale[other] - stale_err[other]
                    if lower < bound:
                        bound = lower
                        p = other
            if p < 0:
                break
            visited[p] = True
            if best >= 0 and bound > best_rho + best_err:
                break  # every other candidate is certainly worse than the best found
            start = sup_ptr[p]
            stop = sup_ptr[p + 1]
            k = stop - start
            c = costs[p]
            avail = 0.0
            low = np.inf
            high = 0.0
            n_zero = 0
            # Supporters below c/k are short whatever happens (the price only rises from c/k): count
            # them in this first pass, which saves a pass over the supporters in most evaluations.
            # The others' budgets are copied to a local buffer: later passes read it in order instead of
            # gathering from the whole budgets array again.
            floor = c / k
            short_sum = 0.0
            n_short = 0
            n_rest = 0
            for j in range(start, stop):
                i = sup_idx[j]
                if zero[i]:
                    n_zero += 1
                else:
                    b = budgets[i]
                    avail += b
                    if b < low:
                        low = b
                    if b > high:
                        high = b
                    if b < floor:
                        short_sum += b
                        n_short += 1
                    else:
                        rest[n_rest] = b
                        n_rest += 1
            avail_err = _TOL * (avail + c) + k * drift
            if avail < c - avail_err:
                alive[p] = False
                continue
            shaky = avail <= c + avail_err
            # Supporters with nothing left pay nothing; the others share the cost equally, except those
            # who have less than the share: they pay all they have and the rest share what is missing.
            n_poor = n_zero + n_short
            poor_sum = short_sum
            q = (c - poor_sum) / (k - n_poor) if n_poor < k else c
            if low < q:
                found = 0
                while True:
                    total = 0.0
                    count = 0
                    for j in range(n_rest):
                        b = rest[j]
                        if b < q:
                            total += b
                            count += 1
                    if count == found:
                        break
                    found = count
                    n_poor = n_zero + n_short + count
                    poor_sum = short_sum + total
                    if n_poor >= k:
                        break
                    q = (c - poor_sum) / (k - n_poor)
            rich = k - n_poor
            # Exact when the poor are exactly broke and the rich certainly afford the share: rho = 1/rich.
            exact = (not shaky) and n_poor == n_zero and low - q > _TOL * q + drift
            if exact:
                r = 1.0 / rich
                err = 0.0
            elif n_poor >= k:
                # Rounding made everyone "poor": the supporters have about exactly the cost between them,
                # so everyone pays all and the price is the richest one's budget, give or take avail_err.
                shaky = True
                n_poor = k - 1
                q = high
                r = q / c
                err = (avail_err + _TOL * c) / c
            else:
                r = q / c
                err = (_TOL * (c + poor_sum) + n_poor * drift + drift) / (rich * c)
                if shaky:
                    err += avail_err / c
            stale[p] = r
            stale_err[p] = err
            ev_rho[p] = r
            ev_err[p] = err
            ev_q[p] = q
            ev_poor[p] = n_poor
            ev_exact[p] = exact
            ev_shaky[p] = shaky
            evaluated[n_eval] = p
            n_eval += 1
            if best < 0 or r < best_rho or (r == best_rho and rank[p] < rank[best]):
                best = p
                best_rho = r
                best_err = err
        if best < 0:
            break
        if ev_shaky[best]:
            return UNSURE, selected[:0], price[:0], rho_out[:0], poor_out[:0], budgets
        for j in range(n_eval):
            p = evaluated[j]
            if p == best:
                continue
            # A rival within the error bounds: only a tie of two exact values is safe (ids decide it).
            close = ev_rho[p] - ev_err[p] <= best_rho + best_err
            if close and not (ev_exact[p] and ev_exact[best]):
                return UNSURE, selected[:0], price[:0], rho_out[:0], poor_out[:0], budgets
        q = ev_q[best]
        margin = best_err * costs[best] + _TOL * q + drift
        for j in range(sup_ptr[best], sup_ptr[best + 1]):
            i = sup_idx[j]
            if zero[i]:
                continue
            b = budgets[i]
            if b <= q:
                budgets[i] = 0.0
                zero[i] = b < q - margin
            else:
                budgets[i] = b - q
        selected[n_selected] = best
        price[n_selected] = q
        rho_out[n_selected] = best_rho
        poor_out[n_selected] = ev_poor[best]
        n_selected += 1
        alive[best] = False
        rounds += 1
    return (
        SURE,
        selected[:n_selected],
        price[:n_selected],
        rho_out[:n_selected],
        poor_out[:n_selected],
        budgets,
    )

"""Who lives too far from a public service, and how that changes when a facility is added.

Why the model is built once: the expensive part of an access question is distance. :class:`AccessModel`
projects the population points once, and keeps for every point the distance to its nearest existing
facility. After that,

- changing the walking threshold is one comparison per point (``nearest <= threshold``);
- adding a facility needs only the distances from that one new place (``nearest = min(nearest, new)``);

so both update in a few milliseconds for tens of thousands of points, which is what a slider in a Voila
app needs. Suggesting sites uses a bucket index (:class:`~civic_kit.access.geometry.GridIndex`) so that
only nearby points are ever compared.

Assumptions the user must see (:meth:`CoverageResult.assumptions` gives them translated):

- walking distance = straight-line distance x a *detour factor* (default 1.3), because streets are not
  straight; the factor is an assumption, not a measurement;
- a person counts as *covered* when the walking distance from their cell's centre to the nearest
  facility is at most the threshold;
- income quintiles are population-weighted (each holds about a fifth of the people, cells are not split);
- the *equity gap* is the coverage share of the richest quintile minus that of the poorest, in
  percentage points: positive means richer people are better served.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from civic_kit.access.geometry import GridIndex, LocalProjection, planar_distance
from civic_kit.access.upload import find_coordinate_columns
from civic_kit.i18n import t
from civic_kit.i18n.numbers import format_number, format_percent
from civic_kit.problems import CivicKitError

__all__ = [
    "DEFAULT_DETOUR_FACTOR",
    "DEFAULT_THRESHOLD_M",
    "KINDS",
    "AccessModel",
    "CoverageResult",
    "Site",
    "SiteSuggestions",
    "SuggestedSite",
    "assumptions_text",
    "income_quintiles",
]

#: Straight-line distance is multiplied by this to estimate walking distance along streets. 1.3 is a
#: commonly used rule of thumb for urban street grids; it is shown to the user as an assumption.
DEFAULT_DETOUR_FACTOR = 1.3
#: Default walking threshold in metres. A starting point for discussion, not a legal standard: the
#: official chooses it.
DEFAULT_THRESHOLD_M = 1000.0
#: Facility kinds of the bundled data (health unit, school, social assistance centre "CRAS").
KINDS: tuple[str, ...] = ("health_unit", "school", "cras")

_CHUNK = 256  # candidates per vectorised batch: small batches keep the pair arrays in cache


@dataclass(frozen=True)
class Site:
    """A place where a facility could be (or was) added."""

    lat: float
    lon: float
    name: str = ""


@dataclass(frozen=True, eq=False)
class CoverageResult:
    """Coverage of the population at one walking threshold.

    Arrays are aligned with the population points the model was built from and are read-only.
    Tables have stable English column names (for code); :meth:`district_table` and
    :meth:`quintile_table` give the same tables with translated headers (for people).
    """

    threshold_m: float
    detour_factor: float
    total_population: float
    covered_population: float
    share: float
    """Covered population / total population, in [0, 1]."""
    covered: np.ndarray = field(repr=False)
    """Per point: ``True`` when the nearest facility is within the threshold."""
    nearest_m: np.ndarray = field(repr=False)
    """Per point: estimated walking metres to the nearest facility (``inf`` when there is none)."""
    by_district: pd.DataFrame = field(repr=False)
    """``district_id, name, population, covered_population, uncovered_population, share``."""
    by_quintile: pd.DataFrame = field(repr=False)
    """``quintile`` (1 = poorest), ``income_min, income_max, population, covered_population, share``."""
    equity_gap: float | None
    """Share covered in quintile 5 minus share covered in quintile 1 (``None`` without income data)."""
    facilities: int
    """Facilities counted, including added and extra sites."""

    @property
    def uncovered(self) -> np.ndarray:
        """Per point: ``True`` when the nearest facility is farther than the threshold."""
        return ~self.covered

    @property
    def uncovered_population(self) -> float:
        """People living farther than the threshold from every facility."""
        return self.total_population - self.covered_population

    def summary(self, lang: str | None = None) -> str:
        """One plain sentence with the headline numbers."""
        return t(
            "access.summary",
            lang,
            covered=round(self.covered_population),
            total=round(self.total_population),
            share=format_percent(self.share, _lang(lang)),
            threshold=round(self.threshold_m),
        )

    def equity_text(self, lang: str | None = None) -> str:
        """The equity gap in words, or why it cannot be computed."""
        if self.equity_gap is None:
            return t("access.equity-gap.unavailable", lang)
        points = format_number(self.equity_gap * 100, _lang(lang), "+,.1f")
        return t("access.equity-gap.value", lang, points=points)

    def assumptions(self, lang: str | None = None) -> list[str]:
        """Every assumption behind the numbers, translated, to show next to them."""
        return assumptions_text(self.detour_factor, self.threshold_m, lang)

    def district_table(self, lang: str | None = None) -> pd.DataFrame:
        """:attr:`by_district` with translated headers and shares as percentages."""
        table = self.by_district.copy()
        table["share"] = [format_percent(v, _lang(lang)) for v in table["share"]]
        return table.rename(columns=lambda c: t(f"access.column.{c}", lang))

    def quintile_table(self, lang: str | None = None) -> pd.DataFrame:
        """:attr:`by_quintile` with translated headers, quintile names and shares as percentages."""
        table = self.by_quintile.copy()
        table["quintile"] = [t(f"access.quintile.{int(q)}", lang) for q in table["quintile"]]
        table["share"] = [format_percent(v, _lang(lang)) for v in table["share"]]
        return table.rename(columns=lambda c: t(f"access.column.{c}", lang))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (per-point arrays are left out; tables become lists of rows)."""
        return {
            "threshold_m": self.threshold_m,
            "detour_factor": self.detour_factor,
            "total_population": self.total_population,
            "covered_population": self.covered_population,
            "share": self.share,
            "equity_gap": self.equity_gap,
            "facilities": self.facilities,
            "by_district": self.by_district.to_dict(orient="records"),
            "by_quintile": self.by_quintile.to_dict(orient="records"),
        }


@dataclass(frozen=True)
class SuggestedSite:
    """One site picked by the greedy rule, in the order it was picked."""

    rank: int
    lat: float
    lon: float
    added_population: float
    """People newly covered by this site, given the sites picked before it."""
    candidate: int
    """Position of the site in the candidate list."""
    candidate_id: str | None = None


@dataclass(frozen=True)
class SiteSuggestions:
    """The result of :meth:`AccessModel.suggest_sites`.

    Fewer sites than asked are returned when no remaining candidate would cover anyone new.
    """

    threshold_m: float
    detour_factor: float
    sites: tuple[SuggestedSite, ...]
    covered_before: float
    covered_after: float
    total_population: float
    candidates: int

    def method(self, lang: str | None = None) -> str:
        """How the sites were chosen (greedy), in plain words."""
        return t("access.suggest.method", lang)

    def to_frame(self, lang: str | None = None) -> pd.DataFrame:
        """The sites as a table; headers translated when ``lang`` is given."""
        table = pd.DataFrame(
            {
                "rank": [s.rank for s in self.sites],
                "candidate_id": [s.candidate_id for s in self.sites],
                "lat": [s.lat for s in self.sites],
                "lon": [s.lon for s in self.sites],
                "added_population": [s.added_population for s in self.sites],
            }
        )
        if lang is None:
            return table
        return table.rename(columns=lambda c: t(f"access.column.{c}", lang))


def assumptions_text(detour_factor: float, threshold_m: float, lang: str | None = None) -> list[str]:
    """The stated assumptions of an access calculation, in the reader's language."""
    code = _lang(lang)
    return [
        t("access.assumption.detour", lang, factor=format_number(detour_factor, code, ",.2f")),
        t("access.assumption.threshold", lang, threshold=round(threshold_m)),
        t("access.assumption.distance", lang),
        t("access.assumption.quintiles", lang),
        t("access.equity-gap.definition", lang),
    ]


def _lang(lang: str | None) -> str:
    from civic_kit.i18n import get_language, normalize_language

    return normalize_language(lang) if lang else get_language()


def _readonly(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


def _check_threshold(threshold_m: Any) -> float:
    if isinstance(threshold_m, bool) or not isinstance(threshold_m, (int, float, np.integer, np.floating)):
        raise CivicKitError.of("access-bad-threshold", value=str(threshold_m))
    value = float(threshold_m)
    if not (math.isfinite(value) and value > 0):
        raise CivicKitError.of("access-bad-threshold", value=str(threshold_m))
    return value


def _check_place(lat: Any, lon: Any) -> tuple[float, float]:
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        raise CivicKitError.of("access-bad-site", lat=str(lat), lon=str(lon)) from None
    if not (math.isfinite(lat_f) and math.isfinite(lon_f) and -90 <= lat_f <= 90 and -180 <= lon_f <= 180):
        raise CivicKitError.of("access-bad-site", lat=str(lat), lon=str(lon))
    return lat_f, lon_f


def _as_sites(items: Iterable[Site | tuple[float, float]]) -> list[Site]:
    sites: list[Site] = []
    for item in items:
        if isinstance(item, Site):
            lat, lon = _check_place(item.lat, item.lon)
            sites.append(Site(lat, lon, item.name))
        else:
            try:
                lat, lon = item
            except (TypeError, ValueError):
                raise CivicKitError.of("access-bad-site", lat=str(item), lon="") from None
            lat, lon = _check_place(lat, lon)
            sites.append(Site(lat, lon))
    return sites


def _numeric_column(frame: pd.DataFrame, column: Any, table: str) -> np.ndarray:
    """A column as float64, or a translated error naming the first row that is not a number."""
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        row = int(bad[0])
        raise CivicKitError.of(
            f"access-{table}-bad-number", row=row + 2, column=str(column), value=str(frame[column].iloc[row])
        )
    return values


@dataclass(frozen=True, eq=False)
class _Population:
    """Everything about the population points that never changes (shared between model versions)."""

    projection: LocalProjection
    x: np.ndarray
    y: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    population: np.ndarray
    ids: np.ndarray | None
    district_codes: np.ndarray
    district_ids: list[Any]
    district_names: list[Any]
    quintile: np.ndarray
    """0 = unknown income, 1 = poorest fifth of the population ... 5 = richest."""
    quintile_income: list[tuple[float, float]]
    whole_people: bool = True
    """Every population count is a whole number: tables then show integers, not ``18956.0``."""


def income_quintiles(income: np.ndarray, population: np.ndarray) -> np.ndarray:
    """Population-weighted income quintile of each cell (1 = poorest, 5 = richest, 0 = unknown income).

    Cells are ordered by income; a cell's position is the share of people in poorer cells plus half the
    people in cells with exactly its income (so equal incomes always get the same quintile). Quintile
    ``q`` holds the cells whose position falls in ``[(q-1)/5, q/5)``. Because cells are not split, each
    quintile holds *about* a fifth of the people.
    """
    income = np.asarray(income, dtype=np.float64)
    population = np.asarray(population, dtype=np.float64)
    result = np.zeros(len(income), dtype=np.int8)
    known = np.isfinite(income)
    if not known.any():
        return result
    inc = income[known]
    pop = population[known]
    total = pop.sum()
    if total <= 0:
        return result
    levels, inverse = np.unique(inc, return_inverse=True)
    per_level = np.bincount(inverse, weights=pop, minlength=len(levels))
    below = np.cumsum(per_level) - per_level
    position = (below + per_level / 2) / total
    level_quintile = np.minimum(np.floor(position * 5).astype(np.int64) + 1, 5)
    result[known] = level_quintile[inverse]
    return result


class AccessModel:
    """Distances from population points to facilities of one kind, prepared for fast what-if questions.

    Build it with :meth:`from_frames`; ask :meth:`coverage`; add facilities with :meth:`with_facility`
    (returns a new model, the old one is unchanged) and ask for new sites with :meth:`suggest_sites`.

    Example
    -------
    >>> model = AccessModel.from_frames(grid, facilities, kind="health_unit")  # doctest: +SKIP
    >>> model.coverage(1000).share  # doctest: +SKIP
    0.62
    >>> model.with_facility(-22.56, -47.91).coverage(1000).share  # doctest: +SKIP
    0.66
    """

    def __init__(
        self,
        population: _Population,
        facilities: pd.DataFrame,
        nearest_straight_m: np.ndarray,
        detour_factor: float,
    ) -> None:
        self._pop = population
        self._facilities = facilities
        self._nearest_straight = _readonly(nearest_straight_m)
        self.detour_factor = detour_factor
        self._nearest_m = _readonly(nearest_straight_m * detour_factor)

    # -- building ---------------------------------------------------------------------------------------
    @classmethod
    def from_frames(
        cls,
        population: pd.DataFrame,
        facilities: pd.DataFrame,
        *,
        kind: str | None = None,
        districts: pd.DataFrame | None = None,
        detour_factor: float = DEFAULT_DETOUR_FACTOR,
        income_column: str = "avg_household_income_brl",
    ) -> AccessModel:
        """Build the model from the population grid and a facilities table.

        Parameters
        ----------
        population
            One row per populated point: ``lat``, ``lon``, ``population``; optional ``district_id``,
            ``cell_id`` and the income column.
        facilities
            ``lat``, ``lon``, and ``kind`` when ``kind`` is given. May be empty (then nobody is covered).
        kind
            Keep only facilities of this kind (one of :data:`KINDS`); ``None`` keeps all rows.
        districts
            Optional ``district_id, name`` table to put district names into the tables.
        detour_factor
            Walking distance / straight-line distance, at least 1.
        income_column
            Column of ``population`` with the average household income of the cell.

        Raises
        ------
        CivicKitError
            Missing columns, text or negative numbers where numbers are needed, an unknown kind, or a
            detour factor below 1.
        """
        if isinstance(detour_factor, bool) or not isinstance(detour_factor, (int, float)):
            raise CivicKitError.of("access-bad-detour", value=str(detour_factor))
        if not (math.isfinite(detour_factor) and detour_factor >= 1):
            raise CivicKitError.of("access-bad-detour", value=str(detour_factor))
        if kind is not None and kind not in KINDS:
            raise CivicKitError.of("access-unknown-kind", kind=str(kind), kinds=", ".join(KINDS))
        pop = _prepare_population(population, districts, income_column)

        if not isinstance(facilities, pd.DataFrame):
            raise CivicKitError.of("access-facilities-missing-column", column="lat")
        fac = facilities
        if kind is not None and "kind" in fac.columns:
            fac = fac[fac["kind"].astype(str) == kind]
        fac = fac.reset_index(drop=True)
        if len(fac):
            lat_col, lon_col, _ = find_coordinate_columns(list(fac.columns))
            for col, name in ((lat_col, "lat"), (lon_col, "lon")):
                if col is None:
                    raise CivicKitError.of("access-facilities-missing-column", column=name)
            flat = _numeric_column(fac, lat_col, "facilities")
            flon = _numeric_column(fac, lon_col, "facilities")
            fac = fac.assign(lat=flat, lon=flon)
        else:
            flat = np.empty(0)
            flon = np.empty(0)
            fac = fac.assign(lat=pd.Series([], dtype=np.float64), lon=pd.Series([], dtype=np.float64))
        fx, fy = pop.projection.to_xy(flat, flon)
        nearest = _nearest_straight(pop.x, pop.y, fx, fy)
        return cls(pop, fac, nearest, float(detour_factor))

    # -- what-if ----------------------------------------------------------------------------------------
    @property
    def facilities(self) -> pd.DataFrame:
        """The facilities counted by this model (a copy), added ones included."""
        return self._facilities.copy()

    @property
    def n_points(self) -> int:
        """Number of population points."""
        return len(self._pop.x)

    @property
    def nearest_m(self) -> np.ndarray:
        """Per point, estimated walking metres to the nearest facility (read-only; ``inf`` if none)."""
        return self._nearest_m

    def with_facility(self, lat: float, lon: float, *, name: str = "", facility_id: str | None = None) -> AccessModel:
        """A new model with one more facility; only distances from the new place are computed.

        Raises
        ------
        CivicKitError
            When ``lat``/``lon`` are not valid coordinates.
        """
        lat_f, lon_f = _check_place(lat, lon)
        dist = self._pop.projection.distance_to(self._pop.x, self._pop.y, lat_f, lon_f)
        nearest = np.minimum(self._nearest_straight, dist)
        number = len(self._facilities) + 1
        row = pd.DataFrame(
            {
                "facility_id": [facility_id or f"NEW-{number:03d}"],
                "name": [name],
                "lat": [lat_f],
                "lon": [lon_f],
                "added": [True],
            }
        )
        frame = pd.concat([self._facilities, row], ignore_index=True) if len(self._facilities) else row
        return AccessModel(self._pop, frame, nearest, self.detour_factor)

    def with_site(self, site: SuggestedSite | Site) -> AccessModel:
        """A new model with a suggested (or any) site added as a facility."""
        name = site.name if isinstance(site, Site) else ""
        ident = site.candidate_id if isinstance(site, SuggestedSite) else None
        return self.with_facility(site.lat, site.lon, name=name, facility_id=ident)

    def coverage(
        self, threshold_m: float = DEFAULT_THRESHOLD_M, extra_sites: Sequence[Site | tuple[float, float]] = ()
    ) -> CoverageResult:
        """Who is within ``threshold_m`` walking metres of a facility (plus any ``extra_sites``).

        Costs one pass over the points (and one more per extra site): cheap enough to call on every
        slider move.

        Raises
        ------
        CivicKitError
            For a threshold that is not a positive number, or an extra site with invalid coordinates.
        """
        threshold = _check_threshold(threshold_m)
        sites = _as_sites(extra_sites)
        nearest_straight = self._nearest_straight
        for site in sites:
            dist = self._pop.projection.distance_to(self._pop.x, self._pop.y, site.lat, site.lon)
            nearest_straight = np.minimum(nearest_straight, dist)
        nearest_m = nearest_straight * self.detour_factor if sites else self._nearest_m
        covered = nearest_m <= threshold
        return self._result(threshold, covered, nearest_m, len(self._facilities) + len(sites))

    def _result(self, threshold: float, covered: np.ndarray, nearest_m: np.ndarray, n_fac: int) -> CoverageResult:
        pop = self._pop
        covered_pop = np.where(covered, pop.population, 0.0)
        total = float(pop.population.sum())
        covered_total = float(covered_pop.sum())

        def counts(values: np.ndarray) -> np.ndarray:
            return np.rint(values).astype(np.int64) if pop.whole_people else values

        n_districts = len(pop.district_ids)
        d_pop = np.bincount(pop.district_codes, weights=pop.population, minlength=n_districts)
        d_cov = np.bincount(pop.district_codes, weights=covered_pop, minlength=n_districts)
        by_district = pd.DataFrame(
            {
                "district_id": pop.district_ids,
                "name": pop.district_names,
                "population": counts(d_pop),
                "covered_population": counts(d_cov),
                "uncovered_population": counts(d_pop - d_cov),
                "share": np.divide(d_cov, d_pop, out=np.zeros_like(d_cov), where=d_pop > 0),
            }
        )

        q_pop = np.bincount(pop.quintile, weights=pop.population, minlength=6)[1:]
        q_cov = np.bincount(pop.quintile, weights=covered_pop, minlength=6)[1:]
        present = [q for q in range(5) if not math.isnan(pop.quintile_income[q][0])]
        q_share = np.divide(q_cov, q_pop, out=np.zeros_like(q_cov), where=q_pop > 0)
        by_quintile = pd.DataFrame(
            {
                "quintile": [q + 1 for q in present],
                "income_min": [pop.quintile_income[q][0] for q in present],
                "income_max": [pop.quintile_income[q][1] for q in present],
                "population": counts(q_pop[present]),
                "covered_population": counts(q_cov[present]),
                "share": q_share[present],
            }
        )
        gap = float(q_share[4] - q_share[0]) if q_pop[0] > 0 and q_pop[4] > 0 else None
        return CoverageResult(
            threshold_m=threshold,
            detour_factor=self.detour_factor,
            total_population=total,
            covered_population=covered_total,
            share=covered_total / total,
            covered=_readonly(covered),
            nearest_m=nearest_m if not nearest_m.flags.writeable else _readonly(nearest_m),
            by_district=by_district,
            by_quintile=by_quintile,
            equity_gap=gap,
            facilities=n_fac,
        )

    # -- suggestions ------------------------------------------------------------------------------------
    def suggest_sites(
        self,
        k: int,
        threshold_m: float = DEFAULT_THRESHOLD_M,
        candidates: pd.DataFrame | Sequence[Site | tuple[float, float]] | None = None,
    ) -> SiteSuggestions:
        """Pick up to ``k`` new sites with the *greedy* maximal-covering rule.

        Each step picks the candidate that covers the most people who are still uncovered (by existing
        facilities and the sites already picked); ties go to the candidate listed first. Greedy is fast
        and is guaranteed to reach at least about 63 % of the best possible added coverage, but it is not
        always optimal: it is stated as greedy to the user.

        Gains are kept up to date incrementally (after a pick, only candidates within reach of the newly
        covered people lose exactly those people), so the picks are the same as re-evaluating every
        candidate at every step, at a fraction of the cost.

        Parameters
        ----------
        k
            Number of sites wanted (1 to 100).
        threshold_m
            Walking threshold in metres.
        candidates
            Places allowed: a table with latitude/longitude columns (an ``id``/``cell_id``/``site_id``
            column names them), a list of :class:`Site` or ``(lat, lon)`` pairs, or ``None`` for the
            centres of the population cells.

        Raises
        ------
        CivicKitError
            For a bad ``k``, threshold or candidate coordinates.
        """
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= 100:
            raise CivicKitError.of("access-bad-k", value=str(k))
        threshold = _check_threshold(threshold_m)
        pop = self._pop
        clat, clon, cx, cy, cids = self._candidates(candidates)

        covered = self._nearest_m <= threshold
        weight = np.where(covered, 0.0, pop.population)
        before = float(pop.population.sum() - weight.sum())
        radius = threshold / self.detour_factor
        todo = np.flatnonzero(weight > 0)
        if todo.size == 0 or cx.size == 0:
            return self._suggestions(threshold, (), before, len(cx))
        px, py = pop.x[todo], pop.y[todo]
        grid = GridIndex(px, py, cell_m=max(radius * (1 + 1e-9), 1e-6))
        w = weight[todo]

        def reach(d: np.ndarray) -> np.ndarray:
            # The same test as coverage(): walking metres computed the same way, compared the same way.
            return d * self.detour_factor <= threshold

        gains = np.zeros(len(cx))
        for start in range(0, len(cx), _CHUNK):
            q, p, d = grid.pairs_within(cx[start : start + _CHUNK], cy[start : start + _CHUNK], grid.cell_m)
            ok = reach(d)
            gains[start : start + _CHUNK] = np.bincount(
                q[ok], weights=w[p[ok]], minlength=len(cx[start : start + _CHUNK])
            )

        # Exact greedy with incremental gains: when a site is picked, only the people it newly covers stop
        # counting, so only candidates within reach of those people lose exactly their weight. No
        # candidate is ever re-evaluated from scratch.
        cand_grid = GridIndex(cx, cy, cell_m=grid.cell_m)
        picked: list[SuggestedSite] = []
        while len(picked) < k:
            best = int(np.argmax(gains))  # the first maximum: ties go to the candidate listed first
            gain = float(gains[best])
            if gain <= 1e-9:
                break
            _, p, d = grid.pairs_within(cx[best : best + 1], cy[best : best + 1], grid.cell_m)
            hit = p[reach(d)]
            hit = hit[w[hit] > 0]
            picked.append(
                SuggestedSite(
                    rank=len(picked) + 1,
                    lat=float(clat[best]),
                    lon=float(clon[best]),
                    added_population=gain,
                    candidate=best,
                    candidate_id=None if cids is None else cids[best],
                )
            )
            q, c, d = cand_grid.pairs_within(px[hit], py[hit], grid.cell_m)
            ok = reach(d)
            gains -= np.bincount(c[ok], weights=w[hit][q[ok]], minlength=len(cx))
            w[hit] = 0.0
        return self._suggestions(threshold, tuple(picked), before, len(cx))

    def _suggestions(
        self, threshold: float, sites: tuple[SuggestedSite, ...], before: float, n_candidates: int
    ) -> SiteSuggestions:
        return SiteSuggestions(
            threshold_m=threshold,
            detour_factor=self.detour_factor,
            sites=sites,
            covered_before=before,
            covered_after=before + sum(s.added_population for s in sites),
            total_population=float(self._pop.population.sum()),
            candidates=n_candidates,
        )

    def _candidates(
        self, candidates: pd.DataFrame | Sequence[Site | tuple[float, float]] | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str] | None]:
        """Candidate places as ``(lat, lon, x, y, ids)``, validated."""
        pop = self._pop
        if candidates is None:
            ids = None if pop.ids is None else [str(v) for v in pop.ids]
            return pop.lat, pop.lon, pop.x, pop.y, ids
        if isinstance(candidates, pd.DataFrame):
            lat_col, lon_col, _ = find_coordinate_columns(list(candidates.columns))
            for col, name in ((lat_col, "lat"), (lon_col, "lon")):
                if col is None:
                    raise CivicKitError.of("access-candidates-missing-column", column=name)
            lat = _numeric_column(candidates, lat_col, "candidates")
            lon = _numeric_column(candidates, lon_col, "candidates")
            for a, b in zip(lat, lon, strict=True):
                _check_place(a, b)
            id_col = next((c for c in ("site_id", "cell_id", "id") if c in candidates.columns), None)
            ids = None if id_col is None else [str(v) for v in candidates[id_col]]
        else:
            sites = _as_sites(candidates)
            lat = np.asarray([s.lat for s in sites], dtype=np.float64)
            lon = np.asarray([s.lon for s in sites], dtype=np.float64)
            ids = [s.name for s in sites] if any(s.name for s in sites) else None
        x, y = pop.projection.to_xy(lat, lon)
        return lat, lon, x, y, ids

    def assumptions(self, threshold_m: float = DEFAULT_THRESHOLD_M, lang: str | None = None) -> list[str]:
        """The assumptions of this model, translated (detour factor first)."""
        return assumptions_text(self.detour_factor, _check_threshold(threshold_m), lang)


def _nearest_straight(x: np.ndarray, y: np.ndarray, fx: np.ndarray, fy: np.ndarray) -> np.ndarray:
    """Straight-line metres from every point to its nearest facility, in blocks to bound memory."""
    nearest = np.full(len(x), np.inf)
    block = max(1, 2_000_000 // max(len(x), 1))
    for start in range(0, len(fx), block):
        d = planar_distance(x[:, None], y[:, None], fx[None, start : start + block], fy[None, start : start + block])
        np.minimum(nearest, d.min(axis=1), out=nearest)
    return nearest


def _prepare_population(population: pd.DataFrame, districts: pd.DataFrame | None, income_column: str) -> _Population:
    if not isinstance(population, pd.DataFrame) or len(population) == 0:
        raise CivicKitError.of("access-no-points")
    lat_col, lon_col, _ = find_coordinate_columns(list(population.columns))
    for col, name in (
        (lat_col, "lat"),
        (lon_col, "lon"),
        ("population" if "population" in population else None, "population"),
    ):
        if col is None:
            raise CivicKitError.of("access-population-missing-column", column=name)
    lat = _numeric_column(population, lat_col, "population")
    lon = _numeric_column(population, lon_col, "population")
    outside = np.flatnonzero((np.abs(lat) > 90) | (np.abs(lon) > 180))
    if outside.size:
        pos = int(outside[0])
        raise CivicKitError.of("access-coordinate-out-of-range", row=pos + 2, lat=float(lat[pos]), lon=float(lon[pos]))
    people = _numeric_column(population, "population", "population")
    negative = np.flatnonzero(people < 0)
    if negative.size:
        raise CivicKitError.of("access-negative-population", row=int(negative[0]) + 2, value=float(people[negative[0]]))
    if people.sum() <= 0:
        raise CivicKitError.of("access-no-points")

    projection = LocalProjection.around(lat, lon)
    x, y = projection.to_xy(lat, lon)

    if "district_id" in population.columns:
        codes, uniques = pd.factorize(population["district_id"], sort=True, use_na_sentinel=False)
        district_ids = [v if isinstance(v, str) else (None if pd.isna(v) else v) for v in uniques]
    else:
        codes = np.zeros(len(population), dtype=np.int64)
        district_ids = [None]
    names: dict[Any, Any] = {}
    if districts is not None and {"district_id", "name"} <= set(districts.columns):
        names = dict(zip(districts["district_id"], districts["name"], strict=True))
    district_names = [names.get(d, d) for d in district_ids]

    if income_column in population.columns:
        income = pd.to_numeric(population[income_column], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        income = np.full(len(population), np.nan)
    quintile = income_quintiles(income, people)
    bounds: list[tuple[float, float]] = []
    for q in range(1, 6):
        members = income[quintile == q]
        bounds.append((float(members.min()), float(members.max())) if members.size else (math.nan, math.nan))
    ids = population["cell_id"].to_numpy() if "cell_id" in population.columns else None
    return _Population(
        projection=projection,
        x=_readonly(x),
        y=_readonly(y),
        lat=_readonly(lat),
        lon=_readonly(lon),
        population=_readonly(people),
        ids=ids,
        district_codes=np.asarray(codes, dtype=np.int64),
        district_ids=district_ids,
        district_names=district_names,
        quintile=quintile,
        quintile_income=bounds,
        whole_people=bool(np.all(people == np.floor(people))),
    )

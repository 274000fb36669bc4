"""Latency of the access simulator: incremental recomputation vs a naive full recomputation.

A seeded synthetic city (default 20,000 population points, 200 facilities, 16 districts) is built once.
Then, in the same run, we time the median latency of

- a *threshold change*: ``model.coverage(t)`` for a new threshold ``t``;
- *adding a facility*: ``model.with_facility(lat, lon).coverage(t)`` (only distances from the new site);
- ``model.suggest_sites(k=5)`` with candidates = every population cell;

and the same threshold change / addition done naively: the full points x facilities great-circle distance
matrix, the nearest distance, then pandas groupby tables per district and per (recomputed) income quintile.
Target: <= 100 ms per update and suggest_sites(k=5) well under a second.

Usage: ``python benchmarks/bench_access.py [--quick] [--points 20000] [--facilities 200]``; prints a table
and writes ``benchmarks/results/access.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from civic_kit.access import AccessModel, haversine_m  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
CENTRE = (-22.55, -47.90)
TARGET_UPDATE_MS = 100.0
TARGET_SUGGEST_MS = 1000.0


def synthetic_city(points: int, facilities: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clustered population (denser centre, poorer periphery) and uniformly scattered facilities."""
    rng = np.random.default_rng(seed)
    radius = np.abs(rng.normal(0, 0.03, points))
    angle = rng.uniform(0, 2 * np.pi, points)
    lat = CENTRE[0] + np.clip(radius * np.sin(angle), -0.05, 0.05)
    lon = CENTRE[1] + np.clip(radius * np.cos(angle) * 1.3, -0.065, 0.065)
    income = np.round(12000 * np.exp(-radius / 0.02) + rng.lognormal(7.4, 0.3, points), 2)
    district = (np.floor((lat - CENTRE[0] + 0.05) / 0.025).clip(0, 3) * 4) + np.floor(
        (lon - CENTRE[1] + 0.065) / 0.0325
    ).clip(0, 3)
    population = pd.DataFrame(
        {
            "cell_id": [f"C{i:05d}" for i in range(points)],
            "district_id": [f"{int(d) + 1:02d}" for d in district],
            "lat": lat,
            "lon": lon,
            "population": rng.integers(1, 60, points),
            "avg_household_income_brl": income,
        }
    )
    fac = pd.DataFrame(
        {
            "facility_id": [f"F{i:03d}" for i in range(facilities)],
            "kind": "health_unit",
            "lat": CENTRE[0] + rng.uniform(-0.05, 0.05, facilities),
            "lon": CENTRE[1] + rng.uniform(-0.065, 0.065, facilities),
        }
    )
    return population, fac


def naive_coverage(population: pd.DataFrame, facilities: pd.DataFrame, threshold: float, detour: float) -> dict:
    """Everything recomputed from scratch: the full distance matrix and pandas tables."""
    dist = haversine_m(
        population["lat"].to_numpy()[:, None],
        population["lon"].to_numpy()[:, None],
        facilities["lat"].to_numpy()[None, :],
        facilities["lon"].to_numpy()[None, :],
    )
    frame = population.assign(nearest=dist.min(axis=1) * detour)
    frame["covered_pop"] = np.where(frame["nearest"] <= threshold, frame["population"], 0)
    by_district = frame.groupby("district_id")[["population", "covered_pop"]].sum()
    ordered = frame.sort_values("avg_household_income_brl")
    share = (ordered["population"].cumsum() - ordered["population"] / 2) / ordered["population"].sum()
    ordered["quintile"] = np.minimum(np.floor(share * 5) + 1, 5)
    by_quintile = ordered.groupby("quintile")[["population", "covered_pop"]].sum()
    shares = by_quintile["covered_pop"] / by_quintile["population"]
    return {
        "share": frame["covered_pop"].sum() / frame["population"].sum(),
        "by_district": by_district,
        "gap": shares.iloc[-1] - shares.iloc[0],
    }


def median_ms(func: Callable[[int], object], repeats: int) -> float:
    func(0)  # warm-up
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        func(i)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (same city size)")
    parser.add_argument("--points", type=int, default=20_000)
    parser.add_argument("--facilities", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20261127)
    args = parser.parse_args(argv)
    repeats = 5 if args.quick else 25

    population, facilities = synthetic_city(args.points, args.facilities, args.seed)
    start = time.perf_counter()
    model = AccessModel.from_frames(population, facilities, kind="health_unit")
    build_ms = (time.perf_counter() - start) * 1000
    detour = model.detour_factor
    thresholds = [600.0, 800.0, 1000.0, 1200.0, 1500.0]
    rng = np.random.default_rng(args.seed + 1)
    sites = list(zip(CENTRE[0] + rng.uniform(-0.05, 0.05, 64), CENTRE[1] + rng.uniform(-0.065, 0.065, 64), strict=True))

    def inc_threshold(i: int) -> object:
        return model.coverage(thresholds[i % len(thresholds)])

    def inc_add(i: int) -> object:
        return model.with_facility(*sites[i % len(sites)]).coverage(1000.0)

    def naive_threshold(i: int) -> object:
        return naive_coverage(population, facilities, thresholds[i % len(thresholds)], detour)

    def naive_add(i: int) -> object:
        lat, lon = sites[i % len(sites)]
        more = pd.concat([facilities, pd.DataFrame({"lat": [lat], "lon": [lon]})], ignore_index=True)
        return naive_coverage(population, more, 1000.0, detour)

    def suggest(i: int) -> object:
        return model.suggest_sites(5, threshold_m=thresholds[i % len(thresholds)])

    rows = {
        "threshold_change": (median_ms(inc_threshold, repeats), median_ms(naive_threshold, max(3, repeats // 3))),
        "add_facility": (median_ms(inc_add, repeats), median_ms(naive_add, max(3, repeats // 3))),
    }
    suggest_ms = median_ms(suggest, max(3, repeats // 3))

    # the two methods must agree (flat map vs sphere: < 0.1 % of distance)
    check = abs(model.coverage(1000.0).share - naive_coverage(population, facilities, 1000.0, detour)["share"])

    print(f"access benchmark: {args.points:,} points x {args.facilities} facilities, median of {repeats} runs")
    print(f"model build (once): {build_ms:8.1f} ms")
    print(f"{'update':<18}{'incremental ms':>16}{'naive ms':>12}{'speed-up':>10}{'<=100 ms':>10}")
    for name, (inc, naive) in rows.items():
        print(
            f"{name:<18}{inc:>16.2f}{naive:>12.1f}{naive / inc:>9.0f}x{'yes' if inc <= TARGET_UPDATE_MS else 'NO':>10}"
        )
    ok = "yes" if suggest_ms <= TARGET_SUGGEST_MS else "NO"
    print(f"{'suggest_sites k=5':<18}{suggest_ms:>16.1f}{'':>22}{ok:>10}")
    print(f"coverage share difference incremental vs naive at 1000 m: {check:.5f}")

    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {
        "benchmark": "access",
        "quick": args.quick,
        "points": args.points,
        "facilities": args.facilities,
        "seed": args.seed,
        "repeats": repeats,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "build_ms": round(build_ms, 2),
        "threshold_change_ms": {
            "incremental": round(rows["threshold_change"][0], 3),
            "naive": round(rows["threshold_change"][1], 2),
        },
        "add_facility_ms": {
            "incremental": round(rows["add_facility"][0], 3),
            "naive": round(rows["add_facility"][1], 2),
        },
        "speedup": {name: round(naive / inc, 1) for name, (inc, naive) in rows.items()},
        "suggest_sites_k5_ms": round(suggest_ms, 2),
        "share_difference_vs_naive": check,
        "targets": {
            "update_ms": TARGET_UPDATE_MS,
            "suggest_ms": TARGET_SUGGEST_MS,
            "met": all(inc <= TARGET_UPDATE_MS for inc, _ in rows.values()) and suggest_ms <= TARGET_SUGGEST_MS,
        },
    }
    (RESULTS / "access.json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0 if payload["targets"]["met"] else 1


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: civic-kit's participatory-budgeting rules against pabutools on a city-sized election.

Generates a seeded approval election (default 180 projects x 7,000 voters, about the size of a real city
PB), times civic-kit (median of several runs after a warm-up; the first call, which loads or compiles the
numba kernel, is reported separately) and pabutools (one run at full size, a few at --quick size) in the
same process, checks that both fund the same projects in the same order, prints a table and writes
``benchmarks/results/pb.json``.

    .venv/bin/python benchmarks/bench_pb.py            # full size; pabutools takes minutes
    .venv/bin/python benchmarks/bench_pb.py --quick    # 40 x 600, costs / 100: under a minute

Not a unit test: timings depend on the machine and on what else runs on it.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from civic_kit.pb import Election, greedy_by_votes, mes, mes_complete, write_pabulib  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "pb.json"


def generate(projects: int, voters: int, seed: int, cost_scale: float = 1.0) -> Election:
    """A synthetic approval election shaped like real ones: a few very popular projects and a long tail
    (Beta-distributed popularity), costs spread log-uniformly between R$ 20 thousand and R$ 800
    thousand (rounded to R$ 100; times ``cost_scale``), ballots of about five projects, and a budget of
    a quarter of the total cost (real PB funds a fraction of what is proposed).

    The completion raises each voter's share one unit at a time, so the number of MES runs grows with
    budget/voters; ``--quick`` shrinks the costs so that pabutools finishes in seconds."""
    rng = np.random.default_rng(seed)
    low, high = 20_000 * cost_scale, 800_000 * cost_scale
    costs = np.maximum(1, np.round(np.exp(rng.uniform(np.log(low), np.log(high), projects)) / 100) * 100)
    popularity = rng.beta(0.6, 4.0, projects)
    popularity /= popularity.sum()
    ids = [str(i + 1) for i in range(projects)]
    ballots = []
    for _ in range(voters):
        size = int(min(projects, max(1, rng.poisson(5))))
        chosen = rng.choice(projects, size=size, replace=False, p=popularity)
        ballots.append([ids[i] for i in chosen])
    budget = int(costs.sum() * 0.25 // 1000 * 1000)
    return Election.from_ballots(list(zip(ids, [int(c) for c in costs], strict=True)), budget, ballots)


def pabutools_rules(election: Election) -> dict[str, Callable[[], list[str]]]:
    """pabutools' equivalents, built from our Pabulib text, each returning ids in selection order."""
    from pabutools.election import Cost_Sat
    from pabutools.election.pabulib import parse_pabulib_from_string
    from pabutools.rules import (
        completion_by_rule_combination,
        exhaustion_by_budget_increase,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    instance, profile = parse_pabulib_from_string(write_pabulib(election))
    n = profile.num_ballots()

    def complete() -> list[str]:
        outcome = completion_by_rule_combination(
            instance,
            profile,
            [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
            [
                {"rule": method_of_equal_shares, "rule_params": {"sat_class": Cost_Sat}, "budget_step": n},
                {"sat_class": Cost_Sat},
            ],
        )
        return [p.name for p in outcome]

    return {
        "greedy": lambda: [p.name for p in greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)],
        "mes": lambda: [p.name for p in method_of_equal_shares(instance, profile, sat_class=Cost_Sat)],
        "mes-complete": complete,
    }


def timed(function: Callable[[], object]) -> tuple[float, float, object]:
    """Wall-clock and CPU seconds of one call, and its result. CPU time is reported too because the
    machine may be shared: it is what the call itself cost, whatever else was running."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def kernel_cache_files() -> list[Path]:
    return sorted((ROOT / "civic_kit" / "pb" / "__pycache__").glob("fast.mes_float*"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 projects x 600 voters, costs / 100")
    parser.add_argument("--projects", type=int, default=None)
    parser.add_argument("--voters", type=int, default=None)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=7, help="timed civic-kit runs per rule (median; >= 5)")
    parser.add_argument("--pabutools-runs", type=int, default=None, help="default 1, or 3 with --quick")
    parser.add_argument("--skip-pabutools", action="store_true", help="time civic-kit only")
    parser.add_argument("--cold", action="store_true", help="delete the numba cache first to time a compile")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    projects = args.projects or (40 if args.quick else 180)
    voters = args.voters or (600 if args.quick else 7_000)
    cost_scale = 0.01 if args.quick else 1.0
    pabutools_runs = args.pabutools_runs or (3 if args.quick else 1)
    repeat = max(5, args.repeat)

    if args.cold:
        for path in kernel_cache_files():
            path.unlink()
    before = {path: path.stat().st_mtime_ns for path in kernel_cache_files()}

    seconds, _, election = timed(lambda: generate(projects, voters, args.seed, cost_scale))
    print(f"election: {projects} projects x {voters} voters, seed {args.seed}, generated in {seconds:.2f} s")

    first_call, _, _ = timed(lambda: mes(election))
    after = {path: path.stat().st_mtime_ns for path in kernel_cache_files()}
    compiled = after != before  # numba wrote its cache: it compiled (first run, or the kernel changed)
    what = "compiling the kernel" if compiled else "loading the kernel from numba's cache"
    print(f"first civic-kit call in this process ({what}): {first_call:.3f} s")

    ours = {"greedy": greedy_by_votes, "mes": mes, "mes-complete": mes_complete}
    theirs = {} if args.skip_pabutools else pabutools_rules(election)
    rows = []
    for name, rule in ours.items():
        rule(election)  # warm-up
        walls, cpus = [], []
        outcome = None
        for _ in range(repeat):
            wall, cpu, outcome = timed(lambda rule=rule: rule(election))
            walls.append(wall)
            cpus.append(cpu)
        row = {
            "rule": name,
            "civic_kit_median_s": statistics.median(walls),
            "civic_kit_median_cpu_s": statistics.median(cpus),
            "civic_kit_min_s": min(walls),
            "civic_kit_runs": repeat,
            "funded": len(outcome.selected),
            "mes_runs": outcome.details.mes_runs,
            "exact_runs": outcome.details.exact_runs,
        }
        if name in theirs:
            their_walls, their_cpus = [], []
            selected = None
            for _ in range(pabutools_runs):
                wall, cpu, selected = timed(theirs[name])
                their_walls.append(wall)
                their_cpus.append(cpu)
            row["pabutools_s"] = statistics.median(their_walls)
            row["pabutools_cpu_s"] = statistics.median(their_cpus)
            row["pabutools_runs"] = pabutools_runs
            row["identical"] = list(outcome.selected) == selected
            row["ratio"] = row["pabutools_s"] / row["civic_kit_median_s"]
            row["ratio_cpu"] = row["pabutools_cpu_s"] / max(row["civic_kit_median_cpu_s"], 1e-9)
        rows.append(row)
        print(f"  {name}: done", flush=True)

    print()
    header = f"{'rule':<14}{'civic-kit median':>22}{'pabutools':>22}{'ratio':>8}{'same':>6}{'MES runs':>10}"
    print(header + "\n" + " " * 14 + f"{'wall (cpu)':>22}{'wall (cpu)':>22}")
    for row in rows:
        ours_text = f"{_ms(row['civic_kit_median_s'])} ({_ms(row['civic_kit_median_cpu_s'])})"
        theirs_text = f"{_ms(row['pabutools_s'])} ({_ms(row['pabutools_cpu_s'])})" if "pabutools_s" in row else "-"
        ratio = f"{row['ratio']:.0f}x" if "ratio" in row else "-"
        same = {True: "yes", False: "NO"}.get(row.get("identical"), "-")
        print(f"{row['rule']:<14}{ours_text:>22}{theirs_text:>22}{ratio:>8}{same:>6}{row['mes_runs']:>10}")
    report = {
        "election": {
            "projects": projects,
            "voters": voters,
            "seed": args.seed,
            "cost_scale": cost_scale,
            "budget": str(election.budget),
        },
        "first_call_s": first_call,
        "first_call_kind": "compile" if compiled else "cache-load",
        "rows": rows,
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": _cpus()},
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 0 if all(row.get("identical", True) for row in rows) else 1


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.0f} s"


def _cpus() -> int | None:
    import os

    return os.cpu_count()


if __name__ == "__main__":
    sys.exit(main())

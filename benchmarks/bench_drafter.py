"""Policy drafter preview latency: what an official waits for after changing one answer.

The app's refresh rebuilds the selection, the draft tree, the HTML preview and the coverage report. This
measures that refresh (median and 95th percentile over many answer changes) for the minimal and the
complete example answers, and, side by side, the same work done cold in a fresh process state (catalogue
and templates re-read, caches cleared) as the baseline an uncached implementation would pay every time.
Target: median <= 100 ms.

Usage: ``python benchmarks/bench_drafter.py [--runs 300] [--quick]``; writes ``benchmarks/results/drafter.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def _refresh(answers, lang: str) -> None:
    from civic_kit.policy import build_draft, coverage, render_html, select

    selection = select(answers)
    render_html(build_draft(answers, lang, selection), standalone=False)
    coverage(answers, selection)


def _clear_caches() -> None:
    import importlib

    importlib.import_module("civic_kit.i18n").catalog.cache_clear()
    importlib.import_module("civic_kit.policy.catalogue").catalogue.cache_clear()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--quick", action="store_true", help="60 runs")
    args = parser.parse_args()
    runs = 60 if args.quick else args.runs

    from civic_kit.policy import load_answers

    rows = {}
    for name in ("minimal", "complete"):
        answers, _ = load_answers(ROOT / "examples" / "drafter" / f"{name}.yaml")
        _refresh(answers, "pt-BR")  # warm: what a preheated kernel has done before the official arrives
        warm = []
        for index in range(runs):
            changed = replace(answers, municipality=f"{answers.municipality} {index}")
            start = time.perf_counter()
            _refresh(changed, "pt-BR")
            warm.append(time.perf_counter() - start)
        cold = []
        for index in range(max(5, runs // 20)):
            _clear_caches()
            changed = replace(answers, municipality=f"{answers.municipality} c{index}")
            start = time.perf_counter()
            _refresh(changed, "pt-BR")
            cold.append(time.perf_counter() - start)
        rows[name] = {
            "warm_median_ms": statistics.median(warm) * 1000,
            "warm_p95_ms": _percentile(warm, 0.95) * 1000,
            "cold_median_ms": statistics.median(cold) * 1000,
            "ratio_cold_over_warm": statistics.median(cold) / statistics.median(warm),
        }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "drafter.json").write_text(json.dumps({"runs": runs, "results": rows}, indent=2), encoding="utf-8")
    print(f"{'answers':<10}{'refresh median':>16}{'p95':>10}{'cold median':>14}{'ratio':>8}")
    for name, row in rows.items():
        print(
            f"{name:<10}{row['warm_median_ms']:>13.1f} ms{row['warm_p95_ms']:>7.1f} ms"
            f"{row['cold_median_ms']:>11.1f} ms{row['ratio_cold_over_warm']:>7.1f}x"
        )
    print("target: refresh median <= 100 ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Time to interactive of the gallery: civic-kit's preheated server vs a plain ``voila`` of the same notebook.

Time to interactive = from the start of navigation until the language switch (the first widget) is visible
and enabled, measured in Debian Chromium. Both servers run side by side in the same run; each load uses a
fresh browser context, and the script waits between loads so the preheated pool can refill, as it would
between real visitors.

Usage: ``python benchmarks/bench_gallery.py [--loads 7] [--gap 8]``; writes ``benchmarks/results/gallery.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _harness import CHROMIUM, CHROMIUM_ARGS, free_port, wait_until_answering

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def _start(command: list[str], cwd: Path) -> subprocess.Popen:
    RESULTS.mkdir(parents=True, exist_ok=True)
    with (RESULTS / f"voila-{Path(command[-1]).name}-{time.time_ns()}.log").open("wb") as log:
        return subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def measure(browser, url: str, loads: int, gap: float) -> list[float]:
    times = []
    for _ in range(loads):
        time.sleep(gap)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=120_000)
        page.wait_for_selector(".ck-app select:enabled", state="visible", timeout=120_000)
        times.append(time.perf_counter() - start)
        context.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=7)
    parser.add_argument("--gap", type=float, default=8.0, help="seconds between loads (pool refill)")
    parser.add_argument("--quick", action="store_true", help="5 loads")
    args = parser.parse_args()
    loads = 5 if args.quick else max(args.loads, 5)

    from playwright.sync_api import sync_playwright

    civic_port, plain_port = free_port(), free_port()
    civic = _start([sys.executable, "-m", "civic_kit.cli", "start", "--port", str(civic_port)], ROOT)
    empty = Path(tempfile.mkdtemp(prefix="plain-voila-"))  # no voila.json here: Voila's defaults
    plain = _start(
        [
            str(Path(sys.executable).with_name("voila")),
            str(ROOT / "notebooks" / "apps" / "index.ipynb"),
            "--no-browser",
            f"--port={plain_port}",
            "--Voila.ip=127.0.0.1",
        ],
        empty,
    )
    try:
        wait_until_answering(f"http://127.0.0.1:{civic_port}/voila/api/shutdown/x")
        wait_until_answering(f"http://127.0.0.1:{plain_port}/")
        time.sleep(10)  # let the preheated pool fill once, as on a server that has been up for a while
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            civic_times = measure(
                browser, f"http://127.0.0.1:{civic_port}/voila/render/apps/index.ipynb?lang=pt-BR", loads, args.gap
            )
            plain_times = measure(browser, f"http://127.0.0.1:{plain_port}/?lang=pt-BR", loads, 1.0)
            browser.close()
    finally:
        _stop(civic)
        _stop(plain)

    result = {
        "benchmark": "gallery time to interactive (s)",
        "loads": loads,
        "civic_kit_preheated": {"median": statistics.median(civic_times), "all": civic_times},
        "plain_voila": {"median": statistics.median(plain_times), "all": plain_times},
        "ratio_plain_over_civic": statistics.median(plain_times) / statistics.median(civic_times),
        "target_median_s": 1.0,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "gallery.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"{'server':<28}{'median (s)':>12}{'min':>8}{'max':>8}")
    for name, values in (("civic-kit (preheated)", civic_times), ("plain voila", plain_times)):
        print(f"{name:<28}{statistics.median(values):>12.3f}{min(values):>8.3f}{max(values):>8.3f}")
    print(f"ratio plain/civic-kit: {result['ratio_plain_over_civic']:.1f}x  (target: civic-kit median <= 1.0 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

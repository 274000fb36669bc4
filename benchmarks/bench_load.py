"""Load on one ``civic-kit start`` server: N people at once, memory per visitor, and kernel clean-up.

For N = 5, 10 and 20 (``--quick``: 5 only), N browser contexts in Debian Chromium open an app at the same
time (alternately the gallery and the transparency self-assessment), wait until it is interactive, then
change an input and wait for the output to change:

- gallery: switch the language to Spanish and wait for the Spanish title;
- transparency: answer "yes" to the first item and wait for the score to leave 0%.

Reported per N: time to interactive and interaction latency (median, p95), server memory (RSS of the
Voila process plus every kernel process, with psutil), kernels alive. Then every tab is closed the way a
person closes it (``beforeunload`` runs, so Voila's page sends its shutdown beacon) and the script
measures how long until each visitor's kernel process is gone.

A last phase measures the other clean-up path, culling, for tabs that vanish without saying goodbye (a
crashed browser, a laptop put to sleep): contexts are closed without ``beforeunload`` on a second server
whose culling is shortened (``--cull-timeout``, default 20 s, instead of the shipped 900 s), to show the
culler does catch them and how long after the timeout it takes.

Usage: ``python benchmarks/bench_load.py [--quick] [--sizes 5 10 20]``; writes
``benchmarks/results/load.json``. Run by ``make bench`` (``benchmarks/run_all.py``), never by ``make test``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results"

from _harness import CHROMIUM, CHROMIUM_ARGS, free_port, wait_until_answering  # noqa: E402

from civic_kit.commands.start import WARM_FILL_DELAY_S, warm_pool_options  # noqa: E402 - after the sys.path line above

APPS = ("apps/index.ipynb", "apps/transparency.ipynb")
LANG = "pt-BR"
TIMEOUT_MS = 300_000
MB = 1024 * 1024


class Server:
    """``civic-kit start`` in its own process group, autosaving into a throw-away folder."""

    def __init__(self, extra: list[str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        RESULTS.mkdir(parents=True, exist_ok=True)
        self.state = tempfile.mkdtemp(prefix="civic-kit-load-")
        command = [sys.executable, "-m", "civic_kit.cli", "start", "--port", str(self.port)]
        if extra:
            command += ["--", *extra]
        self.log_path = Path(self.state) / "voila.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "CIVIC_KIT_STATE_DIR": self.state},
                start_new_session=True,
            )

    def wait_ready(self, timeout: float = 120) -> None:
        wait_until_answering(f"{self.url}/voila/api/shutdown/none", self.process, timeout)

    def kernels(self) -> dict[str, object]:
        """Kernel id -> psutil process, for every kernel this server started (pool kernels included)."""
        import psutil

        found = {}
        for child in psutil.Process(self.process.pid).children(recursive=True):
            try:
                cmdline = child.cmdline()
            except psutil.Error:
                continue
            for part in cmdline:
                name = Path(part).name
                if name.startswith("kernel-") and name.endswith(".json"):
                    found[name[len("kernel-") : -len(".json")]] = child
        return found

    def rss_mb(self) -> float:
        """RSS of the server process plus every process under it (kernels), in MiB."""
        import psutil

        root = psutil.Process(self.process.pid)
        total = 0
        for process in [root, *root.children(recursive=True)]:
            try:
                total += process.memory_info().rss
            except psutil.Error:
                continue
        return total / MB

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


async def _visit(browser, base_url: str, notebook: str, label: str) -> dict:
    """One visitor; a visitor whose page never becomes usable is reported (with a screenshot), not fatal."""
    from playwright.async_api import Error as PlaywrightError

    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale=LANG)
    page = await context.new_page()
    try:
        return await _use_app(page, base_url, notebook) | {"ctx": context}
    except PlaywrightError as error:
        shot = RESULTS / f"load-stalled-{label}.png"
        with contextlib.suppress(PlaywrightError):
            await page.screenshot(path=str(shot), full_page=True)
        print(f"    visitor {label} ({notebook}) failed: {str(error).splitlines()[0]}; see {shot}", flush=True)
        return {"notebook": notebook, "interactive": None, "latency": None, "kernel": None, "ctx": context}


async def _use_app(page, base_url: str, notebook: str) -> dict:
    """Open the app, wait until interactive, change an input, wait for the output to change."""
    from civic_kit.i18n import LANGUAGE_NAMES, t

    start = time.perf_counter()
    await page.goto(f"{base_url}/voila/render/{notebook}?lang={LANG}", wait_until="commit", timeout=TIMEOUT_MS)
    await page.wait_for_selector(".ck-app select:enabled", state="visible", timeout=TIMEOUT_MS)
    if notebook.endswith("transparency.ipynb"):
        await page.wait_for_selector(".ck-score", timeout=TIMEOUT_MS)
    interactive = time.perf_counter() - start
    kernel_id = await page.evaluate(
        "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )
    start = time.perf_counter()
    if notebook.endswith("transparency.ipynb"):
        await page.get_by_role("radio", name=t("transparency.answer.yes", LANG)).first.check(timeout=TIMEOUT_MS)
        await page.wait_for_function(
            "() => !/^0[,.]0%$/.test(document.querySelector('.ck-score').innerText.trim())", timeout=TIMEOUT_MS
        )
    else:
        await page.select_option(".ck-app .ck-header select", label=LANGUAGE_NAMES["es"], timeout=TIMEOUT_MS)
        await page.wait_for_function(
            "(title) => document.querySelector('.ck-app h1').innerText.trim() === title",
            arg=t("gallery.title", "es"),
            timeout=TIMEOUT_MS,
        )
    latency = time.perf_counter() - start
    return {"notebook": notebook, "interactive": interactive, "latency": latency, "kernel": kernel_id}


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered) + 0.5) - 1))]


async def _wait_gone(server: Server, kernel_ids: set[str], timeout: float) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if not kernel_ids & set(server.kernels()):
            return time.perf_counter() - start
        await asyncio.sleep(0.25)
    return None


async def _settle(server: Server, seconds: float = 180) -> None:
    """Wait until the preheated pools are warm: the server's processes stop using the CPU.

    Voila fills a pool for every app at start (and refills it after each visitor), each kernel running
    its app's build; measuring before that ends would count warm-up as load.
    """
    import psutil

    deadline = time.monotonic() + seconds
    quiet = 0
    while time.monotonic() < deadline and quiet < 3:
        root = psutil.Process(server.process.pid)
        processes = [root, *root.children(recursive=True)]
        for process in processes:
            with contextlib.suppress(psutil.Error):
                process.cpu_percent(None)
        await asyncio.sleep(1.0)
        busy = 0.0
        for process in processes:
            with contextlib.suppress(psutil.Error):
                busy += process.cpu_percent(None)
        quiet = quiet + 1 if busy < 15 else 0


def _cpu_snapshot(server: Server) -> dict[str, dict[int, float]]:
    """CPU seconds used so far by each process, grouped as server / kernels / browser (Chromium + driver)."""
    import psutil

    def used(process) -> float | None:
        try:
            times = process.cpu_times()
        except psutil.Error:
            return None
        return times.user + times.system

    root = psutil.Process(server.process.pid)
    kernels = root.children(recursive=True)
    served = {root.pid, *(k.pid for k in kernels)}
    browser = [p for p in psutil.Process(os.getpid()).children(recursive=True) if p.pid not in served]
    groups = {"server": [root], "kernels": kernels, "browser": browser}
    return {name: {p.pid: cpu for p in processes if (cpu := used(p)) is not None} for name, processes in groups.items()}


def _cpu_used(before: dict[str, dict[int, float]], after: dict[str, dict[int, float]]) -> dict[str, float]:
    return {name: sum(cpu - before.get(name, {}).get(pid, 0.0) for pid, cpu in after[name].items()) for name in after}


async def run_load(server: Server, browser, n: int) -> dict:
    await _settle(server)
    baseline_mb = server.rss_mb()
    baseline_kernels = len(server.kernels())
    cpu_before = _cpu_snapshot(server)
    arrival = time.perf_counter()
    visits = await asyncio.gather(*(_visit(browser, server.url, APPS[i % len(APPS)], f"n{n}-{i}") for i in range(n)))
    arrival = time.perf_counter() - arrival
    cpu = _cpu_used(cpu_before, _cpu_snapshot(server))
    await asyncio.sleep(3)  # pools refill behind the visitors; measure once that has started to settle
    await _settle(server, 45)
    peak_mb = server.rss_mb()
    alive = server.kernels()
    visitor_kernels = {v["kernel"] for v in visits if v["kernel"]}
    missing = visitor_kernels - set(alive)
    # Close every tab as a person does: beforeunload runs, so Voila's shutdown beacon goes out.
    closed_at = time.perf_counter()
    for visit in visits:
        for page in visit["ctx"].pages:
            await page.close(run_before_unload=True)
    gone_after = await _wait_gone(server, visitor_kernels, timeout=120)
    if gone_after is not None:
        gone_after = time.perf_counter() - closed_at
    for visit in visits:
        await visit["ctx"].close()
    interactive = [v["interactive"] for v in visits if v["interactive"] is not None] or [float("nan")]
    latency = [v["latency"] for v in visits if v["latency"] is not None] or [float("nan")]
    return {
        "n": n,
        "visitors_failed": sum(v["latency"] is None for v in visits),
        "apps": {app: sum(v["notebook"] == app for v in visits) for app in APPS},
        "time_to_interactive_s": {"median": statistics.median(interactive), "p95": _p95(interactive)},
        "interaction_latency_s": {"median": statistics.median(latency), "p95": _p95(latency)},
        "rss_baseline_mb": baseline_mb,
        "rss_peak_mb": peak_mb,
        "rss_per_visitor_mb": (peak_mb - baseline_mb) / n,
        "kernels_baseline": baseline_kernels,
        "kernels_alive": len(alive),
        "visitor_kernels_missing_at_peak": len(missing),
        "all_visitor_kernels_gone_after_close_s": gone_after,
        "arrival_wall_s": arrival,
        "arrival_cpu_s": cpu,
        "arrival_cpu_s_per_visitor": {name: seconds / n for name, seconds in cpu.items()},
    }


async def run_abandoned(server: Server, browser, n: int, cull_timeout: int) -> dict:
    """Tabs that vanish without beforeunload: only culling can stop their kernels."""
    await _settle(server)
    visits = await asyncio.gather(
        *(_visit(browser, server.url, APPS[i % len(APPS)], f"abandoned-{i}") for i in range(n))
    )
    kernel_ids = {v["kernel"] for v in visits if v["kernel"]}
    closed_at = time.perf_counter()
    for visit in visits:
        await visit["ctx"].close()  # no beforeunload: the page just disappears
    gone = await _wait_gone(server, kernel_ids, timeout=cull_timeout * 4 + 60)
    return {
        "n": n,
        "cull_idle_timeout_s": cull_timeout,
        "all_kernels_gone_after_s": None if gone is None else time.perf_counter() - closed_at,
    }


async def main_async(
    sizes: list[int], cull_timeout: int, abandoned: bool, warm: int | None, voila_args: list[str]
) -> dict:
    from playwright.async_api import async_playwright

    result: dict = {"benchmark": "concurrent visitors on one civic-kit server", "cpus": os.cpu_count(), "runs": []}
    try:
        import psutil

        result["machine_memory_gb"] = round(psutil.virtual_memory().total / 1024**3, 1)
    except ImportError:  # pragma: no cover - psutil comes with jupyter_server
        pass
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        server = Server([*(warm_pool_options(warm) if warm else []), *voila_args])
        result["warm_kernels_per_app"] = warm
        result["voila_args"] = voila_args
        try:
            server.wait_ready()
            for index, n in enumerate(sizes):
                if warm and index:
                    await asyncio.sleep(WARM_FILL_DELAY_S + 5)  # the pools refill only after this delay
                print(f"... N={n}", flush=True)
                result["runs"].append(await run_load(server, browser, n))
        finally:
            server.stop()
        if abandoned:
            short = Server(
                [
                    f"--MappingKernelManager.cull_idle_timeout={cull_timeout}",
                    "--MappingKernelManager.cull_interval=5",
                ]
            )
            try:
                short.wait_ready()
                print(f"... abandoned tabs, cull_idle_timeout={cull_timeout}s", flush=True)
                result["abandoned"] = await run_abandoned(short, browser, min(sizes), cull_timeout)
            finally:
                short.stop()
        await browser.close()
    return result


def _print(result: dict) -> None:
    head = (
        f"{'N':>3} {'TTI med':>8} {'TTI p95':>8} {'lat med':>8} {'lat p95':>8} "
        f"{'RSS base':>9} {'RSS peak':>9} {'MB/visitor':>10} {'kernels':>8} {'gone after close':>17} {'failed':>6}"
    )
    print(head)
    for run in result["runs"]:
        gone = run["all_visitor_kernels_gone_after_close_s"]
        tti, lat = run["time_to_interactive_s"], run["interaction_latency_s"]
        shown = f"{gone:.1f}s" if gone is not None else "NOT GONE"
        print(
            f"{run['n']:>3} {tti['median']:>7.2f}s {tti['p95']:>7.2f}s {lat['median']:>7.2f}s {lat['p95']:>7.2f}s "
            f"{run['rss_baseline_mb']:>7.0f}MB {run['rss_peak_mb']:>7.0f}MB {run['rss_per_visitor_mb']:>10.0f} "
            f"{run['kernels_alive']:>8} {shown:>17} {run['visitors_failed']:>6}"
        )
    for run in result["runs"]:
        per = run["arrival_cpu_s_per_visitor"]
        print(
            f"N={run['n']}: CPU seconds per visitor while they arrived ({run['arrival_wall_s']:.0f} s wall, "
            f"{os.cpu_count()} cores): kernels {per['kernels']:.1f}, server {per['server']:.1f}, "
            f"browser {per['browser']:.1f}"
        )
    if "abandoned" in result:
        ab = result["abandoned"]
        gone = ab["all_kernels_gone_after_s"]
        print(
            f"abandoned tabs (no beforeunload), N={ab['n']}, cull_idle_timeout={ab['cull_idle_timeout_s']}s: "
            + (f"all kernels culled after {gone:.1f}s" if gone is not None else "NOT culled")
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 10, 20])
    parser.add_argument("--quick", action="store_true", help="N=5 only")
    parser.add_argument("--cull-timeout", type=int, default=20, help="culling timeout of the abandoned-tabs phase")
    parser.add_argument("--warm", type=int, default=None, help="civic-kit start --warm N (kernels ready per app)")
    parser.add_argument("--voila-arg", action="append", default=[], help="extra Voila option (repeatable)")
    parser.add_argument("--no-abandoned", action="store_true", help="skip the abandoned-tabs (culling) phase")
    args = parser.parse_args()
    sizes = [5] if args.quick else args.sizes
    result = asyncio.run(main_async(sizes, args.cull_timeout, not args.no_abandoned, args.warm, args.voila_arg))
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = f"load-warm{args.warm}.json" if args.warm else "load.json"
    (RESULTS / name).write_text(json.dumps(result, indent=2), encoding="utf-8")
    _print(result)
    failed = any(run["all_visitor_kernels_gone_after_close_s"] is None for run in result["runs"])
    failed |= any(run["visitors_failed"] for run in result["runs"])
    failed |= result.get("abandoned", {}).get("all_kernels_gone_after_s", 0) is None
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

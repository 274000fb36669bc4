"""Settings in notebooks/voila.json that, if changed, break pages in ways only a long-running server shows."""

from __future__ import annotations

import json
from pathlib import Path

CONFIG = json.loads((Path(__file__).resolve().parents[2] / "notebooks" / "voila.json").read_text(encoding="utf-8"))


def test_preheated_kernels_never_time_out_while_waiting_for_a_visitor():
    """Apps call ``wait_for_request()``: a pooled kernel sits in that cell until someone opens the page.
    Any executor timeout would turn a pool that waited longer into a "Cell execution timed out" page."""
    assert CONFIG["VoilaConfiguration"]["preheat_kernel"] is True
    assert CONFIG.get("VoilaExecutor", {}).get("timeout", -1) == -1  # nbclient: -1 disables the timeout


def test_a_busy_server_waits_for_the_apps_output_instead_of_dropping_it():
    """nbclient waits only ``iopub_timeout`` seconds (default 4) for a cell's output after the kernel has
    replied, then skips it. With ten visitors arriving at once on two cores, the app's widget output came
    later than that and the page stayed empty for good (found by ``benchmarks/bench_load.py`` at N=10).
    Waiting longer costs nothing when the output is on time."""
    executor = CONFIG["VoilaExecutor"]
    assert executor["iopub_timeout"] >= 60
    assert executor.get("raise_on_iopub_timeout", False) is False


def test_tracebacks_stay_hidden_and_sources_stripped():
    assert CONFIG["VoilaConfiguration"]["show_tracebacks"] is False
    assert CONFIG["VoilaConfiguration"]["strip_sources"] is True


def test_lessons_are_not_preheated():
    """Thirty lesson notebooks with a warm kernel each would hold gigabytes for nobody."""
    assert any("lessons" in pattern for pattern in CONFIG["VoilaKernelManager"]["preheat_denylist"])

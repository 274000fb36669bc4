"""Run every benchmark (``make bench``): each ``bench_*.py`` in this folder, one after another.

Pass ``--quick`` to forward it to each benchmark. Results are written to ``benchmarks/results/*.json``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    extra = sys.argv[1:]
    failures = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n=== {script.name} ===", flush=True)
        failures += subprocess.call([sys.executable, str(script), *extra], cwd=HERE.parent) != 0
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())

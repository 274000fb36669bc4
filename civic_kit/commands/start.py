"""``civic-kit start``: serve the Voila app gallery for officials on bundled data."""

from __future__ import annotations

import argparse

from civic_kit.i18n import get_language, t

__all__ = ["register", "warm_pool_options"]


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("start", help="start the Voila app gallery (standalone, preheated kernels)")
    parser.add_argument("--port", type=int, default=8866, help="port to listen on (default 8866)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1; 0.0.0.0 for a LAN)")
    parser.add_argument("--notebooks", default=None, help="folder with apps/ and lessons/ (default: ./notebooks)")
    parser.add_argument(
        "--warm",
        type=_positive,
        default=None,
        metavar="N",
        help=(
            "kernels kept ready per app (default: notebooks/voila.json, 2 for the gallery and 1 per app). "
            "Raise it to the number of people who will open an app at the same moment, e.g. at the start of "
            "a meeting; each ready kernel holds about 110-150 MB (docs/deploy.md)"
        ),
    )
    parser.add_argument(
        "voila_args", nargs=argparse.REMAINDER, help="extra Voila options after --, e.g. -- --pool_size=2"
    )
    parser.set_defaults(handler=_start)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


#: Seconds Voila waits before refilling a pool. Refilling at once (voila.json's 0) makes every arrival
#: start a new kernel (~4 CPU-seconds) while the others are still arriving; waiting lets a burst of people
#: take the ready kernels first (benchmarks/bench_load.py: 10 arrivals, 4.4 -> 0.4 server CPU-s each).
WARM_FILL_DELAY_S = 60


def warm_pool_options(per_app: int) -> list[str]:
    """Voila options that keep ``per_app`` preheated kernels for every app (replacing voila.json's pools)."""
    import json

    # A whole dict as JSON on the command line: traitlets 5 warns that this form is deprecated, but its
    # replacement (repeated key=value) leaves the values as text, which Voila's pools cannot read.
    # tests/unit/test_cli.py parses the option with the trait's own rules, so a traitlets that drops it fails there.
    pools = json.dumps({"default": {"pool_size": per_app}})
    return [f"--VoilaKernelManager.kernel_pools_config={pools}", f"--VoilaKernelManager.fill_delay={WARM_FILL_DELAY_S}"]


def _start(args: argparse.Namespace) -> int:
    from pathlib import Path

    from civic_kit.server import GALLERY_PATH, find_notebooks_dir, run

    notebooks = Path(args.notebooks).resolve() if args.notebooks else find_notebooks_dir()
    shown_host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    url = f"http://{shown_host}:{args.port}/voila/render/{GALLERY_PATH}?lang={get_language()}"
    print(t("core.start-banner", None, url=url), flush=True)
    extra = [a for a in args.voila_args if a != "--"]
    if args.warm is not None:
        extra = [*warm_pool_options(args.warm), *extra]
    run(notebooks, host=args.host, port=args.port, extra=extra)
    return 0

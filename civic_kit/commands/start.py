"""``civic-kit start``: serve the Voila app gallery for officials on bundled data."""

from __future__ import annotations

import argparse

from civic_kit.i18n import get_language, t

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("start", help="start the Voila app gallery (standalone, preheated kernels)")
    parser.add_argument("--port", type=int, default=8866, help="port to listen on (default 8866)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1; 0.0.0.0 for a LAN)")
    parser.add_argument("--notebooks", default=None, help="folder with apps/ and lessons/ (default: ./notebooks)")
    parser.add_argument(
        "voila_args", nargs=argparse.REMAINDER, help="extra Voila options after --, e.g. -- --pool_size=2"
    )
    parser.set_defaults(handler=_start)


def _start(args: argparse.Namespace) -> int:
    from pathlib import Path

    from civic_kit.server import GALLERY_PATH, find_notebooks_dir, run

    notebooks = Path(args.notebooks).resolve() if args.notebooks else find_notebooks_dir()
    shown_host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    url = f"http://{shown_host}:{args.port}/voila/render/{GALLERY_PATH}?lang={get_language()}"
    print(t("core.start-banner", None, url=url), flush=True)
    extra = [a for a in args.voila_args if a != "--"]
    run(notebooks, host=args.host, port=args.port, extra=extra)
    return 0

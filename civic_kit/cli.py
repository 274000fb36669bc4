"""The ``civic-kit`` command: a thin skin over the library.

Each sub-command lives in its own module under :mod:`civic_kit.commands` and exposes
``register(subparsers)``; this file only discovers them, sets the language and turns a
:class:`~civic_kit.problems.CivicKitError` into a translated message and exit code 1. Sub-commands
call the same public functions the notebooks call, so the CLI and the apps cannot disagree.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from civic_kit import __version__, commands
from civic_kit.i18n import LANGUAGES, get_language, set_language, t
from civic_kit.problems import CivicKitError

__all__ = ["build_parser", "main"]


def build_parser(*, strict: bool = False) -> argparse.ArgumentParser:
    """The full argument parser, with every sub-command found in :mod:`civic_kit.commands`.

    With ``strict=False`` (the console script) a sub-command that fails to load is reported and skipped, so
    ``civic-kit start`` keeps working; the test suite builds the parser with ``strict=True``.
    """
    parser = argparse.ArgumentParser(
        prog="civic-kit",
        description="civic-kit: open-data lessons and Voila apps for municipal co-governance.",
    )
    parser.add_argument("--version", action="version", version=f"civic-kit {__version__}")
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="message language, before or after the sub-command (default: $CIVIC_KIT_LANG or pt-BR)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        try:
            module = importlib.import_module(f"{commands.__name__}.{info.name}")
            module.register(sub)
        except Exception as error:  # one broken sub-command must not take the others down
            if strict:
                raise
            print(f"civic-kit: sub-command {info.name!r} is unavailable ({error})", file=sys.stderr)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang, argv = _take_lang(argv)
    set_language(lang or get_language())
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except CivicKitError as error:
        print(t("core.cli-error", None, message=error.message()), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early: not an error for the user
        sys.stderr.close()
        return 0


def _take_lang(argv: list[str]) -> tuple[str | None, list[str]]:
    """Remove ``--lang X`` / ``--lang=X`` wherever it stands, so every sub-command accepts it."""
    lang: str | None = None
    rest: list[str] = []
    items = iter(argv)
    for item in items:
        if item == "--lang":
            lang = next(items, None)
        elif item.startswith("--lang="):
            lang = item.split("=", 1)[1]
        else:
            rest.append(item)
    return lang, rest


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

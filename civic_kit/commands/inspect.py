"""``civic-kit inspect FILE [--json]``: show how a government CSV is read, before using it in a lesson.

A skin over :func:`civic_kit.data.govcsv.read_gov_csv`: the text output is
:meth:`~civic_kit.data.govcsv.ReadReport.summary` in the current language, ``--json`` is
:meth:`~civic_kit.data.govcsv.ReadReport.to_dict`. The exit code is 0 when the file was read without
error-severity issues (warnings and notes are fine) and 1 otherwise; a file that cannot be read at all
raises :class:`~civic_kit.problems.CivicKitError`, which :mod:`civic_kit.cli` prints translated on
stderr with exit code 1.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from civic_kit.i18n import t

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``inspect`` sub-command to the ``civic-kit`` parser."""
    parser = subparsers.add_parser("inspect", help=t("data.inspect.help"), description=t("data.inspect.help"))
    parser.add_argument("file", metavar="FILE", help=t("data.inspect.file-help"))
    parser.add_argument("--json", action="store_true", help=t("data.inspect.json-help"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Read ``args.file`` and print its report; return the exit code."""
    from civic_kit.data.govcsv import read_gov_csv

    _, report = read_gov_csv(args.file)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(t("data.inspect.title", None, name=args.file))
        for line in report.summary():
            print(line)
    return 0 if report.valid else 1

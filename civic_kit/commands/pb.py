"""``civic-kit pb FILE.pb --rule mes-complete``: which projects a rule funds, from the command line.

A skin over :mod:`civic_kit.pb`: it reads the file with :func:`~civic_kit.pb.read_pabulib`, runs the
rule from :data:`~civic_kit.pb.RULES` and prints the funded ids in selection order, the cost, the
budget and the time taken (``--json``: ``{"rule", "selected", "cost", "budget", "seconds"}``, where all
but ``seconds`` is exactly ``Outcome.to_dict()``). A malformed file ends with its translated message on
stderr and exit code 1 (handled by :mod:`civic_kit.cli`).
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from civic_kit.i18n import t

__all__ = ["register"]

_RULE_CHOICES = ("greedy", "greedy-points", "mes", "mes-add1", "mes-complete")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``pb`` sub-command."""
    parser = sub.add_parser("pb", help=t("pb.cli.help"), description=t("pb.cli.help"))
    parser.add_argument("file", metavar="FILE.pb", help=t("pb.cli.file"))
    parser.add_argument("--rule", choices=_RULE_CHOICES, default="mes-complete", help=t("pb.cli.rule"))
    parser.add_argument("--budget", default=None, metavar="N", help=t("pb.cli.budget"))
    parser.add_argument("--json", action="store_true", help=t("pb.cli.json"))
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from civic_kit.i18n.numbers import format_money
    from civic_kit.pb import RULES, read_pabulib
    from civic_kit.pb.model import parse_decimal
    from civic_kit.problems import CivicKitError

    election = read_pabulib(args.file)
    if args.budget is not None:
        budget = parse_decimal(args.budget)
        if budget is None or budget < 0:
            raise CivicKitError.of("pb-bad-budget-option", value=args.budget)
        election = election.with_budget(budget)
    if not args.json:
        for warning in election.warnings:
            print(t("pb.cli.warning", None, message=warning.message()), file=sys.stderr)
    started = time.perf_counter()
    outcome = RULES[args.rule](election)
    seconds = time.perf_counter() - started
    if args.json:
        print(json.dumps({**outcome.to_dict(), "seconds": round(seconds, 6)}, ensure_ascii=False))
        return 0
    print(t("pb.cli.funded", None, rule=t(f"pb.rule.{args.rule}"), count=len(outcome.selected)))
    for number, pid in enumerate(outcome.selected, start=1):
        project = election.project(pid)
        name = f"  {project.name}" if project.name else ""
        cost = format_money(float(project.cost), _lang(), election.currency)
        print(f"{number:>4}. {pid}{name}  ({cost})")
    print(
        t(
            "pb.cli.totals",
            None,
            currency=election.currency,
            cost=float(outcome.cost),
            budget=float(outcome.budget),
            left=float(outcome.left),
            seconds=seconds,
        )
    )
    return 0


def _lang() -> str:
    from civic_kit.i18n import get_language

    return get_language()

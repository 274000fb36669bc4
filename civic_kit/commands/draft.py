"""``civic-kit draft``: write an open-data policy draft, or its coverage report, from an answers file.

A thin skin over :mod:`civic_kit.policy`: it reads and validates the answers with the same functions the
app uses, prints every validation problem in the reader's language and exits 1 without writing
anything, and otherwise writes the draft atomically. ``--coverage --json`` prints exactly
``coverage(answers).to_dict(lang)`` (a test checks the parity).

The draft's language is the command's ``--lang`` (default ``$CIVIC_KIT_LANG`` or pt-BR), not the language
stored in a saved file, so the same answers can be printed in Portuguese and Spanish.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from civic_kit.i18n import get_language, t
from civic_kit.problems import CivicKitError

if TYPE_CHECKING:
    from civic_kit.policy.coverage import CoverageReport

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``civic-kit draft``; the library is imported only when the command runs, so the CLI starts fast."""
    parser = sub.add_parser("draft", help=t("policy.cli.help"), description=t("policy.cli.description"))
    parser.add_argument("--answers", required=True, metavar="ANSWERS", help=t("policy.cli.answers"))
    parser.add_argument("--format", choices=("docx", "html", "md"), default=None, help=t("policy.cli.format"))
    parser.add_argument("--output", metavar="FILE", default=None, help=t("policy.cli.output"))
    parser.add_argument("--coverage", action="store_true", help=t("policy.cli.coverage"))
    parser.add_argument("--json", action="store_true", help=t("policy.cli.json"))
    parser.set_defaults(handler=_draft)


def _draft(args: argparse.Namespace) -> int:
    from civic_kit.policy.answers import read_answers, validate_answers
    from civic_kit.policy.coverage import coverage
    from civic_kit.policy.draft import build_draft
    from civic_kit.policy.export import export_draft, format_for
    from civic_kit.policy.selection import select

    lang = get_language()
    if not args.coverage and not args.output:
        raise CivicKitError.of("policy-output-required")
    fmt = format_for(args.output, args.format) if args.output else None
    saved = read_answers(args.answers)
    report = validate_answers(saved.answers)
    if report.answers is None:
        if args.json:
            print(json.dumps(report.to_dict(lang), ensure_ascii=False, indent=2))
        else:
            print(t("policy.cli.invalid", lang, count=len(report.issues)), file=sys.stderr)
            for issue in report.issues:
                print(f"  - {issue.message(lang)}", file=sys.stderr)
        return 1
    answers = report.answers
    selection = select(answers)
    if args.output:
        draft = build_draft(answers, lang, selection)
        path = export_draft(draft, args.output, fmt)
        if not args.json:
            print(t("policy.cli.written", lang, path=str(path), articles=len(draft.articles())))
    if args.coverage:
        result = coverage(answers, selection)
        if args.json:
            print(json.dumps(result.to_dict(lang), ensure_ascii=False, indent=2))
        else:
            _print_coverage(result, lang)
    elif args.json:
        print(json.dumps({"output": str(args.output), "format": fmt}, ensure_ascii=False))
    return 0


def _print_coverage(result: CoverageReport, lang: str) -> None:
    print(result.summary(lang))
    missing = [item for item in result.items if not item.covered]
    if missing:
        print()
        print(t("policy.coverage.missing-heading", lang))
        for item in missing:
            print(f"  - {item.name(lang)}: {item.why(lang)}")
            print(f"    {item.how(lang)}")

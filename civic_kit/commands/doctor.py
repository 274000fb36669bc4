"""``civic-kit doctor``: check an installation before opening it to people.

A skin over :func:`civic_kit.doctor.run_checks`: prints one line per check with what to fix, or
``--json`` (exactly ``run_checks().to_dict()``), and exits 1 when an essential check failed, so a
deployment script or a systemd ``ExecStartPre`` can stop early.
"""

from __future__ import annotations

import argparse
import json

from civic_kit.i18n import get_language, t

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``doctor`` to the ``civic-kit`` parser."""
    parser = sub.add_parser("doctor", help=t("ops.doctor.help"), description=t("ops.doctor.help"))
    parser.add_argument("--json", action="store_true", help=t("ops.doctor.json-help"))
    parser.set_defaults(handler=_doctor)


def _doctor(args: argparse.Namespace) -> int:
    from civic_kit.doctor import run_checks

    lang = get_language()
    report = run_checks()
    if args.json:
        print(json.dumps(report.to_dict(lang), ensure_ascii=False, indent=2))
        return int(not report.valid)
    width = max(len(t(f"ops.doctor.status.{s}", lang)) for s in ("ok", "warning", "error"))
    for check in report.checks:
        status = t(f"ops.doctor.status.{check.status}", lang)
        detail = f" ({check.detail})" if check.detail else ""
        print(f"[{status:^{width}}] {check.title(lang)}{detail}")
        for issue in check.issues:
            print(f"{'':>{width + 3}}{issue.message(lang)}")
    warned = any(check.status == "warning" for check in report.checks)
    key = "ops.doctor.failed" if not report.valid else "ops.doctor.warnings-only" if warned else "ops.doctor.all-good"
    print(t(key, lang))
    return int(not report.valid)

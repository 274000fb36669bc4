"""``civic-kit datasets list|validate|generate``: the teaching-city data from a terminal.

A thin skin over :mod:`civic_kit.data.registry` and :mod:`civic_kit.data.generate`: ``validate``
prints the same :class:`~civic_kit.data.registry.DatasetsReport` that notebooks get (``--json`` is
exactly ``validate_datasets().to_dict()``) and exits 1 when any resource is invalid, so CI can run it.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from civic_kit.i18n import get_language, t
from civic_kit.problems import CivicKitError

__all__ = ["register"]

#: Issues printed per resource in the text output (``--json`` always has them all).
SHOWN_ISSUES = 20


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``datasets`` and its three actions to the ``civic-kit`` parser."""
    parser = sub.add_parser("datasets", help=t("datasets.cli.help"), description=t("datasets.cli.help"))
    actions = parser.add_subparsers(dest="datasets_action", metavar="{list,validate,generate}")

    listing = actions.add_parser("list", help=t("datasets.cli.list.help"), description=t("datasets.cli.list.help"))
    listing.add_argument("--json", action="store_true", help=t("datasets.cli.json.help"))
    listing.set_defaults(handler=_list)

    check = actions.add_parser(
        "validate", help=t("datasets.cli.validate.help"), description=t("datasets.cli.validate.help")
    )
    check.add_argument("--json", action="store_true", help=t("datasets.cli.json.help"))
    check.set_defaults(handler=_validate)

    make = actions.add_parser(
        "generate", help=t("datasets.cli.generate.help"), description=t("datasets.cli.generate.help")
    )
    make.add_argument("--out", metavar="DIR", default=None, help=t("datasets.cli.out.help"))
    make.add_argument("--seed", metavar="N", default=None, help=t("datasets.cli.seed.help"))
    make.set_defaults(handler=_generate)

    def show_help(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    parser.set_defaults(handler=show_help)


def _list(args: argparse.Namespace) -> int:
    from civic_kit.data.registry import list_datasets, resource_descriptor

    lang = get_language()
    entries = []
    for name in list_datasets():
        spec = resource_descriptor(name)
        entries.append(
            {
                "name": name,
                "path": spec.get("path"),
                "format": spec.get("format"),
                "synthetic": spec.get("synthetic"),
                "title": t(f"datasets.{name}.title", lang),
                "description": t(f"datasets.{name}.description", lang),
            }
        )
    if args.json:
        print(json.dumps(entries, ensure_ascii=False, indent=2))
        return 0
    for entry in entries:
        kind = t("datasets.list.synthetic" if entry["synthetic"] else "datasets.list.real", lang)
        print(
            t("datasets.list.line", lang, name=entry["name"], format=entry["format"], kind=kind, title=entry["title"])
        )
    return 0


def _validate(args: argparse.Namespace) -> int:
    from civic_kit.data.registry import validate_datasets

    lang = get_language()
    report = validate_datasets()
    if args.json:
        print(json.dumps(report.to_dict(lang), ensure_ascii=False, indent=2))
        return int(not report.valid)
    for issue in report.issues:
        print(issue.message(lang))
    for result in report.resources:
        if result.valid and result.rows is not None:
            print(t("datasets.validate.ok", lang, name=result.name, rows=result.rows))
        elif result.valid:
            print(t("datasets.validate.ok-no-rows", lang, name=result.name))
        else:
            print(t("datasets.validate.bad", lang, name=result.name, count=len(result.issues)))
        for issue in result.issues[:SHOWN_ISSUES]:
            print("  " + issue.message(lang))
        if len(result.issues) > SHOWN_ISSUES:
            print(t("datasets.validate.more", lang, count=len(result.issues) - SHOWN_ISSUES))
    bad = sum(not r.valid for r in report.resources)
    if report.valid:
        print(t("datasets.validate.summary-ok", lang, count=len(report.resources)))
    else:
        print(t("datasets.validate.summary-bad", lang, bad=bad or len(report.issues), count=len(report.resources)))
    return int(not report.valid)


def _generate(args: argparse.Namespace) -> int:
    from civic_kit.data.generate import DEFAULT_SEED, generate
    from civic_kit.data.registry import datasets_dir

    seed = DEFAULT_SEED if args.seed is None else _seed(args.seed)
    out = Path(args.out) if args.out else datasets_dir()
    if out.exists() and not out.is_dir():
        raise CivicKitError.of("dataset-out-not-dir", path=str(out), note=t("datasets.generate.not-a-folder"))
    try:
        written = generate(out, seed=seed)
    except OSError as error:
        raise CivicKitError.of("dataset-out-not-dir", path=str(out), note=error.strerror or str(error)) from None
    for path in written:
        print(path)
    print(t("datasets.generate.done", None, count=len(written), path=str(out), seed=str(seed)))
    return 0


def _seed(text: str) -> int:
    """A seed typed by a person: a whole number, zero or more (``20_261_127`` is fine too)."""
    try:
        value = int(str(text).strip())
    except ValueError:
        raise CivicKitError.of("dataset-bad-seed", value=str(text)) from None
    if value < 0:
        raise CivicKitError.of("dataset-bad-seed", value=str(text))
    return value

"""``civic-kit lessons build | check | new | list``: the educators' tools, a thin skin over civic_kit.lessons.

``--json`` prints exactly the library result's ``to_dict()``, so scripts and CI see what the library sees.
The message language is the global ``--lang``; the languages to *build* are chosen with ``--language``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from civic_kit.i18n import LANGUAGES, t

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("lessons", help="build, check and scaffold lessons (lessons/<lang>/NN-slug.md)")
    actions = parser.add_subparsers(dest="lessons_command", metavar="ACTION")
    parser.set_defaults(handler=lambda args: _usage(parser))

    build = actions.add_parser("build", help="build notebooks/lessons/<lang>/*.ipynb from the Markdown sources")
    build.add_argument("slugs", nargs="*", metavar="SLUG", help="lessons to build (default: all)")
    build.add_argument("--language", action="append", choices=LANGUAGES, help="only this language folder (repeatable)")
    build.add_argument(
        "--no-execute",
        action="store_true",
        help="do not run the notebooks; keep the recorded outputs of unchanged # NBVAL_CHECK_OUTPUT cells",
    )
    _common(build)
    build.set_defaults(handler=_build)

    check = actions.add_parser("check", help="check every lesson rule; prints path:line: message, exit 1 on errors")
    check.add_argument("--no-notebooks", action="store_true", help="skip comparing built notebooks with sources")
    _common(check)
    check.set_defaults(handler=_check)

    new = actions.add_parser("new", help="scaffold a lesson in pt-BR, es and en from the template")
    new.add_argument("slug", metavar="NN-slug", help="two digits, a dash and lower-case words, e.g. 12-school-meals")
    new.add_argument("--title", default=None, help="the lesson title in Portuguese (default: a TODO)")
    _common(new)
    new.set_defaults(handler=_new)

    listing = actions.add_parser("list", help="the lesson catalogue in the current language (from built notebooks)")
    listing.add_argument("--notebooks", default=None, help="the notebooks/ folder (default: found automatically)")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=_list)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", default=None, help="the checkout holding lessons/ (default: found from here)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _root(args: argparse.Namespace) -> Path | None:
    return Path(args.root).resolve() if args.root else None


def _build(args: argparse.Namespace) -> int:
    from civic_kit.lessons.build import build_lessons

    result = build_lessons(_root(args), langs=args.language, slugs=args.slugs, execute=not args.no_execute)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        for issue in result.issues:
            print(issue.format())
        print(t("lessons.build.summary", None, written=len(result.written), unchanged=len(result.unchanged)))
    return 0 if result.valid else 1


def _check(args: argparse.Namespace) -> int:
    from civic_kit.lessons.check import check_lessons

    report = check_lessons(_root(args), check_notebooks=not args.no_notebooks)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for issue in report.issues:
            print(issue.format())
        print(report.summary())
    return 0 if report.valid else 1


def _new(args: argparse.Namespace) -> int:
    from civic_kit.lessons.scaffold import new_lesson

    result = new_lesson(args.slug, args.title, root=_root(args))
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        for path in result.created:
            print(f"  {path.as_posix()}")
        print(t("lessons.new.done", None, slug=result.slug, files=len(result.created)))
    return 0


def _list(args: argparse.Namespace) -> int:
    from civic_kit.i18n import get_language
    from civic_kit.lessons.catalogue import catalogue

    lang = get_language()
    lessons = catalogue(lang, Path(args.notebooks) if args.notebooks else None)
    if args.json:
        rows = [
            {
                "slug": info.slug,
                "title": info.title,
                "summary": info.summary,
                "minutes": info.minutes,
                "level": info.level,
                "datasets": list(info.datasets),
                "lang_dir": info.lang_dir,
            }
            for info in lessons
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for info in lessons:
        level = t(f"lessons.level.{info.level}", lang)
        print(t("lessons.list.row", lang, slug=info.slug, title=info.title, minutes=info.minutes, level=level))
    if not lessons:
        print(t("lessons.list.empty", lang))
    return 0

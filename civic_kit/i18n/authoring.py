"""Developer helper to add or update messages in all three languages at once.

The ``.po`` files stay the source of truth (translators open them in Poedit or Weblate); this only saves
a developer from editing three files by hand and keeps them sorted and consistent::

    python -m civic_kit.i18n.authoring pb pb.rule.greedy "Guloso" "Voraz" "Greedy"

or, from Python, ``add_messages("pb", {"pb.rule.greedy": ("Guloso...", "Voraz...", "Greedy...")})``.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Mapping
from pathlib import Path

from civic_kit import __version__
from civic_kit.i18n import LANGUAGES, catalog

__all__ = ["add_messages", "locale_dir"]

# A fixed header date keeps diffs of the catalogs to the messages that changed.
_STABLE_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
_DIRS = {"pt-BR": "pt_BR", "es": "es", "en": "en"}


def locale_dir() -> Path:
    """The source tree's locale folder (this helper is for developers working in a checkout)."""
    return Path(__file__).resolve().parent.parent / "locale"


def add_messages(domain: str, messages: Mapping[str, tuple[str, str, str]]) -> None:
    """Merge ``{key: (pt-BR, es, en)}`` into ``<lang>/LC_MESSAGES/<domain>.po`` for the three languages."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    for index, lang in enumerate(LANGUAGES):
        path = locale_dir() / _DIRS[lang] / "LC_MESSAGES" / f"{domain}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open("rb") as handle:
                po = read_po(handle, locale=_DIRS[lang])
        else:
            po = Catalog(locale=_DIRS[lang], domain=domain, project="civic-kit", charset="utf-8")
        for key, texts in messages.items():
            if len(texts) != len(LANGUAGES):
                raise ValueError(f"{key}: expected texts for {LANGUAGES}, got {texts!r}")
            if key in po:
                po[key].string = texts[index]
            else:
                po.add(key, texts[index])
        ordered = Catalog(
            locale=_DIRS[lang],
            domain=domain,
            project="civic-kit",
            version=__version__,
            charset="utf-8",
            fuzzy=False,
            creation_date=_STABLE_DATE,
            revision_date=_STABLE_DATE,
            copyright_holder="civic-kit contributors",
            msgid_bugs_address="https://github.com/civic-kit/civic-kit/issues",
            last_translator="civic-kit contributors",
            language_team=f"civic-kit {lang}",
        )
        for message in sorted((m for m in po if m.id), key=lambda m: m.id):
            ordered.add(message.id, message.string, auto_comments=message.auto_comments)
        with path.open("wb") as handle:
            write_po(handle, ordered, width=110, omit_header=False, sort_output=True)
    catalog.cache_clear()


if __name__ == "__main__":  # pragma: no cover - developer convenience
    if len(sys.argv) != 6:
        print(__doc__)
        raise SystemExit(2)
    _, dom, key, pt, es, en = sys.argv
    add_messages(dom, {key: (pt, es, en)})

"""Translated text for everything a participant or official sees.

Messages live in gettext catalogs (``civic_kit/locale/<lang>/LC_MESSAGES/<domain>.po``), one domain per
concern (``core``, ``data``, ``gallery``, ``pb``, ...) so that translators and developers can work on one
area without touching the others. Message ids are stable, dotted keys (``data.encoding-detected``); every
language, English included, has a ``msgstr`` for every key, and a unit test enforces it.

Keys are looked up in the union of all domains of a language, so callers never name a domain.

Example
-------
>>> from civic_kit.i18n import t
>>> t("core.language", "es")
'Idioma'
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "MissingTranslation",
    "catalog",
    "get_language",
    "normalize_language",
    "set_language",
    "t",
]

#: Languages civic-kit speaks, as BCP 47 tags. The first is the default.
LANGUAGES: tuple[str, ...] = ("pt-BR", "es", "en")
DEFAULT_LANGUAGE = "pt-BR"
#: Each language's name in that language (what a language switch shows).
LANGUAGE_NAMES: Mapping[str, str] = {"pt-BR": "Português", "es": "Español", "en": "English"}

_LOCALE_DIRS = {"pt-BR": "pt_BR", "es": "es", "en": "en"}
_state = threading.local()


class MissingTranslation(KeyError):
    """A message key is absent from a language's catalogs (a bug the i18n tests catch)."""


def normalize_language(value: str | None) -> str:
    """Map anything a user or browser may send (``pt_BR``, ``pt``, ``es-MX``, ``EN``) to a supported tag.

    Unknown or empty values fall back to the default language rather than failing: a wrong ``?lang=``
    in a link must never break an app.
    """
    if not value:
        return DEFAULT_LANGUAGE
    tag = str(value).strip().replace("_", "-").lower()
    if tag.startswith("pt"):
        return "pt-BR"
    if tag.startswith("es"):
        return "es"
    if tag.startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def set_language(lang: str | None) -> str:
    """Set the language used by :func:`t` when no language is passed; returns the normalised tag."""
    _state.lang = normalize_language(lang)
    return _state.lang


def get_language() -> str:
    """The current language: set explicitly, else ``CIVIC_KIT_LANG``, else pt-BR."""
    lang = getattr(_state, "lang", None)
    return lang or normalize_language(os.environ.get("CIVIC_KIT_LANG"))


@cache
def catalog(lang: str) -> Mapping[str, str]:
    """All messages of one language, merged from every domain's ``.po`` file.

    Raises ``ValueError`` if two domains define the same key, so a key always has one meaning.
    """
    from babel.messages.pofile import read_po

    lang = normalize_language(lang)
    folder = resources.files("civic_kit") / "locale" / _LOCALE_DIRS[lang] / "LC_MESSAGES"
    merged: dict[str, str] = {}
    origin: dict[str, str] = {}
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".po"):
            continue
        with entry.open("rb") as handle:
            po = read_po(handle, locale=_LOCALE_DIRS[lang])
        for message in po:
            if not message.id or not isinstance(message.id, str):
                continue
            if message.id in merged:
                raise ValueError(f"message {message.id!r} defined in {origin[message.id]} and {entry.name}")
            if message.string:
                merged[message.id] = str(message.string)
                origin[message.id] = entry.name
    return merged


def t(key: str, lang: str | None = None, /, **params: Any) -> str:
    """Translate ``key`` into ``lang`` (default: :func:`get_language`) and fill ``{named}`` parameters.

    Numbers passed as parameters are formatted the way the language writes them
    (``1.234,5`` in pt-BR and es, ``1,234.5`` in en) unless the template gives its own format spec.
    """
    lang = normalize_language(lang) if lang else get_language()
    messages = catalog(lang)
    try:
        template = messages[key]
    except KeyError:
        raise MissingTranslation(f"{key!r} has no {lang} translation") from None
    if not params:
        return template
    return template.format_map(_LocalisedParams(params, lang))


class _LocalisedParams(dict):
    """Parameters that format ints and floats with the language's digit grouping."""

    def __init__(self, params: Mapping[str, Any], lang: str) -> None:
        super().__init__(params)
        self.lang = lang

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return value
        return _LocalNumber(value, self.lang)


class _LocalNumber:
    """A number that prints in the reader's convention; explicit format specs still work."""

    def __init__(self, value: float, lang: str) -> None:
        self.value = value
        self.lang = lang

    def __format__(self, spec: str) -> str:
        from civic_kit.i18n.numbers import format_number

        if spec:
            return format_number(self.value, self.lang, spec)
        return format_number(self.value, self.lang)

    def __str__(self) -> str:
        return self.__format__("")

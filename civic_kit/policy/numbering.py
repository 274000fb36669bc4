"""Labels for the parts of a legal text, in each language's drafting convention.

Officials copy the draft into their own system, so the numbering must look like the real thing or it
gets retyped by hand (and mistakes creep in). The conventions, chosen on purpose:

============  =======================  ==========================  ====================
part          pt-BR (LC 95/1998 style)  es (one convention for all)  en
============  =======================  ==========================  ====================
chapter       ``CAPÍTULO I``            ``CAPÍTULO I``               ``CHAPTER I``
article       ``Art. 1º`` … ``Art. 9º``, ``Artículo 1.``              ``Section 1.``
              then ``Art. 10.``
paragraph     ``§ 1º`` … ``§ 9º``,      ``Parágrafo 1.``; a single   ``(1)``, ``(2)``, also
              ``§ 10.``; a single one   one is ``Parágrafo único.``  when there is only one
              is ``Parágrafo único.``
item          ``I –``, ``II –`` …       ``I.``, ``II.`` …            ``(a)``, ``(b)`` …
sub-item      ``a)``, ``b)`` …          ``a)``, ``b)`` …             ``(i)``, ``(ii)`` …
============  =======================  ==========================  ====================

Spanish-speaking countries differ (``Artículo 1°.-`` in Chile, ``ARTÍCULO 1o.`` in Colombia,
``Artículo 1.-`` in Argentina); we use the plain cardinal ``Artículo 1.`` everywhere because every
country reads it without ambiguity, and a city hall's legal office adapts the style in minutes.

Words (``Art.``, ``Parágrafo único``, ``Section``) come from the ``policy`` message catalogue; the
symbols (roman numerals, ``§``, ``º``, letters) are conventions, not words, and live here.
"""

from __future__ import annotations

from civic_kit.i18n import normalize_language, t

__all__ = [
    "article_label",
    "chapter_label",
    "item_label",
    "join_words",
    "letters",
    "list_ending",
    "paragraph_label",
    "roman",
    "subitem_label",
]

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)

#: Brazilian drafting writes ordinals (1º) up to nine and cardinals with a dot (10.) from ten on.
_LAST_ORDINAL = 9


def roman(number: int) -> str:
    """Upper-case roman numeral of ``number`` (1 to 3999), as items and chapters are numbered.

    Raises
    ------
    ValueError
        For 0, negatives and numbers above 3999, which have no standard roman form.

    Example
    -------
    >>> roman(39)
    'XXXIX'
    """
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 3999:
        raise ValueError(f"roman numerals exist for 1..3999, not {number!r}")
    parts: list[str] = []
    rest = number
    for value, symbol in _ROMAN:
        count, rest = divmod(rest, value)
        parts.append(symbol * count)
    return "".join(parts)


def letters(number: int) -> str:
    """Lower-case letter label: 1 → ``a``, 26 → ``z``, 27 → ``aa`` (spreadsheet-style, never ambiguous)."""
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ValueError(f"letter labels start at 1, not {number!r}")
    out = ""
    rest = number
    while rest:
        rest, remainder = divmod(rest - 1, 26)
        out = chr(ord("a") + remainder) + out
    return out


def chapter_label(number: int, lang: str) -> str:
    """``CAPÍTULO III`` / ``CHAPTER III``."""
    return t("policy.num.chapter", normalize_language(lang), n=roman(number))


def article_label(number: int, lang: str) -> str:
    """``Art. 1º`` … ``Art. 9º``, ``Art. 10.`` (pt-BR); ``Artículo 1.`` (es); ``Section 1.`` (en)."""
    _check_positive(number)
    lang = normalize_language(lang)
    if lang == "pt-BR" and number <= _LAST_ORDINAL:
        return t("policy.num.article-ordinal", lang, n=number)
    return t("policy.num.article-cardinal", lang, n=number)


def paragraph_label(number: int, total: int, lang: str) -> str:
    """Label of paragraph ``number`` of ``total`` in one article.

    A lone paragraph is ``Parágrafo único.`` in pt-BR and es (numbering a single paragraph is a classic
    drafting error); English numbers subsections ``(1)`` even when there is only one.
    """
    _check_positive(number)
    if total < number:
        raise ValueError(f"paragraph {number} of {total}")
    lang = normalize_language(lang)
    if lang == "en":
        return f"({number})"
    if total == 1:
        return t("policy.num.paragraph-sole", lang)
    if lang == "pt-BR" and number <= _LAST_ORDINAL:
        return t("policy.num.paragraph-ordinal", lang, n=number)
    return t("policy.num.paragraph-cardinal", lang, n=number)


def item_label(number: int, lang: str) -> str:
    """``I –`` (pt-BR, with an en dash), ``I.`` (es), ``(a)`` (en)."""
    lang = normalize_language(lang)
    if lang == "en":
        return f"({letters(number)})"
    if lang == "es":
        return f"{roman(number)}."
    return f"{roman(number)} –"


def subitem_label(number: int, lang: str) -> str:
    """``a)`` (pt-BR, es) or ``(i)`` (en, lower-case roman)."""
    lang = normalize_language(lang)
    if lang == "en":
        return f"({roman(number).lower()})"
    return f"{letters(number)})"


def list_ending(index: int, total: int, lang: str, final: str = ".") -> str:
    """Punctuation closing entry ``index`` (0-based) of ``total`` in an enumeration.

    Legal lists end each entry with ``;``, the next-to-last with ``; e`` (``; y``, ``; and``) and the last
    with ``final`` -- ``.`` when the list closes the sentence, ``;`` when an outer list continues.
    """
    if index == total - 1:
        return final
    if index == total - 2:
        return "; " + t("policy.num.and", normalize_language(lang))
    return ";"


def join_words(words: list[str] | tuple[str, ...], lang: str) -> str:
    """``CSV, JSON e XML`` / ``CSV, JSON y XML`` / ``CSV, JSON and XML``."""
    items = [w for w in words if w]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    conjunction = t("policy.num.and", normalize_language(lang))
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _check_positive(number: int) -> None:
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ValueError(f"numbering starts at 1, not {number!r}")

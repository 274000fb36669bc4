"""Numbering of legal texts: Brazilian ordinals up to 9, cardinals from 10, parágrafo único, roman items."""

from __future__ import annotations

import re

import pytest

from civic_kit.policy.numbering import (
    article_label,
    chapter_label,
    item_label,
    join_words,
    letters,
    list_ending,
    paragraph_label,
    roman,
    subitem_label,
)

# A roman numeral in canonical form (no IIII, no VX, no IC), independent of the implementation.
CANONICAL_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def _value(numeral: str) -> int:
    total = 0
    for current, following in zip(numeral, [*numeral[1:], None], strict=True):
        value = ROMAN_VALUES[current]
        total += -value if following and ROMAN_VALUES[following] > value else value
    return total


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "I"),
        (4, "IV"),
        (9, "IX"),
        (14, "XIV"),
        (19, "XIX"),
        (29, "XXIX"),
        (39, "XXXIX"),
        (40, "XL"),
        (49, "XLIX"),
        (90, "XC"),
        (400, "CD"),
        (1994, "MCMXCIV"),
        (3999, "MMMCMXCIX"),
    ],
)
def test_known_roman_numerals(number, expected):
    assert roman(number) == expected


def test_roman_numerals_are_canonical_and_round_trip_to_at_least_39():
    for number in range(1, 400):
        numeral = roman(number)
        assert CANONICAL_ROMAN.match(numeral), numeral
        assert _value(numeral) == number


@pytest.mark.parametrize("bad", [0, -1, 4000, True, 2.0, "3"], ids=repr)
def test_roman_rejects_numbers_without_a_standard_form(bad):
    with pytest.raises(ValueError):
        roman(bad)


@pytest.mark.parametrize(("number", "expected"), [(1, "a"), (26, "z"), (27, "aa"), (52, "az"), (53, "ba"), (702, "zz")])
def test_letters(number, expected):
    assert letters(number) == expected


@pytest.mark.parametrize("bad", [0, -3, False])
def test_letters_reject_non_positive(bad):
    with pytest.raises(ValueError):
        letters(bad)


@pytest.mark.parametrize("number", range(1, 10))
def test_brazilian_articles_one_to_nine_are_ordinals(number):
    assert article_label(number, "pt-BR") == f"Art. {number}º"


@pytest.mark.parametrize("number", [10, 11, 19, 20, 99, 100])
def test_brazilian_articles_from_ten_are_cardinals_with_a_dot(number):
    assert article_label(number, "pt-BR") == f"Art. {number}."


def test_large_article_numbers_use_the_language_grouping():
    assert article_label(1000, "pt-BR") == "Art. 1.000."
    assert article_label(1000, "en") == "Section 1,000."


@pytest.mark.parametrize(
    ("lang", "nine", "ten"), [("es", "Artículo 9.", "Artículo 10."), ("en", "Section 9.", "Section 10.")]
)
def test_spanish_and_english_articles_are_cardinals(lang, nine, ten):
    assert article_label(9, lang) == nine
    assert article_label(10, lang) == ten


def test_a_single_paragraph_is_paragrafo_unico():
    assert paragraph_label(1, 1, "pt-BR") == "Parágrafo único."
    assert paragraph_label(1, 1, "es") == "Parágrafo único."
    assert paragraph_label(1, 1, "en") == "(1)"


def test_numbered_paragraphs():
    assert [paragraph_label(n, 12, "pt-BR") for n in (1, 9, 10, 12)] == ["§ 1º", "§ 9º", "§ 10.", "§ 12."]
    assert [paragraph_label(n, 2, "es") for n in (1, 2)] == ["Parágrafo 1.", "Parágrafo 2."]
    assert [paragraph_label(n, 2, "en") for n in (1, 2)] == ["(1)", "(2)"]


@pytest.mark.parametrize(("number", "total"), [(0, 1), (3, 2), (-1, 5)])
def test_paragraph_label_rejects_impossible_positions(number, total):
    with pytest.raises(ValueError):
        paragraph_label(number, total, "pt-BR")


@pytest.mark.parametrize("bad", [0, -2, True])
def test_article_numbers_start_at_one(bad):
    with pytest.raises(ValueError):
        article_label(bad, "pt-BR")


def test_items_and_subitems_per_language():
    assert [item_label(n, "pt-BR") for n in (1, 4, 39)] == ["I –", "IV –", "XXXIX –"]
    assert [item_label(n, "es") for n in (1, 4, 39)] == ["I.", "IV.", "XXXIX."]
    assert [item_label(n, "en") for n in (1, 4, 27)] == ["(a)", "(d)", "(aa)"]
    assert [subitem_label(n, "pt-BR") for n in (1, 2)] == ["a)", "b)"]
    assert [subitem_label(n, "es") for n in (1, 2)] == ["a)", "b)"]
    assert [subitem_label(n, "en") for n in (1, 4, 9)] == ["(i)", "(iv)", "(ix)"]


def test_chapters_use_roman_numerals():
    assert chapter_label(3, "pt-BR") == "CAPÍTULO III"
    assert chapter_label(8, "es") == "CAPÍTULO VIII"
    assert chapter_label(4, "en") == "CHAPTER IV"


@pytest.mark.parametrize(("lang", "conjunction"), [("pt-BR", "e"), ("es", "y"), ("en", "and")])
def test_list_endings(lang, conjunction):
    assert [list_ending(i, 3, lang) for i in range(3)] == [";", f"; {conjunction}", "."]
    assert list_ending(0, 1, lang) == "."
    assert list_ending(1, 2, lang, final=";") == ";"


@pytest.mark.parametrize(
    ("words", "lang", "expected"),
    [
        (["CSV"], "pt-BR", "CSV"),
        (["CSV", "JSON", "XML"], "pt-BR", "CSV, JSON e XML"),
        (["CSV", "JSON"], "es", "CSV y JSON"),
        (["CSV", "", "JSON"], "en", "CSV and JSON"),
        ([], "en", ""),
    ],
)
def test_join_words(words, lang, expected):
    assert join_words(words, lang) == expected

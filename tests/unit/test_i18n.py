"""Every word a user sees exists in pt-BR, es and en, with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from civic_kit.i18n import LANGUAGES, MissingTranslation, catalog, normalize_language, set_language, t
from civic_kit.i18n.numbers import format_date, format_money, format_number, format_percent

PACKAGE = Path(__file__).resolve().parents[2] / "civic_kit"
CALL_KEY = re.compile(r"\bt\(\s*\"([a-z][a-z0-9_.-]+)\"")
KWARG_KEY = re.compile(r"_key\s*=\s*\"([a-z][a-z0-9_.-]+)\"")
APPINFO = re.compile(r"AppInfo\(([^)]*)\)")
ISSUE_CODE = re.compile(r"(?:CivicKitError\.of\(|Issue\(\s*code=|Issue\()\s*\"([a-z0-9][a-z0-9-]*)\"")


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_every_key_is_translated_in_every_language():
    keys = set().union(*(catalog(lang).keys() for lang in LANGUAGES))
    missing = {lang: sorted(keys - set(catalog(lang))) for lang in LANGUAGES}
    assert all(not m for m in missing.values()), missing


def test_translations_use_the_same_placeholders():
    reference = catalog("en")
    problems = []
    for key, english in reference.items():
        for lang in ("pt-BR", "es"):
            if _placeholders(catalog(lang)[key]) != _placeholders(english):
                problems.append((lang, key))
    assert problems == []


def test_no_translation_is_left_identical_to_english_by_accident():
    """Long sentences copied from English into pt-BR or es are almost always an untranslated string."""
    reference = catalog("en")
    suspicious = [
        (lang, key)
        for lang in ("pt-BR", "es")
        for key, text in catalog(lang).items()
        if len(text) > 30 and text == reference[key] and "{" not in text
    ]
    assert suspicious == []


def _source_files():
    return [p for p in PACKAGE.rglob("*.py") if "locale" not in p.parts]


def test_every_key_used_in_code_exists():
    known = set(catalog("pt-BR"))
    used: dict[str, str] = {}
    for path in _source_files():
        text = path.read_text(encoding="utf-8")
        for pattern in (CALL_KEY, KWARG_KEY):
            for key in pattern.findall(text):
                used.setdefault(key, str(path.relative_to(PACKAGE)))
        for args in APPINFO.findall(text):
            for key in re.findall(r"\"([a-z]+\.[a-z0-9.-]+)\"", args.replace(".ipynb", "")):
                used.setdefault(key, str(path.relative_to(PACKAGE)))
        for code in ISSUE_CODE.findall(text):
            used.setdefault(f"issue.{code}", str(path.relative_to(PACKAGE)))
    missing = {key: where for key, where in used.items() if key not in known}
    assert missing == {}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("pt_BR", "pt-BR"),
        ("pt", "pt-BR"),
        ("PT-br", "pt-BR"),
        ("es-MX", "es"),
        ("es_AR", "es"),
        ("en-US", "en"),
        ("EN", "en"),
        ("", "pt-BR"),
        (None, "pt-BR"),
        ("fr", "pt-BR"),
        ("<script>", "pt-BR"),
    ],
)
def test_normalize_language(given, expected):
    assert normalize_language(given) == expected


def test_t_uses_current_language_and_falls_back_to_env(monkeypatch):
    set_language("es")
    assert t("core.language") == "Idioma"
    set_language("en")
    assert t("core.language") == "Language"


def test_missing_key_raises_a_clear_error():
    with pytest.raises(MissingTranslation, match="no-such-key"):
        t("no-such-key", "en")


def test_numbers_follow_each_language():
    assert format_number(1234567.891, "pt-BR", ",.2f") == "1.234.567,89"
    assert format_number(1234567.891, "es", ",.2f") == "1.234.567,89"
    assert format_number(1234567.891, "en", ",.2f") == "1,234,567.89"
    assert format_number(1500, "pt-BR") == "1.500"
    assert format_money(-1234.5, "pt-BR") == "-R$ 1.234,50"
    assert format_percent(0.425, "es") == "42,5%"
    assert t("core.start-banner", "en", url="x").startswith("civic-kit is running")


def test_number_parameters_are_localised():
    assert "1.234" in t("gallery.lesson-meta", "pt-BR", minutes=1234, level="x")
    assert "1,234" in t("gallery.lesson-meta", "en", minutes=1234, level="x")


def test_dates():
    import datetime as dt

    assert format_date(dt.date(2024, 3, 7), "pt-BR") == "07/03/2024"
    assert format_date(dt.date(2024, 3, 7), "en") == "2024-03-07"

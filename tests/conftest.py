"""Shared fixtures: paths, and a clean language state for every test."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(autouse=True)
def _default_language(monkeypatch: pytest.MonkeyPatch):
    """Every test starts in the default language, whatever the machine's CIVIC_KIT_LANG says."""
    from civic_kit.i18n import set_language

    monkeypatch.delenv("CIVIC_KIT_LANG", raising=False)
    set_language("pt-BR")
    yield
    set_language("pt-BR")


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES

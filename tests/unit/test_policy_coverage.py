"""Coverage of the 31 Sunlight guidelines and 6 Charter principles: score, lists, explanations."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest

from civic_kit.i18n import LANGUAGES, t
from civic_kit.policy.answers import load_answers
from civic_kit.policy.coverage import coverage
from civic_kit.policy.selection import select

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "drafter"
MINIMAL = load_answers(EXAMPLES / "minimal.yaml")[0]
COMPLETE = load_answers(EXAMPLES / "complete.yaml")[0]


def test_minimal_and_complete_examples():
    minimal, complete = coverage(MINIMAL), coverage(COMPLETE)
    assert minimal.ratio == Fraction(14, 37) and minimal.score == 0.3784
    assert minimal.count("sunlight") == (12, 31) and minimal.count("charter") == (2, 6)
    assert complete.score == 1.0 and complete.missing == ()
    assert set(minimal.covered) < set(complete.covered)


def test_score_is_the_share_of_37_items():
    report = coverage(MINIMAL)
    assert len(report.items) == 37
    assert len(report.covered) + len(report.missing) == 37
    assert report.score == round(len(report.covered) / 37, 4)
    assert all(item.by for item in report.items if item.covered)
    assert all(not item.by for item in report.items if not item.covered)


def test_coverage_updates_as_answers_change():
    before = coverage(MINIMAL)
    after = coverage(replace(MINIMAL, oversight_body="Controladoria-Geral do Município"))
    gained = set(after.covered) - set(before.covered)
    assert gained == {"oversight-authority", "binding-regulations"}
    assert coverage(replace(MINIMAL, licence="cc0-1.0")).covered.count("license-free") == 1


def test_the_selection_can_be_shared_with_the_draft():
    selection = select(COMPLETE)
    assert coverage(COMPLETE, selection) == coverage(COMPLETE)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_missing_items_explain_why_they_matter_and_how_to_add_them(lang):
    report = coverage(MINIMAL)
    by_id = {item.id: item for item in report.items}
    funding = by_id["funding"]
    assert not funding.covered
    assert funding.why(lang) == t("policy.prov.funding.explain", lang)
    assert t("policy.q.implementation.label", lang) in funding.how(lang)
    oversight = by_id["oversight-authority"]
    assert t("policy.q.oversight_body.label", lang) in oversight.how(lang)
    assert all(item.how(lang) == "" for item in report.items if item.covered)
    assert all(item.how(lang) for item in report.items if not item.covered)


def test_to_dict_and_summary():
    data = coverage(MINIMAL).to_dict("en")
    assert set(data) == {"score", "covered", "missing", "sunlight", "charter", "summary", "items"}
    assert data["sunlight"] == {"covered": 12, "total": 31}
    assert data["summary"].startswith("Coverage: 14 of 37 recommendations (37.8%)")
    assert coverage(MINIMAL).summary("pt-BR").startswith("Cobertura: 14 de 37 recomendações (37,8%)")
    assert (
        data["items"][0]["id"] == "proactive-release"
        and data["items"][-1]["id"] == "inclusive-development-and-innovation"
    )

"""Article-by-article comparison of two drafts, matched by clause rather than by number."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from civic_kit.policy.answers import load_answers
from civic_kit.policy.compare import compare, word_diff
from civic_kit.policy.draft import build_draft
from civic_kit.problems import CivicKitError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "drafter"
MINIMAL = load_answers(EXAMPLES / "minimal.yaml")[0]


def test_identical_drafts_have_no_changes():
    draft = build_draft(MINIMAL, "pt-BR")
    result = compare(draft, draft)
    assert not result.has_changes
    assert result.unchanged == len(draft.articles()) + len(draft.recitals)


def test_a_changed_deadline_is_one_changed_article_with_a_word_diff():
    before = build_draft(MINIMAL, "pt-BR")
    after = build_draft(replace(MINIMAL, deadline_plan_days=90), "pt-BR")
    result = compare(before, after)
    assert [(c.provision, c.kind) for c in result.changes] == [("timelines", "changed")]
    change = result.changes[0]
    assert change.label_before == change.label_after
    deleted = "".join(s.text for s in change.diff if s.op == "delete")
    inserted = "".join(s.text for s in change.diff if s.op == "insert")
    assert deleted == "60" and inserted == "90"


def test_adding_an_article_reports_it_and_renumbers_the_rest_without_marking_them_changed():
    before = build_draft(MINIMAL, "pt-BR")
    after = build_draft(replace(MINIMAL, publication=("bulk-download",)), "pt-BR")
    result = compare(before, after)
    assert [c.provision for c in result.of_kind("added")] == ["bulk-data"]
    assert not result.of_kind("changed") and not result.of_kind("removed")
    renumbered = result.of_kind("renumbered")
    assert renumbered and all(c.text_before == c.text_after for c in renumbered)
    number = after.article("bulk-data").number
    assert [c.provision for c in renumbered] == [a.provision for a in after.articles()[number:]]
    for change in renumbered:
        old, new = (
            int("".join(ch for ch in label if ch.isdigit())) for label in (change.label_before, change.label_after)
        )
        assert new == old + 1


def test_removed_articles_and_recitals():
    before = build_draft(replace(MINIMAL, existing=("access-regulation",), implementation=("funding",)), "en")
    after = build_draft(MINIMAL, "en")
    result = compare(before, after)
    kinds = {(c.part, c.provision, c.kind) for c in result.changes}
    assert ("recital", "existing-regulation", "removed") in kinds
    assert ("article", "funding", "removed") in kinds
    removed = next(c for c in result.changes if c.provision == "funding")
    assert removed.label_after is None and removed.text_after is None


def test_drafts_in_different_languages_cannot_be_compared():
    with pytest.raises(CivicKitError) as error:
        compare(build_draft(MINIMAL, "pt-BR"), build_draft(MINIMAL, "es"))
    assert error.value.issue.code == "policy-compare-languages"
    assert "pt-BR" in error.value.message("en")


def test_word_diff_merges_runs_and_to_dict():
    segments = word_diff("prazo de 60 dias úteis", "prazo de 90 dias corridos")
    assert [(s.op, s.text) for s in segments] == [
        ("equal", "prazo de "),
        ("delete", "60"),
        ("insert", "90"),
        ("equal", " dias "),
        ("delete", "úteis"),
        ("insert", "corridos"),
    ]
    result = compare(build_draft(MINIMAL, "en"), build_draft(replace(MINIMAL, review_period_years=2), "en"))
    data = result.to_dict()
    assert data["changes"][0]["provision"] == "future-review"
    assert {"op": "insert", "text": "2"} in data["changes"][0]["diff"]

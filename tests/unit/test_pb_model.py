"""The election model: flat ballots that cannot be changed by accident, exact money, clear errors."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from civic_kit.pb import Election, Project
from civic_kit.pb.model import to_fraction
from civic_kit.pb.outcome import money_json
from civic_kit.problems import CivicKitError


@pytest.fixture
def election() -> Election:
    return Election.from_ballots(
        [("a", 10), ("b", "2.5"), Project("c", Fraction(7), name="Creche", categories=("education",))],
        "12.5",
        [["a", "b"], [], ["c", "a"], ["b"]],
        voter_attributes={"district": ["N", "S", None, "N"]},
    )


def test_flat_ballots_and_their_transpose(election):
    assert election.ballot_offsets.tolist() == [0, 2, 2, 4, 5]
    assert election.ballot_projects.tolist() == [0, 1, 2, 0, 1]
    assert election.ballot_voters.tolist() == [0, 0, 2, 2, 3]
    assert election.vote_counts.tolist() == [2, 2, 1]
    offsets, voters = election.supporters
    assert offsets.tolist() == [0, 2, 4, 5]
    assert voters.tolist() == [0, 2, 0, 3, 2]
    assert election.ballot(2) == ("c", "a")
    assert election.points(0) == (1, 1)


def test_arrays_are_read_only(election):
    for array in (election.ballot_offsets, election.ballot_projects, election.vote_counts, election.supporters[1]):
        with pytest.raises(ValueError):
            array[0] = 5


def test_money_is_exact(election):
    assert election.budget == Fraction(25, 2)
    assert election.project("b").cost == Fraction(5, 2)
    assert election.meta["budget"] == "12.5"
    assert to_fraction(0.1) == Fraction(1, 10)  # the decimal a person typed, not the binary float
    assert to_fraction("1500,50") == to_fraction(Decimal("1500.5")) == Fraction(3001, 2)


@pytest.mark.parametrize(
    "value",
    ["abc", "1.500,00", float("nan"), float("inf"), True, None, "1e3"],
    ids=["text", "thousands-dots", "nan", "inf", "bool", "none", "exponent"],
)
def test_bad_amounts_are_translated_errors(value):
    with pytest.raises(CivicKitError) as caught:
        to_fraction(value)
    assert caught.value.issue.code == "pb-bad-amount"
    assert caught.value.message("es").startswith('"')


@pytest.mark.parametrize(
    ("projects", "budget", "code"),
    [([("a", -1)], 5, "pb-negative-amount"), ([("a", 1)], -5, "pb-negative-budget")],
    ids=["negative-cost", "negative-budget"],
)
def test_negative_amounts_are_refused(projects, budget, code):
    with pytest.raises(CivicKitError) as caught:
        Election.from_ballots(projects, budget, [["a"]])
    assert caught.value.issue.code == code


def test_a_budget_without_exact_decimal_is_kept_as_a_fraction():
    election = Election.from_ballots([("a", 1)], Fraction(1, 3), [["a"]])
    assert election.meta["budget"] == "1/3"


def test_with_budget_changes_only_the_budget(election):
    richer = election.with_budget("100")
    assert richer.budget == 100 and richer.meta["budget"] == "100"
    assert richer.voter_ids == election.voter_ids
    assert richer != election
    assert election.with_budget(election.budget) == election
    with pytest.raises(CivicKitError) as caught:
        election.with_budget(-1)
    assert caught.value.issue.code == "pb-bad-budget-option"


def test_unknown_project_is_a_translated_error(election):
    with pytest.raises(CivicKitError) as caught:
        election.project("zz")
    assert caught.value.issue.code == "pb-no-such-project"
    with pytest.raises(CivicKitError) as caught:
        Election.from_ballots([("a", 1)], 1, [["a"], ["zz"]])
    assert (caught.value.issue.code, caught.value.issue.row) == ("pb-unknown-project", 2)
    assert "2" in caught.value.message("en")


@pytest.mark.parametrize(
    "change",
    [
        {"ballot_offsets": np.array([0, 1])},
        {"ballot_offsets": np.array([0, 3, 2, 4, 5])},
        {"ballot_projects": np.array([0, 1, 2, 0, 9])},
        {"vote_type": "quadratic"},
        {"ballot_points": np.array([1, 1, 1, 1, 1])},
        {"voter_attributes": {"district": ("N",)}},
        {"projects": (Project("a", Fraction(1)), Project("a", Fraction(2)), Project("c", Fraction(3)))},
    ],
    ids=[
        "offsets-length",
        "offsets-decrease",
        "project-out-of-range",
        "vote-type",
        "points-on-approval",
        "attribute-length",
        "duplicate-ids",
    ],
)
def test_inconsistent_elections_are_refused(election, change):
    fields = {
        "projects": election.projects,
        "budget": election.budget,
        "vote_type": election.vote_type,
        "voter_ids": election.voter_ids,
        "ballot_offsets": election.ballot_offsets,
        "ballot_projects": election.ballot_projects,
    }
    fields.update(change)
    with pytest.raises(ValueError):
        Election(**fields)


def test_cumulative_points_scale():
    election = Election.from_ballots(
        [("a", 1), ("b", 1)], 2, [["a", "b"], ["b"]], vote_type="cumulative", points=[["1.5", 2], ["0.25"]]
    )
    assert election.points_scale == 100
    assert election.ballot_points.tolist() == [150, 200, 25]
    assert election.points(0) == (Fraction(3, 2), Fraction(2))
    assert election.point_totals == (Fraction(3, 2), Fraction(9, 4))


def test_equality_ignores_nothing_but_budget_formatting(election):
    same = Election.from_ballots(
        [("a", 10), ("b", "2.50"), Project("c", Fraction(7), name="Creche", categories=("education",))],
        Fraction(25, 2),
        [["a", "b"], [], ["c", "a"], ["b"]],
        voter_attributes={"district": ["N", "S", None, "N"]},
    )
    assert same == election
    reordered = Election.from_ballots(
        [("a", 10), ("b", "2.5"), Project("c", Fraction(7), name="Creche", categories=("education",))],
        "12.5",
        [["b", "a"], [], ["c", "a"], ["b"]],
        voter_attributes={"district": ["N", "S", None, "N"]},
    )
    assert reordered != election
    assert election != "not an election"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Fraction(5), 5), (Fraction(3, 2), 1.5), (Fraction(1, 10), 0.1), (Fraction(1, 3), "1/3")],
    ids=["whole", "half", "tenth", "third"],
)
def test_money_json(value, expected):
    assert money_json(value) == expected


@pytest.mark.parametrize(
    ("meta", "symbol"),
    [
        ({}, "R$"),
        ({"currency": "BRL"}, "R$"),
        ({"currency": "pen"}, "S/"),
        ({"currency": "PLN"}, "zł"),
        ({"currency": "XYZ"}, "XYZ"),
    ],
    ids=["default", "brl", "pen-lowercase", "pln", "unknown"],
)
def test_currency_symbol(meta, symbol):
    assert Election.from_ballots([("a", 1)], 1, [["a"]], meta=meta).currency == symbol


def test_amounts_from_pandas_columns_are_exact():
    """Costs taken straight from a DataFrame arrive as NumPy scalars (lesson 10 does this)."""
    import numpy as np

    from civic_kit.pb.model import to_fraction

    assert to_fraction(np.int64(120_000)) == 120_000
    assert to_fraction(np.float64(0.1)) == Fraction(1, 10)
    with pytest.raises(CivicKitError):
        to_fraction(np.float64("nan"))
    with pytest.raises(CivicKitError):
        to_fraction(np.bool_(True))

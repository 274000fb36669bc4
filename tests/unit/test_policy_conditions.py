"""The catalogue's condition language: every operator, composition, and the errors a typo in YAML gives."""

from __future__ import annotations

import pytest

from civic_kit.policy.conditions import All, AnyOf, Atom, Included, Not, parse

FIELDS = ("country", "population", "formats", "licence", "oversight_body", "focal_points")
ANSWERS = {
    "country": "BR",
    "population": 8500,
    "formats": ("csv", "json"),
    "licence": "cc0-1.0",
    "oversight_body": "  ",
    "focal_points": False,
}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({"answer": "country", "eq": "BR"}, True),
        ({"answer": "country", "ne": "BR"}, False),
        ({"answer": "population", "le": 10000}, True),
        ({"answer": "population", "le": 8500}, True),
        ({"answer": "population", "lt": 8500}, False),
        ({"answer": "population", "gt": 10000}, False),
        ({"answer": "population", "ge": 8500}, True),
        ({"answer": "formats", "contains": "json"}, True),
        ({"answer": "formats", "contains": "xml"}, False),
        ({"answer": "formats", "min_items": 2}, True),
        ({"answer": "formats", "min_items": 3}, False),
        ({"answer": "licence", "in": ["cc0-1.0", "public-domain-law"]}, True),
        ({"answer": "oversight_body", "set": True}, False),
        ({"answer": "oversight_body", "set": False}, True),
        ({"answer": "focal_points", "eq": True}, False),
        ({"all": [{"answer": "country", "eq": "BR"}, {"answer": "population", "le": 10000}]}, True),
        ({"any": [{"answer": "country", "eq": "MX"}, {"answer": "population", "gt": 10000}]}, False),
        ({"not": {"answer": "country", "eq": "MX"}}, True),
    ],
    ids=lambda value: str(value) if isinstance(value, bool) else None,
)
def test_evaluate(spec, expected):
    condition = parse(spec, FIELDS)
    assert condition is not None
    assert condition.evaluate(ANSWERS) is expected


def test_numeric_comparisons_are_false_for_non_numbers():
    condition = parse({"answer": "country", "gt": 3}, FIELDS)
    assert condition.evaluate(ANSWERS) is False
    assert parse({"answer": "focal_points", "ge": 0}, FIELDS).evaluate({"focal_points": True}) is False


def test_included_reads_the_provisions_already_in_the_draft():
    condition = parse({"included": "proactive-release"}, FIELDS)
    assert isinstance(condition, Included)
    assert condition.evaluate(ANSWERS, {"proactive-release"}) is True
    assert condition.evaluate(ANSWERS, set()) is False
    assert condition.provisions() == {"proactive-release"}


def test_fields_and_provisions_are_collected_through_composition():
    condition = parse(
        {
            "all": [
                {"answer": "country", "eq": "BR"},
                {"not": {"any": [{"included": "x"}, {"answer": "licence", "eq": "a"}]}},
            ]
        },
        FIELDS,
    )
    assert isinstance(condition, All)
    assert condition.fields() == {"country", "licence"}
    assert condition.provisions() == {"x"}
    assert isinstance(condition.parts[1], Not)
    assert isinstance(condition.parts[1].part, AnyOf)


def test_no_condition_is_none():
    assert parse(None, FIELDS) is None


def test_in_values_become_a_tuple():
    atom = parse({"answer": "licence", "in": ["a", "b"]}, FIELDS)
    assert atom == Atom("licence", "in", ("a", "b"))


@pytest.mark.parametrize(
    "spec",
    [
        pytest.param({"answer": "colour", "eq": "red"}, id="unknown-field"),
        pytest.param({"answer": "country", "like": "B"}, id="unknown-operator"),
        pytest.param({"answer": "country", "eq": "BR", "ne": "MX"}, id="two-operators"),
        pytest.param({"answer": "country"}, id="no-operator"),
        pytest.param({"answer": "licence", "in": "cc0-1.0"}, id="in-needs-a-list"),
        pytest.param({"answer": "population", "le": "10000"}, id="comparison-needs-a-number"),
        pytest.param({"answer": "population", "le": True}, id="bool-is-not-a-number"),
        pytest.param({"answer": "oversight_body", "set": "yes"}, id="set-needs-a-bool"),
        pytest.param({"all": []}, id="empty-all"),
        pytest.param({"any": "x"}, id="any-needs-a-list"),
        pytest.param({"not": None}, id="empty-not"),
        pytest.param({"included": ["a", "b"]}, id="included-names-one-provision"),
        pytest.param({"all": [{"answer": "country", "eq": "BR"}], "any": []}, id="mixed-keys"),
        pytest.param(["answer", "country"], id="not-a-mapping"),
    ],
)
def test_malformed_conditions_are_rejected(spec):
    with pytest.raises(ValueError):
        parse(spec, FIELDS, "provision test")

"""A small, declarative condition language for the provision catalogue and the questionnaire.

Which clauses a draft contains must be readable and reviewable by people who are not programmers
(a lawyer checking why an article appears), so conditions are data in YAML, not Python lambdas::

    when: {answer: country, eq: BR}
    when: {answer: population, le: 10000}
    when: {answer: formats, contains: csv}
    when: {answer: formats, min_items: 2}
    when: {answer: licence, in: [cc0-1.0, public-domain-law]}
    when: {answer: oversight_body, set: true}      # a non-empty answer
    when: {included: oversight-authority}          # another provision is in the draft
    when: {all: [..., ...]}   /   {any: [...]}   /   {not: {...}}

:func:`parse` validates a condition once, when the catalogue loads, so a typo in the YAML fails the
test suite instead of silently dropping a clause. Conditions only read values; they never change them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["All", "AnyOf", "Atom", "Condition", "Included", "Not", "parse"]

_COMPARISONS = ("eq", "ne", "in", "contains", "lt", "le", "gt", "ge", "set", "min_items")


class Condition:
    """Base class: something that is true or false for a set of answers and included provisions."""

    def evaluate(self, answers: Mapping[str, Any], included: Collection[str] = ()) -> bool:
        """Whether the condition holds; ``included`` is the set of provision ids already in the draft."""
        raise NotImplementedError

    def fields(self) -> frozenset[str]:
        """Answer fields the condition reads (the questions that can switch it)."""
        return frozenset()

    def provisions(self) -> frozenset[str]:
        """Provision ids the condition reads (dependencies for ordering the evaluation)."""
        return frozenset()


@dataclass(frozen=True)
class Atom(Condition):
    """One comparison of an answer with a constant."""

    field: str
    op: str
    value: Any

    def evaluate(self, answers: Mapping[str, Any], included: Collection[str] = ()) -> bool:
        actual = answers.get(self.field)
        op, value = self.op, self.value
        if op == "set":
            return _is_set(actual) is bool(value)
        if op == "eq":
            return bool(actual == value)
        if op == "ne":
            return bool(actual != value)
        if op == "in":
            return actual in value
        if op == "contains":
            return isinstance(actual, (list, tuple, frozenset, set)) and value in actual
        if op == "min_items":
            return isinstance(actual, (list, tuple, frozenset, set)) and len(actual) >= value
        if not isinstance(actual, (int, float)) or isinstance(actual, bool):
            return False
        if op == "lt":
            return actual < value
        if op == "le":
            return actual <= value
        if op == "gt":
            return actual > value
        return actual >= value  # "ge"; parse() admits no other operator

    def fields(self) -> frozenset[str]:
        return frozenset({self.field})


@dataclass(frozen=True)
class Included(Condition):
    """True when another provision is part of the draft."""

    provision: str

    def evaluate(self, answers: Mapping[str, Any], included: Collection[str] = ()) -> bool:
        return self.provision in included

    def provisions(self) -> frozenset[str]:
        return frozenset({self.provision})


@dataclass(frozen=True)
class All(Condition):
    parts: tuple[Condition, ...]

    def evaluate(self, answers: Mapping[str, Any], included: Collection[str] = ()) -> bool:
        return all(part.evaluate(answers, included) for part in self.parts)

    def fields(self) -> frozenset[str]:
        return frozenset().union(*(part.fields() for part in self.parts))

    def provisions(self) -> frozenset[str]:
        return frozenset().union(*(part.provisions() for part in self.parts))


@dataclass(frozen=True)
class AnyOf(Condition):
    parts: tuple[Condition, ...]

    def evaluate(self, answers: Mapping[str, Any], included: Collection[str] = ()) -> bool:
        return any(part.evaluate(answers, included) for part in self.parts)

    def fields(self) -> frozenset[str]:
        return frozenset().union(*(part.fields() for part in self.parts))

    def provisions(self) -> frozenset[str]:
        return frozenset().union(*(part.provisions() for part in self.parts))


@dataclass(frozen=True)
class Not(Condition):
    part: Condition

    def evaluate(self, answers: Mapping[str, Any], included: Collection[str] = ()) -> bool:
        return not self.part.evaluate(answers, included)

    def fields(self) -> frozenset[str]:
        return self.part.fields()

    def provisions(self) -> frozenset[str]:
        return self.part.provisions()


def parse(spec: Any, known_fields: Collection[str], where: str = "condition") -> Condition | None:
    """Turn a YAML condition into a :class:`Condition`; ``None`` (no condition) stays ``None``.

    Parameters
    ----------
    spec
        The mapping read from YAML.
    known_fields
        Answer fields that exist; a condition on any other name is a catalogue bug.
    where
        Where the condition sits (``provision bulk-data``), for the error message.

    Raises
    ------
    ValueError
        For an unknown operator or field, or a malformed value. These are bugs in shipped data, found
        by the test suite, never by an official, so they are plain developer errors.
    """
    if spec is None:
        return None
    if not isinstance(spec, Mapping):
        raise ValueError(f"{where}: a condition is a mapping, got {spec!r}")
    keys = set(spec)
    if keys == {"all"} or keys == {"any"}:
        name = "all" if "all" in keys else "any"
        parts = spec[name]
        if not isinstance(parts, Sequence) or isinstance(parts, str) or not parts:
            raise ValueError(f"{where}: '{name}' needs a non-empty list")
        parsed = tuple(_required(parse(p, known_fields, where)) for p in parts)
        return All(parsed) if name == "all" else AnyOf(parsed)
    if keys == {"not"}:
        return Not(_required(parse(spec["not"], known_fields, where)))
    if keys == {"included"}:
        if not isinstance(spec["included"], str):
            raise ValueError(f"{where}: 'included' names one provision id")
        return Included(spec["included"])
    if "answer" in keys:
        return _atom(spec, known_fields, where)
    raise ValueError(f"{where}: cannot read condition {dict(spec)!r}")


def _atom(spec: Mapping[str, Any], known_fields: Collection[str], where: str) -> Atom:
    field = spec["answer"]
    ops = [key for key in spec if key != "answer"]
    if len(ops) != 1 or ops[0] not in _COMPARISONS:
        raise ValueError(f"{where}: one operator of {_COMPARISONS} expected, got {ops}")
    if field not in known_fields:
        raise ValueError(f"{where}: unknown answer field {field!r}")
    op = ops[0]
    value = spec[op]
    if op == "in":
        if not isinstance(value, Sequence) or isinstance(value, str):
            raise ValueError(f"{where}: 'in' needs a list")
        value = tuple(value)
    elif op in ("lt", "le", "gt", "ge", "min_items"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{where}: '{op}' needs a number")
    elif op == "set" and not isinstance(value, bool):
        raise ValueError(f"{where}: 'set' is true or false")
    return Atom(field, op, value)


def _required(condition: Condition | None) -> Condition:
    if condition is None:
        raise ValueError("an empty condition inside all/any/not")
    return condition


def _is_set(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple, set, frozenset)):
        return bool(value)
    return True

"""The participatory-budgeting election: projects, a budget and ballots stored as flat arrays.

Why flat arrays: a city election has thousands of ballots and the rules visit every supporter of a
project many times. Keeping ballots as one ``int32`` array of project positions plus an ``offsets``
array (the CSR layout) lets numpy and numba walk them without Python objects, while money stays exact
(:class:`~fractions.Fraction`) everywhere a result must match to the cent.

An :class:`Election` is immutable. Build one with :func:`civic_kit.pb.parse_pabulib_text` from a Pabulib
file, or with :meth:`Election.from_ballots` in tests and lessons.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import Literal, get_args

import numpy as np

from civic_kit.problems import CivicKitError, Issue

__all__ = ["VOTE_TYPES", "Election", "Project", "VoteType", "parse_decimal", "to_fraction"]

VoteType = Literal["approval", "choose-1", "cumulative", "scoring", "ordinal"]
#: Vote types civic-kit reads, as written in the Pabulib ``vote_type`` META field.
VOTE_TYPES: tuple[str, ...] = get_args(VoteType)
#: Vote types whose ballots carry points next to each project.
POINTS_TYPES = ("cumulative", "scoring")
# How people in the region write the currencies Pabulib files and Latin American cities use.
_CURRENCY_SYMBOLS = {
    "BRL": "R$",
    "ARS": "$",
    "CLP": "$",
    "COP": "$",
    "MXN": "$",
    "UYU": "$U",
    "PEN": "S/",
    "BOB": "Bs",
    "PYG": "₲",
    "USD": "US$",
    "EUR": "€",
    "PLN": "zł",
}


_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_COMMA_DECIMAL = re.compile(r"^[+-]?\d+,\d+$")


def parse_decimal(text: str) -> Fraction | None:
    """An exact number from ``"1500"``, ``"1500.5"`` or ``"1500,5"`` (a comma is a decimal mark, as
    pabutools reads Pabulib files); None for anything else (``"abc"``, ``"1e3"``, ``"nan"``, ``"1.500,00"``)."""
    text = text.strip()
    if _COMMA_DECIMAL.match(text):
        text = text.replace(",", ".")
    if not _NUMBER.match(text):
        return None
    return Fraction(text)


def to_fraction(value: int | float | str | Decimal | Fraction) -> Fraction:
    """Exact money from what a person writes: an int, a decimal string (``"1500,50"``), a Decimal, a
    Fraction, or a float taken as the decimal it prints as (``0.1`` is one tenth, not the binary
    approximation).

    Raises
    ------
    CivicKitError
        ``pb-bad-amount`` for anything that is not a finite number.
    """
    if isinstance(value, bool) or (type(value).__name__ == "bool_"):
        raise CivicKitError.of("pb-bad-amount", value=str(value))
    if isinstance(value, (int, Fraction, numbers.Integral)):
        return Fraction(int(value)) if isinstance(value, numbers.Integral) else Fraction(value)
    if isinstance(value, (float, Decimal, numbers.Real)) and math.isfinite(value):
        if isinstance(value, Decimal):
            return Fraction(value)
        return Fraction(repr(float(value)))  # numpy floats print like Python floats once converted
    if isinstance(value, str):
        number = parse_decimal(value)
        if number is not None:
            return number
    raise CivicKitError.of("pb-bad-amount", value=str(value))


@dataclass(frozen=True)
class Project:
    """One project on the ballot.

    ``id`` is text (Pabulib ids such as ``"12"`` or ``"P-03"``); it is what rules return and what
    tie-breaking compares, exactly as pabutools does. ``cost`` is exact.
    """

    id: str
    cost: Fraction
    name: str = ""
    categories: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    declared_votes: int | None = None
    """The ``votes`` column of the file, if any (the count the city published, not recomputed)."""
    declared_score: Fraction | None = None
    """The ``score`` column of the file, if any."""
    extra: tuple[tuple[str, str], ...] = ()
    """Other columns of the PROJECTS section, in file order (``selected``, ``description``...)."""

    @property
    def label(self) -> str:
        """What to show a person: the name when there is one, else the id."""
        return self.name or self.id


@dataclass(frozen=True, eq=False)
class Election:
    """A participatory-budgeting election, ready for the rules in :mod:`civic_kit.pb.rules`.

    Ballot ``v`` lists ``ballot_projects[ballot_offsets[v]:ballot_offsets[v + 1]]`` (positions in
    ``projects``) in the order the voter wrote them, which for ordinal ballots is the ranking. For
    cumulative and scoring ballots ``ballot_points`` holds the points as integers, to be divided by
    ``points_scale`` (so ``1.5`` points are stored as ``15`` with scale ``10``): exact and fast.
    """

    projects: tuple[Project, ...]
    budget: Fraction
    vote_type: VoteType
    voter_ids: tuple[str, ...]
    ballot_offsets: np.ndarray
    ballot_projects: np.ndarray
    ballot_points: np.ndarray | None = None
    points_scale: int = 1
    meta: Mapping[str, str] = field(default_factory=dict)
    """Every META key and value as written in the file (``description``, ``unit``, ``currency``...)."""
    voter_attributes: Mapping[str, tuple[str | None, ...]] = field(default_factory=dict)
    """Other VOTES columns (``age``, ``sex``, ``district``...), one value per voter, None when missing."""
    warnings: tuple[Issue, ...] = ()
    """Problems found while reading that did not stop it (a ``num_votes`` that does not match...)."""

    def __post_init__(self) -> None:
        offsets = np.ascontiguousarray(self.ballot_offsets, dtype=np.int64)
        chosen = np.ascontiguousarray(self.ballot_projects, dtype=np.int32)
        n = len(self.voter_ids)
        if offsets.shape != (n + 1,) or offsets[0] != 0 or offsets[-1] != chosen.shape[0]:
            raise ValueError("ballot_offsets must have one entry per voter plus one, from 0 to len(projects)")
        if np.any(np.diff(offsets) < 0):
            raise ValueError("ballot_offsets must not decrease")
        if chosen.size and (chosen.min() < 0 or chosen.max() >= len(self.projects)):
            raise ValueError("ballot_projects must hold positions in projects")
        if self.vote_type not in VOTE_TYPES:
            raise ValueError(f"unknown vote type {self.vote_type!r}")
        points = self.ballot_points
        if self.vote_type in POINTS_TYPES:
            points = np.ascontiguousarray(
                np.zeros(chosen.shape[0], dtype=np.int64) if points is None else points, dtype=np.int64
            )
            if points.shape != chosen.shape:
                raise ValueError("ballot_points must have one entry per chosen project")
            points.setflags(write=False)
        elif points is not None:
            raise ValueError(f"{self.vote_type} ballots carry no points")
        for name, values in self.voter_attributes.items():
            if len(values) != n:
                raise ValueError(f"voter attribute {name!r} needs one value per voter")
        ids = [p.id for p in self.projects]
        if len(set(ids)) != len(ids):
            raise ValueError("project ids must be unique")
        for project in self.projects:
            if project.cost < 0:
                raise CivicKitError.of("pb-negative-amount", value=_shown(project.cost), project=project.id)
        if self.budget < 0:
            raise CivicKitError.of("pb-negative-budget", value=_shown(Fraction(self.budget)))
        offsets.setflags(write=False)
        chosen.setflags(write=False)
        object.__setattr__(self, "ballot_offsets", offsets)
        object.__setattr__(self, "ballot_projects", chosen)
        object.__setattr__(self, "ballot_points", points)
        object.__setattr__(self, "budget", Fraction(self.budget))
        object.__setattr__(self, "meta", dict(self.meta))
        object.__setattr__(self, "voter_attributes", {k: tuple(v) for k, v in self.voter_attributes.items()})

    # -- construction ------------------------------------------------------------------------------

    @classmethod
    def from_ballots(
        cls,
        projects: Sequence[Project | tuple[str, int | str | Fraction]],
        budget: int | str | Fraction,
        ballots: Sequence[Sequence[str]],
        *,
        vote_type: VoteType = "approval",
        points: Sequence[Sequence[int | str | Fraction]] | None = None,
        voter_ids: Sequence[str] | None = None,
        meta: Mapping[str, str] | None = None,
        voter_attributes: Mapping[str, Sequence[str | None]] | None = None,
    ) -> Election:
        """Build an election from plain Python lists (tests, lessons, generated examples).

        Parameters
        ----------
        projects
            :class:`Project` objects or ``(id, cost)`` pairs; costs as int, decimal string or Fraction.
        budget
            The money to share out, exact.
        ballots
            One list of project ids per voter (a ranking for ordinal elections).
        vote_type
            One of :data:`VOTE_TYPES`.
        points
            For cumulative and scoring elections, the points next to each id of each ballot.
        voter_ids, meta, voter_attributes
            Optional extra information, as a Pabulib file would carry it.

        Raises
        ------
        CivicKitError
            ``pb-unknown-project`` when a ballot names a project that is not in ``projects``.
        """
        items = tuple(p if isinstance(p, Project) else Project(id=str(p[0]), cost=to_fraction(p[1])) for p in projects)
        position = {p.id: i for i, p in enumerate(items)}
        offsets = [0]
        chosen: list[int] = []
        for number, ballot in enumerate(ballots, start=1):
            for pid in ballot:
                if pid not in position:
                    raise CivicKitError.of("pb-unknown-project", row=number, line=number, project=str(pid))
                chosen.append(position[pid])
            offsets.append(len(chosen))
        scaled: np.ndarray | None = None
        scale = 1
        if points is not None and vote_type not in POINTS_TYPES:
            raise ValueError(f"{vote_type} ballots carry no points")
        if vote_type in POINTS_TYPES:
            flat = [to_fraction(x) for ballot in (points or [[0] * len(b) for b in ballots]) for x in ballot]
            if len(flat) != len(chosen):
                raise ValueError("points must match the ballots one to one")
            scale = _decimal_scale(flat)
            scaled = np.array([int(x * scale) for x in flat], dtype=np.int64)
        ids = tuple(voter_ids) if voter_ids is not None else tuple(str(i) for i in range(1, len(ballots) + 1))
        full_meta = {"budget": _shown(to_fraction(budget)), "vote_type": vote_type}
        full_meta.update(meta or {})
        return cls(
            projects=items,
            budget=to_fraction(budget),
            vote_type=vote_type,
            voter_ids=ids,
            ballot_offsets=np.array(offsets, dtype=np.int64),
            ballot_projects=np.array(chosen, dtype=np.int32),
            ballot_points=scaled,
            points_scale=scale,
            meta=full_meta,
            voter_attributes={k: tuple(v) for k, v in (voter_attributes or {}).items()},
        )

    def with_budget(self, budget: int | str | Fraction) -> Election:
        """The same election with another budget (to ask "what if the city had R$ 2 million?")."""
        value = to_fraction(budget)
        if value < 0:
            raise CivicKitError.of("pb-bad-budget-option", value=str(budget))
        meta = dict(self.meta)
        meta["budget"] = _shown(value)
        return dataclasses.replace(self, budget=value, meta=meta)

    # -- reading -----------------------------------------------------------------------------------

    @property
    def num_voters(self) -> int:
        """Number of ballots, empty ones included (they count when MES shares the budget)."""
        return len(self.voter_ids)

    @property
    def num_projects(self) -> int:
        return len(self.projects)

    @property
    def project_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.projects)

    @property
    def currency(self) -> str:
        """The symbol to print next to amounts: from META ``currency`` (``BRL`` -> ``R$``; an unknown code
        is shown as written), else R$, the teaching city's."""
        code = (self.meta.get("currency") or "BRL").strip()
        return _CURRENCY_SYMBOLS.get(code.upper(), code)

    @cached_property
    def costs(self) -> tuple[Fraction, ...]:
        """Exact cost of each project, in project order."""
        return tuple(p.cost for p in self.projects)

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(self.projects)}

    def position(self, project_id: str) -> int:
        """Where a project sits in :attr:`projects`.

        Raises
        ------
        CivicKitError
            ``pb-no-such-project`` if the id is not in the election.
        """
        try:
            return self._positions[project_id]
        except KeyError:
            raise CivicKitError.of("pb-no-such-project", project=str(project_id)) from None

    def project(self, project_id: str) -> Project:
        """The project with this id (see :meth:`position` for errors)."""
        return self.projects[self.position(project_id)]

    def ballot(self, voter: int) -> tuple[str, ...]:
        """The project ids of ballot number ``voter`` (0-based), in the order the voter wrote them."""
        start, stop = self.ballot_offsets[voter], self.ballot_offsets[voter + 1]
        return tuple(self.projects[int(i)].id for i in self.ballot_projects[start:stop])

    def points(self, voter: int) -> tuple[Fraction, ...]:
        """The points of ballot ``voter`` (1 per project for ballots without points)."""
        start, stop = self.ballot_offsets[voter], self.ballot_offsets[voter + 1]
        if self.ballot_points is None:
            return tuple(Fraction(1) for _ in range(start, stop))
        return tuple(Fraction(int(x), self.points_scale) for x in self.ballot_points[start:stop])

    @cached_property
    def ballot_voters(self) -> np.ndarray:
        """For each entry of ``ballot_projects``, the voter who wrote it."""
        lengths = np.diff(self.ballot_offsets)
        voters = np.repeat(np.arange(self.num_voters, dtype=np.int32), lengths)
        voters.setflags(write=False)
        return voters

    @cached_property
    def vote_counts(self) -> np.ndarray:
        """How many ballots name each project (its supporters), in project order."""
        counts = np.bincount(self.ballot_projects, minlength=self.num_projects).astype(np.int64)
        counts.setflags(write=False)
        return counts

    @cached_property
    def point_totals(self) -> tuple[Fraction, ...]:
        """Total points of each project (equal to :attr:`vote_counts` for ballots without points)."""
        if self.ballot_points is None:
            return tuple(Fraction(int(c)) for c in self.vote_counts)
        totals = [0] * self.num_projects
        for position, value in zip(self.ballot_projects.tolist(), self.ballot_points.tolist(), strict=True):
            totals[position] += value
        return tuple(Fraction(total, self.points_scale) for total in totals)

    @cached_property
    def supporters(self) -> tuple[np.ndarray, np.ndarray]:
        """The ballots turned around: ``(offsets, voters)`` so project ``p`` is supported by
        ``voters[offsets[p]:offsets[p + 1]]`` (voter numbers, ascending)."""
        order = np.argsort(self.ballot_projects, kind="stable")
        voters = np.ascontiguousarray(self.ballot_voters[order], dtype=np.int32)
        offsets = np.zeros(self.num_projects + 1, dtype=np.int64)
        np.cumsum(self.vote_counts, out=offsets[1:])
        offsets.setflags(write=False)
        voters.setflags(write=False)
        return offsets, voters

    # -- comparison --------------------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        """Same projects, budget, ballots and information (META formatting of the budget aside)."""
        if not isinstance(other, Election):
            return NotImplemented
        skip = {"budget", "vote_type"}
        return (
            self.projects == other.projects
            and self.budget == other.budget
            and self.vote_type == other.vote_type
            and self.voter_ids == other.voter_ids
            and np.array_equal(self.ballot_offsets, other.ballot_offsets)
            and np.array_equal(self.ballot_projects, other.ballot_projects)
            and _same_points(self, other)
            and {k: v for k, v in self.meta.items() if k not in skip}
            == {k: v for k, v in other.meta.items() if k not in skip}
            and dict(self.voter_attributes) == dict(other.voter_attributes)
        )

    __hash__ = None  # type: ignore[assignment]  # mutable-looking arrays inside: not hashable


def _same_points(a: Election, b: Election) -> bool:
    if a.ballot_points is None or b.ballot_points is None:
        return a.ballot_points is None and b.ballot_points is None
    left = [Fraction(int(x), a.points_scale) for x in a.ballot_points]
    right = [Fraction(int(x), b.points_scale) for x in b.ballot_points]
    return left == right


def _decimal_scale(values: Sequence[Fraction]) -> int:
    """The smallest power of ten that makes every value an integer (values must be decimals)."""
    scale = 1
    for value in values:
        while (value * scale).denominator != 1:
            scale *= 10
            if scale > 10**18:
                raise ValueError(f"{value} is not a decimal number")
    return scale


def _shown(value: Fraction) -> str:
    """An amount as text: the exact decimal when there is one, else the fraction (``1/3``)."""
    try:
        return _plain_decimal(value)
    except ValueError:
        return str(value)


def _plain_decimal(value: Fraction) -> str:
    """``Fraction(3001, 2)`` -> ``"1500.5"``; exact, or ValueError when no finite decimal exists."""
    value = Fraction(value)
    sign = "-" if value < 0 else ""
    value = abs(value)
    scale = _decimal_scale([value])
    digits = len(str(scale)) - 1
    whole, part = divmod(value.numerator * (scale // value.denominator), scale)
    if digits == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole}.{part:0{digits}d}".rstrip("0").rstrip(".")

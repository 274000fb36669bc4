"""Read and write Pabulib files (the research community's format for participatory-budgeting data).

A Pabulib file has three ``;``-separated sections::

    META                      PROJECTS                  VOTES
    key;value                 project_id;cost;name      voter_id;vote
    budget;1000000            1;250000;Praça            1;1,3
    vote_type;approval        ...                       ...

The parser is pure (:func:`parse_pabulib_text` takes text, returns an :class:`~civic_kit.pb.model.Election`)
and strict in a helpful way: every problem becomes an :class:`~civic_kit.problems.Issue` naming the
line and what is wrong, in the reader's language. :func:`check_pabulib_text` collects all of them (for a
validation screen); :func:`parse_pabulib_text` raises :class:`~civic_kit.problems.CivicKitError` with the
first error and keeps warnings (such as a ``num_votes`` that does not match) on ``Election.warnings``.
:func:`read_pabulib` opens a path or bytes, refusing files over :data:`MAX_BYTES` before reading them.

Deliberate differences from pabutools' parser: a vote naming a project twice, negative costs and
unknown vote types are errors here instead of being silently accepted.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from civic_kit.pb.model import (
    POINTS_TYPES,
    VOTE_TYPES,
    Election,
    Project,
    _decimal_scale,
    _plain_decimal,
    parse_decimal,
)
from civic_kit.problems import CivicKitError, Issue

__all__ = [
    "MAX_BYTES",
    "PabulibReport",
    "check_pabulib_text",
    "parse_pabulib_text",
    "read_pabulib",
    "write_pabulib",
]

#: Files larger than this are refused before being read (50 MB; the largest Pabulib file is ~40 MB).
MAX_BYTES = 50 * 1024 * 1024
#: A report stops collecting after this many issues: a broken file should not flood the screen.
LIMIT_ISSUES = 1000

_SECTIONS = ("meta", "projects", "votes")
_COMMA_DECIMAL = re.compile(r"^[+-]?\d+,\d+$")
_MISSING = {"", "none"}
_PROJECT_COLUMNS = (
    "project_id",
    "cost",
    "name",
    "category",
    "categories",
    "target",
    "targets",
    "latitude",
    "longitude",
    "votes",
    "score",
)


@dataclass(frozen=True)
class PabulibReport:
    """Everything found while reading a Pabulib text: ``valid`` is False when any issue is an error."""

    issues: tuple[Issue, ...]
    election: Election | None = field(default=None, compare=False)
    """The election, when the text had no errors (warnings allowed)."""

    @property
    def valid(self) -> bool:
        return not any(issue.severity == "error" for issue in self.issues)

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(issue for issue in self.issues if issue.severity == "error")

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-ready form for ``--json`` outputs."""
        return {"valid": self.valid, "issues": [issue.to_dict(lang) for issue in self.issues]}


# -- entry points ----------------------------------------------------------------------------------


def parse_pabulib_text(text: str) -> Election:
    """Parse the text of a Pabulib file.

    Parameters
    ----------
    text
        The whole file, already decoded (CRLF or LF line ends both work).

    Returns
    -------
    Election
        With problems that do not prevent counting kept in ``warnings``.

    Raises
    ------
    CivicKitError
        With the first error, whose message names the line and what is wrong.

    Example
    -------
    >>> e = parse_pabulib_text("META\\nkey;value\\nbudget;10\\nvote_type;approval\\n"
    ...     "PROJECTS\\nproject_id;cost\\na;6\\nb;5\\nVOTES\\nvoter_id;vote\\n1;a,b\\n")
    >>> e.num_voters, e.budget
    (1, Fraction(10, 1))
    """
    report = check_pabulib_text(text)
    if report.errors:
        raise CivicKitError(report.errors[0])
    assert report.election is not None
    return report.election


def check_pabulib_text(text: str) -> PabulibReport:
    """Read a Pabulib text and collect every problem instead of stopping at the first.

    This is what a validation screen shows: all the lines to fix at once. The election is built only
    when there are no errors.
    """
    return _Parser(text).run()


def read_pabulib(source: str | os.PathLike[str] | bytes, *, max_bytes: int = MAX_BYTES) -> Election:
    """Read a Pabulib file from a path or from uploaded bytes.

    The size is checked before anything is read, the text is decoded as UTF-8 (a byte-order mark is
    allowed), and anything else gets a clear message instead of a garbled election.

    Raises
    ------
    CivicKitError
        ``pb-file-not-found``, ``pb-file-too-large``, ``pb-binary-file``, ``pb-not-utf8`` or any parse error.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if len(data) > max_bytes:
            raise CivicKitError.of("pb-file-too-large", size_mb=_megabytes(len(data)), limit_mb=_megabytes(max_bytes))
        name = ""
    else:
        path = Path(source)
        name = path.name
        try:
            size = path.stat().st_size
        except OSError:
            raise CivicKitError.of("pb-file-not-found", name=str(source)) from None
        if not path.is_file():
            raise CivicKitError.of("pb-file-not-found", name=str(source))
        if size > max_bytes:
            raise CivicKitError.of("pb-file-too-large", size_mb=_megabytes(size), limit_mb=_megabytes(max_bytes))
        data = path.read_bytes()
    return parse_pabulib_text(_decode(data, name))


def write_pabulib(election: Election) -> str:
    """The election as Pabulib text; :func:`parse_pabulib_text` reads it back to an equal election.

    Costs, the budget and points are written as exact decimals (``1500.5``); fields containing ``;``
    or quotes are quoted the CSV way.

    Raises
    ------
    CivicKitError
        ``pb-not-decimal`` if a cost or the budget has no exact decimal form (say, 1/3).
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    out.write("META\n")
    writer.writerow(["key", "value"])
    meta = dict(election.meta)
    meta["budget"] = _decimal(election.budget)
    meta["vote_type"] = election.vote_type
    for key, value in meta.items():
        writer.writerow([key, value])

    out.write("PROJECTS\n")
    extra_columns: list[str] = []
    for project in election.projects:
        for key, _ in project.extra:
            if key not in extra_columns:
                extra_columns.append(key)
    columns = ["project_id", "cost", "name", "category", "target", "latitude", "longitude", "votes", "score"]
    used = [
        c
        for c in columns
        if c in ("project_id", "cost") or any(_project_value(p, c) != "None" for p in election.projects)
    ]
    writer.writerow(used + extra_columns)
    for project in election.projects:
        extras = dict(project.extra)
        writer.writerow([_project_value(project, c) for c in used] + [extras.get(c, "None") for c in extra_columns])

    out.write("VOTES\n")
    attributes = list(election.voter_attributes)
    header = ["voter_id", *attributes, "vote"]
    if election.vote_type in POINTS_TYPES:
        header.append("points")
    writer.writerow(header)
    for voter, voter_id in enumerate(election.voter_ids):
        row = [voter_id]
        values = (election.voter_attributes[a][voter] for a in attributes)
        row += ["None" if value is None else value for value in values]
        row.append(",".join(election.ballot(voter)))
        if election.vote_type in POINTS_TYPES:
            # An empty ballot gets "None" points: pabutools reads an empty points field as a number.
            row.append(",".join(_decimal(x) for x in election.points(voter)) or "None")
        writer.writerow(row)
    return out.getvalue()


# -- the parser ------------------------------------------------------------------------------------


@dataclass
class _Section:
    name: str
    line: int
    header: list[str] = field(default_factory=list)
    header_line: int = 0
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


class _Parser:
    """One pass to split the text into sections, then one pass per section; issues are collected."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.issues: list[Issue] = []
        self.last_line = 0

    # issue helpers
    def error(self, code: str, line: int | None, **params: Any) -> None:
        if len(self.issues) < LIMIT_ISSUES:
            self.issues.append(Issue(code=code, params={"line": line, **params}, severity="error", row=line))

    def warn(self, code: str, line: int | None, **params: Any) -> None:
        if len(self.issues) < LIMIT_ISSUES:
            self.issues.append(Issue(code=code, params={"line": line, **params}, severity="warning", row=line))

    def finish(self, election: Election | None = None) -> PabulibReport:
        ordered = sorted(self.issues, key=lambda i: (i.row is None, i.row or 0))
        return PabulibReport(issues=tuple(ordered), election=election)

    def run(self) -> PabulibReport:
        if "\x00" in self.text:
            self.error("pb-binary-file", None)
            return self.finish()
        if not self.text.strip().lstrip("\ufeff").strip():
            self.error("pb-empty-file", None)
            return self.finish()
        sections = self.split()
        if sections is None:
            return self.finish()
        for name in _SECTIONS:
            if name not in sections:
                self.error("pb-missing-section", self.last_line, section=name.upper())
        if any(i.severity == "error" for i in self.issues):
            return self.finish()
        meta = self.read_meta(sections["meta"])
        projects = self.read_projects(sections["projects"])
        budget, vote_type = self.check_meta(sections["meta"], meta)
        if projects is None or vote_type is None:
            return self.finish()
        # A bad budget does not stop the votes from being checked: the reader sees every problem at once.
        election = self.read_votes(sections["votes"], meta, projects, budget or Fraction(0), vote_type)
        if any(i.severity == "error" for i in self.issues):
            return self.finish()
        return self.finish(election)

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """CSV records with the number of the line each starts on (quoted fields may span lines)."""
        body = self.text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        lines = body.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        self.last_line = len(lines)
        reader = csv.reader(lines, delimiter=";", strict=True)
        start = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error:
                self.error("pb-bad-quotes", start)
                return
            yield start, row
            start = reader.line_num + 1

    def split(self) -> dict[str, _Section] | None:
        sections: dict[str, _Section] = {}
        current: _Section | None = None
        for line, row in self.records():
            if all(not cell.strip() for cell in row):
                continue
            first = row[0].strip().lower()
            if first in _SECTIONS and all(not cell.strip() for cell in row[1:]):
                if first in sections:
                    self.error("pb-duplicate-section", line, section=first.upper(), first=sections[first].line)
                    return None
                current = _Section(first, line)
                sections[first] = current
                continue
            if current is None:
                self.error("pb-outside-section", line)
                return None
            if not current.header:
                current.header = [cell.strip().lower() for cell in row]
                current.header_line = line
                continue
            current.rows.append((line, row))
        if self.issues:  # unreadable quotes: what follows them cannot be trusted
            return None
        for section in sections.values():
            if not section.header:
                self.error("pb-missing-header", section.line, section=section.name.upper())
        return sections

    # META
    def read_meta(self, section: _Section) -> dict[str, tuple[int, str]]:
        meta: dict[str, tuple[int, str]] = {}
        for line, row in section.rows:
            if len(row) < 2:
                self.error("pb-wrong-field-count", line, expected=2, found=len(row))
                continue
            key = row[0].strip()
            value = ";".join(row[1:]).strip()
            if key in meta:
                self.warn("pb-duplicate-meta-key", line, key=key, first=meta[key][0])
            meta[key] = (line, value)
        return meta

    def check_meta(self, section: _Section, meta: dict[str, tuple[int, str]]) -> tuple[Fraction | None, str | None]:
        budget: Fraction | None = None
        if "budget" not in meta:
            self.error("pb-no-budget", section.line)
        else:
            line, text = meta["budget"]
            budget = parse_decimal(text)
            if budget is None:
                self.error("pb-bad-budget", line, value=text)
            elif budget < 0:
                self.error("pb-bad-budget", line, value=text)
                budget = None
        vote_type: str | None = "approval"
        if "vote_type" not in meta:
            self.warn("pb-no-vote-type", section.line)
        else:
            line, text = meta["vote_type"]
            if text.strip().lower() not in VOTE_TYPES:
                self.error("pb-bad-vote-type", line, value=text, known=", ".join(VOTE_TYPES))
                vote_type = None
            else:
                vote_type = text.strip().lower()
        for key in ("min_length", "max_length", "num_projects", "num_votes"):
            if key in meta:
                line, text = meta[key]
                if not text.isdigit():
                    self.error("pb-bad-meta-number", line, key=key, value=text)
        for key in ("max_sum_points", "min_sum_points", "max_points", "min_points"):
            if key in meta:
                line, text = meta[key]
                if parse_decimal(text) is None:
                    self.error("pb-bad-meta-number", line, key=key, value=text)
        return budget, vote_type

    # PROJECTS
    def read_projects(self, section: _Section) -> list[Project] | None:
        header = section.header
        missing = [c for c in ("project_id", "cost") if c not in header]
        if missing:
            self.error("pb-missing-column", section.header_line, section="PROJECTS", column=missing[0])
            return None
        if not section.rows:
            self.error("pb-no-projects", section.header_line)
            return None
        projects: list[Project] = []
        seen: dict[str, int] = {}
        ok = True
        for line, row in section.rows:
            if len(row) != len(header):
                self.error("pb-wrong-field-count", line, expected=len(header), found=len(row))
                ok = False
                continue
            values = {key: cell.strip() for key, cell in zip(header, row, strict=True)}
            project = self.project(line, values)
            if project is None:
                ok = False
                continue
            if project.id in seen:
                self.error("pb-duplicate-project", line, project=project.id, first=seen[project.id])
                ok = False
                continue
            seen[project.id] = line
            projects.append(project)
        return projects if ok else None

    def project(self, line: int, values: Mapping[str, str]) -> Project | None:
        pid = values["project_id"]
        if not pid:
            self.error("pb-empty-project-id", line)
            return None
        cost = parse_decimal(values["cost"])
        if cost is None:
            self.error("pb-bad-cost", line, project=pid, value=values["cost"])
            return None
        if cost < 0:
            self.error("pb-negative-cost", line, project=pid, value=values["cost"])
            return None

        def present(key: str) -> str | None:
            value = values.get(key)
            return None if value is None or value.lower() in _MISSING else value

        coords: dict[str, float | None] = {}
        for key in ("latitude", "longitude"):
            text = present(key)
            coords[key] = None if text is None else _coordinate(text)
            if text is not None and coords[key] is None:
                self.error("pb-bad-number", line, column=key, value=text)
                return None
        votes_text = present("votes")
        if votes_text is not None and not votes_text.isdigit():
            self.error("pb-bad-number", line, column="votes", value=votes_text)
            return None
        score_text = present("score")
        score = None if score_text is None else parse_decimal(score_text)
        if score_text is not None and score is None:
            self.error("pb-bad-number", line, column="score", value=score_text)
            return None
        categories = present("category") or present("categories")
        targets = present("target") or present("targets")
        return Project(
            id=pid,
            cost=cost,
            name=present("name") or "",
            categories=_split_list(categories),
            targets=_split_list(targets),
            latitude=coords["latitude"],
            longitude=coords["longitude"],
            declared_votes=None if votes_text is None else int(votes_text),
            declared_score=score,
            extra=tuple((k, v) for k, v in values.items() if k not in _PROJECT_COLUMNS),
        )

    # VOTES
    def read_votes(
        self,
        section: _Section,
        meta: dict[str, tuple[int, str]],
        projects: list[Project],
        budget: Fraction,
        vote_type: str,
    ) -> Election | None:
        header = section.header
        if "vote" not in header:
            self.error("pb-missing-column", section.header_line, section="VOTES", column="vote")
            return None
        with_points = vote_type in POINTS_TYPES
        if with_points and "points" not in header:
            self.error("pb-missing-column", section.header_line, section="VOTES", column="points")
            return None
        position = {p.id: i for i, p in enumerate(projects)}
        limits = {k: parse_decimal(meta[k][1]) for k in ("min_length", "max_length", "max_sum_points") if k in meta}
        attribute_columns = [c for c in header if c not in ("voter_id", "vote", "points")]
        attributes: dict[str, list[str | None]] = {c: [] for c in attribute_columns}
        voter_ids: list[str] = []
        seen_voters: dict[str, int] = {}
        offsets = [0]
        chosen: list[int] = []
        points: list[Fraction] = []
        for line, row in section.rows:
            if len(row) != len(header):
                self.error("pb-wrong-field-count", line, expected=len(header), found=len(row))
                continue
            values = {key: cell.strip() for key, cell in zip(header, row, strict=True)}
            voter_id = values.get("voter_id", str(len(voter_ids) + 1))
            if voter_id in seen_voters:
                self.error("pb-duplicate-voter", line, voter=voter_id, first=seen_voters[voter_id])
                continue
            ballot = self.ballot(line, values, position, vote_type, limits)
            if ballot is None:
                continue
            seen_voters[voter_id] = line
            voter_ids.append(voter_id)
            for column in attribute_columns:
                value = values[column]
                attributes[column].append(None if value.lower() in _MISSING else value)
            chosen.extend(ballot[0])
            points.extend(ballot[1])
            offsets.append(len(chosen))
        if "num_votes" in meta and meta["num_votes"][1].isdigit():
            declared = int(meta["num_votes"][1])
            if declared != len(section.rows):
                self.warn("pb-num-votes-mismatch", meta["num_votes"][0], declared=declared, found=len(section.rows))
        if "num_projects" in meta and meta["num_projects"][1].isdigit():
            declared = int(meta["num_projects"][1])
            if declared != len(projects):
                self.warn("pb-num-projects-mismatch", meta["num_projects"][0], declared=declared, found=len(projects))
        if any(i.severity == "error" for i in self.issues):
            return None
        scale = _decimal_scale(points) if with_points else 1
        return Election(
            projects=tuple(projects),
            budget=budget,
            vote_type=vote_type,  # type: ignore[arg-type]  # checked against VOTE_TYPES in check_meta
            voter_ids=tuple(voter_ids),
            ballot_offsets=np.array(offsets, dtype=np.int64),
            ballot_projects=np.array(chosen, dtype=np.int32),
            ballot_points=np.array([int(x * scale) for x in points], dtype=np.int64) if with_points else None,
            points_scale=scale,
            meta={key: value for key, (_, value) in meta.items()},
            voter_attributes={k: tuple(v) for k, v in attributes.items()},
            warnings=tuple(i for i in sorted(self.issues, key=lambda i: i.row or 0) if i.severity == "warning"),
        )

    def ballot(
        self,
        line: int,
        values: Mapping[str, str],
        position: Mapping[str, int],
        vote_type: str,
        limits: Mapping[str, Fraction | None],
    ) -> tuple[list[int], list[Fraction]] | None:
        names = [name.strip() for name in values["vote"].split(",")]
        names = [name for name in names if name and name.lower() != "none"]
        chosen: list[int] = []
        for name in names:
            if name not in position:
                self.error("pb-unknown-project", line, project=name)
                return None
            if position[name] in chosen:
                self.error("pb-repeated-project", line, project=name)
                return None
            chosen.append(position[name])
        points: list[Fraction] = []
        if vote_type in POINTS_TYPES:
            texts = [x.strip() for x in values["points"].split(",") if x.strip() and x.strip().lower() != "none"]
            if len(texts) != len(chosen):
                self.error("pb-points-mismatch", line, projects=len(chosen), points=len(texts))
                return None
            for text in texts:
                value = parse_decimal(text)
                if value is None or value < 0:
                    self.error("pb-bad-points", line, value=text)
                    return None
                try:
                    _decimal_scale([value])
                except ValueError:
                    self.error("pb-bad-points", line, value=text)
                    return None
                points.append(value)
            limit = limits.get("max_sum_points")
            if limit is not None and sum(points) > limit:
                self.warn("pb-points-over-limit", line, total=float(sum(points)), limit=float(limit))
        if vote_type == "choose-1" and len(chosen) > 1:
            self.error("pb-choose-one-many", line, count=len(chosen))
            return None
        longest = limits.get("max_length")
        shortest = limits.get("min_length")
        if longest is not None and len(chosen) > longest:
            self.warn("pb-ballot-too-long", line, count=len(chosen), limit=int(longest))
        if shortest is not None and 0 < len(chosen) < shortest:
            self.warn("pb-ballot-too-short", line, count=len(chosen), limit=int(shortest))
        return chosen, points


# -- helpers ---------------------------------------------------------------------------------------


def _coordinate(text: str) -> float | None:
    """A latitude or longitude; floats are fine here (they place a marker, they are not money)."""
    try:
        value = float(text.replace(",", ".") if _COMMA_DECIMAL.match(text) else text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _split_list(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _decimal(value: Fraction) -> str:
    try:
        return _plain_decimal(value)
    except ValueError:
        raise CivicKitError.of("pb-not-decimal", value=str(value)) from None


def _project_value(project: Project, column: str) -> str:
    if column == "project_id":
        return project.id
    if column == "cost":
        return _decimal(project.cost)
    if column == "name":
        return project.name or "None"
    if column == "category":
        return ",".join(project.categories) or "None"
    if column == "target":
        return ",".join(project.targets) or "None"
    if column in ("latitude", "longitude"):
        value = getattr(project, column)
        return "None" if value is None else repr(value)
    if column == "votes":
        return "None" if project.declared_votes is None else str(project.declared_votes)
    if column == "score":
        return "None" if project.declared_score is None else _decimal(project.declared_score)
    raise KeyError(column)


def _decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise CivicKitError.of("pb-empty-file", line=None)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text is full of NUL bytes: not "binary"
        raise CivicKitError.of("pb-not-utf8", row=1, line=1, name=name)
    if b"\x00" in data[:8192]:
        raise CivicKitError.of("pb-binary-file", line=None)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line = data[: problem.start].count(b"\n") + 1
        raise CivicKitError.of("pb-not-utf8", row=line, line=line, name=name) from None


def _megabytes(size: int) -> float:
    return round(size / (1024 * 1024), 1)

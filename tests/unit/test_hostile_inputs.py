"""Every upload path answers every hostile file with a translated issue or a reported repair.

The corpus and its expected outcomes live in ``tests/hostile/build_corpus.py``; this module runs each
case through the public entry point the apps call, and checks that:

- the outcome is the expected issue code (raised, or an error issue in the returned report) or the
  expected reported repair -- never another exception type;
- every issue message renders in pt-BR, es and en with no ``{placeholder}`` left;
- the committed files and ``docs/hostile-inputs.md`` are what the generator writes;
- big inputs (500 MB single line, 2 GB, 100k columns, 1 GB zip bomb) are refused before parsing, with
  a bounded peak of Python memory (tracemalloc).

A ``signal.alarm`` watchdog (60 s) turns a hang into a failure; no speed numbers are asserted here.
"""

from __future__ import annotations

import json
import re
import signal
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from civic_kit.i18n import LANGUAGES
from civic_kit.problems import CivicKitError, Issue
from tests.hostile import build_corpus
from tests.hostile.build_corpus import BIG_CASES, CASES, HERE, Case

_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
_WATCHDOG_SECONDS = 60
_MB = 1024 * 1024


@dataclass
class Outcome:
    """What an entry point answered: the raised issue, or the result and its report issues."""

    error: Issue | None = None
    issues: list[Issue] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    result: Any = None


@pytest.fixture(autouse=True)
def watchdog() -> Iterator[None]:
    """Fail a case that hangs (a hang detector, not a speed test)."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"no answer within {_WATCHDOG_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(_WATCHDOG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- running one file through its upload path --------------------------------------------------------


def _bounds() -> Any:
    from civic_kit.access import CityBounds

    # The teaching city's box (bundled facilities.csv lies inside it).
    return CityBounds(south=-22.65, west=-48.05, north=-22.45, east=-47.80)


def _run_csv(source: Any) -> Outcome:
    from civic_kit.data import read_gov_csv

    frame, report = read_gov_csv(source)
    return Outcome(issues=list(report.issues), facts={"encoding": report.encoding}, result=frame)


def _run_pb(source: Any) -> Outcome:
    from civic_kit.pb.pabulib import read_pabulib

    election = read_pabulib(source)
    return Outcome(issues=list(election.warnings), result=election)


def _run_facilities(source: Any) -> Outcome:
    from civic_kit.access import facilities_from_table
    from civic_kit.data import read_gov_csv

    frame, report = read_gov_csv(source)
    facilities, issues = facilities_from_table(frame, _bounds(), header_rows=report.header_row)
    return Outcome(issues=[*report.issues, *issues], facts={"encoding": report.encoding}, result=facilities)


def _run_policy(source: Any) -> Outcome:
    from civic_kit.policy.answers import load_answers

    answers, lang = load_answers(source)
    return Outcome(facts={"lang": lang}, result=answers)


def _run_transparency(source: Any) -> Outcome:
    from civic_kit.transparency.store import load

    return Outcome(result=load(source))


RUNNERS: dict[str, Callable[[Any], Outcome]] = {
    "csv": _run_csv,
    "pb": _run_pb,
    "facilities": _run_facilities,
    "policy": _run_policy,
    "transparency": _run_transparency,
}


def run(path: str, source: Any) -> Outcome:
    """Call the upload path; a :class:`CivicKitError` is an outcome, any other exception fails the test."""
    try:
        return RUNNERS[path](source)
    except CivicKitError as error:
        return Outcome(error=error.issue)


def assert_outcome(expected: str, outcome: Outcome) -> None:
    """Compare an outcome with ``<code>``, ``repaired:<code>``, ``repaired:<fact>=<value>`` or ``ok``."""
    errors = [i.code for i in outcome.issues if i.severity == "error"]
    others = [i.code for i in outcome.issues if i.severity != "error"]
    raised = outcome.error.code if outcome.error else None
    if expected == "ok":
        assert raised is None and not errors, (raised, errors)
    elif expected.startswith("repaired:"):
        assert raised is None and not errors, (raised, errors)
        what = expected.removeprefix("repaired:")
        if "=" in what:
            name, value = what.split("=", 1)
            assert str(outcome.facts.get(name)) == value, outcome.facts
        else:
            assert what in others, others
    else:
        assert raised == expected or (raised is None and expected in errors), (raised, errors)


def assert_messages_render(outcome: Outcome) -> None:
    """Every issue reads as a full sentence in each language, with no template leftovers."""
    issues = ([outcome.error] if outcome.error else []) + outcome.issues
    for issue in issues:
        for lang in LANGUAGES:
            text = issue.message(lang)
            assert text.strip(), (issue.code, lang)
            assert not _PLACEHOLDER.search(text), (issue.code, lang, text)
            assert "None" not in text.split(), (issue.code, lang, text)


# -- checks specific to one case ---------------------------------------------------------------------


def _formulas_stay_text(outcome: Outcome) -> None:
    assert outcome.result["Formula"].astype(str).tolist() == list(build_corpus.FORMULAS)


def _scripts_stay_text(outcome: Outcome) -> None:
    assert "<script>alert(1)</script>" in outcome.result["Nome"].astype(str).tolist()


def _rtl_kept(outcome: Outcome) -> None:
    assert outcome.result["Arquivo"].astype(str).tolist() == [build_corpus.RTL]


def _utf16_decoded(outcome: Outcome) -> None:
    assert outcome.result["Nome"].tolist() == ["Saúde", "Educação"]


def _pb_names_text(outcome: Outcome) -> None:
    names = [p.name for p in outcome.result.projects]
    assert build_corpus.FORMULAS[0] in names and build_corpus.FORMULAS[1] in names


def _pb_xss_text(outcome: Outcome) -> None:
    assert "<script>alert(1)</script>" in [p.name for p in outcome.result.projects]


def _pb_huge_cost_exact(outcome: Outcome) -> None:
    assert max(p.cost for p in outcome.result.projects) == int("9" * 400)


EXTRA_CHECKS: dict[str, Callable[[Outcome], None]] = {
    "csv-formulas": _formulas_stay_text,
    "csv-script-cells": _scripts_stay_text,
    "csv-rtl-override": _rtl_kept,
    "csv-utf16le-no-bom": _utf16_decoded,
    "csv-utf16be-no-bom": _utf16_decoded,
    "csv-utf32-bom": _utf16_decoded,
    "pb-formula-names": _pb_names_text,
    "pb-xss-names": _pb_xss_text,
    "pb-cost-huge": _pb_huge_cost_exact,
}


def _id(case: Case) -> str:
    return f"{case.path}-{case.name}"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_hostile_file(case: Case) -> None:
    outcome = run(case.path, HERE / case.relpath)
    assert_outcome(case.expected, outcome)
    assert_messages_render(outcome)
    check = EXTRA_CHECKS.get(_id(case))
    if check is not None:
        check(outcome)


def test_extra_checks_name_real_cases() -> None:
    assert set(EXTRA_CHECKS) <= {_id(c) for c in CASES}


@pytest.mark.parametrize("path", list(build_corpus.ENTRY_POINTS))
def test_at_least_thirty_cases_per_path(path: str) -> None:
    count = sum(c.path == path for c in CASES) + sum(b.path == path for b in BIG_CASES)
    if path in ("policy", "transparency"):
        count = sum(c.path in ("policy", "transparency") for c in CASES)
    assert count >= 30, (path, count)


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_committed_file_matches_generator(case: Case) -> None:
    assert (HERE / case.relpath).read_bytes() == case.build(), "run: python -m tests.hostile.build_corpus"


def test_doc_matches_table() -> None:
    doc = Path(build_corpus.DOC).read_text(encoding="utf-8")
    assert doc == build_corpus.render_doc(), "run: python -m tests.hostile.build_corpus"


def test_no_stray_corpus_files() -> None:
    listed = {c.relpath for c in CASES}
    on_disk = {
        str(p.relative_to(HERE))
        for p in HERE.rglob("*")
        if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts
    }
    assert on_disk == listed


# -- big inputs, generated here (sparse or streamed), never committed --------------------------------


def _sparse(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no disk space: one 'line' of NUL bytes, no newline."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def _streamed(path: Path, head: bytes, filler: bytes, total: int, tail: bytes = b"") -> Path:
    """Write ``head``, then ``filler`` repeated up to ``total`` bytes, then ``tail``, one MB at a time."""
    block = filler * (_MB // len(filler))
    with path.open("wb") as handle:
        handle.write(head)
        left = total
        while left > 0:
            handle.write(block[: min(left, len(block))])
            left -= len(block)
        handle.write(tail)
    return path


def _bomb(path: Path, inner: str) -> Path:
    path.write_bytes(build_corpus.zip_bomb(inner, 1 << 30))
    return path


def _padded_json(path: Path, document: dict[str, Any], total: int) -> Path:
    """Valid JSON: ``document`` plus a ``padding`` string that brings it to about ``total`` bytes."""
    text = json.dumps(document)
    return _streamed(path, text[:-1].encode() + b', "padding": "', b"x", total, b'"}')


def _big_csv_line(tmp: Path) -> Path:
    return _streamed(tmp / "linha.csv", b"Nome;Valor\n", b"x", 11 * 1024 * 1024, b";1\n")


def _big_csv_field(tmp: Path) -> Path:
    return _streamed(tmp / "campo.csv", b'Nome;Texto\nA;"', b"y", 10_000_000, b'"\n')


def _wide(tmp: Path, name: str) -> Path:
    header = ";".join(["latitude", "longitude"] + [f"c{i}" for i in range(99_998)])
    target = tmp / name
    target.write_text(header + "\n" + ";".join(["-22,5", "-47,9"] + ["1"] * 99_998) + "\n", encoding="utf-8")
    return target


#: name -> (builder in tmp_path, source to pass: the path or an open handle, peak memory bound in MB).
BIG_BUILDERS: dict[str, tuple[Callable[[Path], Path], bool, int]] = {
    "csv-500mb-single-line": (lambda tmp: _sparse(tmp / "linha.csv", 500 * _MB), False, 4),
    "csv-500mb-single-line-handle": (lambda tmp: _sparse(tmp / "linha.csv", 500 * _MB), True, 4),
    "csv-2gb": (lambda tmp: _sparse(tmp / "grande.csv", 2048 * _MB), False, 4),
    "csv-11mb-line": (_big_csv_line, False, 160),
    "csv-10mb-field": (_big_csv_field, False, 400),
    "csv-100k-columns": (lambda tmp: _wide(tmp, "largo.csv"), False, 64),
    "csv-zip-bomb-1gb": (lambda tmp: _bomb(tmp / "bomba.csv", "dados.csv"), False, 16),
    "pb-500mb": (lambda tmp: _sparse(tmp / "eleicao.pb", 500 * _MB), False, 4),
    "pb-2gb": (lambda tmp: _sparse(tmp / "eleicao.pb", 2048 * _MB), False, 4),
    "pb-zip-bomb-1gb": (lambda tmp: _bomb(tmp / "bomba.pb", "eleicao.pb"), False, 16),
    "facilities-500mb": (lambda tmp: _sparse(tmp / "unidades.csv", 500 * _MB), False, 4),
    "facilities-100k-columns": (lambda tmp: _wide(tmp, "unidades.csv"), False, 64),
    "policy-50mb-json": (
        lambda tmp: _padded_json(tmp / "rascunho.json", build_corpus.POLICY_VALID, 50 * _MB),
        False,
        4,
    ),
    "policy-2gb": (lambda tmp: _sparse(tmp / "rascunho.json", 2048 * _MB), False, 4),
    "transparency-50mb-json": (
        lambda tmp: _padded_json(tmp / "avaliacao.json", build_corpus.TRANSPARENCY_VALID, 50 * _MB),
        False,
        4,
    ),
    "transparency-2gb": (lambda tmp: _sparse(tmp / "avaliacao.json", 2048 * _MB), False, 4),
}


def test_big_builders_match_table() -> None:
    assert set(BIG_BUILDERS) == {b.name for b in BIG_CASES}


@pytest.mark.parametrize("big", BIG_CASES, ids=lambda b: b.name)
def test_big_input_refused_before_parsing(big: build_corpus.BigCase, tmp_path: Path) -> None:
    build, as_handle, limit_mb = BIG_BUILDERS[big.name]
    target = build(tmp_path)
    tracemalloc.start()
    try:
        if as_handle:
            with target.open("rb") as handle:
                outcome = run(big.path, handle)
        else:
            outcome = run(big.path, target)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert_outcome(big.expected, outcome)
    assert_messages_render(outcome)
    assert peak < limit_mb * _MB, f"peak Python memory {peak / _MB:.1f} MB over {limit_mb} MB"
    if big.name == "csv-10mb-field":
        assert len(outcome.result["Texto"].iloc[0]) == 10_000_000

"""Answers: every validation problem reported at once, in three languages; versioned files that never break."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civic_kit.i18n import LANGUAGES, t
from civic_kit.policy.answers import (
    MAX_FILE_BYTES,
    SCHEMA_VERSION,
    Answers,
    answers_to_document,
    load_answers,
    parse_answers_document,
    read_answers,
    save_answers,
    validate_answers,
)
from civic_kit.problems import CivicKitError

UNFILLED = re.compile(r"\{[a-z_]+\}")
VALID = {"municipality": "Exemplópolis", "population": 8500, "issuing_authority": "O Prefeito Municipal"}


def _codes(data):
    return [(issue.column, issue.code) for issue in validate_answers(data).issues]


# (answers to merge into VALID, expected (field, code) issues)
BAD = {
    "empty-municipality": ({"municipality": ""}, [("municipality", "policy-required")]),
    "blank-municipality": ({"municipality": "   "}, [("municipality", "policy-required")]),
    "missing-municipality": ({"municipality": None}, [("municipality", "policy-required")]),
    "municipality-too-long": ({"municipality": "x" * 121}, [("municipality", "policy-too-long")]),
    "municipality-two-lines": ({"municipality": "Exemplo\npolis"}, [("municipality", "policy-single-line")]),
    "municipality-control-char": (
        {"municipality": "Exem\x00plópolis"},
        [("municipality", "policy-control-characters")],
    ),
    "municipality-bidi-override": (
        {"municipality": "Exem\u202eplópolis"},
        [("municipality", "policy-control-characters")],
    ),
    "municipality-not-text": ({"municipality": 42}, [("municipality", "policy-not-text")]),
    "population-zero": ({"population": 0}, [("population", "policy-out-of-range")]),
    "population-negative": ({"population": -5}, [("population", "policy-out-of-range")]),
    "population-text": ({"population": "muitos"}, [("population", "policy-not-integer")]),
    "population-with-dots": ({"population": "8.500"}, [("population", "policy-not-integer")]),
    "population-fraction": ({"population": 8500.5}, [("population", "policy-not-integer")]),
    "population-boolean": ({"population": True}, [("population", "policy-not-integer")]),
    "review-zero": ({"review_period_years": 0}, [("review_period_years", "policy-out-of-range")]),
    "review-eleven": ({"review_period_years": 11}, [("review_period_years", "policy-out-of-range")]),
    "plan-zero": ({"plan_period_years": 0}, [("plan_period_years", "policy-out-of-range")]),
    "plan-five": ({"plan_period_years": 5}, [("plan_period_years", "policy-out-of-range")]),
    "deadline-zero": ({"deadline_plan_days": 0}, [("deadline_plan_days", "policy-out-of-range")]),
    "deadline-731": ({"deadline_inventory_days": 731}, [("deadline_inventory_days", "policy-out-of-range")]),
    "portal-deadline-text": ({"deadline_portal_days": "soon"}, [("deadline_portal_days", "policy-not-integer")]),
    "justification-too-long": ({"justification": "a" * 2001}, [("justification", "policy-too-long")]),
    "authority-too-long": ({"issuing_authority": "b" * 121}, [("issuing_authority", "policy-too-long")]),
    "oversight-too-long": ({"oversight_body": "c" * 121}, [("oversight_body", "policy-too-long")]),
    "javascript-url": ({"portal_url": "javascript:alert(1)"}, [("portal_url", "policy-bad-url")]),
    "url-with-space": ({"portal_url": "https://dados. gov.br"}, [("portal_url", "policy-bad-url")]),
    "unknown-country": ({"country": "PE"}, [("country", "policy-unknown-option")]),
    "lei-outside-brazil": ({"country": "MX", "instrument": "lei"}, [("instrument", "policy-option-not-available")]),
    "ordenanza-in-brazil": ({"instrument": "ordenanza"}, [("instrument", "policy-option-not-available")]),
    "unknown-licence": ({"licence": "gpl-3.0"}, [("licence", "policy-unknown-option")]),
    "formats-not-a-list": ({"formats": {"csv": True}}, [("formats", "policy-not-list")]),
    "no-format": ({"formats": []}, [("formats", "policy-too-few-items")]),
    "unknown-format": ({"formats": ["csv", "pdf"]}, [("formats", "policy-unknown-option")]),
    "focal-points-text": ({"focal_points": "sim"}, [("focal_points", "policy-not-boolean")]),
    "unknown-field": ({"colour": "blue"}, [(None, "policy-unknown-field")]),
}


@pytest.mark.parametrize(("change", "expected"), BAD.values(), ids=BAD.keys())
def test_invalid_answers(change, expected):
    data = {**VALID, **change}
    assert _codes(data) == expected
    report = validate_answers(data)
    assert not report.valid and report.answers is None
    if "colour" not in data:  # an unknown keyword is a programming error (TypeError) for the dataclass
        with pytest.raises(CivicKitError) as error:
            Answers(**data)
        assert (error.value.issue.column, error.value.issue.code) == expected[0]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("change", "expected"), BAD.values(), ids=BAD.keys())
def test_every_validation_message_is_translated_and_names_the_question(change, expected, lang):
    for issue in validate_answers({**VALID, **change}).issues:
        message = issue.message(lang)
        assert message and not UNFILLED.search(message)
        if issue.column:
            assert t(f"policy.q.{issue.column}.label", lang) in message


def test_messages_differ_by_language():
    issue = validate_answers({**VALID, "review_period_years": 0}).issues[0]
    texts = {lang: issue.message(lang) for lang in LANGUAGES}
    assert len(set(texts.values())) == 3
    assert "Revisão da política" in texts["pt-BR"] and "0" in texts["pt-BR"]


def test_all_problems_are_reported_at_once():
    data = {
        "municipality": "",
        "population": 0,
        "issuing_authority": "x",
        "plan_period_years": 9,
        "review_period_years": 0,
    }
    assert {code for _, code in _codes(data)} == {"policy-required", "policy-out-of-range"}
    assert len(validate_answers(data).issues) == 4


def test_required_answers_missing():
    assert _codes({}) == [
        ("municipality", "policy-required"),
        ("population", "policy-required"),
        ("issuing_authority", "policy-required"),
    ]


def test_not_a_mapping():
    assert [i.code for i in validate_answers(["municipality"]).issues] == ["policy-file-not-mapping"]


def test_values_are_normalised():
    report = validate_answers(
        {
            **VALID,
            "municipality": "  Sa\u0303o Jose\u0301  ",
            "population": " 8500 ",
            "formats": ["json", "csv", "json"],
            "priority_areas": ("budget", "health"),
            "justification": "a\r\n\r\nb",
        }
    )
    answers = report.answers
    assert answers is not None
    assert answers.municipality == "São José"
    assert answers.population == 8500
    assert answers.formats == ("csv", "json")
    assert answers.priority_areas == ("health", "budget")
    assert answers.justification == "a\n\nb"
    assert answers.review_period_years == 4 and answers.licence == "cc-by-4.0"


def test_review_period_may_be_left_empty():
    answers = validate_answers({**VALID, "review_period_years": None}).answers
    assert answers is not None and answers.review_period_years is None


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "municipality",
                "population",
                "country",
                "instrument",
                "formats",
                "review_period_years",
                "portal_url",
                "focal_points",
                "justification",
                "participation",
                "other",
            ]
        ),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.floats(allow_nan=True),
            st.text(max_size=30),
            st.lists(st.text(max_size=8), max_size=4),
            st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
        ),
    )
)
def test_validation_never_raises_on_arbitrary_input(data):
    report = validate_answers(data)
    assert report.valid == (report.answers is not None)
    for issue in report.issues:
        assert issue.message("es")


# ------------------------------------------------------------------------------------------- files


def _answers() -> Answers:
    return Answers(
        **VALID, formats=("csv", "json"), oversight_body="Controladoria-Geral do Município", review_period_years=None
    )


def test_save_and_load_round_trip(tmp_path):
    path = save_answers(_answers(), tmp_path / "respostas.json", lang="es")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["app"] == "civic-kit-policy-drafter"
    assert document["lang"] == "es"
    assert document["answers"]["formats"] == ["csv", "json"]
    answers, lang = load_answers(path)
    assert answers == _answers()
    assert lang == "es"
    assert [p.name for p in tmp_path.iterdir()] == ["respostas.json"]


def test_saving_over_a_file_replaces_it_atomically(tmp_path, monkeypatch):
    path = tmp_path / "respostas.json"
    save_answers(_answers(), path)
    before = path.read_bytes()

    def fail(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(CivicKitError) as error:
        save_answers(Answers(**{**VALID, "population": 9000}), path)
    assert error.value.issue.code == "policy-file-write"
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["respostas.json"]


def test_saving_into_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CivicKitError) as error:
        save_answers(_answers(), tmp_path / "nope" / "respostas.json")
    assert error.value.issue.code == "policy-file-write"
    assert "nope" in error.value.message("pt-BR")


def test_hand_written_yaml_is_migrated(tmp_path):
    path = tmp_path / "respostas.yaml"
    path.write_text(
        "municipality: Exemplópolis\npopulation: 8500\nissuing_authority: O Prefeito Municipal\n"
        "license: cc0-1.0\nformats: csv, json\nlang: en\n",
        encoding="utf-8",
    )
    saved = read_answers(path)
    assert saved.migrated and saved.schema_version == 0 and saved.lang == "en"
    answers, _ = load_answers(path)
    assert answers.licence == "cc0-1.0" and answers.formats == ("csv", "json")


def test_document_envelope_in_yaml(tmp_path):
    path = tmp_path / "a.yml"
    import yaml

    path.write_text(yaml.safe_dump(answers_to_document(_answers(), "pt-BR"), allow_unicode=True), encoding="utf-8")
    assert load_answers(path)[0] == _answers()


def _saved_bytes() -> bytes:
    return (json.dumps(answers_to_document(_answers(), "pt-BR"), ensure_ascii=False, indent=2) + "\n").encode()


CORRUPT = {
    "truncated": (lambda: _saved_bytes()[: len(_saved_bytes()) // 2], "x.json", "policy-file-corrupt"),
    "empty-file": (lambda: b"", "x.json", "policy-file-corrupt"),
    "binary-garbage": (lambda: bytes(range(128, 256)), "x.json", "policy-file-encoding"),
    "yaml-syntax": (lambda: b"municipality: [unclosed\n", "x.yaml", "policy-file-corrupt"),
    "list-not-mapping": (lambda: b"[1, 2, 3]", "x.json", "policy-file-not-mapping"),
    "future-version": (
        lambda: json.dumps({"schema_version": 99, "app": "civic-kit-policy-drafter", "answers": {}}).encode(),
        "x.json",
        "policy-file-future-version",
    ),
    "bad-version": (
        lambda: json.dumps({"schema_version": "one", "answers": {}}).encode(),
        "x.json",
        "policy-file-bad-version",
    ),
    "zero-version": (
        lambda: json.dumps({"schema_version": 0, "answers": {}}).encode(),
        "x.json",
        "policy-file-bad-version",
    ),
    "other-app": (
        lambda: json.dumps({"schema_version": 1, "app": "pb-ballots", "answers": {}}).encode(),
        "x.json",
        "policy-file-wrong-app",
    ),
    "no-answers": (
        lambda: json.dumps({"schema_version": 1, "app": "civic-kit-policy-drafter"}).encode(),
        "x.json",
        "policy-file-no-answers",
    ),
    "answers-not-mapping": (
        lambda: json.dumps({"schema_version": 1, "app": "civic-kit-policy-drafter", "answers": [1]}).encode(),
        "x.json",
        "policy-file-no-answers",
    ),
    "deeply-nested": (lambda: b"[" * 100_000, "x.json", "policy-file-corrupt"),
    "too-large": (lambda: b" " * (MAX_FILE_BYTES + 1), "x.json", "policy-file-too-large"),
}


@pytest.mark.parametrize(("content", "name", "code"), CORRUPT.values(), ids=CORRUPT.keys())
def test_corrupt_or_foreign_files_give_a_clear_error(content, name, code):
    with pytest.raises(CivicKitError) as error:
        parse_answers_document(content(), name)
    assert error.value.issue.code == code
    for lang in LANGUAGES:
        assert name in error.value.message(lang)


@pytest.mark.parametrize(("content", "name", "code"), CORRUPT.values(), ids=CORRUPT.keys())
def test_reading_a_corrupt_file_never_changes_it(tmp_path, content, name, code):
    path = tmp_path / name
    data = content()
    path.write_bytes(data)
    with pytest.raises(CivicKitError) as error:
        load_answers(path)
    assert error.value.issue.code == code
    assert path.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == [name]


@pytest.mark.parametrize(
    ("name", "make", "code"),
    [
        ("nope.json", None, "policy-file-missing"),
        ("answers.txt", "file", "policy-file-extension"),
        ("folder.json", "dir", "policy-file-unreadable"),
    ],
    ids=["missing", "wrong-extension", "directory"],
)
def test_unreadable_paths(tmp_path, name, make, code):
    path = tmp_path / name
    if make == "file":
        path.write_text("{}", encoding="utf-8")
    elif make == "dir":
        path.mkdir()
    with pytest.raises(CivicKitError) as error:
        read_answers(path)
    assert error.value.issue.code == code


def test_invalid_answers_in_a_valid_file(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(
        json.dumps({"schema_version": 1, "app": "civic-kit-policy-drafter", "answers": {**VALID, "population": 0}}),
        encoding="utf-8",
    )
    with pytest.raises(CivicKitError) as error:
        load_answers(path)
    assert error.value.issue.code == "policy-out-of-range"
    assert isinstance(Path(path), Path)

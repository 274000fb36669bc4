"""Pabulib reading and writing: every malformed file gets a translated message naming its line."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from civic_kit.pb import Election, check_pabulib_text, parse_pabulib_text, read_pabulib, write_pabulib
from civic_kit.problems import CivicKitError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pabulib"
LANGS = ("pt-BR", "es", "en")

# file -> (issue code, line the message must name; None when the problem has no line)
MALFORMED = {
    "empty.pb": ("pb-empty-file", None),
    "only_blank_lines.pb": ("pb-empty-file", None),
    "binary_zip.pb": ("pb-binary-file", None),
    "latin1.pb": ("pb-not-utf8", 8),
    "utf16.pb": ("pb-not-utf8", 1),
    "no_meta_section.pb": ("pb-missing-section", 10),
    "no_projects_section.pb": ("pb-missing-section", 10),
    "no_votes_section.pb": ("pb-missing-section", 10),
    "no_budget.pb": ("pb-no-budget", 1),
    "budget_not_number.pb": ("pb-bad-budget", 4),
    "cost_brazilian_thousands.pb": ("pb-bad-cost", 9),
    "negative_cost.pb": ("pb-negative-cost", 9),
    "duplicate_project.pb": ("pb-duplicate-project", 10),
    "vote_unknown_project.pb": ("pb-unknown-project", 14),
    "wrong_field_count.pb": ("pb-wrong-field-count", 9),
    "unknown_vote_type.pb": ("pb-bad-vote-type", 5),
    "data_before_meta.pb": ("pb-outside-section", 1),
    "duplicate_voter.pb": ("pb-duplicate-voter", 15),
    "project_twice_in_vote.pb": ("pb-repeated-project", 14),
    "points_count_mismatch.pb": ("pb-points-mismatch", 14),
    "points_not_number.pb": ("pb-bad-points", 14),
    "cumulative_without_points.pb": ("pb-missing-column", 12),
    "choose1_two_projects.pb": ("pb-choose-one-many", 14),
    "projects_without_cost_column.pb": ("pb-missing-column", 7),
    "votes_without_vote_column.pb": ("pb-missing-column", 12),
    "no_projects.pb": ("pb-no-projects", 7),
    "duplicate_section.pb": ("pb-duplicate-section", 11),
    "unclosed_quote.pb": ("pb-bad-quotes", 8),
    "votes_without_header.pb": ("pb-missing-header", 11),
    "num_votes_not_number.pb": ("pb-bad-meta-number", 6),
    "latitude_not_number.pb": ("pb-bad-number", 8),
    "empty_project_id.pb": ("pb-empty-project-id", 8),
}

VALID = sorted(p.name for p in (FIXTURES / "valid").glob("*.pb"))

SMALL = (
    "META\nkey;value\nbudget;10\nvote_type;approval\n"
    "PROJECTS\nproject_id;cost\na;6\nb;5\n"
    "VOTES\nvoter_id;vote\n1;a,b\n2;b\n"
)


def test_the_malformed_corpus_is_complete():
    on_disk = {p.name for p in (FIXTURES / "malformed").iterdir()}
    assert on_disk == set(MALFORMED)
    assert len(MALFORMED) >= 15


@pytest.mark.parametrize(("name", "expected"), sorted(MALFORMED.items()), ids=sorted(MALFORMED))
def test_malformed_file_raises_a_translated_issue_with_its_line(name, expected):
    code, line = expected
    with pytest.raises(CivicKitError) as caught:
        read_pabulib(FIXTURES / "malformed" / name)
    issue = caught.value.issue
    assert (issue.code, issue.row) == (code, line)
    messages = {lang: caught.value.message(lang) for lang in LANGS}
    assert len(set(messages.values())) == 3, "each language has its own sentence"
    if line is not None:
        for lang, text in messages.items():
            assert str(line) in text, (lang, text)


@pytest.mark.parametrize("name", VALID, ids=VALID)
def test_valid_files_round_trip(name):
    election = read_pabulib(FIXTURES / "valid" / name)
    text = write_pabulib(election)
    again = parse_pabulib_text(text)
    assert again == election
    assert write_pabulib(again) == text


def test_crlf_and_bom_read_like_lf():
    crlf = read_pabulib(FIXTURES / "valid" / "crlf_bom.pb")
    raw = (FIXTURES / "valid" / "crlf_bom.pb").read_bytes()
    lf = parse_pabulib_text(raw.decode("utf-8-sig").replace("\r\n", "\n"))
    cr_only = parse_pabulib_text(raw.decode("utf-8-sig").replace("\r\n", "\r"))
    assert crlf == lf == cr_only
    assert crlf.projects[0].name == "Praça do Rosário"
    assert crlf.meta["country"] == "Brasil"


def test_decimal_costs_are_exact_with_point_or_comma():
    election = read_pabulib(FIXTURES / "valid" / "decimal_costs.pb")
    assert election.budget == Fraction("10000.50")
    assert election.project("a").cost == Fraction("1500.5")
    assert election.project("b").cost == Fraction("2499.75")
    assert "cost;1500.5" not in write_pabulib(election)  # written in the row, not as a key
    assert "a;1500.5;Bancos" in write_pabulib(election)


def test_optional_columns():
    election = read_pabulib(FIXTURES / "valid" / "optional_columns.pb")
    first = election.project("1")
    assert first.name == "Praça; parquinho e bancos"
    assert first.categories == ("urban greenery", "public space")
    assert first.targets == ("children", "families")
    assert (first.latitude, first.longitude) == (-22.91, -43.17)
    assert first.declared_votes == 3
    assert first.declared_score == 3
    assert dict(first.extra) == {"selected": "1"}
    assert election.project("3").name == ""
    assert election.project("3").label == "3"
    assert election.project("2").targets == ()
    assert election.project("4").name == 'Biblioteca "Ler é viver"'
    assert election.voter_attributes["district"] == ("Centro", "Norte", "Centro", "Sul", "Norte")
    assert election.voter_attributes["age"][2] is None
    assert election.ballot(4) == ()
    assert election.meta["description"] == "Colunas opcionais; nomes com ponto e vírgula"
    assert election.currency == "R$"


def test_ordinal_ballots_keep_the_ranking():
    election = read_pabulib(FIXTURES / "valid" / "ordinal.pb")
    assert election.ballot(0) == ("2", "1", "4")
    assert election.ballot(4) == ("1", "3", "2")


def test_cumulative_points_are_exact():
    election = read_pabulib(FIXTURES / "valid" / "cumulative.pb")
    assert election.points(2) == (Fraction(2), Fraction(5, 2), Fraction(11, 2))
    assert election.points(4) == ()
    assert election.point_totals[election.position("1")] == 13
    over = [w for w in election.warnings if w.code == "pb-points-over-limit"]
    assert [w.row for w in over] == [20]


def test_warnings_do_not_stop_reading():
    election = read_pabulib(FIXTURES / "valid" / "warnings.pb")
    assert [(w.code, w.row) for w in election.warnings] == [
        ("pb-no-vote-type", 1),
        ("pb-num-projects-mismatch", 5),
        ("pb-num-votes-mismatch", 6),
        ("pb-duplicate-meta-key", 9),
        ("pb-ballot-too-long", 17),
        ("pb-ballot-too-short", 18),
    ]
    assert all(w.severity == "warning" for w in election.warnings)
    assert election.vote_type == "approval"
    assert "10" in election.warnings[2].message("pt-BR") and "3" in election.warnings[2].message("pt-BR")


def test_check_collects_every_problem_instead_of_stopping():
    text = (
        "META\nkey;value\nbudget;-5\nvote_type;approval\n"
        "PROJECTS\nproject_id;cost\na;abc\nb;5\nb;7\n"
        "VOTES\nvoter_id;vote\n1;b\n"
    )
    report = check_pabulib_text(text)
    assert not report.valid
    assert report.election is None
    assert [(i.code, i.row) for i in report.issues] == [
        ("pb-bad-budget", 3),
        ("pb-bad-cost", 7),
        ("pb-duplicate-project", 9),
    ]
    assert report.to_dict("en")["issues"][0]["message"].startswith("Line 3:")


def test_votes_are_checked_even_when_the_budget_is_bad():
    text = SMALL.replace("budget;10", "budget;dez").replace("2;b", "2;zz")
    report = check_pabulib_text(text)
    assert [i.code for i in report.errors] == ["pb-bad-budget", "pb-unknown-project"]


def test_parse_small_text_and_doctest_example():
    election = parse_pabulib_text(SMALL)
    assert election.num_voters == 2
    assert election.budget == 10
    assert election.ballot(0) == ("a", "b")
    assert check_pabulib_text(SMALL).valid


def test_read_from_uploaded_bytes_and_size_limit(tmp_path):
    assert read_pabulib(SMALL.encode("utf-8")) == parse_pabulib_text(SMALL)
    assert read_pabulib(b"\xef\xbb\xbf" + SMALL.encode("utf-8")) == parse_pabulib_text(SMALL)
    with pytest.raises(CivicKitError) as caught:
        read_pabulib(SMALL.encode("utf-8"), max_bytes=20)
    assert caught.value.issue.code == "pb-file-too-large"
    path = tmp_path / "big.pb"
    path.write_text(SMALL, encoding="utf-8")
    with pytest.raises(CivicKitError) as caught:
        read_pabulib(path, max_bytes=20)
    assert caught.value.issue.code == "pb-file-too-large"


@pytest.mark.parametrize("where", ["missing.pb", "."], ids=["missing-file", "a-directory"])
def test_missing_file_or_directory(tmp_path, where):
    with pytest.raises(CivicKitError) as caught:
        read_pabulib(tmp_path / where)
    assert caught.value.issue.code == "pb-file-not-found"


def test_binary_text_given_as_str():
    with pytest.raises(CivicKitError) as caught:
        parse_pabulib_text("META\x00\x01")
    assert caught.value.issue.code == "pb-binary-file"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (SMALL.replace("a;6", "a;1e3"), "pb-bad-cost"),
        (SMALL.replace("a;6", "a;nan"), "pb-bad-cost"),
        (SMALL.replace("a;6", "a;"), "pb-bad-cost"),
        (SMALL.replace("1;a,b", "1;a,b;extra"), "pb-wrong-field-count"),
        (SMALL.replace("vote_type;approval\n", "vote_type\n"), "pb-wrong-field-count"),
        (SMALL.replace("vote_type;approval", "vote_type;cumulative"), "pb-missing-column"),
        (SMALL.replace("vote_type;approval", "vote_type;approval\nmax_length;two"), "pb-bad-meta-number"),
        (SMALL.replace("vote_type;approval", "vote_type;cumulative\nmax_sum_points;x"), "pb-bad-meta-number"),
    ],
    ids=[
        "exponent",
        "nan",
        "empty-cost",
        "extra-vote-field",
        "meta-one-field",
        "no-points-column",
        "bad-max-length",
        "bad-max-sum-points",
    ],
)
def test_more_malformed_texts(text, code):
    with pytest.raises(CivicKitError) as caught:
        parse_pabulib_text(text)
    assert caught.value.issue.code == code
    assert caught.value.issue.row is not None


def test_writer_refuses_a_cost_with_no_exact_decimal():
    election = Election.from_ballots([("a", Fraction(1, 3))], 1, [["a"]])
    with pytest.raises(CivicKitError) as caught:
        write_pabulib(election)
    assert caught.value.issue.code == "pb-not-decimal"


def test_writer_quotes_fields_with_semicolons():
    election = read_pabulib(FIXTURES / "valid" / "optional_columns.pb")
    text = write_pabulib(election)
    assert '"Praça; parquinho e bancos"' in text
    assert parse_pabulib_text(text).project("1").name == "Praça; parquinho e bancos"

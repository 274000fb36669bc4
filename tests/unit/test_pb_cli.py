"""``civic-kit pb``: the same answers as the library, translated errors and exit code 1 on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from civic_kit.cli import main
from civic_kit.commands.pb import _RULE_CHOICES
from civic_kit.pb import RULES, read_pabulib, rule_names

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pabulib"
CHOICES = ("greedy", "greedy-points", "mes", "mes-add1", "mes-complete")
FILES = ("crlf_bom.pb", "decimal_costs.pb", "edge_costs.pb", "cumulative.pb")


def test_cli_offers_every_rule():
    assert _RULE_CHOICES == rule_names() == CHOICES


def _json(capsys, *argv: str) -> dict:
    assert main(["pb", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("rule", CHOICES, ids=CHOICES)
@pytest.mark.parametrize("name", FILES, ids=FILES)
def test_json_equals_the_library(capsys, name, rule):
    path = FIXTURES / "valid" / name
    printed = _json(capsys, str(path), "--rule", rule)
    seconds = printed.pop("seconds")
    assert isinstance(seconds, float) and seconds >= 0
    assert printed == RULES[rule](read_pabulib(path)).to_dict()


def test_decimal_money_in_json(capsys):
    printed = _json(capsys, str(FIXTURES / "valid" / "decimal_costs.pb"), "--rule", "greedy")
    # c (4 votes, 6000.25) then d (3 votes, 4000.00): 0.25 left, nothing else fits.
    assert printed["selected"] == ["c", "d"]
    assert (printed["cost"], printed["budget"]) == (10000.25, 10000.5)


def test_budget_option(capsys):
    path = FIXTURES / "valid" / "crlf_bom.pb"
    printed = _json(capsys, str(path), "--rule", "mes-complete", "--budget", "40000.50")
    printed.pop("seconds")
    expected = RULES["mes-complete"](read_pabulib(path).with_budget("40000.50")).to_dict()
    assert printed == expected
    assert printed["budget"] == 40000.5


def test_text_output_lists_ids_in_selection_order(capsys):
    path = FIXTURES / "valid" / "crlf_bom.pb"
    assert main(["pb", str(path), "--rule", "greedy"]) == 0
    out = capsys.readouterr().out
    outcome = RULES["greedy"](read_pabulib(path))
    positions = [out.index(f". {pid} ") for pid in outcome.selected]
    assert positions == sorted(positions)
    assert "Mais votados primeiro" in out
    assert "R$ 40.000,00" in out


def test_text_output_in_spanish(capsys):
    assert main(["--lang", "es", "pb", str(FIXTURES / "valid" / "crlf_bom.pb"), "--rule", "mes"]) == 0
    out = capsys.readouterr().out
    assert "Reparto igualitario" in out and "Costo:" in out


def test_warnings_go_to_stderr(capsys):
    assert main(["pb", str(FIXTURES / "valid" / "warnings.pb"), "--rule", "greedy"]) == 0
    err = capsys.readouterr().err
    assert "Aviso:" in err and "Linha 6" in err


@pytest.mark.parametrize(
    ("name", "needle_pt", "needle_es"),
    [
        ("negative_cost.pb", "Linha 9", "Línea 9"),
        ("vote_unknown_project.pb", "Linha 14", "Línea 14"),
        ("binary_zip.pb", "não é texto", "no es texto"),
    ],
    ids=["negative-cost", "unknown-project", "binary"],
)
def test_malformed_file_exits_1_with_a_translated_message(capsys, name, needle_pt, needle_es):
    path = str(FIXTURES / "malformed" / name)
    assert main(["pb", path]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert needle_pt in captured.err and "Traceback" not in captured.err
    assert main(["pb", path, "--lang", "es", "--json"]) == 1
    assert needle_es in capsys.readouterr().err


@pytest.mark.parametrize("budget", ["-5", "dez", "1e6"], ids=["negative", "text", "exponent"])
def test_bad_budget_option(capsys, budget):
    assert main(["pb", str(FIXTURES / "valid" / "crlf_bom.pb"), "--budget", budget]) == 1
    assert budget in capsys.readouterr().err


def test_missing_file(capsys, tmp_path):
    assert main(["pb", str(tmp_path / "nada.pb")]) == 1
    assert "nada.pb" in capsys.readouterr().err

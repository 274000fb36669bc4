"""``civic-kit inspect``: the report as text or JSON, parity with the library, exit codes, translated errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from civic_kit import cli
from civic_kit.data.govcsv import read_gov_csv
from civic_kit.i18n import set_language

CSV = Path(__file__).resolve().parents[1] / "fixtures" / "csv"

PARITY = ["sp_execucao_cp1252.csv", "cdmx_presupuesto_utf8_bom.csv", "linhas_irregulares.csv", "uma_coluna.csv"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("name", PARITY, ids=PARITY)
@pytest.mark.parametrize("lang", ["pt-BR", "es", "en"])
def test_json_equals_the_library_report(capsys, name, lang):
    path = str(CSV / name)
    code, out, err = run(capsys, "inspect", path, "--json", "--lang", lang)
    set_language(lang)
    _, report = read_gov_csv(path)
    assert json.loads(out) == report.to_dict()
    assert code == (0 if report.valid else 1)
    assert err == ""


def test_text_output_is_the_plain_language_summary(capsys):
    path = CSV / "sp_execucao_cp1252.csv"
    code, out, _ = run(capsys, "inspect", str(path))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"Arquivo: {path}"
    assert lines[1] == "Codificação: Windows-1252 (o padrão antigo do Windows para português)"
    assert "Separador: ponto e vírgula ;" in lines
    assert "Cabeçalho (nomes das colunas): linha 3" in lines
    assert "Linhas de dados: 12" in lines
    assert any(line.startswith("Atenção: Linhas de total, fonte ou notas no fim do arquivo") for line in lines)


def test_text_output_in_spanish_with_lang_after_the_file(capsys):
    code, out, _ = run(capsys, "inspect", str(CSV / "cdmx_presupuesto_utf8_bom.csv"), "--lang", "es")
    assert code == 0
    assert "Separador: coma ," in out
    assert "Codificación: UTF-8 con BOM" in out
    assert "  - monto_aprobado: número (con decimales)" in out


def test_error_severity_issues_exit_1_but_still_print_the_report(capsys):
    code, out, _ = run(capsys, "inspect", str(CSV / "linhas_irregulares.csv"), "--lang", "en")
    assert code == 1
    assert "Error: Lines with more columns than the header: 2 (line(s) 6, 8)" in out


@pytest.mark.parametrize(
    ("path", "lang", "expected"),
    [
        pytest.param("nao_existe.csv", "pt-BR", "Não encontramos o arquivo", id="missing-pt"),
        pytest.param("invalid/planilha.xlsx.csv", "en", "This is an Excel file (.xlsx), not a CSV", id="xlsx-en"),
        pytest.param("invalid/vazio.csv", "es", "está vacío", id="empty-es"),
        pytest.param("invalid/pagina.html.csv", "pt-BR", "página da web", id="html-pt"),
    ],
)
def test_unreadable_files_exit_1_with_a_translated_message_on_stderr(capsys, path, lang, expected):
    code, out, err = run(capsys, "--lang", lang, "inspect", str(CSV / path), "--json")
    assert code == 1
    assert out == ""
    assert expected in err
    assert "Traceback" not in err

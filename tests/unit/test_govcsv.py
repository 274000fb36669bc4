"""read_gov_csv: real portal quirks (one fixture each), bad input, options, report, speed.

The fixture corpus lives in ``tests/fixtures/csv`` (built by ``build_fixtures.py`` there, which documents
the quirk each file reproduces); files that are not CSV at all are in ``tests/fixtures/csv/invalid``.
"""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civic_kit.data.govcsv import MAX_COLUMNS, ReadReport, read_gov_csv
from civic_kit.i18n import LANGUAGES, catalog
from civic_kit.problems import CivicKitError

CSV = Path(__file__).resolve().parents[1] / "fixtures" / "csv"
DATASETS = Path(__file__).resolve().parents[2] / "civic_kit" / "datasets"


def read(name: str, **options) -> tuple[pd.DataFrame, ReadReport]:
    return read_gov_csv(CSV / name, **options)


def codes(report: ReadReport) -> list[str]:
    return sorted(issue.code for issue in report.issues)


def issue(report: ReadReport, code: str):
    found = [i for i in report.issues if i.code == code]
    assert found, f"no {code} in {codes(report)}"
    return found[0]


# -- the corpus: what each file is detected as ---------------------------------------------------------


def test_committed_fixtures_are_what_the_builder_writes():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_fixtures", CSV / "build_fixtures.py")
    assert spec and spec.loader
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    readme = (CSV / "README.md").read_text(encoding="utf-8")
    for name, build in builder.VALID.items():
        assert (CSV / name).read_bytes() == build(), name
        assert f"`{name}`" in readme and (CSV / name).stat().st_size < 20_000
    for name, (content, _why) in builder.INVALID.items():
        assert (CSV / "invalid" / name).read_bytes() == content, name
        assert f"`invalid/{name}`" in readme


SP_COLUMNS = {
    "Órgão (código)": "code",
    "Órgão": "string",
    "Função": "string",
    "Subfunção (código)": "code",
    "Descrição da Ação": "string",
    "Dotação Inicial (R$)": "number",
    "Empenhado (R$)": "number",
    "Pago (R$)": "number",
    "Data de Referência": "date",
}

CASES = [
    pytest.param(
        "sp_execucao_cp1252.csv",
        dict(
            encoding="cp1252",
            separator=";",
            decimal=",",
            thousands=".",
            header_row=3,
            rows=12,
            rows_skipped=2,
            columns=SP_COLUMNS,
            codes=["csv-footer-rows", "csv-title-lines", "csv-trailing-separator"],
        ),
        id="sao-paulo-cp1252-title-trailing-sep-footer",
    ),
    pytest.param(
        "cdmx_presupuesto_utf8_bom.csv",
        dict(
            encoding="utf-8-sig",
            separator=",",
            decimal=".",
            thousands=",",
            header_row=1,
            rows=8,
            rows_skipped=0,
            columns={
                "ciclo": "integer",
                "clave_unidad": "code",
                "unidad_responsable": "string",
                "capitulo": "integer",
                "monto_aprobado": "number",
                "monto_ejercido": "number",
                "avance": "number",
                "fecha_corte": "date",
            },
            codes=[],
        ),
        id="cdmx-utf8-bom-comma-1,234.50",
    ),
    pytest.param(
        "datos_gov_co_contratos.csv",
        dict(
            encoding="utf-8",
            separator=",",
            decimal=".",
            thousands=None,
            header_row=1,
            rows=8,
            rows_skipped=0,
            columns={
                "id_contrato": "code",
                "nit_entidad": "code",
                "codigo_dane": "code",
                "municipio": "string",
                "valor_del_contrato": "integer",
                "fecha_de_firma": "date",
                "fecha_de_cargue": "date",
                "es_pyme": "boolean",
            },
            codes=["csv-date-month-first"],
        ),
        id="datos-gov-co-ampm-dates",
    ),
    pytest.param(
        "latin1_controle.csv",
        dict(
            encoding="latin-1",
            separator=";",
            header_row=1,
            rows=2,
            columns={"Município": "string", "Observação": "string", "População": "integer"},
            codes=[],
        ),
        id="latin1-c1-control-byte",
    ),
    pytest.param(
        "mesma_tabela_utf16_excel.txt",
        dict(encoding="utf-16", separator="\t", decimal=",", thousands=".", header_row=1, rows=4, codes=[]),
        id="excel-unicode-text-utf16-tab",
    ),
    pytest.param(
        "pipe_indec.csv",
        dict(
            encoding="utf-8",
            separator="|",
            decimal=",",
            thousands=None,
            rows=5 + 1,
            columns={
                "codigo_departamento": "code",
                "departamento": "string",
                "provincia": "string",
                "poblacion": "integer",
                "superficie_km2": "number",
            },
            codes=[],
        ),
        id="indec-pipe-leading-zero-codes",
    ),
    pytest.param(
        "ponto_virgula_texto_com_virgulas.csv",
        dict(
            separator=";",
            decimal=",",
            rows=5,
            columns={"Escola": "string", "Endereço": "string", "Valor (R$)": "number"},
            codes=[],
        ),
        id="semicolon-wins-over-more-commas",
    ),
    pytest.param(
        "grupos_cabecalho.csv",
        dict(
            encoding="cp1252",
            header_row=4,
            rows=4,
            rows_skipped=0,
            columns={
                "Código": "code",
                "Órgão": "string",
                "Previsto": "number",
                "Realizado": "number",
                "Saldo": "number",
            },
            codes=["csv-title-lines"],
        ),
        id="title-blank-and-group-label-row",
    ),
    pytest.param(
        "grupos_repetidos.csv",
        dict(
            header_row=2,
            rows=3,
            columns={"Código": "code", "Programa": "string", "Previsto": "number", "Realizado": "number"},
            codes=["csv-title-lines"],
        ),
        id="repeated-merged-group-labels",
    ),
    pytest.param(
        "linhas_irregulares.csv",
        dict(
            rows=12,
            rows_skipped=0,
            valid=False,
            columns={"Bairro": "string", "Escolas": "integer", "Alunos": "integer", "_extra": "string"},
            codes=["csv-extra-empty-fields", "csv-long-rows", "csv-short-rows", "csv-unparsed-numbers"],
        ),
        id="ragged-rows",
    ),
    pytest.param(
        "cabecalho_repetido.csv",
        dict(rows=6, rows_skipped=5, codes=["csv-blank-rows", "csv-repeated-header"]),
        id="concatenated-exports-repeated-header",
    ),
    pytest.param(
        "numeros_formatos.csv",
        dict(
            decimal=",", thousands=".", columns={"Item": "string", "Valor": "number", "Percentual": "number"}, codes=[]
        ),
        id="number-formats-pt",
    ),
    pytest.param(
        "numeros_en.tsv",
        dict(
            separator="\t",
            decimal=".",
            thousands=",",
            columns={"item": "string", "amount": "number", "share": "number"},
            codes=[],
        ),
        id="number-formats-en",
    ),
    pytest.param(
        "milhar_ambiguo.csv",
        dict(
            decimal=",",
            thousands=".",
            columns={"Material": "string", "Quantidade": "integer", "Valor (R$)": "number"},
            codes=["csv-decimal-ambiguous-column"],
        ),
        id="ambiguous-1.234-resolved-by-file",
    ),
    pytest.param(
        "so_ambiguos.csv",
        dict(
            decimal=",",
            columns={"Distrito": "string", "Habitantes": "integer"},
            codes=["csv-decimal-ambiguous-column", "csv-decimal-guessed"],
        ),
        id="only-ambiguous-numbers",
    ),
    pytest.param(
        "datas_formatos.csv",
        dict(
            rows=20,
            columns={
                "Processo": "code",
                "Abertura": "date",
                "Prazo": "date",
                "Publicação": "date",
                "Entrega": "date",
                "Conclusão": "date",
            },
            codes=["csv-unparsed-dates"],
        ),
        id="date-formats",
    ),
    pytest.param(
        "codigos_br.csv",
        dict(
            columns={
                "Código IBGE": "code",
                "Município": "string",
                "CEP": "code",
                "CEP sem máscara": "code",
                "CNPJ": "code",
                "CNPJ (só números)": "code",
                "CPF do responsável": "code",
                "Telefone": "code",
                "Unidade": "code",
                "Servidores": "integer",
            },
            codes=[],
        ),
        id="brazilian-codes",
    ),
    pytest.param(
        "marcadores_booleanos.csv",
        dict(
            columns={
                "Escola": "string",
                "Alunos": "integer",
                "Tem biblioteca": "boolean",
                "Acessível": "boolean",
                "Internet": "boolean",
                "ativo": "boolean",
                "turmas_noturnas": "integer",
                "Observação": "string",
            },
            codes=["csv-missing-markers", "csv-missing-markers"],
        ),
        id="placeholders-and-booleans",
    ),
    pytest.param("outlier.csv", dict(rows=12, codes=["outlier"]), id="placeholder-outlier"),
    pytest.param(
        "uma_coluna.csv",
        dict(separator=None, rows=4, columns={"Bairro": "string"}, codes=["csv-single-column"]),
        id="single-column",
    ),
    pytest.param(
        "misto_utf8_cp1252.csv",
        dict(encoding="utf-8", rows=4, codes=["csv-mixed-encoding"]),
        id="utf8-with-cp1252-lines",
    ),
    pytest.param(
        "mojibake.csv", dict(encoding="utf-8", rows=3, codes=["csv-mojibake-repaired"]), id="double-encoded-utf8"
    ),
    pytest.param(
        "excel_sep_linha.csv", dict(separator=";", header_row=2, rows=2, codes=["csv-title-lines"]), id="excel-sep-line"
    ),
    pytest.param("aspas_multilinha.csv", dict(rows=3, codes=["csv-multiline-values"]), id="quoted-line-breaks"),
    pytest.param("aspas_abertas.csv", dict(rows=4, codes=["csv-unbalanced-quotes"]), id="unclosed-quote"),
    pytest.param("total_no_meio.csv", dict(rows=7, rows_skipped=0, codes=["csv-total-rows"]), id="subtotal-rows"),
    pytest.param(
        "sem_linhas.csv",
        dict(rows=0, columns={"Nome": "string", "Valor": "string"}, codes=["csv-no-rows"]),
        id="header-only",
    ),
]


@pytest.mark.parametrize(("name", "expected"), CASES)
def test_fixture_is_read_as_expected(name, expected):
    frame, report = read(name)
    expected = dict(expected)
    assert codes(report) == sorted(expected.pop("codes"))
    assert report.valid is expected.pop("valid", True)
    for field, value in expected.items():
        assert getattr(report, field) == value, field
    assert len(frame) == report.rows
    assert list(frame.columns) == list(report.columns)


@pytest.mark.parametrize(("name", "expected"), CASES)
def test_every_message_renders_in_every_language(name, expected):
    _, report = read(name)
    for lang in LANGUAGES:
        lines = report.summary(lang)
        assert all("{" not in line for line in lines)
        json.dumps(report.to_dict(lang))


# -- encodings ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        pytest.param("mesma_tabela_cp1252.csv", "cp1252", id="cp1252"),
        pytest.param("mesma_tabela_utf8.csv", "utf-8", id="utf-8"),
        pytest.param("mesma_tabela_utf8_bom.csv", "utf-8-sig", id="utf-8-bom"),
        pytest.param("mesma_tabela_utf16_excel.txt", "utf-16", id="utf-16"),
    ],
)
def test_same_words_in_every_encoding_without_mojibake(name, encoding):
    frame, report = read(name)
    assert report.encoding == encoding
    assert list(frame.columns) == ["Função", "Órgão", "Valor"]
    assert frame["Função"].tolist() == ["Saúde", "Educação", "Orçamento", "Assistência Social"]
    assert frame["Valor"].tolist() == [1234.56, 2500.0, 310.10, 45.0]
    assert not frame.astype(str).apply(lambda c: c.str.contains("Ã")).any().any()


def test_cp1252_punctuation_decides_against_latin1():
    frame, report = read("sp_execucao_cp1252.csv")
    assert report.encoding == "cp1252"
    assert "Manutenção, custeio e “reforma” de hospitais – zona leste" in frame["Descrição da Ação"].tolist()
    assert "Secretaria Municipal da Saúde" in frame["Órgão"].tolist()


def test_latin1_keeps_its_control_byte():
    frame, _ = read("latin1_controle.csv")
    assert frame["Observação"].tolist() == ["registro migrado\x81", "ok"]
    assert frame["Município"].tolist() == ["São José", "Três Rios"]


def test_mixed_encoding_lines_are_each_decoded_right():
    frame, report = read("misto_utf8_cp1252.csv")
    assert frame["Função"].tolist() == ["Saúde", "Educação", "Orçamento", "Legislação"]
    assert issue(report, "csv-mixed-encoding").params["line_numbers"] == [4, 5]


def test_double_encoded_text_is_repaired():
    frame, report = read("mojibake.csv")
    assert frame["Órgão"].tolist() == ["Secretaria de Saúde", "Função Legislativa", "Educação"]
    assert issue(report, "csv-mojibake-repaired").params["line_numbers"] == [2, 3]


def test_bomless_utf16_is_recognised():
    text = "Nome\tValor\r\nSaúde\t1,5\r\nEducação\t2,5\r\n"
    frame, report = read_gov_csv(text.encode("utf-16-le"))
    assert report.encoding == "utf-16-le"
    assert frame["Nome"].tolist() == ["Saúde", "Educação"]


# -- layout: separator, header, footer, ragged rows ----------------------------------------------------


def test_sao_paulo_export_totals_match_its_footer_and_nothing_is_lost():
    frame, report = read("sp_execucao_cp1252.csv")
    assert report.skipped_lines_above_header == [
        "Prefeitura do Município de Vila Nova - Execução Orçamentária 2024",
        "",
    ]
    footer = issue(report, "csv-footer-rows")
    assert footer.params["line_numbers"] == [16, 17]
    assert "Total" in footer.params["texts"] and "Fonte" in footer.params["texts"]
    assert round(frame["Pago (R$)"].sum(), 2) == 13_872_389.12
    assert round(frame["Dotação Inicial (R$)"].sum(), 2) == 17_715_219.24
    assert frame["Órgão (código)"].tolist()[:4] == ["84", "16", "16", "09"]
    assert frame["Subfunção (código)"].tolist()[-3] == "031"
    assert (frame["Data de Referência"] == pd.Timestamp("2024-12-31")).all()


def test_group_label_rows_are_skipped_and_reported():
    _, report = read("grupos_cabecalho.csv")
    assert report.skipped_lines_above_header == ["Governo do Estado - Despesas por Órgão - 2023", "", ";;Valores (R$)"]


def test_ragged_rows_are_padded_kept_and_located():
    frame, report = read("linhas_irregulares.csv")
    assert issue(report, "csv-short-rows").params["line_numbers"] == [3, 7]
    assert issue(report, "csv-extra-empty-fields").params["line_numbers"] == [4]
    long_rows = issue(report, "csv-long-rows")
    assert long_rows.severity == "error" and long_rows.params["line_numbers"] == [6, 8]
    assert frame["_extra"].tolist()[4] == "obs: reforma"
    assert frame["_extra"].tolist()[6] == "640"
    assert pd.isna(frame.loc[1, "Alunos"]) and pd.isna(frame.loc[5, "Escolas"])
    assert issue(report, "csv-unparsed-numbers").params["line_numbers"] == [8]
    assert report.rows == 12 and report.rows_skipped == 0


def test_repeated_headers_and_blank_lines_are_counted():
    frame, report = read("cabecalho_repetido.csv")
    assert issue(report, "csv-repeated-header").params["line_numbers"] == [5, 9]
    assert issue(report, "csv-blank-rows").params["line_numbers"] == [4, 8, 12]
    assert frame["Mês"].tolist() == ["01/2024", "02/2024", "03/2024", "04/2024", "05/2024", "06/2024"]
    assert frame["Protocolos"].sum() == 712


def test_quoted_line_breaks_keep_line_numbers_right():
    data = (
        'Pedido;Descrição;Prazo\n1;"linha um\nlinha dois";01/02/2024\n2;simples;02/02/2024\n'
        "3;outro;03/02/2024\n4;mais um;04/02/2024\n5;x;05/02/2024\n6;y;06/02/2024\n7;z;07/02/2024\n"
        "8;w;08/02/2024\n9;v;09/02/2024\n10;u;31/02/2024\n"
    )
    frame, report = read_gov_csv(data.encode())
    assert frame.loc[0, "Descrição"] == "linha um\nlinha dois"
    assert issue(report, "csv-unparsed-dates").params["line_numbers"] == [12]


def test_a_quoted_record_wider_than_any_of_its_lines_keeps_every_field():
    data = b'a;b;c;d;e\n1;"x\ny";3;4;5\n6;7;8;9;10\n'
    frame, report = read_gov_csv(data)
    assert frame.loc[0].tolist() == [1, "x\ny", 3, 4, 5]
    assert frame["e"].tolist() == [5, 10] and report.valid


def test_old_mac_line_ends():
    frame, report = read_gov_csv(b"Nome;Valor\rA;1,5\rB;2,5\r")
    assert frame["Valor"].tolist() == [1.5, 2.5] and report.rows == 2


def test_multiline_fixture_values():
    frame, _ = read("aspas_multilinha.csv")
    assert frame["Descrição"][0].endswith('e o "termo de referência".')
    assert frame["Descrição"][2] == "Outro pedido; com ponto e vírgula"
    assert frame["Dias"].tolist() == [15, 8, 20]


def test_unclosed_quote_does_not_swallow_the_file():
    frame, _ = read("aspas_abertas.csv")
    assert frame["Item"].tolist() == [1, 2, 3, 4]
    assert frame["Quantidade"].tolist() == [10, 4, 7, 9]


def test_subtotals_inside_the_table_are_kept_and_reported():
    frame, report = read("total_no_meio.csv")
    assert issue(report, "csv-total-rows").params["line_numbers"] == [4, 7]
    assert frame["Valor"].sum() == pytest.approx(760.0)


def test_excel_sep_line():
    _, report = read("excel_sep_linha.csv")
    assert report.skipped_lines_above_header == ["sep=;"]


def test_unnamed_and_duplicate_columns():
    data = b"Nome;;Valor;Valor;\nA;x;1;2;\nB;;3;4;\n"
    frame, report = read_gov_csv(data)
    assert list(frame.columns) == ["Nome", "column_2", "Valor", "Valor_2"]
    assert {"csv-unnamed-column", "csv-duplicate-column", "csv-trailing-separator"} <= set(codes(report))


def test_empty_unnamed_column_in_the_middle_is_dropped():
    frame, report = read_gov_csv(b"Nome;;Valor\nA;;1\nB;;2\n")
    assert list(frame.columns) == ["Nome", "Valor"]
    assert "csv-empty-unnamed-column" in codes(report)


# -- values: numbers, dates, codes, booleans, markers, outliers ----------------------------------------


def test_number_formats_pt():
    frame, _ = read("numeros_formatos.csv")
    assert frame["Valor"].tolist() == [1234567.89, 1234.5, 1234.5, 1234.5, -1234.5, -1234.5, -10.0, 0.99]
    assert frame["Percentual"].tolist() == [12.5, 100.0, 0.5, -3.25, 50.0, 7.0, 99.9, 1.0]


def test_number_formats_en():
    frame, _ = read("numeros_en.tsv")
    assert frame["amount"].tolist() == [1234567.89, 1234.5, -1234.5, 0.5, -2000.0]
    assert frame["share"].tolist() == [12.5, 3.0, 0.5, 40.0, 44.5]


def test_cdmx_money_and_percentages():
    frame, _ = read("cdmx_presupuesto_utf8_bom.csv")
    assert frame["monto_aprobado"].iloc[0] == 1234567.5
    assert frame["monto_ejercido"].iloc[6] == 1234.5
    assert frame["avance"].iloc[0] == pytest.approx(89.1)
    assert frame["unidad_responsable"].iloc[1] == "Secretaría de Obras y Servicios, CDMX"
    assert frame["clave_unidad"].iloc[0] == "01"


def test_ambiguous_thousands_follow_the_file():
    frame, report = read("milhar_ambiguo.csv")
    assert frame["Quantidade"].tolist() == [1234, 12500, 2000, 1500]
    assert frame["Quantidade"].dtype == "int64"
    warning = issue(report, "csv-decimal-ambiguous-column")
    assert warning.column == "Quantidade" and warning.params["value"] == 1234.0


def test_forced_decimal_point_changes_the_reading():
    frame, report = read("so_ambiguos.csv", decimal=".")
    assert frame["Habitantes"].tolist() == [1.234, 12.5, 2.0]
    assert report.decimal == "."


def test_a_column_written_differently_from_the_rest_of_the_file():
    data = b"Item;Valor;Custo\nA;1.234,50;1,234.50\nB;2.000,00;2,000.00\nC;15,75;15.75\n"
    frame, report = read_gov_csv(data)
    assert frame["Valor"].tolist() == frame["Custo"].tolist() == [1234.5, 2000.0, 15.75]
    assert issue(report, "csv-decimal-column-differs").column == "Custo"


def test_dates_in_every_supported_shape():
    frame, report = read("datas_formatos.csv")
    first = pd.Timestamp("2024-02-01")
    assert frame["Abertura"].iloc[0] == first
    assert frame["Publicação"].iloc[0] == first
    assert frame["Prazo"].iloc[0] == pd.Timestamp("2024-03-01")
    assert frame["Entrega"].iloc[1] == pd.Timestamp("2024-03-20")
    assert frame["Abertura"].iloc[2] == pd.Timestamp("2023-11-07")
    bad = issue(report, "csv-unparsed-dates")
    assert bad.column == "Conclusão" and bad.params["count"] == 2 and bad.params["line_numbers"] == [4, 8]
    assert frame["Conclusão"].isna().sum() == 2
    assert report.missing["Conclusão"] == 2


def test_socrata_timestamps_day_first_and_month_first():
    frame, _ = read("datos_gov_co_contratos.csv")
    assert frame["fecha_de_firma"].iloc[0] == pd.Timestamp("2024-03-15 10:30")
    assert frame["fecha_de_firma"].iloc[1] == pd.Timestamp("2024-04-02 15:15")
    assert frame["fecha_de_cargue"].iloc[0] == pd.Timestamp("2024-03-18")
    assert frame["es_pyme"].tolist() == [False, True, False, True, True, False, False, True]
    assert frame["codigo_dane"].tolist()[1] == "05001"


def test_dayfirst_false_for_ambiguous_dates():
    data = b"Data\n01/02/2024\n03/04/2024\n05/06/2024\n"
    frame, report = read_gov_csv(data, dayfirst=False)
    assert frame["Data"].iloc[0] == pd.Timestamp("2024-01-02")
    assert issue(report, "csv-date-order-assumed").params["order"] == "mm/dd"
    frame, _ = read_gov_csv(data)
    assert frame["Data"].iloc[0] == pd.Timestamp("2024-02-01")


def test_codes_keep_leading_zeros_and_masks():
    frame, _ = read("codigos_br.csv")
    row = frame.iloc[4]
    assert row["Código IBGE"] == "1302603"
    assert row["CEP"] == "69005-010"
    assert frame["CEP sem máscara"].iloc[0] == "01310100"
    assert row["CNPJ"] == "04.365.326/0001-73"
    assert row["CNPJ (só números)"] == "04365326000173"
    assert row["Telefone"] == "(92) 3215-6000"
    assert frame["Unidade"].tolist() == ["001", "002", "010", "011", "020"]
    assert frame["Servidores"].sum() == 355


def test_placeholders_become_missing_and_booleans_are_read():
    frame, report = read("marcadores_booleanos.csv")
    assert frame["Alunos"].isna().tolist() == [False, True, True, True, False, True, False, False]
    assert frame["Alunos"].sum() == 775
    assert frame["Tem biblioteca"].tolist() == [True, False, True, False, True, True, False, True]
    assert frame["ativo"].tolist() == [True, False, True, True, False, True, True, False]
    assert frame["turmas_noturnas"].tolist() == [0, 1, 2, 0, 1, 0, 3, 0]
    assert frame["Observação"].dropna().tolist() == ["reforma em 2024"]
    assert report.missing["Alunos"] == 4 and report.missing["Observação"] == 7
    markers = {i.column: i.params["count"] for i in report.issues if i.code == "csv-missing-markers"}
    assert markers == {"Alunos": 3, "Observação": 7}


def test_placeholder_value_is_flagged_as_outlier():
    frame, report = read("outlier.csv")
    flagged = issue(report, "outlier")
    assert flagged.row == 8 and flagged.column == "Valor (R$)" and flagged.params["value"] == 9999999.99
    assert frame["Valor (R$)"].max() == 9999999.99


def test_spread_out_money_is_not_flagged():
    values = [f"{v:.2f}".replace(".", ",") for v in np.geomspace(1, 5_000_000, 60)]
    _frame, report = read_gov_csv(("Valor\n" + "\n".join(values) + "\n").encode())
    assert "outlier" not in codes(report)


# -- bad input ---------------------------------------------------------------------------------------

INVALID = [
    ("vazio.csv", "csv-empty-file"),
    ("so_espacos.csv", "csv-empty-file"),
    ("planilha.xlsx.csv", "csv-xlsx-file"),
    ("planilha_antiga.xls.csv", "csv-xls-file"),
    ("planilha.ods.csv", "csv-ods-file"),
    ("arquivo.zip.csv", "csv-zip-file"),
    ("compactado.csv.gz", "csv-gzip-file"),
    ("relatorio.pdf.csv", "csv-pdf-file"),
    ("pagina.html.csv", "csv-html-file"),
    ("dados.json.csv", "csv-json-file"),
    ("dados.xml.csv", "csv-xml-file"),
    ("binario.csv", "csv-binary-file"),
]


@pytest.mark.parametrize(("name", "code"), INVALID, ids=[name for name, _ in INVALID])
def test_files_that_are_not_csv_are_refused_with_a_translated_message(name, code):
    with pytest.raises(CivicKitError) as caught:
        read_gov_csv(CSV / "invalid" / name)
    assert caught.value.issue.code == code
    for lang in LANGUAGES:
        assert "{" not in caught.value.message(lang)


def test_xlsx_message_says_what_to_do():
    with pytest.raises(CivicKitError) as caught:
        read_gov_csv(CSV / "invalid" / "planilha.xlsx.csv")
    assert "Excel" in caught.value.message("pt-BR") and "CSV" in caught.value.message("pt-BR")
    assert "Save as" in caught.value.message("en")


def test_a_2_gb_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "enorme.csv"
    with path.open("wb") as handle:
        handle.truncate(2 * 1024**3)
    with pytest.raises(CivicKitError) as caught:
        read_gov_csv(path)  # refused from the file's size, before reading (speed: benchmarks/bench_govcsv.py)
    assert caught.value.issue.code == "csv-file-too-large"
    message = caught.value.message("pt-BR")
    assert "2.147,5 MB" in message and "200,0 MB" in message


@pytest.mark.parametrize("kind", ["bytes", "stream"])
def test_size_limit_applies_to_bytes_and_streams(kind):
    data = b"a;b\n" + b"1;2\n" * 100
    source = data if kind == "bytes" else io.BytesIO(data)
    with pytest.raises(CivicKitError) as caught:
        read_gov_csv(source, max_bytes=100)
    assert caught.value.issue.code == "csv-file-too-large"


def test_a_non_seekable_stream_is_cut_at_the_limit():
    class Pipe(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self.data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def seekable(self) -> bool:
            return False

        def readinto(self, buffer) -> int:
            chunk = self.data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    with pytest.raises(CivicKitError) as caught:
        read_gov_csv(io.BufferedReader(Pipe(b"x;y\n" * 1000)), max_bytes=500)
    assert caught.value.issue.code == "csv-file-too-large"
    frame, _ = read_gov_csv(io.BufferedReader(Pipe(b"x;y\n1;2\n")))
    assert frame["x"].tolist() == [1]


def test_an_enormous_single_line_is_refused(tmp_path):
    path = tmp_path / "linha.csv"
    path.write_bytes(b"a;b\n" + b"x" * (11 * 1024 * 1024) + b"\n")
    with pytest.raises(CivicKitError) as caught:
        read_gov_csv(path)
    assert caught.value.issue.code == "csv-line-too-long"
    assert caught.value.issue.params["line"] == 2


def test_100k_columns_are_refused(tmp_path):
    path = tmp_path / "largo.csv"
    header = ";".join(f"c{i}" for i in range(100_000))
    path.write_text(header + "\n" + ";".join("1" for _ in range(100_000)) + "\n")
    with pytest.raises(CivicKitError) as caught:
        read_gov_csv(path)
    assert caught.value.issue.code == "csv-too-many-columns"
    assert caught.value.issue.params["columns"] == 100_000 > MAX_COLUMNS


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(CivicKitError) as caught:
        read_gov_csv(tmp_path / "nao_existe.csv")
    assert caught.value.issue.code == "csv-file-not-found"
    with pytest.raises(CivicKitError) as caught:
        read_gov_csv(tmp_path)
    assert caught.value.issue.code == "csv-not-a-file"


@pytest.mark.parametrize(
    ("options", "code"),
    [
        pytest.param({"sep": ";;"}, "csv-bad-option", id="sep-two-chars"),
        pytest.param({"sep": '"'}, "csv-bad-option", id="sep-quote"),
        pytest.param({"decimal": ";"}, "csv-bad-option", id="decimal"),
        pytest.param({"header_row": 0}, "csv-bad-option", id="header-row-zero"),
        pytest.param({"header_row": True}, "csv-bad-option", id="header-row-bool"),
        pytest.param({"limit_issues": 0}, "csv-bad-option", id="limit"),
        pytest.param({"max_bytes": -1}, "csv-bad-option", id="max-bytes"),
        pytest.param({"dayfirst": "sim"}, "csv-bad-option", id="dayfirst"),
        pytest.param({"encoding": "klingon-8"}, "csv-unknown-encoding", id="encoding-unknown"),
        pytest.param({"header_row": 99}, "csv-header-row-out-of-range", id="header-row-past-end"),
    ],
)
def test_bad_options_get_a_clear_error(options, code):
    with pytest.raises(CivicKitError) as caught:
        read("mesma_tabela_utf8.csv", **options)
    assert caught.value.issue.code == code
    assert "{" not in caught.value.message("es")


def test_forced_encoding_that_does_not_fit():
    with pytest.raises(CivicKitError) as caught:
        read("mesma_tabela_cp1252.csv", encoding="utf-8")
    assert caught.value.issue.code == "csv-decode-failed"
    assert caught.value.issue.params["line"] == 1  # "Função" in the header is already Windows-1252


def test_csv_text_passed_as_a_path_gets_a_short_message():
    with pytest.raises(CivicKitError) as caught:
        read_gov_csv("Nome;Valor\nA;1\n" * 100)
    assert caught.value.issue.code in ("csv-file-not-found", "csv-unreadable")
    assert len(caught.value.message("pt-BR")) < 400


def test_unsupported_source_type():
    with pytest.raises(CivicKitError) as caught:
        read_gov_csv(12345)  # type: ignore[arg-type]  # the point of the test
    assert caught.value.issue.code == "csv-unsupported-source"


def test_a_blank_line_forced_as_header():
    with pytest.raises(CivicKitError) as caught:
        read_gov_csv(b"Titulo\n\nNome;Valor\nA;1\n", header_row=2)
    assert caught.value.issue.code == "csv-header-empty"


# -- options and sources ---------------------------------------------------------------------------


def test_forced_options_are_used():
    frame, report = read("sp_execucao_cp1252.csv", encoding="cp1252", sep=";", decimal=",", header_row=3)
    assert report.header_row == 3 and report.rows == 12
    assert frame["Pago (R$)"].iloc[0] == 987654.32


def test_bytes_and_open_files_read_like_paths():
    path = CSV / "sp_execucao_cp1252.csv"
    by_path, _report = read_gov_csv(path)
    by_str, _ = read_gov_csv(str(path))
    by_bytes, _ = read_gov_csv(path.read_bytes())
    with path.open("rb") as handle:
        by_handle, _ = read_gov_csv(handle)
    for other in (by_str, by_bytes, by_handle):
        pd.testing.assert_frame_equal(by_path, other)


def test_issue_limit_keeps_errors_and_says_how_many_were_left_out():
    header = ";".join(f"c{i}" for i in range(30))
    rows = ["n/d;" + ";".join("1" for _ in range(29))] + [";".join("1" for _ in range(30))] * 3
    rows += ["1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19;20;21;22;23;24;25;26;27;28;29;30;31"]
    marked = header + "\n" + "\n".join(rows).replace("1;", "-;", 1) + "\n"
    text = marked.replace(";1", ";n/d", 1)
    _frame, report = read_gov_csv(text.encode(), limit_issues=2)
    assert len(report.issues) == 2
    assert report.issues[0].severity == "error"
    assert report.issues[-1].code == "csv-issues-truncated"
    assert not report.valid
    full = read_gov_csv(text.encode())[1]
    assert report.issues[-1].params["count"] == len(full.issues) - 1


# -- the report ------------------------------------------------------------------------------------


def test_report_is_frozen_and_json_ready():
    _, report = read("sp_execucao_cp1252.csv")
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.rows = 0  # type: ignore[misc]  # the point of the test
    data = report.to_dict("en")
    assert json.loads(json.dumps(data)) == data
    assert {"encoding", "separator", "decimal", "header_row", "rows", "columns", "warnings", "issues"} <= set(data)
    assert data["columns"]["Pago (R$)"] == "number"
    assert data["warnings"] and data["warnings"][0].startswith("Total, source or note lines at the end of the file")


def test_summary_speaks_plainly_in_each_language():
    _, report = read("sp_execucao_cp1252.csv")
    pt = report.summary("pt-BR")
    assert pt[0] == "Codificação: Windows-1252 (o padrão antigo do Windows para português)"
    assert pt[1] == "Separador: ponto e vírgula ;"
    assert "1.234.567,89" in pt[2]
    assert "linha 3" in pt[3]
    en = report.summary("en")
    assert en[1] == "Separator: semicolon ;" and "Encoding: Windows-1252" in en[0]
    es = report.summary("es")
    assert es[1] == "Separador: punto y coma ;"
    assert any("Pago (R$): número (con decimales)" in line for line in es)


def test_issue_messages_exist_for_every_code_in_all_languages():
    sources = Path(__file__).resolve().parents[2] / "civic_kit" / "data"
    import re

    text = "".join(p.read_text(encoding="utf-8") for p in sources.glob("*.py"))
    used = set(re.findall(r"\"(csv-[a-z0-9-]+)\"", text)) | {"outlier"}
    for lang in LANGUAGES:
        missing = sorted(code for code in used if f"issue.{code}" not in catalog(lang))
        assert missing == [], lang


# -- the bundled raw budget export ---------------------------------------------------------------


def test_bundled_raw_portal_export_reads_with_no_lost_rows_and_the_same_totals():
    raw, report = read_gov_csv(DATASETS / "budget_execution_raw_portal.csv")
    clean = pd.read_csv(DATASETS / "budget_execution.csv", dtype={"orgao_code": str, "natureza_code": str})
    assert report.encoding == "cp1252" and report.separator == ";" and report.header_row == 2
    assert report.rows == len(clean) and report.rows_skipped == 0 and report.valid
    pairs = {
        "Dotação Inicial (R$)": "dotacao_inicial",
        "Dotação Atualizada (R$)": "dotacao_atualizada",
        "Empenhado (R$)": "empenhado",
        "Liquidado (R$)": "liquidado",
        "Pago (R$)": "pago",
    }
    for raw_name, clean_name in pairs.items():
        assert round(raw[raw_name].sum() * 100) == round(clean[clean_name].sum() * 100), raw_name
        assert np.allclose(raw[raw_name].to_numpy(), clean[clean_name].to_numpy())
    assert raw["Órgão (código)"].tolist() == clean["orgao_code"].tolist()
    assert raw["Natureza da Despesa (código)"].tolist() == clean["natureza_code"].tolist()
    assert (raw["Exercício"].to_numpy() == clean["year"].to_numpy()).all()


# -- properties and speed ----------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(min_value=-(10**11), max_value=10**11), min_size=3, max_size=30),
    st.sampled_from(["cp1252", "utf-8", "utf-8-sig"]),
)
def test_brazilian_money_round_trips_to_the_cent(cents, encoding):
    def brl(value: int) -> str:
        sign = "-" if value < 0 else ""
        whole, part = divmod(abs(value), 100)
        return f"{sign}{whole:,}".replace(",", ".") + f",{part:02d}"

    lines = ["Prefeitura de Exemplo – Despesas;;", "Órgão;Valor (R$);"]
    lines += [f"Secretaria {i};{brl(v)};" for i, v in enumerate(cents)]
    frame, report = read_gov_csv(("\r\n".join(lines) + "\r\n").encode(encoding))
    assert report.header_row == 2 and report.rows == len(cents)
    assert [round(v * 100) for v in frame["Valor (R$)"]] == cents


def _big_export(path: Path, rows: int) -> np.ndarray:
    """Write a São Paulo-style export (title line, ``;``, Windows-1252, ``1.234,56``) with 20 columns.

    Twelve money columns have almost only distinct values, the worst case for the reader. Returns the
    money in cents so the test can check the sums.
    """
    rng = np.random.default_rng(7)
    cents = rng.integers(0, 10**10, size=(rows, 12))
    english = "\n".join(map("{:,.2f}".format, (cents.ravel() / 100).tolist()))
    money = english.translate(str.maketrans({",": ".", ".": ","})).split("\n")
    days = pd.date_range("2024-01-01", periods=366).strftime("%d/%m/%Y").to_numpy()
    columns = [
        [f"{v:02d}" for v in rng.integers(0, 100, rows).tolist()],
        rng.choice(["Saúde", "Educação", "Obras", "Assistência Social"], rows).tolist(),
        rng.choice([f"Ação nº {i}, manutenção" for i in range(300)], rows).tolist(),
        days[rng.integers(0, 366, rows)].tolist(),
        ["2024"] * rows,
        rng.choice(["Sim", "Não"], rows).tolist(),
        [f"{v:014d}" for v in rng.integers(10**12, 10**13, rows).tolist()],
        [str(v) for v in rng.integers(1, 5000, rows).tolist()],
        *(money[j::12] for j in range(12)),
    ]
    header = "Código;Órgão;Ação;Data;Exercício;Ativo;CNPJ;Quantidade;" + ";".join(f"Valor {j} (R$)" for j in range(12))
    body = "\r\n".join(map(";".join, zip(*columns, strict=True)))
    path.write_bytes(f"Prefeitura de Exemplo - Execução 2024\r\n{header}\r\n{body}\r\n".encode("cp1252"))
    return cents


_CELLS = [
    "",
    " ",
    "Saúde",
    "1.234,56",
    "1,234.56",
    "12,5%",
    "(1.234,50)",
    "01/02/2024",
    "007",
    "Sim",
    "n/d",
    "x",
    '"q;uoted"',
    '"multi\nline"',
    '"open',
    'a"b',
    "Total",
    "Fonte: X",
    "9999999,99",
    "—",
]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([";", ",", "\t", "|"]),
    st.lists(st.lists(st.sampled_from(_CELLS), min_size=0, max_size=7), min_size=1, max_size=25),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.sampled_from(["utf-8", "cp1252", "utf-16", "utf-8-sig"]),
)
def test_any_messy_table_gives_a_report_or_a_translated_error_never_a_traceback(sep, rows, newline, encoding):
    data = newline.join(sep.join(row) for row in rows).encode(encoding, errors="replace")
    try:
        frame, report = read_gov_csv(data)
    except CivicKitError as error:
        assert "{" not in error.message("pt-BR")
        return
    assert len(frame) == report.rows
    assert list(frame.columns) == list(report.columns)
    json.dumps(report.to_dict("es"))


def test_a_large_cp1252_export_keeps_every_row_and_cent(tmp_path):
    """Correctness at scale; the speed of the 200,000-row case is measured by benchmarks/bench_govcsv.py."""
    path = tmp_path / "grande.csv"
    cents = _big_export(path, 20_000)
    frame, report = read_gov_csv(path)
    assert report.rows == 20_000 and len(report.columns) == 20 and report.rows_skipped == 0
    assert report.header_row == 2 and report.encoding == "cp1252"
    assert report.columns["Código"] == "code" and report.columns["Data"] == "date"
    assert report.columns["Ativo"] == "boolean" and report.columns["CNPJ"] == "code"
    assert report.columns["Valor 0 (R$)"] == "number" and report.columns["Quantidade"] == "integer"
    assert round(frame["Valor 3 (R$)"].sum() * 100) == int(cents[:, 3].sum())

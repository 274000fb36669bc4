"""civic_kit.privacy: check digits, scanning, masking, k-anonymity and small-cell suppression."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civic_kit.data import load
from civic_kit.privacy import (
    fake_requesters,
    groups_below_k,
    is_valid_cnpj,
    is_valid_cpf,
    k_anonymity,
    mask_columns,
    mask_cpf,
    mask_value,
    scan,
    suppress_small_cells,
)
from civic_kit.problems import CivicKitError


def _code(excinfo: pytest.ExceptionInfo[CivicKitError]) -> str:
    return excinfo.value.issue.code


def _cpf_from(base: str) -> str:
    """Check digits computed the textbook way (independent of the module's loop)."""
    digits = [int(d) for d in base]
    first = sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
    digits.append(0 if first < 2 else 11 - first)
    second = sum(d * w for d, w in zip(digits, range(11, 1, -1), strict=True)) % 11
    digits.append(0 if second < 2 else 11 - second)
    return "".join(map(str, digits))


# --- check digits -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("529.982.247-25", True),
        ("52998224725", True),
        ("111.444.777-35", True),
        ("529.982.247-26", False),
        ("111.111.111-11", False),
        ("5299822472", False),
        ("529982247-25", False),
        ("529.982.247-25x", False),
        (52998224725, True),
        (1234567891, False),
        (None, False),
        (True, False),
        ("", False),
    ],
    ids=lambda v: repr(v),
)
def test_is_valid_cpf(value, valid):
    assert is_valid_cpf(value) is valid


def test_cpf_stored_as_a_number_keeps_its_leading_zero():
    cpf = _cpf_from("012345678")
    assert cpf.startswith("0") and is_valid_cpf(int(cpf))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789", min_size=9, max_size=9).filter(lambda s: len(set(s)) > 1))
def test_generated_cpfs_are_valid_and_one_changed_digit_is_not(base):
    cpf = _cpf_from(base)
    assert is_valid_cpf(cpf)
    broken = cpf[:10] + str((int(cpf[10]) + 1) % 10)
    assert not is_valid_cpf(broken)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("11.222.333/0001-81", True),
        ("11222333000181", True),
        ("11.222.333/0001-82", False),
        ("00000000000000", False),
        ("48876824000156", True),
        ("1122233300018", False),
        (None, False),
    ],
    ids=lambda v: repr(v),
)
def test_is_valid_cnpj(value, valid):
    assert is_valid_cnpj(value) is valid


def test_every_bundled_supplier_cnpj_is_valid_except_the_placeholder():
    cnpjs = load("contracts")["supplier_cnpj"]
    valid = cnpjs.map(is_valid_cnpj)
    assert set(cnpjs[~valid]) == {"00000000000000"}


# --- masking ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("529.982.247-25", "***.982.247-**"),
        ("52998224725", "***.982.247-**"),
        (12345678909, "***.456.789-**"),
        ("529.982.247-26", "***.982.247-**"),
    ],
    ids=["formatted", "digits", "int", "typo-still-masked"],
)
def test_mask_cpf(value, masked):
    assert mask_cpf(value) == masked


@pytest.mark.parametrize("value", ["12345", "Ana Souza", None, "529.982.247-25 e mais", ""], ids=repr)
def test_mask_cpf_refuses_what_is_not_a_cpf(value):
    with pytest.raises(CivicKitError) as excinfo:
        mask_cpf(value)
    assert _code(excinfo) == "privacy-not-a-cpf"


@pytest.mark.parametrize(
    ("kind", "value", "masked"),
    [
        ("email", "ana.souza@example.org", "a***@example.org"),
        ("phone", "(00) 91234-5678", "(**) *****-**78"),
        ("cep", "13456-789", "13456-***"),
        ("name", "Ana Souza", "A*** S***"),
        ("cnpj", "11.222.333/0001-81", "11.222.333/****-**"),
    ],
    ids=lambda v: str(v),
)
def test_mask_value(kind, value, masked):
    assert mask_value(kind, value) == masked


def test_mask_value_unknown_kind():
    with pytest.raises(CivicKitError) as excinfo:
        mask_value("passport", "X")
    assert _code(excinfo) == "privacy-unknown-kind"


# --- scanning ---------------------------------------------------------------------------------------

SCAN_CASES = [
    ("cpf-formatted", {"doc": ["529.982.247-25", "111.444.777-35"]}, [("doc", "cpf", 2)]),
    ("cpf-digits", {"x": ["52998224725", "11144477735", "abc"]}, [("x", "cpf", 2)]),
    ("cpf-invalid-ignored", {"x": ["52998224726", "12345678901"]}, []),
    ("cpf-lost-zero", {"cpf": [int(_cpf_from("012345678")), int(_cpf_from("098765432"))]}, [("cpf", "cpf", 2)]),
    ("cnpj", {"fornecedor_cnpj": ["11.222.333/0001-81", "48876824000156"]}, [("fornecedor_cnpj", "cnpj", 2)]),
    ("email", {"contato": ["ana@example.org", "-"]}, [("contato", "email", 1)]),
    ("phone-formats", {"obs": ["(11) 98765-4321", "+55 11 98765-4321", "11 3456-7890", "nada"]}, [("obs", "phone", 3)]),
    (
        "phone-digits-need-a-hint",
        {"telefone": ["11987654321", "1134567890"], "codigo": ["11987654321", "x"]},
        [("telefone", "phone", 2)],
    ),
    ("cep", {"endereco": ["Rua A, 13456-789", "Rua B"]}, [("endereco", "cep", 1)]),
    ("cep-digits-need-a-hint", {"cep": ["13456789"], "codigo": ["13456789"]}, [("cep", "cep", 1)]),
    ("names-by-content", {"pessoa_x": ["Maria Souza", "João Lima", "Pedro Alves", "Ana"]}, [("pessoa_x", "name", 3)]),
    (
        "names-by-header",
        {"nome_requerente": ["Maria Souza", "Xyz Abc", "Qwe Rty", "Zzz Yyy", "Www Vvv"]},
        [("nome_requerente", "name", 1)],
    ),
    ("company-column-is-not-a-person", {"razao_social": ["Maria Souza Ltda", "Pedro Alves ME"]}, []),
    ("company-names-are-not-people", {"x": ["Maria Souza Ltda", "Pedro Alves ME", "Ana Lima EIRELI"]}, []),
    (
        "free-text",
        {"mensagem": ["Ligue (00) 91234-5678 ou escreva para ana@example.org", "ok"]},
        [("mensagem", "email", 1), ("mensagem", "phone", 1)],
    ),
    (
        "numbers-and-dates-ignored",
        {"valor": [1234.5, 99.0], "data": pd.to_datetime(["2024-01-01", "2024-02-01"]), "ok": [True, False]},
        [],
    ),
]


@pytest.mark.parametrize(("columns", "expected"), [c[1:] for c in SCAN_CASES], ids=[c[0] for c in SCAN_CASES])
def test_scan_finds_what_it_should_and_nothing_else(columns, expected):
    frame = pd.DataFrame({k: pd.Series(v) for k, v in columns.items()})
    report = scan(frame)
    assert sorted((f.column, f.kind, f.count) for f in report.findings) == sorted(expected)
    assert report.valid is (not any(kind != "cnpj" for _, kind, _ in expected))


def test_scan_examples_are_masked_and_issues_translated():
    report = scan(pd.DataFrame({"cpf": ["529.982.247-25"], "email": ["ana.souza@example.org"]}))
    text = " ".join(str(f.examples) for f in report.findings)
    assert "529" not in text and "ana.souza" not in text
    assert [issue.severity for issue in report.issues] == ["warning", "warning"]
    assert report.issues[0].message("pt-BR").startswith("Coluna cpf: 1 linhas (100%)")
    assert "100%" in report.issues[0].message("en")
    assert report.summary("es")[-1].startswith("No lo publiques así")
    assert list(report.table("en").columns) == ["column", "kind of data", "rows", "share", "examples (masked)"]
    assert report.to_dict()["personal_columns"] == ["cpf", "email"]


def test_cnpj_alone_is_reported_for_review_but_does_not_block_publishing():
    report = scan(load("contracts"))
    assert [(f.column, f.kind) for f in report.findings] == [("supplier_cnpj", "cnpj")]
    assert report.valid and report.issues[0].severity == "info"
    assert "Nenhum dado pessoal" in report.summary("pt-BR")[-1]


@pytest.mark.parametrize("name", ["districts", "foi_requests", "budget_execution", "facilities"], ids=str)
def test_bundled_public_tables_have_no_personal_data(name):
    assert scan(load(name)).valid


def test_scan_selected_columns_and_bad_input():
    frame = pd.DataFrame({"cpf": ["529.982.247-25"], "x": [1]})
    assert scan(frame, columns=["x"]).findings == ()
    with pytest.raises(CivicKitError) as excinfo:
        scan(frame, columns=["nope"])
    assert _code(excinfo) == "privacy-missing-columns"
    with pytest.raises(CivicKitError) as excinfo:
        scan([["529.982.247-25"]])
    assert _code(excinfo) == "privacy-not-a-table"
    assert scan(pd.DataFrame()).valid


def test_mask_columns_removes_everything_the_scan_found():
    people = fake_requesters(120, seed=7)
    masked = mask_columns(people)
    assert scan(masked).valid
    assert masked["bairro"].equals(people["bairro"])  # not personal on its own: kept
    assert masked["cpf"].str.fullmatch(r"\*\*\*\.\d{3}\.\d{3}-\*\*").all()
    leaked = [m for m in masked["mensagem"] if "@example" in m and "***@" not in m]
    assert leaked == []
    assert people["cpf"].iloc[0] != masked["cpf"].iloc[0]  # the input is not changed
    assert scan(people).personal_columns == ("nome", "cpf", "email", "telefone", "cep", "mensagem")


def test_mask_columns_keeps_missing_values_missing():
    frame = pd.DataFrame({"email": ["ana@example.org", None]})
    masked = mask_columns(frame)
    assert masked["email"].tolist()[0] == "a***@example.org" and pd.isna(masked["email"].iloc[1])


# --- fictional requesters ---------------------------------------------------------------------------


def test_fake_requesters_are_reproducible_and_clearly_fictional():
    first, again = fake_requesters(), fake_requesters()
    pd.testing.assert_frame_equal(first, again)
    assert len(first) == 400
    assert first["email"].str.fullmatch(r"[a-z.]+\d+@example\.(org|com|net)").all()
    assert first["telefone"].str.startswith("(00) 9").all()
    assert first["cpf"].map(is_valid_cpf).all()
    assert set(first["bairro"]) <= set(load("districts")["name"])
    assert scan(first[["nome"]]).findings[0].count == 400  # every name starts with a listed first name
    assert not fake_requesters(50, seed=1).equals(fake_requesters(50, seed=2))


@pytest.mark.parametrize("n", [0, -1, 100_001, 2.5, "10", True], ids=repr)
def test_fake_requesters_refuses_bad_sizes(n):
    with pytest.raises(CivicKitError) as excinfo:
        fake_requesters(n)
    assert _code(excinfo) == "privacy-bad-size"


# --- k-anonymity ------------------------------------------------------------------------------------


def _people():
    return pd.DataFrame(
        {
            "bairro": ["Centro", "Centro", "Centro", "Vila", "Vila", "Vila"],
            "decada": [1970, 1970, 1980, 1970, 1970, None],
            "genero": ["f", "f", "m", "m", "m", "f"],
        }
    )


def test_k_anonymity_is_the_smallest_group():
    people = _people()
    assert k_anonymity(people, ["bairro"]) == 3
    assert k_anonymity(people, "bairro") == 3
    assert k_anonymity(people, ["bairro", "decada"]) == 1  # the missing decade is a group of its own
    assert k_anonymity(people, ["genero"]) == 3


def test_groups_below_k_lists_the_rare_combinations():
    small = groups_below_k(_people(), ["bairro", "genero"], 2)
    assert small.to_dict("records") == [
        {"bairro": "Centro", "genero": "m", "people": 1},
        {"bairro": "Vila", "genero": "f", "people": 1},
    ]
    assert groups_below_k(_people(), ["bairro"], 3).empty


@pytest.mark.parametrize(
    ("frame", "qis", "code"),
    [
        (_people(), [], "privacy-no-quasi-identifiers"),
        (_people(), None, "privacy-no-quasi-identifiers"),
        (_people(), ["idade"], "privacy-missing-columns"),
        (_people().iloc[0:0], ["bairro"], "privacy-empty-table"),
        ({"bairro": ["x"]}, ["bairro"], "privacy-not-a-table"),
    ],
    ids=["empty-list", "none", "unknown-column", "empty-table", "dict"],
)
def test_k_anonymity_refuses_bad_input(frame, qis, code):
    with pytest.raises(CivicKitError) as excinfo:
        k_anonymity(frame, qis)
    assert _code(excinfo) == code


@pytest.mark.parametrize("k", [0, -3, 2.5, "5", True], ids=repr)
def test_groups_below_k_refuses_bad_k(k):
    with pytest.raises(CivicKitError) as excinfo:
        groups_below_k(_people(), ["bairro"], k)
    assert _code(excinfo) == "privacy-bad-k"


# --- small-cell suppression -------------------------------------------------------------------------


def test_primary_suppression_only():
    table = pd.DataFrame({"a": [1, 10, 0], "b": [7, 3, 8]}, index=["x", "y", "z"])
    result = suppress_small_cells(table, 5, secondary=False)
    assert result.isna().to_numpy().tolist() == [[True, False], [False, True], [False, False]]
    assert result.loc["z", "a"] == 0  # zeros reveal no one
    assert str(result.dtypes.iloc[0]) == "Int64"


def test_secondary_suppression_protects_a_lone_small_cell_from_subtraction():
    table = pd.DataFrame({"a": [2, 10, 12], "b": [9, 8, 15], "c": [20, 30, 6]}, index=["x", "y", "z"])
    result = suppress_small_cells(table, 5)
    hidden = result.isna().to_numpy()
    assert hidden[0, 0]  # the small cell
    for line in (*hidden, *hidden.T):  # no row or column has exactly one hidden cell
        assert line.sum() != 1
    assert result.loc["y", "c"] == 30  # cells not needed stay published


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 12), min_size=2, max_size=5), min_size=2, max_size=5).filter(
        lambda rows: len({len(r) for r in rows}) == 1
    )
)
def test_secondary_suppression_never_leaves_a_single_recoverable_cell(rows):
    table = pd.DataFrame(rows)
    result = suppress_small_cells(table, 5)
    hidden = result.isna().to_numpy()
    values = table.to_numpy()
    assert (hidden >= ((values > 0) & (values < 5))).all()
    for line, counts in zip((*hidden, *hidden.T), (*values, *values.T), strict=True):
        if line.sum() == 1:
            # only acceptable when nothing else in the line could hide it (all other cells are zero)
            assert (counts[~line] == 0).all()
    published = result.fillna(-1).to_numpy()
    assert ((published == values) | hidden).all()


@pytest.mark.parametrize(
    ("table", "k", "code"),
    [
        (pd.DataFrame({"a": [1, 2]}), 1, "privacy-bad-k"),
        (pd.DataFrame({"a": [1, 2]}), "5", "privacy-bad-k"),
        (pd.DataFrame({"a": ["um", "dois"]}), 5, "privacy-not-counts"),
        (pd.DataFrame({"a": [1.5, 2]}), 5, "privacy-not-counts"),
        (pd.DataFrame({"a": [-1, 2]}), 5, "privacy-not-counts"),
        (pd.DataFrame({"a": [np.nan, 2]}), 5, "privacy-not-counts"),
        ([[1, 2]], 5, "privacy-not-a-table"),
    ],
    ids=["k-one", "k-text", "text", "fraction", "negative", "missing", "list"],
)
def test_suppress_small_cells_refuses_bad_input(table, k, code):
    with pytest.raises(CivicKitError) as excinfo:
        suppress_small_cells(table, k)
    assert _code(excinfo) == code


def test_suppress_small_cells_accepts_a_series_and_a_crosstab():
    people = fake_requesters(200, seed=3)
    table = pd.crosstab(people["bairro"], people["genero"])
    result = suppress_small_cells(table, 5)
    assert result.shape == table.shape
    assert suppress_small_cells(people["bairro"].value_counts(), 5).shape[1] == 1

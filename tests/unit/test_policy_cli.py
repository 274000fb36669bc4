"""``civic-kit draft``: the CLI is a skin over the library (parity), and bad input writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document

from civic_kit import cli
from civic_kit.i18n import LANGUAGES, get_language, set_language
from civic_kit.policy.answers import load_answers
from civic_kit.policy.coverage import coverage
from civic_kit.policy.draft import build_draft

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "drafter"
BAD = "municipality: ''\npopulation: 0\nissuing_authority: O Prefeito\nreview_period_years: 11\n"


@pytest.fixture(autouse=True)
def _restore_language():
    """The CLI sets the process language from --lang; put it back for the other tests."""
    before = get_language()
    yield
    set_language(before)


def test_draft_subcommand_registers():
    parser = cli.build_parser(strict=True)
    assert "draft" in parser._subparsers._group_actions[0].choices  # argparse keeps sub-parsers here


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("example", ["minimal", "complete"])
def test_coverage_json_equals_the_library(example, lang, capsys):
    path = EXAMPLES / f"{example}.yaml"
    assert cli.main(["--lang", lang, "draft", "--answers", str(path), "--coverage", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    answers, _ = load_answers(path)
    assert printed == coverage(answers).to_dict(lang)
    assert set(printed) >= {"score", "covered", "missing"}


def test_coverage_as_text(capsys):
    assert cli.main(["draft", "--answers", str(EXAMPLES / "minimal.yaml"), "--coverage", "--lang", "es"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Cobertura: 14 de 37 recomendaciones (37,8%)")
    assert "Lo que falta y por qué importa:" in out


@pytest.mark.parametrize("fmt", ["docx", "html", "md"])
def test_writes_each_format(tmp_path, fmt, capsys):
    output = tmp_path / f"minuta.{fmt}"
    assert (
        cli.main(["draft", "--answers", str(EXAMPLES / "complete.yaml"), "--lang", "pt-BR", "--output", str(output)])
        == 0
    )
    draft = build_draft(load_answers(EXAMPLES / "complete.yaml")[0], "pt-BR")
    assert str(len(draft.articles())) in capsys.readouterr().out
    if fmt == "docx":
        texts = [p.text for p in Document(str(output)).paragraphs]
        assert draft.title in texts
    else:
        text = output.read_text(encoding="utf-8")
        assert "Art. 41" in text and ('<html lang="pt-BR">' in text) == (fmt == "html")


def test_format_option_overrides_the_extension(tmp_path):
    output = tmp_path / "minuta.txt"
    assert (
        cli.main(["draft", "--answers", str(EXAMPLES / "minimal.yaml"), "--output", str(output), "--format", "md"]) == 0
    )
    assert output.read_text(encoding="utf-8").startswith("*Minuta gerada pelo civic-kit")


def test_json_answers_file_saved_by_the_app(tmp_path, capsys):
    from civic_kit.policy.answers import save_answers

    answers, _ = load_answers(EXAMPLES / "complete.yaml")
    saved = save_answers(answers, tmp_path / "respostas.json", lang="en")
    assert cli.main(["draft", "--answers", str(saved), "--coverage", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["score"] == 1.0


def test_invalid_answers_list_every_problem_translated_and_write_nothing(tmp_path, capsys):
    answers = tmp_path / "bad.yaml"
    answers.write_text(BAD, encoding="utf-8")
    output = tmp_path / "borrador.docx"
    assert cli.main(["--lang", "es", "draft", "--answers", str(answers), "--output", str(output)]) == 1
    err = capsys.readouterr().err
    assert "Las respuestas tienen 3 problema(s); no se escribió nada:" in err
    assert '"Municipio" es obligatorio' in err
    assert '"Población (habitantes)" debe estar entre 1 y 30.000.000; se indicó 0.' in err
    assert "Revisión de la política" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]


def test_invalid_answers_never_touch_an_existing_output(tmp_path, capsys):
    answers = tmp_path / "bad.yaml"
    answers.write_text(BAD, encoding="utf-8")
    output = tmp_path / "minuta.html"
    output.write_text("previous version", encoding="utf-8")
    assert cli.main(["draft", "--answers", str(answers), "--output", str(output), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False and len(report["issues"]) == 3
    assert output.read_text(encoding="utf-8") == "previous version"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--output", "{tmp}/x.pdf"], "Formato de exportação desconhecido"),
        ([], "Informe --output ARQUIVO"),
        (["--output", "{tmp}/missing/x.md"], "Não foi possível gravar"),
    ],
    ids=["unknown-format", "no-output", "missing-folder"],
)
def test_usage_errors_exit_1_with_a_translated_message(tmp_path, capsys, argv, message):
    args = [item.replace("{tmp}", str(tmp_path)) for item in argv]
    assert cli.main(["--lang", "pt-BR", "draft", "--answers", str(EXAMPLES / "minimal.yaml"), *args]) == 1
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("{ truncated", "a.json", "incompleto ou corrompido"),
        (None, "nope.yaml", "não existe"),
        ("x", "a.csv", ".json, .yaml ou .yml"),
    ],
    ids=["corrupt", "missing", "extension"],
)
def test_unreadable_answers_files(tmp_path, capsys, content, name, message):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert cli.main(["--lang", "pt-BR", "draft", "--answers", str(path), "--coverage"]) == 1
    assert message in capsys.readouterr().err

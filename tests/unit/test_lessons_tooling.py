"""Lesson tooling: the runtime learners call, the challenge judge, and the build/check/new/catalogue tools."""

from __future__ import annotations

import decimal

import numpy as np
import pandas as pd
import pytest

from civic_kit.i18n import LANGUAGES, get_language
from civic_kit.lessons import Challenge, Lesson, evaluate, get_challenge, register, setup
from civic_kit.lessons.challenge import describe_value, normalise_text
from civic_kit.problems import CivicKitError

# --- runtime: challenges of every kind -------------------------------------------------------------------

TABLE = pd.DataFrame({"district": ["Centro", "Norte", "Sul"], "population": [1200, 800, 500]})

NUMBER = register(Challenge("98-number", "98-tooling-test", "number", expected=lambda: 2500, tolerance=0.5))
FLOAT = register(Challenge("98-share", "98-tooling-test", "number", expected=lambda: 0.48, tolerance=0.005))
TEXT = register(
    Challenge("98-text", "98-tooling-test", "text", expected=lambda: "São Paulo", hint_key="lessons.type.text")
)
CHOICE = register(
    Challenge("98-choice", "98-tooling-test", "choice", expected=lambda: "median", options=("mean", "median"))
)
SET = register(Challenge("98-set", "98-tooling-test", "set", expected=lambda: ["Centro", "Norte"]))
COLUMNS = register(Challenge("98-columns", "98-tooling-test", "columns", expected=lambda: ["district"]))
SHAPE = register(Challenge("98-shape", "98-tooling-test", "dataframe_shape", expected=lambda: (3, 2)))
BOOL = register(Challenge("98-bool", "98-tooling-test", "bool", expected=lambda: True, success_key="lessons.type.bool"))
BROKEN = register(Challenge("98-broken", "98-tooling-test", "number", expected=lambda: 1 / 0))

CASES = [
    # (challenge, answer, status)
    (NUMBER, 2500, "correct"),
    (NUMBER, np.int64(2500), "correct"),
    (NUMBER, 2500.4, "correct"),
    (NUMBER, decimal.Decimal("2500"), "correct"),
    (NUMBER, 2501, "incorrect"),
    (NUMBER, "2500", "incorrect"),
    (NUMBER, True, "incorrect"),
    (NUMBER, None, "incorrect"),
    (NUMBER, TABLE["population"], "incorrect"),
    (NUMBER, TABLE, "incorrect"),
    (NUMBER, float("nan"), "incorrect"),
    (NUMBER, [2500], "incorrect"),
    (NUMBER, ..., "unanswered"),
    (FLOAT, 0.481, "correct"),
    (FLOAT, 48, "incorrect"),
    (TEXT, "  sao   PAULO ", "correct"),
    (TEXT, "São Paulo", "correct"),
    (TEXT, "Rio", "incorrect"),
    (TEXT, "", "incorrect"),
    (TEXT, 42, "incorrect"),
    (TEXT, None, "incorrect"),
    (CHOICE, "Median", "correct"),
    (CHOICE, "mean", "incorrect"),
    (CHOICE, "mode", "incorrect"),
    (CHOICE, ["median"], "incorrect"),
    (CHOICE, None, "incorrect"),
    (SET, ["Norte", "Centro"], "correct"),
    (SET, ("centro", "norte", "Norte"), "correct"),
    (SET, pd.Series(["Centro", "Norte"]), "correct"),
    (SET, np.array(["Norte", "Centro"]), "correct"),
    (SET, ["Centro"], "incorrect"),
    (SET, ["Centro", "Norte", "Sul"], "incorrect"),
    (SET, "Centro, Norte", "incorrect"),
    (SET, [["Centro"], ["Norte"]], "incorrect"),
    (SET, TABLE, "incorrect"),
    (SET, 3, "incorrect"),
    (COLUMNS, TABLE, "correct"),
    (COLUMNS, TABLE[["population"]], "incorrect"),
    (COLUMNS, TABLE["district"], "incorrect"),
    (COLUMNS, ["district"], "incorrect"),
    (SHAPE, TABLE, "correct"),
    (SHAPE, TABLE.head(2), "incorrect"),
    (SHAPE, TABLE[["district"]], "incorrect"),
    (SHAPE, TABLE.shape, "incorrect"),
    (SHAPE, None, "incorrect"),
    (BOOL, True, "correct"),
    (BOOL, np.bool_(True), "correct"),
    (BOOL, False, "incorrect"),
    (BOOL, "True", "incorrect"),
    (BOOL, 1, "incorrect"),
    (BROKEN, 1, "unavailable"),
    (BROKEN, ..., "unanswered"),
]


def _case_id(case: tuple) -> str:
    challenge, answer, status = case
    shown = type(answer).__name__ if isinstance(answer, (pd.DataFrame, pd.Series, np.ndarray)) else repr(answer)
    return f"{challenge.id}-{shown[:20]}-{status}"


@pytest.mark.parametrize(("challenge", "answer", "status"), CASES, ids=[_case_id(c) for c in CASES])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_evaluate_gives_the_right_status_in_every_language(challenge, answer, status, lang):
    feedback = evaluate(challenge, answer, lang)
    assert feedback.status == status
    assert feedback.lang == lang
    assert feedback.headline
    if status == "incorrect":
        assert feedback.details, "a wrong answer always gets an explanation"


def test_wrong_kind_explains_what_was_expected_in_kind():
    feedback = evaluate(NUMBER, "2500", "en")
    assert feedback.details[0] == "We expected a number, but your answer is a text."
    assert "quotes" in feedback.details[1]
    none = evaluate(NUMBER, None, "pt-BR")
    assert "None" in none.details[0] and "print()" in none.details[0]


def test_number_feedback_points_in_a_direction_without_giving_the_answer():
    high = evaluate(NUMBER, 2600, "en")
    low = evaluate(NUMBER, 100, "en")
    assert "higher" in high.details[0] and "lower" in low.details[0]
    assert all("2500" not in line and "2.500" not in line for line in high.details + low.details)
    assert "percentage" in evaluate(FLOAT, 48.0, "en").details[1]


def test_set_and_shape_feedback_count_the_differences():
    assert evaluate(SET, ["Centro", "Sul", "Leste"], "en").details == (
        "1 expected item(s) are missing from your answer.",
        "2 item(s) in your answer should not be there.",
    )
    assert "fewer" in evaluate(SHAPE, TABLE.head(1), "en").details[0]


def test_hint_shown_when_wrong_and_success_note_when_right():
    assert evaluate(TEXT, "Rio", "en").details[-1] == "Hint: a text"
    assert evaluate(BOOL, True, "es").details == ("un valor verdadero/falso (True o False)",)


def test_check_never_raises_and_prints_outside_a_notebook(capsys):
    lesson = setup("en")
    weird = object()
    for answer in (..., None, weird, TABLE, 2500, "x"):
        assert lesson.check("98-number", answer) is None
    lesson.check("no-such-challenge", 1)
    lesson.check(None, 1)  # type: ignore[arg-type]
    lesson.check("98-broken", 3)
    out = capsys.readouterr().out
    assert "No answer yet" in out and "Correct!" in out and "Not yet" in out
    assert "There is no challenge called “no-such-challenge”" in out
    assert "Could not check" in out and "ZeroDivisionError" in out


def test_check_survives_answers_whose_comparison_explodes(capsys):
    class Hostile:
        def __eq__(self, other):
            raise RuntimeError("boom")

        def __hash__(self):
            raise RuntimeError("boom")

    setup("pt-BR").check("98-choice", Hostile())
    assert "Não foi possível conferir" in capsys.readouterr().out


def test_verify_raises_translated_assertion_only_when_wrong():
    lesson = setup("es")
    lesson.verify("98-number", 2500)
    with pytest.raises(AssertionError, match="La solución del desafío “98-number” no coincide"):
        lesson.verify("98-number", 2400)
    with pytest.raises(AssertionError, match="Todavía sin respuesta"):
        lesson.verify("98-number", ...)
    with pytest.raises(AssertionError, match="no-such"):
        lesson.verify("no-such", 1)
    with pytest.raises(AssertionError):
        lesson.verify("98-broken", 1)


def test_setup_sets_language_and_tidies_pandas():
    lesson = setup("es-MX")
    assert isinstance(lesson, Lesson) and lesson.lang == "es"
    assert get_language() == "es"
    assert pd.get_option("display.max_rows") == 20
    assert setup("klingon").lang == "pt-BR"


def test_feedback_html_is_escaped_and_says_status_in_words():
    challenge = register(
        Challenge("98-html", "98-tooling-test", "choice", expected=lambda: "a", options=("a", "<script>"))
    )
    html = evaluate(challenge, "<b>", "en").html()
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "role='status'" in html and "Not yet" in html
    assert "<code>answer =</code>" in evaluate(NUMBER, ..., "en").html()


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"id": "x", "lesson": "98-tooling-test"}, "lesson-challenge-bad-id"),
        ({"id": "97-x", "lesson": "98-tooling-test"}, "lesson-challenge-bad-id"),
        ({"id": "98-x", "lesson": "tooling"}, "lesson-challenge-bad-lesson"),
        ({"kind": "essay"}, "lesson-challenge-bad-kind"),
        ({"expected": 42}, "lesson-challenge-not-callable"),
        ({"tolerance": -1}, "lesson-challenge-bad-tolerance"),
        ({"kind": "choice", "options": ("only",)}, "lesson-challenge-no-options"),
    ],
    ids=["no-number", "other-number", "bad-lesson", "bad-kind", "not-callable", "negative-tolerance", "one-option"],
)
def test_bad_challenge_definitions_are_translated_errors(kwargs, code):
    arguments = {"id": "98-x", "lesson": "98-tooling-test", "kind": "number", "expected": lambda: 1, **kwargs}
    with pytest.raises(CivicKitError) as caught:
        Challenge(**arguments)
    assert caught.value.issue.code == code
    assert caught.value.message("es")


def test_registry_refuses_an_id_claimed_by_two_lessons():
    with pytest.raises(CivicKitError) as caught:
        register(Challenge("98-number", "98-other-lesson", "number", expected=lambda: 1))
    assert caught.value.issue.code == "lesson-challenge-duplicate"
    assert get_challenge("98-number").lesson == "98-tooling-test"
    with pytest.raises(CivicKitError):
        register("98-number")  # type: ignore[arg-type]
    with pytest.raises(CivicKitError) as unknown:
        get_challenge("98-nothing")
    assert unknown.value.issue.code == "lesson-unknown-challenge"


def test_normalise_text_and_describe_value():
    assert normalise_text("  Ação   Civil ") == "acao civil"
    assert normalise_text("Ação", ignore_accents=False) == "ação"
    assert describe_value(TABLE, "en") == "a table (DataFrame)"
    assert describe_value({1: 2}, "en") == "a value of type dict"


def test_check_publishes_html_inside_a_kernel(monkeypatch, capsys):
    import types

    published = []

    class Publisher:
        def publish(self, data, metadata):
            published.append(data)

    shell = types.SimpleNamespace(config={"IPKernelApp": {}}, display_pub=Publisher())
    monkeypatch.setitem(__import__("sys").modules, "IPython", types.SimpleNamespace(get_ipython=lambda: shell))
    setup("en").check("98-number", 2500)
    assert capsys.readouterr().out == ""
    assert "Correct!" in published[0]["text/html"] and published[0]["text/plain"].startswith("✔ Correct!")


# --- checker, build, scaffold, catalogue on fixture lessons ------------------------------------------------

import json  # noqa: E402
import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

from civic_kit.lessons import build_lessons, catalogue, check_lessons, new_lesson  # noqa: E402
from civic_kit.lessons.build import render_notebook, without_outputs  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lessons"
KNOWN = {"districts"}

register(Challenge("97-count", "97-sample", "number", expected=lambda: 3))
register(Challenge("97-median", "97-sample", "number", expected=lambda: 2))


@pytest.fixture
def lesson_root(tmp_path, monkeypatch):
    """A copy of the good fixture checkout with its notebooks built; chart functions pinned for the test."""
    import civic_kit.lessons.check as check_module

    monkeypatch.setattr(check_module, "_chart_functions", lambda: frozenset({"bar_chart"}))
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "good", root)
    build_lessons(root, execute=False)
    return root


def _line_of(path: Path, anchor: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    if anchor == "EOF":
        return len(lines)
    return next(number for number, line in enumerate(lines, start=1) if anchor in line)


def test_good_fixture_passes_without_any_issue(lesson_root):
    report = check_lessons(lesson_root, known_datasets=KNOWN)
    assert report.issues == ()
    assert report.valid and len(report.files) == 3


# (fixture, expected issues as (code, anchor text whose line the issue must point at; None = no line))
BROKEN = [
    ("missing-keypoints.md", [("lesson-part-missing", "EOF")]),
    ("one-challenge.md", [("lesson-too-few-challenges", "## Pontos-chave")]),
    (
        "images-and-links.md",
        [
            ("lesson-image-no-alt", "![](../images/vale-verde.png)"),
            ("lesson-image-no-alt", '<img src="../images/vale-verde.png">'),
            ("lesson-image-missing", "nao-existe.png"),
            ("lesson-image-remote", "https://example.org/mapa.png"),
            ("lesson-link-broken", "(02-nada.md)"),
            ("lesson-anchor-missing", "glossary.md#nao-existe"),
            ("lesson-link-outside", "../../README.md"),
        ],
    ),
    ("code-differs.es.md", [("lesson-parallel-code", "values = [3, 1, 2, 5]")]),
    ("tags-differ.es.md", [("lesson-parallel-tags", "answer = len(values)")]),
    (
        "front-matter.md",
        [
            ("lesson-front-matter-key-missing", "---"),
            ("lesson-front-matter-not-minutes", "teaching: trinta"),
            ("lesson-front-matter-bad-level", "level: expert"),
            ("lesson-unknown-dataset", "datasets: [districts, nope]"),
            ("lesson-lang-mismatch", "lang: es"),
        ],
    ),
    ("yaml-error.md", [("lesson-front-matter-invalid", "summary: Uma: lição")]),
    ("no-front-matter.md", [("lesson-front-matter-missing", "# Amostra de lição")]),
    ("setup-lang.md", [("lesson-setup-lang", "from civic_kit.lessons import setup")]),
    (
        "challenge-cells.md",
        [
            ("lesson-answer-filled", "answer = 3"),
            ("lesson-solution-not-hidden", "answer = len(values)"),
            ("lesson-challenge-id-mismatch", "answer = sorted(values)[1]"),
        ],
    ),
    ("unknown-challenge.md", [("lesson-unknown-challenge", 'lesson.check("97-nope", answer)')]),
    (
        "charts-network.md",
        [
            ("lesson-chart-not-civic-kit", "import matplotlib.pyplot as plt"),
            ("lesson-network", "pd.read_csv"),
            ("lesson-chart-no-alt", "charts.bar_chart(values)"),
            ("lesson-chart-no-source", "charts.bar_chart(values)"),
            ("lesson-chart-not-civic-kit", "table.plot.bar()"),
        ],
    ),
    ("part-order.md", [("lesson-part-order", "## Objetivos")]),
    ("online-not-skipped.md", [("lesson-online-not-skipped", "import requests")]),
]


@pytest.mark.parametrize(("fixture", "expected"), BROKEN, ids=[name for name, _ in BROKEN])
def test_checker_reports_each_broken_fixture_with_code_and_line(lesson_root, fixture, expected):
    lang = "es" if fixture.endswith(".es.md") else "pt-BR"
    target = lesson_root / "lessons" / lang / "97-sample.md"
    shutil.copy(FIXTURES / "broken" / fixture, target)
    report = check_lessons(lesson_root, known_datasets=KNOWN, check_notebooks=False)
    found = {(issue.code, issue.line) for issue in report.issues if issue.path == f"lessons/{lang}/97-sample.md"}
    for code, anchor in expected:
        assert (code, _line_of(target, anchor)) in found, (code, anchor, sorted(found))
    assert not report.valid
    for issue in report.issues:
        for message_lang in LANGUAGES:
            assert issue.format(message_lang).startswith(f"{issue.path}")


def test_code_cell_added_in_one_language_is_one_problem_not_a_cascade(lesson_root):
    target = lesson_root / "lessons" / "es" / "97-sample.md"
    text = target.read_text(encoding="utf-8")
    target.write_text(
        text.replace("values = [3, 1, 2]\n```", "values = [3, 1, 2]\n```\n\n```{code-cell} ipython3\nextra = 1\n```")
    )
    report = check_lessons(lesson_root, known_datasets=KNOWN, check_notebooks=False)
    assert report.flatten(("path", "line", "code")) == [
        ["lessons/es/97-sample.md", _line_of(target, "extra = 1"), "lesson-parallel-code-extra"]
    ]


def test_out_of_sync_and_missing_and_orphan_notebooks(lesson_root):
    notebooks = lesson_root / "notebooks" / "lessons"
    edited = notebooks / "pt-BR" / "97-sample.ipynb"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Amostra", "Exemplo"), encoding="utf-8")
    (notebooks / "es" / "97-sample.ipynb").unlink()
    shutil.copy(notebooks / "en" / "97-sample.ipynb", notebooks / "en" / "98-stale.ipynb")
    (notebooks / "en" / "glossary.md").write_text("old", encoding="utf-8")
    report = check_lessons(lesson_root, known_datasets=KNOWN)
    assert report.flatten() == [
        ["lessons/en/glossary.md", None, "lesson-asset-out-of-sync"],
        ["lessons/es/97-sample.md", None, "lesson-notebook-missing"],
        ["lessons/pt-BR/97-sample.md", None, "lesson-notebook-out-of-sync"],
        ["notebooks/lessons/en/98-stale.ipynb", None, "lesson-notebook-orphan"],
    ]
    build_lessons(lesson_root, execute=False)
    (notebooks / "en" / "98-stale.ipynb").unlink()
    assert check_lessons(lesson_root, known_datasets=KNOWN).issues == ()


def test_config_listing_rules(lesson_root):
    config = lesson_root / "lessons" / "config.yaml"
    config.write_text("lessons:\n  - 97-sample\n  - 05-early\n  - 97-sample\n  - Bad_Name\n", encoding="utf-8")
    shutil.copy(lesson_root / "lessons" / "en" / "97-sample.md", lesson_root / "lessons" / "en" / "1-intro.md")
    report = check_lessons(lesson_root, known_datasets=KNOWN, check_notebooks=False)
    flat = report.flatten()
    assert ["lessons/config.yaml", 3, "lesson-config-order"] in flat
    assert ["lessons/config.yaml", 4, "lesson-config-duplicate"] in flat
    assert ["lessons/config.yaml", 5, "lesson-bad-slug"] in flat
    assert flat.count(["lessons/config.yaml", 3, "lesson-listed-missing"]) == len(LANGUAGES)
    assert ["lessons/en/1-intro.md", None, "lesson-bad-filename"] in flat
    assert ["lessons/en/1-intro.md", 1, "lesson-not-listed"] in flat


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (None, "lesson-config-missing"),
        ("lessons: [unclosed\n", "lesson-config-invalid"),
        ("lessons: 3\n", "lesson-config-invalid"),
    ],
    ids=["missing", "yaml-error", "not-a-list"],
)
def test_broken_config_is_reported(lesson_root, content, code):
    config = lesson_root / "lessons" / "config.yaml"
    if content is None:
        config.unlink()
    else:
        config.write_text(content, encoding="utf-8")
    report = check_lessons(lesson_root, known_datasets=KNOWN, check_notebooks=False)
    assert code in [issue.code for issue in report.issues if issue.path == "lessons/config.yaml"]


def test_glossary_rules(lesson_root):
    (lesson_root / "lessons" / "en" / "glossary.md").unlink()
    spanish = lesson_root / "lessons" / "es" / "glossary.md"
    spanish.write_text(spanish.read_text(encoding="utf-8").replace('id="outlier"', 'id="atipico"'), encoding="utf-8")
    report = check_lessons(lesson_root, known_datasets=KNOWN, check_notebooks=False)
    assert report.flatten() == [
        ["lessons/en/97-sample.md", 35, "lesson-link-broken"],  # its glossary link now leads nowhere
        ["lessons/en/glossary.md", None, "lesson-glossary-missing"],
        ["lessons/es/glossary.md", None, "lesson-glossary-anchor-extra"],
        ["lessons/es/glossary.md", None, "lesson-glossary-anchor-missing"],
    ]


def test_unreadable_registry_is_a_warning_not_a_failure(lesson_root, monkeypatch):
    import civic_kit.lessons.check as check_module

    monkeypatch.setattr(check_module, "_known_datasets", lambda given: None)
    report = check_lessons(lesson_root)
    assert report.valid
    assert report.flatten() == [["lessons/config.yaml", None, "lesson-datasets-unverified"]]


def test_build_is_deterministic_and_idempotent(lesson_root):
    notebooks = sorted((lesson_root / "notebooks").rglob("*.ipynb"))
    before = {path: path.read_bytes() for path in notebooks}
    again = build_lessons(lesson_root, execute=False)
    assert again.written == () and len(again.unchanged) == len(before) + 4  # + 3 glossaries + 1 image
    assert {path: path.read_bytes() for path in notebooks} == before
    notebook = json.loads(before[lesson_root / "notebooks" / "lessons" / "es" / "97-sample.ipynb"])
    assert [cell["id"] for cell in notebook["cells"]][:3] == ["97-sample-0", "97-sample-1", "97-sample-2"]
    assert all(cell.get("outputs", []) == [] for cell in notebook["cells"])
    assert notebook["metadata"]["title"] == "Muestra de lección" and notebook["metadata"]["teaching"] == 15
    assert notebook["cells"][-1]["metadata"]["tags"] == ["keypoints"]
    solution = next(c for c in notebook["cells"] if "solution" in c["metadata"].get("tags", []))
    assert solution["metadata"]["jupyter"] == {"source_hidden": True}
    text = "".join(next(c for c in notebook["cells"] if "versión en inglés" in "".join(c["source"]))["source"])
    assert "(../en/97-sample.ipynb)" in text, "links between lessons point at the notebooks"
    assert (lesson_root / "notebooks" / "lessons" / "images" / "vale-verde.png").is_file()


def test_build_selected_languages_and_slugs(lesson_root):
    shutil.rmtree(lesson_root / "notebooks")
    result = build_lessons(lesson_root, langs=["es"], slugs=["97-sample"], execute=False)
    assert result.written[0].relative_to(lesson_root).as_posix() == "notebooks/lessons/es/97-sample.ipynb"
    assert not (lesson_root / "notebooks" / "lessons" / "pt-BR" / "97-sample.ipynb").exists()
    for bad, code in (
        ({"slugs": ["42-nothing"]}, "lesson-source-missing"),
        ({"slugs": ["nope"]}, "lesson-bad-slug"),
        ({"langs": ["fr"]}, "lesson-unknown-language"),
    ):
        with pytest.raises(CivicKitError) as caught:
            build_lessons(lesson_root, **bad, execute=False)
        assert caught.value.issue.code == code


def test_build_reports_unreadable_source_and_builds_the_rest(lesson_root, monkeypatch):
    import civic_kit.lessons.build as build_module

    real = build_module.render_notebook

    def flaky(path, text=None, **options):
        if path.parent.name == "es":
            raise CivicKitError.of("lesson-build-failed", path=path.name, reason="boom")
        return real(path, text, **options)

    monkeypatch.setattr(build_module, "render_notebook", flaky)
    result = build_lessons(lesson_root, execute=False)
    assert not result.valid and [issue.code for issue in result.issues] == ["lesson-build-failed"]
    assert result.issues[0].path == "lessons/es/97-sample.md"


def test_render_notebook_matches_committed_welcome_lesson():
    """The repository's own lessons are in sync with their sources (the same rule the checker applies)."""
    root = Path(__file__).resolve().parents[2]
    for lang in LANGUAGES:
        source = root / "lessons" / lang / "00-welcome.md"
        notebook = root / "notebooks" / "lessons" / lang / "00-welcome.ipynb"
        assert without_outputs(notebook.read_text(encoding="utf-8")) == without_outputs(render_notebook(source))


def test_catalogue_reads_built_notebooks_in_config_order(lesson_root):
    notebooks = lesson_root / "notebooks"
    lessons = catalogue("es-AR", notebooks)
    assert [(i.slug, i.title, i.minutes, i.level, i.lang_dir, i.number) for i in lessons] == [
        ("97-sample", "Muestra de lección", 25, "intermediate", "es", 97)
    ]
    assert lessons[0].summary.startswith("Una lección") and lessons[0].datasets == ("districts",)
    # works without the sources, ignores broken notebooks, and orders by number
    shutil.rmtree(lesson_root / "lessons")
    shutil.copy(notebooks / "lessons" / "en" / "97-sample.ipynb", notebooks / "lessons" / "en" / "03-early.ipynb")
    (notebooks / "lessons" / "en" / "04-broken.ipynb").write_text("{not json", encoding="utf-8")
    (notebooks / "lessons" / "en" / "notes.ipynb").write_text("{}", encoding="utf-8")
    assert [i.slug for i in catalogue("en", notebooks)] == ["03-early", "97-sample"]
    assert catalogue("pt-BR", lesson_root / "nowhere") == []


def test_catalogue_hides_lessons_not_in_config(lesson_root):
    (lesson_root / "lessons" / "config.yaml").write_text("lessons: []\n", encoding="utf-8")
    assert catalogue("pt-BR", lesson_root / "notebooks") == []


def test_repository_catalogue_has_the_welcome_lesson_for_the_gallery():
    root = Path(__file__).resolve().parents[2]
    for lang in LANGUAGES:
        first = catalogue(lang, root / "notebooks")[0]
        assert first.slug == "00-welcome" and first.lang_dir == lang and first.minutes == 20
        assert first.level == "beginner"


@pytest.fixture
def scaffold_env(lesson_root, tmp_path, monkeypatch):
    """A package copy and locale folder in tmp, so scaffolding never writes into the real package."""
    import civic_kit.i18n.authoring as authoring

    package = tmp_path / "civic_kit"
    (package / "lessons" / "challenges").mkdir(parents=True)
    monkeypatch.setattr(authoring, "locale_dir", lambda: package / "locale")
    return lesson_root, package


def test_scaffold_passes_the_checker_apart_from_todo_warnings(scaffold_env):
    root, package = scaffold_env
    result = new_lesson("96-school-meals", "Merenda escolar", root=root, package=package)
    created = {path.relative_to(root).as_posix() for path in result.created if root in path.parents}
    assert {
        "lessons/pt-BR/96-school-meals.md",
        "lessons/config.yaml",
        "notebooks/lessons/en/96-school-meals.ipynb",
    } <= created
    assert (package / "lessons" / "challenges" / "96_school_meals.py").is_file()
    config = (root / "lessons" / "config.yaml").read_text(encoding="utf-8")
    assert config.index("96-school-meals") < config.index("97-sample"), "config stays in number order"
    report = check_lessons(root, known_datasets=KNOWN, package=package)
    assert report.valid, [issue.format("en") for issue in report.errors]
    assert {issue.code for issue in report.warnings} == {"lesson-todo"}
    assert all(issue.path.startswith("lessons/") and "96-school-meals" in issue.path for issue in report.warnings)
    english = (root / "lessons" / "en" / "96-school-meals.md").read_text(encoding="utf-8")
    assert 'title: "Merenda escolar (TODO: translate)"' in english
    assert "# Merenda escolar (TODO: translate)" in english


def test_scaffold_refuses_bad_or_existing_slugs(scaffold_env):
    root, package = scaffold_env
    for slug, code in (("school-meals", "lesson-bad-slug"), ("97-sample", "lesson-exists")):
        with pytest.raises(CivicKitError) as caught:
            new_lesson(slug, root=root, package=package)
        assert caught.value.issue.code == code


def test_cli_check_json_equals_library_report(lesson_root, capsys):
    from civic_kit.cli import main

    shutil.copy(FIXTURES / "broken" / "one-challenge.md", lesson_root / "lessons" / "pt-BR" / "97-sample.md")
    # the CLI reads the dataset registry; compare with the library called the same way
    code = main(["lessons", "check", "--json", "--root", str(lesson_root), "--lang", "es"])
    printed = json.loads(capsys.readouterr().out)
    assert code == 1
    assert printed == check_lessons(lesson_root).to_dict()
    assert "lesson-too-few-challenges" in {issue["code"] for issue in printed["issues"]}


def test_cli_check_prints_path_line_message_and_summary(lesson_root, capsys):
    from civic_kit.cli import main

    shutil.copy(FIXTURES / "broken" / "setup-lang.md", lesson_root / "lessons" / "pt-BR" / "97-sample.md")
    code = main(["--lang", "en", "lessons", "check", "--root", str(lesson_root), "--no-notebooks"])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert 'lessons/pt-BR/97-sample.md:31: error: setup("es") does not match the pt-BR folder.' in out
    assert out[-1].startswith("3 lesson file(s) checked: 1 error(s)")


def test_cli_build_and_list(lesson_root, capsys):
    from civic_kit.cli import main

    assert main(["lessons", "build", "--root", str(lesson_root), "--language", "en", "--no-execute", "--json"]) == 0
    built = json.loads(capsys.readouterr().out)
    assert built["written"] == [] and built["valid"]
    assert main(["--lang", "en", "lessons", "list", "--notebooks", str(lesson_root / "notebooks"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["title"] == "Sample lesson"
    assert main(["lessons", "new", "bad slug", "--root", str(lesson_root)]) == 1
    assert "bad slug" in capsys.readouterr().err


def test_gallery_import_gets_the_catalogue_function_even_after_the_module_is_loaded():
    import importlib

    importlib.import_module("civic_kit.lessons.catalogue")
    from civic_kit.lessons import catalogue as from_package

    assert callable(from_package) and from_package.__name__ == "catalogue"


def test_untranslated_part_heading_is_a_warning(lesson_root):
    spanish = lesson_root / "lessons" / "es" / "97-sample.md"
    spanish.write_text(spanish.read_text(encoding="utf-8").replace("## Preguntas", "## Perguntas"), encoding="utf-8")
    report = check_lessons(lesson_root, known_datasets=KNOWN, check_notebooks=False)
    assert report.valid
    assert report.flatten() == [
        ["lessons/es/97-sample.md", _line_of(spanish, "## Perguntas"), "lesson-heading-language"]
    ]


def test_every_repository_challenge_accepts_its_own_expected_value():
    """Each registered challenge computes its answer from the bundled data and judges it correct."""
    from civic_kit.lessons.challenges import all_challenges, load_errors

    assert load_errors() == {}
    real = [c for c in all_challenges() if not c.lesson.startswith(("96-", "97-", "98-"))]
    assert any(c.lesson == "00-welcome" for c in real)
    for challenge in real:
        expected = challenge.expected()
        if challenge.kind == "columns":
            import pandas as pd

            expected = pd.DataFrame(columns=list(expected))
        elif challenge.kind == "dataframe_shape" and not hasattr(expected, "shape"):
            continue  # a bare (rows, columns) tuple cannot stand in for a table
        elif challenge.kind == "text" and isinstance(expected, (tuple, list)):
            for accepted in expected:  # every accepted spelling is judged correct on its own
                assert evaluate(challenge, accepted, "pt-BR").correct, (challenge.id, accepted)
            continue
        assert evaluate(challenge, expected, "pt-BR").correct, challenge.id


def test_build_records_reference_outputs_of_checked_cells_only(tmp_path):
    """nbval compares a cell only when the notebook stores its output: the build records them for
    ``# NBVAL_CHECK_OUTPUT`` cells (and only those), so a changed teaching number fails the tests."""
    import json

    from civic_kit.lessons.build import render_notebook

    source = tmp_path / "lessons" / "en" / "98-tiny.md"
    source.parent.mkdir(parents=True)
    source.write_text(
        "---\njupytext:\n  text_representation: {extension: .md, format_name: myst}\n"
        "kernelspec: {display_name: Python 3, language: python, name: python3}\n---\n\n# Tiny\n\n"
        "```{code-cell} ipython3\nprint('not kept')\n```\n\n"
        "```{code-cell} ipython3\n# NBVAL_CHECK_OUTPUT\nprint(6 * 7)\n```\n",
        encoding="utf-8",
    )
    target = tmp_path / "notebooks" / "lessons" / "en" / "98-tiny.ipynb"
    cells = json.loads(render_notebook(source, execute=True, reference=target))["cells"]
    code = [cell for cell in cells if cell["cell_type"] == "code"]
    assert code[0]["outputs"] == [] and code[0]["execution_count"] is None
    assert code[1]["execution_count"] == 1
    assert "".join(code[1]["outputs"][0]["text"]) == "42\n"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_notebook(source, execute=True, reference=target), encoding="utf-8")
    reused = json.loads(render_notebook(source, execute=False, reference=target))["cells"]
    assert "".join(reused[-1]["outputs"][0]["text"]) == "42\n"

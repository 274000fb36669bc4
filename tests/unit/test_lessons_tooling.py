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

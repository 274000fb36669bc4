"""What a lesson challenge is, and how a learner's answer is judged against it.

A :class:`Challenge` says *what kind* of answer is expected (a number, a text, one of some options, a
collection, a table with some columns or shape, True/False) and computes the expected value from the data
with a function, never a hard-coded literal: if the teaching city's data changes, the lesson stays right.

:func:`evaluate` turns ``(challenge, answer)`` into a :class:`Feedback` in the learner's language. It is
pure (no display, no IPython) so the runtime, the checker and the tests share one judge. It never raises:
a learner's notebook must explain, not crash.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal, get_args

from civic_kit.i18n import normalize_language, t
from civic_kit.problems import CivicKitError

__all__ = [
    "CHALLENGE_ID",
    "KINDS",
    "LESSON_SLUG",
    "Challenge",
    "Feedback",
    "Kind",
    "Status",
    "describe_value",
    "evaluate",
    "normalise_text",
    "unknown_challenge",
]

Kind = Literal["number", "text", "choice", "set", "columns", "dataframe_shape", "bool"]
KINDS: tuple[str, ...] = get_args(Kind)
Status = Literal["unanswered", "correct", "incorrect", "unavailable"]

#: A lesson's slug: two digits, a dash, lower-case words joined by dashes (``01-open-data``).
LESSON_SLUG = re.compile(r"^(?P<number>\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$")
#: A challenge id starts with its lesson's number (``01-total-budget``), so ids never clash across lessons.
CHALLENGE_ID = re.compile(r"^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Challenge:
    """One self-check in a lesson.

    Parameters
    ----------
    id
        Stable id used in the notebook cells: ``lesson.check("01-total-budget", answer)``.
    lesson
        Slug of the lesson it belongs to (``01-open-data``); the checker refuses ids used elsewhere.
    kind
        ``number`` | ``text`` | ``choice`` | ``set`` | ``columns`` | ``dataframe_shape`` | ``bool``.
    expected
        Function computing the right answer from the data. Called at check time, so it follows the data.
        For ``columns`` it returns the column names; for ``dataframe_shape`` a ``(rows, columns)`` tuple or
        a DataFrame; for ``text`` a string or a tuple of accepted strings.
    tolerance, rel_tolerance
        For ``number``: absolute and relative tolerance (``math.isclose``). Rounded answers need a tolerance.
    hint_key
        Message key of a hint shown when the answer is not right yet (``lessons.01.total-budget.hint``).
    success_key
        Message key shown on success: why the result matters for the city.
    options
        For ``choice``: the options the learner picks from.
    ignore_case, ignore_accents
        For ``text``, ``choice`` and ``set`` of strings: compare ``"São Paulo"`` and ``"sao paulo "`` equal.
    exact_columns
        For ``columns``: also refuse extra columns (default: only require the expected ones).
    """

    id: str
    lesson: str
    kind: Kind
    expected: Callable[[], Any]
    tolerance: float = 0.0
    rel_tolerance: float = 1e-9
    hint_key: str | None = None
    success_key: str | None = None
    options: tuple[Any, ...] = ()
    ignore_case: bool = True
    ignore_accents: bool = True
    exact_columns: bool = False

    def __post_init__(self) -> None:
        lesson_match = LESSON_SLUG.match(str(self.lesson))
        if not lesson_match:
            raise CivicKitError.of("lesson-challenge-bad-lesson", id=self.id, lesson=self.lesson)
        if not CHALLENGE_ID.match(str(self.id)) or not self.id.startswith(lesson_match["number"] + "-"):
            raise CivicKitError.of("lesson-challenge-bad-id", id=self.id, number=lesson_match["number"])
        if self.kind not in KINDS:
            raise CivicKitError.of("lesson-challenge-bad-kind", id=self.id, kind=self.kind, kinds=", ".join(KINDS))
        if not callable(self.expected):
            raise CivicKitError.of("lesson-challenge-not-callable", id=self.id)
        if self.tolerance < 0 or self.rel_tolerance < 0:
            raise CivicKitError.of("lesson-challenge-bad-tolerance", id=self.id)
        if self.kind == "choice" and len(self.options) < 2:
            raise CivicKitError.of("lesson-challenge-no-options", id=self.id)


@dataclass(frozen=True)
class Feedback:
    """The judge's verdict on one answer, already in the learner's language."""

    challenge_id: str
    status: Status
    headline: str
    """Short verdict: "Correct!", "Not yet", "No answer yet"..."""
    details: tuple[str, ...] = ()
    """Sentences explaining the verdict: what kind of answer was expected, a hint, why it matters."""
    lang: str = "pt-BR"

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def text(self) -> str:
        """Plain text for a terminal or a test log."""
        icon = {"correct": "✔", "incorrect": "✘", "unanswered": "…", "unavailable": "!"}[self.status]
        return "\n".join([f"{icon} {self.headline}", *(f"  {line}" for line in self.details)])

    def html(self) -> str:
        """Escaped HTML for a notebook output; the status is said in words and icon, not only colour."""
        import html

        colours = {
            "correct": ("#1b5e20", "#e8f5e9", "✔"),
            "incorrect": ("#7a3e00", "#fff4e5", "✘"),
            "unanswered": ("#37474f", "#eceff1", "…"),
            "unavailable": ("#b71c1c", "#ffebee", "!"),
        }
        ink, paper, icon = colours[self.status]
        body = "".join(f"<p style='margin:0.3em 0 0 0'>{_code_spans(html.escape(line))}</p>" for line in self.details)
        return (
            f"<div class='ck-feedback ck-feedback-{self.status}' role='status' lang='{html.escape(self.lang)}' "
            f"style='border-left:6px solid {ink};background:{paper};color:{ink};padding:0.6em 0.9em;"
            f"margin:0.4em 0;border-radius:4px'>"
            f"<strong><span aria-hidden='true'>{icon}</span> {_code_spans(html.escape(self.headline))}</strong>"
            f"{body}</div>"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "challenge": self.challenge_id,
            "status": self.status,
            "headline": self.headline,
            "details": list(self.details),
            "lang": self.lang,
        }


def _code_spans(escaped: str) -> str:
    """Turn `backticked` words of an already escaped sentence into <code> elements."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)


def normalise_text(value: str, *, ignore_case: bool = True, ignore_accents: bool = True) -> str:
    """Text as compared in challenges: trimmed, inner whitespace collapsed, optionally case/accent-blind.

    Learners type ``"  sao  paulo"`` for ``"São Paulo"``; neither spaces nor a missing accent should make an
    otherwise right answer wrong.
    """
    text = " ".join(str(value).split())
    if ignore_accents:
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    if ignore_case:
        text = text.casefold()
    return unicodedata.normalize("NFC", text)


def describe_value(value: Any, lang: str) -> str:
    """What a value is, in plain words ("a number", "a text", "a table (DataFrame)")."""
    if value is None:
        kind = "none"
    elif _is_bool(value):
        kind = "bool"
    elif _is_number(value):
        kind = "number"
    elif isinstance(value, str):
        kind = "text"
    elif _is_dataframe(value):
        kind = "dataframe"
    elif _is_series(value):
        kind = "series"
    elif isinstance(value, (list, tuple, set, frozenset)):
        kind = "list"
    else:
        return t("lessons.type.other", lang, name=type(value).__name__)
    return t(f"lessons.type.{kind}", lang)


def evaluate(challenge: Challenge, answer: Any, lang: str | None = None) -> Feedback:
    """Judge ``answer`` against ``challenge`` and explain the verdict in ``lang``.

    Never raises: an error while computing the expected value becomes an ``unavailable`` feedback, and any
    surprising answer (wrong type, ``None``, an object whose comparison fails) becomes ``incorrect`` with an
    explanation of what kind of answer was expected.
    """
    lang = normalize_language(lang) if lang else _current_language()
    if answer is Ellipsis:
        return Feedback(
            challenge.id,
            "unanswered",
            t("lessons.feedback.unanswered", lang),
            (t("lessons.feedback.unanswered-how", lang),),
            lang,
        )
    try:
        expected = challenge.expected()
    except Exception as error:  # noqa: BLE001 - the data or the definition is broken, not the learner
        return _unavailable(challenge.id, error, lang)
    try:
        problem = _JUDGES[challenge.kind](challenge, answer, expected, lang)
    except Exception as error:  # noqa: BLE001 - a learner's odd object (failing __eq__...) must not crash
        return _unavailable(challenge.id, error, lang)
    if problem is None:
        details = (t(challenge.success_key, lang),) if challenge.success_key else ()
        return Feedback(challenge.id, "correct", t("lessons.feedback.correct", lang), details, lang)
    details = list(problem)
    if challenge.hint_key:
        details.append(t("lessons.feedback.hint", lang, hint=t(challenge.hint_key, lang)))
    return Feedback(challenge.id, "incorrect", t("lessons.feedback.incorrect", lang), tuple(details), lang)


def unknown_challenge(challenge_id: Any, lang: str) -> Feedback:
    """Feedback for a ``check`` cell naming a challenge that does not exist (an edited or broken cell)."""
    return Feedback(
        str(challenge_id),
        "unavailable",
        t("lessons.feedback.unavailable-title", lang),
        (t("lessons.feedback.unknown-challenge", lang, id=str(challenge_id)),),
        lang,
    )


def _unavailable(challenge_id: str, error: Exception, lang: str) -> Feedback:
    reason = error.message(lang) if isinstance(error, CivicKitError) else type(error).__name__
    return Feedback(
        challenge_id,
        "unavailable",
        t("lessons.feedback.unavailable-title", lang),
        (t("lessons.feedback.unavailable", lang, reason=reason),),
        lang,
    )


def _current_language() -> str:
    from civic_kit.i18n import get_language

    return get_language()


# --- one judge per kind: return None when right, else the sentences explaining what is wrong ------------

Judge = Callable[[Challenge, Any, Any, str], "list[str] | None"]


def _wrong_kind(expected_kind: str, answer: Any, lang: str) -> list[str]:
    if answer is None:
        return [t("lessons.feedback.none-answer", lang)]
    lines = [
        t(
            "lessons.feedback.wrong-type",
            lang,
            expected=t(f"lessons.type.{expected_kind}", lang),
            got=describe_value(answer, lang),
        )
    ]
    if expected_kind == "number" and isinstance(answer, str) and _parses_as_number(answer):
        lines.append(t("lessons.feedback.number-in-quotes", lang))
    if expected_kind in ("number", "bool") and (_is_series(answer) or _is_dataframe(answer)):
        lines.append(t("lessons.feedback.single-value-needed", lang))
    return lines


def _judge_number(challenge: Challenge, answer: Any, expected: Any, lang: str) -> list[str] | None:
    if not _is_number(answer):
        return _wrong_kind("number", answer, lang)
    value, target = float(answer), float(expected)
    if math.isnan(value):
        return [t("lessons.feedback.number-nan", lang)]
    if math.isclose(value, target, rel_tol=challenge.rel_tolerance, abs_tol=challenge.tolerance):
        return None
    lines = [t("lessons.feedback.number-high" if value > target else "lessons.feedback.number-low", lang)]
    for factor in (100.0, 0.01):
        if target and math.isclose(value, target * factor, rel_tol=max(challenge.rel_tolerance, 1e-6)):
            lines.append(t("lessons.feedback.number-percent", lang))
            break
    else:
        if target and value and abs(math.log10(abs(value / target))) >= 2.5:
            lines.append(t("lessons.feedback.number-magnitude", lang))
    return lines


def _judge_text(challenge: Challenge, answer: Any, expected: Any, lang: str) -> list[str] | None:
    if not isinstance(answer, str):
        return _wrong_kind("text", answer, lang)
    accepted = [expected] if isinstance(expected, str) else list(expected)
    given = _norm(challenge, answer)
    if any(given == _norm(challenge, str(option)) for option in accepted):
        return None
    if not given:
        return [t("lessons.feedback.text-empty", lang)]
    return [t("lessons.feedback.text-off", lang)]


def _judge_choice(challenge: Challenge, answer: Any, expected: Any, lang: str) -> list[str] | None:
    def key(value: Any) -> Any:
        return _norm(challenge, value) if isinstance(value, str) else _plain(value)

    keys = [key(option) for option in challenge.options]
    if key(expected) not in keys:
        raise CivicKitError.of("lesson-challenge-expected-not-option", id=challenge.id)
    if answer is None:
        return _wrong_kind("choice", answer, lang)
    try:
        given = key(answer)
        hashable = hash(given) is not None
    except TypeError:
        hashable = False
    options_text = ", ".join(repr(option) for option in challenge.options)
    if not hashable or given not in keys:
        return [t("lessons.feedback.choice-not-option", lang, answer=_short_repr(answer), options=options_text)]
    if given == key(expected):
        return None
    return [t("lessons.feedback.choice-off", lang)]


def _judge_set(challenge: Challenge, answer: Any, expected: Any, lang: str) -> list[str] | None:
    items = _as_items(answer)
    if items is None:
        return _wrong_kind("list", answer, lang)
    try:
        given = {_item_key(challenge, item) for item in items}
    except TypeError:
        return [t("lessons.feedback.set-unhashable", lang)]
    wanted = {_item_key(challenge, item) for item in _as_items(expected) or ()}
    if given == wanted:
        return None
    lines = []
    missing, extra = len(wanted - given), len(given - wanted)
    if missing:
        lines.append(t("lessons.feedback.set-missing", lang, count=missing))
    if extra:
        lines.append(t("lessons.feedback.set-extra", lang, count=extra))
    return lines


def _judge_columns(challenge: Challenge, answer: Any, expected: Any, lang: str) -> list[str] | None:
    if not _is_dataframe(answer):
        return _wrong_kind("dataframe", answer, lang)
    have = [str(column) for column in answer.columns]
    want = [str(column) for column in expected]
    missing = [column for column in want if column not in have]
    extra = [column for column in have if column not in want] if challenge.exact_columns else []
    lines = []
    if missing:
        lines.append(t("lessons.feedback.columns-missing", lang, columns=", ".join(missing)))
    if extra:
        lines.append(t("lessons.feedback.columns-extra", lang, columns=", ".join(extra)))
    return lines or None


def _judge_shape(challenge: Challenge, answer: Any, expected: Any, lang: str) -> list[str] | None:
    if not _is_dataframe(answer):
        return _wrong_kind("dataframe", answer, lang)
    rows, cols = (int(n) for n in answer.shape)
    want_rows, want_cols = (int(n) for n in (expected.shape if hasattr(expected, "shape") else expected))
    lines = []
    if rows != want_rows:
        key = "lessons.feedback.shape-rows-many" if rows > want_rows else "lessons.feedback.shape-rows-few"
        lines.append(t(key, lang, rows=rows))
    if cols != want_cols:
        key = "lessons.feedback.shape-columns-many" if cols > want_cols else "lessons.feedback.shape-columns-few"
        lines.append(t(key, lang, columns=cols))
    return lines or None


def _judge_bool(challenge: Challenge, answer: Any, expected: Any, lang: str) -> list[str] | None:
    if not _is_bool(answer):
        lines = _wrong_kind("bool", answer, lang)
        if isinstance(answer, str) and normalise_text(answer) in {"true", "false", "verdadeiro", "falso", "verdadero"}:
            lines.append(t("lessons.feedback.bool-in-quotes", lang))
        return lines
    if bool(answer) == bool(expected):
        return None
    return [t("lessons.feedback.bool-off", lang)]


_JUDGES: dict[str, Judge] = {
    "number": _judge_number,
    "text": _judge_text,
    "choice": _judge_choice,
    "set": _judge_set,
    "columns": _judge_columns,
    "dataframe_shape": _judge_shape,
    "bool": _judge_bool,
}


# --- small type helpers (no pandas or numpy import needed) -----------------------------------------------


def _is_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return True
    dtype = getattr(value, "dtype", None)
    return getattr(value, "ndim", None) == 0 and getattr(dtype, "kind", None) == "b"


def _is_number(value: Any) -> bool:
    if _is_bool(value) or isinstance(value, complex):
        return False
    return isinstance(value, numbers.Real) or type(value).__name__ == "Decimal"


def _parses_as_number(text: str) -> bool:
    cleaned = text.strip().replace(" ", "")
    return bool(re.fullmatch(r"[-+]?[\d.,]*\d[\d.,]*%?", cleaned))


def _is_dataframe(value: Any) -> bool:
    return hasattr(value, "columns") and hasattr(value, "shape") and len(getattr(value, "shape", ())) == 2


def _is_series(value: Any) -> bool:
    return hasattr(value, "index") and hasattr(value, "dtype") and len(getattr(value, "shape", ())) == 1


def _as_items(value: Any) -> list[Any] | None:
    """The elements of a list-like answer, or None when the answer is not a collection of values."""
    if value is None or isinstance(value, (str, bytes, dict)) or _is_dataframe(value):
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        return list(value)
    if hasattr(value, "tolist") and len(getattr(value, "shape", ())) == 1:
        return list(value.tolist())
    if isinstance(value, Iterable) and not hasattr(value, "shape"):
        return list(value)
    return None


def _plain(value: Any) -> Any:
    """numpy scalars as Python values, so ``np.int64(3)`` and ``3`` compare and hash alike."""
    item = getattr(value, "item", None)
    if callable(item) and getattr(value, "ndim", None) == 0:
        return item()
    return value


def _item_key(challenge: Challenge, item: Any) -> Any:
    item = _plain(item)
    if isinstance(item, str):
        return _norm(challenge, item)
    hash(item)
    return item


def _norm(challenge: Challenge, text: str) -> str:
    return normalise_text(text, ignore_case=challenge.ignore_case, ignore_accents=challenge.ignore_accents)


def _short_repr(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"

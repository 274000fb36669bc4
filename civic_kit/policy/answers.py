"""An official's answers: validated, frozen, and saved as versioned JSON that later versions can read.

Three layers, as in pabutools' parser:

- :func:`validate_answers` turns a plain mapping (from the app's widgets, a JSON file or hand-written
  YAML) into an :class:`AnswersReport` that lists *every* problem, each an :class:`AnswerIssue` whose
  message names the question in the reader's language.
- :func:`parse_answers_document` reads the bytes of a saved file (JSON or YAML), checks the envelope
  ``{"schema_version": 1, "app": "civic-kit-policy-drafter", "answers": {...}, "lang": ...}`` and
  migrates older layouts. :func:`read_answers` and :func:`load_answers` only open the file and delegate.
- :func:`save_answers` writes the envelope atomically, so a crash never destroys the previous save.

File problems (truncated, corrupt, from a newer civic-kit) raise :class:`~civic_kit.problems.CivicKitError`
with a translated message; nothing is ever written while reading.

Example
-------
>>> from civic_kit.policy.answers import validate_answers
>>> report = validate_answers({"municipality": "Exemplópolis", "population": 0,
...                            "issuing_authority": "O Prefeito Municipal"})
>>> [issue.code for issue in report.issues]
['policy-out-of-range']
"""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from civic_kit import __version__
from civic_kit.i18n import normalize_language, t
from civic_kit.policy.files import atomic_write
from civic_kit.policy.questionnaire import Question, questionnaire
from civic_kit.problems import CivicKitError, Issue

__all__ = [
    "APP_ID",
    "MAX_FILE_BYTES",
    "SCHEMA_VERSION",
    "AnswerIssue",
    "Answers",
    "AnswersReport",
    "SavedAnswers",
    "answers_to_document",
    "load_answers",
    "parse_answers_document",
    "read_answers",
    "save_answers",
    "validate_answers",
]

#: Version of the saved-file layout. Bump it, and add a step to ``_MIGRATIONS``, when the layout changes.
SCHEMA_VERSION = 1
APP_ID = "civic-kit-policy-drafter"
#: An answers file is a few kilobytes; anything far larger is the wrong file (or an attack).
MAX_FILE_BYTES = 1_000_000
_MAX_ISSUES_PER_FIELD = 5
_SHOWN_VALUE_CHARS = 60
_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.IGNORECASE)
_INTEGER_TEXT = re.compile(r"^\s*\d{1,12}\s*$")
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class AnswerIssue(Issue):
    """An :class:`~civic_kit.problems.Issue` about one answer; its message names the question.

    ``column`` holds the question id; the message fills ``{field}`` with that question's label in the
    reader's language, so one issue reads well in pt-BR, es and en.
    """

    def message(self, lang: str | None = None) -> str:
        params = dict(self.params)
        params.setdefault("row", self.row)
        if self.column:
            params["field"] = t(f"policy.q.{self.column}.label", lang)
        params.setdefault("column", self.column)
        return t(f"issue.{self.code}", lang, **params)


@dataclass(frozen=True)
class Answers:
    """Everything the drafter needs to write a policy; always valid (checked on construction).

    Field order follows the questionnaire. Multi-choice answers are tuples in the questionnaire's option
    order, so the same choices always produce the same draft. See ``docs/officials.md`` for each field.
    """

    municipality: str
    population: int
    issuing_authority: str
    country: str = "BR"
    state: str = ""
    instrument: str = "decreto"
    oversight_body: str = ""
    focal_points: bool = False
    existing: tuple[str, ...] = ()
    portal_url: str = ""
    licence: str = "cc-by-4.0"
    formats: tuple[str, ...] = ("csv",)
    publication: tuple[str, ...] = ()
    priority_areas: tuple[str, ...] = ()
    plan_period_years: int = 2
    participation: tuple[str, ...] = ()
    dpo: str = ""
    impact_report: bool = False
    deadline_plan_days: int = 60
    deadline_inventory_days: int = 90
    deadline_portal_days: int = 90
    implementation: tuple[str, ...] = ()
    adopt_digital_government_law: bool = False
    review_period_years: int | None = 4
    justification: str = ""

    def __post_init__(self) -> None:
        values = self.to_dict()
        issues = _check(values)
        if issues:
            raise CivicKitError(issues[0])
        normalised = _normalised(values)
        for name, value in normalised.items():
            if getattr(self, name) != value:
                object.__setattr__(self, name, value)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready answers (tuples become lists), as saved in files."""
        return {
            f.name: list(getattr(self, f.name)) if isinstance(getattr(self, f.name), tuple) else getattr(self, f.name)
            for f in dataclasses.fields(self)
        }

    def values(self) -> dict[str, Any]:
        """Answers as a mapping for the condition language (tuples kept)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


@dataclass(frozen=True)
class AnswersReport:
    """Result of :func:`validate_answers`: every issue found, and the answers when there were none."""

    issues: tuple[AnswerIssue, ...]
    answers: Answers | None = None

    @property
    def valid(self) -> bool:
        return self.answers is not None and not any(i.severity == "error" for i in self.issues)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "issues": [issue.to_dict(lang) for issue in self.issues],
            "answers": self.answers.to_dict() if self.answers else None,
        }


@dataclass(frozen=True)
class SavedAnswers:
    """A saved file after reading and migration: the raw answers (not yet validated) and its language."""

    answers: Mapping[str, Any]
    lang: str | None = None
    schema_version: int = SCHEMA_VERSION
    """The version the file was written with (before migration)."""
    migrated: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)


def validate_answers(data: Mapping[str, Any]) -> AnswersReport:
    """Check every answer against the questionnaire and collect all problems at once.

    Missing optional answers take the questionnaire's default; text is stripped and NFC-normalised;
    multi-choice answers are de-duplicated and put in the questionnaire's order.

    Parameters
    ----------
    data
        Question id -> answer, e.g. ``{"municipality": "Exemplópolis", "population": 8500, ...}``.

    Returns
    -------
    AnswersReport
        ``valid`` with ``answers`` set, or ``issues`` explaining, per question, what to fix.
    """
    if not isinstance(data, Mapping):
        issue = AnswerIssue(code="policy-file-not-mapping", params={"path": "-"})
        return AnswersReport(issues=(issue,))
    issues = _check(data)
    if issues:
        return AnswersReport(issues=tuple(issues))
    return AnswersReport(issues=(), answers=Answers(**_normalised(data)))


def _check(data: Mapping[str, Any]) -> list[AnswerIssue]:
    """Every problem in ``data`` (an empty list means valid)."""
    form = questionnaire()
    known = {q.id for q in form.questions}
    issues: list[AnswerIssue] = [
        AnswerIssue(code="policy-unknown-field", params={"name": _shown(name)}) for name in data if name not in known
    ]
    values: dict[str, Any] = {}
    country_ok = True
    for question in form.questions:
        value, found = _value(question, data, values, check_availability=country_ok)
        issues.extend(found)
        values[question.id] = value
        if question.id == "country" and found:
            country_ok = False
    return issues


def _normalised(data: Mapping[str, Any]) -> dict[str, Any]:
    """Valid ``data`` with defaults filled in and every value in canonical form."""
    values: dict[str, Any] = {}
    for question in questionnaire().questions:
        values[question.id], _ = _value(question, data, values, check_availability=True)
    return values


def _value(
    question: Question, data: Mapping[str, Any], earlier: Mapping[str, Any], *, check_availability: bool
) -> tuple[Any, list[AnswerIssue]]:
    """Canonical value of one answer and the issues it has."""
    qid = question.id
    if qid not in data or (data[qid] is None and not question.nullable):
        if question.required:
            return None, [AnswerIssue(code="policy-required", column=qid)]
        return question.default_value(), []
    raw = data[qid]
    if raw is None:
        return None, []
    kind = question.type
    if kind in ("text", "longtext", "url"):
        return _text(question, raw)
    if kind == "integer":
        return _integer(question, raw)
    if kind == "boolean":
        if isinstance(raw, bool):
            return raw, []
        return raw, [AnswerIssue(code="policy-not-boolean", column=qid, params={"value": _shown(raw)})]
    if kind == "choice":
        return _choice(question, raw, earlier, check_availability)
    return _multi(question, raw)


def _text(question: Question, raw: Any) -> tuple[str, list[AnswerIssue]]:
    qid = question.id
    if not isinstance(raw, str):
        return "", [AnswerIssue(code="policy-not-text", column=qid, params={"value": _shown(raw)})]
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n")).strip()
    issues: list[AnswerIssue] = []
    multiline = question.type == "longtext"
    if any(_forbidden(ch, multiline) for ch in text):
        code = "policy-single-line" if not multiline and "\n" in text else "policy-control-characters"
        issues.append(AnswerIssue(code=code, column=qid))
    if question.max_length is not None and len(text) > question.max_length:
        issues.append(
            AnswerIssue(code="policy-too-long", column=qid, params={"length": len(text), "limit": question.max_length})
        )
    if question.required and not text:
        issues.append(AnswerIssue(code="policy-required", column=qid))
    if question.type == "url" and text and not _URL.match(text):
        issues.append(AnswerIssue(code="policy-bad-url", column=qid, params={"value": _shown(text)}))
    return text, issues


def _forbidden(ch: str, multiline: bool) -> bool:
    if ch == "\n":
        return not multiline
    if ch == "\t":
        return False
    if ch in _BIDI_CONTROLS:
        return True
    return unicodedata.category(ch) in ("Cc", "Cs")


def _integer(question: Question, raw: Any) -> tuple[Any, list[AnswerIssue]]:
    qid = question.id
    number: int | None = None
    if isinstance(raw, bool):
        number = None
    elif isinstance(raw, int):
        number = raw
    elif (isinstance(raw, float) and raw.is_integer()) or (isinstance(raw, str) and _INTEGER_TEXT.match(raw)):
        number = int(raw)
    if number is None:
        return raw, [AnswerIssue(code="policy-not-integer", column=qid, params={"value": _shown(raw)})]
    low, high = question.minimum, question.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        params = {"value": number, "min": low, "max": high}
        return number, [AnswerIssue(code="policy-out-of-range", column=qid, params=params)]
    return number, []


def _choice(
    question: Question, raw: Any, earlier: Mapping[str, Any], check_availability: bool
) -> tuple[Any, list[AnswerIssue]]:
    qid = question.id
    every = [o.value for o in question.options]
    if not isinstance(raw, str) or raw not in every:
        params = {"value": _shown(raw), "allowed": ", ".join(every)}
        return raw, [AnswerIssue(code="policy-unknown-option", column=qid, params=params)]
    if check_availability:
        available = [o.value for o in question.options_for(earlier)]
        if raw not in available:
            params = {"value": raw, "allowed": ", ".join(available), "country": str(earlier.get("country"))}
            return raw, [AnswerIssue(code="policy-option-not-available", column=qid, params=params)]
    return raw, []


def _multi(question: Question, raw: Any) -> tuple[Any, list[AnswerIssue]]:
    qid = question.id
    if not isinstance(raw, (list, tuple)):
        return (), [AnswerIssue(code="policy-not-list", column=qid, params={"value": _shown(raw)})]
    every = [o.value for o in question.options]
    issues = [
        AnswerIssue(
            code="policy-unknown-option", column=qid, params={"value": _shown(item), "allowed": ", ".join(every)}
        )
        for item in raw
        if not isinstance(item, str) or item not in every
    ][:_MAX_ISSUES_PER_FIELD]
    chosen = tuple(value for value in every if value in raw)
    if len(chosen) < question.min_items and not issues:
        issues.append(AnswerIssue(code="policy-too-few-items", column=qid, params={"min": question.min_items}))
    return chosen, issues


def _shown(value: Any) -> str:
    """A user value as it may appear inside a message: short, one line."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = " ".join(text.split())
    if len(text) > _SHOWN_VALUE_CHARS:
        text = text[: _SHOWN_VALUE_CHARS - 1] + "…"
    return text


# ---------------------------------------------------------------------------------------------- files


def answers_to_document(answers: Answers, lang: str | None = None) -> dict[str, Any]:
    """The saved envelope: ``{"schema_version", "app", "saved_with", "lang", "answers"}``."""
    return {
        "schema_version": SCHEMA_VERSION,
        "app": APP_ID,
        "saved_with": f"civic-kit {__version__}",
        "lang": normalize_language(lang),
        "answers": answers.to_dict(),
    }


def save_answers(answers: Answers, path: str | Path, lang: str | None = None) -> Path:
    """Save ``answers`` as versioned JSON at ``path``, atomically (the old file survives any failure)."""
    text = json.dumps(answers_to_document(answers, lang), ensure_ascii=False, indent=2) + "\n"
    return atomic_write(path, text.encode("utf-8"))


def parse_answers_document(content: bytes, name: str = "-") -> SavedAnswers:
    """Read a saved answers file from its bytes; JSON or YAML is chosen by ``name``'s extension.

    Files without an envelope (a hand-written YAML mapping of answers, schema version 0) are migrated.

    Raises
    ------
    CivicKitError
        ``policy-file-too-large``, ``policy-file-encoding``, ``policy-file-corrupt`` (truncated or
        malformed), ``policy-file-not-mapping``, ``policy-file-wrong-app``, ``policy-file-bad-version``,
        ``policy-file-future-version`` or ``policy-file-no-answers``.
    """
    if len(content) > MAX_FILE_BYTES:
        raise CivicKitError.of("policy-file-too-large", path=name, size=len(content), limit=MAX_FILE_BYTES)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CivicKitError.of("policy-file-encoding", path=name) from None
    suffix = Path(name).suffix.lower()
    document = _parse_yaml(text, name) if suffix in (".yaml", ".yml") else _parse_json(text, name)
    if not isinstance(document, Mapping):
        raise CivicKitError.of("policy-file-not-mapping", path=name)
    return _migrate(dict(document), name)


def read_answers(path: str | Path) -> SavedAnswers:
    """Open ``path`` (``.json``, ``.yaml`` or ``.yml``) and delegate to :func:`parse_answers_document`."""
    source = Path(path)
    if source.suffix.lower() not in (".json", ".yaml", ".yml"):
        raise CivicKitError.of("policy-file-extension", path=str(source))
    try:
        size = source.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CivicKitError.of("policy-file-too-large", path=str(source), size=size, limit=MAX_FILE_BYTES)
        content = source.read_bytes()
    except FileNotFoundError:
        raise CivicKitError.of("policy-file-missing", path=str(source)) from None
    except (IsADirectoryError, PermissionError, OSError):
        raise CivicKitError.of("policy-file-unreadable", path=str(source)) from None
    return parse_answers_document(content, str(source))


def load_answers(path: str | Path) -> tuple[Answers, str | None]:
    """Read, migrate and validate a saved file; returns the answers and the language they were saved in.

    Raises
    ------
    CivicKitError
        For a file problem, or with the first validation issue (use :func:`read_answers` and
        :func:`validate_answers` to get every issue, as the CLI does).
    """
    saved = read_answers(path)
    report = validate_answers(saved.answers)
    if report.answers is None:
        raise CivicKitError(report.issues[0])
    return report.answers, saved.lang


def _parse_json(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CivicKitError.of("policy-file-corrupt", path=name, line=error.lineno) from None
    except (RecursionError, ValueError):
        # ValueError: an integer longer than Python's 4,300-digit conversion limit is not a draft.
        raise CivicKitError.of("policy-file-corrupt", path=name, line=1) from None


def _parse_yaml(text: str, name: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise CivicKitError.of("policy-file-corrupt", path=name, line=line) from None
    except (yaml.YAMLError, RecursionError, ValueError):
        raise CivicKitError.of("policy-file-corrupt", path=name, line=1) from None


def _migrate(document: dict[str, Any], name: str) -> SavedAnswers:
    """Bring any supported layout to the current one, step by step (``_MIGRATIONS``)."""
    if "schema_version" not in document:
        version = 0
    else:
        version = document["schema_version"]
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise CivicKitError.of("policy-file-bad-version", path=name, version=_shown(version))
        if version > SCHEMA_VERSION:
            raise CivicKitError.of("policy-file-future-version", path=name, version=version, supported=SCHEMA_VERSION)
        if document.get("app") != APP_ID:
            raise CivicKitError.of("policy-file-wrong-app", path=name, app=_shown(document.get("app")))
    original = version
    while version < SCHEMA_VERSION:
        document = _MIGRATIONS[version](document)
        version += 1
    answers = document.get("answers")
    if not isinstance(answers, Mapping):
        raise CivicKitError.of("policy-file-no-answers", path=name)
    lang = document.get("lang")
    known = {"schema_version", "app", "saved_with", "lang", "answers"}
    return SavedAnswers(
        answers=dict(answers),
        lang=normalize_language(lang) if isinstance(lang, str) and lang else None,
        schema_version=original,
        migrated=original != SCHEMA_VERSION,
        extra={k: v for k, v in document.items() if k not in known},
    )


def _from_v0(document: dict[str, Any]) -> dict[str, Any]:
    """Version 0 is a bare mapping of answers, as people write by hand in YAML.

    It is wrapped in the envelope; the American spelling ``license`` is accepted for ``licence``, and a
    multi-choice answer written as one comma-separated line (``formats: csv, json``) becomes a list.
    """
    answers = dict(document)
    lang = answers.pop("lang", None)
    if "license" in answers and "licence" not in answers:
        answers["licence"] = answers.pop("license")
    for question in questionnaire().questions:
        value = answers.get(question.id)
        if question.type == "multi" and isinstance(value, str):
            answers[question.id] = [part.strip() for part in value.split(",") if part.strip()]
    return {"schema_version": 1, "app": APP_ID, "lang": lang, "answers": answers}


_MIGRATIONS = {0: _from_v0}

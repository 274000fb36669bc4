"""The drafter's questionnaire: 25 questions in 10 groups, read from ``data/questionnaire.yaml``.

The YAML file is the single source of truth for the questions' order, types, defaults and limits:
the Voila app builds its form from it, :mod:`civic_kit.policy.answers` validates against it, and
``docs/officials.md`` documents it. Labels and help texts are translated message keys derived from the
question id (``policy.q.<id>.label``), so the file holds no prose.

Example
-------
>>> from civic_kit.policy.questionnaire import questionnaire
>>> q = questionnaire().question("plan_period_years")
>>> (q.minimum, q.maximum, q.default)
(1, 4, 2)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from civic_kit.i18n import t
from civic_kit.policy.conditions import Condition, parse

__all__ = ["Group", "Option", "Question", "QuestionType", "Questionnaire", "questionnaire"]

QuestionType = Literal["text", "longtext", "url", "integer", "boolean", "choice", "multi"]
_TYPES = ("text", "longtext", "url", "integer", "boolean", "choice", "multi")


@dataclass(frozen=True)
class Option:
    """One allowed value of a choice or multi question; ``when`` limits it to some answers."""

    question: str
    value: str
    when: Condition | None = None

    def label(self, lang: str | None = None) -> str:
        return t(f"policy.opt.{self.question}.{self.value.lower()}", lang)


@dataclass(frozen=True)
class Question:
    """One question: its type, default and the limits validation enforces."""

    id: str
    group: str
    type: QuestionType
    required: bool = False
    default: Any = None
    nullable: bool = False
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    min_items: int = 0
    options: tuple[Option, ...] = ()
    show_when: Condition | None = None

    def label(self, lang: str | None = None) -> str:
        return t(f"policy.q.{self.id}.label", lang)

    def help(self, lang: str | None = None) -> str:
        return t(f"policy.q.{self.id}.help", lang)

    def options_for(self, answers: Mapping[str, Any]) -> tuple[Option, ...]:
        """Options available given the other answers (e.g. instruments used in the chosen country)."""
        return tuple(o for o in self.options if o.when is None or o.when.evaluate(answers))

    def visible(self, answers: Mapping[str, Any]) -> bool:
        """Whether the app should show the question (a hidden question keeps its default)."""
        return self.show_when is None or self.show_when.evaluate(answers)

    def default_value(self) -> Any:
        """A fresh copy of the default (lists become tuples, so nothing shared can be mutated)."""
        if isinstance(self.default, list):
            return tuple(self.default)
        return self.default


@dataclass(frozen=True)
class Group:
    id: str
    questions: tuple[Question, ...]

    def title(self, lang: str | None = None) -> str:
        return t(f"policy.group.{self.id}.title", lang)


@dataclass(frozen=True)
class Questionnaire:
    """All groups in order, with lookup by question id."""

    groups: tuple[Group, ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for g in self.groups for q in g.questions)

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def message_keys(self) -> set[str]:
        """Every message key the questionnaire needs (tests check all exist in three languages)."""
        keys = {f"policy.group.{g.id}.title" for g in self.groups}
        for q in self.questions:
            keys |= {f"policy.q.{q.id}.label", f"policy.q.{q.id}.help"}
            keys |= {f"policy.opt.{q.id}.{o.value.lower()}" for o in q.options}
        return keys


@cache
def questionnaire() -> Questionnaire:
    """The bundled questionnaire (read and checked once per process)."""
    import yaml

    text = (resources.files("civic_kit.policy") / "data" / "questionnaire.yaml").read_text(encoding="utf-8")
    return _build(yaml.safe_load(text))


def _build(data: Mapping[str, Any]) -> Questionnaire:
    raw_groups = data["groups"]
    fields = [q["id"] for g in raw_groups for q in g["questions"]]
    if len(fields) != len(set(fields)):
        raise ValueError("questionnaire.yaml: duplicate question id")
    groups = []
    for raw_group in raw_groups:
        questions = tuple(_question(raw, raw_group["id"], fields) for raw in raw_group["questions"])
        groups.append(Group(raw_group["id"], questions))
    return Questionnaire(tuple(groups))


def _question(raw: Mapping[str, Any], group: str, fields: list[str]) -> Question:
    qid = raw["id"]
    where = f"question {qid}"
    if raw["type"] not in _TYPES:
        raise ValueError(f"{where}: unknown type {raw['type']!r}")
    options = []
    for entry in raw.get("options", ()):
        spec = entry if isinstance(entry, Mapping) else {"value": entry}
        options.append(Option(qid, str(spec["value"]), parse(spec.get("when"), fields, where)))
    if raw["type"] in ("choice", "multi") and not options:
        raise ValueError(f"{where}: a {raw['type']} question needs options")
    return Question(
        id=qid,
        group=group,
        type=raw["type"],
        required=bool(raw.get("required", False)),
        default=raw.get("default"),
        nullable=bool(raw.get("nullable", False)),
        minimum=raw.get("min"),
        maximum=raw.get("max"),
        max_length=raw.get("max_length"),
        min_items=int(raw.get("min_items", 0)),
        options=tuple(options),
        show_when=parse(raw.get("show_when"), fields, where),
    )

"""Which provisions a set of answers puts in the draft, and why each one is in or out.

The app's promise is to *explain every choice*: next to each article an official sees why it is there
(or, in the coverage panel, why a recommendation is missing and which question would add it). So the
selection records a :class:`Decision` per provision instead of a bare set of ids.

Provisions are decided in the catalogue's dependency order: a child after its article, a provision
after those it ``requires`` or whose inclusion its condition reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Literal

from civic_kit.i18n import t
from civic_kit.policy.answers import Answers
from civic_kit.policy.catalogue import Catalogue, catalogue
from civic_kit.policy.questionnaire import questionnaire

__all__ = ["Choice", "Decision", "Reason", "Selection", "explain_choices", "select", "switches"]

Reason = Literal["always", "condition-met", "condition-not-met", "requires", "parent"]


@dataclass(frozen=True)
class Decision:
    """Whether one provision is in the draft, and the reason."""

    provision: str
    included: bool
    reason: Reason
    missing: tuple[str, ...] = ()
    """For ``requires`` and ``parent``: the provisions that are absent."""


@dataclass(frozen=True)
class Selection:
    """The decisions for every provision of the catalogue, for one set of answers."""

    answers: Answers
    decisions: Mapping[str, Decision]

    @property
    def included(self) -> frozenset[str]:
        return frozenset(pid for pid, d in self.decisions.items() if d.included)

    def is_included(self, provision_id: str) -> bool:
        return self.decisions[provision_id].included


@dataclass(frozen=True)
class Choice:
    """One provision explained for the app's side panel."""

    provision: str
    title: str
    included: bool
    explanation: str
    reason: str
    questions: tuple[str, ...]
    """Ids of the questions whose answers can change this choice."""


def select(answers: Answers, source: Catalogue | None = None) -> Selection:
    """Decide every provision for ``answers``.

    Parameters
    ----------
    answers
        Validated answers.
    source
        The catalogue (default: the bundled one); tests pass small catalogues.
    """
    cat = source or catalogue()
    by_id = cat.by_id()
    values = answers.values()
    included: set[str] = set()
    decisions: dict[str, Decision] = {}
    for pid in cat.evaluation_order:
        provision = by_id[pid]
        if provision.parent and provision.parent not in included:
            decision = Decision(pid, False, "parent", (provision.parent,))
        elif missing := tuple(r for r in provision.requires if r not in included):
            decision = Decision(pid, False, "requires", missing)
        elif provision.when is None:
            decision = Decision(pid, True, "always")
        elif provision.when.evaluate(values, included):
            decision = Decision(pid, True, "condition-met")
        else:
            decision = Decision(pid, False, "condition-not-met")
        decisions[pid] = decision
        if decision.included:
            included.add(pid)
    ordered = {p.id: decisions[p.id] for p in cat.provisions}
    return Selection(answers, ordered)


@cache
def switches(provision_id: str) -> tuple[str, ...]:
    """Questions whose answers can switch a provision on or off (directly or through its dependencies).

    Returned in questionnaire order, so the app can point to them from top to bottom.
    """
    cat = catalogue()
    by_id = cat.by_id()
    seen: set[str] = set()
    fields: set[str] = set()
    stack = [provision_id]
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        provision = by_id[pid]
        if provision.when is not None:
            fields |= provision.when.fields()
        stack.extend(provision.depends_on())
    return tuple(q.id for q in questionnaire().questions if q.id in fields)


def explain_choices(selection: Selection, lang: str | None = None) -> tuple[Choice, ...]:
    """Every provision with a plain-language explanation and the reason it is in or out of the draft."""
    cat = catalogue()
    form = questionnaire()
    choices = []
    for provision in cat.provisions:
        decision = selection.decisions[provision.id]
        questions = switches(provision.id)
        labels = ", ".join(form.question(q).label(lang) for q in questions)
        if decision.reason in ("requires", "parent"):
            names = ", ".join(cat.get(m).title(lang) for m in decision.missing)
            reason = t(f"policy.reason.{decision.reason}", lang, provisions=names)
        elif decision.reason == "always" or not questions:
            reason = t("policy.reason.always", lang)
        else:
            reason = t(f"policy.reason.{decision.reason}", lang, questions=labels)
        choices.append(
            Choice(
                provision=provision.id,
                title=provision.title(lang),
                included=decision.included,
                explanation=provision.explain(lang),
                reason=reason,
                questions=questions,
            )
        )
    return tuple(choices)

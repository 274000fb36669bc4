"""Article-by-article comparison of two drafts (yesterday's save against today's answers).

Articles are matched by the provision they come from, not by number: adding one article early in the
text renumbers everything after it, and a number-based diff would then report the whole law as changed.
Here a renumbered article with the same text is reported as ``renumbered``; an article whose text
changed gets a word-level diff (so a changed deadline shows as ``60 dias`` → ``90 dias``, not as two
whole paragraphs). Recitals are compared the same way.

Example
-------
>>> from dataclasses import replace
>>> from civic_kit.policy.answers import Answers
>>> from civic_kit.policy.draft import build_draft
>>> before = Answers("Exemplópolis", 8500, "O Prefeito Municipal")
>>> after = replace(before, deadline_plan_days=90)
>>> [c.kind for c in compare(build_draft(before), build_draft(after)).changes]
['changed']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Literal

from civic_kit.policy.draft import Draft
from civic_kit.problems import CivicKitError

__all__ = ["ArticleChange", "ChangeKind", "DraftComparison", "Segment", "compare", "word_diff"]

ChangeKind = Literal["added", "removed", "changed", "renumbered"]
_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    """A run of text that is the same in both versions, only in the new one, or only in the old one."""

    op: Literal["equal", "insert", "delete"]
    text: str


@dataclass(frozen=True)
class ArticleChange:
    """One article (or recital) that differs between the two drafts."""

    provision: str
    part: Literal["article", "recital"]
    kind: ChangeKind
    label_before: str | None
    label_after: str | None
    text_before: str | None
    text_after: str | None
    diff: tuple[Segment, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "provision": self.provision,
            "part": self.part,
            "kind": self.kind,
            "label_before": self.label_before,
            "label_after": self.label_after,
            "text_before": self.text_before,
            "text_after": self.text_after,
            "diff": [{"op": s.op, "text": s.text} for s in self.diff],
        }


@dataclass(frozen=True)
class DraftComparison:
    """Every difference between two drafts, in the order of the newer draft."""

    changes: tuple[ArticleChange, ...]
    unchanged: int
    """Articles and recitals identical in both (same text and number)."""

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    def of_kind(self, kind: ChangeKind) -> tuple[ArticleChange, ...]:
        return tuple(c for c in self.changes if c.kind == kind)

    def to_dict(self) -> dict[str, Any]:
        return {"unchanged": self.unchanged, "changes": [c.to_dict() for c in self.changes]}


def compare(before: Draft, after: Draft) -> DraftComparison:
    """Compare two drafts article by article.

    Raises
    ------
    CivicKitError
        ``policy-compare-languages`` when the drafts are in different languages (every article
        would differ, which helps nobody).
    """
    if before.lang != after.lang:
        raise CivicKitError.of("policy-compare-languages", a=before.lang, b=after.lang)
    old_recitals = [(r.provision, r.lead, f"{r.lead} {r.text}") for r in before.recitals]
    new_recitals = [(r.provision, r.lead, f"{r.lead} {r.text}") for r in after.recitals]
    old_articles = [(a.provision, a.label, a.plain_text()) for a in before.articles()]
    new_articles = [(a.provision, a.label, a.plain_text()) for a in after.articles()]
    changes: list[ArticleChange] = []
    unchanged = 0
    for part, old, new in (("recital", old_recitals, new_recitals), ("article", old_articles, new_articles)):
        found, same = _compare_parts(part, old, new)
        changes.extend(found)
        unchanged += same
    return DraftComparison(tuple(changes), unchanged)


def _compare_parts(
    part: Literal["article", "recital"],
    old: list[tuple[str, str, str]],
    new: list[tuple[str, str, str]],
) -> tuple[list[ArticleChange], int]:
    old_by_id = {pid: (label, text) for pid, label, text in old}
    new_ids = {pid for pid, _, _ in new}
    matcher = SequenceMatcher(a=[pid for pid, _, _ in old], b=[pid for pid, _, _ in new], autojunk=False)
    changes: list[ArticleChange] = []
    unchanged = 0
    for _tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for pid, label, text in old[i1:i2]:
            if pid not in new_ids:
                changes.append(ArticleChange(pid, part, "removed", label, None, text, None))
        for pid, label, text in new[j1:j2]:
            if pid not in old_by_id:
                changes.append(ArticleChange(pid, part, "added", None, label, None, text))
                continue
            old_label, old_text = old_by_id[pid]
            if old_text != text:
                diff = word_diff(old_text, text)
                changes.append(ArticleChange(pid, part, "changed", old_label, label, old_text, text, diff))
            elif old_label != label:
                changes.append(ArticleChange(pid, part, "renumbered", old_label, label, old_text, text))
            else:
                unchanged += 1
    return changes, unchanged


def word_diff(before: str, after: str) -> tuple[Segment, ...]:
    """Word-level differences between two texts, merged into the fewest segments."""
    old = _TOKENS.findall(before)
    new = _TOKENS.findall(after)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            _add(segments, "equal", "".join(old[i1:i2]))
            continue
        if tag in ("delete", "replace"):
            _add(segments, "delete", "".join(old[i1:i2]))
        if tag in ("insert", "replace"):
            _add(segments, "insert", "".join(new[j1:j2]))
    return tuple(segments)


def _add(segments: list[Segment], op: Literal["equal", "insert", "delete"], text: str) -> None:
    if not text:
        return
    if segments and segments[-1].op == op:
        segments[-1] = Segment(op, segments[-1].text + text)
    else:
        segments.append(Segment(op, text))

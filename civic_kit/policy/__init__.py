"""The policy drafter's domain layer: answers in, a legally structured open-data policy out.

A municipal official or a civil-society group answers 25 questions; civic-kit writes a draft decree,
bill, ordinance or regulation in the legal conventions of the country (Brazil, Mexico, Colombia, Chile,
Argentina, Uruguay), explains every clause, and reports which international recommendations it covers.
Everything here is pure and fast (a draft builds in milliseconds) so the Voila app can preview live.

Public map:

- :mod:`~civic_kit.policy.questionnaire` -- :func:`questionnaire`: the 25 questions (``data/questionnaire.yaml``).
- :mod:`~civic_kit.policy.answers` -- :class:`Answers`, :func:`validate_answers`, :func:`load_answers`,
  :func:`read_answers`, :func:`save_answers` (versioned JSON, atomic, migrated on load).
- :mod:`~civic_kit.policy.catalogue` -- :func:`catalogue`: provisions, legal references and frameworks
  (``data/provisions.yaml``); :mod:`~civic_kit.policy.conditions` is its condition language.
- :mod:`~civic_kit.policy.selection` -- :func:`select`, :func:`explain_choices`: which clauses, and why.
- :mod:`~civic_kit.policy.draft` -- :func:`build_draft`: the :class:`Draft` tree; numbering conventions in
  :mod:`~civic_kit.policy.numbering`.
- :mod:`~civic_kit.policy.coverage` -- :func:`coverage`: the 31 Sunlight guidelines + 6 Charter principles.
- :mod:`~civic_kit.policy.render` -- :func:`render_markdown`, :func:`render_html`;
  :mod:`~civic_kit.policy.docx_export` -- :func:`draft_to_docx`; :mod:`~civic_kit.policy.export` --
  :func:`export_draft` (atomic write of any format).
- :mod:`~civic_kit.policy.compare` -- :func:`compare`: article-by-article changes between two drafts.

Example
-------
>>> from civic_kit.policy import Answers, build_draft, coverage, render_markdown
>>> answers = Answers(municipality="Exemplópolis", population=8500, issuing_authority="O Prefeito Municipal")
>>> draft = build_draft(answers, "pt-BR")
>>> render_markdown(draft).count("**Art. 1º**")
1
"""

from __future__ import annotations

from civic_kit.policy.answers import (
    Answers,
    AnswersReport,
    load_answers,
    read_answers,
    save_answers,
    validate_answers,
)
from civic_kit.policy.catalogue import catalogue
from civic_kit.policy.compare import compare
from civic_kit.policy.coverage import CoverageReport, coverage
from civic_kit.policy.draft import Draft, build_draft
from civic_kit.policy.export import export_draft
from civic_kit.policy.questionnaire import questionnaire
from civic_kit.policy.render import render_html, render_markdown
from civic_kit.policy.selection import explain_choices, select

__all__ = [
    "Answers",
    "AnswersReport",
    "CoverageReport",
    "Draft",
    "build_draft",
    "catalogue",
    "compare",
    "coverage",
    "explain_choices",
    "export_draft",
    "load_answers",
    "questionnaire",
    "read_answers",
    "render_html",
    "render_markdown",
    "save_answers",
    "select",
    "validate_answers",
]

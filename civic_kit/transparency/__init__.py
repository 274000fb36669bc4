"""Transparency self-assessment: how far is our city from what the law asks?

Public API
----------
- :func:`load_checklist` -> :class:`Checklist` of :class:`Item` (with :class:`LegalBasis` and its
  verification status); the structure is ``data/checklist.yaml``, the words are in the ``transparency``
  message domain.
- :class:`SelfAssessment` -- the answers (``yes``/``partial``/``no``/``na``) and notes an official typed.
- :func:`assess` -> :class:`AssessmentResult` -- weighted score (exact fraction), seal level,
  per-dimension scores (:class:`DimensionScore`), prioritised gaps (:class:`Gap`); :func:`seal_for`.
- :func:`render_html`, :func:`render_docx` -- printable report (escaped HTML, Word document).
- :func:`save`, :func:`load` (and :func:`dumps`, :func:`loads`) -- versioned JSON, atomic writes,
  damaged or newer files refused with a translated message and never overwritten.

Countries: ``BR`` (full checklist, ATRICON seal), and ``MX``, ``CO``, ``CL``, ``AR`` (items with an
equivalent duty in the reference; no Brazilian seal). No widgets here: apps build on this.
"""

from __future__ import annotations

from civic_kit.transparency.assessment import (
    ANSWERS,
    SEALS,
    AssessmentResult,
    DimensionScore,
    Gap,
    SelfAssessment,
    assess,
    percent_text,
    seal_for,
)
from civic_kit.transparency.checklist import COUNTRIES, Checklist, Item, LegalBasis, load_checklist
from civic_kit.transparency.render import render_docx, render_html
from civic_kit.transparency.store import SCHEMA_VERSION, dumps, load, loads, save

__all__ = [
    "ANSWERS",
    "COUNTRIES",
    "SCHEMA_VERSION",
    "SEALS",
    "AssessmentResult",
    "Checklist",
    "DimensionScore",
    "Gap",
    "Item",
    "LegalBasis",
    "SelfAssessment",
    "assess",
    "dumps",
    "load",
    "load_checklist",
    "loads",
    "percent_text",
    "render_docx",
    "render_html",
    "save",
    "seal_for",
]

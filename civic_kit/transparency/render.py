"""The self-assessment as a document: standalone printable HTML and a Word (.docx) file.

Why two formats: HTML opens anywhere and prints well; officials edit and file reports in Word or
LibreOffice. Both are built from the same :func:`report_context`, so they cannot say different things.

Safety: everything typed by a user (municipality name, notes) is plain text. The HTML template is
rendered by Jinja2 with ``autoescape=True`` and never marks user text as safe, so ``<script>`` in a note
prints as text. Characters that XML forbids (NUL and other control characters), which would make Word
refuse the file, are removed from user text in both formats.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from civic_kit.i18n import get_language, normalize_language, t
from civic_kit.i18n.numbers import format_date, format_number
from civic_kit.transparency.assessment import AssessmentResult, SelfAssessment, percent_text
from civic_kit.transparency.checklist import Checklist, load_checklist

__all__ = ["clean_text", "render_docx", "render_html", "report_context"]

# XML 1.0 allows tab, newline, carriage return and everything from U+0020 except surrogates, FFFE, FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    """User text without the characters XML cannot hold (it is still escaped where it is shown)."""
    return _NOT_XML.sub("", value)


def report_context(
    result: AssessmentResult,
    assessment: SelfAssessment,
    lang: str | None = None,
    *,
    checklist: Checklist | None = None,
    generated_on: dt.date | None = None,
) -> dict[str, Any]:
    """Every piece of text of the report, already translated, as plain strings and lists.

    User text is included raw (cleaned of XML-forbidden characters): escaping is the job of the
    renderer, which for HTML is Jinja2's autoescape.
    """
    lang = normalize_language(lang) if lang else get_language()
    checklist = checklist or load_checklist()
    date = generated_on or dt.date.today()

    def label(key: str, **params: Any) -> str:
        return t(f"transparency.report.{key}", lang, **params)

    answers = assessment.answers
    notes = assessment.notes
    population = format_number(assessment.population, lang) if assessment.population is not None else label("unknown")
    in_country = {item.id for item in checklist.for_country(result.country)}
    if result.essentials_met:
        essentials = label("essentials-met", count=result.essentials_total)
    else:
        essentials = label("essentials-missing")
    return {
        "lang": lang,
        "title": label("title"),
        "meta": [
            (label("municipality"), clean_text(assessment.municipality) or label("unnamed")),
            (label("population"), population),
            (label("country"), t(f"transparency.country.{result.country}", lang)),
            (label("date"), format_date(date, lang)),
        ],
        "score_label": label("score"),
        "score": percent_text(result.score, lang),
        "level_label": label("seal") if result.seal else label("level-reference"),
        "level": result.level_label(lang),
        "level_code": result.level,
        "essentials": essentials,
        "counts": label(
            "counts",
            answered=result.answered,
            total=result.items_total,
            unanswered=result.unanswered,
            na=result.not_applicable,
        ),
        "notes_heading": label("notes-heading"),
        "notes": result.notes(lang),
        "dimensions_heading": label("by-dimension"),
        "dimension_columns": [label("dimension"), label("score"), label("answered")],
        "dimensions": [
            (
                d.title(lang),
                percent_text(d.score, lang) if d.score is not None else t("transparency.answer.na", lang),
                f"{d.answered}/{d.items}",
            )
            for d in result.dimensions
        ],
        "gaps_heading": label("gaps"),
        "gaps_intro": label("gaps-intro"),
        "no_gaps": label("no-gaps"),
        "gap_labels": {
            "class": label("class"),
            "answer": label("answer"),
            "basis": label("basis"),
            "action": label("action"),
            "note": label("note"),
        },
        "gaps": [
            {
                "title": gap.title(lang),
                "class": t(f"transparency.class.{gap.weight_class}", lang),
                "answer": t(f"transparency.answer.{gap.answer}", lang),
                "basis": [f"{b.label(lang)} ({b.status_label(lang)})" for b in gap.basis],
                "action": gap.action(lang),
                "note": clean_text(notes.get(gap.item_id, "")),
            }
            for gap in result.gaps
        ],
        "answers_heading": label("all-answers"),
        "answer_columns": [label("item"), label("dimension"), label("answer"), label("note")],
        "answers": [
            (
                item.title(lang),
                t(f"transparency.dimension.{item.dimension}", lang),
                t(f"transparency.answer.{answers.get(item.id, 'unanswered')}", lang),
                clean_text(notes.get(item.id, "")),
            )
            for item in checklist.items
            if item.id in in_country
        ],
        "brazil_only_heading": label("brazil-only"),
        "brazil_only": [checklist.item(i).title(lang) for i in result.brazil_only],
        "footer": label("footer"),
    }


_TEMPLATE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1a1a1a;
         max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
  h1 { font-size: 1.6rem; margin-bottom: .25rem; }
  h2 { font-size: 1.25rem; border-bottom: 2px solid #1f5f8b; padding-bottom: .2rem; margin-top: 2rem; }
  h3 { font-size: 1.05rem; margin: 0 0 .3rem; }
  dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
  dl.meta dt { font-weight: 600; }
  dl.meta dd { margin: 0; }
  .score { font-size: 2.2rem; font-weight: 700; margin: .2rem 0; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
  th, td { border: 1px solid #999; padding: .35rem .5rem; text-align: left; vertical-align: top; }
  th { background: #e8eef3; }
  ol.gaps > li { margin-bottom: 1rem; page-break-inside: avoid; }
  .user-note { white-space: pre-wrap; background: #f6f6f6; border-left: 4px solid #999; padding: .3rem .6rem; }
  .note-cell { white-space: pre-wrap; }
  footer { margin-top: 2rem; font-size: .9rem; color: #444; }
  @media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } }
</style>
</head>
<body>
<main>
<h1>{{ title }}</h1>
<dl class="meta">
{% for name, value in meta %}  <dt>{{ name }}</dt><dd>{{ value }}</dd>
{% endfor %}</dl>

<section aria-labelledby="result">
<h2 id="result">{{ score_label }}</h2>
<p class="score">{{ score }}</p>
<p>{{ level_label }}: <strong>{{ level }}</strong></p>
<p>{{ essentials }}</p>
<p>{{ counts }}</p>
<h3>{{ notes_heading }}</h3>
<ul>
{% for note in notes %}  <li>{{ note }}</li>
{% endfor %}</ul>
</section>

<section aria-labelledby="dimensions">
<h2 id="dimensions">{{ dimensions_heading }}</h2>
<table>
<thead><tr>{% for c in dimension_columns %}<th scope="col">{{ c }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in dimensions %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>
{% endfor %}</tbody>
</table>
</section>

<section aria-labelledby="gaps">
<h2 id="gaps">{{ gaps_heading }}</h2>
{% if gaps %}<p>{{ gaps_intro }}</p>
<ol class="gaps">
{% for gap in gaps %}<li>
<h3>{{ gap.title }}</h3>
<p>{{ gap_labels.class }}: {{ gap.class }} · {{ gap_labels.answer }}: {{ gap.answer }}</p>
<p>{{ gap_labels.basis }}: {{ gap.basis | join("; ") }}</p>
<p>{{ gap_labels.action }}: {{ gap.action }}</p>
{% if gap.note %}<p>{{ gap_labels.note }}:</p><p class="user-note">{{ gap.note }}</p>{% endif %}
</li>
{% endfor %}</ol>
{% else %}<p>{{ no_gaps }}</p>{% endif %}
</section>

<section aria-labelledby="answers">
<h2 id="answers">{{ answers_heading }}</h2>
<table>
<thead><tr>{% for c in answer_columns %}<th scope="col">{{ c }}</th>{% endfor %}</tr></thead>
<tbody>
{% for title, dimension, answer, note in answers %}<tr><td>{{ title }}</td><td>{{ dimension }}</td>
<td>{{ answer }}</td><td class="note-cell">{{ note }}</td></tr>
{% endfor %}</tbody>
</table>
</section>
{% if brazil_only %}
<section aria-labelledby="brazil-only">
<h2 id="brazil-only">{{ brazil_only_heading }}</h2>
<ul>
{% for title in brazil_only %}  <li>{{ title }}</li>
{% endfor %}</ul>
</section>
{% endif %}
<footer><p>{{ footer }}</p></footer>
</main>
</body>
</html>
"""


def render_html(
    result: AssessmentResult,
    assessment: SelfAssessment,
    lang: str | None = None,
    *,
    checklist: Checklist | None = None,
    generated_on: dt.date | None = None,
) -> str:
    """A standalone HTML page (inline CSS, no scripts, no network) that prints well."""
    from jinja2 import Environment, StrictUndefined

    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=False)
    template = env.from_string(_TEMPLATE)
    context = report_context(result, assessment, lang, checklist=checklist, generated_on=generated_on)
    return template.render(**context)


def render_docx(
    result: AssessmentResult,
    assessment: SelfAssessment,
    lang: str | None = None,
    *,
    checklist: Checklist | None = None,
    generated_on: dt.date | None = None,
) -> bytes:
    """The same report as a Word document (headings, tables), returned as bytes to save or download."""
    from docx import Document

    c = report_context(result, assessment, lang, checklist=checklist, generated_on=generated_on)
    doc = Document()
    doc.core_properties.title = c["title"]
    doc.core_properties.language = c["lang"]
    doc.add_heading(c["title"], level=0)
    for name, value in c["meta"]:
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{name}: ").bold = True
        paragraph.add_run(value)

    doc.add_heading(c["score_label"], level=1)
    score = doc.add_paragraph()
    score.add_run(c["score"]).bold = True
    level = doc.add_paragraph(f"{c['level_label']}: ")
    level.add_run(c["level"]).bold = True
    doc.add_paragraph(c["essentials"])
    doc.add_paragraph(c["counts"])
    doc.add_heading(c["notes_heading"], level=2)
    for note in c["notes"]:
        doc.add_paragraph(note, style="List Bullet")

    doc.add_heading(c["dimensions_heading"], level=1)
    _table(doc, c["dimension_columns"], c["dimensions"])

    doc.add_heading(c["gaps_heading"], level=1)
    if c["gaps"]:
        doc.add_paragraph(c["gaps_intro"])
        labels = c["gap_labels"]
        for number, gap in enumerate(c["gaps"], start=1):
            doc.add_heading(f"{number}. {gap['title']}", level=2)
            doc.add_paragraph(f"{labels['class']}: {gap['class']} · {labels['answer']}: {gap['answer']}")
            doc.add_paragraph(f"{labels['basis']}: {'; '.join(gap['basis'])}")
            doc.add_paragraph(f"{labels['action']}: {gap['action']}")
            if gap["note"]:
                note = doc.add_paragraph()
                note.add_run(f"{labels['note']}: ").bold = True
                note.add_run(gap["note"])
    else:
        doc.add_paragraph(c["no_gaps"])

    doc.add_heading(c["answers_heading"], level=1)
    _table(doc, c["answer_columns"], c["answers"])
    if c["brazil_only"]:
        doc.add_heading(c["brazil_only_heading"], level=1)
        for title in c["brazil_only"]:
            doc.add_paragraph(title, style="List Bullet")
    doc.add_paragraph(c["footer"])

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _table(doc: Any, columns: list[str], rows: list[tuple[str, ...]]) -> None:
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text

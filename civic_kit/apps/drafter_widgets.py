"""Builders for the policy drafter app: one labelled input per question, and the HTML of its panels.

The questionnaire (:func:`civic_kit.policy.questionnaire`) decides which inputs exist; this module only turns
a :class:`~civic_kit.policy.questionnaire.Question` into widgets and back:

- :func:`build_field` makes the input (Text, Textarea, Dropdown, Checkbox or one checkbox per option), its
  visible help text and an empty slot for its validation message. Numbers are typed in a text box, not a
  number spinner, so an official can leave the review period empty ("no review") and gets a plain-language
  message for ``8,5`` instead of a silently rounded value.
- :func:`initial_value`, :func:`answer_to_value` and :func:`value_to_answer` convert between what a widget
  holds and what :func:`~civic_kit.policy.validate_answers` reads.
- :func:`preview_html`, :func:`coverage_html`, :func:`comparison_html` and :func:`issues_html` lay out the
  domain's results. Everything that comes from the official or a file is escaped here (the draft itself is
  escaped by the domain's Jinja templates, which run with ``autoescape=True``).

No function here keeps state: the app owns the state and calls these to fill its widgets in place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from civic_kit.i18n import t
from civic_kit.i18n.numbers import format_percent
from civic_kit.ui.html import bar_chart, escape

__all__ = [
    "CSS",
    "QuestionField",
    "answer_to_value",
    "build_field",
    "button",
    "comparison_html",
    "coverage_html",
    "demote_headings",
    "field_value",
    "initial_value",
    "issues_html",
    "on_value",
    "options_for",
    "preview_html",
    "set_field_value",
    "value_to_answer",
]

#: Digits grouped in thousands ("8.500", "8,500", "8 500"): an unambiguous whole number when typed into a
#: field that only takes whole numbers, so the app reads it as such instead of refusing it.
_GROUPED = re.compile(r"^\d{1,3}(?:[.,\s\u00a0\u202f]\d{3})+$")
#: The draft fragment carries its own <h1>/<h2>; inside the app they sit under the app's <h1> and <h2>.
_HEADING_TAG = re.compile(r"<(/?)h([1-4])\b")

CSS = """<style>
.ck-drafter .ck-columns{display:flex;flex-flow:row wrap;gap:18px;align-items:flex-start;width:100%}
.ck-drafter .ck-col-form{flex:1 1 400px;min-width:320px;max-width:520px}
.ck-drafter .ck-col-preview{flex:1 1 520px;min-width:320px}
.ck-drafter .ck-help{font-size:.88rem;color:#3d3d3d;margin:.1em 0 .2em;line-height:1.35}
.ck-drafter .ck-field{border-bottom:1px solid #e3e8ec;padding:.45em 0 .55em;width:100%}
.ck-drafter .ck-field .widget-label{font-weight:600;text-align:left;white-space:normal;line-height:1.3}
.ck-drafter .ck-stacked{flex-direction:column;align-items:stretch;height:auto}
.ck-drafter .ck-stacked select,.ck-drafter .ck-stacked input{min-height:30px;flex:0 0 auto}
.ck-drafter .jupyter-widget-Collapse-header{color:#1a1a1a;background:#eef2f5;font-size:.98rem}
.ck-drafter .jupyter-widget-Collapse-header span{color:#1a1a1a}
.ck-drafter .jupyter-widget-Collapse-open>.jupyter-widget-Collapse-header{background:#dcebf5}
.ck-drafter .ck-stacked .widget-label{max-width:none;margin-bottom:3px}
.ck-drafter .ck-q-label{font-weight:600;margin:0 0 .2em}
.ck-drafter .ck-field-error{color:#a4161a;font-weight:600;margin:.2em 0 0;font-size:.9rem}
.ck-drafter .ck-field-error:empty{display:none}
.ck-drafter .ck-field-invalid input,.ck-drafter .ck-field-invalid textarea{border-color:#a4161a;border-width:2px}
.ck-drafter .ck-issues{margin:.3em 0;padding-left:1.2em;font-size:.92rem}
.ck-drafter .ck-col-preview{box-sizing:border-box;min-width:0}
.ck-drafter .ck-preview,.ck-drafter .ck-coverage-lists{box-sizing:border-box;max-width:100%;border:1px solid #b8c4ce;
 border-radius:6px;overflow:auto;background:#fff}
.ck-drafter .ck-preview{max-height:min(75vh,760px)}
.ck-drafter .ck-coverage-lists{max-height:min(60vh,560px);padding:0 .9em}
.ck-drafter .ck-preview:focus,.ck-drafter .ck-coverage-lists:focus{outline:3px solid #1f5f8b;outline-offset:2px}
.ck-drafter .ck-preview-empty{padding:1em 1.2em;color:#1a1a1a}
.ck-drafter .ck-draft h3{font-size:1.25rem;text-align:center;text-transform:uppercase;margin:1.5rem 0 1rem}
.ck-drafter .ck-draft h4{font-size:1.05rem;text-align:center;text-transform:uppercase;margin:2rem 0 1rem}
.ck-drafter .ck-stale:empty{display:none}
.ck-drafter .ck-preview dl.ck-cover-facts{display:grid;width:auto;overflow:visible;margin:.4rem 0}
.ck-drafter .ck-preview .ck-cover-facts dt,.ck-drafter .ck-preview .ck-cover-facts dd{float:none;width:auto}
.ck-drafter .ck-score{font-size:1.05rem;margin:.2em 0}
.ck-drafter .ck-score strong{font-size:1.6rem;color:#0b4a75}
.ck-drafter .ck-coverage ul{padding-left:1.2em;margin:.2em 0 .6em}
.ck-drafter .ck-coverage li{margin:.25em 0}
.ck-drafter .ck-missing li p{margin:.1em 0;font-size:.92rem}
.ck-drafter .ck-framework{font-size:.85rem;color:#3d3d3d;font-weight:normal}
.ck-drafter .ck-change{border:1px solid #c8d2da;border-left:5px solid #1f5f8b;border-radius:4px;padding:.4em .8em;
 margin:.5em 0;background:#fff}
.ck-drafter .ck-change-added{border-left-color:#2b6a30}
.ck-drafter .ck-change-removed{border-left-color:#a4161a}
.ck-drafter .ck-change-renumbered{border-left-color:#6b6b6b}
.ck-drafter .ck-change h3{font-size:1rem;margin:.1em 0 .3em}
.ck-drafter .ck-change-text{white-space:pre-line;margin:.2em 0;font-family:Georgia,"Times New Roman",serif}
.ck-drafter ins{background:#d7f0d9;color:#0f3d13;text-decoration:underline;padding:0 2px;margin:0 1px}
.ck-drafter del{background:#fbdcdc;color:#6b0d10;text-decoration:line-through;padding:0 2px;margin:0 1px}
.ck-drafter .ck-kind{font-weight:normal;color:#3d3d3d}
.ck-drafter .ck-sr{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;
 clip:rect(0,0,0,0);white-space:nowrap;border:0}
.ck-drafter .ck-row{display:flex;flex-flow:row wrap;align-items:center;gap:6px 12px}
.ck-drafter .ck-section{border-top:1px solid #d5dde3;margin-top:1em;padding-top:.2em;width:100%}
.ck-drafter .ck-steps{flex-wrap:wrap;height:auto;align-items:flex-start}
.ck-drafter .ck-steps .widget-label{flex:0 0 100%;font-weight:600;text-align:left;max-width:none}
.ck-drafter .ck-steps .widget-toggle-button{margin:2px 4px 2px 0;height:auto;min-height:30px;white-space:normal;
 background:#eef2f5;color:#1a1a1a;border:1px solid #b8c4ce}
.ck-drafter .ck-steps .widget-toggle-button.mod-active{background:#0b4a75;color:#fff;border-color:#0b4a75}
.ck-drafter .ck-group-panel{border:1px solid #b8c4ce;border-radius:6px;padding:0 .8em .6em;margin-top:.4em;
 background:#fff}
.ck-drafter .ck-step-title{font-size:1.08rem;margin:.6em 0 .2em}
</style>"""


@dataclass
class QuestionField:
    """The widgets of one question: the input(s), the help text and the slot for its message."""

    question: Any
    """The :class:`~civic_kit.policy.questionnaire.Question`."""
    box: widgets.VBox
    """What the form shows (hidden when the question does not apply)."""
    input: widgets.Widget | None
    """The single input, or ``None`` for a multi-choice question (see ``checkboxes``)."""
    checkboxes: tuple[tuple[str, widgets.Checkbox], ...] = ()
    """``(option value, checkbox)`` for a multi-choice question."""
    error: widgets.HTML | None = None


def initial_value(question: Any) -> Any:
    """What a question's widget holds on a fresh form (its default, as the widget stores it)."""
    return answer_to_value(question, question.default_value())


def answer_to_value(question: Any, answer: Any) -> Any:
    """A validated answer (from :class:`~civic_kit.policy.Answers`) as its widget's value."""
    kind = question.type
    if kind == "integer":
        return "" if answer is None else str(answer)
    if kind == "boolean":
        return bool(answer)
    if kind == "multi":
        return tuple(answer or ())
    if kind == "choice":
        return answer if answer is not None else question.options[0].value
    return "" if answer is None else str(answer)


def value_to_answer(question: Any, value: Any) -> Any:
    """A widget's value as the answer :func:`~civic_kit.policy.validate_answers` checks.

    An empty number box becomes ``None``: "no review" for the review period, the default for other
    optional numbers and "required" for the population. Thousands written with separators ("8.500") are
    read as the whole number they are; anything else typed is passed on unchanged so that validation
    explains what is wrong with it.
    """
    kind = question.type
    if kind == "integer":
        text = str(value).strip()
        if not text:
            return None
        if _GROUPED.match(text):
            return re.sub(r"\D", "", text)
        return text
    if kind == "multi":
        return list(value)
    return value


def build_field(
    question: Any, lang: str, value: Any, options: Sequence[tuple[str, str]] | None = None
) -> QuestionField:
    """The input, help text and message slot for ``question``, in ``lang``, holding ``value``.

    Parameters
    ----------
    question
        A questionnaire question.
    lang
        Language of the label, help text and option labels.
    value
        The widget value to show (see :func:`initial_value`).
    options
        ``(label, value)`` pairs for a choice question whose options depend on other answers (the
        instruments of the chosen country); default: every option.
    """
    label = question.label(lang)
    help_text = widgets.HTML(f'<p class="ck-help" lang="{lang}">{escape(question.help(lang))}</p>')
    error = widgets.HTML()
    error.add_class("ck-field-error-slot")
    kind = question.type
    checkboxes: tuple[tuple[str, widgets.Checkbox], ...] = ()
    single: widgets.Widget | None = None
    if kind == "multi":
        checkboxes = tuple(
            (
                option.value,
                widgets.Checkbox(
                    value=option.value in value,
                    description=option.label(lang),
                    indent=False,
                    layout=widgets.Layout(width="auto"),
                ),
            )
            for option in question.options
        )
        heading = widgets.HTML(f'<p class="ck-q-label" lang="{lang}">{escape(label)}</p>')
        parts: list[widgets.Widget] = [heading, help_text, *(box for _, box in checkboxes), error]
    else:
        single = _single_input(question, lang, value, label, options)
        parts = [single, help_text, error]
    box = widgets.VBox(parts, layout=widgets.Layout(width="100%"))
    box.add_class("ck-field")
    box.add_class(f"ck-q-{question.id.replace('_', '-')}")
    return QuestionField(question=question, box=box, input=single, checkboxes=checkboxes, error=error)


def _single_input(
    question: Any, lang: str, value: Any, label: str, options: Sequence[tuple[str, str]] | None
) -> widgets.Widget:
    kind = question.type
    stacked = widgets.Layout(width="100%")
    widget: widgets.Widget
    if kind == "boolean":
        return widgets.Checkbox(value=bool(value), description=label, indent=False, layout=widgets.Layout(width="auto"))
    if kind == "choice":
        choices = list(options) if options is not None else [(o.label(lang), o.value) for o in question.options]
        allowed = [v for _, v in choices]
        widget = widgets.Dropdown(options=choices, value=value if value in allowed else allowed[0], layout=stacked)
    elif kind == "longtext":
        widget = widgets.Textarea(value=str(value), rows=6, continuous_update=True, layout=stacked)
    else:
        widget = widgets.Text(value=str(value), continuous_update=True, layout=stacked)
        if kind == "integer":
            default = question.default_value()
            if default is not None:
                widget.placeholder = str(default)
        elif kind == "url":
            widget.placeholder = "https://"
    widget.description = label
    widget.style.description_width = "initial"
    widget.add_class("ck-stacked")
    return widget


def field_value(field: QuestionField) -> Any:
    """What the official chose in ``field`` (a tuple of option values for multi-choice questions)."""
    if field.checkboxes:
        return tuple(option for option, box in field.checkboxes if box.value)
    assert field.input is not None
    return field.input.value


def set_field_value(field: QuestionField, value: Any) -> None:
    """Show ``value`` in ``field`` (the caller silences its own observers while doing so)."""
    if field.checkboxes:
        for option, box in field.checkboxes:
            wanted = option in value
            if box.value != wanted:
                box.value = wanted
        return
    assert field.input is not None
    if field.input.value != value:
        field.input.value = value


def button(label: str, style: str = "") -> widgets.Button:
    """A text button (no icon font to load) as wide as its label."""
    return widgets.Button(description=label, button_style=style, layout=widgets.Layout(width="auto"))


# -- HTML panels ---------------------------------------------------------------------------------------------------


def demote_headings(fragment: str, levels: int = 2) -> str:
    """Move the headings of an HTML fragment down ``levels`` levels (``<h1>`` -> ``<h3>``).

    Only real tags can match: text from the official reaches the fragment escaped (``&lt;h1&gt;``), so
    this never turns typed text into markup.
    """
    return _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + levels)}", fragment)


def preview_html(fragment: str | None, lang: str, *, missing: Sequence[str] = ()) -> str:
    """The preview region: the draft fragment, or what still has to be filled in before there is one.

    The region is focusable (``tabindex=0``) with a name, so keyboard users can scroll it and screen
    readers announce it.
    """
    name = escape(t("app.drafter.preview-region", lang), quote=True)
    if fragment is None:
        items = "".join(f"<li>{escape(label)}</li>" for label in missing)
        listing = f"<ul>{items}</ul>" if items else ""
        inner = f'<div class="ck-preview-empty"><p>{escape(t("app.drafter.preview-empty", lang))}</p>{listing}</div>'
    else:
        inner = demote_headings(fragment)
    return f'<div class="ck-preview" role="region" aria-label="{name}" tabindex="0" lang="{lang}">{inner}</div>'


def _framework(item: Mapping[str, Any], lang: str) -> str:
    key = (
        "app.drafter.coverage.sunlight-item" if item["framework"] == "sunlight" else "app.drafter.coverage.charter-item"
    )
    return t(key, lang, number=item["number"])


def coverage_html(report: Mapping[str, Any], lang: str) -> str:
    """The coverage panel from ``CoverageReport.to_dict(lang)``: score, per-framework bars, covered and missing.

    Each missing item says why it matters and which answers would cover it, because a bare score tells an
    official nothing about what to change.
    """
    items = report["items"]
    covered = [i for i in items if i["covered"]]
    missing = [i for i in items if not i["covered"]]
    score = t(
        "app.drafter.coverage.score",
        lang,
        percent=format_percent(report["score"], lang),
        covered=len(covered),
        total=len(items),
    )
    chart = bar_chart(
        [
            (t("app.drafter.coverage.sunlight", lang), report["sunlight"]["covered"] / report["sunlight"]["total"]),
            (t("app.drafter.coverage.charter", lang), report["charter"]["covered"] / report["charter"]["total"]),
        ],
        caption=t("app.drafter.coverage.chart-caption", lang),
        format_value=lambda share: format_percent(share, lang, 0),
        source=report["summary"],
        max_value=1.0,
    )
    covered_items = "".join(
        f'<li>{escape(i["name"])} <span class="ck-framework">({escape(_framework(i, lang))})</span></li>'
        for i in covered
    )
    missing_items = "".join(
        f'<li><strong>{escape(i["name"])}</strong> <span class="ck-framework">({escape(_framework(i, lang))})</span>'
        f"<p>{escape(i['why'])}</p><p><em>{escape(i['how'])}</em></p></li>"
        for i in missing
    )
    covered_heading = escape(t("app.drafter.coverage.covered", lang, count=len(covered)))
    missing_heading = escape(t("app.drafter.coverage.missing", lang, count=len(missing)))
    all_covered = escape(t("app.drafter.coverage.all", lang))
    none_covered = escape(t("app.drafter.coverage.none", lang))
    missing_list = f'<ul class="ck-missing">{missing_items}</ul>' if missing else f"<p>{all_covered}</p>"
    covered_list = f"<ul>{covered_items}</ul>" if covered else f"<p>{none_covered}</p>"
    region = escape(t("app.drafter.coverage.lists-region", lang), quote=True)
    return (
        f'<div class="ck-coverage" lang="{lang}">'
        f'<p class="ck-score">{_score_markup(score, report, lang)}</p>{chart}'
        f'<div class="ck-coverage-lists" role="region" aria-label="{region}" tabindex="0">'
        f"<h3>{missing_heading}</h3>{missing_list}<h3>{covered_heading}</h3>{covered_list}</div></div>"
    )


def _score_markup(score: str, report: Mapping[str, Any], lang: str) -> str:
    """The score sentence with its percentage in bold (the sentence is translated, then escaped)."""
    percent = format_percent(report["score"], lang)
    head, found, tail = score.partition(percent)
    if not found:
        return escape(score)
    return f"{escape(head)}<strong>{escape(percent)}</strong>{escape(tail)}"


def issues_html(lines: Sequence[str], lang: str, *, heading: str = "") -> str:
    """A warning box listing problems (already translated) one per line; empty when there are none."""
    if not lines:
        return ""
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    title = f"<strong>{escape(heading)}</strong>" if heading else ""
    return f'<div class="ck-note ck-note-warning" lang="{lang}">{title}<ul class="ck-issues">{items}</ul></div>'


def _diff_markup(segments: Sequence[Any], lang: str) -> str:
    inserted = escape(t("app.drafter.compare.inserted", lang))
    deleted = escape(t("app.drafter.compare.deleted", lang))
    parts = []
    for segment in segments:
        text = escape(segment.text)
        if segment.op == "insert":
            parts.append(f'<ins><span class="ck-sr">[{inserted}] </span>{text}</ins>')
        elif segment.op == "delete":
            parts.append(f'<del><span class="ck-sr">[{deleted}] </span>{text}</del>')
        else:
            parts.append(text)
    return "".join(parts)


def _change_title(change: Any, lang: str) -> tuple[str, str]:
    """Where the change is (``Art. 5º (antes Art. 4º)``) and what kind of change it is, in ``lang``."""
    kind = t(f"app.drafter.compare.kind.{change.kind}", lang)
    if change.part == "recital":
        where = t("app.drafter.compare.recital", lang)
    elif change.kind == "added":
        where = change.label_after or ""
    elif change.kind == "removed":
        where = change.label_before or ""
    elif change.label_before != change.label_after:
        where = t("app.drafter.compare.renumbered-label", lang, before=change.label_before, after=change.label_after)
    else:
        where = change.label_after or ""
    return where, kind


def comparison_html(comparison: Any, lang: str, *, name: str, outdated: bool = False) -> str:
    """Article-by-article changes from the draft saved as ``name`` to the current answers.

    Changed words are marked with ``<ins>``/``<del>`` (colour plus underline or strike-through, and a hidden
    word for screen readers); every piece of text is escaped before it is wrapped.
    """
    counts = {kind: len(comparison.of_kind(kind)) for kind in ("added", "removed", "changed", "renumbered")}
    summary = t("app.drafter.compare.summary", lang, name=name, unchanged=comparison.unchanged, **counts)
    parts = [f'<div class="ck-comparison" lang="{lang}">']
    if outdated:
        parts.append(f'<div class="ck-note ck-note-warning">{escape(t("app.drafter.compare.outdated", lang))}</div>')
    parts.append(f"<p>{escape(summary)}</p>")
    if not comparison.has_changes:
        parts.append(f"<p>{escape(t('app.drafter.compare.none', lang))}</p>")
    for change in comparison.changes:
        where, kind = _change_title(change, lang)
        title = f'{escape(where)} <span class="ck-kind">({escape(kind)})</span>'
        if change.kind == "changed":
            body = _diff_markup(change.diff, lang)
        elif change.kind == "removed":
            body = f"<del>{escape(change.text_before or '')}</del>"
        else:
            body = escape(change.text_after or "")
        parts.append(
            f'<div class="ck-change ck-change-{escape(change.kind)}"><h3>{title}</h3>'
            f'<p class="ck-change-text">{body}</p></div>'
        )
    parts.append("</div>")
    return "".join(parts)


def options_for(question: Any, lang: str, values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(label, value)`` of the options of ``question`` that apply to the other answers in ``values``."""
    return [(o.label(lang), o.value) for o in question.options_for(values)]


def on_value(widget: widgets.Widget, callback: Callable[[Any], None]) -> None:
    """Call ``callback(new value)`` whenever ``widget``'s value changes."""
    widget.observe(lambda change: callback(change["new"]), names="value")

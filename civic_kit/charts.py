"""Honest charts for lessons and reports: alt text, source and unit are part of every chart.

A chart that a screen-reader user cannot read, that hides where its numbers came from, or whose bars
start above zero misleads. These helpers make the honest version the only easy one:

- :func:`bar_chart` -- bars that always start at zero, values printed next to them.
- :func:`line_chart` -- one or more lines over time; the axis includes zero unless you say otherwise,
  and then the chart says so on its face.
- :func:`misleading_example` -- a truncated-axis bar chart drawn *on purpose* for teaching (lesson 05),
  stamped as misleading on the figure itself.
- :func:`visual_ratio` -- how many times longer one bar looks than another for a given baseline.
- :func:`save_chart` -- PNG, SVG (with ``<title>``/``<desc>``) or PDF, with the alt text as metadata.
- :func:`chart_html` -- the ``<figure><img alt=...>`` that notebooks and apps display.

Every drawing function *requires* ``alt=``, ``source=`` and ``unit=``; an empty value raises a translated
:class:`~civic_kit.problems.CivicKitError`. Each returns a :class:`Chart`, which a notebook displays as an
image with its alt text (so the description reaches screen readers), and which prints as text elsewhere.

matplotlib is imported lazily and only its object API is used (``Figure`` with the Agg canvas), so no
pyplot state, no global backend switch, and nothing is displayed twice.

Example
-------
>>> from civic_kit.charts import bar_chart
>>> chart = bar_chart({"Norte": 12.0, "Sul": 30.0}, title="Postos por distrito",
...                   alt="O Sul tem 30 postos e o Norte 12.", source="Prefeitura de Vale Verde",
...                   unit="postos", lang="pt-BR")
>>> chart.alt
'O Sul tem 30 postos e o Norte 12.'
"""

from __future__ import annotations

import base64
import html
import io
import math
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from civic_kit.i18n import get_language, normalize_language, t
from civic_kit.i18n.numbers import format_number
from civic_kit.problems import CivicKitError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "Chart",
    "bar_chart",
    "chart_html",
    "line_chart",
    "misleading_example",
    "save_chart",
    "visual_ratio",
]

#: Bar colour and the accent for highlighted bars: a blue/orange pair readable with colour blindness.
BAR_COLOR = "#3b6ea8"
HIGHLIGHT_COLOR = "#d95f02"
WARNING_COLOR = "#b00020"
#: Line colours, in order (Okabe-Ito palette, distinguishable with the common colour-vision deficiencies).
LINE_COLORS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000")
_SAVE_FORMATS = ("png", "svg", "pdf")


@dataclass(frozen=True, eq=False)
class Chart:
    """A drawn chart together with the words that make it honest.

    Notebooks display it as ``<figure><img alt="..."></figure>`` (see :func:`chart_html`); ``repr`` gives
    the title, alt text and source, so a plain console still says what the chart shows.
    """

    figure: Figure
    """The matplotlib figure (object API, Agg canvas); change it only if you keep it honest."""
    title: str
    alt: str
    """What the chart shows, in words: read aloud by screen readers instead of the image."""
    source: str
    """Where the numbers come from, printed on the figure."""
    unit: str
    """Unit of the values (``R$``, ``%``, ``pessoas``), printed on the figure."""
    lang: str
    misleading: bool = False
    """True only for :func:`misleading_example` charts, which are stamped as such."""

    def to_png(self, dpi: int = 100) -> bytes:
        """The chart as PNG bytes, with title, alt text and source in the file's metadata."""
        buffer = io.BytesIO()
        self.figure.savefig(
            buffer,
            format="png",
            dpi=dpi,
            metadata={"Title": self.title, "Description": self.alt, "Source": self.source, "Software": None},
        )
        return buffer.getvalue()

    def to_svg(self) -> str:
        """The chart as SVG text with ``<title>``, ``<desc>`` and ``role="img"`` for assistive technology.

        The SVG is deterministic (fixed id salt, no date), so saved charts diff cleanly in git.
        """
        from matplotlib import rc_context

        buffer = io.StringIO()
        with rc_context({"svg.hashsalt": "civic-kit", "svg.fonttype": "path"}):
            self.figure.savefig(buffer, format="svg", metadata={"Date": None, "Title": self.title})
        return _label_svg(buffer.getvalue(), self.title, self.alt)

    def html(self, dpi: int = 100) -> str:
        """The chart as an accessible HTML ``<figure>`` (see :func:`chart_html`)."""
        return chart_html(self, dpi=dpi)

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        lines = [self.title] if self.title else []
        lines.append(self.alt)
        lines.append(t("charts.source-line", self.lang, source=self.source, unit=self.unit))
        if self.misleading:
            lines.insert(0, t("charts.misleading-short", self.lang))
        return "\n".join(lines)


def chart_html(chart: Chart, *, dpi: int = 100) -> str:
    """An accessible ``<figure>``: the image carries the alt text, the caption the title and source.

    Why an ``<img>`` and not a bare figure: the ``alt`` attribute is what screen readers announce, and
    it survives in saved notebooks, exported HTML and Voila apps alike. All text is escaped.
    """
    if not isinstance(chart, Chart):
        raise CivicKitError.of("chart-not-a-chart", kind=type(chart).__name__)
    data = base64.b64encode(chart.to_png(dpi=dpi)).decode("ascii")
    caption_parts = [html.escape(chart.title)] if chart.title else []
    caption_parts.append(html.escape(t("charts.source-line", chart.lang, source=chart.source, unit=chart.unit)))
    css_class = "ck-chart ck-chart-misleading" if chart.misleading else "ck-chart"
    return (
        f'<figure class="{css_class}" lang="{html.escape(chart.lang, quote=True)}" style="margin:0">'
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(chart.alt, quote=True)}" '
        'style="max-width:100%;height:auto">'
        f"<figcaption>{' — '.join(caption_parts)}</figcaption></figure>"
    )


def bar_chart(
    data: Any,
    x: str | None = None,
    y: str | None = None,
    *,
    title: str,
    alt: str,
    source: str,
    unit: str,
    lang: str | None = None,
    horizontal: bool = True,
    sort: bool = True,
    highlight: Sequence[str] = (),
    decimals: int | None = None,
    percent: bool = False,
) -> Chart:
    """Draw bars that start at zero, with each value printed next to its bar.

    Why bars always start at zero: a bar's *length* is what the eye compares, so cutting the axis makes
    small differences look huge (lesson 05 shows how). Values are printed so nobody has to guess them.

    Parameters
    ----------
    data
        A DataFrame (give ``y``, the value column, and ``x``, the label column, or leave ``x`` out to use
        the index), a Series (labels in the index) or a mapping ``{label: value}``.
    x, y
        Column names for a DataFrame; ignored otherwise.
    title
        Short headline; may be empty when the text around the chart already says it.
    alt
        Required. What the chart shows in one or two sentences, with the key numbers ("Saúde executou
        92% e Cultura 41%"). Read by screen readers instead of the image.
    source
        Required. Where the numbers come from (organisation, dataset, year).
    unit
        Required. Unit of the values (``R$``, ``%``, ``R$ por habitante``), printed on the figure.
    lang
        Language of the number format and of the source line; default: the current language.
    horizontal
        Horizontal bars (default) leave room for long category names such as budget functions.
    sort
        Largest value first, so the ranking reads from the top.
    highlight
        Labels drawn in the accent colour, to point at what the text talks about.
    decimals
        Decimals for printed values; default 0 for whole numbers, else 1.
    percent
        Values are shares in [0, 1]; they are printed as percentages (``92,3%``).

    Returns
    -------
    Chart
        Displays as an image with alt text in a notebook.

    Raises
    ------
    CivicKitError
        Empty ``alt``/``source``/``unit``, unknown columns, no rows, or values that are not numbers.
    """
    lang = _check_words(alt=alt, source=source, unit=unit, lang=lang)
    labels, values = _points(data, x, y)
    if sort:
        order = sorted(range(len(values)), key=lambda i: -values[i])
        labels = [labels[i] for i in order]
        values = [values[i] for i in order]
    decimals = _decimals(values, decimals, percent)
    figure, axes = _new_figure(len(labels), horizontal)
    colors = [HIGHLIGHT_COLOR if label in set(highlight) else BAR_COLOR for label in labels]
    if horizontal:
        positions = list(range(len(labels)))[::-1]  # first label at the top
        axes.barh(positions, values, color=colors, height=0.65)
        axes.set_yticks(positions, labels=labels)
        _zero_based_limits(axes, values, horizontal=True)
        axes.xaxis.set_major_formatter(_number_formatter(lang, decimals, percent))
        axes.set_xlabel(unit)
        axes.grid(axis="x", color="#dddddd", linewidth=0.8)
    else:
        positions = list(range(len(labels)))
        axes.bar(positions, values, color=colors, width=0.65)
        axes.set_xticks(positions, labels=labels, rotation=30 if len(labels) > 5 else 0, ha="right")
        _zero_based_limits(axes, values, horizontal=False)
        axes.yaxis.set_major_formatter(_number_formatter(lang, decimals, percent))
        axes.set_ylabel(unit)
        axes.grid(axis="y", color="#dddddd", linewidth=0.8)
    axes.set_axisbelow(True)
    _label_bars(axes, positions, values, lang, decimals, percent, horizontal)
    _finish(figure, axes, title=title, source=source, unit=unit, lang=lang)
    return Chart(figure, title, alt.strip(), source.strip(), unit.strip(), lang)


def line_chart(
    data: Any,
    x: str | None = None,
    y: str | Sequence[str] | None = None,
    *,
    title: str,
    alt: str,
    source: str,
    unit: str,
    lang: str | None = None,
    labels: Mapping[str, str] | None = None,
    zero_baseline: bool = True,
    decimals: int | None = None,
    percent: bool = False,
) -> Chart:
    """Draw one line per value column against ``x`` (years, months...), markers on every point.

    Why the axis includes zero by default: a line that fills the whole height makes a 3% change look
    like a collapse. Lines may zoom in (``zero_baseline=False``) when the *change* is the story, but the
    chart then prints a warning that the axis does not start at zero.

    Parameters
    ----------
    data
        A DataFrame (one or more ``y`` columns, and an ``x`` column or, without ``x``, the index), a
        Series (x in the index) or a mapping ``{x: value}``.
    x, y
        Column names for a DataFrame; ``y`` may be a list to draw several lines (nominal and real values).
    title, alt, source, unit, lang, decimals, percent
        As in :func:`bar_chart`; ``alt``, ``source`` and ``unit`` are required.
    labels
        Legend text per ``y`` column (pass translated words; the column name is used otherwise).
    zero_baseline
        Keep zero on the value axis (default). When False the figure says the axis is cut.

    Returns
    -------
    Chart

    Raises
    ------
    CivicKitError
        As :func:`bar_chart`.
    """
    lang = _check_words(alt=alt, source=source, unit=unit, lang=lang)
    columns = [y] if isinstance(y, str) or y is None else list(y)
    if not columns:
        raise CivicKitError.of("chart-missing-column", column="y", columns="")
    series: list[tuple[str, list[Any], list[float]]] = []
    for column in columns:
        xs, values = _points(data, x, column, keep_x_type=True)
        series.append((column or "", xs, values))
    everything = [v for _, _, values in series for v in values]
    decimals = _decimals(everything, decimals, percent)
    figure, axes = _new_figure(8, horizontal=False)
    numeric_x = all(_is_number(v) for _, xs, _ in series for v in xs)
    categories: list[str] = []
    for index, (column, xs, values) in enumerate(series):
        if numeric_x:
            positions: list[float] = [float(v) for v in xs]
        else:
            for value in xs:
                if str(value) not in categories:
                    categories.append(str(value))
            positions = [float(categories.index(str(v))) for v in xs]
        name = (labels or {}).get(column, column)
        axes.plot(
            positions,
            values,
            marker="o",
            linewidth=2,
            color=LINE_COLORS[index % len(LINE_COLORS)],
            label=name or None,
        )
    if numeric_x:
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        # Years must not get thousands separators ("2.023"), so x ticks are plain numbers.
        axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
    else:
        axes.set_xticks(range(len(categories)), labels=categories)
    if zero_baseline:
        low, high = min(0.0, min(everything)), max(0.0, max(everything))
        pad = (high - low) * 0.08 or 1.0
        axes.set_ylim(low - (pad if low < 0 else 0), high + (pad if high > 0 else 0))
    axes.yaxis.set_major_formatter(_number_formatter(lang, decimals, percent))
    axes.set_ylabel(unit)
    axes.grid(axis="y", color="#dddddd", linewidth=0.8)
    axes.set_axisbelow(True)
    if len(series) > 1 or labels:
        axes.legend(frameon=False)
    _finish(figure, axes, title=title, source=source, unit=unit, lang=lang)
    if not zero_baseline:
        _warn(axes, t("charts.axis-not-zero", lang))
    return Chart(figure, title, alt.strip(), source.strip(), unit.strip(), lang)


def misleading_example(
    data: Any,
    x: str | None = None,
    y: str | None = None,
    *,
    title: str,
    alt: str,
    source: str,
    unit: str,
    lang: str | None = None,
    baseline: float | None = None,
    decimals: int | None = None,
    reveal: bool = True,
) -> Chart:
    """Draw a *deliberately misleading* bar chart whose value axis starts at ``baseline`` instead of zero.

    For teaching only (lesson 05): learners see how a cut axis inflates small differences and practise
    spotting it. The figure carries a red banner saying it is misleading and why, and the returned
    :class:`Chart` has ``misleading=True``; never use it to present results.

    Parameters
    ----------
    data, x, y, title, alt, source, unit, lang, decimals
        As in :func:`bar_chart` (vertical bars, in the data's order).
    baseline
        Where the cut axis starts. Default: just below the smallest value (90% of it, rounded down to
        two significant digits), the trick misleading charts usually play.
    reveal
        Say on the banner *why* the chart misleads (default). ``False`` keeps the banner ("misleading
        example, made on purpose for an exercise") but leaves the flaw for learners to find.

    Raises
    ------
    CivicKitError
        As :func:`bar_chart`, and when ``baseline`` is not below the largest value (no bar would show)
        or the values are not all positive.
    """
    lang = _check_words(alt=alt, source=source, unit=unit, lang=lang)
    labels, values = _points(data, x, y)
    if min(values) <= 0:
        raise CivicKitError.of("chart-misleading-needs-positive")
    if baseline is None:
        baseline = _round_down(min(values) * 0.9)
    if not _is_number(baseline) or not math.isfinite(float(baseline)) or float(baseline) >= max(values):
        raise CivicKitError.of("chart-bad-baseline", baseline=str(baseline), top=max(values))
    baseline = float(baseline)
    decimals = _decimals(values, decimals, False)
    figure, axes = _new_figure(len(labels), horizontal=False)
    positions = list(range(len(labels)))
    axes.bar(positions, values, color=BAR_COLOR, width=0.65)
    axes.set_xticks(positions, labels=labels)
    top = max(values)
    axes.set_ylim(baseline, top + (top - baseline) * 0.12)
    axes.yaxis.set_major_formatter(_number_formatter(lang, decimals, False))
    axes.set_ylabel(unit)
    _label_bars(axes, positions, values, lang, decimals, False, horizontal=False)
    _finish(figure, axes, title=title, source=source, unit=unit, lang=lang)
    if reveal:
        _warn(axes, t("charts.misleading-banner", lang, baseline=format_number(baseline, lang)))
    else:
        _warn(axes, t("charts.misleading-banner-exercise", lang))
    return Chart(figure, title, alt.strip(), source.strip(), unit.strip(), lang, misleading=True)


def visual_ratio(larger: float, smaller: float, baseline: float = 0.0) -> float:
    """How many times longer the ``larger`` bar looks than the ``smaller`` one when bars start at ``baseline``.

    With ``baseline=0`` this is the true ratio of the values; with a cut axis it grows, which is exactly
    the distortion a truncated chart causes (Tufte's "lie factor" is this divided by the true ratio).

    Raises
    ------
    CivicKitError
        When a value is not a finite number or ``smaller`` does not rise above the baseline.

    Example
    -------
    >>> visual_ratio(105, 100, baseline=95)
    2.0
    """
    numbers = (larger, smaller, baseline)
    if not all(_is_number(v) and math.isfinite(float(v)) for v in numbers):
        raise CivicKitError.of("chart-not-numeric", column="visual_ratio")
    if float(smaller) <= float(baseline):
        raise CivicKitError.of("chart-bad-baseline", baseline=str(baseline), top=float(smaller))
    return (float(larger) - float(baseline)) / (float(smaller) - float(baseline))


def save_chart(chart: Chart, path: str | Path, *, dpi: int = 150) -> Path:
    """Save ``chart`` as PNG, SVG or PDF, chosen by the file's extension; returns the path written.

    Why not ``figure.savefig``: the saved file keeps the alt text (PNG/PDF metadata, SVG ``<title>`` and
    ``<desc>``), so the description travels with the image into reports and slides.

    Raises
    ------
    CivicKitError
        Not a :class:`Chart`, an unsupported extension, or the file cannot be written (missing folder,
        no permission).
    """
    if not isinstance(chart, Chart):
        raise CivicKitError.of("chart-not-a-chart", kind=type(chart).__name__)
    target = Path(path)
    suffix = target.suffix.lower().lstrip(".")
    if suffix not in _SAVE_FORMATS:
        raise CivicKitError.of("chart-bad-format", suffix=target.suffix or "-", formats=", ".join(_SAVE_FORMATS))
    try:
        if suffix == "svg":
            target.write_text(chart.to_svg(), encoding="utf-8")
        elif suffix == "png":
            target.write_bytes(chart.to_png(dpi=dpi))
        else:
            chart.figure.savefig(
                target,
                format="pdf",
                metadata={"Title": chart.title, "Subject": chart.alt, "Keywords": chart.source, "CreationDate": None},
            )
    except OSError as error:
        raise CivicKitError.of("chart-save-failed", path=str(target), reason=error.strerror or str(error)) from None
    return target


# --- input checks ---------------------------------------------------------------------------------------


def _check_words(*, alt: Any, source: Any, unit: Any, lang: str | None) -> str:
    """Refuse a chart without alt text, source or unit; return the language to draw in."""
    for name, value in (("alt", alt), ("source", source), ("unit", unit)):
        if not isinstance(value, str) or not value.strip():
            raise CivicKitError.of(f"chart-missing-{name}")
    return normalize_language(lang) if lang else get_language()


def _points(data: Any, x: str | None, y: str | None, *, keep_x_type: bool = False) -> tuple[list[Any], list[float]]:
    """Labels and finite float values from a DataFrame, Series or mapping, with translated errors."""
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        # Without x, the index gives the labels (a table indexed by year or by district).
        for role, column in (("x", x), ("y", y)):
            if (column is None and role == "y") or (column is not None and column not in data.columns):
                raise CivicKitError.of(
                    "chart-missing-column",
                    column=str(column) if column is not None else role,
                    columns=", ".join(map(str, data.columns)),
                )
        raw_labels = data.index.tolist() if x is None else data[x].tolist()
        raw_values = data[y]
        column_name = str(y)
    elif isinstance(data, pd.Series):
        raw_labels = data.index.tolist()
        raw_values = data
        column_name = str(data.name) if data.name is not None else "y"
    elif isinstance(data, Mapping):
        raw_labels = list(data.keys())
        raw_values = pd.Series(list(data.values()), dtype="object")
        column_name = "y"
    else:
        raise CivicKitError.of("chart-bad-data", kind=type(data).__name__)
    if len(raw_labels) == 0:
        raise CivicKitError.of("chart-no-data")
    numbers = pd.to_numeric(pd.Series(list(raw_values), dtype="object"), errors="coerce")
    bad = [v for v, n in zip(list(raw_values), numbers, strict=True) if pd.isna(n) and not _is_missing(v)]
    if bad or isinstance(raw_values.dtype, pd.BooleanDtype) or raw_values.dtype == bool:
        raise CivicKitError.of("chart-not-numeric", column=column_name)
    values = numbers.astype(float).tolist()
    missing = sum(1 for v in values if not math.isfinite(v))
    if missing:
        raise CivicKitError.of("chart-missing-values", column=column_name, count=missing)
    labels = list(raw_labels) if keep_x_type else [str(label) for label in raw_labels]
    return labels, values


def _is_missing(value: Any) -> bool:
    try:
        return value is None or bool(value != value)
    except (TypeError, ValueError):
        return False


def _is_number(value: Any) -> bool:
    import numbers

    return isinstance(value, numbers.Real) and not isinstance(value, bool)


# --- drawing ---------------------------------------------------------------------------------------------


def _new_figure(count: int, horizontal: bool) -> tuple[Figure, Axes]:
    from matplotlib.figure import Figure

    height = max(3.2, min(9.0, 1.6 + 0.42 * count)) if horizontal else 4.4
    figure = Figure(figsize=(8.0, height), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure, axes


def _decimals(values: Sequence[float], decimals: int | None, percent: bool) -> int:
    if decimals is not None:
        if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 6:
            raise CivicKitError.of("chart-bad-decimals", decimals=str(decimals))
        return decimals
    if percent:
        return 1
    return 0 if all(float(v).is_integer() for v in values) or max(abs(v) for v in values) >= 1000 else 1


def _value_text(value: float, lang: str, decimals: int, percent: bool) -> str:
    if percent:
        return format_number(value * 100, lang, f",.{decimals}f") + "%"
    return format_number(value, lang, f",.{decimals}f")


def _number_formatter(lang: str, decimals: int, percent: bool) -> Any:
    from matplotlib.ticker import FuncFormatter

    def tick(value: float, _position: int) -> str:
        # Ticks are round numbers: print them without decimals unless the step really needs them.
        shown = value * 100 if percent else value
        whole = abs(shown - round(shown)) < 1e-9 * max(1.0, abs(shown))
        places = 0 if whole or abs(shown) >= 100 else decimals
        return _value_text(round(shown) / 100 if percent and whole else value, lang, places, percent)

    return FuncFormatter(tick)


def _zero_based_limits(axes: Axes, values: Sequence[float], *, horizontal: bool) -> None:
    """Axis limits that always include zero, with room for the printed values."""
    low, high = min(0.0, min(values)), max(0.0, max(values))
    span = (high - low) or 1.0
    pad = span * 0.14
    limits = (low - pad if low < 0 else 0.0, high + pad if high > 0 else 0.0)
    if limits[0] == limits[1]:
        limits = (0.0, 1.0)
    if horizontal:
        axes.set_xlim(*limits)
        axes.axvline(0, color="#333333", linewidth=1)
    else:
        axes.set_ylim(*limits)
        axes.axhline(0, color="#333333", linewidth=1)


def _label_bars(
    axes: Axes,
    positions: Sequence[float],
    values: Sequence[float],
    lang: str,
    decimals: int,
    percent: bool,
    horizontal: bool,
) -> None:
    for position, value in zip(positions, values, strict=True):
        text = " " + _value_text(value, lang, decimals, percent) + " "
        if horizontal:
            axes.text(value, position, text, va="center", ha="left" if value >= 0 else "right", fontsize=9)
        else:
            axes.text(position, value, text, ha="center", va="bottom" if value >= 0 else "top", fontsize=9)


#: Characters per line before wrapping, for an 8-inch figure: title (12 pt bold), notes (8 pt).
_TITLE_WIDTH = 80
_NOTE_WIDTH = 140


def _finish(figure: Figure, axes: Axes, *, title: str, source: str, unit: str, lang: str) -> None:
    """Title on top, source and unit printed at the bottom of every chart, wrapped so nothing is cut off.

    The title and the source line are figure-level texts (``suptitle``/``supxlabel``): they take part in
    the constrained layout and start at the figure's left edge, so long category labels never push them
    out of the image.
    """
    if title:
        wrapped = textwrap.fill(str(title), _TITLE_WIDTH)
        figure.suptitle(wrapped, x=0.01, ha="left", fontsize=12, fontweight="bold")
    line = t("charts.source-line", lang, source=source.strip(), unit=unit.strip())
    figure.supxlabel(textwrap.fill(line, _NOTE_WIDTH), x=0.01, ha="left", fontsize=8, color="#444444")


def _warn(axes: Axes, text: str) -> None:
    """A red warning right above the plot (cut axis, deliberately misleading example)."""
    axes.set_title(
        textwrap.fill(text, _TITLE_WIDTH),
        loc="left",
        fontsize=10,
        fontweight="bold",
        color="white",
        bbox={"boxstyle": "round,pad=0.3", "facecolor": WARNING_COLOR, "edgecolor": WARNING_COLOR},
    )


def _round_down(value: float) -> float:
    """Round down to two significant digits (a 'nice' cut point such as 8.400 for 8.471)."""
    if value <= 0:
        return 0.0
    magnitude = 10 ** (math.floor(math.log10(value)) - 1)
    return math.floor(value / magnitude) * magnitude


def _label_svg(svg: str, title: str, alt: str) -> str:
    """Give the SVG root ``role="img"`` plus ``<title>`` and ``<desc>`` children (WCAG technique ARIA24/SVG)."""
    match = re.search(r"<svg\b[^>]*>", svg)
    if match is None:  # pragma: no cover - matplotlib always writes an <svg> root
        return svg
    opening = match.group(0)
    labelled = opening[:-1] + ' role="img" aria-labelledby="ck-chart-title ck-chart-desc">'
    inserted = (
        f'<title id="ck-chart-title">{html.escape(title or alt)}</title>'
        f'<desc id="ck-chart-desc">{html.escape(alt)}</desc>'
    )
    return svg[: match.start()] + labelled + inserted + svg[match.end() :]

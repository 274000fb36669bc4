"""civic_kit.charts: honest by construction (alt, source, unit required; bars from zero) and never a traceback."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from civic_kit import charts
from civic_kit.charts import Chart, bar_chart, chart_html, line_chart, misleading_example, save_chart, visual_ratio
from civic_kit.i18n import LANGUAGES, t
from civic_kit.problems import CivicKitError

WORDS = {"title": "Execução", "alt": "Saúde executou 92%.", "source": "Prefeitura de Vale Verde", "unit": "%"}
TABLE = pd.DataFrame({"funcao": ["Saúde", "Cultura", "Educação"], "taxa": [0.92, 0.41, 0.88]})
YEARS = pd.DataFrame({"ano": [2021, 2022, 2023], "nominal": [100.0, 110.0, 125.0], "real": [100.0, 104.0, 108.0]})


def _codes(call):
    with pytest.raises(CivicKitError) as info:
        call()
    return info.value.issue.code


@pytest.mark.parametrize("function", [bar_chart, line_chart, misleading_example], ids=lambda f: f.__name__)
@pytest.mark.parametrize("missing", ["alt", "source", "unit"])
@pytest.mark.parametrize("value", ["", "   ", None], ids=["empty", "blank", "none"])
def test_alt_source_and_unit_are_required(function, missing, value):
    words = dict(WORDS, **{missing: value})
    assert _codes(lambda: function(TABLE, "funcao", "taxa", **words)) == f"chart-missing-{missing}"


def test_every_drawing_function_takes_alt_and_source_so_the_lesson_checker_sees_them():
    import inspect

    drawing = [name for name in charts.__all__ if "alt" in inspect.signature(getattr(charts, name)).parameters]
    assert sorted(drawing) == ["Chart", "bar_chart", "line_chart", "misleading_example"]
    for name in drawing:
        parameters = inspect.signature(getattr(charts, name)).parameters
        for required in ("alt", "source", "unit"):
            assert parameters[required].default is inspect.Parameter.empty


@pytest.mark.parametrize("horizontal", [True, False], ids=["horizontal", "vertical"])
def test_bars_start_at_zero_even_when_values_are_close(horizontal):
    close = {"A": 9120.0, "B": 8950.0, "C": 8471.0}
    chart = bar_chart(close, **WORDS, horizontal=horizontal, lang="en")
    axes = chart.figure.axes[0]
    low, high = axes.get_xlim() if horizontal else axes.get_ylim()
    assert low == 0.0
    assert high > 9120.0


def test_negative_bars_keep_zero_inside_the_axis():
    chart = bar_chart({"saldo A": -50.0, "saldo B": 120.0}, **WORDS, lang="pt-BR")
    low, high = chart.figure.axes[0].get_xlim()
    assert low < -50.0 and high > 120.0


def test_bars_are_sorted_largest_first_from_the_top():
    chart = bar_chart(TABLE, "funcao", "taxa", **WORDS, percent=True, lang="pt-BR")
    axes = chart.figure.axes[0]
    by_height = sorted(zip(axes.get_yticks(), axes.get_yticklabels(), strict=True), key=lambda pair: -pair[0])
    assert [label.get_text() for _, label in by_height] == ["Saúde", "Educação", "Cultura"]
    texts = sorted(text.get_text().strip() for text in chart.figure.axes[0].texts)
    assert texts == ["41,0%", "88,0%", "92,0%"]


def test_source_and_unit_are_printed_on_the_figure_in_the_language():
    chart = bar_chart(TABLE, "funcao", "taxa", **WORDS, lang="es")
    printed = chart.figure.get_supxlabel()
    assert printed == "Fuente: Prefeitura de Vale Verde · Unidad: %"


def test_long_titles_and_sources_are_wrapped_not_cut_off():
    words = dict(
        WORDS,
        title="Participação no Orçamento Participativo 2024, por 1.000 habitantes, bairro a bairro",
        source="Prefeitura de Vale Verde, " * 8,
    )
    chart = bar_chart(TABLE, "funcao", "taxa", **words, lang="pt-BR")
    assert "\n" in chart.figure.get_suptitle()
    assert "\n" in chart.figure.get_supxlabel()
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(chart.figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    width = chart.figure.bbox.width
    for text in (chart.figure._suptitle, chart.figure._supxlabel):
        box = text.get_window_extent(renderer)
        assert box.x0 >= 0 and box.x1 <= width


def test_series_and_mapping_inputs_give_the_same_bars():
    series = pd.Series([3.0, 5.0], index=["Norte", "Sul"], name="postos")
    a = bar_chart(series, **WORDS, lang="en", sort=False)
    b = bar_chart({"Norte": 3, "Sul": 5}, **WORDS, lang="en", sort=False)
    heights = [[p.get_width() for p in chart.figure.axes[0].patches] for chart in (a, b)]
    assert heights[0] == heights[1] == [3.0, 5.0]


def test_highlighted_bars_use_the_accent_colour():
    from matplotlib.colors import to_hex

    chart = bar_chart(TABLE, "funcao", "taxa", **WORDS, highlight=["Cultura"], sort=False, lang="en")
    colours = [to_hex(patch.get_facecolor()) for patch in chart.figure.axes[0].patches]
    assert colours == [charts.BAR_COLOR, charts.HIGHLIGHT_COLOR, charts.BAR_COLOR]


BAD_INPUTS = [
    ("unknown-column", lambda: bar_chart(TABLE, "funcao", "valor", **WORDS), "chart-missing-column"),
    ("no-y", lambda: bar_chart(TABLE, "funcao", None, **WORDS), "chart-missing-column"),
    ("empty-table", lambda: bar_chart(TABLE.iloc[0:0], "funcao", "taxa", **WORDS), "chart-no-data"),
    ("empty-dict", lambda: bar_chart({}, **WORDS), "chart-no-data"),
    ("text-values", lambda: bar_chart({"a": "1.234,5", "b": 2}, **WORDS), "chart-not-numeric"),
    ("bool-values", lambda: bar_chart(pd.Series([True, False], index=["a", "b"]), **WORDS), "chart-not-numeric"),
    ("nan-value", lambda: bar_chart({"a": float("nan"), "b": 2.0}, **WORDS), "chart-missing-values"),
    ("none-value", lambda: bar_chart({"a": None, "b": 2.0}, **WORDS), "chart-missing-values"),
    ("inf-value", lambda: bar_chart({"a": math.inf, "b": 2.0}, **WORDS), "chart-missing-values"),
    ("list-data", lambda: bar_chart([1, 2, 3], **WORDS), "chart-bad-data"),
    ("bad-decimals", lambda: bar_chart({"a": 1.0}, **WORDS, decimals=-1), "chart-bad-decimals"),
    ("line-no-columns", lambda: line_chart(YEARS, "ano", [], **WORDS), "chart-missing-column"),
    ("line-unknown", lambda: line_chart(YEARS, "ano", ["real", "x"], **WORDS), "chart-missing-column"),
    ("baseline-too-high", lambda: misleading_example({"a": 5.0, "b": 9.0}, **WORDS, baseline=9), "chart-bad-baseline"),
    ("baseline-text", lambda: misleading_example({"a": 5.0}, **WORDS, baseline="4"), "chart-bad-baseline"),
    (
        "misleading-negative",
        lambda: misleading_example({"a": -5.0, "b": 9.0}, **WORDS),
        "chart-misleading-needs-positive",
    ),
    ("html-of-figure", lambda: chart_html("not a chart"), "chart-not-a-chart"),
    ("ratio-below-baseline", lambda: visual_ratio(10, 4, baseline=5), "chart-bad-baseline"),
    ("ratio-nan", lambda: visual_ratio(float("nan"), 4), "chart-not-numeric"),
]


@pytest.mark.parametrize(("call", "code"), [(c, code) for _, c, code in BAD_INPUTS], ids=[i for i, _, _ in BAD_INPUTS])
def test_bad_input_raises_a_translated_error(call, code):
    with pytest.raises(CivicKitError) as info:
        call()
    assert info.value.issue.code == code
    for lang in LANGUAGES:
        message = info.value.message(lang)
        assert message and not re.search(r"\{[a-z_]+\}", message)


def test_mistakes_are_explained_with_the_column_names_available():
    with pytest.raises(CivicKitError) as info:
        bar_chart(TABLE, "funcao", "valor", **WORDS)
    assert "funcao, taxa" in info.value.message("en")
    assert "valor" in info.value.message("pt-BR")


def test_line_chart_includes_zero_by_default_and_warns_when_it_does_not():
    honest = line_chart(YEARS, "ano", ["nominal", "real"], **WORDS, labels={"real": "Real"}, lang="en")
    assert honest.figure.axes[0].get_ylim()[0] == 0.0
    assert honest.figure.axes[0].get_title(loc="left") == ""
    assert honest.figure.get_suptitle() == "Execução"
    assert [text.get_text() for text in honest.figure.axes[0].get_legend().get_texts()] == ["nominal", "Real"]
    zoomed = line_chart(YEARS, "ano", "real", **WORDS, zero_baseline=False, lang="pt-BR")
    assert zoomed.figure.axes[0].get_ylim()[0] > 0
    assert zoomed.figure.axes[0].get_title(loc="left") == t("charts.axis-not-zero", "pt-BR")


def test_years_on_the_x_axis_have_no_thousands_separator():
    chart = line_chart(YEARS, "ano", "nominal", **WORDS, lang="pt-BR")
    chart.figure.canvas.draw()
    labels = [tick.get_text() for tick in chart.figure.axes[0].get_xticklabels() if tick.get_text()]
    assert "2022" in labels and not any("." in label for label in labels)


def test_without_x_a_table_index_gives_the_labels():
    yearly = YEARS.set_index("ano")
    chart = line_chart(yearly, y=["nominal", "real"], **WORDS, lang="en")
    assert list(chart.figure.axes[0].lines[0].get_xdata()) == [2021.0, 2022.0, 2023.0]
    bars = bar_chart(TABLE.set_index("funcao"), y="taxa", **WORDS, sort=False, lang="en")
    assert sorted(label.get_text() for label in bars.figure.axes[0].get_yticklabels()) == sorted(TABLE["funcao"])


def test_line_chart_with_text_x_values_uses_categories():
    months = pd.DataFrame({"mes": ["jan", "fev", "mar"], "v": [1.0, 2.0, 3.0]})
    chart = line_chart(months, "mes", "v", **WORDS, lang="pt-BR")
    assert [tick.get_text() for tick in chart.figure.axes[0].get_xticklabels()] == ["jan", "fev", "mar"]


def test_misleading_example_is_stamped_and_cut():
    chart = misleading_example({"Norte": 8471.0, "Sul": 9120.0}, **WORDS, lang="pt-BR")
    assert chart.misleading
    assert chart.figure.axes[0].get_ylim()[0] == 7600.0
    assert chart.figure.axes[0].get_title(loc="left") == "EXEMPLO ENGANOSO: o eixo começa em 7.600, não em zero"
    assert repr(chart).startswith("[Exemplo enganoso")
    assert "ck-chart-misleading" in chart.html()


def test_misleading_exercise_keeps_the_banner_but_not_the_answer():
    chart = misleading_example({"Norte": 24.0, "Sul": 21.65}, **WORDS, baseline=21, reveal=False, lang="es")
    assert chart.misleading
    banner = chart.figure.axes[0].get_title(loc="left")
    assert banner == t("charts.misleading-banner-exercise", "es")
    assert "21" not in banner
    assert chart.figure.axes[0].get_ylim()[0] == 21.0


def test_visual_ratio_shows_how_a_cut_axis_exaggerates():
    assert visual_ratio(105, 100) == pytest.approx(1.05)
    assert visual_ratio(105, 100, baseline=95) == pytest.approx(2.0)


def test_html_is_an_image_with_escaped_alt_text():
    words = dict(WORDS, alt='Saúde "92%" <maior>', title="A & B")
    chart = bar_chart(TABLE, "funcao", "taxa", **words, lang="pt-BR")
    markup = chart._repr_html_()
    assert markup.startswith('<figure class="ck-chart" lang="pt-BR"')
    assert 'alt="Saúde &quot;92%&quot; &lt;maior&gt;"' in markup
    assert "data:image/png;base64," in markup
    assert "<figcaption>A &amp; B — Fonte: Prefeitura de Vale Verde · Unidade: %</figcaption>" in markup


def test_repr_reads_the_chart_aloud():
    chart = bar_chart(TABLE, "funcao", "taxa", **WORDS, lang="en")
    assert repr(chart) == "Execução\nSaúde executou 92%.\nSource: Prefeitura de Vale Verde · Unit: %"


def test_default_language_is_the_current_one():
    from civic_kit.i18n import set_language

    previous = set_language("es")
    try:
        assert bar_chart(TABLE, "funcao", "taxa", **WORDS).lang == "es"
    finally:
        set_language(previous)


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf", "PNG"])
def test_save_keeps_the_description_with_the_file(tmp_path, suffix):
    chart = bar_chart(TABLE, "funcao", "taxa", **WORDS, lang="en")
    path = save_chart(chart, tmp_path / f"chart.{suffix}")
    data = path.read_bytes()
    assert data
    if suffix.lower() == "svg":
        text = data.decode("utf-8")
        assert 'role="img"' in text
        assert '<title id="ck-chart-title">Execução</title>' in text
        assert '<desc id="ck-chart-desc">Saúde executou 92%.</desc>' in text
    if suffix.lower() == "png":
        assert data.startswith(b"\x89PNG") and b"Description" in data


def test_svg_is_deterministic():
    a = bar_chart(TABLE, "funcao", "taxa", **WORDS, lang="en").to_svg()
    b = bar_chart(TABLE, "funcao", "taxa", **WORDS, lang="en").to_svg()
    assert a == b


@pytest.mark.parametrize(
    ("name", "code"),
    [("chart.jpg", "chart-bad-format"), ("chart", "chart-bad-format"), ("missing/dir/chart.png", "chart-save-failed")],
    ids=["jpg", "no-suffix", "missing-folder"],
)
def test_save_refuses_what_it_cannot_write(tmp_path, name, code):
    chart = bar_chart(TABLE, "funcao", "taxa", **WORDS, lang="en")
    assert _codes(lambda: save_chart(chart, tmp_path / name)) == code


def test_save_refuses_a_bare_figure(tmp_path):
    chart = bar_chart(TABLE, "funcao", "taxa", **WORDS, lang="en")
    assert _codes(lambda: save_chart(chart.figure, tmp_path / "x.png")) == "chart-not-a-chart"


def test_result_is_a_chart_without_pyplot_state():
    import sys

    chart = bar_chart(TABLE, "funcao", "taxa", **WORDS, lang="en")
    assert isinstance(chart, Chart)
    assert "matplotlib.pyplot" not in sys.modules

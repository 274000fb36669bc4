"""From a dataset to a story: who gets a city's contracts, purchases split to dodge a tender, a page to publish.

Two questions recur in local accountability journalism and both can be asked of a contracts table:

- **Is the money concentrated?** :func:`supplier_concentration` gives, per agency, the leading supplier's
  share and the Herfindahl-Hirschman index (HHI: the sum of squared market shares in percent, from near 0
  when spending is spread over many suppliers to 10,000 when one supplier gets everything).
  :func:`supplier_shares` lists each supplier's share in one table, ready for a chart.
- **Were purchases split?** Brazil's procurement law lets agencies buy without a tender (*dispensa*) below
  a value (Lei 14.133/2021, art. 75 II). Several direct awards to the same supplier by the same agency
  within a few weeks, each just under that value, are a classic sign of a purchase split to avoid the
  tender. :func:`split_purchase_candidates` finds them. A candidate is a question to ask, not proof.

:func:`story_html` / :func:`export_story_html` then write the finding as one self-contained HTML page
(text, an accessible chart, a table, optionally an offline map) that opens with no network and escapes
everything it is given.

Money is summed in integer cents, so totals match the portal to the cent.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from civic_kit.i18n import get_language, normalize_language, t
from civic_kit.i18n.numbers import format_date, format_number
from civic_kit.problems import CivicKitError

if TYPE_CHECKING:
    import pandas as pd

    from civic_kit.charts import Chart

__all__ = [
    "MAX_TABLE_ROWS",
    "export_story_html",
    "split_purchase_candidates",
    "story_html",
    "supplier_concentration",
    "supplier_shares",
]

#: Most table rows a story page shows: a story table is read, not scrolled.
MAX_TABLE_ROWS = 50

_REMOTE = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE)


def _require(df: Any, columns: Sequence[str]) -> None:
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise CivicKitError.of("journalism-not-a-table", kind=type(df).__name__)
    missing = [str(c) for c in columns if c not in df.columns]
    if missing:
        raise CivicKitError.of("journalism-missing-columns", columns=", ".join(missing))


def _cents(df: pd.DataFrame, value: str) -> pd.Series:
    """Values in integer cents; refuses text, missing and negative values instead of guessing."""
    import pandas as pd

    column = df[value]
    if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        raise CivicKitError.of("journalism-not-numbers", column=value)
    missing = column.isna()
    if missing.any():
        rows = ", ".join(str(i + 1) for i in list(missing.to_numpy().nonzero()[0][:5]))
        raise CivicKitError.of("journalism-missing-values", column=value, rows=rows, count=int(missing.sum()))
    negative = column < 0
    if negative.any():
        rows = ", ".join(str(i + 1) for i in list(negative.to_numpy().nonzero()[0][:5]))
        raise CivicKitError.of("journalism-negative-values", column=value, rows=rows)
    return (column.astype("float64") * 100).round().astype("int64")


def _keys(df: pd.DataFrame, column: str) -> pd.Series:
    """A grouping column as trimmed text; missing keys are refused (they would form a fake supplier)."""
    text = df[column].astype("string").str.strip()
    empty = text.isna() | (text == "")
    if empty.any():
        rows = ", ".join(str(i + 1) for i in list(empty.to_numpy().nonzero()[0][:5]))
        raise CivicKitError.of("journalism-missing-values", column=column, rows=rows, count=int(empty.sum()))
    return text


def supplier_shares(
    df: pd.DataFrame,
    *,
    supplier: str = "supplier",
    value: str = "value_brl",
    top: int | None = None,
) -> pd.DataFrame:
    """Each supplier's total and share of the value in ``df`` (filter the agency first), largest first.

    Parameters
    ----------
    df
        Contracts, e.g. ``contracts[contracts["orgao"] == "Secretaria Municipal de Saúde"]``.
    supplier, value
        Column names of the supplier (name or CNPJ) and of the contract value in reais.
    top
        Keep only the ``top`` largest suppliers (the shares still refer to the whole table).

    Returns
    -------
    pandas.DataFrame
        ``supplier``, ``contracts``, ``total_brl``, ``share`` (0-1), largest first, ties by name.

    Raises
    ------
    CivicKitError
        ``journalism-not-a-table``, ``journalism-missing-columns``, ``journalism-not-numbers``,
        ``journalism-missing-values``, ``journalism-negative-values``, ``journalism-empty``.
    """
    import pandas as pd

    _require(df, [supplier, value])
    if df.empty:
        raise CivicKitError.of("journalism-empty")
    frame = pd.DataFrame({"supplier": _keys(df, supplier), "cents": _cents(df, value)})
    grouped = frame.groupby("supplier", sort=True).agg(contracts=("cents", "size"), cents=("cents", "sum"))
    total = int(grouped["cents"].sum())
    grouped = grouped.reset_index().sort_values(["cents", "supplier"], ascending=[False, True], kind="mergesort")
    grouped["total_brl"] = grouped["cents"] / 100
    grouped["share"] = grouped["cents"] / total if total else 0.0
    result = grouped[["supplier", "contracts", "total_brl", "share"]].reset_index(drop=True)
    if top is not None:
        if isinstance(top, bool) or not isinstance(top, int) or top < 1:
            raise CivicKitError.of("journalism-bad-parameter", name="top", value=repr(top))
        result = result.head(top)
    return result


def supplier_concentration(
    df: pd.DataFrame,
    by: str | None = "orgao",
    *,
    supplier: str = "supplier",
    value: str = "value_brl",
) -> pd.DataFrame:
    """How concentrated each agency's contracting is: leading supplier, its share, and the HHI.

    Why two measures: the leading share is easy to say in a headline ("one supplier got 60% of the
    health department's contracts"); the HHI also sees an agency split between two or three suppliers.
    HHI = sum of (share in %)², from near 0 (many small suppliers) to 10,000 (a single one).
    Competition authorities use HHI bands to call a market concentrated; their thresholds differ and
    change (the US agencies' 2023 guidelines use 1,000 and 1,800) **[unverified]**: compare agencies with
    each other rather than quoting a threshold.

    Parameters
    ----------
    df
        One row per contract.
    by
        Column to group by (``orgao``), or ``None`` for the whole table as one group.
    supplier, value
        Column names of the supplier and of the contract value in reais.

    Returns
    -------
    pandas.DataFrame
        ``<by>`` (unless ``by`` is None), ``contracts``, ``total_brl``, ``suppliers``, ``top_supplier``,
        ``top_share`` (0-1), ``hhi`` (0-10,000); the most concentrated (highest HHI) first.

    Raises
    ------
    CivicKitError
        As :func:`supplier_shares`.
    """
    import pandas as pd

    columns = [supplier, value] + ([by] if by is not None else [])
    _require(df, columns)
    if df.empty:
        raise CivicKitError.of("journalism-empty")
    frame = pd.DataFrame(
        {
            "group": _keys(df, by) if by is not None else "",
            "supplier": _keys(df, supplier),
            "cents": _cents(df, value),
        }
    )
    pairs = frame.groupby(["group", "supplier"], sort=True)["cents"].sum().reset_index()
    totals = pairs.groupby("group", sort=True)["cents"].sum()
    pairs["share"] = pairs["cents"] / pairs["group"].map(totals).where(lambda s: s > 0)
    pairs = pairs.sort_values(["group", "cents", "supplier"], ascending=[True, False, True], kind="mergesort")
    leaders = pairs.groupby("group", sort=True).head(1).set_index("group")
    result = pd.DataFrame(
        {
            "contracts": frame.groupby("group", sort=True).size(),
            "total_brl": totals / 100,
            "suppliers": pairs.groupby("group", sort=True).size(),
            "top_supplier": leaders["supplier"],
            "top_share": leaders["share"].fillna(0.0),
            "hhi": pairs.assign(sq=(pairs["share"].fillna(0.0) * 100) ** 2).groupby("group", sort=True)["sq"].sum(),
        }
    )
    result = result.reset_index().sort_values(["hhi", "group"], ascending=[False, True], kind="mergesort")
    result = result.reset_index(drop=True)
    if by is None:
        return result.drop(columns="group")
    return result.rename(columns={"group": by})


def split_purchase_candidates(
    df: pd.DataFrame,
    threshold: float,
    window_days: int = 30,
    min_count: int = 3,
    *,
    margin: float = 0.2,
    modality: str | None = "dispensa",
    orgao: str = "orgao",
    supplier: str = "supplier",
    value: str = "value_brl",
    date: str = "signed_date",
    contract_id: str = "contract_id",
    modality_column: str = "modality",
) -> pd.DataFrame:
    """Groups of direct awards that look like one purchase split to stay under the no-tender limit.

    A candidate is at least ``min_count`` contracts of the given ``modality`` from the same agency to
    the same supplier, each below ``threshold`` but within ``margin`` of it ("just under"), signed within
    ``window_days`` of each other. Overlapping windows are merged, so a run of five purchases over five
    weeks is one candidate (its ``span_days`` tells). Brazil's limit for goods and services is Lei
    14.133/2021 art. 75 II, updated every 1 January by federal decree (R$ 57.208,33 from 1 Jan 2023
    **[secondary]**); pass the value in force when the contracts were signed.

    Parameters
    ----------
    df
        One row per contract.
    threshold
        The no-tender limit in reais.
    window_days
        Longest gap, in days, between the first and the last purchase of one window.
    min_count
        Fewest purchases that make a candidate (at least 2).
    margin
        How far below the threshold still counts as "just under", as a fraction (0.2 = 20%).
    modality
        Only contracts whose ``modality_column`` equals this (``None``: all contracts).
    orgao, supplier, value, date, contract_id, modality_column
        Column names, defaults as in ``load("contracts")``.

    Returns
    -------
    pandas.DataFrame
        One row per candidate, earliest first: ``cluster`` (1, 2, ...), ``<orgao>``, ``<supplier>``,
        ``contracts``, ``first_signed``, ``last_signed``, ``span_days``, ``total_brl``, ``largest_brl``,
        ``over_threshold`` (the sum exceeds the limit: one purchase would have needed a tender) and
        ``contract_ids`` (comma-separated, to look each one up).

    Raises
    ------
    CivicKitError
        ``journalism-bad-parameter`` for a threshold, window, count or margin out of range, and the
        column errors of :func:`supplier_shares` (including missing dates: ``journalism-missing-values``).
    """
    import numpy as np
    import pandas as pd

    limit = _number(threshold, "threshold", low=0.0, strict=True)
    window = _whole(window_days, "window_days", low=0)
    fewest = _whole(min_count, "min_count", low=2)
    slack = _number(margin, "margin", low=0.0, high=1.0)
    needed = [orgao, supplier, value, date, contract_id] + ([modality_column] if modality is not None else [])
    _require(df, needed)
    columns = [orgao, supplier, "contracts", "first_signed", "last_signed", "span_days", "total_brl", "largest_brl"]
    empty = pd.DataFrame(columns=["cluster", *columns, "over_threshold", "contract_ids"])
    frame = df
    if modality is not None:
        frame = frame[frame[modality_column].astype("string").str.strip() == modality]
    if frame.empty:
        return empty
    cents = _cents(frame, value)
    low, high = round(limit * (1 - slack) * 100), round(limit * 100)
    frame = frame[(cents >= low) & (cents < high)]
    if frame.empty:
        return empty
    signed = pd.to_datetime(frame[date], errors="coerce")
    if signed.isna().any():
        rows = ", ".join(str(v) for v in frame.loc[signed.isna(), contract_id].astype("string").head(5))
        raise CivicKitError.of("journalism-missing-values", column=date, rows=rows, count=int(signed.isna().sum()))
    work = pd.DataFrame(
        {
            "orgao": _keys(frame, orgao),
            "supplier": _keys(frame, supplier),
            "cents": _cents(frame, value),
            "signed": signed.dt.normalize(),
            "id": frame[contract_id].astype("string"),
        }
    ).sort_values(["orgao", "supplier", "signed", "id"], kind="mergesort")
    found = []
    for (agency, seller), group in work.groupby(["orgao", "supplier"], sort=True):
        days = group["signed"].to_numpy(dtype="datetime64[D]").astype("int64")
        ends = np.searchsorted(days, days + window, side="right") - 1
        start = -1
        stop = -1
        for first, last in enumerate(ends):
            if last - first + 1 < fewest:
                continue
            if start >= 0 and first <= stop:
                stop = max(stop, int(last))
                continue
            if start >= 0:
                found.append((agency, seller, group.iloc[start : stop + 1]))
            start, stop = first, int(last)
        if start >= 0:
            found.append((agency, seller, group.iloc[start : stop + 1]))
    if not found:
        return empty
    rows = []
    for agency, seller, members in found:
        total = int(members["cents"].sum())
        rows.append(
            (
                agency,
                seller,
                len(members),
                members["signed"].min(),
                members["signed"].max(),
                int((members["signed"].max() - members["signed"].min()).days),
                total / 100,
                int(members["cents"].max()) / 100,
                total > high,
                ", ".join(members["id"].tolist()),
            )
        )
    result = pd.DataFrame(rows, columns=[*columns, "over_threshold", "contract_ids"])
    result = result.sort_values(["first_signed", orgao, supplier], kind="mergesort").reset_index(drop=True)
    result.insert(0, "cluster", range(1, len(result) + 1))
    return result


def _number(value: Any, name: str, *, low: float, high: float | None = None, strict: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise CivicKitError.of("journalism-bad-parameter", name=name, value=repr(value))
    number = float(value)
    if number < low or (strict and number == low) or (high is not None and number >= high):
        raise CivicKitError.of("journalism-bad-parameter", name=name, value=repr(value))
    return number


def _whole(value: Any, name: str, *, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise CivicKitError.of("journalism-bad-parameter", name=name, value=repr(value))
    return value


# --------------------------------------------------------------------------------------------------
# A publishable page
# --------------------------------------------------------------------------------------------------

_TEMPLATE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="civic-kit">
<title>{{ title }}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;max-width:46rem;margin:2rem auto;
padding:0 1rem;line-height:1.55;color:#1a1a1a;background:#fff}
h1{font-size:1.8rem;line-height:1.2;margin-bottom:.3rem}
.byline{color:#555;margin-top:0}
figure{margin:1.5rem 0}
figure img{max-width:100%;height:auto;display:block}
figcaption{font-size:.9rem;color:#444;margin-top:.4rem}
table{border-collapse:collapse;width:100%;font-size:.95rem}
caption{text-align:left;font-weight:600;margin-bottom:.4rem}
th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
iframe{width:100%;height:28rem;border:1px solid #ccc;border-radius:4px}
.source{border-top:1px solid #ddd;margin-top:2rem;padding-top:.8rem;font-size:.9rem;color:#444}
.note{background:#fff4e5;border-left:4px solid #b35c00;padding:.5rem .8rem}
</style>
</head>
<body>
<main>
<article>
<h1>{{ title }}</h1>
{% if byline or published %}<p class="byline">{{ byline }}
{%- if byline and published %} · {% endif %}{{ published }}</p>{% endif %}
{% for paragraph in paragraphs %}<p>{{ paragraph }}</p>
{% endfor %}
{% if chart %}<figure>
<img src="data:image/png;base64,{{ chart.data }}" alt="{{ chart.alt }}">
<figcaption>{% if chart.title %}{{ chart.title }} — {% endif %}{{ chart.source_line }}</figcaption>
</figure>{% endif %}
{% if table %}<table>
{% if table.caption %}<caption>{{ table.caption }}</caption>{% endif %}
<thead><tr>{% for name in table.headers %}<th scope="col">{{ name }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in table.rows %}<tr>{% for cell, numeric in row -%}
<td{% if numeric %} class="num"{% endif %}>{{ cell }}</td>{% endfor %}</tr>
{% endfor %}</tbody>
</table>
{% if table.more %}<p class="note">{{ table.more }}</p>{% endif %}{% endif %}
{% if map %}<figure>
<iframe title="{{ map.title }}" srcdoc="{{ map.document }}" sandbox="allow-scripts"></iframe>
<figcaption>{{ map.title }}</figcaption>
</figure>{% endif %}
<p class="source">{{ source_line }}</p>
</article>
</main>
</body>
</html>
"""


def story_html(
    *,
    title: str,
    paragraphs: str | Sequence[str],
    source: str,
    lang: str | None = None,
    chart: Chart | None = None,
    table: pd.DataFrame | None = None,
    table_caption: str | None = None,
    map_document: str | None = None,
    map_title: str | None = None,
    byline: str | None = None,
    published: dt.date | None = None,
) -> str:
    """The story as one self-contained HTML document (see :func:`export_story_html`)."""
    import jinja2

    lang = normalize_language(lang) if lang else get_language()
    title_text = _text(title, "title")
    source_text = _text(source, "source")
    texts = [paragraphs] if isinstance(paragraphs, str) else list(paragraphs)
    body = [_text(p, "paragraphs") for p in texts]
    if not body:
        raise CivicKitError.of("journalism-empty-text", name="paragraphs")
    context: dict[str, Any] = {
        "lang": lang,
        "title": title_text,
        "paragraphs": body,
        "byline": _text(byline, "byline") if byline is not None else "",
        "published": format_date(published, lang) if published is not None else "",
        "source_line": t("journalism.story.source", lang, source=source_text),
        "chart": _chart_context(chart, lang) if chart is not None else None,
        "table": _table_context(table, table_caption, lang) if table is not None else None,
        "map": _map_context(map_document, map_title) if map_document is not None else None,
    }
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return environment.from_string(_TEMPLATE).render(context)


def export_story_html(
    path: str | Path,
    *,
    title: str,
    paragraphs: str | Sequence[str],
    source: str,
    lang: str | None = None,
    chart: Chart | None = None,
    table: pd.DataFrame | None = None,
    table_caption: str | None = None,
    map_document: str | None = None,
    map_title: str | None = None,
    byline: str | None = None,
    published: dt.date | None = None,
) -> Path:
    """Write a publishable story page: one HTML file that opens offline, anywhere, and hides nothing.

    Why one file: an editor can attach it to an e-mail, a newsroom can host it, a reader can open it on
    a phone without internet. The chart is embedded as an image with its alt text and source; a map
    (a standalone document such as ``civic_kit.ui.maps.map_html(...)``) goes into a sandboxed, titled
    frame; every text and table cell is HTML-escaped, so a supplier called ``<script>`` stays text.

    Parameters
    ----------
    path
        Where to write (``.html``); the folder must exist.
    title, paragraphs, source
        Headline, body text (one string per paragraph) and where the data comes from (required:
        a story without a source cannot be checked).
    lang
        Language of the page (``lang`` attribute, dates, the source line).
    chart
        A :class:`civic_kit.charts.Chart` (it carries its own alt text and source).
    table, table_caption
        A small DataFrame (at most :data:`MAX_TABLE_ROWS` rows are shown; a note says how many were left
        out) and its caption.
    map_document, map_title
        A standalone map document that loads nothing from the internet, and its title (required then:
        screen readers announce it).
    byline, published
        Author line and publication date, shown under the headline.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    CivicKitError
        ``journalism-empty-text``, ``journalism-bad-chart``, ``journalism-remote-asset`` (a map that would
        fetch scripts from the internet), ``journalism-bad-path``, and the table errors.
    """
    target = Path(path)
    if not target.parent.is_dir() or target.is_dir():
        raise CivicKitError.of("journalism-bad-path", path=str(target))
    document = story_html(
        title=title,
        paragraphs=paragraphs,
        source=source,
        lang=lang,
        chart=chart,
        table=table,
        table_caption=table_caption,
        map_document=map_document,
        map_title=map_title,
        byline=byline,
        published=published,
    )
    target.write_text(document, encoding="utf-8", newline="\n")
    return target


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CivicKitError.of("journalism-empty-text", name=name)
    return value.strip()


def _chart_context(chart: Any, lang: str) -> dict[str, str]:
    to_png = getattr(chart, "to_png", None)
    alt = getattr(chart, "alt", None)
    source = getattr(chart, "source", None)
    if not callable(to_png) or not isinstance(alt, str) or not alt.strip() or not isinstance(source, str):
        raise CivicKitError.of("journalism-bad-chart", kind=type(chart).__name__)
    return {
        "data": base64.b64encode(to_png()).decode("ascii"),
        "alt": alt,
        "title": str(getattr(chart, "title", "") or ""),
        "source_line": t("journalism.story.chart-source", lang, source=source, unit=str(getattr(chart, "unit", ""))),
    }


def _table_context(table: Any, caption: str | None, lang: str) -> dict[str, Any]:
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        raise CivicKitError.of("journalism-not-a-table", kind=type(table).__name__)
    shown = table.head(MAX_TABLE_ROWS)
    rows = []
    for record in shown.itertuples(index=False, name=None):
        rows.append([_cell(value, lang) for value in record])
    more = ""
    if len(table) > MAX_TABLE_ROWS:
        more = t("journalism.story.more-rows", lang, shown=MAX_TABLE_ROWS, total=len(table))
    return {
        "caption": caption.strip() if isinstance(caption, str) else "",
        "headers": [str(c) for c in table.columns],
        "rows": rows,
        "more": more,
    }


def _cell(value: Any, lang: str) -> tuple[str, bool]:
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "", False
    if isinstance(value, bool):
        return t("journalism.story.yes" if value else "journalism.story.no", lang), False
    if isinstance(value, (int, float)) or hasattr(value, "dtype"):
        try:
            return format_number(float(value), lang), True
        except (TypeError, ValueError):
            return str(value), False
    if isinstance(value, (dt.date, pd.Timestamp)):
        day = value.date() if isinstance(value, dt.datetime) else value
        return format_date(day, lang), False
    return str(value), False


def _map_context(document: Any, title: str | None) -> dict[str, str]:
    if not isinstance(document, str) or not document.strip():
        raise CivicKitError.of("journalism-empty-text", name="map_document")
    if _REMOTE.search(document):
        raise CivicKitError.of("journalism-remote-asset")
    return {"document": document, "title": _text(title, "map_title")}

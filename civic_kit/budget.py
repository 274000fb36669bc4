"""Following public money: budget stages, execution rates, per-capita values and constant prices.

A Brazilian municipal budget line goes through stages (Lei 4.320/1964; the article numbers below are
general knowledge, *to be confirmed* against the official text at planalto.gov.br):

- ``dotacao_inicial`` -- what the budget law (LOA) authorised at the start of the year;
- ``dotacao_atualizada`` -- that authorisation after supplementary or special credits and cancellations;
- ``empenhado`` -- money reserved for a specific expense and supplier (empenho, arts. 58-61);
- ``liquidado`` -- the good or service was delivered and checked (liquidação, art. 63);
- ``pago`` -- the money actually left the treasury (pagamento, arts. 62 and 64).

Each stage can only hold what the previous one allowed, so ``pago <= liquidado <= empenhado`` on every
line; :func:`check_stage_order` finds the lines where a file breaks that order (a typing error, or a
portal mixing years).

Public API
----------
- :data:`STAGES`, :func:`stage_labels` -- the five stages and their names in the reader's language.
- :func:`standardise_columns` -- rename a portal's labels (``"Empenhado (R$)"``) to the standard names.
- :func:`stage_totals`, :func:`stage_funnel` -- sums per stage (exact to the cent), per group.
- :func:`execution_rates` -- how much of the updated appropriation was committed, accrued and paid.
- :func:`check_stage_order`, :func:`compare_totals` -- verification steps, as reports of issues.
- :func:`population_total`, :func:`per_capita` -- fair comparisons between places of different sizes.
- :func:`price_factor`, :func:`deflate`, :func:`at_constant_prices` -- compare years at constant prices
  with an inflation table given as data (``load("ipca")``).
- :func:`money_text` -- "R$ 1.408,6 milhões" in the reader's language.

Pure functions on DataFrames; no widgets. Bad input raises :class:`~civic_kit.problems.CivicKitError`
with a translated message.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from civic_kit.i18n import get_language, normalize_language, t
from civic_kit.i18n.numbers import format_number
from civic_kit.problems import CivicKitError, Issue

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "STAGES",
    "StageCheck",
    "TotalsComparison",
    "at_constant_prices",
    "check_stage_order",
    "compare_totals",
    "deflate",
    "execution_rates",
    "money_text",
    "per_capita",
    "population_total",
    "price_factor",
    "stage_funnel",
    "stage_labels",
    "stage_totals",
    "standardise_columns",
]

#: The five amounts of a budget line, in the order money moves through them.
STAGES: tuple[str, ...] = ("dotacao_inicial", "dotacao_atualizada", "empenhado", "liquidado", "pago")
#: Stages that execution rates divide by the updated appropriation.
EXECUTION_STAGES: tuple[str, ...] = ("empenhado", "liquidado", "pago")

# Words that identify each standard column in a portal's header, after accents, case, "(R$)" and
# "valor" are removed. Several spellings are common across Brazilian portals.
_ALIASES: Mapping[str, tuple[str, ...]] = {
    "year": ("exercicio", "ano", "ano exercicio", "exercicio financeiro"),
    "orgao": ("orgao", "orgao nome", "nome orgao", "unidade orcamentaria"),
    "orgao_code": ("orgao codigo", "codigo orgao", "cod orgao"),
    "funcao": ("funcao", "funcao nome", "nome funcao"),
    "funcao_code": ("funcao codigo", "codigo funcao", "cod funcao"),
    "subfuncao": ("subfuncao", "subfuncao nome", "nome subfuncao"),
    "subfuncao_code": ("subfuncao codigo", "codigo subfuncao", "cod subfuncao"),
    "programa": ("programa", "programa nome", "nome programa"),
    "programa_code": ("programa codigo", "codigo programa", "cod programa"),
    "acao": ("acao", "acao nome", "nome acao", "projeto atividade"),
    "acao_code": ("acao codigo", "codigo acao", "cod acao"),
    "natureza": ("natureza da despesa", "natureza", "elemento de despesa"),
    "natureza_code": ("natureza da despesa codigo", "codigo natureza", "natureza codigo"),
    "dotacao_inicial": ("dotacao inicial", "orcado inicial", "previsto inicial", "dotacao orcamentaria inicial"),
    "dotacao_atualizada": ("dotacao atualizada", "orcado atualizado", "dotacao autorizada", "credito autorizado"),
    "empenhado": ("empenhado", "despesa empenhada", "empenhos", "empenhado no ano"),
    "liquidado": ("liquidado", "despesa liquidada", "liquidado no ano"),
    "pago": ("pago", "despesa paga", "pago no ano", "pagamentos"),
    "reference_date": ("data de referencia", "data referencia", "data base"),
}


@dataclass(frozen=True)
class StageCheck:
    """Result of :func:`check_stage_order`: every line where a stage holds more than the previous one."""

    rows_checked: int
    issues: tuple[Issue, ...] = field(default_factory=tuple)

    @property
    def valid(self) -> bool:
        """True when no line breaks the order ``pago <= liquidado <= empenhado``."""
        return not self.issues

    def summary(self, lang: str | None = None) -> str:
        """One sentence for the learner: all good, or how many lines to look at."""
        if self.valid:
            return t("budget.stage-check.ok", lang, rows=self.rows_checked)
        return t("budget.stage-check.problems", lang, rows=self.rows_checked, count=len(self.issues))

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "rows_checked": self.rows_checked,
            "issues": [issue.to_dict(lang) for issue in self.issues],
        }


@dataclass(frozen=True, eq=False)
class TotalsComparison:
    """Result of :func:`compare_totals`: our sums next to the totals the portal publishes."""

    table: pd.DataFrame = field(repr=False)
    """``year, stage, ours, published, difference`` (reais; difference = ours - published)."""
    issues: tuple[Issue, ...] = ()

    @property
    def valid(self) -> bool:
        """True when every year and stage matches to the cent."""
        return not self.issues

    def summary(self, lang: str | None = None) -> str:
        """One sentence: the totals match to the cent, or how many differ."""
        if self.valid:
            return t("budget.totals.ok", lang, checks=len(self.table))
        return t("budget.totals.problems", lang, checks=len(self.table), count=len(self.issues))

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "table": self.table.to_dict(orient="records"),
            "issues": [issue.to_dict(lang) for issue in self.issues],
        }


# --- names -----------------------------------------------------------------------------------------------


def stage_labels(lang: str | None = None) -> dict[str, str]:
    """The five stages' names in ``lang`` (``{"empenhado": "Empenhado", ...}``), for tables and charts.

    Spanish and English labels keep the Brazilian term in brackets, because that is the word learners
    will meet in the portal's files.
    """
    return {stage: t(f"budget.stage.{stage}", lang) for stage in STAGES}


def _normalise_label(label: Any) -> str:
    text = unicodedata.normalize("NFKD", str(label))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"\(\s*r\$\s*\)|r\$", " ", text)
    text = re.sub(r"[()\[\]_\-./:]", " ", text)
    words = [w for w in text.split() if w not in ("valor", "vlr", "vl", "total", "de", "do", "da")]
    # "de" is dropped above but is part of some aliases; compare on the same footing.
    return " ".join(words)


def standardise_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Rename a portal's column labels to the standard names used by this module.

    Why: every transparency portal labels the stages a little differently (``"Empenhado (R$)"``,
    ``"Valor Empenhado"``, ``"Despesa Empenhada"``). Matching ignores accents, case, ``(R$)`` and words
    like *valor*; columns that match nothing keep their names, and the first column matching a standard
    name wins (a second one keeps its label, so nothing is lost).

    Raises
    ------
    CivicKitError
        If ``frame`` is not a DataFrame.

    Example
    -------
    >>> import pandas as pd
    >>> standardise_columns(pd.DataFrame(columns=["Exercício", "Valor Pago (R$)"])).columns.tolist()
    ['year', 'pago']
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise CivicKitError.of("budget-not-a-table", kind=type(frame).__name__)
    lookup = {_normalise_label(alias): name for name, aliases in _ALIASES.items() for alias in aliases}
    renames: dict[Any, str] = {}
    taken = set(frame.columns)
    for column in frame.columns:
        target = lookup.get(_normalise_label(column))
        if target is None or target == column:
            continue
        if target in taken or target in renames.values():
            continue
        renames[column] = target
    return frame.rename(columns=renames)


# --- sums and rates --------------------------------------------------------------------------------------


def _check_budget(budget: Any, columns: Sequence[str]) -> pd.DataFrame:
    """A DataFrame with these columns, amounts numeric and complete; raises translated errors."""
    import pandas as pd

    if not isinstance(budget, pd.DataFrame):
        raise CivicKitError.of("budget-not-a-table", kind=type(budget).__name__)
    missing = [c for c in columns if c not in budget.columns]
    if missing:
        raise CivicKitError.of(
            "budget-missing-column", column=missing[0], columns=", ".join(map(str, budget.columns)) or "-"
        )
    if budget.empty:
        raise CivicKitError.of("budget-empty")
    for column in columns:
        if column not in STAGES:
            continue
        values = budget[column]
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            sample = next((v for v in values if isinstance(v, str)), values.iloc[0])
            raise CivicKitError.of("budget-not-numeric", column=column, example=str(sample)[:40])
        blank = int(values.isna().sum())
        if blank:
            first = int(values.isna().to_numpy().argmax())
            raise CivicKitError.of("budget-missing-values", column=column, count=blank, row=first + 1)
        infinite = ~values.astype("float64").map(math.isfinite)
        if infinite.any():
            raise CivicKitError.of("budget-missing-values", column=column, count=int(infinite.sum()))
    return budget


def _in_year(budget: pd.DataFrame, year: int | None) -> pd.DataFrame:
    if year is None:
        return budget
    if "year" not in budget.columns:
        raise CivicKitError.of("budget-missing-column", column="year", columns=", ".join(map(str, budget.columns)))
    chosen = budget[budget["year"] == year]
    if chosen.empty:
        years = ", ".join(str(y) for y in sorted(set(budget["year"].dropna().tolist())))
        raise CivicKitError.of("budget-no-rows-for-year", year=str(year), years=years or "-")
    return chosen


def _groups(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    return list(by)


def _cents(values: pd.Series) -> pd.Series:
    """Reais to whole cents (int64), so that sums are exact to the cent whatever the row count."""
    import numpy as np

    return np.rint(values.astype("float64") * 100).astype("int64")


def stage_totals(
    budget: pd.DataFrame, by: str | Sequence[str] | None = "year", *, year: int | None = None
) -> pd.DataFrame:
    """Sum the five stages per group, exactly to the cent.

    Why in cents: a year has hundreds of lines with centavos; adding floats drifts by fractions of a
    cent and then a total "does not match" the portal for no real reason.

    Parameters
    ----------
    budget
        One row per budget line with the :data:`STAGES` columns (see :func:`standardise_columns`).
    by
        Column(s) to group by (``"year"``, ``"funcao"``, ``["year", "orgao"]``); ``None`` gives one row
        with the grand totals.
    year
        Keep only this fiscal year first (needs a ``year`` column).

    Returns
    -------
    pandas.DataFrame
        The group columns, then one column per stage (reais), sorted by the groups.

    Raises
    ------
    CivicKitError
        Not a table, a missing column, amounts that are text or blank, or a year with no rows.
    """
    import pandas as pd

    groups = _groups(by)
    budget = _check_budget(budget, [*groups, *STAGES])
    budget = _in_year(budget, year)
    cents = pd.DataFrame({stage: _cents(budget[stage]) for stage in STAGES}, index=budget.index)
    if groups:
        cents = pd.concat([budget[groups], cents], axis=1)
        summed = cents.groupby(groups, sort=True, dropna=False)[list(STAGES)].sum().reset_index()
    else:
        summed = cents[list(STAGES)].sum().to_frame().T
    for stage in STAGES:
        summed[stage] = summed[stage].astype("int64") / 100
    return summed.reset_index(drop=True)


def stage_funnel(budget: pd.DataFrame, *, year: int | None = None, lang: str | None = None) -> pd.Series:
    """The five stage totals as a Series labelled in ``lang``: ready for a bar chart of the money's path.

    Returns
    -------
    pandas.Series
        Reais per stage, in :data:`STAGES` order, indexed by :func:`stage_labels`.
    """
    import pandas as pd

    totals = stage_totals(budget, by=None, year=year).iloc[0]
    labels = stage_labels(lang)
    return pd.Series([float(totals[s]) for s in STAGES], index=[labels[s] for s in STAGES], name="R$")


def execution_rates(
    budget: pd.DataFrame, by: str | Sequence[str] = "funcao", *, year: int | None = None
) -> pd.DataFrame:
    """How much of the updated appropriation each group committed, accrued and paid.

    Why the *updated* appropriation: the initial one is zero for lines created during the year by a
    special credit, and far from reality where credits were added, so rates over it can exceed 100%
    or be undefined. Rates over ``dotacao_atualizada`` say "of what they were finally allowed to spend,
    how much did they use".

    Parameters
    ----------
    budget
        Budget lines with the :data:`STAGES` columns.
    by
        Column(s) to group by: ``"funcao"`` (what for: health, education), ``"orgao"`` (who spends).
    year
        Keep only this fiscal year first. Without it, years are added together: usually pass one.

    Returns
    -------
    pandas.DataFrame
        Group columns, ``dotacao_atualizada``, ``empenhado``, ``liquidado``, ``pago`` (reais) and
        ``empenhado_rate``, ``liquidado_rate``, ``pago_rate`` (shares in [0, 1]; NaN when the updated
        appropriation is zero), sorted from the lowest ``empenhado_rate`` up: the groups to ask about first.

    Raises
    ------
    CivicKitError
        As :func:`stage_totals`, and when ``by`` is empty.
    """
    groups = _groups(by)
    if not groups:
        raise CivicKitError.of("budget-missing-column", column="by", columns="funcao, orgao")
    totals = stage_totals(budget, by=groups, year=year)
    result = totals[[*groups, "dotacao_atualizada", *EXECUTION_STAGES]].copy()
    base = result["dotacao_atualizada"].where(result["dotacao_atualizada"] != 0)
    for stage in EXECUTION_STAGES:
        result[f"{stage}_rate"] = result[stage] / base
    return result.sort_values(["empenhado_rate", *groups], na_position="last").reset_index(drop=True)


# --- verification ----------------------------------------------------------------------------------------


def check_stage_order(budget: pd.DataFrame, *, tolerance: float = 0.005) -> StageCheck:
    """Find lines where a later stage holds more than the one before (or an amount is negative).

    Why: by law (Lei 4.320/1964, arts. 60-64, general knowledge *to be confirmed*) money cannot be paid
    before it is accrued, nor accrued before it is committed. A line breaking that order is a data error
    (or a payment of an earlier year's commitment, *restos a pagar*, mixed into the year) and must be
    understood before any analysis. Every such line is reported, not only the first.

    Parameters
    ----------
    budget
        Budget lines with the :data:`STAGES` columns.
    tolerance
        Reais of rounding allowed (half a cent by default).

    Returns
    -------
    StageCheck
        ``valid`` and one :class:`~civic_kit.problems.Issue` per broken rule, with the 1-based row number.
    """
    budget = _check_budget(budget, STAGES)
    issues: list[Issue] = []
    pairs = (
        ("empenhado", "dotacao_atualizada", "budget-committed-above-appropriation"),
        ("liquidado", "empenhado", "budget-accrued-above-committed"),
        ("pago", "liquidado", "budget-paid-above-accrued"),
    )
    for position, row in enumerate(budget[list(STAGES)].itertuples(index=False), start=1):
        values = dict(zip(STAGES, row, strict=True))
        for stage in STAGES:
            if values[stage] < -tolerance:
                issues.append(
                    Issue("budget-negative-amount", {"stage": stage, "value": float(values[stage])}, row=position)
                )
        for later, earlier, code in pairs:
            if values[later] > values[earlier] + tolerance:
                issues.append(
                    Issue(
                        code,
                        {"later": float(values[later]), "earlier": float(values[earlier])},
                        row=position,
                        column=later,
                    )
                )
    return StageCheck(rows_checked=len(budget), issues=tuple(issues))


def compare_totals(budget: pd.DataFrame, published: pd.DataFrame) -> TotalsComparison:
    """Compare our yearly sums of each stage with the totals a portal publishes, to the cent.

    Why: before trusting an analysis, check that the file you downloaded adds up to what the government
    itself announces. A difference means missing lines, a filter, or a different reference date.

    Parameters
    ----------
    budget
        Budget lines with ``year`` and the :data:`STAGES` columns.
    published
        One row per year with ``year`` and the same stage columns (``load("budget_portal_totals")``).

    Returns
    -------
    TotalsComparison
        A ``year, stage, ours, published, difference`` table and one issue per mismatch (including a
        year present in only one of the two tables).
    """
    import pandas as pd

    ours = stage_totals(budget, by="year")
    theirs = _check_budget(published, ["year", *STAGES])
    if theirs["year"].duplicated().any():
        year = theirs.loc[theirs["year"].duplicated(), "year"].iloc[0]
        raise CivicKitError.of("budget-duplicate-year", year=str(year))
    theirs_cents = pd.DataFrame({s: _cents(theirs[s]) for s in STAGES})
    theirs_cents["year"] = theirs["year"].to_numpy()
    ours_cents = pd.DataFrame({s: _cents(ours[s]) for s in STAGES})
    ours_cents["year"] = ours["year"].to_numpy()
    rows: list[dict[str, Any]] = []
    issues: list[Issue] = []
    ours_by_year = ours_cents.set_index("year")
    theirs_by_year = theirs_cents.set_index("year")
    for year in sorted(set(ours_by_year.index) | set(theirs_by_year.index)):
        if year not in theirs_by_year.index or year not in ours_by_year.index:
            code = "budget-year-not-published" if year not in theirs_by_year.index else "budget-year-not-in-file"
            issues.append(Issue(code, {"year": str(year)}))
            continue
        for stage in STAGES:
            mine = int(ours_by_year.loc[year, stage])
            shown = int(theirs_by_year.loc[year, stage])
            rows.append(
                {
                    "year": year,
                    "stage": stage,
                    "ours": mine / 100,
                    "published": shown / 100,
                    "difference": (mine - shown) / 100,
                }
            )
            if mine != shown:
                issues.append(
                    Issue(
                        "budget-total-mismatch",
                        {"year": str(year), "stage": stage, "difference": (mine - shown) / 100},
                        column=stage,
                    )
                )
    table = pd.DataFrame(rows, columns=["year", "stage", "ours", "published", "difference"])
    return TotalsComparison(table=table, issues=tuple(issues))


# --- fair comparisons ------------------------------------------------------------------------------------


def population_total(districts: pd.DataFrame, column: str = "population") -> int:
    """The city's population as the sum of its districts' populations.

    Raises
    ------
    CivicKitError
        Missing column, blank, fractional or negative populations, or an empty table.
    """
    import pandas as pd

    if not isinstance(districts, pd.DataFrame):
        raise CivicKitError.of("budget-not-a-table", kind=type(districts).__name__)
    if column not in districts.columns:
        raise CivicKitError.of(
            "budget-missing-column", column=column, columns=", ".join(map(str, districts.columns)) or "-"
        )
    if districts.empty:
        raise CivicKitError.of("budget-empty")
    values = pd.to_numeric(districts[column], errors="coerce")
    bad = values.isna() | (values < 0) | (values % 1 != 0)
    if bad.any():
        first = int(bad.to_numpy().argmax())
        raise CivicKitError.of("budget-bad-population", value=str(districts[column].iloc[first]), row=first + 1)
    return int(values.sum())


def per_capita(values: Any, population: Any, *, per: int = 1) -> Any:
    """Divide ``values`` by ``population`` (per inhabitant, or per ``per`` inhabitants: 1,000, 10,000).

    Why: a big district or city spends and counts more just because more people live there. Per-capita
    numbers (or rates per 1,000 inhabitants) answer "how much for each person", which is the fair
    comparison between places of different sizes.

    Parameters
    ----------
    values
        A number, or a Series (for example, totals per district indexed by ``district_id``).
    population
        A number, or a Series with the same index as ``values``.
    per
        Express the result per this many inhabitants (``per=1000`` gives "per 1,000 inhabitants").

    Returns
    -------
    float or pandas.Series
        The same shape as ``values``.

    Raises
    ------
    CivicKitError
        Population zero, negative, blank or text; values that are not numbers; a label of ``values``
        with no population; or ``per`` not a positive whole number.

    Example
    -------
    >>> per_capita(1_000_000, 2_000)
    500.0
    >>> per_capita(30, 12_000, per=1000)
    2.5
    """
    import pandas as pd

    if isinstance(per, bool) or not isinstance(per, int) or per <= 0:
        raise CivicKitError.of("budget-bad-per", per=str(per))
    if isinstance(values, pd.Series) or isinstance(population, pd.Series):
        value_series = values if isinstance(values, pd.Series) else None
        if value_series is None:
            raise CivicKitError.of("budget-not-numeric", column="values", example=str(values)[:40])
        numbers = pd.to_numeric(value_series, errors="coerce")
        if numbers.isna().any():
            first = value_series[numbers.isna()].iloc[0]
            raise CivicKitError.of("budget-not-numeric", column=str(value_series.name), example=str(first)[:40])
        if isinstance(population, pd.Series):
            people = pd.to_numeric(population, errors="coerce").reindex(value_series.index)
            lacking = [str(label) for label in value_series.index[people.isna()]]
            if lacking:
                raise CivicKitError.of("budget-population-missing", labels=", ".join(lacking[:5]))
        else:
            people = pd.Series(_one_population(population), index=value_series.index, dtype="float64")
        if (people <= 0).any():
            label = value_series.index[(people <= 0).to_numpy()][0]
            raise CivicKitError.of("budget-bad-population", value=str(people[label]), row=None)
        return numbers.astype("float64") / people.astype("float64") * per
    if isinstance(values, bool) or not isinstance(values, (int, float)) or not math.isfinite(float(values)):
        raise CivicKitError.of("budget-not-numeric", column="values", example=str(values)[:40])
    return float(values) / _one_population(population) * per


def _one_population(population: Any) -> float:
    try:
        number = float(population)
    except (TypeError, ValueError):
        raise CivicKitError.of("budget-bad-population", value=str(population)[:40]) from None
    if isinstance(population, bool) or not math.isfinite(number) or number <= 0:
        raise CivicKitError.of("budget-bad-population", value=str(population)[:40])
    return number


# --- constant prices -------------------------------------------------------------------------------------


def _ipca_by_year(ipca: Any) -> dict[int, float]:
    import pandas as pd

    if not isinstance(ipca, pd.DataFrame):
        raise CivicKitError.of("budget-not-a-table", kind=type(ipca).__name__)
    for column in ("year", "ipca_percent"):
        if column not in ipca.columns:
            raise CivicKitError.of(
                "budget-missing-column", column=column, columns=", ".join(map(str, ipca.columns)) or "-"
            )
    table: dict[int, float] = {}
    for position, (year, percent) in enumerate(zip(ipca["year"], ipca["ipca_percent"], strict=True), start=1):
        try:
            year_number = int(year)
            rate = float(percent)
        except (TypeError, ValueError):
            raise CivicKitError.of("budget-ipca-bad-value", value=str(percent), row=position) from None
        if year_number != year or not math.isfinite(rate) or rate <= -100:
            raise CivicKitError.of("budget-ipca-bad-value", value=str(percent), row=position)
        if year_number in table:
            raise CivicKitError.of("budget-duplicate-year", year=str(year_number), row=position)
        table[year_number] = rate
    return table


def _check_year(year: Any, name: str) -> int:
    if isinstance(year, bool) or not isinstance(year, int):
        try:
            as_int = int(year)
        except (TypeError, ValueError):
            raise CivicKitError.of("budget-bad-year", year=str(year), what=name) from None
        if as_int != year:
            raise CivicKitError.of("budget-bad-year", year=str(year), what=name)
        return as_int
    return year


def price_factor(from_year: int, to_year: int, ipca: pd.DataFrame) -> float:
    """By how much to multiply reais of ``from_year`` to express them in prices of ``to_year``.

    Convention (stated, not hidden): ``ipca_percent`` of year *y* is the price change from December of
    *y-1* to December of *y*, and a year's amounts are treated as if spent at that year's December
    prices. The factor from 2022 to 2024 is then ``(1 + IPCA 2023) x (1 + IPCA 2024)``. Spending happens
    through the year, so a more exact deflator would use average price levels; for comparing whole years
    the difference is small next to the changes being discussed.

    Parameters
    ----------
    from_year, to_year
        Years; going back in time (``to_year < from_year``) divides by the same product.
    ipca
        A table with ``year`` and ``ipca_percent`` (``load("ipca")``), one row per year.

    Raises
    ------
    CivicKitError
        A year needed is not in the table, a year is not a whole number, or an IPCA value is not a
        number above -100%.

    Example
    -------
    >>> import pandas as pd
    >>> round(price_factor(2022, 2024, pd.DataFrame({"year": [2023, 2024], "ipca_percent": [10.0, 10.0]})), 4)
    1.21
    """
    start = _check_year(from_year, "from_year")
    end = _check_year(to_year, "to_year")
    rates = _ipca_by_year(ipca)
    low, high = sorted((start, end))
    factor = 1.0
    for year in range(low + 1, high + 1):
        if year not in rates:
            available = ", ".join(str(y) for y in sorted(rates)) or "-"
            raise CivicKitError.of("budget-ipca-missing-year", year=str(year), years=available)
        factor *= 1 + rates[year] / 100
    return factor if end >= start else 1 / factor


def deflate(values: Any, from_year: int, to_year: int, ipca: pd.DataFrame) -> Any:
    """Express ``values`` in reais of ``from_year`` at the prices of ``to_year`` ("real" values).

    Why: R$ 100 in 2022 bought more than R$ 100 in 2024. Comparing budgets of different years without
    correcting for inflation makes spending look like it grew when it only kept up with prices.

    Parameters
    ----------
    values
        A number, a numpy array or a pandas Series/DataFrame of reais of ``from_year``.
    from_year, to_year, ipca
        See :func:`price_factor`, which states the convention used.

    Returns
    -------
    The same type as ``values``, multiplied by :func:`price_factor`.

    Raises
    ------
    CivicKitError
        As :func:`price_factor`, or when ``values`` is not numeric.

    Example
    -------
    >>> import pandas as pd
    >>> deflate(100.0, 2023, 2024, pd.DataFrame({"year": [2024], "ipca_percent": [4.83]}))
    104.83
    """
    import numpy as np
    import pandas as pd

    factor = price_factor(from_year, to_year, ipca)
    if isinstance(values, bool):
        raise CivicKitError.of("budget-not-numeric", column="values", example=str(values))
    if isinstance(values, (int, float)):
        return float(values) * factor
    if isinstance(values, (pd.Series, pd.DataFrame, np.ndarray)):
        kinds = values.dtypes if isinstance(values, pd.DataFrame) else [values.dtype]
        if not all(pd.api.types.is_numeric_dtype(k) and not pd.api.types.is_bool_dtype(k) for k in kinds):
            raise CivicKitError.of("budget-not-numeric", column="values", example=str(values)[:40])
        return values * factor
    raise CivicKitError.of("budget-not-numeric", column="values", example=str(values)[:40])


def at_constant_prices(
    frame: pd.DataFrame,
    columns: str | Sequence[str],
    *,
    to_year: int,
    ipca: pd.DataFrame,
    year_column: str = "year",
    suffix: str = "_real",
) -> pd.DataFrame:
    """Add ``<column>_real`` columns: each row's reais converted to ``to_year`` prices using its own year.

    Why a new column instead of overwriting: nominal and real values side by side let the learner see
    how much of a "growth" is only inflation.

    Parameters
    ----------
    frame
        A table with a year column and money columns (for example :func:`stage_totals` by year).
    columns
        The money column(s) to convert.
    to_year, ipca
        Target prices and the inflation table (see :func:`price_factor`).
    year_column
        Column holding each row's year.
    suffix
        Appended to the names of the new columns.

    Returns
    -------
    pandas.DataFrame
        A copy of ``frame`` with the new columns.

    Raises
    ------
    CivicKitError
        Missing columns, non-numeric money, or a year the inflation table cannot bridge.
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise CivicKitError.of("budget-not-a-table", kind=type(frame).__name__)
    names = [columns] if isinstance(columns, str) else list(columns)
    for column in [year_column, *names]:
        if column not in frame.columns:
            raise CivicKitError.of(
                "budget-missing-column", column=column, columns=", ".join(map(str, frame.columns)) or "-"
            )
    factors = [price_factor(_check_year(y, year_column), to_year, ipca) for y in frame[year_column]]
    result = frame.copy()
    for column in names:
        values = frame[column]
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            raise CivicKitError.of("budget-not-numeric", column=column, example=str(values.iloc[0])[:40])
        result[f"{column}{suffix}"] = values.astype("float64").to_numpy() * pd.Series(factors).to_numpy()
    return result


# --- words -----------------------------------------------------------------------------------------------


def money_text(value: float, lang: str | None = None, *, unit: str = "auto") -> str:
    """Money for people: ``R$ 1.408,6 milhões`` / ``R$ 1.408,6 millones`` / ``R$ 1,408.6 million``.

    Why: a 10-digit number with centavos is unreadable on a projector; millions with one decimal are
    what newspapers and city-hall reports use.

    Parameters
    ----------
    value
        Reais.
    unit
        ``"auto"`` (millions from one million up, else reais with cents), ``"million"``, ``"thousand"``
        or ``"reais"``.

    Raises
    ------
    CivicKitError
        A value that is not a finite number, or an unknown unit.
    """
    lang = normalize_language(lang) if lang else get_language()
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(float(value)):
        try:
            value = float(value)  # numpy scalars
        except (TypeError, ValueError):
            raise CivicKitError.of("budget-not-numeric", column="value", example=str(value)[:40]) from None
        if not math.isfinite(value):
            raise CivicKitError.of("budget-not-numeric", column="value", example=str(value))
    if unit not in ("auto", "million", "thousand", "reais"):
        raise CivicKitError.of("budget-bad-unit", unit=str(unit), units="auto, million, thousand, reais")
    if unit == "auto":
        unit = "million" if abs(value) >= 1_000_000 else "reais"
    sign = "-" if value < 0 else ""
    if unit == "reais":
        return f"{sign}R$ {format_number(abs(value), lang, ',.2f')}"
    divisor = 1_000_000 if unit == "million" else 1_000
    amount = format_number(abs(value) / divisor, lang, ",.1f")
    return sign + t(f"budget.money.{unit}", lang, amount=amount)

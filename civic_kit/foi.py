"""Access to information (FOI) requests: legal deadlines, the requests log, and well-formed requests.

Brazil's Lei de Acesso à Informação (Lei 12.527/2011, "LAI") lets anyone ask any public body for
information (art. 10) and gives the body up to 20 days to answer, plus 10 with an express justification
(art. 11 §§1-2). Other Latin American laws count in business days instead. This module turns those rules
into numbers a learner or an official can check:

Public API
----------
- :func:`legal_deadline` -- the last day to answer a request filed on a date, in calendar or business
  days as the country's law says, skipping weekends and (for Brazil) the bundled national holidays.
- :func:`compare_countries` -- the same filing date under every law in ``load("foi_laws")``.
- :func:`br_holidays`, :func:`easter_sunday` -- Brazil's national holidays and federal *pontos
  facultativos* for 2022-2026, computed from a small table of rules with their legal source.
- :func:`request_table` / :func:`request_stats` -- a requests log (like ``load("foi_requests")``) with each
  request's legal deadline and lateness, and the numbers that summarise it, overall and by agency.
- :func:`draft_request` -- a well-formed request, as plain text, in the chosen language.

How days are counted (and how sure we are)
------------------------------------------
The LAI itself does not say how to count its days. The federal government's official LAI page
(gov.br/acessoainformacao/pt-br/assuntos/pedidos/prazos) says the federal executive follows Lei
9.784/1999 art. 66: the request is officially received on the day it is filed if that is a business day
(before 19h), otherwise on the next business day; counting starts on the business day after that and runs
continuously (weekends and holidays included); a deadline that falls on a day without (full) office
hours moves to the next business day. **[verified** for the federal executive, on that official page**]**.
States and municipalities set their own rules (LAI art. 45 **[unverified]**): check the local decree.
How the 10 extra days of an extension are counted is not stated there; civic-kit adds them to the
original deadline, which gives the agency the benefit of the doubt **[unverified]**.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from civic_kit.i18n import get_language, normalize_language, t
from civic_kit.i18n.numbers import format_date, format_number, format_percent
from civic_kit.problems import CivicKitError, Issue

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BR_HOLIDAY_RULES",
    "COUNTING_RULE_SOURCE",
    "HOLIDAY_YEARS",
    "REQUIRED_COLUMNS",
    "STATUSES",
    "DeadlineResult",
    "HolidayRule",
    "NonBusinessDay",
    "RequestDraft",
    "RequestStats",
    "br_holidays",
    "compare_countries",
    "draft_request",
    "easter_sunday",
    "legal_deadline",
    "request_stats",
    "request_table",
]

Status = Literal["verified", "secondary", "unverified"]
DayKind = Literal["holiday", "optional", "local"]

#: Years for which Brazil's national holidays are bundled. Outside them only weekends are skipped and the
#: result carries a warning: a new law can create a holiday (as Lei 14.759/2023 did), so we do not guess.
HOLIDAY_YEARS: range = range(2022, 2027)

#: Where the Brazilian counting rule comes from (official federal page; Lei 9.784/1999 art. 66).
COUNTING_RULE_SOURCE = "gov.br/acessoainformacao/pt-br/assuntos/pedidos/prazos (Lei 9.784/1999, art. 66)"

#: Columns a requests log needs (``appeal_outcome`` is optional).
REQUIRED_COLUMNS: tuple[str, ...] = (
    "opened_date",
    "agency",
    "status",
    "answered_date",
    "extension_used",
    "appeal_filed",
)
#: Request statuses understood by :func:`request_table` (as in ``load("foi_requests")``).
STATUSES: tuple[str, ...] = ("answered", "partially_answered", "denied", "pending")


@dataclass(frozen=True)
class HolidayRule:
    """One Brazilian non-business day, as data: when it falls, what it is, and which norm says so.

    Parameters
    ----------
    key
        Stable name; the translated name is the message ``foi.holiday.<key>``.
    kind
        ``holiday`` (feriado nacional) or ``optional`` (ponto facultativo of the federal executive,
        set each year by a ministry's portaria: offices are closed, so deadlines do not end there).
    month, day
        Fixed date, or ``None`` for movable feasts.
    easter_offset
        Days from Easter Sunday for movable feasts (Good Friday is -2).
    since
        First year the rule applies (``None``: before every bundled year).
    source
        The norm, in the form a learner can look up.
    status
        How firmly civic-kit checked the source: ``verified`` (read in the official text),
        ``secondary`` (read in a copy or a secondary source) or ``unverified``.
    """

    key: str
    kind: Literal["holiday", "optional"]
    source: str
    status: Status
    month: int | None = None
    day: int | None = None
    easter_offset: int | None = None
    since: int | None = None

    def date_in(self, year: int) -> dt.date | None:
        """The date this rule gives in ``year``, or ``None`` before the rule existed."""
        if self.since is not None and year < self.since:
            return None
        if self.easter_offset is not None:
            return easter_sunday(year) + dt.timedelta(days=self.easter_offset)
        assert self.month is not None and self.day is not None
        return dt.date(year, self.month, self.day)


_LEI_662 = "Lei 662/1949, art. 1 (redação da Lei 10.607/2002)"
_PORTARIA = "Portaria anual do ministério do planejamento/gestão (ex.: Portaria MPOG 2/2014)"

#: Brazil's national holidays and the federal executive's pontos facultativos tied to Easter.
#: Sources were read in copies of the norms (camara.leg.br and legisweb records, a copy of Portaria
#: MPOG 2/2014), not in the official gazette, hence ``secondary``. Dia do Servidor (28 Oct) and the
#: afternoons of 24 and 31 Dec change from year to year and are left out: pass them as ``holidays``.
BR_HOLIDAY_RULES: tuple[HolidayRule, ...] = (
    HolidayRule("new-year", "holiday", _LEI_662, "secondary", month=1, day=1),
    HolidayRule("carnival-monday", "optional", _PORTARIA, "secondary", easter_offset=-48),
    HolidayRule("carnival-tuesday", "optional", _PORTARIA, "secondary", easter_offset=-47),
    HolidayRule("ash-wednesday", "optional", _PORTARIA + " — até as 14h", "secondary", easter_offset=-46),
    HolidayRule(
        "good-friday",
        "holiday",
        _PORTARIA + " (feriado nacional); Lei 9.093/1995, art. 2 [unverified]",
        "secondary",
        easter_offset=-2,
    ),
    HolidayRule("tiradentes", "holiday", _LEI_662, "secondary", month=4, day=21),
    HolidayRule("labour-day", "holiday", _LEI_662, "secondary", month=5, day=1),
    HolidayRule("corpus-christi", "optional", _PORTARIA, "secondary", easter_offset=60),
    HolidayRule("independence", "holiday", _LEI_662, "secondary", month=9, day=7),
    HolidayRule("aparecida", "holiday", "Lei 6.802/1980, art. 1", "secondary", month=10, day=12),
    HolidayRule("all-souls", "holiday", _LEI_662, "secondary", month=11, day=2),
    HolidayRule("republic", "holiday", _LEI_662, "secondary", month=11, day=15),
    HolidayRule(
        "black-consciousness", "holiday", "Lei 14.759/2023, art. 1 (DOU 22/12/2023)", "secondary", 11, 20, since=2024
    ),
    HolidayRule("christmas", "holiday", _LEI_662, "secondary", month=12, day=25),
)


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday of ``year`` in the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" method).

    Carnival, Good Friday and Corpus Christi move with Easter, so the holiday table only stores their
    distance to it. Example: ``easter_sunday(2024)`` is 31 March 2024.
    """
    if not isinstance(year, int) or isinstance(year, bool) or not 1583 <= year <= 9999:
        raise CivicKitError.of("foi-bad-year", year=str(year))
    golden = year % 19
    century, rest = divmod(year, 100)
    leap_century, century_rest = divmod(century, 4)
    moon_correction = (century + 8) // 25
    moon_shift = (century - moon_correction + 1) // 3
    epact = (19 * golden + century - leap_century - moon_shift + 15) % 30
    weekday_rest, weekday_year = divmod(rest, 4)
    weekday = (32 + 2 * century_rest + 2 * weekday_rest - epact - weekday_year) % 7
    correction = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * correction + 114, 31)
    return dt.date(year, month, day + 1)


@dataclass(frozen=True)
class NonBusinessDay:
    """A weekday on which offices are closed: a holiday, a ponto facultativo or a local closure."""

    day: dt.date
    key: str
    """Holiday key (``christmas``) or ``local`` for days passed by the caller."""
    kind: DayKind
    source: str = ""
    status: Status | Literal[""] = ""

    def name(self, lang: str | None = None) -> str:
        """The day's name in ``lang`` (``Natal``, ``Navidad``, ``Christmas``)."""
        return t(f"foi.holiday.{self.key}", lang)


def br_holidays(year: int, *, include_optional: bool = True) -> tuple[NonBusinessDay, ...]:
    """Brazil's national holidays (and, by default, the federal pontos facultativos) of one year.

    Parameters
    ----------
    year
        A year in :data:`HOLIDAY_YEARS` (2022-2026).
    include_optional
        Also return Carnival, Ash Wednesday and Corpus Christi, when federal offices close. The official
        LAI page counts them as days without office hours; a municipality may decide otherwise.

    Returns
    -------
    tuple[NonBusinessDay, ...]
        Sorted by date, each with its source and how firmly it was checked.

    Raises
    ------
    CivicKitError
        ``foi-holidays-year`` for a year outside 2022-2026.
    """
    if not isinstance(year, int) or isinstance(year, bool) or year not in HOLIDAY_YEARS:
        raise CivicKitError.of(
            "foi-holidays-year", year=str(year), first=str(HOLIDAY_YEARS[0]), last=str(HOLIDAY_YEARS[-1])
        )
    days = []
    for rule in BR_HOLIDAY_RULES:
        if rule.kind == "optional" and not include_optional:
            continue
        day = rule.date_in(year)
        if day is not None:
            days.append(NonBusinessDay(day, rule.key, rule.kind, rule.source, rule.status))
    return tuple(sorted(days, key=lambda d: d.day))


# --------------------------------------------------------------------------------------------------
# Laws and deadlines
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Law:
    country: str
    law: str
    response_days: int
    extension_days: int | None
    day_type: Literal["calendar", "business"]
    status: Status


@cache
def _laws() -> dict[str, _Law]:
    from civic_kit.data import load

    laws = {}
    for row in load("foi_laws").itertuples(index=False):
        extension = row.extension_days
        laws[str(row.country)] = _Law(
            str(row.country),
            str(row.law),
            int(row.response_days),
            None if _missing(extension) else int(extension),
            row.day_type,
            row.status,
        )
    return laws


def _law(country: Any) -> _Law:
    code = str(country).strip().upper() if isinstance(country, str) else ""
    laws = _laws()
    if code not in laws:
        raise CivicKitError.of("foi-unknown-country", country=str(country), known=", ".join(sorted(laws)))
    return laws[code]


@dataclass(frozen=True)
class DeadlineResult:
    """When an answer is due, and every fact needed to explain it.

    ``deadline`` is the last day on which an answer is on time. ``counted_to`` is where plain counting
    ended; when that day had no office hours the deadline moved forward (``rolled_forward``).
    """

    filed: dt.date
    received: dt.date
    """Day the request counts as officially received (the filing day, or the next business day)."""
    deadline: dt.date
    counted_to: dt.date
    country: str
    law: str
    days: int
    """Days counted: the response time, plus the extension when ``extended``."""
    day_type: Literal["calendar", "business"]
    extended: bool
    closed_days: tuple[NonBusinessDay, ...]
    """Holidays and other closures between filing and deadline (weekends are not listed)."""
    law_status: Status
    """How firmly the number of days is verified (from ``foi_laws``)."""
    rule_status: Status
    """How firmly the counting rule is verified (see the module docstring)."""
    issues: tuple[Issue, ...] = ()

    @property
    def rolled_forward(self) -> bool:
        return self.deadline != self.counted_to

    @property
    def calendar_days(self) -> int:
        """Days the requester waits at most, from filing to deadline."""
        return (self.deadline - self.filed).days

    def explain(self, lang: str | None = None) -> str:
        """The deadline in plain words: law, days, how they were counted, skipped days, caveats."""
        lang = normalize_language(lang) if lang else get_language()
        lines = [
            t(
                "foi.deadline.headline",
                lang,
                filed=format_date(self.filed, lang),
                deadline=format_date(self.deadline, lang),
                weekday=t(f"foi.weekday.{self.deadline.weekday()}", lang),
            ),
            t(
                f"foi.deadline.days-{self.day_type}",
                lang,
                days=self.days,
                law=self.law,
                extra=t("foi.deadline.with-extension" if self.extended else "foi.deadline.no-extension", lang),
            ),
        ]
        if self.day_type == "calendar":
            lines.append(t("foi.deadline.rule-calendar", lang, received=format_date(self.received, lang)))
            if self.country == "BR":
                lines.append(t("foi.deadline.rule-scope-br", lang))
        else:
            lines.append(t("foi.deadline.rule-business", lang))
        if self.rolled_forward:
            lines.append(t("foi.deadline.rolled", lang, counted=format_date(self.counted_to, lang)))
        for closed in self.closed_days:
            lines.append(t("foi.deadline.closed-day", lang, date=format_date(closed.day, lang), name=closed.name(lang)))
        lines.append(
            t(
                "foi.deadline.status",
                lang,
                law_status=t(f"foi.status.{self.law_status}", lang),
                rule_status=t(f"foi.status.{self.rule_status}", lang),
            )
        )
        lines.extend(issue.message(lang) for issue in self.issues)
        return "\n".join(lines)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """A JSON-ready form (dates as ISO text)."""
        return {
            "filed": self.filed.isoformat(),
            "received": self.received.isoformat(),
            "deadline": self.deadline.isoformat(),
            "counted_to": self.counted_to.isoformat(),
            "country": self.country,
            "law": self.law,
            "days": self.days,
            "day_type": self.day_type,
            "extended": self.extended,
            "closed_days": [
                {"date": d.day.isoformat(), "key": d.key, "kind": d.kind, "name": d.name(lang)}
                for d in self.closed_days
            ],
            "law_status": self.law_status,
            "rule_status": self.rule_status,
            "issues": [issue.to_dict(lang) for issue in self.issues],
        }


class _Calendar:
    """Which days have office hours, for one country and one set of extra closures."""

    def __init__(self, country: str, extra: frozenset[dt.date]) -> None:
        self.country = country
        self.closed: dict[dt.date, NonBusinessDay] = {}
        if country == "BR":
            for year in HOLIDAY_YEARS:
                for day in br_holidays(year):
                    self.closed[day.day] = day
        for day in extra:
            self.closed.setdefault(day, NonBusinessDay(day, "local", "local"))
        self.unknown_years: set[int] = set()

    def is_business(self, day: dt.date) -> bool:
        if self.country == "BR" and day.year not in HOLIDAY_YEARS:
            self.unknown_years.add(day.year)
        return day.weekday() < 5 and day not in self.closed

    def next_business(self, day: dt.date) -> dt.date:
        """The first business day strictly after ``day``."""
        day += dt.timedelta(days=1)
        while not self.is_business(day):
            day += dt.timedelta(days=1)
        return day

    def roll(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a business day, else the next one."""
        return day if self.is_business(day) else self.next_business(day)

    def closures(self, start: dt.date, end: dt.date) -> tuple[NonBusinessDay, ...]:
        return tuple(self.closed[d] for d in sorted(self.closed) if start <= d <= end and d.weekday() < 5)


def _deadline_dates(law: _Law, calendar: _Calendar, filed: dt.date, extended: bool) -> tuple[dt.date, dt.date, dt.date]:
    """(received, counted_to, deadline) for one request; the single place the counting rule lives."""
    if law.day_type == "business":
        total = law.response_days + ((law.extension_days or 0) if extended else 0)
        day = filed
        for _ in range(total):
            day = calendar.next_business(day)
        return filed, day, day
    received = calendar.roll(filed)
    first = calendar.next_business(received)
    counted_to = first + dt.timedelta(days=law.response_days - 1)
    deadline = calendar.roll(counted_to)
    if extended:
        counted_to = deadline + dt.timedelta(days=law.extension_days or 0)
        deadline = calendar.roll(counted_to)
    return received, counted_to, deadline


def legal_deadline(
    filed: dt.date | str,
    country: str = "BR",
    extended: bool = False,
    holidays: Iterable[dt.date | str] | None = None,
) -> DeadlineResult:
    """The last day on which a public body may answer an access-to-information request on time.

    Why a function: "20 days" sounds simple, but whether weekends count, when counting starts and what
    happens when the last day is a holiday decide whether an answer was late. This function applies one
    documented rule, lists every holiday it skipped and says how sure we are of each part.

    Parameters
    ----------
    filed
        Filing date (``datetime.date``, a pandas Timestamp, or text ``"2024-10-26"`` / ``"26/10/2024"``).
        Requests filed after office hours count from the next day; pass that day if it matters.
    country
        ISO code of a law in ``load("foi_laws")``: ``BR``, ``MX``, ``CO``, ``CL``, ``AR``, ``UY``.
    extended
        Add the extension the law allows (Brazil: 10 days, LAI art. 11 §2). Refused where the extension
        is not confirmed (Colombia).
    holidays
        Extra days without office hours: state and municipal holidays, a city's own pontos facultativos.
        For Brazil they add to the bundled national ones; for other countries no holidays are bundled,
        so without them only weekends are skipped (the result says so).

    Returns
    -------
    DeadlineResult
        ``deadline`` plus the facts behind it; ``explain(lang)`` says it in words.

    Raises
    ------
    CivicKitError
        ``foi-bad-date`` (filing date or a holiday that is not a date), ``foi-unknown-country``,
        ``foi-no-extension`` (extension asked where the law's extension is not confirmed).

    Example
    -------
    >>> legal_deadline("2024-10-31").deadline  # the 20th day, 20 Nov, is a national holiday since 2024
    datetime.date(2024, 11, 21)
    """
    filed_day = _as_date(filed, "filed")
    law = _law(country)
    if not isinstance(extended, bool):
        raise CivicKitError.of("foi-bad-flag", name="extended", value=repr(extended))
    if extended and law.extension_days is None:
        raise CivicKitError.of("foi-no-extension", country=law.country, law=law.law)
    extra = _holiday_set(holidays)
    calendar = _Calendar(law.country, extra)
    received, counted_to, deadline = _deadline_dates(law, calendar, filed_day, extended)
    issues: list[Issue] = []
    if law.country != "BR" and law.day_type == "business" and not extra:
        issues.append(Issue("foi-no-holidays", {"country": law.country}, severity="info"))
    if calendar.unknown_years:
        years = ", ".join(str(y) for y in sorted(calendar.unknown_years))
        issues.append(
            Issue(
                "foi-holidays-unknown-year",
                {"years": years, "first": str(HOLIDAY_YEARS[0]), "last": str(HOLIDAY_YEARS[-1])},
                severity="warning",
            )
        )
    days = law.response_days + ((law.extension_days or 0) if extended else 0)
    return DeadlineResult(
        filed=filed_day,
        received=received,
        deadline=deadline,
        counted_to=counted_to,
        country=law.country,
        law=law.law,
        days=days,
        day_type=law.day_type,
        extended=extended,
        closed_days=calendar.closures(filed_day, deadline),
        law_status=law.status,
        rule_status="verified" if law.country == "BR" else "unverified",
        issues=tuple(issues),
    )


def compare_countries(filed: dt.date | str, *, extended: bool = False) -> pd.DataFrame:
    """The deadline of one filing date under each law of ``load("foi_laws")``, side by side.

    Why: "20 days" in Brazil (calendar days) and "20 días hábiles" in Chile (business days) are not the
    same wait. Countries without a confirmed extension show no deadline when ``extended=True``.

    Returns
    -------
    pandas.DataFrame
        Columns ``country``, ``law``, ``days``, ``day_type``, ``deadline`` (date or NA),
        ``calendar_days`` (days from filing to deadline) and ``status`` (how firmly the days are verified).
    """
    import pandas as pd

    filed_day = _as_date(filed, "filed")
    rows = []
    for code, law in sorted(_laws().items()):
        if extended and law.extension_days is None:
            rows.append((code, law.law, None, law.day_type, None, None, law.status))
            continue
        result = legal_deadline(filed_day, code, extended)
        rows.append((code, law.law, result.days, law.day_type, result.deadline, result.calendar_days, law.status))
    frame = pd.DataFrame(rows, columns=["country", "law", "days", "day_type", "deadline", "calendar_days", "status"])
    frame["days"] = frame["days"].astype("Int64")
    frame["calendar_days"] = frame["calendar_days"].astype("Int64")
    return frame


# --------------------------------------------------------------------------------------------------
# The requests log
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestStats:
    """What a requests log says about a city's answers: speed, lateness, extensions and appeals.

    ``requests`` is the log with the computed columns (see :func:`request_table`); ``by_agency`` has one
    row per agency, the worst late share first.
    """

    as_of: dt.date
    total: int
    answered: int
    """Requests with an answer date (answered, partially answered or denied)."""
    pending: int
    denied: int
    median_days: float | None
    """Median calendar days from filing to answer, over answered requests."""
    late: int
    """Answered after the legal deadline, or still unanswered after it on ``as_of``."""
    extensions: int
    appeals: int
    appeals_granted: int
    by_agency: pd.DataFrame
    requests: pd.DataFrame
    issues: tuple[Issue, ...] = ()

    @property
    def late_share(self) -> float:
        return self.late / self.total if self.total else 0.0

    @property
    def extension_share(self) -> float:
        return self.extensions / self.total if self.total else 0.0

    @property
    def valid(self) -> bool:
        """True when no row had to be left out or questioned."""
        return not self.issues

    def summary(self, lang: str | None = None) -> list[str]:
        """Four or five sentences with the key numbers, in the reader's language."""
        lang = normalize_language(lang) if lang else get_language()
        median = "—" if self.median_days is None else format_number(self.median_days, lang)
        lines = [
            t(
                "foi.stats.total",
                lang,
                total=self.total,
                answered=self.answered,
                pending=self.pending,
                as_of=format_date(self.as_of, lang),
            ),
            t("foi.stats.median", lang, median=median),
            t("foi.stats.late", lang, late=self.late, share=format_percent(self.late_share, lang)),
            t(
                "foi.stats.extensions",
                lang,
                extensions=self.extensions,
                share=format_percent(self.extension_share, lang),
            ),
            t("foi.stats.appeals", lang, appeals=self.appeals, granted=self.appeals_granted, denied=self.denied),
        ]
        if self.issues:
            lines.append(t("foi.stats.issues", lang, count=len(self.issues)))
        return lines

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "total": self.total,
            "answered": self.answered,
            "pending": self.pending,
            "denied": self.denied,
            "median_days": self.median_days,
            "late": self.late,
            "late_share": self.late_share,
            "extensions": self.extensions,
            "appeals": self.appeals,
            "appeals_granted": self.appeals_granted,
            "by_agency": [
                {k: (None if _missing(v) else (v.item() if hasattr(v, "item") else v)) for k, v in row.items()}
                for row in self.by_agency.to_dict(orient="records")
            ],
            "issues": [issue.to_dict(lang) for issue in self.issues],
        }


def request_table(
    df: pd.DataFrame,
    *,
    as_of: dt.date | str | None = None,
    country: str = "BR",
    holidays: Iterable[dt.date | str] | None = None,
    limit_issues: int = 1000,
) -> tuple[pd.DataFrame, tuple[Issue, ...]]:
    """The requests log with each request's legal deadline and whether it was answered late.

    Why separate from :func:`request_stats`: a learner who doubts a number can look at the very rows
    behind it, sort them and check a few by hand.

    Parameters
    ----------
    df
        One row per request with the columns of :data:`REQUIRED_COLUMNS` (dates as dates or text,
        ``extension_used``/``appeal_filed`` as booleans or ``true``/``false``/``sim``/``não`` text).
    as_of
        The day the log was exported: unanswered requests past their deadline on that day count as late.
        Default: the latest date in the log.
    country, holidays
        As in :func:`legal_deadline`.
    limit_issues
        Keep at most this many issues.

    Returns
    -------
    tuple[pandas.DataFrame, tuple[Issue, ...]]
        The usable rows with new columns ``deadline``, ``days_to_answer`` (calendar days, NA while
        unanswered), ``late`` and ``days_late`` (NA when on time); and the issues of rows left out or
        questioned (1-based ``row`` numbers of the input).

    Raises
    ------
    CivicKitError
        ``foi-not-a-table``, ``foi-missing-columns``, ``foi-no-valid-requests``, and the errors of
        :func:`legal_deadline`.
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise CivicKitError.of("foi-not-a-table", kind=type(df).__name__)
    missing = [column for column in REQUIRED_COLUMNS if column not in df.columns]
    if missing:
        raise CivicKitError.of("foi-missing-columns", columns=", ".join(missing))
    law = _law(country)
    extra = _holiday_set(holidays)
    issues: list[Issue] = []
    table = df.reset_index(drop=True).copy()
    rows = pd.Series(range(1, len(table) + 1), index=table.index)

    opened = _date_column(table["opened_date"])
    answered = _date_column(table["answered_date"])
    bad_opened = opened.isna()
    _row_issues(issues, "foi-bad-opened-date", rows[bad_opened], "opened_date")
    raw_answer_given = table["answered_date"].notna() & (table["answered_date"].astype("string").str.strip() != "")
    bad_answer = answered.isna() & raw_answer_given
    _row_issues(issues, "foi-bad-answered-date", rows[bad_answer], "answered_date")
    before = answered.notna() & opened.notna() & (answered < opened)
    _row_issues(issues, "foi-answer-before-request", rows[before], "answered_date")
    extension = _bool_column(table["extension_used"])
    appeal = _bool_column(table["appeal_filed"])
    _row_issues(issues, "foi-bad-flag-value", rows[extension.isna()], "extension_used")
    _row_issues(issues, "foi-bad-flag-value", rows[appeal.isna()], "appeal_filed")
    status = table["status"].astype("string").str.strip().str.lower()
    unknown_status = ~status.isin(STATUSES).fillna(False).astype(bool)
    _row_issues(issues, "foi-unknown-status", rows[unknown_status], "status", severity="warning")
    pending_answered = (status == "pending").fillna(False).astype(bool) & answered.notna()
    _row_issues(issues, "foi-pending-with-answer", rows[pending_answered], "status", severity="warning")

    keep = ~(bad_opened | bad_answer | before | extension.isna() | appeal.isna())
    if not keep.any():
        raise CivicKitError.of("foi-no-valid-requests", rows=len(table))
    table = table[keep].copy()
    opened, answered = opened[keep], answered[keep]
    extension = extension[keep].astype(bool)
    if law.extension_days is None and extension.any():
        raise CivicKitError.of("foi-no-extension", country=law.country, law=law.law)

    if as_of is None:
        as_of_day = max(d for d in (opened.max(), answered.max()) if not _missing(d)).date()
    else:
        as_of_day = _as_date(as_of, "as_of")
    calendar = _Calendar(law.country, extra)
    deadlines = [
        _deadline_dates(law, calendar, day, ext)[2]
        for day, ext in zip(opened.dt.date.tolist(), extension.tolist(), strict=True)
    ]
    table["opened_date"] = opened
    table["answered_date"] = answered
    table["extension_used"] = extension
    table["appeal_filed"] = appeal[keep].astype(bool)
    table["deadline"] = pd.to_datetime(pd.Series(deadlines, index=table.index))
    table["days_to_answer"] = (answered - opened).dt.days.astype("Int64")
    reference = answered.fillna(pd.Timestamp(as_of_day))
    table["late"] = (reference > table["deadline"]).astype(bool)
    table["days_late"] = (reference - table["deadline"]).dt.days.where(table["late"]).astype("Int64")
    if calendar.unknown_years:
        years = ", ".join(str(y) for y in sorted(calendar.unknown_years))
        issues.append(
            Issue(
                "foi-holidays-unknown-year",
                {"years": years, "first": str(HOLIDAY_YEARS[0]), "last": str(HOLIDAY_YEARS[-1])},
                severity="warning",
            )
        )
    table.attrs["as_of"] = as_of_day
    return table.reset_index(drop=True), _cap(issues, limit_issues)


def request_stats(
    df: pd.DataFrame,
    *,
    as_of: dt.date | str | None = None,
    country: str = "BR",
    holidays: Iterable[dt.date | str] | None = None,
    limit_issues: int = 1000,
) -> RequestStats:
    """Summarise a requests log: how fast a city answers, how often it is late, extends, is appealed.

    Parameters are those of :func:`request_table`, which computes each request's deadline.

    Returns
    -------
    RequestStats
        Overall counts, median answer time, late share, and ``by_agency`` with the columns ``agency``,
        ``requests``, ``answered``, ``median_days``, ``late``, ``late_share``, ``extensions``, ``appeals``
        (worst late share first, ties by agency name).

    Example
    -------
    >>> from civic_kit.data import load
    >>> stats = request_stats(load("foi_requests"), as_of="2024-12-31")
    >>> stats.total
    898
    """
    table, issues = request_table(df, as_of=as_of, country=country, holidays=holidays, limit_issues=limit_issues)
    status = table["status"].astype("string").str.strip().str.lower()
    has_answer = table["answered_date"].notna()
    days = table["days_to_answer"].dropna()
    appeals = table["appeal_filed"]
    granted = 0
    if "appeal_outcome" in table.columns:
        outcome = table["appeal_outcome"].astype("string").str.strip().str.lower()
        granted = int((appeals & (outcome == "granted").fillna(False)).sum())
    grouped = table.assign(
        _answered=has_answer,
        _days=table["days_to_answer"].astype("Float64"),
        agency=table["agency"].astype("string").str.strip(),
    ).groupby("agency", sort=True, dropna=False)
    by_agency = grouped.agg(
        requests=("late", "size"),
        answered=("_answered", "sum"),
        median_days=("_days", "median"),
        late=("late", "sum"),
        extensions=("extension_used", "sum"),
        appeals=("appeal_filed", "sum"),
    ).reset_index()
    by_agency["late_share"] = by_agency["late"] / by_agency["requests"]
    by_agency["median_days"] = by_agency["median_days"].astype("float64")
    by_agency = by_agency.sort_values(["late_share", "agency"], ascending=[False, True], kind="mergesort")
    by_agency = by_agency[
        ["agency", "requests", "answered", "median_days", "late", "late_share", "extensions", "appeals"]
    ].reset_index(drop=True)
    for column in ("requests", "answered", "late", "extensions", "appeals"):
        by_agency[column] = by_agency[column].astype("int64")
    return RequestStats(
        as_of=table.attrs["as_of"],
        total=len(table),
        answered=int(has_answer.sum()),
        pending=int((~has_answer).sum()),
        denied=int((status == "denied").fillna(False).sum()),
        median_days=float(days.median()) if len(days) else None,
        late=int(table["late"].sum()),
        extensions=int(table["extension_used"].sum()),
        appeals=int(appeals.sum()),
        appeals_granted=granted,
        by_agency=by_agency,
        requests=table,
        issues=issues,
    )


# --------------------------------------------------------------------------------------------------
# Drafting a request
# --------------------------------------------------------------------------------------------------

#: Longest accepted field, in characters: a request is read by a person; a wall of text gets a worse answer.
MAX_FIELD = 300
MAX_ITEM = 1000
MAX_ITEMS = 20


@dataclass(frozen=True)
class RequestDraft:
    """A request ready to paste into an e-SIC form or an e-mail, with its deadline and any advice."""

    text: str
    lang: str
    deadline: DeadlineResult | None
    issues: tuple[Issue, ...] = ()
    """Advice (e.g. an item too vague to answer), never blocking."""

    def __str__(self) -> str:
        return self.text


def draft_request(
    *,
    agency: str,
    items: str | Sequence[str],
    requester: str,
    lang: str | None = None,
    country: str = "BR",
    filed: dt.date | str | None = None,
    contact: str | None = None,
) -> RequestDraft:
    """Write a well-formed access-to-information request as plain text.

    A good request names the body, identifies the requester (without giving reasons: the LAI forbids
    asking for them, art. 10 §3), lists precise, numbered questions, asks for an open, machine-readable
    format, and reminds the deadline and the right to appeal. This function writes that skeleton in the
    chosen language so the learner can focus on the questions.

    Parameters
    ----------
    agency
        The body asked (``Secretaria Municipal de Saúde``).
    items
        One question or a list of questions; each becomes a numbered line.
    requester
        Name of the person asking (the LAI asks for identification, art. 10).
    lang
        Language of the text; default: the current language. A request to a Brazilian body should be
        sent in Portuguese.
    country
        Whose law to cite (``BR`` cites the LAI's articles; others cite the law from ``foi_laws``).
    filed
        Filing date; when given, the text states the legal deadline (see :func:`legal_deadline`).
    contact
        E-mail or address for the answer.

    Returns
    -------
    RequestDraft
        ``text`` is plain text: control and invisible formatting characters are removed from every input,
        whitespace is tidied, and nothing is interpreted as markup.

    Raises
    ------
    CivicKitError
        ``foi-draft-empty`` (an empty field or no question), ``foi-draft-too-long``,
        ``foi-draft-too-many-items``, ``foi-draft-not-text``, and the errors of :func:`legal_deadline`.
    """
    lang = normalize_language(lang) if lang else get_language()
    law = _law(country)
    agency_text = _clean(agency, "agency", MAX_FIELD, lang)
    requester_text = _clean(requester, "requester", MAX_FIELD, lang)
    contact_text = _clean(contact, "contact", MAX_FIELD, lang) if contact is not None else None
    raw_items = [items] if isinstance(items, str) else items
    if not isinstance(raw_items, Sequence):
        raise CivicKitError.of("foi-draft-not-text", field=t("foi.field.items", lang), kind=type(items).__name__)
    if len(raw_items) > MAX_ITEMS:
        raise CivicKitError.of("foi-draft-too-many-items", count=len(raw_items), limit=MAX_ITEMS)
    questions = [_clean(item, "items", MAX_ITEM, lang) for item in raw_items]
    if not questions:
        raise CivicKitError.of("foi-draft-empty", field=t("foi.field.items", lang))
    issues = [
        Issue("foi-draft-vague-item", {"number": number}, severity="info")
        for number, question in enumerate(questions, start=1)
        if len(question.split()) < 4
    ]
    deadline = legal_deadline(filed, law.country) if filed is not None else None

    prefix = "foi.draft.br" if law.country == "BR" else "foi.draft.generic"
    lines = [
        t("foi.draft.to", lang, agency=agency_text),
        "",
        t(f"{prefix}.subject", lang, law=law.law),
        "",
        t(f"{prefix}.opening", lang, requester=requester_text, law=law.law),
        "",
    ]
    lines.extend(f"{number}. {question}" for number, question in enumerate(questions, start=1))
    lines += ["", t("foi.draft.format", lang), ""]
    days_key = "foi.draft.deadline-calendar" if law.day_type == "calendar" else "foi.draft.deadline-business"
    lines.append(t(f"{prefix}.rights", lang))
    lines.append(t(days_key, lang, days=law.response_days))
    if law.extension_days:
        lines.append(t(f"{prefix}.extension", lang, extension=law.extension_days))
    if deadline is not None:
        lines.append(
            t(
                "foi.draft.deadline-date",
                lang,
                filed=format_date(deadline.filed, lang),
                deadline=format_date(deadline.deadline, lang),
            )
        )
    lines += ["", t(f"{prefix}.denial", lang)]
    if contact_text:
        lines += ["", t("foi.draft.contact", lang, contact=contact_text)]
    lines += ["", t("foi.draft.closing", lang), requester_text]
    return RequestDraft("\n".join(lines), lang, deadline, tuple(issues))


# --------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _as_date(value: Any, name: str) -> dt.date:
    """A date from a date, datetime, pandas Timestamp or ISO / dd/mm/yyyy text; else ``foi-bad-date``."""
    if _missing(value):
        raise CivicKitError.of("foi-bad-date", name=name, value=repr(value)[:60])
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "to_pydatetime") and not _missing(value):
        return value.to_pydatetime().date()
    if isinstance(value, str):
        text = value.strip()
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
    raise CivicKitError.of("foi-bad-date", name=name, value=repr(value)[:60])


def _holiday_set(holidays: Iterable[dt.date | str] | None) -> frozenset[dt.date]:
    if holidays is None:
        return frozenset()
    if isinstance(holidays, (str, bytes, dt.date)) or not isinstance(holidays, Iterable):
        raise CivicKitError.of("foi-bad-date", name="holidays", value=repr(holidays)[:60])
    return frozenset(_as_date(day, "holidays") for day in holidays)


def _date_column(column: pd.Series) -> pd.Series:
    """Dates from a datetime column or text in ISO / dd/mm/yyyy form; anything else becomes NaT."""
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(column):
        return column.dt.tz_localize(None) if getattr(column.dt, "tz", None) else column
    text = column.astype("string").str.strip()
    iso = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    brazilian = pd.to_datetime(text, format="%d/%m/%Y", errors="coerce")
    return iso.fillna(brazilian).astype("datetime64[ns]")


_TRUE = {"true", "1", "sim", "si", "sí", "yes", "s", "y", "verdadeiro", "verdadero"}
_FALSE = {"false", "0", "nao", "não", "no", "n", "falso"}


def _bool_column(column: pd.Series) -> pd.Series:
    """Booleans from a bool column or yes/no text in the three languages; anything else becomes NA."""
    import pandas as pd

    if pd.api.types.is_bool_dtype(column) and not column.isna().any():
        return column.astype("boolean")
    text = column.astype("string").str.strip().str.lower()
    result = pd.Series(pd.NA, index=column.index, dtype="boolean")
    result[text.isin(_TRUE).fillna(False).astype(bool)] = True
    result[text.isin(_FALSE).fillna(False).astype(bool)] = False
    return result


def _row_issues(
    issues: list[Issue], code: str, rows: pd.Series, column: str, severity: Literal["error", "warning"] = "error"
) -> None:
    for row in rows.tolist():
        issues.append(Issue(code, {}, severity=severity, row=int(row), column=column))


def _cap(issues: list[Issue], limit: int) -> tuple[Issue, ...]:
    if limit < 0 or len(issues) <= limit:
        return tuple(issues)
    kept = issues[:limit]
    kept.append(Issue("foi-more-issues", {"count": len(issues) - limit}, severity="info"))
    return tuple(kept)


def _clean(value: Any, name: str, limit: int, lang: str) -> str:
    """User text made safe for a plain-text letter: no control or invisible characters, tidy spaces."""
    if not isinstance(value, str):
        raise CivicKitError.of("foi-draft-not-text", field=t(f"foi.field.{name}", lang), kind=type(value).__name__)
    text = unicodedata.normalize("NFC", value)
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = " ".join(text.split())
    if not text:
        raise CivicKitError.of("foi-draft-empty", field=t(f"foi.field.{name}", lang))
    if len(text) > limit:
        raise CivicKitError.of("foi-draft-too-long", field=t(f"foi.field.{name}", lang), length=len(text), limit=limit)
    return text

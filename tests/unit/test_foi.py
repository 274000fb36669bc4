"""civic_kit.foi: holidays, legal deadlines, the requests log and request drafts."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civic_kit.data import load
from civic_kit.foi import (
    BR_HOLIDAY_RULES,
    HOLIDAY_YEARS,
    br_holidays,
    compare_countries,
    draft_request,
    easter_sunday,
    legal_deadline,
    request_stats,
    request_table,
)
from civic_kit.problems import CivicKitError

D = dt.date


def _code(excinfo: pytest.ExceptionInfo[CivicKitError]) -> str:
    return excinfo.value.issue.code


# --- Easter and holidays ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2022, D(2022, 4, 17)),
        (2023, D(2023, 4, 9)),
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2000, D(2000, 4, 23)),
        (2038, D(2038, 4, 25)),
    ],
    ids=lambda v: str(v),
)
def test_easter_sunday_known_dates(year, easter):
    assert easter_sunday(year) == easter


@pytest.mark.parametrize("year", [1500, "2024", 2024.0, True, None], ids=repr)
def test_easter_sunday_refuses_bad_years(year):
    with pytest.raises(CivicKitError) as excinfo:
        easter_sunday(year)
    assert _code(excinfo) == "foi-bad-year"


def test_holidays_2024_include_the_new_black_consciousness_day_and_movable_feasts():
    days = {d.day: d for d in br_holidays(2024)}
    assert days[D(2024, 11, 20)].key == "black-consciousness"
    assert days[D(2024, 3, 29)].key == "good-friday"
    assert days[D(2024, 2, 12)].kind == "optional"  # Carnival Monday
    assert days[D(2024, 5, 30)].key == "corpus-christi"
    assert all(d.source and d.status in ("verified", "secondary", "unverified") for d in days.values())


def test_black_consciousness_day_is_a_holiday_only_from_2024():
    assert D(2023, 11, 20) not in {d.day for d in br_holidays(2023)}
    assert D(2025, 11, 20) in {d.day for d in br_holidays(2025)}


@pytest.mark.parametrize("year", list(HOLIDAY_YEARS), ids=str)
def test_holiday_counts_per_year(year):
    holidays = br_holidays(year, include_optional=False)
    optional = [d for d in br_holidays(year) if d.kind == "optional"]
    assert len(holidays) == (10 if year >= 2024 else 9)
    assert len(optional) == 4
    assert [d.day for d in br_holidays(year)] == sorted(d.day for d in br_holidays(year))


@pytest.mark.parametrize("year", [2021, 2027, "2024", None], ids=repr)
def test_holidays_outside_the_bundled_years_are_refused(year):
    with pytest.raises(CivicKitError) as excinfo:
        br_holidays(year)
    assert _code(excinfo) == "foi-holidays-year"


def test_every_rule_names_its_source_and_has_a_translated_name():
    from civic_kit.foi import NonBusinessDay

    for rule in BR_HOLIDAY_RULES:
        assert rule.source
        for lang in ("pt-BR", "es", "en"):
            assert NonBusinessDay(D(2024, 1, 1), rule.key, rule.kind).name(lang)


# --- legal deadlines --------------------------------------------------------------------------------

CASES = [
    # (filed, country, extended, extra holidays, expected deadline)
    ("holiday-at-the-end", "2024-10-31", "BR", False, None, D(2024, 11, 21)),
    ("same-date-before-the-2024-holiday", "2023-10-31", "BR", False, None, D(2023, 11, 20)),
    ("filed-on-saturday", "2024-10-26", "BR", False, None, D(2024, 11, 18)),
    ("filed-on-carnival", "2024-02-12", "BR", False, None, D(2024, 3, 6)),
    ("extension-added-to-the-rolled-deadline", "2024-10-31", "BR", True, None, D(2024, 12, 2)),
    ("municipal-holiday", "2024-10-31", "BR", False, ["2024-11-21"], D(2024, 11, 22)),
    ("mexico-business-days", "2024-10-31", "MX", False, None, D(2024, 11, 28)),
    ("mexico-with-a-holiday", "2024-10-31", "mx", False, [D(2024, 11, 18)], D(2024, 11, 29)),
    ("chile-extension", "2024-10-31", "CL", True, None, D(2024, 12, 12)),
    ("argentina-15-days", "2024-10-31", "AR", False, None, D(2024, 11, 21)),
    ("brazilian-text-date", "31/10/2024", "BR", False, None, D(2024, 11, 21)),
]


@pytest.mark.parametrize(
    ("filed", "country", "extended", "holidays", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_legal_deadline_cases(filed, country, extended, holidays, expected):
    result = legal_deadline(filed, country, extended, holidays)
    assert result.deadline == expected
    assert result.deadline.weekday() < 5


def test_deadline_explains_the_holiday_it_skipped():
    result = legal_deadline(D(2024, 10, 31))
    assert result.counted_to == D(2024, 11, 20)
    assert result.rolled_forward
    assert [d.key for d in result.closed_days] == ["republic", "black-consciousness"]
    assert result.rule_status == "verified"
    assert result.law_status == "verified"
    assert result.calendar_days == 21
    text = result.explain("pt-BR")
    assert "21/11/2024" in text and "Consciência Negra" in text and "quinta-feira" in text
    assert "2024-11-21" in result.explain("en")
    assert "jueves" in result.explain("es")
    assert result.to_dict("en")["closed_days"][1]["name"].startswith("National Day of Zumbi")


def test_calendar_counting_follows_the_official_worked_example():
    # A request received on Wednesday 16 May 2012 starts counting on the 17th and ends on 5 June.
    result = legal_deadline("2012-05-16")
    assert result.deadline == D(2012, 6, 5)
    assert [issue.code for issue in result.issues] == ["foi-holidays-unknown-year"]


def test_other_countries_say_that_their_holidays_are_not_bundled():
    result = legal_deadline("2024-10-31", "CL")
    assert [issue.code for issue in result.issues] == ["foi-no-holidays"]
    assert result.rule_status == "unverified"
    assert legal_deadline("2024-10-31", "CL", holidays=[D(2024, 11, 1)]).issues == ()


def test_accepts_datetimes_and_timestamps():
    assert legal_deadline(dt.datetime(2024, 10, 31, 15, 30)).deadline == D(2024, 11, 21)
    assert legal_deadline(pd.Timestamp("2024-10-31")).deadline == D(2024, 11, 21)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"filed": "31-10-2024"}, "foi-bad-date"),
        ({"filed": None}, "foi-bad-date"),
        ({"filed": 20241031}, "foi-bad-date"),
        ({"filed": pd.NaT}, "foi-bad-date"),
        ({"filed": "2024-10-31", "country": "XX"}, "foi-unknown-country"),
        ({"filed": "2024-10-31", "country": None}, "foi-unknown-country"),
        ({"filed": "2024-10-31", "country": "CO", "extended": True}, "foi-no-extension"),
        ({"filed": "2024-10-31", "extended": "yes"}, "foi-bad-flag"),
        ({"filed": "2024-10-31", "holidays": "2024-11-01"}, "foi-bad-date"),
        ({"filed": "2024-10-31", "holidays": ["tomorrow"]}, "foi-bad-date"),
        ({"filed": "2024-10-31", "holidays": 5}, "foi-bad-date"),
    ],
    ids=[
        "dashes",
        "none",
        "int",
        "nat",
        "unknown-country",
        "country-none",
        "colombia-extension",
        "flag-text",
        "holidays-string",
        "holiday-word",
        "holidays-int",
    ],
)
def test_legal_deadline_refuses_bad_input(kwargs, code):
    with pytest.raises(CivicKitError) as excinfo:
        legal_deadline(**kwargs)
    assert _code(excinfo) == code
    assert excinfo.value.message("es")


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=D(2022, 1, 1), max_value=D(2026, 11, 30)))
def test_brazilian_deadline_properties(filed):
    plain = legal_deadline(filed)
    extended = legal_deadline(filed, extended=True)
    assert plain.deadline.weekday() < 5
    assert plain.deadline not in {d.day for d in br_holidays(plain.deadline.year)}
    assert 20 <= plain.calendar_days <= 28
    assert extended.deadline >= plain.deadline + dt.timedelta(days=10)
    assert extended.calendar_days <= 40


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=D(2022, 1, 1), max_value=D(2026, 11, 30)))
def test_business_day_deadline_counts_exactly_the_law_days(filed):
    result = legal_deadline(filed, "CL")
    weekdays = sum(1 for n in range(1, result.calendar_days + 1) if (filed + dt.timedelta(days=n)).weekday() < 5)
    assert weekdays == 20


def test_compare_countries_lists_every_law():
    table = compare_countries("2024-10-31")
    assert sorted(table["country"]) == sorted(load("foi_laws")["country"])
    brazil = table.set_index("country").loc["BR"]
    assert brazil["deadline"] == D(2024, 11, 21) and brazil["day_type"] == "calendar"
    extended = compare_countries("2024-10-31", extended=True).set_index("country")
    assert pd.isna(extended.loc["CO", "deadline"]) and pd.isna(extended.loc["CO", "days"])
    assert extended.loc["UY", "days"] == 40


# --- requests log -----------------------------------------------------------------------------------


def _log(**overrides):
    rows = {
        "opened_date": ["2024-10-31", "2024-10-31", "2024-10-31", "2024-12-20", "2024-10-31"],
        "agency": ["A", "A", "B", "B", "B"],
        "status": ["answered", "answered", "denied", "pending", "pending"],
        "answered_date": ["2024-11-21", "2024-11-22", "2024-12-02", None, None],
        "extension_used": [False, False, True, False, False],
        "appeal_filed": [False, True, True, False, False],
        "appeal_outcome": [None, "granted", "denied", None, None],
    }
    rows.update(overrides)
    return pd.DataFrame(rows)


def test_request_table_marks_late_answers_against_the_legal_deadline():
    table, issues = request_table(_log(), as_of="2024-12-31")
    assert issues == ()
    assert table["late"].tolist() == [False, True, False, False, True]
    assert table["deadline"].dt.date.tolist()[:3] == [D(2024, 11, 21), D(2024, 11, 21), D(2024, 12, 2)]
    assert table["days_late"].tolist()[1] == 1
    assert pd.isna(table["days_to_answer"].iloc[3])


def test_pending_requests_are_late_only_after_their_deadline():
    table, _ = request_table(_log(), as_of="2024-11-21")
    assert table["late"].tolist() == [False, True, False, False, False]


def test_request_stats_small_log():
    stats = request_stats(_log(), as_of="2024-12-31")
    assert (stats.total, stats.answered, stats.pending, stats.denied) == (5, 3, 2, 1)
    assert (stats.late, stats.extensions, stats.appeals, stats.appeals_granted) == (2, 1, 2, 1)
    assert stats.median_days == 22
    assert stats.late_share == pytest.approx(0.4)
    assert stats.by_agency["agency"].tolist() == ["A", "B"]
    assert stats.by_agency["late_share"].tolist() == [0.5, pytest.approx(1 / 3)]
    assert stats.valid
    assert stats.to_dict()["late"] == 2


def test_request_stats_orders_agencies_by_late_share():
    stats = request_stats(_log(agency=["B", "A", "B", "B", "A"]), as_of="2024-12-31")
    assert stats.by_agency["agency"].tolist() == ["A", "B"]
    assert stats.by_agency["late_share"].tolist() == [1.0, 0.0]


def test_agencies_with_the_same_late_share_are_ordered_by_name():
    stats = request_stats(_log(agency=["Z", "Z", "B", "B", "A"]), as_of="2024-12-31")
    assert stats.by_agency["agency"].tolist() == ["A", "Z", "B"]


def test_default_as_of_is_the_latest_date_in_the_log():
    assert request_stats(_log()).as_of == D(2024, 12, 20)


def test_bundled_requests_log():
    stats = request_stats(load("foi_requests"), as_of="2024-12-31")
    assert stats.total == 898 and stats.issues == ()
    assert 0.10 < stats.late_share < 0.20
    assert stats.by_agency.iloc[0]["agency"] == "Secretaria Municipal de Obras e Serviços Urbanos"
    assert stats.by_agency["requests"].sum() == 898
    lines = stats.summary("pt-BR")
    assert lines[0].startswith("898 pedidos") and "31/12/2024" in lines[0]
    assert stats.summary("en")[2].startswith(f"{stats.late} requests")


def test_text_dates_and_yes_no_words_are_understood():
    log = _log(
        opened_date=["31/10/2024"] * 3 + ["20/12/2024", "31/10/2024"],
        extension_used=["não", "nao", "sim", "false", "0"],
        appeal_filed=["no", "sí", "true", "False", "n"],
    )
    stats = request_stats(log, as_of="2024-12-31")
    assert (stats.total, stats.late, stats.extensions, stats.appeals) == (5, 2, 1, 2)


def test_bad_rows_are_left_out_and_reported_with_their_row_number():
    log = _log(
        opened_date=["2024-10-31", "not a date", "2024-10-31", "2024-12-20", "2024-10-31"],
        answered_date=["2024-10-01", "2024-11-22", "someday", None, None],
        extension_used=[False, False, True, "maybe", False],
        status=["answered", "answered", "denied", "pending", "lost"],
    )
    stats = request_stats(log, as_of="2024-12-31")
    found = sorted((issue.row, issue.code) for issue in stats.issues)
    assert found == [
        (1, "foi-answer-before-request"),
        (2, "foi-bad-opened-date"),
        (3, "foi-bad-answered-date"),
        (4, "foi-bad-flag-value"),
        (5, "foi-unknown-status"),
    ]
    assert stats.total == 1  # only the row with an unknown status (a warning) is kept
    assert not stats.valid
    assert "problema" in stats.summary("pt-BR")[-1]
    for issue in stats.issues:
        assert issue.message("es") and issue.message("en")


def test_pending_with_an_answer_date_is_a_warning():
    log = _log(status=["pending", "answered", "denied", "pending", "pending"])
    stats = request_stats(log, as_of="2024-12-31")
    assert [issue.code for issue in stats.issues] == ["foi-pending-with-answer"]
    assert stats.total == 5


def test_issue_list_is_capped():
    log = _log(opened_date=["x"] * 4 + ["2024-10-31"])
    _, issues = request_table(log, limit_issues=2)
    assert [issue.code for issue in issues] == ["foi-bad-opened-date", "foi-bad-opened-date", "foi-more-issues"]


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ([1, 2, 3], "foi-not-a-table"),
        (pd.DataFrame({"opened_date": ["2024-01-01"]}), "foi-missing-columns"),
        (_log(opened_date=["?"] * 5), "foi-no-valid-requests"),
        (pd.DataFrame(columns=list(_log().columns)), "foi-no-valid-requests"),
    ],
    ids=["list", "missing-columns", "no-valid-rows", "empty"],
)
def test_request_stats_refuses_unusable_tables(frame, code):
    with pytest.raises(CivicKitError) as excinfo:
        request_stats(frame)
    assert _code(excinfo) == code


def test_extensions_are_refused_for_a_country_without_a_confirmed_extension():
    with pytest.raises(CivicKitError) as excinfo:
        request_stats(_log(), country="CO")
    assert _code(excinfo) == "foi-no-extension"


# --- drafting ---------------------------------------------------------------------------------------


def test_draft_request_is_complete_and_numbered():
    draft = draft_request(
        agency="Secretaria Municipal de Saúde",
        items=["Lista de contratos de 2024 com fornecedor, valor e data", "Valor pago a cada fornecedor em 2024"],
        requester="Ana Exemplo",
        lang="pt-BR",
        filed="2024-10-31",
        contact="ana@example.org",
    )
    text = draft.text
    assert text.startswith("Para: Secretaria Municipal de Saúde")
    assert "1. Lista de contratos de 2024" in text and "2. Valor pago" in text
    assert "art. 10, § 3º" in text and "21/11/2024" in text and "ana@example.org" in text
    assert "mais 10 dias mediante justificativa expressa" in text and "art. 11, §§ 1º e 2º" in text
    assert text.rstrip().endswith("Ana Exemplo")
    assert draft.deadline is not None and draft.deadline.deadline == D(2024, 11, 21)
    assert str(draft) == text and draft.issues == ()


@pytest.mark.parametrize(("lang", "word"), [("pt-BR", "Assunto"), ("es", "Asunto"), ("en", "Subject")], ids=str)
def test_draft_request_languages(lang, word):
    draft = draft_request(agency="Órgão", items="Lista de contratos de 2024 com valores", requester="Ana", lang=lang)
    assert word in draft.text and draft.lang == lang and draft.deadline is None


def test_draft_for_another_country_cites_its_law_and_business_days():
    draft = draft_request(
        agency="Municipalidad",
        items="Contratos de 2024 con montos",
        requester="Ana",
        lang="es",
        country="CL",
        filed="2024-10-31",
    )
    assert "Ley 20.285" in draft.text and "20 días hábiles" in draft.text and "art. 10, § 3" not in draft.text
    assert "10 días más, con justificación" in draft.text
    colombia = draft_request(
        agency="Alcaldía", items="Contratos de 2024 con montos", requester="Ana", lang="es", country="CO"
    )
    assert "10 días hábiles" in colombia.text and "prorrogarse" not in colombia.text


def test_draft_is_plain_text_without_control_or_invisible_characters():
    draft = draft_request(
        agency="Secretaria\x00 de <b>Obras</b>",
        items=["Contratos\r\n de 2024 \u202eevil\u202c <script>alert(1)</script> com valores"],
        requester="Ana\tExemplo\u200b",
        lang="en",
    )
    assert "\x00" not in draft.text and "\u202e" not in draft.text and "\u200b" not in draft.text
    assert "To: Secretaria de <b>Obras</b>" in draft.text  # kept as literal text, never interpreted
    assert "1. Contratos de 2024 evil <script>alert(1)</script> com valores" in draft.text
    assert "Ana Exemplo" in draft.text


def test_vague_questions_get_advice_not_an_error():
    draft = draft_request(agency="Órgão", items=["Contratos?", "Lista de todos os contratos de 2024"], requester="Ana")
    assert [(i.code, i.params["number"]) for i in draft.issues] == [("foi-draft-vague-item", 1)]


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"agency": "  "}, "foi-draft-empty"),
        ({"items": []}, "foi-draft-empty"),
        ({"items": ["  "]}, "foi-draft-empty"),
        ({"requester": None}, "foi-draft-not-text"),
        ({"items": 42}, "foi-draft-not-text"),
        ({"items": ["ok question here", 3]}, "foi-draft-not-text"),
        ({"agency": "x" * 301}, "foi-draft-too-long"),
        ({"items": ["uma pergunta clara"] * 21}, "foi-draft-too-many-items"),
        ({"country": "ZZ"}, "foi-unknown-country"),
        ({"filed": "amanhã"}, "foi-bad-date"),
    ],
    ids=[
        "empty-agency",
        "no-items",
        "blank-item",
        "requester-none",
        "items-int",
        "item-int",
        "too-long",
        "too-many",
        "country",
        "filed",
    ],
)
def test_draft_request_refuses_bad_fields(kwargs, code):
    arguments = {"agency": "Órgão", "items": "Lista de contratos de 2024", "requester": "Ana", "lang": "pt-BR"}
    arguments.update(kwargs)
    with pytest.raises(CivicKitError) as excinfo:
        draft_request(**arguments)
    assert _code(excinfo) == code
    assert excinfo.value.message("en")

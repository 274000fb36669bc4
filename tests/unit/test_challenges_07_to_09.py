"""Challenges of lessons 07-09: expected values checked by independent means, and the classic traps judged wrong.

The challenge modules compute their answers with civic_kit.foi / privacy / journalism (the functions the
lessons teach); here the numbers are recomputed by hand or with plain pandas, so a bug in those functions
cannot make a lesson "prove" a wrong answer.
"""

from __future__ import annotations

import datetime as dt
import importlib

import pandas as pd
import pytest

from civic_kit.data import load
from civic_kit.lessons.challenge import evaluate
from civic_kit.lessons.challenges import get_challenge
from civic_kit.privacy import fake_requesters

L07 = importlib.import_module("civic_kit.lessons.challenges.07_asking_the_government")
L08 = importlib.import_module("civic_kit.lessons.challenges.08_privacy_before_publishing")
L09 = importlib.import_module("civic_kit.lessons.challenges.09_data_journalism")


def _judge(challenge_id, answer, lang="pt-BR"):
    return evaluate(get_challenge(challenge_id), answer, lang)


# --- lesson 07 ----------------------------------------------------------------------------------------


def test_year_end_deadline_counted_by_hand():
    # Filed Friday 20 Dec 2024 (a business day): counting starts Monday 23 Dec; day 20 is Saturday 11 Jan,
    # so the deadline moves to Monday 13 Jan; the extension adds 10 days: Thursday 23 Jan 2025.
    assert L07.year_end_deadline() == "2025-01-23"


@pytest.mark.parametrize("wrong", ["2025-01-19", "2025-01-13", "23/01/2025x"], ids=["plus-30", "no-extension", "typo"])
def test_year_end_deadline_traps(wrong):
    feedback = _judge("07-year-end-deadline", wrong)
    assert not feedback.correct and any("10" in line for line in feedback.details)


def test_a_date_object_is_explained_not_crashed():
    feedback = _judge("07-year-end-deadline", dt.date(2025, 1, 23), "en")
    assert feedback.status == "incorrect" and "text" in " ".join(feedback.details)


def _naive_lateness():
    """Lateness with plain date arithmetic: 20 (or 30) calendar days after filing, no holiday rules."""
    log = load("foi_requests")
    limit = pd.to_timedelta(log["extension_used"].map({True: 30, False: 20}), unit="D")
    reference = log["answered_date"].fillna(pd.Timestamp("2024-12-31"))
    return log.assign(late=(reference - log["opened_date"]) > limit)


def test_worst_agency_agrees_with_naive_counting():
    naive = _naive_lateness().groupby("agency")["late"].mean()
    assert L07.worst_agency() == naive.idxmax()


def test_health_late_is_at_most_the_naive_count():
    naive = _naive_lateness()
    naive_health = int(naive.loc[naive["agency"] == L07.HEALTH, "late"].sum())
    # Moving a deadline off a weekend or holiday can only make an answer on time, never late.
    assert 0 <= naive_health - L07.health_late() <= 5


def test_health_late_share_instead_of_count_is_wrong():
    share = L07.health_late() / int((load("foi_requests")["agency"] == L07.HEALTH).sum())
    assert not _judge("07-health-late", share).correct


# --- lesson 08 ----------------------------------------------------------------------------------------


def test_personal_columns_are_the_identifying_ones_of_the_generator():
    assert set(L08.personal_columns()) == {"nome", "cpf", "email", "telefone", "cep", "mensagem"}
    forgot_free_text = ["nome", "cpf", "email", "telefone", "cep"]
    feedback = _judge("08-personal-columns", forgot_free_text)
    assert not feedback.correct


def test_exposed_people_with_a_plain_groupby():
    people = fake_requesters()
    decade = people["ano_nascimento"] // 10 * 10
    sizes = people.groupby([people["bairro"], decade]).size()
    assert L08.exposed_people() == int(sizes[sizes < 5].sum())
    assert not _judge("08-exposed-people", int((sizes < 5).sum())).correct  # groups counted instead of people


def test_suppressed_cells_include_every_small_count():
    people = fake_requesters()
    table = pd.crosstab(people["bairro"], people["ano_nascimento"] // 10 * 10)
    primary = int(((table > 0) & (table < 5)).sum().sum())
    assert primary <= L08.suppressed_cells() < table.size


# --- lesson 09 ----------------------------------------------------------------------------------------


def test_placeholder_is_the_unfilled_record():
    contracts = load("contracts")
    unfilled = contracts[(contracts["supplier"] == "A DEFINIR") & (contracts["supplier_cnpj"] == "0" * 14)]
    assert L09.placeholder_id() == unfilled["contract_id"].item()


def test_health_share_with_a_plain_groupby():
    contracts = load("contracts")
    health = contracts[(contracts["orgao"] == L09.HEALTH) & (contracts["supplier"] != "A DEFINIR")]
    by_supplier = health.groupby("supplier")["value_brl"].sum()
    assert L09.health_top_share_percent() == pytest.approx(by_supplier.max() / by_supplier.sum() * 100)


@pytest.mark.parametrize(
    ("answer", "correct"),
    [(60, True), (60.0, True), (59.9, False), (0.6, False)],
    ids=["rounded", "one-decimal", "off", "fraction"],
)
def test_health_share_rounding_and_the_fraction_trap(answer, correct):
    assert _judge("09-health-share", answer).correct is correct


def test_split_contracts_with_a_plain_filter():
    contracts = load("contracts")
    limit = L09.DISPENSA_LIMIT_2023
    near = contracts[
        (contracts["modality"] == "dispensa")
        & (contracts["value_brl"] < limit)
        & (contracts["value_brl"] >= 0.8 * limit)
    ]
    groups = near.groupby(["orgao", "supplier"])["signed_date"].agg(["size", "min", "max"])
    clustered = groups[(groups["size"] >= 3) & ((groups["max"] - groups["min"]).dt.days <= 40)]
    assert L09.split_contracts() == int(clustered["size"].sum())

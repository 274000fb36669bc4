"""The draft tree: legal structure, numbering across chapters, conditions and dependencies, notes, speed."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from civic_kit.i18n import LANGUAGES
from civic_kit.policy.answers import Answers, load_answers
from civic_kit.policy.catalogue import catalogue
from civic_kit.policy.draft import build_draft
from civic_kit.policy.numbering import article_label, roman
from civic_kit.policy.selection import select, switches

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "drafter"
MINIMAL = load_answers(EXAMPLES / "minimal.yaml")[0]
COMPLETE = load_answers(EXAMPLES / "complete.yaml")[0]
ENDING = {"pt-BR": "; e", "es": "; y", "en": "; and"}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("answers", [MINIMAL, COMPLETE], ids=["minimal", "complete"])
def test_articles_are_numbered_continuously_across_chapters(answers, lang):
    draft = build_draft(answers, lang)
    articles = draft.articles()
    assert [a.number for a in articles] == list(range(1, len(articles) + 1))
    assert [a.label for a in articles] == [article_label(n, lang) for n in range(1, len(articles) + 1)]
    assert [c.number for c in draft.chapters] == list(range(1, len(draft.chapters) + 1))
    assert all(c.label.endswith(f" {roman(c.number)}") for c in draft.chapters)


def test_brazilian_numbering_switches_from_ordinal_to_cardinal_at_ten():
    labels = [a.label for a in build_draft(COMPLETE, "pt-BR").articles()]
    assert (
        labels[0] == "Art. 1º"
        and labels[8] == "Art. 9º"
        and labels[9] == "Art. 10."
        and labels[-1] == f"Art. {len(labels)}."
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_paragraphs_and_items(lang):
    draft = build_draft(COMPLETE, lang)
    for article in draft.articles():
        if len(article.paragraphs) == 1 and lang != "en":
            assert article.paragraphs[0].label == "Parágrafo único."
        if len(article.paragraphs) > 1 and lang == "pt-BR":
            assert [p.label for p in article.paragraphs][:2] == ["§ 1º", "§ 2º"]
        if article.items:
            assert article.text.endswith(":")
            *rest, last = article.items
            assert last.text.endswith(".") or last.subitems
            if rest:
                assert rest[-1].text.endswith(ENDING[lang]) or rest[-1].subitems
                assert all(item.text.endswith(";") or item.subitems for item in rest[:-1])
    data_requests = draft.article("data-requests")
    assert data_requests is not None and len(data_requests.paragraphs) == 2  # LAI arts. 10 and 11


def test_priority_areas_become_subitems_closed_by_the_item_ending():
    draft = build_draft(COMPLETE, "pt-BR")
    plan = draft.article("open-data-plan")
    assert plan is not None
    item = next(i for i in plan.items if i.provision == "prioritization")
    assert item.text.endswith(":")
    assert [s.label for s in item.subitems] == ["a)", "b)", "c)", "d)", "e)"]
    assert item.subitems[0].text == "saúde;"
    assert item.subitems[-2].text.endswith("; e")
    assert item.subitems[-1].text == "mobilidade urbana;"  # the plan's list continues after this item
    general = build_draft(MINIMAL, "en").article("open-data-plan")
    assert general is not None and all(not i.subitems for i in general.items)


def test_small_brazilian_municipality_keeps_the_real_time_budget_duty():
    for population, small in ((10000, True), (10001, False), (8500, True), (250000, False)):
        draft = build_draft(replace(MINIMAL, population=population), "pt-BR")
        ids = set(draft.provisions)
        assert ("br-lai-art-8-par-4" in ids) is small
        assert ("br-lai-small-municipality" in ids) is small
        assert ("br-lai-art-8-par-2" in ids) is not small
        assert "br-lc-131" in ids  # LC 131 applies whatever the population
    text = "\n".join(build_draft(MINIMAL, "pt-BR").texts())
    assert (
        "10.000 (dez mil) habitantes" in text and "Lei Complementar nº 131/2009" in text and "8.500 habitantes" in text
    )


def test_brazil_only_provisions_stay_out_of_other_countries():
    for country in ("MX", "CO", "CL", "AR", "UY"):
        answers = Answers("Villa", 50000, "El Intendente", country=country, instrument="ordenanza")
        ids = set(build_draft(answers, "es").provisions)
        assert not {pid for pid in ids if pid.startswith("br-")}
        assert f"{country.lower()}-" in " ".join(ids)


def test_english_draft_for_a_brazilian_city_keeps_brazilian_law():
    text = "\n".join(build_draft(MINIMAL, "en").texts())
    assert "Law No. 12,527/2011" in text and "Section 1." in text


def test_dependencies_binding_regulations_need_a_named_oversight_body():
    without = select(MINIMAL)
    assert without.decisions["binding-regulations"].reason == "requires"
    assert without.decisions["binding-regulations"].missing == ("oversight-authority",)
    assert without.is_included("oversight-designation")
    with_body = select(replace(MINIMAL, oversight_body="Controladoria"))
    assert with_body.is_included("binding-regulations") and not with_body.is_included("oversight-designation")
    assert "oversight_body" in switches("binding-regulations")


def test_a_child_is_left_out_with_its_parent():
    decisions = select(replace(MINIMAL, country="MX", instrument="decreto")).decisions
    assert decisions["br-shared-use"].included is False
    assert decisions["br-lgpd-art-25"].reason == "parent"


def test_charter_principles_follow_the_provisions_they_rest_on():
    minimal = select(MINIMAL)
    assert minimal.is_included("open-by-default") and minimal.is_included("accessible-and-usable")
    assert not minimal.is_included("timely-and-comprehensive")
    updates = select(replace(MINIMAL, publication=("timely-updates",)))
    assert updates.is_included("timely-and-comprehensive")
    hackathons = select(replace(MINIMAL, participation=("hackathons",)))
    assert hackathons.is_included("inclusive-development-and-innovation")
    assert hackathons.is_included("improved-governance-and-citizen-engagement")


def test_variants_follow_the_answers():
    url = build_draft(COMPLETE, "pt-BR").article("data-portals-and-websites")
    assert url is not None and "https://dados.valeverde.example.gov.br" in url.text
    new = build_draft(MINIMAL, "pt-BR").article("data-portals-and-websites")
    assert new is not None and new.text.startswith("O Município manterá")
    cc0 = build_draft(COMPLETE, "en").article("license-free")
    assert cc0 is not None and "CC0 1.0" in cc0.text
    assert build_draft(COMPLETE, "en").article("licence-conditions") is None


def test_optional_entries_follow_the_answers():
    timelines = build_draft(MINIMAL, "pt-BR").article("timelines")
    assert timelines is not None and len(timelines.items) == 4  # plan, inventory, portal, report
    with_portal = build_draft(COMPLETE, "pt-BR").article("timelines")
    assert with_portal is not None and len(with_portal.items) == 3
    assert "120 dias" in with_portal.items[1].text


def test_unconfirmed_references_are_flagged_in_the_notes():
    draft = build_draft(MINIMAL, "pt-BR")
    notes = {note.ref: note for note in draft.notes}
    assert [note.number for note in draft.notes] == list(range(1, len(draft.notes) + 1))
    assert notes["br-lai-art-8"].confirmed and "[referência a confirmar]" not in notes["br-lai-art-8"].text(
        draft.labels.to_confirm
    )
    flagged = notes["br-lc-131"].text(draft.labels.to_confirm)
    assert "[referência a confirmar]" in flagged and "fonte secundária" in flagged
    for note in draft.notes:
        assert note.confirmed == (catalogue().references[note.ref].status == "verified")
    cited = {n for a in draft.articles() for n in (*a.notes, *(p for par in a.paragraphs for p in par.notes))}
    assert cited <= {note.number for note in draft.notes}


def test_colombian_deadline_is_flagged_unverified_in_spanish():
    draft = build_draft(Answers("Villa", 50000, "El Alcalde", country="CO", instrument="acuerdo"), "es")
    note = next(n for n in draft.notes if n.ref == "co-ley-1712-deadline")
    assert note.text(draft.labels.to_confirm).endswith("[referencia por confirmar] (no verificada)")


def test_instrument_wording():
    lei = build_draft(COMPLETE, "pt-BR")
    assert lei.title.startswith("PROJETO DE LEI") and lei.formula == "A Câmara Municipal de Vale Verde decreta:"
    assert lei.articles()[-1].text == "Esta Lei entra em vigor na data de sua publicação."
    ordenanza = build_draft(Answers("Villa", 50000, "El Concejo", country="AR", instrument="ordenanza"), "es")
    assert ordenanza.formula == "SANCIONA CON FUERZA DE ORDENANZA:"
    assert ordenanza.articles()[-1].text.startswith("La presente Ordenanza entra en vigor")


def test_user_text_is_kept_verbatim_in_the_tree():
    evil = replace(MINIMAL, municipality="<b>{population}</b>", issuing_authority="[x](javascript:alert(1))")
    draft = build_draft(evil, "pt-BR")
    assert draft.cover[0][1] == "<b>{population}</b>"
    assert "Município de <b>{population}</b>" in draft.ementa
    assert draft.closing[-1] == "[x](javascript:alert(1))"


def test_no_placeholder_survives_in_any_language():
    for lang in LANGUAGES:
        for answers in (MINIMAL, COMPLETE):
            text = "\n".join(build_draft(answers, lang).texts())
            assert not re.search(r"\{[a-z_]+\}", text)

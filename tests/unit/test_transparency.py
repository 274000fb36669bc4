"""Transparency self-assessment: checklist data, scoring, seals, countries, storage, HTML and Word reports."""

from __future__ import annotations

import hashlib
import io
import json
import re
from fractions import Fraction
from html.parser import HTMLParser

import markupsafe
import pytest
import yaml

from civic_kit.i18n import LANGUAGES, catalog
from civic_kit.problems import CivicKitError
from civic_kit.transparency import (
    COUNTRIES,
    SCHEMA_VERSION,
    SEALS,
    SelfAssessment,
    assess,
    dumps,
    load,
    load_checklist,
    loads,
    percent_text,
    render_docx,
    render_html,
    save,
    seal_for,
)
from civic_kit.transparency import store as store_module
from civic_kit.transparency.checklist import parse_checklist
from civic_kit.transparency.render import clean_text, report_context

CHECKLIST = load_checklist()


def _tiny(items: list[dict]) -> object:
    """A hand-sized checklist with the bundled weights, for scores that can be checked by hand."""
    return parse_checklist(
        {
            "version": 1,
            "weights": {"essential": 3, "mandatory": 2, "recommended": 1},
            "weights_basis": [{"law": "ATRICON", "article": "x", "status": "verified"}],
            "small_municipality": {
                "max_population": 10000,
                "basis": [{"law": "LAI", "article": "art. 8, § 4º", "status": "secondary"}],
            },
            "dimensions": ["revenue", "staff", "website"],
            "items": [
                {
                    "lai_internet": False,
                    "basis": [{"law": "LAI", "article": "art. 8", "status": "secondary"}],
                    **item,
                }
                for item in items
            ],
        }
    )


FOUR = _tiny(
    [
        {"id": "e1", "dimension": "revenue", "class": "essential"},
        {"id": "m1", "dimension": "staff", "class": "mandatory"},
        {"id": "m2", "dimension": "website", "class": "mandatory", "lai_internet": True},
        {"id": "r1", "dimension": "website", "class": "recommended"},
    ]
)


def _score(answers: dict[str, str], checklist=FOUR, **kwargs):
    return assess(SelfAssessment(answers=answers, **kwargs), checklist)


# -- the bundled checklist -----------------------------------------------------------------------------------


def test_checklist_size_and_classes_follow_the_atricon_rule():
    assert 30 <= len(CHECKLIST.items) <= 45
    assert dict(CHECKLIST.weights) == {"essential": 3, "mandatory": 2, "recommended": 1}
    essentials = {item.dimension for item in CHECKLIST.items if item.weight_class == "essential"}
    # essential criteria are only revenue, expenditure and fiscal-management reports (Resolução Atricon 01/2022)
    assert essentials == {"revenue", "expenditure", "fiscal"}
    assert {item.dimension for item in CHECKLIST.items} == set(CHECKLIST.dimensions)


def test_every_item_text_exists_in_every_language():
    for lang in LANGUAGES:
        messages = catalog(lang)
        for item in CHECKLIST.items:
            for part in ("title", "explain", "how", "action"):
                assert messages.get(f"transparency.item.{item.id}.{part}"), (lang, item.id, part)
        for dimension in CHECKLIST.dimensions:
            assert messages[f"transparency.dimension.{dimension}"]
        laws = {b.law for i in CHECKLIST.items for b in i.basis}
        laws |= {b.law for i in CHECKLIST.items for bases in i.countries.values() for b in bases}
        for law in laws:
            assert messages[f"transparency.law.{law}"]
        for code in (*COUNTRIES,):
            assert messages[f"transparency.country.{code}"] and messages[f"transparency.country-note.{code}"]
        for seal in SEALS:
            assert messages[f"transparency.seal.{seal}"]


# Statuses as written in docs/reference/policy-and-law.md §3 (law, article prefix) -> status.
REFERENCE_STATUS = {
    ("LAI", "art. 8, caput"): "verified",
    ("LAI", "art. 8, § 1º"): "secondary",
    ("LAI", "art. 8, § 2º"): "secondary",
    ("LAI", "art. 8, § 3º"): "secondary",
    ("LAI", "art. 8, § 4º"): "secondary",
    ("LAI", "art. 9"): "secondary",
    ("LAI", "art. 10"): "verified",
    ("LAI", "art. 11"): "verified",
    ("LAI", "art. 12"): "verified",
    ("LAI", "art. 15"): "secondary",
    ("LAI", "art. 30"): "unverified",
    ("LAI", "art. 40"): "secondary",
    ("LAI", "art. 45"): "unverified",
    ("LGPD", "art. 23"): "verified",
    ("LRF", "art. 48-A"): "secondary",
    ("L14129", "art. 29"): "verified",
    ("ATRICON", "Resolução Atricon 01/2022"): "verified",
    ("EBT", "EBT"): "secondary",
    ("DEC-10540", "Decreto"): "secondary",
    ("MX-LGTAIP-2015", "art. 70"): "unverified",
    ("CO-1712", "art. 10"): "verified",
    ("CO-1712", "art. 11"): "verified",
    ("CO-1755", ""): "unverified",
}


def test_legal_statuses_are_copied_from_the_reference():
    bases = [b for i in CHECKLIST.items for b in i.basis]
    bases += [b for i in CHECKLIST.items for group in i.countries.values() for b in group]
    bases += list(CHECKLIST.small_municipality_basis) + list(CHECKLIST.weights_basis)
    checked = 0
    for basis in bases:
        for (law, prefix), status in REFERENCE_STATUS.items():
            if basis.law == law and basis.article.startswith(prefix):
                assert basis.status == status, basis
                checked += 1
                break
    assert checked > 40
    # Colombia art. 9 is verified for the structure only; other art. 9 contents are not in the reference
    for item in CHECKLIST.items:
        for basis in item.countries.get("CO", ()):
            if basis.article == "art. 9":
                assert basis.status == ("verified" if item.id == "inst-structure" else "unverified")


def test_small_municipality_items_come_from_the_lai_internet_duty():
    for item in CHECKLIST.items:
        if item.lai_internet:
            assert any(b.law == "LAI" and b.article.startswith("art. 8") for b in item.basis), item.id
            assert item.weight_class != "essential"


def test_each_country_has_a_smaller_checklist_with_its_own_law():
    laws = {"MX": "MX-LGTAIP-2015", "CO": "CO-1712", "CL": "CL-20285", "AR": "AR-27275"}
    for country, law in laws.items():
        items = CHECKLIST.for_country(country)
        assert 8 <= len(items) < len(CHECKLIST.items)
        assert all(any(b.law.startswith(law[:2]) for b in i.basis_for(country)) for i in items)
        assert len(items) + len(CHECKLIST.brazil_only(country)) == len(CHECKLIST.items)
    assert CHECKLIST.for_country("BR") == CHECKLIST.items


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        (lambda d: d["items"].append(dict(d["items"][0])), "duplicate"),
        (lambda d: d["items"][0].update({"class": "optional"}), "class"),
        (lambda d: d["items"][0].update({"dimension": "parks"}), "dimension"),
        (lambda d: d["items"][0]["basis"][0].update({"status": "probably"}), "status"),
        (lambda d: d["items"][0].update({"basis": []}), "basis"),
        (lambda d: d["items"][0].update({"countries": {"PE": []}}), "countries"),
        (lambda d: d.pop("weights"), "weights"),
    ],
    ids=[
        "duplicate-id",
        "unknown-class",
        "unknown-dimension",
        "unknown-status",
        "no-basis",
        "unknown-country",
        "no-weights",
    ],
)
def test_malformed_checklist_is_refused(change, detail):
    from importlib import resources

    data = yaml.safe_load((resources.files("civic_kit.transparency") / "data" / "checklist.yaml").read_text("utf-8"))
    change(data)
    with pytest.raises(CivicKitError) as info:
        parse_checklist(data)
    assert info.value.issue.code == "transparency-bad-checklist"
    assert detail in info.value.issue.params["detail"]


def test_checklist_file_errors(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("items: [unclosed", encoding="utf-8")
    for path in (bad, tmp_path / "missing.yaml"):
        with pytest.raises(CivicKitError) as info:
            load_checklist(path)
        assert info.value.issue.code == "transparency-bad-checklist"


# -- scoring --------------------------------------------------------------------------------------------------


def test_all_yes_is_diamante():
    result = _score({"e1": "yes", "m1": "yes", "m2": "yes", "r1": "yes"})
    assert result.score == 1 and result.level == result.seal == "diamante"
    assert result.gaps == ()


def test_partial_is_half_credit():
    # 3 + 2 * 1/2 + 2 + 0 = 6 of 8
    result = _score({"e1": "yes", "m1": "partial", "m2": "yes", "r1": "no"})
    assert result.score == Fraction(6, 8)
    assert result.level == "prata"  # exactly 75 % with every essential


def test_not_applicable_leaves_the_denominator():
    result = _score({"e1": "yes", "m1": "partial", "m2": "yes", "r1": "na"})
    assert result.score == Fraction(6, 7)
    assert result.not_applicable == 1 and result.answered == 4 and result.unanswered == 0
    assert result.level == "ouro"


def test_unanswered_counts_as_no_and_is_counted():
    result = _score({"e1": "yes", "m1": "yes"})
    assert result.score == Fraction(5, 8)
    assert result.unanswered == 2
    assert [g.answer for g in result.gaps] == ["unanswered", "unanswered"]
    assert any("2" in note for note in result.notes("en"))


def test_everything_not_applicable_is_an_error():
    with pytest.raises(CivicKitError) as info:
        _score({"e1": "na", "m1": "na", "m2": "na", "r1": "na"})
    assert info.value.issue.code == "transparency-nothing-to-score"


def test_per_dimension_scores():
    result = _score({"e1": "partial", "m1": "yes", "m2": "no", "r1": "na"})
    by_dim = {d.dimension: d for d in result.dimensions}
    assert by_dim["revenue"].score == Fraction(1, 2)
    assert by_dim["staff"].score == 1
    assert by_dim["website"].score == 0
    assert (by_dim["website"].items, by_dim["website"].answered) == (2, 2)
    only_na = _score({"e1": "yes", "m1": "yes", "m2": "na", "r1": "na"})
    assert {d.dimension: d.score for d in only_na.dimensions}["website"] is None


TWENTY = _tiny(
    [{"id": "ess", "dimension": "revenue", "class": "essential"}]
    + [{"id": f"r{i:02d}", "dimension": "website", "class": "recommended"} for i in range(17)]
)


@pytest.mark.parametrize(
    ("essential", "recommended_yes", "level"),
    [
        ("yes", 17, "diamante"),  # 20/20
        ("yes", 16, "diamante"),  # exactly 95 %
        ("yes", 15, "ouro"),  # 90 %
        ("yes", 14, "ouro"),  # exactly 85 %
        ("yes", 13, "prata"),  # 80 %
        ("yes", 12, "prata"),  # exactly 75 %
        ("yes", 11, "intermediario"),  # 70 %
        ("no", 17, "avancado"),  # 85 % without the essential
        ("partial", 16, "avancado"),  # 87.5 %: partial does not meet an essential
        ("no", 15, "avancado"),  # exactly 75 % without the essential
        ("no", 14, "intermediario"),  # 70 %
        ("yes", 7, "intermediario"),  # exactly 50 %
        ("yes", 6, "basico"),  # 45 %
        ("yes", 3, "basico"),  # exactly 30 %
        ("no", 5, "inicial"),  # 25 %
        ("no", 1, "inicial"),  # 5 %
        ("no", 0, "inexistente"),  # 0 %
    ],
    ids=lambda v: str(v),
)
def test_seal_boundaries_from_real_answers(essential, recommended_yes, level):
    answers = {"ess": essential} | {f"r{i:02d}": ("yes" if i < recommended_yes else "no") for i in range(17)}
    result = _score(answers, TWENTY)
    assert result.level == level
    assert result.seal == level


@pytest.mark.parametrize(
    ("score", "essentials", "level"),
    [
        (Fraction(95, 100), True, "diamante"),
        (Fraction(95, 100) - Fraction(1, 10**9), True, "ouro"),
        (Fraction(85, 100), True, "ouro"),
        (Fraction(85, 100) - Fraction(1, 10**9), True, "prata"),
        (Fraction(75, 100), True, "prata"),
        (Fraction(75, 100), False, "avancado"),
        (Fraction(75, 100) - Fraction(1, 10**9), True, "intermediario"),
        (Fraction(1, 2), False, "intermediario"),
        (Fraction(1, 2) - Fraction(1, 10**9), True, "basico"),
        (Fraction(3, 10), True, "basico"),
        (Fraction(3, 10) - Fraction(1, 10**9), True, "inicial"),
        (Fraction(1, 10**9), True, "inicial"),
        (Fraction(0), True, "inexistente"),
        (Fraction(1), False, "avancado"),
    ],
    ids=lambda v: str(v),
)
def test_seal_for_exact_boundaries(score, essentials, level):
    assert seal_for(score, essentials) == level


@pytest.mark.parametrize(
    ("share", "pt", "en"),
    [(Fraction(7499, 10000), "74,9%", "74.9%"), (Fraction(3, 4), "75,0%", "75.0%"), (Fraction(1), "100,0%", "100.0%")],
    ids=["just-below-75", "exactly-75", "full"],
)
def test_percent_text_never_rounds_up_across_a_boundary(share, pt, en):
    assert percent_text(share, "pt-BR") == pt
    assert percent_text(share, "en") == en


def test_seal_for_rejects_out_of_range():
    with pytest.raises(ValueError):
        seal_for(Fraction(11, 10), True)


def test_gap_order_essentials_first_then_weight_then_lost_points():
    checklist = _tiny(
        [
            {"id": "r-no", "dimension": "website", "class": "recommended"},
            {"id": "m-partial", "dimension": "staff", "class": "mandatory"},
            {"id": "m-no", "dimension": "staff", "class": "mandatory"},
            {"id": "e-partial", "dimension": "revenue", "class": "essential"},
            {"id": "m-unanswered", "dimension": "staff", "class": "mandatory"},
            {"id": "e-no", "dimension": "revenue", "class": "essential"},
            {"id": "ok", "dimension": "revenue", "class": "essential"},
        ]
    )
    answers = {"r-no": "no", "m-partial": "partial", "m-no": "no", "e-partial": "partial", "e-no": "no", "ok": "yes"}
    result = _score(answers, checklist)
    assert [g.item_id for g in result.gaps] == ["e-no", "e-partial", "m-no", "m-unanswered", "m-partial", "r-no"]
    assert [g.lost for g in result.gaps] == [3, Fraction(3, 2), 2, 2, 1, 1]


def test_gaps_carry_legal_basis_and_action():
    result = assess(SelfAssessment(answers={"rev-collected": "no"}))
    first = result.gaps[0]
    assert first.weight_class == "essential"
    gap = next(g for g in result.gaps if g.item_id == "rev-collected")
    assert gap.basis[0].law == "LRF" and gap.basis[0].status == "secondary"
    for lang in LANGUAGES:
        assert gap.action(lang) == catalog(lang)["transparency.item.rev-collected.action"]
        assert "48-A" in gap.basis[0].label(lang)
    data = result.to_dict("es")
    assert data["gaps"][0]["class"] == "essential"
    json.dumps(data)  # JSON-ready


# -- small municipalities and countries -------------------------------------------------------------------------


@pytest.mark.parametrize(("population", "small"), [(10_000, True), (10_001, False), (0, True), (None, False)])
def test_small_municipality_threshold(population, small):
    result = assess(SelfAssessment(population=population))
    assert result.small_municipality is small
    expected = [i.id for i in CHECKLIST.items if i.lai_internet] if small else []
    assert list(result.reclassified) == expected


def test_small_municipality_reclassifies_internet_items_but_not_real_time_budget():
    answers = {i.id: ("yes" if i.weight_class == "essential" else "no") for i in CHECKLIST.items}
    big = assess(SelfAssessment(population=50_000, answers=answers))
    small = assess(SelfAssessment(population=8_000, answers=answers))
    assert small.score > big.score
    gaps = {g.item_id: g for g in small.gaps}
    assert gaps["staff-pay"].weight_class == "recommended" and gaps["staff-pay"].weight == 1
    assert gaps["sic-physical"].weight_class == "mandatory"  # not an internet-disclosure duty
    assert "rev-realtime" not in gaps and "exp-realtime" not in gaps  # met, and still essential
    essential_ids = {i.id for i in CHECKLIST.items if i.weight_class == "essential"}
    assert essential_ids.isdisjoint(small.reclassified)
    assert any("10.000" in n for n in small.notes("pt-BR"))
    # outside Brazil the LAI rule does not apply
    assert assess(SelfAssessment(population=8_000, country="CO")).small_municipality is False


@pytest.mark.parametrize("country", ["MX", "CO", "CL", "AR"])
def test_other_countries_get_no_brazilian_seal(country):
    answers = {i.id: "yes" for i in CHECKLIST.items}
    result = assess(SelfAssessment(country=country, answers=answers))
    assert result.seal is None
    assert result.level == "diamante"  # on the Brazilian scale, for reference only
    assert result.items_total == len(CHECKLIST.for_country(country))
    assert set(result.brazil_only) == {i.id for i in CHECKLIST.brazil_only(country)}
    assert set(result.ignored_answers) == set(result.brazil_only)
    assert "pd-dpo" in result.brazil_only  # LGPD has no equivalent in the reference
    notes = result.notes("es")
    assert catalog("es")["transparency.note.seal-brazil-only"] in notes
    assert catalog("es")[f"transparency.country-note.{country}"] in notes


def test_mexico_note_warns_about_the_2025_law():
    for lang in LANGUAGES:
        note = catalog(lang)["transparency.country-note.MX"]
        assert "2025" in note and "70" in note


# -- the assessment object ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"answers": {"rev-collected": "maybe"}}, "transparency-bad-answer"),
        ({"answers": {"rev-collected": None}}, "transparency-bad-answer"),
        ({"answers": {3: "yes"}}, "transparency-bad-answer"),
        ({"country": "PE"}, "transparency-unknown-country"),
        ({"population": -1}, "transparency-bad-population"),
        ({"population": 1.5}, "transparency-bad-population"),
        ({"population": True}, "transparency-bad-population"),
        ({"population": "10000"}, "transparency-bad-population"),
        ({"municipality": 123}, "transparency-bad-text"),
        ({"municipality": "x" * 201}, "transparency-text-too-long"),
        ({"notes": {"rev-collected": "x" * 5001}}, "transparency-text-too-long"),
        ({"notes": {"rev-collected": 5}}, "transparency-bad-text"),
    ],
    ids=[
        "unknown-answer",
        "none-answer",
        "non-text-item",
        "unknown-country",
        "negative-population",
        "fractional-population",
        "bool-population",
        "text-population",
        "numeric-name",
        "long-name",
        "long-note",
        "numeric-note",
    ],
)
def test_bad_assessment_input(kwargs, code):
    with pytest.raises(CivicKitError) as info:
        SelfAssessment(**kwargs)
    assert info.value.issue.code == code
    for lang in LANGUAGES:
        assert info.value.message(lang)


def test_with_answer_returns_a_new_assessment():
    first = SelfAssessment(municipality="Vale Verde")
    second = first.with_answer("rev-collected", "yes", "portal ok")
    third = second.with_answer("rev-collected", None, "")
    assert dict(first.answers) == {} and dict(second.answers) == {"rev-collected": "yes"}
    assert dict(second.notes) == {"rev-collected": "portal ok"}
    assert dict(third.answers) == {} and dict(third.notes) == {}
    with pytest.raises(TypeError):
        second.answers["x"] = "no"  # type: ignore[index]


# -- storage ------------------------------------------------------------------------------------------------


def _sample() -> SelfAssessment:
    return SelfAssessment(
        municipality="São João d'Aliança <b>",
        population=9_876,
        country="BR",
        answers={"rev-collected": "yes", "exp-detail": "partial", "pd-dpo": "no", "works-list": "na"},
        notes={"exp-detail": "Falta o CPF/CNPJ.\nVer portal.", "pd-dpo": "<script>alert(1)</script>"},
    )


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_save_and_load_round_trip(tmp_path):
    path = save(_sample(), tmp_path / "avaliacao.json")
    assert load(path) == _sample()
    assert loads(dumps(_sample())) == _sample()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION == 1
    assert data["format"] == "civic-kit/transparency-self-assessment"
    assert oct(path.stat().st_mode & 0o777) == oct(0o644)
    assert [p.name for p in tmp_path.iterdir()] == ["avaliacao.json"]  # no temporary file left behind


def test_save_replaces_an_older_assessment(tmp_path):
    path = tmp_path / "a.json"
    save(SelfAssessment(municipality="antes"), path)
    save(_sample(), path)
    assert load(path).municipality == _sample().municipality


def test_load_accepts_a_byte_order_mark(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + dumps(_sample()).encode("utf-8"))
    assert load(path) == _sample()


GOOD = json.loads(dumps(_sample()))


def _variant(**changes) -> bytes:
    data = json.loads(json.dumps(GOOD))
    for key, value in changes.items():
        if value is KeyError:
            data.pop(key)
        else:
            data[key] = value
    return json.dumps(data).encode("utf-8")


BAD_FILES = {
    "empty": (b"", "transparency-file-corrupt"),
    "truncated": (dumps(_sample()).encode("utf-8")[:-40], "transparency-file-corrupt"),
    "binary": (bytes(range(256)), "transparency-file-corrupt"),
    "latin-1": ('{"municipality": "São"}'.encode("latin-1"), "transparency-file-corrupt"),
    "deep-nesting": (b"[" * 100_000 + b"]" * 100_000, "transparency-file-corrupt"),
    "json-list": (b"[1, 2, 3]", "transparency-file-not-assessment"),
    "other-format": (_variant(format="something-else"), "transparency-file-not-assessment"),
    "no-version": (_variant(schema_version=KeyError), "transparency-file-corrupt"),
    "text-version": (_variant(schema_version="1"), "transparency-file-corrupt"),
    "bool-version": (_variant(schema_version=True), "transparency-file-corrupt"),
    "version-zero": (_variant(schema_version=0), "transparency-file-corrupt"),
    "future-version": (_variant(schema_version=SCHEMA_VERSION + 1), "transparency-file-newer"),
    "no-body": (_variant(assessment=KeyError), "transparency-file-corrupt"),
    "bad-answer": (_variant(assessment={"answers": {"rev-collected": "sim"}}), "transparency-bad-answer"),
    "bad-country": (_variant(assessment={"country": "XX"}), "transparency-unknown-country"),
    "extra-field": (_variant(assessment={"password": "x"}), "transparency-bad-text"),
}


@pytest.mark.parametrize(("content", "code"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_files_are_refused_with_a_translated_message_and_left_untouched(tmp_path, content, code):
    path = tmp_path / "assessment.json"
    path.write_bytes(content)
    before = _digest(path)
    with pytest.raises(CivicKitError) as info:
        load(path)
    assert info.value.issue.code == code
    for lang in LANGUAGES:
        message = info.value.message(lang)
        assert message and "{" not in message
    assert _digest(path) == before
    # saving over it is refused too, and the file stays as it was
    with pytest.raises(CivicKitError) as info:
        save(_sample(), path)
    assert info.value.issue.code == "transparency-refuse-overwrite"
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["assessment.json"]


def test_future_version_message_names_the_versions(tmp_path):
    path = tmp_path / "new.json"
    path.write_bytes(_variant(schema_version=7))
    with pytest.raises(CivicKitError) as info:
        load(path)
    assert "7" in info.value.message("en") and "new.json" in info.value.message("en")


def test_too_large_and_missing_files(tmp_path, monkeypatch):
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 200)
    monkeypatch.setattr(store_module, "MAX_FILE_BYTES", 100)
    with pytest.raises(CivicKitError) as info:
        load(big)
    assert info.value.issue.code == "transparency-file-too-large"
    with pytest.raises(CivicKitError) as info:
        load(tmp_path / "nope.json")
    assert info.value.issue.code == "transparency-file-missing"
    with pytest.raises(CivicKitError) as info:
        load(tmp_path)
    assert info.value.issue.code == "transparency-file-not-assessment"


def test_a_failed_write_leaves_the_old_file_and_no_debris(tmp_path, monkeypatch):
    path = save(SelfAssessment(municipality="original"), tmp_path / "a.json")
    before = _digest(path)

    def broken_replace(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store_module.os, "replace", broken_replace)
    with pytest.raises(CivicKitError) as info:
        save(_sample(), path)
    assert info.value.issue.code == "transparency-file-unwritable"
    assert _digest(path) == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_save_into_a_missing_folder(tmp_path):
    with pytest.raises(CivicKitError) as info:
        save(_sample(), tmp_path / "no" / "such" / "folder.json")
    assert info.value.issue.code == "transparency-file-unwritable"


# -- reports ------------------------------------------------------------------------------------------------

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "</td></tr></table><svg onload=alert(1)>",
    "{{ 7*7 }} {% if true %}jinja{% endif %}",
    "&lt;already escaped&gt; & ampersand",
    '<a href="javascript:alert(1)">clique</a>',
    "<!-- comment --><style>body{display:none}</style>",
    "null\x00byte and\x0bvertical tab",
]


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(name for name, _ in attrs)


@pytest.mark.parametrize("payload", XSS, ids=[f"xss{i}" for i in range(len(XSS))])
def test_html_escapes_everything_the_user_typed(payload):
    assessment = SelfAssessment(
        municipality=payload[:200], answers={"rev-collected": "no", "pd-dpo": "yes"}, notes={"rev-collected": payload}
    )
    html = render_html(assess(assessment), assessment, "pt-BR")
    collector = _TagCollector()
    collector.feed(html)
    assert not {"script", "img", "svg", "a", "iframe"} & set(collector.tags)
    assert collector.tags.count("style") == 1  # only ours, in <head>
    assert not [a for a in collector.attrs if a.startswith("on")]
    # the payload is there, escaped exactly once; template syntax is printed, not evaluated
    assert str(markupsafe.escape(clean_text(payload))) in html
    assert "\x00" not in html and "\x0b" not in html


def test_html_is_standalone_and_translated():
    assessment = _sample()
    result = assess(assessment)
    for lang in LANGUAGES:
        html = render_html(result, assessment, lang)
        assert f'<html lang="{lang}">' in html
        assert catalog(lang)["transparency.report.title"] in html
        assert re.search(r"""(src|href)\s*=\s*["']?https?:""", html) is None
        assert "<script" not in html
        assert catalog(lang)[f"transparency.seal.{result.level}"] in html
    html = render_html(result, assessment, "pt-BR")
    assert "São João d&#39;Aliança &lt;b&gt;" in html
    assert "9.876" in html  # population in the reader's convention


def test_html_for_another_country_lists_brazil_only_items():
    assessment = SelfAssessment(country="CL", answers={"staff-pay": "yes"})
    html = render_html(assess(assessment), assessment, "es")
    assert catalog("es")["transparency.report.level-reference"] in html
    assert catalog("es")["transparency.report.brazil-only"] in html
    assert catalog("es")["transparency.item.pd-dpo.title"] in html


def test_docx_reopens_with_headings_tables_and_clean_user_text():
    from docx import Document

    assessment = _sample().with_answer("rev-collected", "no", "nota\x00com\x0bcontrole <i>")
    result = assess(assessment)
    data = render_docx(result, assessment, "pt-BR")
    doc = Document(io.BytesIO(data))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == ("Title", catalog("pt-BR")["transparency.report.title"])
    assert ("Heading 1", catalog("pt-BR")["transparency.report.gaps"]) in headings
    gap_headings = [text for style, text in headings if style == "Heading 2" and text[0].isdigit()]
    assert len(gap_headings) == len(result.gaps)
    assert gap_headings[0].startswith("1. ")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "São João d'Aliança <b>" in text
    assert "notacomcontrole <i>" in text
    assert len(doc.tables) == 2
    assert len(doc.tables[1].rows) == 1 + len(CHECKLIST.items)
    assert doc.tables[1].rows[0].cells[0].text == catalog("pt-BR")["transparency.report.item"]


def test_docx_in_english_and_without_gaps():
    from docx import Document

    assessment = SelfAssessment(answers={i.id: "yes" for i in CHECKLIST.items})
    doc = Document(io.BytesIO(render_docx(assess(assessment), assessment, "en")))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert catalog("en")["transparency.report.no-gaps"] in text
    assert catalog("en")["transparency.seal.diamante"] in text


def test_report_context_is_the_single_source_for_both_formats():
    assessment = _sample()
    context = report_context(assess(assessment), assessment, "es")
    assert len(context["answers"]) == len(CHECKLIST.items)
    assert context["score"].endswith("%")
    assert clean_text("a\x00b\x1fc\td\ne") == "abc\td\ne"


def test_every_transparency_message_has_the_same_placeholders_everywhere():
    keys = [k for k in catalog("en") if k.startswith(("transparency.", "issue.transparency-"))]
    assert len(keys) > 250
    fields = re.compile(r"\{(\w+)")
    for key in keys:
        english = set(fields.findall(catalog("en")[key]))
        for lang in ("pt-BR", "es"):
            assert set(fields.findall(catalog(lang)[key])) == english, (lang, key)


def test_render_imports_jinja_and_docx_lazily():
    # the module imports nothing heavy at import time (apps import it while starting)
    import civic_kit.transparency.render as render

    assert "jinja2" not in render.__dict__ and "docx" not in render.__dict__

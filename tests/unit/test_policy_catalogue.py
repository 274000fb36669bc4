"""The provision catalogue: complete frameworks, every text in three languages, every clause renderable."""

from __future__ import annotations

import copy
from functools import cache
from importlib import resources
from pathlib import Path

import pytest
import yaml

from civic_kit.i18n import LANGUAGES, catalog, t
from civic_kit.policy.answers import Answers, load_answers
from civic_kit.policy.catalogue import build_catalogue, catalogue
from civic_kit.policy.draft import CONTEXT_FIELDS, build_draft, draft_context, placeholders
from civic_kit.policy.questionnaire import questionnaire
from civic_kit.policy.selection import explain_choices, select

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "drafter"

# The 31 guideline slugs, in order, and the 6 Charter principles of the reference notes
# (/work/shared/docs/reference/policy-and-law.md, sections 1 and 2).
SUNLIGHT = [
    "proactive-release",
    "build-on-precedent",
    "goals-and-values",
    "lists-of-holdings",
    "prioritization",
    "outside-services",
    "sensitive-information",
    "open-formats",
    "thoughtful-formats",
    "open-access",
    "license-free",
    "citations",
    "metadata",
    "open-data-creation",
    "unique-identifiers",
    "open-code",
    "archival-material",
    "data-portals-and-websites",
    "bulk-data",
    "public-apis",
    "data-collection",
    "real-time-updates",
    "permanent-access",
    "oversight-authority",
    "binding-regulations",
    "public-participation",
    "timelines",
    "data-quality",
    "funding",
    "partnerships",
    "future-review",
]
CHARTER = [
    "open-by-default",
    "timely-and-comprehensive",
    "accessible-and-usable",
    "comparable-and-interoperable",
    "improved-governance-and-citizen-engagement",
    "inclusive-development-and-innovation",
]

ALL_KEYS = sorted(catalogue().message_keys() | questionnaire().message_keys())


@cache
def samples() -> dict[str, Answers]:
    """Answer sets that, together, switch on every provision, variant and optional entry of the catalogue."""
    found = {
        "br-complete": load_answers(EXAMPLES / "complete.yaml")[0],
        "br-minimal": load_answers(EXAMPLES / "minimal.yaml")[0],
        "br-portal": Answers(
            "Serra Alta",
            50000,
            "A Prefeita Municipal",
            existing=("portal", "inventory"),
            licence="public-domain-law",
            instrument="portaria",
        ),
    }
    for country, instrument in (
        ("MX", "reglamento"),
        ("CO", "acuerdo"),
        ("CL", "ordenanza"),
        ("AR", "decreto"),
        ("UY", "ordenanza"),
    ):
        found[country.lower()] = Answers(
            "Villa Ejemplo",
            120000,
            "El Intendente Municipal",
            country=country,
            instrument=instrument,
            oversight_body="Secretaría de Transparencia",
            licence="odbl-1.0",
            participation=("council",),
        )
    return found


@cache
def draft_text(sample: str, lang: str) -> str:
    return "\n".join(build_draft(samples()[sample], lang).texts())


@cache
def included(sample: str) -> frozenset[str]:
    return select(samples()[sample]).included


def test_frameworks_match_the_reference():
    cat = catalogue()
    assert [item.id for item in cat.framework("sunlight")] == SUNLIGHT
    assert [item.number for item in cat.framework("sunlight")] == list(range(1, 32))
    assert [item.id for item in cat.framework("charter")] == CHARTER


def test_every_framework_item_is_covered_by_some_provision():
    cat = catalogue()
    for item in cat.frameworks:
        assert cat.covering(item.id), item.id


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_provision_reference_and_question_key_exists(lang):
    """Every provision, reference, chapter, question, group and option id resolves in every language."""
    missing = [key for key in ALL_KEYS if key not in catalog(lang)]
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_clause_uses_only_known_placeholders(lang):
    keys = [k for k in ALL_KEYS if k.startswith("policy.prov.")]
    keys += [k for k in catalog(lang) if k.startswith(("policy.act.", "policy.draft."))]
    unknown = {key: placeholders(catalog(lang)[key]) - CONTEXT_FIELDS - {"version"} for key in keys}
    assert {key: names for key, names in unknown.items() if names} == {}


def test_references_carry_the_status_of_the_reference_notes():
    refs = catalogue().references
    assert refs["br-lai-art-11"].status == "verified"
    assert refs["br-lai-art-8-par-4"].status == "secondary"
    assert refs["br-lc-131"].status == "secondary"
    assert refs["co-ley-1712-deadline"].status == "unverified"
    assert refs["br-lgpd-art-32"].status == "unverified"
    assert refs["mx-lgtaip-2025"].status == "secondary"


def test_every_reference_is_cited_by_some_provision():
    cat = catalogue()
    cited = {use.ref for p in cat.provisions for use in p.refs}
    cited |= {use.ref for p in cat.provisions for entry in (*p.items, *p.paragraphs) for use in entry.refs}
    assert cited == set(cat.references)


def test_evaluation_order_puts_dependencies_first():
    cat = catalogue()
    position = {pid: index for index, pid in enumerate(cat.evaluation_order)}
    assert set(position) == {p.id for p in cat.provisions}
    for provision in cat.provisions:
        for dependency in provision.depends_on():
            assert position[dependency] < position[provision.id], (dependency, provision.id)


def test_the_samples_switch_on_every_provision():
    every = set().union(*(included(name) for name in samples()))
    assert every == {p.id for p in catalogue().provisions}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("provision", [p.id for p in catalogue().provisions])
def test_each_provision_renders_in_each_language(provision, lang):
    """The clause, as written with real answers, is in a draft that includes it, with no {placeholder} left."""
    name = next(name for name in samples() if provision in included(name))
    draft = build_draft(samples()[name], lang)
    text = draft_text(name, lang)
    assert provision in draft.provisions
    p = catalogue().get(provision)
    context = draft_context(samples()[name], lang)
    rendered = [t(key, lang, **context) for key in p.text_keys()]
    assert any(candidate in text for candidate in rendered)
    assert "{" not in text
    assert "}" not in text


TEXT_KEYS = sorted(
    key
    for key in catalogue().message_keys()
    if key.startswith("policy.prov.") and not key.endswith((".title", ".explain"))
)


@pytest.mark.parametrize("key", TEXT_KEYS)
def test_every_variant_and_fixed_entry_appears_in_some_draft(key):
    for name, answers in samples().items():
        for lang in LANGUAGES:
            if t(key, lang, **draft_context(answers, lang)) in draft_text(name, lang):
                break
        else:
            continue
        return
    pytest.fail(f"no sample draft contains {key}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_clauses_naming_an_optional_answer_only_appear_when_it_is_given(lang):
    """A clause quoting the oversight body, DPO, portal address or review period never prints it empty."""
    empty = Answers("Exemplópolis", 50000, "O Prefeito Municipal", existing=("portal",), review_period_years=None)
    context = draft_context(empty, lang)
    text = "\n".join(build_draft(empty, lang).texts())
    optional = {"oversight_body", "dpo", "portal_url", "review_period"}
    for key in TEXT_KEYS:
        if placeholders(catalog(lang)[key]) & optional:
            assert t(key, lang, **context) not in text, key


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_choice_is_explained(lang):
    choices = explain_choices(select(samples()["br-minimal"]), lang)
    assert len(choices) == len(catalogue().provisions)
    assert all(choice.title and choice.explanation and choice.reason for choice in choices)
    by_id = {choice.provision: choice for choice in choices}
    assert by_id["binding-regulations"].included is False
    assert t("policy.prov.oversight-authority.title", lang) in by_id["binding-regulations"].reason
    assert by_id["future-review"].questions == ("review_period_years",)


# ------------------------------------------------------------------------------- broken catalogues


def _data() -> dict:
    text = (resources.files("civic_kit.policy") / "data" / "provisions.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _provision(data: dict, pid: str) -> dict:
    return next(spec for spec in data["provisions"] if spec["id"] == pid)


def _duplicate(data):
    data["provisions"].append(copy.deepcopy(_provision(data, "funding")))


def _cycle(data):
    _provision(data, "funding")["requires"] = ["partnerships"]
    _provision(data, "partnerships")["requires"] = ["funding"]


def _uncovered(data):
    _provision(data, "funding")["covers"] = []


BROKEN = {
    "duplicate-id": _duplicate,
    "dependency-cycle": _cycle,
    "framework-item-uncovered": _uncovered,
    "unknown-kind": lambda d: _provision(d, "funding").update(kind="section"),
    "article-without-chapter": lambda d: _provision(d, "funding").pop("chapter"),
    "unknown-chapter": lambda d: _provision(d, "funding").update(chapter="annexes"),
    "orphan-item": lambda d: d["provisions"].append({"id": "orphan", "kind": "item"}),
    "child-listed-twice": lambda d: _provision(d, "funding").update(paragraphs=[{"provision": "outside-services"}]),
    "unknown-requirement": lambda d: _provision(d, "funding").update(requires=["nothing"]),
    "unknown-reference": lambda d: _provision(d, "funding").update(refs=["br-lei-99999"]),
    "unknown-framework-item": lambda d: _provision(d, "funding").update(covers=["funding", "world-peace"]),
    "variant-without-fallback": lambda d: _provision(d, "funding").update(
        variants=[{"id": "a", "when": {"answer": "country", "eq": "BR"}}]
    ),
    "condition-on-unknown-answer": lambda d: _provision(d, "funding").update(when={"answer": "budget", "gt": 0}),
    "unknown-key": lambda d: _provision(d, "funding").update(colour="blue"),
    "subitems-from-single-answer": lambda d: _provision(d, "prioritization").update(subitems_from="licence"),
    "unknown-status": lambda d: d["references"]["br-lai"].update(status="probably"),
    "logic-on-a-provision-slot": lambda d: _provision(d, "scope").update(
        paragraphs=[{"provision": "outside-services", "when": {"answer": "country", "eq": "BR"}}]
    ),
}


@pytest.mark.parametrize("mutate", BROKEN.values(), ids=BROKEN.keys())
def test_broken_catalogues_are_rejected(mutate):
    data = _data()
    mutate(data)
    with pytest.raises(ValueError):
        build_catalogue(data)


def test_the_bundled_data_builds():
    assert build_catalogue(_data()).evaluation_order == catalogue().evaluation_order

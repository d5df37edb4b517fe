"""The public pages in English, Urdu, German and French: complete catalogs, the language chosen
from Accept-Language or ?lang=, and dates and numbers written each language's way."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from api.i18n.catalogs import LOCALE_OF, SOURCE_LANGUAGE, catalog_path, language
from api.wording.terms import CLUSTER
from domain.inspections.catalogue import catalogue, current_version
from tests.api.scenario import Scenario, expect

ROOT = Path(__file__).parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)s")
TRANSLATED = [code for code in LOCALE_OF if code != SOURCE_LANGUAGE]


def _extracted() -> set[str]:
    """Every message the code and templates use now, found as `pybabel extract` finds them."""
    method_map = [("api/**.py", "python"), ("api/templates/**.html", "jinja2")]
    found = extract_from_dir(
        str(ROOT), method_map, keywords={"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    )
    return {message if isinstance(message, str) else message[0] for _, _, message, *_ in found}


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_with_its_placeholders(code):
    with catalog_path(code).open("rb") as po:
        catalog = read_po(po, locale=LOCALE_OF[code])
    messages = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    assert set(messages) == _extracted(), "run pybabel extract and update (see the README)"
    untranslated = [key for key, m in messages.items() if not all(m.string) or m.fuzzy]
    assert untranslated == []
    # Babel's own checks (a placeholder the English lacks, every plural form), then ours: a
    # placeholder the translation drops, which Babel lets pass.
    problems = [(message.id, errors) for message, errors in catalog.check() if errors]
    assert problems == []
    for message in messages.values():
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(english[-1]))
        assert [set(PLACEHOLDER.findall(form)) for form in forms] == [wanted] * len(forms), (
            message.id
        )


def test_every_cluster_of_the_checklist_has_a_translatable_title():
    clusters = catalogue(current_version()).clusters
    assert {cluster.code: cluster.title for cluster in clusters} == CLUSTER


@pytest.fixture
def lot_id(client, nishan) -> str:
    scenario = Scenario.start(client, nishan)
    factory_id = scenario.register_factory()
    scenario.complete(scenario.schedule_visit(factory_id))
    lot_id = scenario.create_lot(quantity="12500.5", unit="kg")
    expect(scenario.attach(lot_id, factory_id, "tanning"), 201)
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    return lot_id


@pytest.mark.parametrize(
    "accept_language, chosen",
    [
        ("de-AT,de;q=0.9,en;q=0.5", "de"),
        ("ur-PK", "ur"),
        ("fr-CH, fr;q=0.9, en;q=0.8", "fr"),
        ("es, fr;q=0.2", "fr"),  # Spanish is not offered: the next best
        ("es, pt", "en"),
        ("", "en"),
        ("de;q=0, fr;q=0.1", "fr"),  # q=0 means "not German"
        ("x" * 500, "en"),
        ("DE-at", "de"),  # tags are case-insensitive
        ("UR, en;q=0.5", "ur"),
    ],
)
def test_the_language_follows_accept_language(client, lot_id, accept_language, chosen):
    page = client.get(f"/lots/{lot_id}", headers={"Accept-Language": accept_language})
    assert page.status_code == 200
    assert page.headers["content-language"] == chosen
    assert f'<html lang="{chosen}"' in page.text
    assert "Accept-Language" in page.headers["vary"]


def test_the_switchers_choice_wins_over_accept_language(client, lot_id):
    page = client.get(f"/lots/{lot_id}?lang=ur", headers={"Accept-Language": "de"})
    assert page.headers["content-language"] == "ur"
    assert '<html lang="ur" dir="rtl">' in page.text
    unknown = client.get(f"/lots/{lot_id}?lang=klingon", headers={"Accept-Language": "fr"})
    assert unknown.headers["content-language"] == "fr"


@pytest.mark.parametrize(
    "code, quantity, day",
    [
        ("en", "12,500.5 kg", "1 October 2026"),
        ("de", "12.500,5 kg", "1. Oktober 2026"),
        ("fr", "12\u202f500,5 kg", "1 octobre 2026"),
        ("ur", "12,500.5 کلوگرام", "1 اکتوبر، 2026"),
    ],
)
def test_numbers_and_dates_are_written_the_languages_way(client, lot_id, code, quantity, day):
    page = client.get(f"/lots/{lot_id}?lang={code}").text
    assert quantity in page
    assert day in page  # the production period's first day


@pytest.mark.parametrize("code", TRANSLATED)
def test_no_english_is_left_on_a_translated_page(client, lot_id, code):
    """Each sentence of the catalog that the page would show in English is shown translated."""
    with catalog_path(code).open("rb") as po:
        catalog = read_po(po)
    english = client.get(f"/lots/{lot_id}?lang=en").text
    page = client.get(f"/lots/{lot_id}?lang={code}").text
    shown = [
        m.id
        for m in catalog
        if isinstance(m.id, str) and len(m.id) > 12 and "%" not in m.id and m.id != m.string
        and m.id.replace("'", "&#39;") in english
    ]  # fmt: skip
    assert len(shown) >= 8  # the check reads real sentences of the page
    assert [m for m in shown if m.replace("'", "&#39;") in page] == []


@pytest.mark.parametrize("code", list(LOCALE_OF))
def test_the_not_found_page_and_json_answers_in_every_language(client, code):
    missing = "6f1c1b3e-0000-4000-8000-000000000000"
    page = client.get(f"/lots/{missing}", headers={"Accept-Language": code})
    assert page.status_code == 404
    assert language(code).gettext("We could not find this lot") in page.text
    data = client.get(
        f"/lots/{missing}", headers={"Accept": "application/json", "Accept-Language": code}
    )
    assert data.json()["code"] == "lot_not_found"  # machines read codes, in any language

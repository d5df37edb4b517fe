"""Sectors and stages are chosen from lists that every language names; places and ports are
named in the reader's script; what a person typed stays as typed."""

from datetime import date
from uuid import UUID, uuid4

import pytest

from api.i18n.catalogs import LOCALE_OF, language
from api.wording.places import PROVINCES
from api.wording.vocabularies import SECTOR, STAGE
from domain.actor import Actor, Role
from domain.inspections.certification import CertificationStatus
from domain.inspections.sectors import SECTORS
from domain.places import PROVINCES as DOMAIN_PROVINCES
from domain.traceability.lot import Lot
from domain.traceability.stages import STAGES
from tests.api.scenario import Scenario, bearer, expect
from tests.samples import factory_body

HTML = {"Accept": "text/html"}


def test_every_code_of_the_domain_has_a_name_to_translate():
    assert list(SECTOR) == list(SECTORS.codes)
    assert list(STAGE) == list(STAGES.codes)
    assert PROVINCES == DOMAIN_PROVINCES


@pytest.mark.parametrize("code", list(LOCALE_OF))
def test_the_vocabularies_are_listed_with_their_names_in_the_language_asked(client, code):
    answer = client.get(f"/vocabularies?lang={code}")
    assert answer.status_code == 200 and answer.headers["content-language"] == code
    assert "public" in answer.headers["cache-control"]
    body = answer.json()
    lang = language(code)
    assert [t["code"] for t in body["sectors"]] == list(SECTORS.codes)
    assert [t["code"] for t in body["stages"]] == list(STAGES.codes)
    sports = next(t for t in body["sectors"] if t["code"] == "3230")
    assert sports["name"] == lang.gettext("Manufacture of sports goods")
    karachi = next(t for t in body["ports"] if t["code"] == "PKKHI")
    assert karachi["name"] == lang.gettext("Karachi")
    assert {t["code"] for t in body["provinces"]} == set(DOMAIN_PROVINCES)
    assert body["other"] == "other"


def test_the_vocabularies_follow_accept_language(client):
    answer = client.get("/vocabularies", headers={"Accept-Language": "ur-PK"})
    assert answer.headers["content-language"] == "ur"
    stitching = next(t for t in answer.json()["stages"] if t["code"] == "stitching")
    assert stitching["name"] == "سلائی"


def test_the_openapi_document_lists_the_codes_a_sector_and_a_stage_take(client):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert schemas["FactoryCreate"]["properties"]["sector"]["enum"] == list(SECTORS.codes)
    assert schemas["LotProduction"]["properties"]["stage"]["enum"] == list(STAGES.codes)


@pytest.mark.parametrize(
    "sector, note, code",
    [
        ("sports goods", "", "unknown_sector"),
        ("other", "", "sector_note_required"),
        ("3230", "footballs", "sector_note_not_needed"),
    ],
)
def test_a_sector_off_the_list_is_refused_with_a_sentence_and_writes_nothing(
    client, scenario, nishan, sector, note, code
):
    before = nishan.inspections.recorder.max_notification_id()
    body = factory_body(sector=sector, sector_note=note)
    answer = client.post("/factories", headers=bearer(scenario.admin), json=body)
    assert answer.status_code == 422
    assert answer.json()["code"] == code and "sector" in answer.json()["message"]
    assert nishan.inspections.recorder.max_notification_id() == before


def test_a_new_sector_drops_the_note_of_other_unless_one_is_given(client, scenario, nishan):
    factory = scenario.register_factory(sector="other", sector_note="kite making")
    admin = bearer(scenario.admin)
    expect(client.patch(f"/factories/{factory}", headers=admin, json={"sector": "3230"}), 200)
    status = client.get(f"/factories/{factory}").json()
    assert (status["sector"], status["sector_note"]) == ("3230", "")
    refused = client.patch(f"/factories/{factory}", headers=admin, json={"sector": "other"})
    assert refused.status_code == 422 and refused.json()["code"] == "sector_note_required"
    other = {"sector": "other", "sector_note": "kites"}
    expect(client.patch(f"/factories/{factory}", headers=admin, json=other), 200)
    no_note = {"sector": "1410", "sector_note": None}  # null: no note
    expect(client.patch(f"/factories/{factory}", headers=admin, json=no_note), 200)
    status = client.get(f"/factories/{factory}").json()
    assert (status["sector"], status["sector_note"]) == ("1410", "")


def _made_and_shipped(client, nishan, sector: str, sector_note: str, stage: str, note: str):
    scenario = Scenario.start(client, nishan, province="Punjab")
    factory = scenario.register_factory(
        name="Chenab Sports Industries",
        province="Punjab",
        district="Sialkot",
        sector=sector,
        sector_note=sector_note,
    )
    assert scenario.complete(scenario.schedule_visit(factory)) == "pass"
    lot = scenario.create_lot()
    answer = client.post(
        f"/lots/{lot}/factories",
        headers=bearer(scenario.exporter),
        json={"factory_id": factory, "stage": stage, "stage_note": note},
    )
    assert expect(answer, 201)["stage_note"] == note
    scenario.create_shipment(lot)
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    return lot


def test_the_urdu_page_names_sector_stage_places_and_ports_in_urdu_script(client, nishan):
    lot = _made_and_shipped(client, nishan, "3230", "", "hand_stitching", "")
    page = client.get(f"/lots/{lot}?lang=ur", headers=HTML).text
    for urdu in ("کھیلوں کے سامان کی تیاری", "ہاتھ سے سلائی", "سیالکوٹ", "پنجاب"):
        assert urdu in page
    assert "کراچی (PKKHI)" in page and "ہیمبرگ (DEHAM)" in page
    for latin in ("Punjab", "Sialkot", "Manufacture of sports goods", "hand stitching"):
        assert latin not in page
    german = client.get(f"/lots/{lot}?lang=de", headers=HTML).text
    assert "Herstellung von Sportgeräten" in german and "Handnähen" in german
    record = client.get(f"/lots/{lot}", headers={"Accept": "application/json"}).json()
    [factory] = record["factories"]
    assert (factory["sector"], factory["sector_note"]) == ("3230", "")
    assert factory["productions"][0]["stage"] == "hand_stitching"


def test_what_a_person_typed_for_other_is_shown_as_typed_in_every_language(client, nishan):
    lot = _made_and_shipped(client, nishan, "other", "kite making", "other", "panel lamination")
    for code in LOCALE_OF:
        page = client.get(f"/lots/{lot}?lang={code}", headers=HTML).text
        assert "kite making" in page and "panel lamination" in page
    record = client.get(f"/lots/{lot}", headers={"Accept": "application/json"}).json()
    [factory] = record["factories"]
    assert (factory["sector"], factory["sector_note"]) == ("other", "kite making")
    production = factory["productions"][0]
    assert (production["stage"], production["stage_note"]) == ("other", "panel lamination")


def test_two_earlier_words_for_one_stage_at_a_factory_are_read_as_one_production(
    client, nishan, monkeypatch
):
    """An earlier release took "sewing" and "Stitching" as two stages of a lot at the same
    factory; read now as one code, the views are built and the page lists the stage once."""
    scenario = Scenario.start(client, nishan)
    factory = scenario.register_factory()
    assert scenario.complete(scenario.schedule_visit(factory)) == "pass"
    lot = scenario.create_lot()
    expect(scenario.attach(lot, factory, "stitching"), 201)
    trace = nishan.traceability
    with monkeypatch.context() as earlier_release:
        earlier_release.setattr(Lot.ProducedAt, "class_version", 1)
        for typed in ("sewing", "Stitching"):
            made = trace.load_lot(UUID(lot))
            production = made.productions[0]
            assert production.stage == "stitching"
            made._produced_at(
                factory_id=production.factory_id,
                stage=typed,
                stage_note="",
                checked_on=date(2026, 11, 20),
                certificate_id=uuid4(),
                certification_status=CertificationStatus.CERTIFIED,
                valid_until=date(2027, 11, 20),
                factory_version=1,
                by=Actor(uuid4(), Role.EXPORTER),
            )
            trace.save(made)
    nishan.updater.rebuild("lot_compliance")
    nishan.updater.catch_up()
    record = client.get(f"/lots/{lot}", headers={"Accept": "application/json"}).json()
    [factory_on_record] = record["factories"]
    assert [p["stage"] for p in factory_on_record["productions"]] == ["stitching"]

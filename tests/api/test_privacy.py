"""What identifies a person never reaches public output: pages, JSON, QR codes or logs."""

import io
import logging

import zxingcpp
from PIL import Image

from tests.api.scenario import PEOPLE, Scenario, bearer, expect

CANARIES = ["Rukhsana Bibi", "35202-1234567-1", "+92 300 1234567"]


def test_private_observations_and_account_holders_never_appear_on_public_output(
    client, nishan, caplog
):
    caplog.set_level(logging.DEBUG)
    scenario = Scenario.start(client, nishan)
    factory_id = scenario.register_factory()
    visit = scenario.schedule_visit(factory_id)
    observation = f"Interviewed {CANARIES[0]}, CNIC {CANARIES[1]}, phone {CANARIES[2]}."
    finding = scenario.record_finding(
        visit, indicator="WT-02", severity="major", observation=observation, workers_affected=3
    )
    scenario.plan_action(visit, expect(finding, 201)["finding_id"])
    scenario.complete(visit)
    lot_id = scenario.create_lot(gtin="09506000134352", lot_number="KLW-2611")
    expect(scenario.attach(lot_id, factory_id, "tanning"), 201)
    shipment_id = scenario.create_shipment(lot_id)
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()

    # The observation is in the log, where inspectors need it...
    stored = nishan.inspections.recorder.select_notifications(start=1, limit=1000)
    assert any(CANARIES[1].encode() in n.state for n in stored)
    # ...and nowhere in what the public can read.
    qr = client.get(f"/lots/{lot_id}/qr.png").content
    [qr_payload] = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr)))
    outputs = {
        "page": client.get(f"/lots/{lot_id}", headers={"Accept": "text/html"}).text,
        "json": client.get(f"/lots/{lot_id}", headers={"Accept": "application/json"}).text,
        "factory": client.get(f"/factories/{factory_id}").text,
        "qr": qr_payload.text,
        "qr.svg": client.get(f"/lots/{lot_id}/qr.svg").text,
        "digital link": client.get("/01/09506000134352/10/KLW-2611").text,
        "linkset": client.get(f"/lots/{lot_id}?linkType=all").text,
        "label": client.get(f"/lots/{lot_id}/label").text,
        "history": client.get(f"/lots/{lot_id}/history").text,
        **{
            f"page in {code}": client.get(f"/lots/{lot_id}?lang={code}").text
            for code in ("ur", "de", "fr")
        },
        # Private reads, but made from views that hold no person's data either.
        **{
            f"{path} as {role}": client.get(path, headers=bearer(token)).text
            for path in (
                "/lots",
                "/shipments",
                f"/shipments/{shipment_id}",
                "/exporters",
                "/inspections",
                "/referrals",
            )
            for role, token in (
                ("exporter", scenario.exporter),
                ("inspector", scenario.inspector),
                ("officer", scenario.admin),
            )
        },
        "logs": caplog.text,
    }
    assert "Korangi Leather Works" in outputs["page"]
    assert lot_id in outputs["/lots as exporter"] and lot_id in outputs["/lots as officer"]
    assert lot_id in outputs[f"/shipments/{shipment_id} as exporter"]
    assert (
        visit in outputs["/inspections as inspector"]
        and visit in outputs["/inspections as officer"]
    )
    for where, output in outputs.items():
        for personal in (*CANARIES, *PEOPLE):
            assert personal not in output, f"{personal!r} appears in the {where}"


def test_a_visit_in_full_shows_its_observations_to_those_who_may_act_on_it_alone(
    client, nishan, caplog
):
    # GET /inspections/{id} is private: the observation is shown to the visit's inspector and
    # officers, to no one else, and never the names of the account holders or in the logs.
    caplog.set_level(logging.DEBUG)
    scenario = Scenario.start(client, nishan)
    visit = scenario.schedule_visit(scenario.register_factory())
    observation = f"Interviewed {CANARIES[0]}, CNIC {CANARIES[1]}, phone {CANARIES[2]}."
    expect(scenario.record_finding(visit, indicator="WT-02", observation=observation), 201)
    rival = {
        "name": "Rival Inspector",
        "role": "inspector",
        "organisation": "Sindh Labour Department",
        "jurisdiction": {"province": "Sindh"},
    }
    rival_token = expect(client.post("/accounts", headers=bearer(scenario.admin), json=rival), 201)[
        "token"
    ]
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()

    def read(token: str | None) -> str:
        return client.get(f"/inspections/{visit}", headers=bearer(token) if token else {}).text

    for token in (scenario.inspector, scenario.admin):
        shown = read(token)
        assert observation in shown
        assert not [person for person in PEOPLE if person in shown]
    for token in (None, rival_token, scenario.exporter):
        assert not [canary for canary in CANARIES if canary in read(token)]
    assert not [canary for canary in CANARIES if canary in caplog.text]


def test_the_registry_a_factory_file_and_the_grievance_list_hold_no_worker_data(client, nishan):
    """Signed-in lists show what their roles need and nothing of a worker: not an interview's
    observation, not a grievance's summary; and the registry, open to exporters, finds a
    factory by its tax number without ever showing it (nor does the public status)."""
    scenario = Scenario.start(client, nishan)
    tax_number = "7104231-5"
    factory_id = scenario.register_factory(ntn=tax_number)
    visit = scenario.schedule_visit(factory_id)
    observation = f"Interviewed {CANARIES[0]}, CNIC {CANARIES[1]}, phone {CANARIES[2]}."
    finding = scenario.record_finding(
        visit, indicator="WT-02", severity="major", observation=observation, workers_affected=3
    )
    scenario.plan_action(visit, expect(finding, 201)["finding_id"])
    grievance = {
        "factory_id": factory_id,
        "channel": "hotline",
        "category": "WB",
        "summary": observation,
    }
    admin = {"Authorization": f"Bearer {scenario.admin}"}
    expect(client.post("/grievances", headers=admin, json=grievance), 201)
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    exporter = {"Authorization": f"Bearer {scenario.exporter}"}
    registry = expect(client.get("/factories", headers=exporter, params={"q": tax_number}), 200)
    assert [f["factory_id"] for f in registry["factories"]] == [factory_id]
    outputs = {
        "registry": str(registry),
        "public factory": client.get(f"/factories/{factory_id}").text,
        "file": client.get(f"/factories/{factory_id}/file", headers=admin).text,
        "grievances": client.get("/grievances", headers=admin).text,
    }
    for where, output in outputs.items():
        for personal in (*CANARIES, *PEOPLE):
            assert personal not in output, f"{personal!r} appears in the {where}"
    for where in ("registry", "public factory"):
        assert tax_number not in outputs[where] and "71042315" not in outputs[where], where
    assert tax_number in outputs["file"]  # the officer's file has it

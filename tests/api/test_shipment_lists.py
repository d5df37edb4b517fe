"""GET /shipments and GET /shipments/{id}: an exporter's shipments in full, or every one for an
officer, a page at a time; another company's reads as missing."""

from uuid import uuid4

import pytest

from tests.api.scenario import SHIPMENT, Scenario, bearer, caught_up, expect


@pytest.fixture
def shipments(client, nishan):
    """Chenab's shipments: one planned (two lots), one departed, one cancelled, one arrived,
    each planned a day later than the one before; and a rival exporter's."""
    scenario = Scenario.start(client, nishan)
    factory = scenario.register_factory()
    scenario.complete(scenario.schedule_visit(factory))
    owner = bearer(scenario.exporter)

    def lot(number: str) -> str:
        lot_id = scenario.create_lot(lot_number=number)
        expect(scenario.attach(lot_id, factory, "packing"), 201)
        return lot_id

    def shipment(day: str, *lots: str, then: tuple[str, ...] = ()) -> str:
        body = {**SHIPMENT, "planned_departure": day}
        shipment_id = expect(client.post("/shipments", headers=owner, json=body), 201)
        shipment_id = shipment_id["shipment_id"]
        for lot_id in lots:
            added = client.post(
                f"/shipments/{shipment_id}/lots", headers=owner, json={"lot_id": lot_id}
            )
            assert added.status_code == 204, added.text
        for step in then:
            json = {"reason": "The buyer cancelled the order"} if step == "cancel" else None
            done = client.post(f"/shipments/{shipment_id}/{step}", headers=owner, json=json)
            assert done.status_code == 204, done.text
        return shipment_id

    lots = {"first": lot("SH-1"), "second": lot("SH-2")}
    ids = {
        "planned": shipment("2026-12-20", lots["first"], lots["second"]),
        "departed": shipment("2026-12-21", lot("SH-3"), then=("depart",)),
        "cancelled": shipment("2026-12-22", lot("SH-4"), then=("cancel",)),
        "arrived": shipment("2026-12-23", lot("SH-5"), then=("depart", "arrive")),
    }
    rival = client.post("/shipments", headers=bearer(scenario.rival_exporter), json=SHIPMENT)
    ids["rival"] = expect(rival, 201)["shipment_id"]
    caught_up(nishan)
    return scenario, ids, lots


def listed(client, token, **query) -> list[str]:
    answer = expect(client.get("/shipments", headers=bearer(token), params=query), 200)
    return [shipment["shipment_id"] for shipment in answer["shipments"]]


MINE = ("arrived", "cancelled", "departed", "planned")  # the latest planned first


def test_an_exporter_sees_their_company_shipments_latest_planned_first(client, shipments):
    scenario, ids, _ = shipments
    answer = expect(client.get("/shipments", headers=bearer(scenario.exporter)), 200)
    assert [s["shipment_id"] for s in answer["shipments"]] == [ids[key] for key in MINE]
    by_id = {s["shipment_id"]: s for s in answer["shipments"]}
    planned = by_id[ids["planned"]]
    assert (planned["port_of_loading"], planned["port_of_destination"]) == ("PKKHI", "DEHAM")
    assert planned["mode"] == "sea" and planned["containers"] == ["CSQU3054383"]
    assert planned["status"] == "planned" and planned["lot_count"] == 2
    assert planned["departed_on"] is None and planned["cancel_reason"] is None
    assert by_id[ids["departed"]]["status"] == "departed"
    assert by_id[ids["departed"]]["departed_on"] is not None
    assert by_id[ids["arrived"]]["arrived_on"] is not None
    cancelled = by_id[ids["cancelled"]]
    assert cancelled["status"] == "cancelled"
    assert cancelled["cancel_reason"] == "The buyer cancelled the order"


def test_an_officer_sees_every_shipment_and_another_exporter_only_their_own(client, shipments):
    scenario, ids, _ = shipments
    assert set(listed(client, scenario.admin)) == set(ids.values())
    assert listed(client, scenario.rival_exporter) == [ids["rival"]]
    mine = expect(client.get("/shipments", headers=bearer(scenario.exporter)), 200)
    company = mine["shipments"][0]["exporter_id"]
    assert listed(client, scenario.rival_exporter, exporter_id=company) == []
    assert listed(client, scenario.admin, exporter_id=company) == [ids[key] for key in MINE]


def test_shipments_are_filtered_by_status_and_planned_departure(client, shipments):
    scenario, ids, _ = shipments
    mine = scenario.exporter
    assert listed(client, mine, status="departed") == [ids["departed"]]
    assert listed(client, mine, status=["planned", "arrived"]) == [ids["arrived"], ids["planned"]]
    assert listed(client, mine, **{"from": "2026-12-21", "to": "2026-12-22"}) == [
        ids["cancelled"], ids["departed"]
    ]  # fmt: skip
    assert listed(client, mine, to="2026-12-19") == []


@pytest.mark.both_backends  # the order of rows and of row values is the database's
def test_shipment_pages_follow_each_other_in_either_order(client, shipments):
    scenario, *_ = shipments
    for sort in ("-planned_departure", "planned_departure"):
        whole = listed(client, scenario.exporter, sort=sort)
        pages, cursor = [], None
        while True:
            query = {"sort": sort, "limit": 3, **({"cursor": cursor} if cursor else {})}
            answer = client.get("/shipments", headers=bearer(scenario.exporter), params=query)
            answer = expect(answer, 200)
            pages.append([s["shipment_id"] for s in answer["shipments"]])
            cursor = answer["next_cursor"]
            if cursor is None:
                break
        assert [len(page) for page in pages] == [3, 1]
        assert [s for page in pages for s in page] == whole
    assert listed(client, scenario.exporter, sort="planned_departure") == list(
        reversed(listed(client, scenario.exporter))
    )
    refused = client.get(
        "/shipments", headers=bearer(scenario.exporter), params={"cursor": "bm90IGEgY3Vyc29y"}
    )
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_cursor"


def test_a_shipment_is_read_in_full_with_its_lots_in_the_order_it_took_them(client, shipments):
    scenario, ids, lots = shipments
    for token in (scenario.exporter, scenario.admin):
        shipment = expect(client.get(f"/shipments/{ids['planned']}", headers=bearer(token)), 200)
        assert shipment["shipment_id"] == ids["planned"] and shipment["status"] == "planned"
        assert shipment["containers"] == ["CSQU3054383"]
        assert [lot["lot_id"] for lot in shipment["lots"]] == [lots["first"], lots["second"]]
        first = shipment["lots"][0]
        assert (first["lot_number"], first["product"], first["status"]) == (
            "SH-1", "Leather gloves", "in_shipment"
        )  # fmt: skip
    cancelled = expect(
        client.get(f"/shipments/{ids['cancelled']}", headers=bearer(scenario.exporter)), 200
    )
    # Its lot was released for another shipment, but the cancelled shipment had taken it.
    assert [lot["status"] for lot in cancelled["lots"]] == ["open"]


def test_another_company_shipment_reads_exactly_as_a_missing_one(client, shipments):
    scenario, ids, _ = shipments
    theirs = client.get(f"/shipments/{ids['planned']}", headers=bearer(scenario.rival_exporter))
    nothing_id = uuid4()
    nothing = client.get(f"/shipments/{nothing_id}", headers=bearer(scenario.rival_exporter))
    assert theirs.status_code == nothing.status_code == 404
    assert theirs.json()["code"] == nothing.json()["code"] == "shipment_not_found"
    assert theirs.json()["message"].replace(ids["planned"], "<id>") == nothing.json()[
        "message"
    ].replace(str(nothing_id), "<id>")
    refused = client.get(f"/shipments/{ids['planned']}", headers=bearer(scenario.inspector))
    assert refused.status_code == 403

"""The steps of the thin path over HTTP, shared by the API tests; each checks its own answer.

Works with FastAPI's TestClient (in-process) and with httpx against a live server alike.
"""

from dataclasses import dataclass
from typing import Any

from bootstrap import Nishan
from domain.accounts.account import CONSOLE
from domain.actor import Role
from tests.samples import factory_body, ntn

# The people behind the accounts: personal data, never to be shown publicly.
PEOPLE = ("Ayesha Siddiqui", "Bilal Ahmed Chaudhry", "Sara Qureshi", "Omar Farooq")
LOT = {
    "product": "Leather gloves",
    "hs_code": "420329",
    "quantity": "1500",
    "unit": "pairs",
    "produced_from": "2026-10-01",
    "produced_until": "2026-10-31",
}

SHIPMENT = {
    "port_of_loading": "PKKHI",
    "port_of_destination": "DEHAM",
    "planned_departure": "2026-12-20",
    "mode": "sea",
    "containers": ["CSQU3054383"],
}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def heads(nishan: Nishan) -> tuple:
    """How far each log has been written: unchanged by a refused command."""
    return tuple(
        app.recorder.max_notification_id()
        for app in (nishan.accounts, nishan.inspections, nishan.traceability)
    )


def expect(response: Any, status: int) -> dict:
    assert response.status_code == status, response.text
    return response.json()


def caught_up(nishan: Nishan) -> None:
    """The views at the log's head, as the worker would bring them on PostgreSQL (on SQLite
    each command keeps them)."""
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()


@dataclass
class Scenario:
    client: Any
    admin: str
    inspector: str
    inspector_id: str
    exporter: str
    rival_exporter: str

    @classmethod
    def start(cls, client: Any, nishan: Nishan, province: str = "Sindh") -> "Scenario":
        """Accounts for a scenario whose factories are in `province` (the inspector's). The
        first admin comes from the console, as with `nishan accounts create-admin`."""
        admin = nishan.accounts.open_account(PEOPLE[0], Role.ADMIN, "NCC", by=CONSOLE).token

        def open_one(name: str, role: str, organisation: str, **more: Any) -> dict:
            body = {"name": name, "role": role, "organisation": organisation, **more}
            return expect(client.post("/accounts", headers=bearer(admin), json=body), 201)

        def exporter_user(name: str, company: str) -> dict:
            body = {"name": company, "ntn": ntn(), "city": "Sialkot"}
            exporter = expect(client.post("/exporters", headers=bearer(admin), json=body), 201)
            return expect(
                client.post(
                    f"/exporters/{exporter['exporter_id']}/users",
                    headers=bearer(admin),
                    json={"name": name},
                ),
                201,
            )

        inspector = open_one(
            PEOPLE[1],
            "inspector",
            f"{province} Labour Department",
            jurisdiction={"province": province},
        )
        return cls(
            client=client,
            admin=admin,
            inspector=inspector["token"],
            inspector_id=inspector["account_id"],
            exporter=exporter_user(PEOPLE[2], "Chenab Sports Exports")["token"],
            rival_exporter=exporter_user(PEOPLE[3], "Rival Exports")["token"],
        )

    def open_inspector(self, province: str, districts: list[str]) -> str:
        """Another inspector's token, of `province` (only `districts` of it, if any)."""
        body = {
            "name": "Another Inspector",
            "role": "inspector",
            "organisation": "Labour Department",
            "jurisdiction": {"province": province, "districts": districts},
        }
        answer = self.client.post("/accounts", headers=bearer(self.admin), json=body)
        return expect(answer, 201)["token"]

    def register_factory(self, **facts: str) -> str:
        response = self.client.post(
            "/factories", headers=bearer(self.admin), json=factory_body(**facts)
        )
        return expect(response, 201)["factory_id"]

    def arrive(self, visit: str) -> None:
        """The inspector starts the visit on arrival."""
        response = self.client.post(f"/inspections/{visit}/start", headers=bearer(self.inspector))
        assert response.status_code == 204, response.text

    def schedule_visit(
        self,
        factory_id: str,
        started: bool = True,
        follow_up_of: str | None = None,
        planned_on: str = "2026-11-20",
    ) -> str:
        """A visit to the factory, or a follow-up of visit `follow_up_of`; by default the
        inspector has arrived (started it)."""
        body = {
            "factory_id": factory_id,
            "inspector_id": self.inspector_id,
            "planned_on": planned_on,
            "announced": False,
        }
        if follow_up_of is not None:
            body["follow_up_of"] = follow_up_of
        response = self.client.post("/inspections", headers=bearer(self.admin), json=body)
        visit = expect(response, 201)["inspection_id"]
        if started:
            self.arrive(visit)
        return visit

    def record_finding(self, visit: str, **finding: Any) -> Any:
        return self.client.post(
            f"/inspections/{visit}/findings", headers=bearer(self.inspector), json=finding
        )

    def plan_action(self, visit: str, finding_id: str, deadline: str = "2026-12-31") -> str:
        body = {
            "description": "Remedy the finding",
            "owner": "Factory manager",
            "deadline": deadline,
            "verification": "follow_up_visit",
        }
        response = self.client.post(
            f"/inspections/{visit}/findings/{finding_id}/corrective-actions",
            headers=bearer(self.inspector),
            json=body,
        )
        return expect(response, 201)["action_id"]

    def close_action(self, visit: str, action: str, follow_up: str, note: str) -> Any:
        """The inspector, at follow-up visit `follow_up`, finds an action of `visit` closed."""
        return self.client.post(
            f"/inspections/{visit}/corrective-actions/{action}/review",
            headers=bearer(self.inspector),
            json={"status": "closed", "note": note, "follow_up_id": follow_up},
        )

    def complete(self, visit: str) -> str:
        response = self.client.post(
            f"/inspections/{visit}/complete", headers=bearer(self.inspector)
        )
        return expect(response, 200)["outcome"]

    def create_lot(self, **facts: str) -> str:
        response = self.client.post("/lots", headers=bearer(self.exporter), json={**LOT, **facts})
        return expect(response, 201)["lot_id"]

    def create_shipment(self, *lots: str) -> str:
        """A shipment of the exporter's, with these of its lots in it."""
        owner = bearer(self.exporter)
        answer = self.client.post("/shipments", headers=owner, json=SHIPMENT)
        shipment = expect(answer, 201)["shipment_id"]
        for lot in lots:
            added = self.client.post(
                f"/shipments/{shipment}/lots", headers=owner, json={"lot_id": lot}
            )
            assert added.status_code == 204, added.text
        return shipment

    def attach(self, lot_id: str, factory_id: str, stage: str, token: str | None = None) -> Any:
        return self.client.post(
            f"/lots/{lot_id}/factories",
            headers=bearer(token or self.exporter),
            json={"factory_id": factory_id, "stage": stage},
        )

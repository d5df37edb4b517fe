"""Sample domain values for tests. Each factory gets its own NTN, since the same NTN at the same
address is one factory and a second registration of it is refused."""

from dataclasses import replace
from datetime import date
from itertools import count
from typing import Any

from domain.inspections.factory_details import FactoryDetails, Workforce
from domain.traceability.production_period import ProductionPeriod

PERIOD = ProductionPeriod(date(2026, 10, 1), date(2026, 10, 31))

_ntns = count(4170021)


def ntn() -> str:
    """A National Tax Number not used before in this test run."""
    return f"{next(_ntns)}-3"


def exporter_user(nishan: Any, admin: Any, company: str = "Chenab Sports Exports") -> Any:
    """An Actor acting for a newly registered exporter."""
    from domain.actor import Actor, Role

    exporter = nishan.traceability.register_exporter(company, ntn(), "Sialkot", by=admin)
    opened = nishan.traceability.open_exporter_user(exporter, f"{company} user", by=admin)
    return Actor(opened.account_id, Role.EXPORTER)


def factory_details(**overrides: Any) -> FactoryDetails:
    details = FactoryDetails(
        name="Chenab Sports Industries",
        ntn=ntn(),
        address="Ugoki Road",
        province="Punjab",
        district="Sialkot",
        sector="3230",
        goods=("9506",),
        workforce=Workforce(women=120, men=80),
    )
    return replace(details, **overrides)


def factory_body(**overrides: Any) -> dict[str, Any]:
    """The same, as the JSON body of POST /factories."""
    body = {
        "name": "Korangi Leather Works",
        "ntn": f"{next(_ntns)}-6",
        "address": "Sector 7-A, Korangi Industrial Area",
        "province": "Sindh",
        "district": "Karachi",
        "sector": "1512",
        "goods": ["4203"],
        "workforce": {"women": 40, "men": 160},
    }
    return {**body, **overrides}


class People:
    """An admin, a Punjab inspector and an exporter user on a running Nishan."""

    def __init__(self, nishan: Any) -> None:
        from domain.accounts.account import CONSOLE
        from domain.accounts.jurisdiction import Jurisdiction
        from domain.actor import Actor, Role

        self.nishan = nishan
        admin = nishan.accounts.open_account("Officer", Role.ADMIN, "NCC", by=CONSOLE)
        self.admin = Actor(admin.account_id, Role.ADMIN)
        self.inspector_id = nishan.accounts.open_account(
            "Bilal", Role.INSPECTOR, "Punjab", by=self.admin, jurisdiction=Jurisdiction("Punjab")
        ).account_id
        self.exporter = exporter_user(nishan, self.admin)

    def visit(self, factory_id: Any, on: date) -> Any:
        """A started visit to the factory, by the inspector, acted on here by the admin."""
        visit = self.nishan.inspections.schedule_inspection(
            factory_id, self.inspector_id, on, False, by=self.admin
        )
        self.nishan.inspections.start_inspection(visit, by=self.admin)
        return visit

    def certified_factory(self, on: date, **details: Any) -> Any:
        """A factory that passed a visit on `on`."""
        factory = self.nishan.inspections.register_factory(
            factory_details(**details), by=self.admin
        )
        self.nishan.inspections.complete_inspection(self.visit(factory, on), on, by=self.admin)
        return factory

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
        sector="sports goods",
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
        "sector": "leather goods",
        "goods": ["4203"],
        "workforce": {"women": 40, "men": 160},
    }
    return {**body, **overrides}

"""A store written in bulk for the benchmarks: lots made at ten certified factories.

Each lot brings two events (created, made at a certified factory); the factories, their visits
and the accounts add a few dozen more.
"""

from datetime import date
from decimal import Decimal
from uuid import UUID

from rich.progress import Progress

from bootstrap import Nishan
from domain.accounts.account import CONSOLE
from domain.accounts.jurisdiction import Jurisdiction
from domain.actor import Actor, Role
from domain.inspections.factory_details import FactoryDetails, Workforce
from domain.traceability.lot import Lot, Unit
from domain.traceability.production_period import ProductionPeriod

DAY = date(2026, 11, 20)
SAVE_EVERY = 500  # lots saved per commit while the history is written


def write_history(nishan: Nishan, lots: int) -> list[UUID]:
    """Lots made at ten certified factories, saved in bulk through the application; their ids."""
    accounts, inspections = nishan.accounts, nishan.inspections
    admin = Actor(
        accounts.open_account("Officer", Role.ADMIN, "NCC", by=CONSOLE).account_id, Role.ADMIN
    )
    inspector = accounts.open_account(
        "Inspector", Role.INSPECTOR, "Punjab", by=admin, jurisdiction=Jurisdiction("Punjab")
    ).account_id
    factories = []
    for n in range(10):
        details = FactoryDetails(
            name=f"Mill {n}", ntn=f"{1000000 + n}-{n % 10}", address="Vehari Road",
            province="Punjab", district="Multan", sector="1311", goods=("5205",),
            workforce=Workforce(women=50, men=50),
        )  # fmt: skip
        factory = inspections.register_factory(details, by=admin)
        visit = inspections.schedule_inspection(factory, inspector, DAY, False, by=admin)
        inspections.start_inspection(visit, by=admin)
        inspections.complete_inspection(visit, DAY, by=admin)
        factories.append(inspections.load_factory(factory))
    exporter_id = nishan.traceability.register_exporter(
        "Multan Yarns", "7654321-0", "Multan", by=admin
    )
    user = Actor(
        nishan.traceability.open_exporter_user(exporter_id, "Exporter", by=admin).account_id,
        Role.EXPORTER,
    )
    exporter = nishan.traceability.acting_for(user)
    period = ProductionPeriod(date(2026, 11, 1), DAY)
    made: list[UUID] = []
    with Progress() as progress:
        task = progress.add_task("writing the history", total=lots)
        for start in range(0, lots, SAVE_EVERY):
            batch = []
            for n in range(start, min(start + SAVE_EVERY, lots)):
                lot = Lot.create(
                    exporter.id, exporter.name, f"Yarn {n}", "5205", Decimal(n + 1),
                    Unit.KILOGRAMS, f"B{n}", period, by=user,
                )  # fmt: skip
                factory = factories[n % len(factories)]
                lot.record_production(
                    factory.id, factory.name, "spinning", factory.certification_on(DAY),
                    factory.version, acting_for=exporter.id, by=user,
                )  # fmt: skip
                batch.append(lot)
            nishan.traceability.save(*batch)
            made += [lot.id for lot in batch]
            progress.update(task, completed=start + len(batch))
    return made

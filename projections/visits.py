"""visits: every inspection visit with its factory (its name and place), its inspector, its
planned day and its state, so that visits are found without loading them: the visits a move of
an inspector leaves without one, and lists of visits (an inspector's schedule, an officer's
search). Ids, days, a factory's name and place only; no person's name, no findings."""

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain.accounts.jurisdiction import Jurisdiction
from domain.inspections.factory import Factory
from domain.inspections.inspection import Inspection, VisitState
from projections.projection import Projection, handles, text
from projections.view_store import ViewCursor, ViewStore

STATE_AFTER = {
    Inspection.Started: VisitState.STARTED,
    Inspection.Completed: VisitState.COMPLETED,
    Inspection.Cancelled: VisitState.CANCELLED,
}
OPEN = (VisitState.SCHEDULED.value, VisitState.STARTED.value)


class Visits(Projection):
    name = "visits"
    # 4: the district folded, to be matched with a jurisdiction's; 3: the factory's name, and
    # listed by day; 2: found by factory (lot_scope.py)
    version = 4
    follows = "Inspections"
    tables = {
        "visits": """
            CREATE TABLE IF NOT EXISTS visits (
                inspection_id TEXT PRIMARY KEY,
                factory_id TEXT NOT NULL,
                inspector_id TEXT NOT NULL,
                planned_on TEXT NOT NULL,
                state TEXT NOT NULL,
                factory_name TEXT NOT NULL,
                province TEXT NOT NULL,
                district TEXT NOT NULL,
                district_key TEXT NOT NULL
            )""",
        # What each factory is called and where it is, for the visits scheduled to it.
        "visits_factories": """
            CREATE TABLE IF NOT EXISTS visits_factories (
                factory_id TEXT PRIMARY KEY,
                factory_name TEXT NOT NULL,
                province TEXT NOT NULL,
                district TEXT NOT NULL,
                district_key TEXT NOT NULL
            )""",
    }

    # An inspector's visits are found by the inspector, in the order of their days (their
    # schedule, a page at a time); everyone's by day; a factory's, for a lot's past record.
    indexes = {
        "visits_inspector": "visits (inspector_id)",
        "visits_inspector_by_day": "visits (inspector_id, planned_on, inspection_id)",
        "visits_by_day": "visits (planned_on, inspection_id)",
        "visits_factory": "visits (factory_id)",
    }

    @handles(Factory.Registered)
    def on_registered(self, event: Factory.Registered, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO visits_factories (factory_id, factory_name, province, district, "
            "district_key) VALUES (%(factory)s, %(name)s, %(province)s, %(district)s, "
            "%(district_key)s)",
            _place(event),
        )

    @handles(Factory.DetailsUpdated)
    def on_details_updated(self, event: Factory.DetailsUpdated, cursor: ViewCursor) -> None:
        for table in ("visits_factories", "visits"):
            cursor.execute(
                f"UPDATE {table} SET factory_name = %(name)s, province = %(province)s, "
                "district = %(district)s, district_key = %(district_key)s "
                "WHERE factory_id = %(factory)s",
                _place(event),
            )

    @handles(Inspection.Scheduled)
    def on_scheduled(self, event: Inspection.Scheduled, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO visits (inspection_id, factory_id, inspector_id, planned_on, state, "
            "factory_name, province, district, district_key) SELECT %(visit)s, factory_id, "
            "%(inspector)s, %(planned_on)s, %(state)s, factory_name, province, district, "
            "district_key FROM visits_factories WHERE factory_id = %(factory)s",
            {
                "visit": text(event.originator_id),
                "factory": text(event.factory_id),
                "inspector": text(event.inspector_id),
                "planned_on": event.planned_on.isoformat(),
                "state": VisitState.SCHEDULED.value,
            },
        )

    @handles(Inspection.Reassigned)
    def on_reassigned(self, event: Inspection.Reassigned, cursor: ViewCursor) -> None:
        cursor.execute(
            "UPDATE visits SET inspector_id = %(inspector)s WHERE inspection_id = %(visit)s",
            {"inspector": text(event.inspector_id), "visit": text(event.originator_id)},
        )

    @handles(*STATE_AFTER)
    def on_moved(self, event: Any, cursor: ViewCursor) -> None:
        cursor.execute(
            "UPDATE visits SET state = %(state)s WHERE inspection_id = %(visit)s",
            {"state": STATE_AFTER[type(event)].value, "visit": text(event.originator_id)},
        )


def _place(event: Any) -> dict[str, str]:
    return {
        "factory": text(event.originator_id),
        "name": event.details.name,
        "province": event.details.province,
        "district": event.details.district,
        "district_key": event.details.district.casefold(),  # as Jurisdiction.covers folds it
    }


@dataclass(frozen=True)
class OpenVisit:
    inspection_id: str
    factory_id: str
    planned_on: date
    state: str
    province: str
    district: str


def find_open_visits_outside(
    store: ViewStore, inspector_id: UUID, jurisdiction: Jurisdiction | None
) -> list[OpenVisit]:
    """The visits assigned to the inspector and still open (scheduled or started) at factories
    outside `jurisdiction` (every one, with none: the account inspects no more), soonest first."""
    with store.reading() as cursor:
        rows = cursor.execute(
            "SELECT inspection_id, factory_id, planned_on, state, province, district FROM visits "
            "WHERE inspector_id = %(inspector)s AND state IN (%(scheduled)s, %(started)s) "
            "ORDER BY planned_on, inspection_id",
            {"inspector": str(inspector_id), "scheduled": OPEN[0], "started": OPEN[1]},
        ).fetchall()
    return [
        OpenVisit(**{**row, "planned_on": date.fromisoformat(row["planned_on"])})
        for row in map(dict, rows)
        if jurisdiction is None or not jurisdiction.covers(row["province"], row["district"])
    ]

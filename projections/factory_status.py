"""factory_status: each factory's public facts and its certification now. No personal data."""

from datetime import date
from typing import Any

from domain.inspections.factory import Factory
from domain.inspections.factory_details import FactoryDetails
from projections.factory_figures import find_factory_figures
from projections.projection import Projection, day, handles
from projections.status_today import CONDITIONS_DUE, VALID_STATUSES, status_today
from projections.view_store import ViewCursor, ViewStore


class FactoryStatus(Projection):
    name = "factory_status"
    version = 4  # 4: the district folded for matching a jurisdiction; 3: sectors coded
    follows = "Inspections"
    tables = {
        "factory_status": """
            CREATE TABLE IF NOT EXISTS factory_status (
                factory_id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                province TEXT NOT NULL,
                district TEXT NOT NULL,
                district_key TEXT NOT NULL,
                sector TEXT NOT NULL,
                sector_note TEXT NOT NULL,
                status TEXT NOT NULL,
                certificate_id TEXT,
                valid_until TEXT,
                last_inspection_on TEXT,
                updated_at TEXT NOT NULL
            )""",
        # The corrective actions a conditional certificate depends on, until each is closed.
        "factory_conditions": """
            CREATE TABLE IF NOT EXISTS factory_conditions (
                factory_id TEXT NOT NULL,
                action_id TEXT NOT NULL,
                deadline TEXT NOT NULL,
                PRIMARY KEY (factory_id, action_id)
            )""",
    }

    @handles(Factory.Registered)
    def on_registered(self, event: Factory.Registered, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO factory_status (factory_id, name, province, district, district_key, "
            "sector, sector_note, status, updated_at) VALUES (%(id)s, %(name)s, %(province)s, "
            "%(district)s, %(district_key)s, %(sector)s, %(sector_note)s, 'not_certified', "
            "%(at)s)",
            {
                "id": str(event.originator_id),
                "at": event.timestamp.isoformat(),
                **self._public_details(event.details),
            },
        )

    @handles(Factory.DetailsUpdated)
    def on_details_updated(self, event: Factory.DetailsUpdated, cursor: ViewCursor) -> None:
        self._set(cursor, event, self._public_details(event.details))

    @staticmethod
    def _public_details(details: FactoryDetails) -> dict[str, str]:
        """What the public may know of a factory: not its tax number, address or location."""
        return {
            "name": details.name,
            "province": details.province,
            "district": details.district,
            # As Jurisdiction.covers compares districts: no SQL LOWER() folds as Python does.
            "district_key": details.district.casefold(),
            "sector": details.sector,
            "sector_note": details.sector_note,
        }

    @handles(Factory.ConditionMet)
    def on_condition_met(self, event: Factory.ConditionMet, cursor: ViewCursor) -> None:
        cursor.execute(
            "DELETE FROM factory_conditions WHERE factory_id = %(id)s AND action_id = %(action)s",
            {"id": str(event.originator_id), "action": str(event.action_id)},
        )

    @staticmethod
    def _drop_conditions(cursor: ViewCursor, event: Any) -> None:
        cursor.execute(
            "DELETE FROM factory_conditions WHERE factory_id = %(id)s",
            {"id": str(event.originator_id)},
        )

    @handles(Factory.Certified)
    def on_certified(self, event: Factory.Certified, cursor: ViewCursor) -> None:
        self._drop_conditions(cursor, event)
        for action, deadline in event.conditions:
            cursor.execute(
                "INSERT INTO factory_conditions (factory_id, action_id, deadline) "
                "VALUES (%(id)s, %(action)s, %(deadline)s)",
                {
                    "id": str(event.originator_id),
                    "action": str(action),
                    "deadline": deadline.isoformat(),
                },
            )
        self._set(
            cursor,
            event,
            {
                "status": "certified_with_conditions" if event.with_conditions else "certified",
                "certificate_id": str(event.certificate_id),
                "valid_until": event.valid_until.isoformat(),
                "last_inspection_on": event.inspected_on.isoformat(),
            },
        )

    @handles(Factory.Suspended)
    def on_suspended(self, event: Factory.Suspended, cursor: ViewCursor) -> None:
        self._drop_conditions(cursor, event)
        self._set(
            cursor,
            event,
            {
                "status": "suspended",
                "last_inspection_on": event.inspected_on.isoformat(),
            },
        )

    @staticmethod
    def _set(cursor: ViewCursor, event: Any, values: dict[str, str]) -> None:
        assignments = ", ".join(f"{column} = %({column})s" for column in values)
        cursor.execute(
            f"UPDATE factory_status SET {assignments}, updated_at = %(at)s "
            "WHERE factory_id = %(id)s",
            {**values, "at": event.timestamp.isoformat(), "id": str(event.originator_id)},
        )


def find_factory_status(store: ViewStore, factory_id: str, today: date) -> dict[str, Any] | None:
    """A factory's public status as it stands today: expiry and overdue conditions included."""
    with store.reading() as cursor:
        row = cursor.execute(
            "SELECT s.factory_id, s.name, s.province, s.district, s.sector, s.sector_note, "
            "s.status, s.valid_until, s.last_inspection_on, s.updated_at, "
            f"{CONDITIONS_DUE.format(factory='s.factory_id')} AS conditions_due "
            "FROM factory_status s WHERE s.factory_id = %(id)s",
            {"id": factory_id},
        ).fetchone()
        if row is None:
            return None
        figures = find_factory_figures(cursor, [factory_id], today)[factory_id]
    found = {**dict(row), "figures": figures}
    due = found.pop("conditions_due")
    valid_until = day(found["valid_until"])
    found["status"] = status_today(found["status"], valid_until, day(due), today)
    if found["status"] not in VALID_STATUSES:  # a validity date would mislead
        found["valid_until"] = None
    return found

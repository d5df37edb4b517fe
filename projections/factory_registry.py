"""factory_registry: what officers, inspectors and exporters find a factory by, beside its
public status: its name folded for matching, its National Tax Number's digits, and when it was
registered. Private: the NTN is not public (factory_status has none), and this view is read
only by signed-in routes, never by a public page or the open data."""

from domain.inspections.factory import Factory
from domain.inspections.factory_details import FactoryDetails
from domain.tax_number import ntn_digits
from projections.projection import Projection, handles, moment, text
from projections.view_store import ViewCursor


class FactoryRegistry(Projection):
    name = "factory_registry"
    version = 1
    follows = "Inspections"
    in_lot_records = False  # the workspace's, never a public answer's
    tables = {
        "factory_registry": """
            CREATE TABLE IF NOT EXISTS factory_registry (
                factory_id TEXT PRIMARY KEY,
                name_key TEXT NOT NULL,
                ntn TEXT NOT NULL,
                ntn_digits TEXT NOT NULL,
                registered_at TEXT NOT NULL
            )""",
    }

    # GET /factories, by page: by name, or the newest registered first.
    indexes = {
        "factory_registry_by_name": "factory_registry (name_key, factory_id)",
        "factory_registry_by_time": "factory_registry (registered_at, factory_id)",
    }

    @handles(Factory.Registered)
    def on_registered(self, event: Factory.Registered, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO factory_registry (factory_id, name_key, ntn, ntn_digits, registered_at) "
            "VALUES (%(id)s, %(name_key)s, %(ntn)s, %(ntn_digits)s, %(at)s)",
            {
                "id": text(event.originator_id),
                "at": moment(event.timestamp),
                **_keys(event.details),
            },
        )

    @handles(Factory.DetailsUpdated)
    def on_details_updated(self, event: Factory.DetailsUpdated, cursor: ViewCursor) -> None:
        cursor.execute(
            "UPDATE factory_registry SET name_key = %(name_key)s, ntn = %(ntn)s, "
            "ntn_digits = %(ntn_digits)s WHERE factory_id = %(id)s",
            {"id": text(event.originator_id), **_keys(event.details)},
        )


def _keys(details: FactoryDetails) -> dict[str, str]:
    return {
        # Folded in Python, as the search text is: SQL LOWER() folds only ASCII on SQLite.
        "name_key": details.name.casefold(),
        "ntn": details.ntn,
        "ntn_digits": ntn_digits(details.ntn),  # however it was written: 1234567-8 or 12345678
    }

"""exporter_register: the registered exporting companies (name, NTN, city, when registered),
for officers' lists and each company's own. A company's facts only; no person's."""

from domain.clock import PAKISTAN_TIME
from domain.traceability.exporter import Exporter
from projections.projection import Projection, handles, moment, text
from projections.view_store import ViewCursor


class ExporterRegister(Projection):
    name = "exporter_register"
    version = 1
    follows = "Traceability"
    in_lot_records = False  # the workspace's, never a public answer's
    tables = {
        "exporter_register": """
            CREATE TABLE IF NOT EXISTS exporter_register (
                exporter_id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                ntn TEXT NOT NULL,
                city TEXT NOT NULL,
                registered_on TEXT NOT NULL,
                registered_at TEXT NOT NULL
            )""",
    }

    indexes = {"exporter_register_by_time": "exporter_register (registered_at, exporter_id)"}

    @handles(Exporter.Registered)
    def on_registered(self, event: Exporter.Registered, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO exporter_register (exporter_id, name, ntn, city, registered_on, "
            "registered_at) VALUES (%(id)s, %(name)s, %(ntn)s, %(city)s, %(on)s, %(at)s)",
            {
                "id": text(event.originator_id),
                "name": event.name,
                "ntn": event.ntn,
                "city": event.city,
                "on": event.timestamp.astimezone(PAKISTAN_TIME).date().isoformat(),
                "at": moment(event.timestamp),
            },
        )

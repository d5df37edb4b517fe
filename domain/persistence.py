"""SQLite persistence that gives each application its own events table.

eventsourcing's SQLite factory puts every application into one `stored_events` table, while its
PostgreSQL factory names the table after the application. Nishan keeps one log per bounded
context on both backends, so this factory names SQLite tables the PostgreSQL way
(`inspections_events`, `traceability_events`, ...).
"""

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteFactory


class PerApplicationSQLiteFactory(SQLiteFactory):
    def application_recorder(self) -> ApplicationRecorder:
        recorder = SQLiteApplicationRecorder(
            datastore=self.datastore,
            events_table_name=f"{self.env.name.lower() or 'stored'}_events",
        )
        if self.env_create_table():
            recorder.create_table()
        return recorder

"""Nishan's persistence factories: eventsourcing's, with two changes.

- SQLite: eventsourcing's SQLite factory puts every application into one `stored_events`
  table, while its PostgreSQL factory names the table after the application. Nishan keeps one
  log per bounded context on both backends, so SQLite tables are named the PostgreSQL way
  (`inspections_events`, `traceability_events`, ...).
- PostgreSQL: connections run without JIT compilation. Nishan's statements are small lookups,
  but a view's cost estimate (a join over a table without an index on the key asked, such as a
  lot's reviews) can pass `jit_above_cost`: the server then spent half a second compiling a
  query that runs in a millisecond, on every lot page made afresh.
"""

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.postgres import PostgresFactory
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteFactory
from eventsourcing.utils import Environment


class PerApplicationSQLiteFactory(SQLiteFactory):
    def application_recorder(self) -> ApplicationRecorder:
        recorder = SQLiteApplicationRecorder(
            datastore=self.datastore,
            events_table_name=f"{self.env.name.lower() or 'stored'}_events",
        )
        if self.env_create_table():
            recorder.create_table()
        return recorder


class PostgresWithoutJitFactory(PostgresFactory):
    def __init__(self, env: Environment) -> None:
        super().__init__(env)
        # The pool opens its connections later, with these arguments (psycopg_pool reads
        # `kwargs` for each new connection).
        self.datastore.pool.kwargs["options"] = "-c jit=off"

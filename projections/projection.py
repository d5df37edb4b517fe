"""What every view declares: its name and version, the log it follows, its tables, its handlers."""

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.utils import get_topic

from projections.view_store import ViewCursor, ViewStore

Handler = Callable[[Any, Any, ViewCursor], None]


# Every view that handles an event writes its ids and time: each is worked out once, cached.


@lru_cache(maxsize=4096)
def moment(when: datetime) -> str:
    """A time as views keep it when they compare times: ISO 8601 in UTC to the microsecond,
    always, so that the order of the text is the order of the times (and the cache, which
    takes equal instants for one, never answers in another zone)."""
    return when.astimezone(UTC).isoformat(timespec="microseconds")


@lru_cache(maxsize=4096)
def text(value: UUID) -> str:
    """An id as views keep it."""
    return str(value)


def day(value: str | None) -> date | None:
    """A day as views keep it (ISO 8601 text), or None where the column is empty."""
    return date.fromisoformat(value) if value else None


def handles(*event_classes: type) -> Callable[[Handler], Handler]:
    """Mark a method of a Projection as the handler of these event classes."""

    def mark(method: Handler) -> Handler:
        method.handles = event_classes  # type: ignore[attr-defined]
        return method

    return mark


class Projection:
    name: ClassVar[str]
    version: ClassVar[int]  # raise it when the tables or handlers change: the view is rebuilt
    follows: ClassVar[str]  # the application whose log it reads
    tables: ClassVar[dict[str, str]]  # table name -> CREATE TABLE statement
    # Tables shared with other views and never dropped (an outbox): a rebuild adds its rows.
    shared_tables: ClassVar[dict[str, str]] = {}
    # Indexes on its tables: name -> "table (columns)", made with the tables.
    indexes: ClassVar[dict[str, str]] = {}
    # Tables of other views that the handlers read: a rebuild rebuilds those views with it.
    reads: ClassVar[tuple[str, ...]] = ()
    handlers: ClassVar[dict[type, Handler]]
    # A view made from other views' tables as well as its events: it reads its log only as
    # far as every other view of that log has, and after them (see lot_pages.py).
    trails: ClassVar[bool] = False
    # Whether a lot's record at a past moment needs it (projections/as_of.py replays only those
    # for anyone who asks): the workspace's lists and private files do not.
    in_lot_records: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.handlers = {
            event_class: method
            for method in vars(cls).values()
            if callable(method) and hasattr(method, "handles")
            for event_class in method.handles
        }

    def apply(self, event: Any, cursor: ViewCursor) -> None:
        handler = self.handlers.get(type(event))
        if handler is not None:
            handler(self, event, cursor)

    def after_batch(self, cursor: ViewCursor) -> None:
        """Called at the end of each batch, in its transaction, after its events are applied."""

    def follow_up(self, store: ViewStore, applications: Mapping[str, Application]) -> int:
        """Called after each catch-up has committed; a process acts here on what it decided.
        Returns how many commands it saved, since those bring new events to catch up with."""
        return 0

    @classmethod
    def topics(cls) -> list[str]:
        """The topics of the events this view handles, so that only those are read."""
        return sorted(get_topic(event_class) for event_class in cls.handlers)

    def create(self, cursor: ViewCursor) -> None:
        for statement in [*self.tables.values(), *self.shared_tables.values()]:
            cursor.execute(statement)
        for name, on in self.indexes.items():
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {on}")

    def clear(self, cursor: ViewCursor) -> None:
        # DELETE, not TRUNCATE: TRUNCATE locks readers out until the transaction ends, and a
        # reader holding another view's table while it waits deadlocks with a rebuild's swap.
        for table in self.tables:
            cursor.execute(f"DELETE FROM {table}")

    def drop(self, cursor: ViewCursor) -> None:
        for table in self.tables:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")

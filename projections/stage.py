"""The stage: views replayed from their logs into a private in-memory database.

The views' own handlers apply the events there, each event read and decoded once for all the
views replayed together, and no statement waits on a round trip to a server. Two uses:

- a rebuild replays the views' whole logs, then `swap_in` replaces the live views' rows with the
  stage's in one transaction, bulk-copied, each view's position at the head its replay read to.
  Readers see the old view until that commits and the whole new one after; a crash before it
  leaves the old view as it was. Events recorded meanwhile are caught up as usual afterwards.
- the record "as of" a moment replays the logs up to that moment and is read from the stage.
"""

from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from eventsourcing.utils import get_topic

from projections.memory_store import MemoryViewStore
from projections.predecessors import check_predecessors
from projections.projection import Handler, Projection
from projections.view_store import ViewStore

BATCH = 2000
# A log is in commit order, and an event's time is taken before its commit: a replay up to a
# moment reads on a little past it, so that an event committed late is not missed.
COMMIT_DELAY = timedelta(minutes=1)

Progress = Callable[[str, int], None]  # told a view's name and the log position it has reached


class Stage:
    def __init__(self, views: Sequence[Projection], image: bytes | None = None) -> None:
        """Views with empty tables, created here or taken from an `image` of an empty stage
        of the same views (`empty_image`): a stage made per request skips the creating."""
        self.views = list(views)
        self.store = MemoryViewStore(image)
        self.heads: dict[str, int] = {}  # log name -> the position the replay read to
        self.events = 0
        # Views a helper process replayed (see helper_replay.py): their store and heads.
        self._adopted: dict[str, tuple[MemoryViewStore, dict[str, int]]] = {}
        if image is None:
            with self.store.transaction() as cursor:
                for view in self.views:
                    view.create(cursor)

    def empty_image(self) -> bytes:
        """This stage's database before any replay, for `Stage(views, image)`."""
        return self.store.serialize()

    def replay(
        self,
        applications: Mapping[str, Application],
        progress: Progress | None = None,
        until: datetime | None = None,
    ) -> None:
        """Apply the views' logs, to their heads now or to the events recorded by `until`."""
        for log_name in sorted({view.follows for view in self.views}):
            group = [view for view in self.views if view.follows == log_name]
            self.heads[log_name] = self._replay(applications[log_name], group, progress, until)

    def _replay(
        self,
        app: Application,
        group: Sequence[Projection],
        progress: Progress | None,
        until: datetime | None,
    ) -> int:
        head = app.recorder.max_notification_id() or 0
        handlers = _handlers(group)
        for batch, position in _read_ahead(app, head):
            check_predecessors(app.name, app, batch)
            with self.store.transaction() as cursor:
                for notification in batch:
                    if notification.topic not in handlers:
                        continue
                    event = app.mapper.to_domain_event(notification)
                    cursor.applying(notification.state)
                    if until is not None and event.timestamp > until + COMMIT_DELAY:
                        return notification.id
                    if until is None or event.timestamp <= until:
                        for view, handler in handlers[notification.topic]:
                            handler(view, event, cursor)
                        self.events += 1
            if progress is not None:
                for view in group:
                    progress(view.name, position)
        return head

    def apply(
        self,
        applications: Mapping[str, Application],
        events: Mapping[str, Sequence[Notification]],
        until: datetime,
    ) -> None:
        """Apply some of each log's events (in log order, as `replay` would meet them), those
        recorded by `until`: a replay of chosen records only."""
        for log_name in sorted({view.follows for view in self.views}):
            app = applications[log_name]
            handlers = _handlers([view for view in self.views if view.follows == log_name])
            with self.store.transaction() as cursor:
                for notification in events.get(log_name, ()):
                    if notification.topic not in handlers:
                        continue
                    event = app.mapper.to_domain_event(notification)
                    if event.timestamp > until:
                        continue
                    cursor.applying(notification.state)
                    for view, handler in handlers[notification.topic]:
                        handler(view, event, cursor)
                    self.events += 1

    def adopt(
        self, views: Sequence[Projection], image: bytes, heads: dict[str, int], events: int
    ) -> None:
        """Take in views that a helper process replayed into a stage of its own."""
        store = MemoryViewStore(image)
        for view in views:
            self._adopted[view.name] = (store, heads)
        self.views.extend(views)
        self.events += events

    def swap_in(self, live: ViewStore) -> None:
        """Replace the live views' rows and positions with the stage's, in one transaction."""
        views = sorted(self.views, key=lambda view: view.name)
        with live.transaction() as cursor:
            # Every version row first, in one order: batches in flight finish, new ones wait.
            stored = {view.name: live.lock_for_reset(cursor, view.name) for view in views}
            for view in views:
                if stored[view.name] == view.version:
                    view.clear(cursor)
                else:  # the tables' shape may have changed with the code
                    view.drop(cursor)
                    view.create(cursor)
                store, heads = self._adopted.get(view.name, (self.store, self.heads))
                for table in view.tables:
                    cursor.insert_rows(table, *store.table_rows(table))
                live.restart(cursor, view.name, view.version, view.follows, heads[view.follows])
            for table in sorted({table for view in views for table in view.shared_tables}):
                cursor.insert_rows(table, *self.store.table_rows(table), skip_existing=True)

    def close(self) -> None:
        for store in {store for store, _ in self._adopted.values()} | {self.store}:
            store.close()


def _handlers(group: Sequence[Projection]) -> dict[str, list[tuple[Projection, Handler]]]:
    """Each topic's handlers among the views; the log is filtered by these rather than by the
    query, which PostgreSQL then answers far slower."""
    handlers: dict[str, list[tuple[Projection, Handler]]] = {}
    for view in group:
        for event_class, handler in view.handlers.items():
            handlers.setdefault(get_topic(event_class), []).append((view, handler))
    return handlers


def _read_ahead(app: Application, head: int) -> Iterator[tuple[list[Notification], int]]:
    """The log up to `head` in batches, each with the position it reaches; the next batch is
    read while the caller applies this one."""

    def read(start: int) -> list[Notification]:
        return app.recorder.select_notifications(
            start=start, inclusive_of_start=False, stop=head, limit=BATCH
        )

    with ThreadPoolExecutor(max_workers=1) as reader:
        next_batch = reader.submit(read, 0) if head else None
        while next_batch is not None:
            batch = next_batch.result()
            position = batch[-1].id if len(batch) == BATCH else head
            next_batch = reader.submit(read, position) if position < head else None
            yield batch, position

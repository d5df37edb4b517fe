"""Brings views up to the head of the logs they follow, exactly once.

Each batch of events is applied in one transaction together with the view's new position, so a
crash applies a batch entirely or not at all, and two processes never apply the same batch twice.
"""

import logging
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass

from eventsourcing.application import Application

from projections.helper_replay import OpenLogs, choose_helped, start_helper
from projections.predecessors import check_predecessors
from projections.projection import Projection
from projections.stage import Stage
from projections.view_store import PositionMoved, ViewStore

log = logging.getLogger(__name__)

BATCH_SIZE = 500


@dataclass(frozen=True)
class ViewPosition:
    projection: str
    application: str
    position: int
    head: int

    @property
    def lag(self) -> int:
        return self.head - self.position


class ViewUpdater:
    def __init__(
        self,
        store: ViewStore,
        applications: Mapping[str, Application],
        projections: Iterable[type[Projection]],
        open_logs: OpenLogs | None = None,
    ) -> None:
        """`open_logs` opens the applications anew, in a helper process that takes half of a
        big rebuild; without it a rebuild runs in this process alone."""
        self.store = store
        self.applications = applications
        # Views that trail the others come after them, so that one pass catches all up.
        self.projections = sorted(
            (projection() for projection in projections), key=lambda view: view.trails
        )
        self.open_logs = open_logs

    def prepare(self, keeps: Collection[str]) -> None:
        """Create missing views; reset those whose code has a new version if this process keeps
        them (the worker, or the API on SQLite). Others only warn, so that API processes never
        reset a view under the worker's feet."""
        for projection in self.projections:
            stored = self._stored_version(projection)
            if stored is None or (stored != projection.version and projection.name in keeps):
                self._reset(projection, unless_current=True)
            elif stored != projection.version:
                log.warning(
                    "view %s is at version %s but the code expects %s; the projection worker "
                    "rebuilds it when it starts",
                    projection.name,
                    stored,
                    projection.version,
                )

    def catch_up(
        self,
        names: Iterable[str] | None = None,
        progress: Callable[[str, int], None] | None = None,
    ) -> int:
        """Apply every new event to the named views (all by default); returns how many.

        A process among them may save commands after its batch (`follow_up`); their events are
        caught up with too, so that the views are current when this returns.
        `progress` is told each view's name and the log position it has reached.
        """
        wanted = set(names) if names is not None else None
        applied = 0
        while True:
            commands = 0
            for projection in self.projections:
                if wanted is None or projection.name in wanted:
                    applied += self._catch_up(projection, progress)
                    commands += projection.follow_up(self.store, self.applications)
            if not commands:
                return applied

    def renew_connections(self) -> None:
        """After the database was lost: drop every pooled connection that no longer works, at
        once. Left to themselves, PostgreSQL pools find each dead connection on its next use
        and wait a second before the next try, which adds up to many seconds of catching up."""
        datastores = [
            self.store.datastore,
            *(a.factory.datastore for a in self.applications.values()),
        ]
        for datastore in datastores:
            pool = getattr(datastore, "pool", None)  # SQLite has none
            if pool is not None and not pool.closed:
                pool.check()

    def positions(self) -> list[ViewPosition]:
        return [
            ViewPosition(
                projection.name,
                projection.follows,
                self.store.position(projection.name, projection.follows),
                self._head(projection),
            )
            for projection in self.projections
        ]

    def reached(
        self, application: str, position: int, views: Collection[str] | None = None
    ) -> bool:
        """Whether every view that follows `application` (or each of `views` that does) has
        applied its log up to `position`."""
        return all(
            self.store.position(projection.name, application) >= position
            for projection in self.projections
            if projection.follows == application and (views is None or projection.name in views)
        )

    def rebuild(self, *names: str, progress: Callable[[str, int], None] | None = None) -> int:
        """Build views again from the whole of their logs in a stage (see `stage.py`) and replace
        them in one transaction; returns how many events were applied."""
        views = self._with_partners([self._projection(name) for name in dict.fromkeys(names)])
        helped = choose_helped(views, self.applications) if self.open_logs else []
        helper = stage = None
        try:
            if self.open_logs and helped:
                helper = start_helper(self.open_logs, helped)
            stage = Stage([view for view in views if view not in helped])
            stage.replay(self.applications, progress)
            if helper is not None:
                stage.adopt(helped, *helper.result())
            stage.swap_in(self.store)
            self.store.analyze(table for view in views for table in view.tables)
        finally:
            if helper is not None:
                helper.stop()
            if stage is not None:
                stage.close()
        applied = stage.events + sum(self._catch_up(view, progress) for view in views)
        # Views made from the others' tables (the pages) follow up too: the rebuilt views may
        # now say something else.
        trailing = [view for view in self.projections if view.trails and view not in views]
        for view in [*views, *trailing]:
            view.follow_up(self.store, self.applications)
        return applied

    def _catch_up(self, projection: Projection, progress: Callable[[str, int], None] | None) -> int:
        application = self.applications[projection.follows]
        head = self._head(projection)
        applied = 0
        position = self.store.position(projection.name, projection.follows)
        while position < head:
            batch = application.recorder.select_notifications(
                start=position,
                inclusive_of_start=False,
                stop=head,
                limit=BATCH_SIZE,
                topics=projection.topics(),
            )
            check_predecessors(projection.follows, application, batch)
            # A short batch is the last one below head: the view may then move to head itself.
            reached = batch[-1].id if len(batch) == BATCH_SIZE else head
            try:
                with self.store.transaction(pipelined=True) as cursor:
                    self.store.advance(
                        cursor,
                        projection.name,
                        projection.version,
                        projection.follows,
                        expected=position,
                        position=reached,
                    )
                    for notification in batch:
                        cursor.applying(notification.state)
                        projection.apply(application.mapper.to_domain_event(notification), cursor)
                    projection.after_batch(cursor)
            except PositionMoved:
                log.debug("%s was advanced by another process; rereading", projection.name)
                position = self.store.position(projection.name, projection.follows)
                continue
            applied += len(batch)
            position = reached
            if progress is not None:
                progress(projection.name, reached)
        return applied

    def _with_partners(self, views: list[Projection]) -> list[Projection]:
        """The views with every view whose tables they read or that reads theirs: such views
        decide together (the review process's two sides), so they are rebuilt together. One
        replayed against a copy of its partner would miss what the live partner decides
        meanwhile."""
        chosen = list(views)
        while True:
            tables = {table for view in chosen for table in view.tables}
            read = {table for view in chosen for table in view.reads}
            partners = [
                view
                for view in self.projections
                if view not in chosen and (set(view.reads) & tables or set(view.tables) & read)
            ]
            if not partners:
                return chosen
            chosen += partners

    def _head(self, projection: Projection) -> int:
        """How far the view may read its log: to its head, or, for a view that trails the
        others, no further than every other view of that log has read."""
        head = self.applications[projection.follows].recorder.max_notification_id() or 0
        if not projection.trails:
            return head
        return min(
            [
                head,
                *(
                    self.store.position(other.name, other.follows)
                    for other in self.projections
                    if other.follows == projection.follows and not other.trails
                ),
            ]
        )

    def _projection(self, name: str) -> Projection:
        for projection in self.projections:
            if projection.name == name:
                return projection
        known = ", ".join(p.name for p in self.projections)
        raise KeyError(f"There is no view called '{name}'. The views are: {known}.")

    def _stored_version(self, projection: Projection) -> int | None:
        with self.store.reading() as cursor:
            row = cursor.execute(
                "SELECT version FROM projection_versions WHERE projection = %(name)s",
                {"name": projection.name},
            ).fetchone()
        return None if row is None else row["version"]

    def _reset(self, projection: Projection, unless_current: bool) -> None:
        """Empty a view and its positions, in one transaction, at its code's version.

        The view's version row is locked first, so batches in flight commit before the reset
        and later ones find their positions gone and start over. `unless_current` skips the
        reset when another process has just done it.
        """
        with self.store.transaction() as cursor:
            stored = self.store.lock_for_reset(cursor, projection.name)
            if unless_current and stored == projection.version:
                return
            projection.drop(cursor)
            projection.create(cursor)
            self.store.restart(cursor, projection.name, projection.version, projection.follows)

"""Half of a big rebuild in a second process, so that a rebuild uses two cores.

A rebuild's time goes to Python (decoding events, running handlers), and Python runs one thread
at a time. So a helper process replays one view from the same logs into a stage of its own and
sends back that database, while this process replays the others. It takes the view that handles
the most kinds of event in the longest log, provided no other view reads its tables and it reads
none of theirs: it is then as independent as a view can be.
"""

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context

from eventsourcing.application import Application

from projections.projection import Projection

# Below this many events starting a process costs more than it saves.
MIN_EVENTS = 20_000

OpenLogs = Callable[[], Mapping[str, Application]]  # opens the logs anew, in another process


def choose_helped(
    views: Sequence[Projection], applications: Mapping[str, Application]
) -> list[Projection]:
    """The views the helper should replay: none, when the logs are short or no view stands
    alone."""
    heads = {name: app.recorder.max_notification_id() or 0 for name, app in applications.items()}
    if len(views) < 2 or sum(heads[view.follows] for view in views) < MIN_EVENTS:
        return []
    read = {table for view in views for table in view.reads}
    alone = [view for view in views if not view.reads and not read & set(view.tables)]
    if not alone:
        return []
    chosen = max(alone, key=lambda view: (heads[view.follows], len(view.handlers), view.name))
    return [chosen]


def start_helper(open_logs: OpenLogs, views: Sequence[Projection]) -> "Helper":
    return Helper(open_logs, [type(view) for view in views])


class Helper:
    def __init__(self, open_logs: OpenLogs, view_classes: list[type[Projection]]) -> None:
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))
        self._future: Future = self._pool.submit(_replay, open_logs, view_classes)

    def result(self) -> tuple[bytes, dict[str, int], int]:
        """The helper's database, the head of each log it read to, and its count of events."""
        try:
            return self._future.result()
        finally:
            self._pool.shutdown()

    def cancel(self) -> None:
        self._future.cancel()
        self._pool.shutdown(cancel_futures=True)


def _replay(
    open_logs: OpenLogs, view_classes: list[type[Projection]]
) -> tuple[bytes, dict[str, int], int]:
    from projections.stage import Stage  # in the helper process

    applications = open_logs()
    stage = Stage([cls() for cls in view_classes])
    try:
        stage.replay(applications)
        return stage.store.serialize(), dict(stage.heads), stage.events
    finally:
        stage.close()
        for app in applications.values():
            app.close()

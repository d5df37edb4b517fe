"""Half of a big rebuild in a second process, so that a rebuild uses two cores.

A rebuild's time goes to Python (decoding events, running handlers), and Python runs one thread
at a time. So a helper process replays one view from the same logs into a stage of its own and
sends back that database, while this process replays the others. It takes the view that handles
the most kinds of event in the longest log, provided no other view reads its tables and it reads
none of theirs: it is then as independent as a view can be.
"""

import traceback
from collections.abc import Callable, Mapping, Sequence
from multiprocessing import get_context
from multiprocessing.connection import Connection

from eventsourcing.application import Application

from domain.damaged_record import RecordDamaged
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
    # Views that trail the others (the kept pages) only mark what each event touched during a
    # replay: too little work to share out.
    alone = [
        view for view in views if not view.trails and not view.reads and not read & set(view.tables)
    ]
    if not alone:
        return []
    chosen = max(alone, key=lambda view: (heads[view.follows], len(view.handlers), view.name))
    return [chosen]


def start_helper(open_logs: OpenLogs, views: Sequence[Projection]) -> "Helper":
    return Helper(open_logs, [type(view) for view in views])


class HelperFailed(Exception):
    """The helper process stopped without its part of the rebuild."""


class Helper:
    """A spawned process (never forked: this one holds pools and threads) and a pipe back."""

    def __init__(self, open_logs: OpenLogs, view_classes: list[type[Projection]]) -> None:
        context = get_context("spawn")
        self._answers, answer = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_replay, args=(open_logs, view_classes, answer), daemon=True
        )
        self._process.start()
        answer.close()  # the helper's end: this process keeps only its own

    def result(self) -> tuple[bytes, dict[str, int], int]:
        """The helper's database, the head of each log it read to, and its count of events."""
        try:
            outcome, value = self._answers.recv()
        except EOFError:
            raise HelperFailed("The rebuild's helper process died before it answered.") from None
        if outcome == "damaged":
            raise RecordDamaged(*value)
        if outcome != "done":
            raise HelperFailed(f"The rebuild's helper process failed:\n{value}")
        return value

    def stop(self) -> None:
        """End the helper, done or not: a failed rebuild does not wait for it."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(timeout=10)
        self._answers.close()


def _replay(open_logs: OpenLogs, view_classes: list[type[Projection]], answer: Connection) -> None:
    from projections.stage import Stage  # in the helper process

    try:
        applications = open_logs()
        stage = Stage([cls() for cls in view_classes])
        try:
            stage.replay(applications)
            answer.send(("done", (stage.store.serialize(), dict(stage.heads), stage.events)))
        finally:
            stage.close()
            for app in applications.values():
                app.close()
    except RecordDamaged as damage:
        where = (damage.log, damage.record, damage.version, damage.position, damage.problem)
        answer.send(("damaged", where))
    except BaseException:
        answer.send(("failed", traceback.format_exc()))
    finally:
        answer.close()

"""Each event read from a log comes after the one before it in its record.

A row deleted from the middle of a log leaves a record with a gap: the views would apply what
follows it as if nothing were missing. Each batch a replay or a catch-up reads is checked: an
event's predecessor (its version less one) must come before it in the batch or be in the log,
which one query per batch answers. (A deleted last event leaves no gap: detecting that needs the
integrity log.)
"""

from collections.abc import Sequence

from eventsourcing.application import Application
from eventsourcing.persistence import Notification

from domain.damaged_record import version_gap
from projections.record_events import stored_versions


def check_predecessors(log: str, app: Application, batch: Sequence[Notification]) -> None:
    """Raise RecordDamaged for the first event in `batch` whose predecessor is not stored."""
    last_seen: dict = {}
    unseen: list[Notification] = []
    for notification in batch:
        version = notification.originator_version
        if version > 1 and last_seen.get(notification.originator_id) != version - 1:
            unseen.append(notification)
        last_seen[notification.originator_id] = version
    if not unseen:
        return
    stored = stored_versions(app, {(n.originator_id, n.originator_version - 1) for n in unseen})
    for notification in unseen:
        if (notification.originator_id, notification.originator_version - 1) not in stored:
            raise version_gap(
                log, notification.originator_id, notification.originator_version, notification.id
            )


def check_whole_records(log: str, events: Sequence[Notification]) -> None:
    """Every record's events, all read, run 1, 2, 3, ... without a gap."""
    expected: dict = {}
    for notification in events:
        version = expected.get(notification.originator_id, 1)
        if notification.originator_version != version:
            raise version_gap(
                log, notification.originator_id, notification.originator_version, notification.id
            )
        expected[notification.originator_id] = version + 1

"""A record in a log that cannot be read: an event missing from its sequence, or one that does
not decode. Not a refusal of the command (nothing the caller did is wrong) but a fault of the
store, which an operator must mend from a backup; until then, whatever meets it stops and says
where, rather than answering from half a record.

The events are read through `RecordCheckingMapper` and aggregates loaded through
`RecordCheckingRepository`, so that every reader in every process meets damage the same way.
"""

import dataclasses
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any
from uuid import UUID

from eventsourcing.application import Repository, project_aggregate
from eventsourcing.persistence import Mapper, StoredEvent


class RecordDamaged(Exception):
    def __init__(
        self, log: str, record: UUID, version: int, position: int | None, problem: str
    ) -> None:
        self.log, self.record, self.version, self.position = log, record, version, position
        self.problem = problem
        where = f" at position {position}" if position is not None else ""
        super().__init__(
            f"The {log} log is damaged: record {record}, version {version}{where}: {problem}"
        )


def version_gap(log: str, record: UUID, version: int, position: int | None) -> RecordDamaged:
    return RecordDamaged(
        log, record, version, position, f"version {version - 1} before it is missing"
    )


class RecordCheckingMapper(Mapper):
    """eventsourcing's mapper, reporting an event it cannot decode as a damaged record."""

    def __init__(self, log: str, mapper: Mapper) -> None:
        super().__init__(mapper.transcoder, mapper.compressor, mapper.cipher)
        self.log = log

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        try:
            event = super().to_domain_event(stored_event)
        except Exception as error:  # an unknown topic, bad JSON, an upcaster that fails
            raise self._damaged(stored_event, f"({type(error).__name__}: {error})") from error
        # eventsourcing fills the event's attributes from the state without checking them:
        # valid JSON that is not this event would fail later, in whatever reads it.
        missing = _required_fields(type(event)) - event.__dict__.keys()
        if missing:
            raise self._damaged(stored_event, f"(it lacks {', '.join(sorted(missing))})")
        return event

    def _damaged(self, stored_event: StoredEvent, why: str) -> RecordDamaged:
        return RecordDamaged(
            self.log,
            stored_event.originator_id,
            stored_event.originator_version,
            getattr(stored_event, "id", None),  # a notification's position in the log
            f"the event cannot be decoded {why}",
        )


@cache
def _required_fields(event_class: type) -> frozenset[str]:
    """The fields an event of this class cannot be without (those with no default)."""
    if not dataclasses.is_dataclass(event_class):
        return frozenset()
    return frozenset(
        field.name
        for field in dataclasses.fields(event_class)
        if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
    )


class RecordCheckingRepository(Repository):
    """Loads aggregates only from an unbroken sequence of events, 1, 2, 3, ..."""

    def __init__(self, log: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.log = log

    def get(self, aggregate_id: UUID, *, projector_func: Callable = project_aggregate, **kwargs):
        def checked(aggregate: Any, events: Iterable[Any]) -> Any:
            expected = aggregate.version + 1 if aggregate is not None else 1
            in_order = []
            for event in events:
                if event.originator_version != expected:
                    raise version_gap(self.log, aggregate_id, event.originator_version, None)
                in_order.append(event)
                expected += 1
            return projector_func(aggregate, in_order)

        return super().get(aggregate_id, projector_func=checked, **kwargs)

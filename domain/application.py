"""The base of Nishan's eventsourcing applications."""

from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, Repository
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder, Mapper, Recording
from eventsourcing.utils import strtobool

from domain.actor import Actor
from domain.command_context import CommandContext, VersionMismatch, current_command
from domain.command_receipt import CommandReceipt
from domain.damaged_record import RecordCheckingMapper, RecordCheckingRepository
from domain.errors import AlreadyExists, DomainError, NotFound
from domain.transcodings import register_common
from domain.unique_claim import UniqueClaim, claim_id
from domain.use_case import shown_once

A = TypeVar("A", bound=Aggregate)
Listener = Callable[[list[Recording[Any]]], None]


def missing(what: str, aggregate_id: UUID) -> NotFound:
    """The answer for a record that is not there, and, word for word, for one that is not the
    actor's to act on: so that another's record is never revealed to exist."""
    return NotFound(f"No {what} has the id {aggregate_id}.", code=f"{what}_not_found")


class NishanApplication(Application[UUID]):
    """Registers the shared transcodings and tells listeners when events were saved.

    Listeners let SQLite deployments bring their read models up to date in-process, right after
    a command, without a separate worker.
    """

    def __init__(self, env: dict[str, str] | None = None) -> None:
        super().__init__(env)
        self._after_save: list[Callable[[list[Recording[Any]]], None]] = []

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_common(transcoder)

    def construct_mapper(self) -> Mapper[UUID]:
        return RecordCheckingMapper(self.name, super().construct_mapper())

    def construct_repository(self) -> Repository[UUID]:
        """eventsourcing's repository, as it builds it, loading only unbroken records."""
        cache_maxsize = self.env.get(self.AGGREGATE_CACHE_MAXSIZE)
        return RecordCheckingRepository(
            self.name,
            event_store=self.events,
            snapshot_store=self.snapshots,
            cache_maxsize=int(cache_maxsize) if cache_maxsize else None,
            fastforward=strtobool(self.env.get(self.AGGREGATE_CACHE_FASTFORWARD, "y")),
            fastforward_skipping=strtobool(
                self.env.get(self.AGGREGATE_CACHE_FASTFORWARD_SKIPPING, "n")
            ),
            deepcopy_from_cache=strtobool(self.env.get(self.DEEPCOPY_FROM_AGGREGATE_CACHE, "y")),
        )

    def on_saved(self, listener: Listener) -> Listener:
        """Call `listener` with what each save recorded, once it has committed (once, however
        often it is given)."""
        if listener not in self._after_save:
            self._after_save.append(listener)
        return listener

    def off_saved(self, listener: Listener) -> None:
        """No longer call `listener` (an app stopped; the system it served goes on)."""
        if listener in self._after_save:
            self._after_save.remove(listener)

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[Any]]:
        """Save now, or, while a use case of a request runs, when it returns (see
        domain/use_case.py): then all it saves is saved at once, with the caller's receipt."""
        command = current_command()
        if command is None:
            return super().save(*objs, **kwargs)
        if command.replaying is not None:
            raise RuntimeError(  # a method that saves without being a use case
                "A retry of a recorded command tried to record again: mark the application "
                "method it calls with @use_case."
            )
        if command.deferred is not None:
            command.deferred.collect(self, objs)
            return []
        return self.save_now(objs, command, result=None)

    def save_now(
        self, objs: Sequence[Any], command: CommandContext, result: Any
    ) -> list[Recording[Any]]:
        """Save, honouring the request's command context: the caller's If-Match is checked
        against the version the target record was loaded at, once every rule has passed (so a
        refusal never reveals another's record), and the caller's receipt, holding `result`
        and the version the command leaves its record at, is recorded in the same transaction
        as the first events the command records."""
        changed = [o for o in objs if isinstance(o, Aggregate) and o.pending_events]
        if command.expected_version is not None:
            _check_if_match(command, changed)
        target_version = next((a.version for a in changed if a.id == command.target), None)
        receipt = command.receipt
        records_receipt = bool(receipt and receipt.saved_in is None and command.actor and changed)
        if records_receipt:
            objs = (
                *objs,
                CommandReceipt.record(
                    receipt.receipt_id,
                    receipt.request_hash,
                    by=command.actor,
                    result=result,
                    target_version=target_version,
                    withheld=shown_once(result),
                ),
            )
        recordings = super().save(*objs)
        if records_receipt:
            receipt.saved_in = self.name
        if target_version is not None:
            command.target_version = target_version
        return recordings

    def _notify(self, recordings: list[Recording[Any]]) -> None:
        for listener in self._after_save:
            listener(recordings)

    def get(self, aggregate_class: type[A], aggregate_id: UUID, what: str) -> A:
        """Load an aggregate of the given class, or say plainly that there is none."""
        try:
            aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            aggregate = None
        if not isinstance(aggregate, aggregate_class):
            raise missing(what, aggregate_id)
        return aggregate

    def change(
        self,
        aggregate_class: type[A],
        aggregate_id: UUID,
        what: str,
        command: Callable[[A], object],
    ) -> None:
        """Load an aggregate, let `command` act on it, and save what it recorded."""
        aggregate = self.get(aggregate_class, aggregate_id, what)
        command(aggregate)
        self.save(aggregate)

    def claim(
        self, kind: str, key: str, holder_id: UUID, by: Actor, taken: str, code: str
    ) -> UniqueClaim | None:
        """A new claim on a unique key for `holder_id`, None if it holds the key already, or
        AlreadyExists (naming the holder) if another does. Save it with the holder."""
        if self.exists(claim_id(kind, key)):
            holder = self.repository.get(claim_id(kind, key)).holder_id
            if holder == holder_id:
                return None
            raise AlreadyExists(taken, existing_id=holder, code=code)
        return UniqueClaim.claim(kind, key, holder_id, by=by)

    def exists(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.repository


def _check_if_match(command: CommandContext, changed: list[Aggregate]) -> None:
    """The caller's If-Match names the version of the record the command changes: it must be
    among the records this save changes, and still at that version when it was loaded."""
    if not changed:
        return
    target = next((a for a in changed if a.id == command.target), None)
    if target is None:
        raise DomainError(
            "If-Match names the version of the record named first in the address, and this "
            "command does not change that record; send it without If-Match.",
            code="if_match_not_applicable",
        )
    loaded_at = target.version - len(target.pending_events)
    if loaded_at != command.expected_version:
        raise VersionMismatch(target.id, command.expected_version, loaded_at)

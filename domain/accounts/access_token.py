"""A bearer token, stored only as its hash (domain/accounts/bearer_secret.py, which also gives
the aggregate's id); it expires, and it can be revoked."""

from datetime import datetime, timedelta
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.accounts.bearer_secret import id_of_secret, new_secret
from domain.actor import Actor
from domain.errors import DomainError
from domain.text import checked_reason

TOKEN_PREFIX = "nsh_"
_NAMESPACE = uuid5(NAMESPACE_URL, "https://nishan.pk/access-tokens")


def new_token() -> str:
    return new_secret(TOKEN_PREFIX)


def token_id(token: str) -> UUID:
    return id_of_secret(_NAMESPACE, token)


class AccessToken(Aggregate):
    class Issued(Aggregate.Created):
        account_id: UUID
        by: Actor
        expires_at: datetime | None
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            # Issued before tokens recorded when they expire: see `expired`.
            state["expires_at"] = None

    @event(Issued)
    def __init__(self, account_id: UUID, by: Actor, expires_at: datetime | None) -> None:
        self.account_id = account_id
        self.expires_at = expires_at
        self.revoked = False

    @classmethod
    def issue(
        cls, token: str, account_id: UUID, expires_at: datetime | None, by: Actor
    ) -> "AccessToken":
        return cls._create(
            cls.Issued, id=token_id(token), account_id=account_id, expires_at=expires_at, by=by
        )

    def expired(self, now: datetime, default_days: int) -> bool:
        """A token issued before tokens recorded their expiry expires as a new one would,
        `default_days` after it was issued."""
        expires_at = self.expires_at or self.created_on + timedelta(days=default_days)
        return now >= expires_at

    def revoke(self, reason: str, by: Actor) -> None:
        reason = checked_reason(reason, "Say why the token is revoked.")
        if self.revoked:
            raise DomainError("This token is revoked already.", code="token_revoked")
        self._revoked(reason=reason, by=by)

    @event("Revoked")
    def _revoked(self, reason: str, by: Actor) -> None:
        self.revoked = True

"""A browser's session: what the `nishan_session` cookie opens, its secret stored only as its
hash (domain/accounts/bearer_secret.py, as an AccessToken's: one read by id).

It ends at an absolute expiry, after an idle timeout, when signed out, when its account's tokens
are revoked, or when the account is deactivated. Activity is recorded at most every few minutes,
so that a busy page does not write on every read.
"""

import hashlib
import hmac
from datetime import datetime, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.accounts.bearer_secret import id_of_secret, new_secret
from domain.actor import Actor

SESSION_PREFIX = "nss_"
_NAMESPACE = uuid5(NAMESPACE_URL, "https://nishan.pk/sessions")


def new_session_secret() -> str:
    return new_secret(SESSION_PREFIX)


def session_id(secret: str) -> UUID:
    return id_of_secret(_NAMESPACE, secret)


def csrf_token(secret: str) -> str:
    """The session's anti-forgery token: derived from its secret, so nothing more is stored,
    and another site, which cannot read the cookie, cannot know it."""
    return hmac.new(secret.encode("utf-8"), b"nishan csrf", hashlib.sha256).hexdigest()


class Session(Aggregate):
    @event("Started")
    def __init__(
        self, account_id: UUID, started_at: datetime, expires_at: datetime, by: Actor
    ) -> None:
        self.account_id = account_id
        self.expires_at = expires_at
        self.last_active = started_at
        self.ended = False

    @classmethod
    def start(
        cls, secret: str, account_id: UUID, now: datetime, lasts: timedelta, by: Actor
    ) -> "Session":
        return cls._create(
            cls.Started,
            id=session_id(secret),
            account_id=account_id,
            started_at=now,
            expires_at=now + lasts,
            by=by,
        )

    def why_closed(self, now: datetime, idle: timedelta) -> str | None:
        """None while the session is open, or the code saying why it is not."""
        if self.ended:
            return "session_ended"
        if now >= self.expires_at:
            return "session_expired"
        if now - self.last_active >= idle:
            return "session_idle"
        return None

    def needs_noting(self, now: datetime, every: timedelta) -> bool:
        return now - self.last_active >= every

    @event("Active")
    def note_activity(self, at: datetime) -> None:
        self.last_active = at

    @event("Ended")
    def end(self, reason: str, by: Actor) -> None:
        self.ended = True

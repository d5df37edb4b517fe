"""The Accounts application: open accounts, grant and revoke roles, issue and revoke tokens, and
tell who a token belongs to."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import ClassVar
from uuid import UUID

from eventsourcing.persistence import JSONTranscoder

from domain.accounts.access_token import AccessToken, new_token, token_id
from domain.accounts.account import Account
from domain.accounts.grants import Grant, grants_of
from domain.accounts.jurisdiction import Jurisdiction, JurisdictionAsDict
from domain.actor import Actor, Role
from domain.application import NishanApplication
from domain.errors import DomainError, NotAllowed, NotFound
from domain.use_case import use_case

DEFAULT_TOKEN_DAYS = 90


@dataclass(frozen=True)
class IssuedToken:
    account_id: UUID
    token: str  # shown once; only its hash is stored
    token_id: UUID
    expires_at: datetime | None
    shown_once: ClassVar[bool] = True  # never kept on a command's receipt for a retry


class TokenRefused(Exception):
    """The token opens nothing: unknown, expired, revoked, or its account's is deactivated."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


class Accounts(NishanApplication):
    def __init__(self, env: dict[str, str] | None = None) -> None:
        super().__init__(env)
        self.token_days = int(self.env.get("TOKEN_DAYS") or DEFAULT_TOKEN_DAYS)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(JurisdictionAsDict())

    @use_case
    def open_account(
        self,
        name: str,
        role: Role,
        organisation: str,
        by: Actor,
        jurisdiction: Jurisdiction | None = None,
        exporter_id: UUID | None = None,
        account_id: UUID | None = None,
        token_days: int | None = None,
    ) -> IssuedToken:
        _require_admin(by, "open accounts")
        account = Account.open(
            name,
            role,
            organisation,
            by=by,
            jurisdiction=jurisdiction,
            exporter_id=exporter_id,
            account_id=account_id,
        )
        return self._issue(account, token_days, by)

    @use_case
    def issue_token(
        self, account_id: UUID, by: Actor, token_days: int | None = None
    ) -> IssuedToken:
        """A further token for the account (a new phone, a token about to expire)."""
        _require_admin(by, "issue tokens")
        return self._issue(self.load_account(account_id), token_days, by)

    def _issue(self, account: Account, token_days: int | None, by: Actor) -> IssuedToken:
        days = token_days or self.token_days
        if not 1 <= days <= 3650:
            raise DomainError("A token lasts from 1 to 3650 days.", code="invalid_token_days")
        token = new_token()
        expires_at = datetime.now(UTC) + timedelta(days=days)
        access = AccessToken.issue(token, account.id, expires_at, by=by)
        account.note_token(access.id, expires_at, by=by)
        self.save(account, access)
        return IssuedToken(account.id, token, access.id, expires_at)

    @use_case
    def revoke_token(self, account_id: UUID, token: UUID, reason: str, by: Actor) -> None:
        """An administrator revokes any token; an account its own."""
        if by.role is not Role.ADMIN and by.id != account_id:
            raise NotAllowed("Only an administrator revokes another account's tokens.")
        access = self.get(AccessToken, token, "token")
        if access.account_id != account_id:
            raise NotFound(f"No token has the id {token}.", code="token_not_found")
        access.revoke(reason, by=by)
        self.save(access)

    @use_case
    def revoke_all_tokens(self, account_id: UUID, reason: str, by: Actor) -> None:
        _require_admin(by, "revoke an account's tokens")
        self.change(Account, account_id, "account", lambda a: a.revoke_tokens(reason, by=by))

    @use_case
    def grant_role(
        self, account_id: UUID, role: Role, jurisdiction: Jurisdiction | None, by: Actor
    ) -> None:
        _require_admin(by, "grant roles")
        self.change(
            Account, account_id, "account", lambda a: a.grant_role(role, jurisdiction, by=by)
        )

    @use_case
    def revoke_role(self, account_id: UUID, reason: str, by: Actor) -> None:
        _require_admin(by, "revoke roles")
        if account_id == by.id:
            raise DomainError(
                "An administrator cannot revoke their own role; ask another.", code="own_role"
            )
        self.change(Account, account_id, "account", lambda a: a.revoke_role(reason, by=by))

    @use_case
    def deactivate_account(self, account_id: UUID, reason: str, by: Actor) -> None:
        _require_admin(by, "deactivate accounts")
        self.change(Account, account_id, "account", lambda a: a.deactivate(reason, by=by))

    def load_account(self, account_id: UUID) -> Account:
        return self.get(Account, account_id, "account")

    def grants(self, account_id: UUID) -> list[Grant]:
        """What the account could do, period by period, from its first event to now."""
        self.load_account(account_id)  # a missing account is not found, not an empty history
        return grants_of(self.events.get(account_id))

    def authenticate(self, token: str, now: datetime | None = None) -> Account:
        """The account a bearer token opens, or TokenRefused saying why it opens nothing."""
        now = now or datetime.now(UTC)
        try:
            access = self.get(AccessToken, token_id(token), "token")
        except NotFound:
            raise TokenRefused("invalid_token", "This token is not known to Nishan.") from None
        account = self.load_account(access.account_id)
        if not account.active:
            raise TokenRefused("account_deactivated", "This account has been deactivated.")
        if access.revoked or (
            account.tokens_revoked_at is not None and access.created_on < account.tokens_revoked_at
        ):
            raise TokenRefused("token_revoked", "This token has been revoked.")
        if access.expired(now, self.token_days):
            raise TokenRefused(
                "token_expired", "This token has expired; ask an administrator for a new one."
            )
        return account


def _require_admin(by: Actor, what: str) -> None:
    if by.role is not Role.ADMIN:
        raise NotAllowed(f"Only an administrator can {what}.")

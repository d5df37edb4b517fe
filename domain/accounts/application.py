"""The Accounts application: open accounts, grant and revoke roles, issue and revoke tokens, and
tell who a token belongs to; issue sign-in codes, sign people in and tell whose a session is."""

import math
from collections import OrderedDict
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from threading import Lock
from typing import ClassVar
from uuid import UUID

from eventsourcing.persistence import IntegrityError, JSONTranscoder

from domain.accounts import hashing
from domain.accounts.access_token import AccessToken, new_token, token_id
from domain.accounts.account import Account
from domain.accounts.grants import Grant, grants_of
from domain.accounts.jurisdiction import Jurisdiction, JurisdictionAsDict
from domain.accounts.session import Session, csrf_token, new_session_secret, session_id
from domain.accounts.sign_in import (
    CODE_VALID,
    FAILURES_BEFORE_LOCK,
    LOCKED_FOR,
    WRONG,
    WRONG_CODE,
    SignInRefused,
    check_asked,
    check_passphrase,
    delay_after,
    new_code,
    sign_in_name,
    sign_in_name_from,
    typed_code,
)
from domain.actor import Actor, Role
from domain.application import NishanApplication
from domain.errors import DomainError, NotAllowed, NotFound
from domain.unique_claim import claim_id
from domain.use_case import use_case

DEFAULT_TOKEN_DAYS = 90
DEFAULT_SESSION_HOURS = 12
DEFAULT_SESSION_IDLE_MINUTES = 60
SIGN_IN_NAME_CLAIM = "sign-in-name"
UNKNOWN_NAMES_KEPT = 10_000  # failures of unknown names, counted in memory only


@dataclass(frozen=True)
class IssuedToken:
    account_id: UUID
    token: str  # shown once; only its hash is stored
    token_id: UUID
    expires_at: datetime | None
    sign_in_name: str | None = None
    sign_in_code: str | None = None  # shown once, as the token is
    code_expires_at: datetime | None = None
    shown_once: ClassVar[bool] = True  # never kept on a command's receipt for a retry


@dataclass(frozen=True)
class IssuedCode:
    account_id: UUID
    sign_in_name: str
    code: str  # shown once; only its argon2 hash is stored
    expires_at: datetime
    shown_once: ClassVar[bool] = True


@dataclass(frozen=True)
class StartedSession:
    account_id: UUID
    secret: str  # the cookie's value; only its hash is stored
    csrf_token: str
    expires_at: datetime
    shown_once: ClassVar[bool] = True


class TokenRefused(Exception):
    """The token opens nothing: unknown, expired, revoked, or its account's is deactivated."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


class SessionRefused(TokenRefused):
    """The session cookie opens nothing: unknown, ended, expired, idle, or revoked."""


class Accounts(NishanApplication):
    def __init__(self, env: dict[str, str] | None = None) -> None:
        super().__init__(env)
        self.token_days = int(self.env.get("TOKEN_DAYS") or DEFAULT_TOKEN_DAYS)
        hours = int(self.env.get("SESSION_HOURS") or DEFAULT_SESSION_HOURS)
        idle = int(self.env.get("SESSION_IDLE_MINUTES") or DEFAULT_SESSION_IDLE_MINUTES)
        self.session_lasts, self.session_idle = timedelta(hours=hours), timedelta(minutes=idle)
        # A session's activity is recorded at most this often: a few minutes, or less when
        # the idle timeout is short.
        self.activity_every = min(timedelta(minutes=5), self.session_idle / 4)
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # tests move it
        # Unknown sign-in names fail, slow down and lock as known ones do, so that trying
        # names reveals none; they are counted here, never written.
        self._unknown: OrderedDict[str, tuple[int, datetime | None]] = OrderedDict()
        self._unknown_lock = Lock()

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
        sign_in_name: str | None = None,
    ) -> IssuedToken:
        """The account, its first token, its sign-in name (made from the person's name when
        not given) and its first sign-in code."""
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
        claim = self._name_account(account, sign_in_name, by)
        code, code_expires_at = self._new_code(account, by)
        token = self._issue(account, token_days, by, also=(claim,))
        return IssuedToken(
            token.account_id,
            token.token,
            token.token_id,
            token.expires_at,
            sign_in_name=account.sign_in_name,
            sign_in_code=code,
            code_expires_at=code_expires_at,
        )

    @use_case
    def issue_sign_in_code(
        self, account_id: UUID, by: Actor, sign_in_name: str | None = None
    ) -> IssuedCode:
        """A new one-time sign-in code for the account, in place of any earlier one; an account
        opened before sign-in names gets its name now."""
        _require_admin(by, "issue sign-in codes")
        account = self.load_account(account_id)
        claim = None
        if account.sign_in_name is None:
            claim = self._name_account(account, sign_in_name, by)
        elif sign_in_name is not None and _checked_name(sign_in_name) != account.sign_in_name:
            raise DomainError(
                f"This account's sign-in name is {account.sign_in_name} already; leave "
                "sign_in_name out.",
                code="sign_in_name_set",
            )
        code, expires_at = self._new_code(account, by)
        self.save(account, *([claim] if claim else []))
        return IssuedCode(account.id, account.sign_in_name or "", code, expires_at)

    def _name_account(self, account: Account, asked: str | None, by: Actor) -> object:
        """The account's sign-in name claimed for it: the one asked for, or, made from the
        person's name, the first of name, name_2, name_3, ... no one holds."""
        if asked is not None:
            name = _checked_name(asked)
        else:
            base = sign_in_name_from(account.name)
            name = next(
                (
                    candidate
                    for n in range(1, 1000)
                    if not self.exists(
                        claim_id(SIGN_IN_NAME_CLAIM, candidate := base if n == 1 else f"{base}_{n}")
                    )
                ),
                None,
            )
            if name is None:
                raise DomainError(
                    "Choose a sign-in name for this person.", code="sign_in_name_required"
                )
        claim = self.claim(
            SIGN_IN_NAME_CLAIM,
            name,
            account.id,
            by,
            f"The sign-in name {name} is someone else's: choose another.",
            "sign_in_name_taken",
        )
        account.set_sign_in_name(name, by=by)
        return claim

    def _new_code(self, account: Account, by: Actor) -> tuple[str, datetime]:
        code = new_code()
        expires_at = self.clock() + CODE_VALID
        account.issue_sign_in_code(hashing.code_digest(code), expires_at, by=by)
        return code, expires_at

    @use_case
    def issue_token(
        self, account_id: UUID, by: Actor, token_days: int | None = None
    ) -> IssuedToken:
        """A further token for the account (a new phone, a token about to expire)."""
        _require_admin(by, "issue tokens")
        return self._issue(self.load_account(account_id), token_days, by)

    def _issue(
        self, account: Account, token_days: int | None, by: Actor, also: tuple = ()
    ) -> IssuedToken:
        days = token_days or self.token_days
        if not 1 <= days <= 3650:
            raise DomainError("A token lasts from 1 to 3650 days.", code="invalid_token_days")
        token = new_token()
        expires_at = datetime.now(UTC) + timedelta(days=days)
        access = AccessToken.issue(token, account.id, expires_at, by=by)
        account.note_token(access.id, expires_at, by=by)
        self.save(account, access, *(claim for claim in also if claim is not None))
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
        if account_id == by.id:  # a demotion, as a revocation would: perhaps no admin left
            raise DomainError(
                "An administrator cannot change their own role; ask another.", code="own_role"
            )
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
        if account_id == by.id:  # the last administrator would leave no one to administer
            raise DomainError(
                "An administrator cannot deactivate their own account; ask another.",
                code="own_account",
            )
        self.change(Account, account_id, "account", lambda a: a.deactivate(reason, by=by))

    def load_account(self, account_id: UUID) -> Account:
        return self.get(Account, account_id, "account")

    def grants(self, account_id: UUID) -> list[Grant]:
        """What the account could do, period by period, from its first event to now."""
        self.load_account(account_id)  # a missing account is not found, not an empty history
        return grants_of(self.events.get(account_id))

    def authenticate(self, token: str, now: datetime | None = None) -> Account:
        """The account a bearer token opens, or TokenRefused saying why it opens nothing."""
        return self.token_holder(*self.token_records(token), now)

    def token_records(self, token: str) -> tuple[AccessToken, Account]:
        """The token's record and its account's, as they stand; TokenRefused if unknown."""
        try:
            access = self.get(AccessToken, token_id(token), "token")
        except NotFound:
            raise TokenRefused("invalid_token", "This token is not known to Nishan.") from None
        return access, self.load_account(access.account_id)

    def token_holder(
        self, access: AccessToken, account: Account, now: datetime | None = None
    ) -> Account:
        """The account, if the token opens it now; else TokenRefused saying why not."""
        now = now or datetime.now(UTC)
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

    # Signing in: not use cases of a request's command (the person has no account in hand
    # yet); each saves at once what it records.

    def sign_in(
        self,
        typed_name: str,
        passphrase: str | None = None,
        code: str | None = None,
        new_passphrase: str | None = None,
    ) -> StartedSession:
        """A new session for the person, or SignInRefused saying why not and how long to wait
        before answering. With a code, the person chooses their passphrase (first sign-in)."""
        now = self.clock()
        check_asked(typed_name, passphrase, code, new_passphrase)  # before any cost, uncounted
        if code is not None:
            check_passphrase(new_passphrase or "")
        try:
            name = sign_in_name(typed_name)
        except DomainError:
            name = None
        holder = self.holder_of_sign_in_name(name) if name else None
        account = self.load_account(holder) if holder else None
        if account is None or not account.active:
            raise self._unknown_failed(
                typed_name.strip().lower(), now, code or passphrase or "", code is not None
            )
        if account.locked(now, with_code=code is not None):
            raise _locked(account.locked_until, now)
        if code is not None:
            usable = account.code_hash if account.code_usable(now) else None
            right = hashing.code_matches(usable, typed_code(code))  # as long, used or not
        else:
            right = hashing.matches(account.passphrase_hash, passphrase or "")
        if not right:
            raise self._failed(account, "wrong_code" if code is not None else "wrong_passphrase")
        if code is not None:
            account.choose_passphrase(hashing.hashed(new_passphrase or ""), by=account.actor)
        secret = new_session_secret()
        session = Session.start(secret, account.id, now, self.session_lasts, by=account.actor)
        account.note_sign_in(session_id=session.id, at=now, with_code=code is not None)
        self.save(account, session)
        return StartedSession(account.id, secret, csrf_token(secret), session.expires_at)

    def holder_of_sign_in_name(self, name: str) -> UUID | None:
        """The account that holds a sign-in name, if any."""
        claim = claim_id(SIGN_IN_NAME_CLAIM, name)
        return self.repository.get(claim).holder_id if self.exists(claim) else None

    def _failed(self, account: Account, reason: str) -> SignInRefused:
        """The failure recorded on the account (again, on a fresh copy, if another request
        recorded one meanwhile), and the refusal to answer with."""
        for _ in range(3):
            account.fail_sign_in(reason, self.clock(), LOCKED_FOR, FAILURES_BEFORE_LOCK)
            try:
                self.save(account)
                break
            except IntegrityError:
                account = self.load_account(account.id)
        if account.locked(now := self.clock(), with_code=reason == "wrong_code"):
            return _locked(account.locked_until, now)
        return _wrong(reason, account.failures_in_a_row)

    def _unknown_failed(
        self, name: str, now: datetime, typed: str, with_code: bool
    ) -> SignInRefused:
        """As a known name's failure, in the same time, but counted in memory only."""
        reason = "wrong_code" if with_code else "wrong_passphrase"
        with self._unknown_lock:
            failures, until = self._unknown.get(name, (0, None))
        if until is not None and now < until:
            return _locked(until, now)
        # The work a known name's check does: a passphrase's slow hash, a code's quick digest.
        if with_code:
            hashing.code_matches(None, typed)
        else:
            hashing.matches(None, typed)
        with self._unknown_lock:
            failures, until = self._unknown.pop(name, (0, None))
            failures += 1
            until = now + LOCKED_FOR if failures >= FAILURES_BEFORE_LOCK else None
            self._unknown[name] = (0 if until else failures, until)
            while len(self._unknown) > UNKNOWN_NAMES_KEPT:
                self._unknown.popitem(last=False)
        return _locked(until, now) if until else _wrong(reason, failures)

    def session_account(self, secret: str) -> tuple[Account, Session]:
        """The account a session cookie opens, or SessionRefused saying why it opens nothing;
        its activity is noted, at most every few minutes."""
        now = self.clock()
        try:
            session = self.get(Session, session_id(secret), "session")
        except NotFound:
            raise SessionRefused(
                "session_unknown", "This session is not known to Nishan: sign in again."
            ) from None
        closed = session.why_closed(now, self.session_idle)
        account = self.load_account(session.account_id)
        if closed is None and not account.active:
            closed = "account_deactivated"
        if closed is None and (
            account.tokens_revoked_at is not None and session.created_on < account.tokens_revoked_at
        ):
            closed = "session_revoked"
        if closed is not None:
            raise SessionRefused(closed, _SESSION_CLOSED[closed])
        if session.needs_noting(now, self.activity_every):
            session.note_activity(at=now)
            with suppress(IntegrityError):  # another request noted it at the same moment
                self.save(session)
        return account, session

    def sign_out(self, secret: str) -> None:
        """The session ends; signing out of one that is over already changes nothing."""
        try:
            session = self.get(Session, session_id(secret), "session")
        except NotFound:
            return
        if not session.ended:
            account = self.load_account(session.account_id)
            session.end("Signed out.", by=account.actor)
            self.save(session)


_SESSION_CLOSED = {
    "session_ended": "This session was signed out: sign in again.",
    "session_expired": "This session has expired: sign in again.",
    "session_idle": "This session ended after a time without use: sign in again.",
    "session_revoked": "This session was revoked with the account's tokens: sign in again.",
    "account_deactivated": "This account has been deactivated.",
}


def _checked_name(asked: str) -> str:
    return sign_in_name(asked)


def _wrong(reason: str, failures: int) -> SignInRefused:
    code_used = reason == "wrong_code"
    return SignInRefused(
        WRONG_CODE if code_used else WRONG,
        code=reason,
        field="code" if code_used else "passphrase",
        delay=delay_after(failures),
    )


def _locked(until: datetime, now: datetime) -> SignInRefused:
    return SignInRefused(
        "Too many failed sign-ins in a row: this account is locked for 15 minutes, until "
        f"{until:%H:%M} UTC. If you have forgotten your passphrase, ask an officer for a new "
        "sign-in code: it works at once.",
        code="account_locked",
        field="sign_in_name",
        delay=delay_after(FAILURES_BEFORE_LOCK),
        retry_after=max(1, math.ceil((until - now).total_seconds())),
    )


def _require_admin(by: Actor, what: str) -> None:
    if by.role is not Role.ADMIN:
        raise NotAllowed(f"Only an administrator can {what}.")

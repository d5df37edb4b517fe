"""An account: a person acting in one role, for an organisation.

The role is granted when the account is opened, and later grants and revocations are events of
their own, so what an account could do on any past day is replayed from its log. The account
also lists the tokens issued to it, and can have all of them revoked at once.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.accounts.jurisdiction import Jurisdiction
from domain.actor import Actor, Role
from domain.errors import DomainError
from domain.text import checked_reason, checked_text

NAME_LONGEST = 120  # a person's name, as the API's bodies take it
ORGANISATION_LONGEST = 200
SIGN_INS_KEPT = 20  # on the account's state, for GET /accounts/{id}; its log keeps every one


@dataclass(frozen=True)
class SignInNoted:
    at: datetime
    outcome: str  # signed_in, failed, locked, unlocked
    reason: str  # for a failure: wrong_passphrase, wrong_code, ...; "" otherwise


# The operator at the server's console (the `nishan` command), who opens the first admin.
CONSOLE = Actor(id=UUID(int=0), role=Role.ADMIN)


class Account(Aggregate):
    @event("Opened")
    def __init__(
        self,
        name: str,
        role: Role,
        organisation: str,
        jurisdiction: Jurisdiction | None,
        exporter_id: UUID | None,
        by: Actor,
    ) -> None:
        self.name = name
        self.exporter_id = exporter_id
        self.role = role
        self.organisation = organisation
        self.jurisdiction = jurisdiction
        self.active = True
        self.tokens: list[UUID] = []  # issued since tokens were listed on their account
        self.tokens_revoked_at: datetime | None = None
        # Signing in (domain/accounts/sign_in.py); accounts opened before it have none yet.
        self.sign_in_name: str | None = None
        self.passphrase_hash: str | None = None
        self.code_hash: str | None = None  # the latest sign-in code's, until it is used
        self.code_expires_at: datetime | None = None
        self.failures_in_a_row = 0
        self.locked_until: datetime | None = None
        self.code_opens_lock = False  # a code was issued since the latest lock began
        self.sign_ins: list[SignInNoted] = []  # the latest, newest last, at most SIGN_INS_KEPT

    @classmethod
    def open(
        cls,
        name: str,
        role: Role,
        organisation: str,
        by: Actor,
        jurisdiction: Jurisdiction | None = None,
        exporter_id: UUID | None = None,
        account_id: UUID | None = None,
    ) -> "Account":
        if not name.strip():
            raise DomainError(
                "An account needs the name of the person who uses it.", code="name_required"
            )
        name = checked_text(name, "A person's name", NAME_LONGEST, "name")
        organisation = checked_text(
            organisation, "An organisation's name", ORGANISATION_LONGEST, "organisation"
        )
        _check_grant(role, jurisdiction, exporter_id)
        return cls._create(
            cls.Opened,
            id=account_id or uuid4(),
            name=name,
            role=role,
            organisation=organisation,
            jurisdiction=jurisdiction.checked() if jurisdiction else None,
            exporter_id=exporter_id,
            by=by,
        )

    @property
    def actor(self) -> Actor:
        """As who the account acts; with no role (revoked) it may act on nothing."""
        return Actor(id=self.id, role=self.role or Role.NONE)

    def note_token(self, token: UUID, expires_at: datetime | None, by: Actor) -> None:
        self._require_active()
        self._token_issued(token_id=token, expires_at=expires_at, by=by)

    @event("TokenIssued")
    def _token_issued(self, token_id: UUID, expires_at: datetime | None, by: Actor) -> None:
        self.tokens.append(token_id)

    def revoke_tokens(self, reason: str, by: Actor) -> None:
        """Every token issued until now stops working (a lost phone, a leaked token)."""
        reason = checked_reason(reason, "Say why the tokens are revoked.")
        self._tokens_revoked(reason=reason, issued_before=datetime.now(UTC), by=by)

    @event("TokensRevoked")
    def _tokens_revoked(self, reason: str, issued_before: datetime, by: Actor) -> None:
        self.tokens_revoked_at = issued_before

    def grant_role(self, role: Role, jurisdiction: Jurisdiction | None, by: Actor) -> None:
        """Give the account a role (in place of the one it holds): promote an inspector to
        administrator, move an inspector to another jurisdiction, restore a revoked role."""
        self._require_active()
        _check_grant(role, jurisdiction, self.exporter_id)
        jurisdiction = jurisdiction.checked() if jurisdiction else None
        if (role, jurisdiction) == (self.role, self.jurisdiction):
            raise DomainError("The account holds this role already.", code="role_held")
        self._role_granted(role=role, jurisdiction=jurisdiction, by=by)

    @event("RoleGranted")
    def _role_granted(self, role: Role, jurisdiction: Jurisdiction | None, by: Actor) -> None:
        self.role = role
        self.jurisdiction = jurisdiction

    def revoke_role(self, reason: str, by: Actor) -> None:
        """The account keeps its history and its name on past events, and may act on nothing."""
        self._require_active()
        reason = checked_reason(reason, "Say why the role is revoked.")
        if self.role is None:
            raise DomainError("The account holds no role now.", code="no_role")
        self._role_revoked(reason=reason, by=by)

    @event("RoleRevoked")
    def _role_revoked(self, reason: str, by: Actor) -> None:
        self.role = None
        self.jurisdiction = None

    # Signing in. The hashes are made by the application (domain/accounts/hashing.py): an event
    # holds a hash, never a passphrase or a code.

    def set_sign_in_name(self, name: str, by: Actor) -> None:
        self._require_active()
        if name != self.sign_in_name:
            self._sign_in_name_set(sign_in_name=name, by=by)

    @event("SignInNameSet")
    def _sign_in_name_set(self, sign_in_name: str, by: Actor) -> None:
        self.sign_in_name = sign_in_name

    def issue_sign_in_code(self, code_hash: str, expires_at: datetime, by: Actor) -> None:
        """A new code replaces any earlier one, used or not. One issued while the account is
        locked opens the lock (see `locked`)."""
        self._require_active()
        self._sign_in_code_issued(code_hash=code_hash, expires_at=expires_at, by=by)

    @event("SignInCodeIssued")
    def _sign_in_code_issued(self, code_hash: str, expires_at: datetime, by: Actor) -> None:
        self.code_hash = code_hash
        self.code_expires_at = expires_at
        # Known from the order of the log alone: this code came after the latest lock began.
        self.code_opens_lock = True

    def code_usable(self, now: datetime) -> bool:
        return (
            self.code_hash is not None
            and self.code_expires_at is not None
            and (now < self.code_expires_at)
        )

    def locked(self, now: datetime, with_code: bool = False) -> bool:
        """Whether a sign-in is refused now for failures in a row. A code an officer issued
        after the lock began is let through: the officer has spoken to the person, and the
        code is tried as ever (five wrong ones lock the account again, and that lock holds
        until an officer issues another)."""
        if self.locked_until is None or now >= self.locked_until:
            return False
        return not (with_code and self.code_opens_lock)

    def choose_passphrase(self, passphrase_hash: str, by: Actor) -> None:
        """At first sign-in, with the code: the code is used up."""
        self._require_active()
        self._passphrase_chosen(passphrase_hash=passphrase_hash, by=by)

    @event("PassphraseChosen")
    def _passphrase_chosen(self, passphrase_hash: str, by: Actor) -> None:
        self.passphrase_hash = passphrase_hash
        self.code_hash = None
        self.code_expires_at = None

    def note_sign_in(self, session_id: UUID, at: datetime, with_code: bool) -> None:
        """A sign-in that opened a session; one made during a lock (with an officer's code)
        lifts the lock first, so that the passphrase just chosen works too. The lock stays in
        the log, as every failure does."""
        if self.locked_until is not None and at < self.locked_until:
            self._lock_lifted(at=at)
        self._signed_in(session_id=session_id, at=at, with_code=with_code)

    @event("SignedIn")
    def _signed_in(self, session_id: UUID, at: datetime, with_code: bool) -> None:
        self.failures_in_a_row = 0
        self._note(SignInNoted(at, "signed_in", "code" if with_code else ""))

    @event("LockLifted")
    def _lock_lifted(self, at: datetime) -> None:
        self.locked_until = at
        self._note(SignInNoted(at, "unlocked", "code"))

    def fail_sign_in(self, reason: str, at: datetime, lock_for: timedelta, after: int) -> None:
        """A failure in a row; the `after`-th locks the account for `lock_for`, and the count
        starts again once the lock ends."""
        self._sign_in_failed(reason=reason, at=at)
        if self.failures_in_a_row >= after:
            self._locked_out(at=at, until=at + lock_for)

    @event("SignInFailed")
    def _sign_in_failed(self, reason: str, at: datetime) -> None:
        self.failures_in_a_row += 1
        self._note(SignInNoted(at, "failed", reason))

    @event("LockedOut")
    def _locked_out(self, at: datetime, until: datetime) -> None:
        self.locked_until = until
        self.failures_in_a_row = 0
        self.code_opens_lock = False  # only a code issued from now on opens this lock
        self._note(SignInNoted(at, "locked", ""))

    def _note(self, noted: SignInNoted) -> None:
        self.sign_ins = [*self.sign_ins, noted][-SIGN_INS_KEPT:]

    def _require_active(self) -> None:
        if not self.active:
            raise DomainError("This account is deactivated.", code="account_deactivated")

    def deactivate(self, reason: str, by: Actor) -> None:
        reason = checked_reason(reason, "Say why the account is deactivated.")
        if not self.active:
            raise DomainError("This account is deactivated already.", code="account_deactivated")
        self._deactivated(reason=reason, by=by)

    @event("Deactivated")
    def _deactivated(self, reason: str, by: Actor) -> None:
        self.active = False


def _check_grant(role: Role, jurisdiction: Jurisdiction | None, exporter_id: UUID | None) -> None:
    """The role fits the account: exporter users act for their exporter alone, inspectors
    within a jurisdiction, and no person acts as Nishan itself."""
    if role is Role.EXPORTER and exporter_id is None:
        raise DomainError(
            "An exporter account belongs to a registered exporter: open it with "
            "POST /exporters/{exporter_id}/users.",
            code="exporter_required",
        )
    if role is not Role.EXPORTER and exporter_id is not None:
        raise DomainError(
            "An account of an exporter's user acts only for that exporter.",
            code="exporter_not_applicable",
        )
    if role is Role.SYSTEM or role is Role.NONE:
        raise DomainError("That role is not granted to people.", code="role_not_grantable")
    if role is Role.INSPECTOR and jurisdiction is None:
        raise DomainError(
            "An inspector account needs its jurisdiction: a province, and its districts if "
            "the inspector does not cover the whole province.",
            code="jurisdiction_required",
        )
    if role is not Role.INSPECTOR and jurisdiction is not None:
        raise DomainError(
            "Only inspectors have a jurisdiction.", code="jurisdiction_not_applicable"
        )

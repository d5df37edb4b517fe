"""The Accounts application: open accounts, issue tokens, and tell who a token belongs to."""

from dataclasses import dataclass
from uuid import UUID

from eventsourcing.persistence import JSONTranscoder

from domain.accounts.access_token import AccessToken, new_token, token_id
from domain.accounts.account import Account
from domain.accounts.jurisdiction import Jurisdiction, JurisdictionAsDict
from domain.actor import Actor, Role
from domain.application import NishanApplication
from domain.errors import NotAllowed, NotFound


@dataclass(frozen=True)
class OpenedAccount:
    account_id: UUID
    token: str  # shown once; only its hash is stored


class Accounts(NishanApplication):
    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(JurisdictionAsDict())

    def open_account(
        self,
        name: str,
        role: Role,
        organisation: str,
        by: Actor,
        jurisdiction: Jurisdiction | None = None,
        exporter_id: UUID | None = None,
        account_id: UUID | None = None,
    ) -> OpenedAccount:
        if by.role is not Role.ADMIN:
            raise NotAllowed("Only an administrator can open accounts.")
        account = Account.open(
            name,
            role,
            organisation,
            by=by,
            jurisdiction=jurisdiction,
            exporter_id=exporter_id,
            account_id=account_id,
        )
        token = new_token()
        self.save(account, AccessToken.issue(token, account.id, by=by))
        return OpenedAccount(account_id=account.id, token=token)

    def deactivate_account(self, account_id: UUID, reason: str, by: Actor) -> None:
        if by.role is not Role.ADMIN:
            raise NotAllowed("Only an administrator can deactivate accounts.")
        account = self.load_account(account_id)
        account.deactivate(reason, by=by)
        self.save(account)

    def load_account(self, account_id: UUID) -> Account:
        return self.get(Account, account_id, "account")

    def authenticate(self, token: str) -> Account | None:
        """The account a bearer token belongs to, or None for an unknown token."""
        try:
            access = self.get(AccessToken, token_id(token), "token")
        except NotFound:
            return None
        return self.load_account(access.account_id)

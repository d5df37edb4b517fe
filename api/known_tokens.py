"""The records a bearer token opens, kept between requests.

Every request of a machine or a phone sends its token, and opening it means loading two records
from the accounts log: the token's and its account's, each a transaction of its own (on
PostgreSQL a checkout, BEGIN, SELECT and COMMIT). Kept here, they are stamped with the accounts
log's changes heard when they were read (api/accounts_changes.py): while nothing has been heard
since, they are used as they are, with no read and no thread; once anything has (or while
nothing can be), one indexed read of the two records' latest versions says whether they still
stand, and if either has a new event (revoked, deactivated, a role granted) both are loaded
again. Whether the token opens its account is judged again on every request, by the Accounts
application, so that expiry holds to the moment.
"""

import threading
from collections import OrderedDict
from typing import NamedTuple
from uuid import UUID

from api.accounts_changes import AccountsChanges
from api.quick_reads import QuickReads
from domain.accounts.access_token import AccessToken, token_id
from domain.accounts.account import Account

KEPT = 4096  # tokens; the least recently used is let go past it

_LATEST_VERSIONS = (
    "SELECT originator_id, MAX(originator_version) AS version FROM accounts_events "
    "WHERE originator_id IN (%(token)s, %(account)s) GROUP BY originator_id"
)


class Kept(NamedTuple):
    access: AccessToken
    account: Account
    heard: int | None  # the changes heard before they were read; None: none could be


class KnownTokens:
    def __init__(self, reads: QuickReads, is_sqlite: bool, changes: AccountsChanges) -> None:
        self._reads = reads
        self._is_sqlite = is_sqlite  # SQLite's log keeps ids as hex text, PostgreSQL as uuid
        self._changes = changes
        self._kept: OrderedDict[UUID, Kept] = OrderedDict()
        self._lock = threading.Lock()

    def unchanged(self, token: str) -> tuple[AccessToken, Account] | None:
        """The token's records, if kept and nothing has been heard since they were read: no
        read at all, so that a request can be authenticated on the event loop. None: ask
        `records`."""
        heard, kept = self._changes.heard(), self._used(token_id(token))
        if kept is None or heard is None or kept.heard != heard:
            return None
        return kept.access, kept.account

    def records(self, nishan: object, token: str) -> tuple[AccessToken, Account]:
        """The token's record and its account's as they stand now (TokenRefused if unknown)."""
        key = token_id(token)
        heard = self._changes.heard()  # before reading: a change meanwhile is not missed
        kept = self._used(key)
        if kept is not None and self._stand(kept.access, kept.account):
            found = (kept.access, kept.account)
        else:
            found = nishan.accounts.token_records(token)  # type: ignore[attr-defined]
        with self._lock:
            self._kept[key] = Kept(*found, heard)
            while len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        return found

    def _used(self, key: UUID) -> Kept | None:
        """The records kept for a token, now the most recently used; None if none are."""
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
        return kept

    def _stand(self, access: AccessToken, account: Account) -> bool:
        ids = {"token": access.id, "account": account.id}
        if self._is_sqlite:
            ids = {name: value.hex for name, value in ids.items()}
        rows = self._reads.all(_LATEST_VERSIONS, ids)
        latest = {UUID(str(row["originator_id"])): row["version"] for row in rows}
        return latest == {access.id: access.version, account.id: account.version}

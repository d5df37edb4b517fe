"""The records a bearer token opens, kept between requests and checked in one read.

Every request of a machine or a phone sends its token, and opening it means loading two records
from the accounts log: the token's and its account's, each a transaction of its own (on
PostgreSQL a checkout, BEGIN, SELECT and COMMIT). Kept here, a token's records cost one indexed
read of the two records' latest versions, on the quick reads' connections: if either has a new
event (revoked, deactivated, a role granted), both are loaded again. Whether the token opens its
account is judged again on every request, by the Accounts application, so that expiry and
revocation hold to the moment, in every process.
"""

import threading
from collections import OrderedDict
from uuid import UUID

from api.quick_reads import QuickReads
from domain.accounts.access_token import AccessToken, token_id
from domain.accounts.account import Account

KEPT = 4096  # tokens; the least recently used is let go past it

_LATEST_VERSIONS = (
    "SELECT originator_id, MAX(originator_version) AS version FROM accounts_events "
    "WHERE originator_id IN (%(token)s, %(account)s) GROUP BY originator_id"
)


class KnownTokens:
    def __init__(self, reads: QuickReads, is_sqlite: bool) -> None:
        self._reads = reads
        self._is_sqlite = is_sqlite  # SQLite's log keeps ids as hex text, PostgreSQL as uuid
        self._kept: OrderedDict[UUID, tuple[AccessToken, Account]] = OrderedDict()
        self._lock = threading.Lock()

    def records(self, nishan: object, token: str) -> tuple[AccessToken, Account]:
        """The token's record and its account's as they stand now (TokenRefused if unknown)."""
        key = token_id(token)
        with self._lock:
            known = self._kept.get(key)
            if known is not None:
                self._kept.move_to_end(key)
        if known is not None and self._unchanged(*known):
            return known
        found = nishan.accounts.token_records(token)  # type: ignore[attr-defined]
        with self._lock:
            self._kept[key] = found
            while len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        return found

    def _unchanged(self, access: AccessToken, account: Account) -> bool:
        ids = {"token": access.id, "account": account.id}
        if self._is_sqlite:
            ids = {name: value.hex for name, value in ids.items()}
        rows = self._reads.all(_LATEST_VERSIONS, ids)
        latest = {UUID(str(row["originator_id"])): row["version"] for row in rows}
        return latest == {access.id: access.version, account.id: account.version}

"""accounts: every account as an officer lists it (its name, sign-in name, role, organisation,
exporter, jurisdiction, whether active, when opened), and where each inspector may inspect in a
form SQL matches: so that accounts are listed, and visits whose inspector may no longer do them
are found, without loading an account. Private: names of the people who use Nishan, never a
token, a passphrase, a code or a sign-in.

Events of the Account it has no handler for (tokens, sign-ins) are not even read: a view reads
only the topics it handles (Projection.topics)."""

import json
from typing import Any

from domain.accounts.account import Account
from domain.accounts.jurisdiction import Jurisdiction
from projections.projection import Projection, handles, moment, text
from projections.view_store import ViewCursor


class Accounts(Projection):
    name = "accounts"
    version = 2  # 2: the sign-in name, so that the console's list names what `code` takes
    follows = "Accounts"
    in_lot_records = False  # the workspace's, never a public answer's
    tables = {
        "accounts": """
            CREATE TABLE IF NOT EXISTS accounts (
                account_id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                sign_in_name TEXT,
                role TEXT,
                organisation TEXT NOT NULL,
                exporter_id TEXT,
                province TEXT,
                districts TEXT NOT NULL,
                whole_province INTEGER NOT NULL,
                active INTEGER NOT NULL,
                opened_at TEXT NOT NULL
            )""",
        # The districts an inspector may inspect, folded as Jurisdiction.covers folds them
        # (casefold), to be matched with factory_status.district_key. None: the whole province.
        "account_districts": """
            CREATE TABLE IF NOT EXISTS account_districts (
                account_id TEXT NOT NULL,
                district_key TEXT NOT NULL,
                PRIMARY KEY (account_id, district_key)
            )""",
    }
    indexes = {
        "accounts_by_opening": "accounts (opened_at, account_id)",  # GET /accounts, by page
    }

    @handles(Account.Opened)
    def on_opened(self, event: Account.Opened, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO accounts (account_id, name, role, organisation, exporter_id, province, "
            "districts, whole_province, active, opened_at) VALUES (%(account)s, %(name)s, "
            "%(role)s, %(organisation)s, %(exporter)s, %(province)s, %(districts)s, "
            "%(whole)s, 1, %(at)s)",
            {
                "account": text(event.originator_id),
                "name": event.name,
                "role": event.role.value,
                "organisation": event.organisation,
                "exporter": text(event.exporter_id) if event.exporter_id else None,
                "at": moment(event.timestamp),
                **_place(event.jurisdiction),
            },
        )
        self._districts(cursor, event.originator_id, event.jurisdiction)

    @handles(Account.SignInNameSet)
    def on_sign_in_name_set(self, event: Account.SignInNameSet, cursor: ViewCursor) -> None:
        cursor.execute(
            "UPDATE accounts SET sign_in_name = %(name)s WHERE account_id = %(account)s",
            {"account": text(event.originator_id), "name": event.sign_in_name},
        )

    @handles(Account.RoleGranted)
    def on_role_granted(self, event: Account.RoleGranted, cursor: ViewCursor) -> None:
        self._role(cursor, event.originator_id, event.role.value, event.jurisdiction)

    @handles(Account.RoleRevoked)
    def on_role_revoked(self, event: Account.RoleRevoked, cursor: ViewCursor) -> None:
        self._role(cursor, event.originator_id, None, None)

    @handles(Account.Deactivated)
    def on_deactivated(self, event: Account.Deactivated, cursor: ViewCursor) -> None:
        cursor.execute(
            "UPDATE accounts SET active = 0 WHERE account_id = %(account)s",
            {"account": text(event.originator_id)},
        )

    def _role(
        self, cursor: ViewCursor, account: Any, role: str | None, where: Jurisdiction | None
    ) -> None:
        cursor.execute(
            "UPDATE accounts SET role = %(role)s, province = %(province)s, "
            "districts = %(districts)s, whole_province = %(whole)s WHERE account_id = %(account)s",
            {"account": text(account), "role": role, **_place(where)},
        )
        self._districts(cursor, account, where)

    def _districts(self, cursor: ViewCursor, account: Any, where: Jurisdiction | None) -> None:
        cursor.execute(
            "DELETE FROM account_districts WHERE account_id = %(account)s",
            {"account": text(account)},
        )
        keys = sorted({d.casefold() for d in where.districts}) if where else []
        for key in keys:
            cursor.execute(
                "INSERT INTO account_districts (account_id, district_key) "
                "VALUES (%(account)s, %(key)s)",
                {"account": text(account), "key": key},
            )


def _place(where: Jurisdiction | None) -> dict[str, Any]:
    """The jurisdiction's columns: its province, its districts as written (JSON, to show), and
    whether it is the whole province (no districts listed)."""
    return {
        "province": where.province if where else None,
        "districts": json.dumps(list(where.districts) if where else []),
        "whole": 1 if where is not None and not where.districts else 0,
    }

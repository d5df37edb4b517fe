"""A factory's private file, for the officers and inspectors who act on it: its public status,
its NTN, and, from the views, its visits, its certification decisions, its corrective actions
not yet closed, its grievances and its referrals. Ids, days, codes and statuses only: no
person's name, no interview, no observation, no grievance summary (no view holds one).

Each part is at most `MOST_ROWS`, the newest: a file stays one bounded read however long a
factory's past; its visits, grievances and referrals in full are the lists' own routes, filtered
by `factory_id`."""

import json
from datetime import date
from typing import Any

from projections.factory_status import find_factory_status
from projections.view_store import ViewCursor, ViewStore

MOST_ROWS = 100

PARTS = {
    "visits": "SELECT inspection_id, inspector_id, planned_on, state FROM visits "
    "WHERE factory_id = %(id)s ORDER BY planned_on DESC, inspection_id DESC",
    "certification_history": "SELECT version, at, event, facts FROM factory_history "
    "WHERE factory_id = %(id)s ORDER BY version DESC",
    "open_corrective_actions": "SELECT action_id, inspection_id, finding_id, indicator, "
    "deadline, verification, status FROM corrective_actions "
    "WHERE factory_id = %(id)s AND status <> 'closed' ORDER BY deadline, action_id",
    "grievances": "SELECT grievance_id, category, channel, status, received_on "
    "FROM grievances WHERE factory_id = %(id)s ORDER BY received_on DESC, grievance_id DESC",
    "referrals": "SELECT referral_id, inspection_id, indicator, body, body_name, opened_on, "
    "due_on, status FROM referrals WHERE factory_id = %(id)s "
    "ORDER BY opened_on DESC, referral_id DESC",
}


def find_factory_file(store: ViewStore, factory_id: str, today: date) -> dict[str, Any] | None:
    """The factory's file as the views hold it now, or None for no such factory."""
    status = find_factory_status(store, factory_id, today)
    if status is None:
        return None
    with store.reading() as cursor:
        registered = cursor.execute(
            "SELECT ntn, registered_at FROM factory_registry WHERE factory_id = %(id)s",
            {"id": factory_id},
        ).fetchone()
        parts = {name: _rows(cursor, statement, factory_id) for name, statement in PARTS.items()}
    for entry in parts["certification_history"]:
        entry["facts"] = json.loads(entry["facts"])
    return {
        "factory": status,
        "ntn": registered["ntn"] if registered else None,  # None: the registry is behind
        "registered_at": registered["registered_at"] if registered else None,
        **parts,
    }


def _rows(cursor: ViewCursor, statement: str, factory_id: str) -> list[dict[str, Any]]:
    found = cursor.execute(f"{statement} LIMIT {MOST_ROWS}", {"id": factory_id}).fetchall()
    return [dict(row) for row in found]

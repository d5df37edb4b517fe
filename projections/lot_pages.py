"""lot_pages: each lot's public record kept ready, so that a buyer's scan is one read.

A lot's page is made from many views: the lot, its upstream lots, their factories' status and
figures, its reviews, its shipment, its history. Assembled per request that costs a dozen
queries and grows with the lot's upstream; kept here, it is one row per lot, read by primary
key. The row holds the views' rows themselves (`read_lot_rows`, `read_history_rows`), which
depend on neither the day nor the language: the record is assembled from them for the day it is
read (certificates expire, actions go overdue) and worded in the reader's language.

Two projections keep the rows, one per log. Their handlers only mark what an event touched (a
lot, a shipment, a factory, a visit, a grievance, a referral); at the end of each batch, in the
same transaction, the marks are turned into lots — a lot and every lot made from it, a
factory's lots and theirs — and those lots' rows are read from the other views and stored.
For that the other views must already hold the batch: these projections trail them (`trails`),
never reading their log past the position every other view of it has reached. So a view
position here means the pages are current up to it, and `Nishan-Read-After` waits for them
as for any view.

A page is kept together with the number of view restarts it was made at: when any view is
rebuilt or reset, its pages no longer match it, are served from the views directly until they
are made again, and `follow_up` makes them again.
"""

import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from eventsourcing.application import Application

from domain.inspections.factory import Factory
from domain.inspections.grievance import Grievance
from domain.inspections.inspection import Inspection
from domain.inspections.referral import Referral
from domain.traceability.lot import Lot
from domain.traceability.shipment import Shipment
from projections.lot_history_entries import read_history_rows
from projections.lot_record import read_lot_rows
from projections.lot_verdicts import CREATE_VERDICTS, store_verdict
from projections.projection import Projection, handles, text
from projections.view_store import ViewCursor, ViewStore

log = logging.getLogger(__name__)

# A page shows the latest entries of the lot's history; the rest are at /lots/{id}/history.
MOST_HISTORY_SHOWN = 80
REFRESHED_TOGETHER = 200  # lots made again in one transaction after a view's rebuild

CREATE_PAGES = """
CREATE TABLE IF NOT EXISTS lot_pages (
    lot_id TEXT PRIMARY KEY,
    digest TEXT NOT NULL,
    restarts BIGINT NOT NULL,
    document TEXT NOT NULL
)"""
CREATE_REFRESHED = """
CREATE TABLE IF NOT EXISTS lot_pages_refreshed (
    name TEXT PRIMARY KEY,
    restarts BIGINT NOT NULL
)"""
RESTARTS = "SELECT COALESCE(SUM(restarts), 0) AS restarts FROM projection_restarts"
# The page's digest and whether it was made from the views as they are now (no view rebuilt
# since): all a cached answer needs. The document itself is read only to make an answer.
SELECT_DIGEST = f"""
SELECT digest, restarts = ({RESTARTS}) AS current FROM lot_pages WHERE lot_id = %(lot_id)s"""
SELECT_PAGE = f"""
SELECT digest, document, restarts = ({RESTARTS}) AS current FROM lot_pages
WHERE lot_id = %(lot_id)s"""
STORE_PAGE = """
INSERT INTO lot_pages (lot_id, digest, restarts, document)
VALUES (%(lot_id)s, %(digest)s, %(restarts)s, %(document)s)
ON CONFLICT (lot_id) DO UPDATE SET digest = excluded.digest, restarts = excluded.restarts,
    document = excluded.document"""

# What a mark of each kind reaches: lots, before their descendants are added.
LOTS_MARKED = {
    "lot": "SELECT key AS lot_id FROM {marks} WHERE kind = 'lot'",
    "shipment": "SELECT s.lot_id FROM {marks} m JOIN shipment_lots s ON s.shipment_id = m.key "
    "WHERE m.kind = 'shipment'",
    "factory": "SELECT p.lot_id FROM {marks} m JOIN lot_productions p ON p.factory_id = m.key "
    "WHERE m.kind = 'factory'",
    "visit": "SELECT p.lot_id FROM {marks} m JOIN dashboard_visits v ON v.inspection_id = m.key "
    "JOIN lot_productions p ON p.factory_id = v.factory_id WHERE m.kind = 'visit'",
    "grievance": "SELECT p.lot_id FROM {marks} m "
    "JOIN dashboard_grievances g ON g.grievance_id = m.key "
    "JOIN lot_productions p ON p.factory_id = g.factory_id WHERE m.kind = 'grievance'",
    "referral": "SELECT p.lot_id FROM {marks} m "
    "JOIN dashboard_referrals r ON r.referral_id = m.key "
    "JOIN lot_productions p ON p.factory_id = r.factory_id WHERE m.kind = 'referral'",
}
# The marked lots and every lot made from them, however far down.
LOTS_REACHED = """
WITH RECURSIVE reached(lot_id) AS (
    {marked}
    UNION
    SELECT e.child_id FROM lot_edges e JOIN reached r ON e.parent_id = r.lot_id
)
SELECT lot_id FROM reached ORDER BY lot_id"""


def page_document(cursor: ViewCursor, lot_id: str) -> dict[str, Any] | None:
    """What the lot's page is made from, read from the views; None for no such lot."""
    record = read_lot_rows(cursor, lot_id)
    if record is None:
        return None
    return {
        "record": record,
        "history": read_history_rows(cursor, lot_id, None, MOST_HISTORY_SHOWN),
    }


def store_pages(cursor: ViewCursor, lot_ids: Iterable[str]) -> int:
    """Make the lots' pages again from the views as they are in this transaction."""
    restarts = cursor.execute(RESTARTS).fetchone()["restarts"]
    made = 0
    for lot_id in lot_ids:
        document = page_document(cursor, lot_id)
        if document is None:  # the lot's own view has not read it yet: its event will mark it
            continue
        text_ = json.dumps(document, sort_keys=True, separators=(",", ":"), default=str)
        digest = hashlib.sha256(text_.encode()).hexdigest()[:32]
        params = {"lot_id": lot_id, "digest": digest, "restarts": restarts, "document": text_}
        cursor.execute(STORE_PAGE, params)
        store_verdict(cursor, lot_id, document["record"])  # the lists' verdict, with the page
        made += 1
    return made


def _serialise(cursor: ViewCursor) -> None:
    """Pages are made by both sides (a factory's change, a lot's): one at a time on
    PostgreSQL, so that neither reads the other's views from before the other's commit and
    both miss a change. SQLite has one writer at a time already."""
    if not cursor.is_sqlite:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended('nishan:lot_pages', 0))")


class LotPagesSide(Projection):
    """What both sides share: marks in a table of their own, turned into pages per batch."""

    trails = True
    marks: ClassVar[str]
    shared_tables = {
        "lot_pages": CREATE_PAGES,
        "lot_pages_refreshed": CREATE_REFRESHED,
        "lot_verdicts": CREATE_VERDICTS,
    }

    def _mark(self, cursor: ViewCursor, kind: str, key: Any) -> None:
        cursor.execute(
            f"INSERT INTO {self.marks} (kind, key) VALUES (%(kind)s, %(key)s) "
            "ON CONFLICT DO NOTHING",
            {"kind": kind, "key": text(key)},
        )

    def after_batch(self, cursor: ViewCursor) -> None:
        """Make the pages of every lot this batch's events touched, and forget the marks."""
        kinds = [
            row["kind"]
            for row in cursor.execute(f"SELECT DISTINCT kind FROM {self.marks}").fetchall()
        ]
        if not kinds:
            return
        _serialise(cursor)
        marked = " UNION ".join(LOTS_MARKED[kind].format(marks=self.marks) for kind in kinds)
        rows = cursor.execute(LOTS_REACHED.format(marked=marked)).fetchall()
        store_pages(cursor, [row["lot_id"] for row in rows])
        cursor.execute(f"DELETE FROM {self.marks}")

    def follow_up(self, store: ViewStore, applications: Mapping[str, Application]) -> int:
        """After a rebuild: marks it brought in, and pages made before a view restarted."""
        with store.transaction() as cursor:
            self.after_batch(cursor)
        refresh_restarted_pages(store)
        return 0


def refresh_restarted_pages(store: ViewStore) -> int:
    """Make again every page made before the latest rebuild or reset of any view; returns how
    many. A rebuild is rare and may change what every page says, so every page is made again,
    a few hundred lots per transaction."""
    with store.reading() as cursor:
        restarts = cursor.execute(RESTARTS).fetchone()["restarts"]
        done = cursor.execute(
            "SELECT restarts FROM lot_pages_refreshed WHERE name = 'all'"
        ).fetchone()
    if done is not None and done["restarts"] == restarts:
        return 0
    made = 0
    while True:
        with store.transaction() as cursor:
            _serialise(cursor)
            rows = cursor.execute(
                "SELECT c.lot_id FROM lot_compliance c LEFT JOIN lot_pages p "
                "ON p.lot_id = c.lot_id WHERE p.lot_id IS NULL OR p.restarts <> %(restarts)s "
                "ORDER BY c.lot_id LIMIT %(limit)s",
                {"restarts": restarts, "limit": REFRESHED_TOGETHER},
            ).fetchall()
            made += store_pages(cursor, [row["lot_id"] for row in rows])
            if len(rows) < REFRESHED_TOGETHER:
                cursor.execute(
                    "INSERT INTO lot_pages_refreshed (name, restarts) VALUES ('all', %(r)s) "
                    "ON CONFLICT (name) DO UPDATE SET restarts = excluded.restarts",
                    {"r": restarts},
                )
                break
    if made:
        log.info("made %s lot pages again after a view was rebuilt", made)
    return made


class LotPagesOfTraceability(LotPagesSide):
    name = "lot_pages_traceability"
    version = 4  # 4: verdicts kept for lists; 3: stages and sectors coded; 2: suspensions
    follows = "Traceability"
    marks = "lot_page_marks_traceability"
    tables = {
        marks: f"""
            CREATE TABLE IF NOT EXISTS {marks} (
                kind TEXT NOT NULL,
                key TEXT NOT NULL,
                PRIMARY KEY (kind, key)
            )"""
    }

    @handles(
        Lot.Created,
        Lot.ProducedAt,
        Lot.AssignedToShipment,
        Lot.ReleasedFromShipment,
        Lot.Shipped,
        Lot.Gave,
        Lot.DerivedFrom,
        Lot.PlacedUnderReview,
        Lot.ReviewLifted,
    )
    def on_lot(self, event: Any, cursor: ViewCursor) -> None:
        self._mark(cursor, "lot", event.originator_id)

    @handles(Shipment.LotAdded, Shipment.Departed, Shipment.Arrived, Shipment.Cancelled)
    def on_shipment(self, event: Any, cursor: ViewCursor) -> None:
        self._mark(cursor, "shipment", event.originator_id)


class LotPagesOfInspections(LotPagesSide):
    name = "lot_pages_inspections"
    version = 4  # 4: verdicts kept for lists; 3: stages and sectors coded; 2: suspensions
    follows = "Inspections"
    marks = "lot_page_marks_inspections"
    tables = {
        marks: f"""
            CREATE TABLE IF NOT EXISTS {marks} (
                kind TEXT NOT NULL,
                key TEXT NOT NULL,
                PRIMARY KEY (kind, key)
            )"""
    }

    @handles(Factory.Registered, Factory.DetailsUpdated, Factory.Certified, Factory.Suspended)
    def on_factory(self, event: Any, cursor: ViewCursor) -> None:
        self._mark(cursor, "factory", event.originator_id)

    @handles(Factory.ConditionMet)
    def on_condition_met(self, event: Any, cursor: ViewCursor) -> None:
        self._mark(cursor, "factory", event.originator_id)

    # Only what changes a signed-off visit's figures: a visit in progress does not count yet.
    @handles(
        Inspection.Completed,
        Inspection.Cancelled,
        Inspection.CorrectiveActionPlanned,
        Inspection.CorrectiveActionReviewed,
    )
    def on_visit(self, event: Any, cursor: ViewCursor) -> None:
        self._mark(cursor, "visit", event.originator_id)

    @handles(
        Grievance.Recorded,
        Grievance.Acknowledged,
        Grievance.InvestigationStarted,
        Grievance.Resolved,
        Grievance.Dismissed,
    )
    def on_grievance(self, event: Any, cursor: ViewCursor) -> None:
        self._mark(cursor, "grievance", event.originator_id)

    @handles(Referral.Opened, Referral.Acknowledged, Referral.CaseOpened, Referral.Closed)
    def on_referral(self, event: Any, cursor: ViewCursor) -> None:
        self._mark(cursor, "referral", event.originator_id)


def kept_page_rows(document: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A kept page's rows: the record's (`lot_record_from`) and its history's (`history_from`)."""
    kept = json.loads(document)
    return kept["record"], kept["history"]

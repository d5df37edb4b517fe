"""visit_detail: each inspection visit in full, one JSON document per visit kept ready for
GET /inspections/{id}, so that reading a visit is one read of one row, never a replay.

Every event of a visit rewrites its document; so do the events that change what it shows of
other records: its factory's name and place, the referrals its findings opened, and the
follow-up visits scheduled after it (and the visit it follows up). Private: the document holds
the inspector's observations and the corrective actions' descriptions, and is read only by
those who may act on the visit. It holds no worker's identity because the log holds none:
interviews are counted by gender, never named, and evidence is a file's SHA-256 and media type.
"""

import json
from collections.abc import Callable
from typing import Any

from domain.actor import Actor
from domain.inspections.factory import Factory
from domain.inspections.inspection import Inspection, VisitState
from domain.inspections.referral import Referral, ReferralBody, ReferralStatus
from projections.projection import Projection, handles, moment, text
from projections.view_store import ViewCursor

Document = dict[str, Any]

STATE_AFTER = {
    Inspection.Started: (VisitState.STARTED, "started_at"),
    Inspection.Completed: (VisitState.COMPLETED, "signed_off_at"),
    Inspection.Cancelled: (VisitState.CANCELLED, "cancelled_at"),
}
REFERRAL_STATUS_AFTER = {
    Referral.Acknowledged: ReferralStatus.ACKNOWLEDGED,
    Referral.CaseOpened: ReferralStatus.CASE_OPENED,
    Referral.Closed: ReferralStatus.CLOSED,
}


def by(actor: Actor) -> dict[str, str]:
    """Who did it: the account and the role it acted in (its holder's name stays private)."""
    return {"account_id": text(actor.id), "role": actor.role.value}


class VisitDetail(Projection):
    name = "visit_detail"
    version = 1
    follows = "Inspections"
    in_lot_records = False  # the workspace's, never a public answer's
    tables = {
        "visit_detail": """
            CREATE TABLE IF NOT EXISTS visit_detail (
                inspection_id TEXT PRIMARY KEY,
                factory_id TEXT NOT NULL,
                document TEXT NOT NULL
            )""",
        # What each factory is called and where it is, for the visits scheduled to it.
        "visit_detail_factories": """
            CREATE TABLE IF NOT EXISTS visit_detail_factories (
                factory_id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                province TEXT NOT NULL,
                district TEXT NOT NULL
            )""",
        # The visit whose finding opened each referral: a referral's later events name it not.
        "visit_detail_referrals": """
            CREATE TABLE IF NOT EXISTS visit_detail_referrals (
                referral_id TEXT PRIMARY KEY,
                inspection_id TEXT NOT NULL
            )""",
    }
    indexes = {"visit_detail_factory": "visit_detail (factory_id)"}  # a factory renamed

    # The factory's name and place.

    @handles(Factory.Registered)
    def on_factory_registered(self, event: Factory.Registered, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO visit_detail_factories (factory_id, name, province, district) "
            "VALUES (%(factory_id)s, %(name)s, %(province)s, %(district)s)",
            _factory(event),
        )

    @handles(Factory.DetailsUpdated)
    def on_factory_updated(self, event: Factory.DetailsUpdated, cursor: ViewCursor) -> None:
        factory = _factory(event)
        cursor.execute(
            "UPDATE visit_detail_factories SET name = %(name)s, province = %(province)s, "
            "district = %(district)s WHERE factory_id = %(factory_id)s",
            factory,
        )
        rows = cursor.execute(
            "SELECT inspection_id FROM visit_detail WHERE factory_id = %(factory_id)s", factory
        ).fetchall()
        for row in rows:
            _change(cursor, row["inspection_id"], lambda doc: doc.update(factory=factory))

    # The visit's own life.

    @handles(Inspection.Scheduled)
    def on_scheduled(self, event: Inspection.Scheduled, cursor: ViewCursor) -> None:
        visit, factory_id = text(event.originator_id), text(event.factory_id)
        place = cursor.execute(
            "SELECT factory_id, name, province, district FROM visit_detail_factories "
            "WHERE factory_id = %(factory_id)s",
            {"factory_id": factory_id},
        ).fetchone()
        parent = _document(cursor, text(event.follow_up_of)) if event.follow_up_of else None
        document: Document = {
            "inspection_id": visit,
            "factory": dict(place) if place else {"factory_id": factory_id},
            "inspector_id": text(event.inspector_id),
            "planned_on": event.planned_on.isoformat(),
            "announced": event.announced,
            "catalogue_version": event.catalogue_version,
            "state": VisitState.SCHEDULED.value,
            "scheduled_at": moment(event.timestamp),
            "scheduled_by": by(event.by),
            "started_at": None,
            "signed_off_at": None,
            "cancelled_at": None,
            "cancellation_reason": None,
            "reassignments": [],
            "outcome": None,
            "findings": [],
            "interviews": [],
            "good_practices": [],
            "corrective_actions": [],
            "referrals": [],
            "follow_up_of": _summary(parent) if parent else None,
            "follow_ups": [],
        }
        cursor.execute(
            "INSERT INTO visit_detail (inspection_id, factory_id, document) "
            "VALUES (%(visit)s, %(factory_id)s, %(document)s)",
            {"visit": visit, "factory_id": factory_id, "document": json.dumps(document)},
        )
        if parent is not None:
            parent["follow_ups"].append(_summary(document))
            _write(cursor, parent)

    @handles(Inspection.Reassigned)
    def on_reassigned(self, event: Inspection.Reassigned, cursor: ViewCursor) -> None:
        def reassign(doc: Document) -> None:
            doc["reassignments"].append(
                {
                    "from_inspector_id": doc["inspector_id"],
                    "to_inspector_id": text(event.inspector_id),
                    "at": moment(event.timestamp),
                    "by": by(event.by),
                }
            )
            doc["inspector_id"] = text(event.inspector_id)

        self._change_visit(cursor, event, reassign)

    @handles(*STATE_AFTER)
    def on_moved(self, event: Any, cursor: ViewCursor) -> None:
        state, when = STATE_AFTER[type(event)]

        def move(doc: Document) -> None:
            doc["state"] = state.value
            doc[when] = moment(event.timestamp)
            if isinstance(event, Inspection.Completed):
                doc["outcome"] = event.outcome.value
            if isinstance(event, Inspection.Cancelled):
                doc["cancellation_reason"] = event.reason
                # A cancelled visit decides nothing, so it asks for nothing (as the domain).
                for action in doc["corrective_actions"]:
                    action["lapsed"] = True

        self._change_visit(cursor, event, move)

    # What was found, and its corrections.

    @handles(Inspection.FindingRecorded)
    def on_finding(self, event: Inspection.FindingRecorded, cursor: ViewCursor) -> None:
        finding = {
            "finding_id": text(event.finding_id),
            "indicator": event.indicator,
            "cluster": event.cluster,
            "severity": event.severity.value,  # as last graded
            "severity_recorded": event.severity.value,
            "zero_tolerance": event.zero_tolerance,
            "observation": event.observation,
            "workers_affected": event.workers_affected,
            "evidence": [{"sha256": e.sha256, "media_type": e.media_type} for e in event.evidence],
            "recorded_at": moment(event.timestamp),
            "recorded_by": by(event.by),
            "regrades": [],
            "withdrawal": None,
        }
        self._change_visit(cursor, event, lambda doc: doc["findings"].append(finding))

    @handles(Inspection.FindingRegraded)
    def on_regraded(self, event: Inspection.FindingRegraded, cursor: ViewCursor) -> None:
        def regrade(doc: Document) -> None:
            finding = _finding(doc, event.finding_id)
            finding["regrades"].append(
                {
                    "from_severity": finding["severity"],
                    "to_severity": event.severity.value,
                    "reason": event.reason,
                    "at": moment(event.timestamp),
                    "by": by(event.by),
                }
            )
            # Stored before such regrades were refused: a zero-tolerance finding stays critical.
            if not finding["zero_tolerance"]:
                finding["severity"] = event.severity.value

        self._change_visit(cursor, event, regrade)

    @handles(Inspection.FindingWithdrawn)
    def on_withdrawn(self, event: Inspection.FindingWithdrawn, cursor: ViewCursor) -> None:
        def withdraw(doc: Document) -> None:
            _finding(doc, event.finding_id)["withdrawal"] = {
                "reason": event.reason,
                "at": moment(event.timestamp),
                "by": by(event.by),
            }
            # Its corrective actions lapse with it: nothing remains to correct.
            for action in doc["corrective_actions"]:
                if action["finding_id"] == text(event.finding_id):
                    action["lapsed"] = True

        self._change_visit(cursor, event, withdraw)

    # Interviews and good practices.

    @handles(Inspection.WorkersInterviewed)
    def on_interviews(self, event: Inspection.WorkersInterviewed, cursor: ViewCursor) -> None:
        counted = event.interviewed
        interviews = {
            "women": counted.women,
            "men": counted.men,
            "transgender": counted.transgender,
            "at": moment(event.timestamp),
            "by": by(event.by),
        }
        self._change_visit(cursor, event, lambda doc: doc["interviews"].append(interviews))

    @handles(Inspection.GoodPracticeRecorded)
    def on_good_practice(self, event: Inspection.GoodPracticeRecorded, cursor: ViewCursor) -> None:
        practice = {
            "cluster": event.cluster,
            "description": event.description,
            "at": moment(event.timestamp),
            "by": by(event.by),
        }
        self._change_visit(cursor, event, lambda doc: doc["good_practices"].append(practice))

    # Corrective actions and their reviews.

    @handles(Inspection.CorrectiveActionPlanned)
    def on_planned(self, event: Inspection.CorrectiveActionPlanned, cursor: ViewCursor) -> None:
        def plan(doc: Document) -> None:
            doc["corrective_actions"].append(
                {
                    "action_id": text(event.action_id),
                    "finding_id": text(event.finding_id),
                    "indicator": _finding(doc, event.finding_id)["indicator"],
                    "description": event.description,
                    "owner": event.owner,
                    "deadline": event.deadline.isoformat(),
                    "verification": event.verification.value,
                    "status": "open",
                    "lapsed": False,
                    "planned_at": moment(event.timestamp),
                    "planned_by": by(event.by),
                    "reviews": [],
                }
            )

        self._change_visit(cursor, event, plan)

    @handles(Inspection.CorrectiveActionReviewed)
    def on_reviewed(self, event: Inspection.CorrectiveActionReviewed, cursor: ViewCursor) -> None:
        def review(doc: Document) -> None:
            for action in doc["corrective_actions"]:
                if action["action_id"] == text(event.action_id):
                    action["status"] = event.status.value
                    action["reviews"].append(
                        {
                            "status": event.status.value,
                            "note": event.note,
                            "follow_up_id": text(event.follow_up_id)
                            if event.follow_up_id
                            else None,
                            "at": moment(event.timestamp),
                            "by": by(event.by),
                        }
                    )

        self._change_visit(cursor, event, review)

    # Referrals its findings opened.

    @handles(Referral.Opened)
    def on_referral_opened(self, event: Referral.Opened, cursor: ViewCursor) -> None:
        referral, visit = text(event.originator_id), text(event.inspection_id)
        cursor.execute(
            "INSERT INTO visit_detail_referrals (referral_id, inspection_id) "
            "VALUES (%(referral)s, %(visit)s)",
            {"referral": referral, "visit": visit},
        )
        opened = {
            "referral_id": referral,
            "finding_id": text(event.finding_id),
            "indicator": event.indicator,
            "body": event.body.value,
            "body_name": ReferralBody(event.body).name_in(event.district),
            "district": event.district,
            "opened_on": event.opened_on.isoformat(),
            "due_on": event.due_on.isoformat(),
            "status": ReferralStatus.SENT.value,
            "acknowledged_on": None,
            "case_reference": None,
            "case_opened_on": None,
            "closed_on": None,
        }
        _change(cursor, visit, lambda doc: doc["referrals"].append(opened))

    @handles(*REFERRAL_STATUS_AFTER)
    def on_referral_moved(self, event: Any, cursor: ViewCursor) -> None:
        referral = text(event.originator_id)
        row = cursor.execute(
            "SELECT inspection_id FROM visit_detail_referrals WHERE referral_id = %(referral)s",
            {"referral": referral},
        ).fetchone()
        if row is None:
            return

        def move(doc: Document) -> None:
            for entry in doc["referrals"]:
                if entry["referral_id"] == referral:
                    entry["status"] = REFERRAL_STATUS_AFTER[type(event)].value
                    if isinstance(event, Referral.Acknowledged):
                        entry["acknowledged_on"] = event.on.isoformat()
                    elif isinstance(event, Referral.CaseOpened):
                        entry["case_reference"] = event.case_reference
                        entry["case_opened_on"] = event.on.isoformat()
                    else:
                        entry["closed_on"] = event.on.isoformat()

        _change(cursor, row["inspection_id"], move)

    def _change_visit(
        self, cursor: ViewCursor, event: Any, change: Callable[[Document], None]
    ) -> None:
        """Rewrite the visit's document, and its summary in the visit it follows up."""
        document = _change(cursor, text(event.originator_id), change)
        if document is not None and document["follow_up_of"] is not None:
            parent = _document(cursor, document["follow_up_of"]["inspection_id"])
            if parent is not None:
                parent["follow_ups"] = [
                    _summary(document) if f["inspection_id"] == document["inspection_id"] else f
                    for f in parent["follow_ups"]
                ]
                _write(cursor, parent)


def _summary(document: Document) -> Document:
    """What a visit shows of a follow-up, and a follow-up of the visit it follows up."""
    return {
        key: document[key]
        for key in ("inspection_id", "inspector_id", "planned_on", "state", "outcome")
    }


def _finding(document: Document, finding_id: Any) -> Document:
    """The visit's finding; the domain records nothing about a finding it does not hold."""
    return next(f for f in document["findings"] if f["finding_id"] == text(finding_id))


def _factory(event: Any) -> dict[str, str]:
    return {
        "factory_id": text(event.originator_id),
        "name": event.details.name,
        "province": event.details.province,
        "district": event.details.district,
    }


def _document(cursor: ViewCursor, visit: str) -> Document | None:
    row = cursor.execute(
        "SELECT document FROM visit_detail WHERE inspection_id = %(visit)s", {"visit": visit}
    ).fetchone()
    return json.loads(row["document"]) if row else None


def _write(cursor: ViewCursor, document: Document) -> None:
    cursor.execute(
        "UPDATE visit_detail SET document = %(document)s WHERE inspection_id = %(visit)s",
        {"document": json.dumps(document), "visit": document["inspection_id"]},
    )


def _change(cursor: ViewCursor, visit: str, change: Callable[[Document], None]) -> Document | None:
    """Read the visit's document, change it, write it back; None for a visit not kept."""
    document = _document(cursor, visit)
    if document is not None:
        change(document)
        _write(cursor, document)
    return document

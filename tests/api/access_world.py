"""A small world for the access matrix: six callers and one object of every kind, all on the
first inspector's and the first exporter's side, built through the applications themselves."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from itertools import count
from uuid import UUID

from api.access import Scope
from bootstrap import Nishan
from domain.accounts.account import CONSOLE
from domain.accounts.jurisdiction import Jurisdiction
from domain.actor import Actor, Role
from domain.clock import today_in_pakistan
from domain.inspections.corrective_action import Verification
from domain.inspections.grievance import GrievanceChannel
from domain.inspections.referral import referral_id
from domain.traceability.lot import Unit
from domain.traceability.shipment import TransportMode
from tests.samples import PERIOD, factory_details, ntn

GTIN = "09506000134352"  # GS1's own example GTIN
WORLD_PASSPHRASE = "the access matrix passphrase"
_lot_numbers = count(1)


@dataclass
class Caller:
    name: str
    token: str | None  # None: anonymous
    role: Role | None
    # The scopes in which the world's objects are not this caller's: another province's
    # inspector, an inspector of the same district not assigned to the visits, another exporter.
    rival_in: frozenset[str] = frozenset()

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}


@dataclass
class World:
    callers: dict[str, Caller] = field(default_factory=dict)
    ids: dict[str, UUID] = field(default_factory=dict)
    lot_number: str = ""
    sign_in_name: str = ""  # the admin's, who has signed in once with WORLD_PASSPHRASE

    def __getattr__(self, name: str) -> UUID:
        try:
            return self.ids[name]
        except KeyError:
            raise AttributeError(name) from None


def build_world(nishan: Nishan) -> World:
    world = World()
    accounts, inspections, traceability = nishan.accounts, nishan.inspections, nishan.traceability
    opened_admin = accounts.open_account("Officer", Role.ADMIN, "NCC", by=CONSOLE)
    admin = Actor(opened_admin.account_id, Role.ADMIN)
    world.sign_in_name = opened_admin.sign_in_name
    accounts.sign_in(
        world.sign_in_name, code=opened_admin.sign_in_code, new_passphrase=WORLD_PASSPHRASE
    )

    def inspector(name: str, where: Jurisdiction) -> tuple[Actor, str]:
        opened = accounts.open_account(name, Role.INSPECTOR, "Labour", by=admin, jurisdiction=where)
        return Actor(opened.account_id, Role.INSPECTOR), opened.token

    def exporter(company: str) -> tuple[Actor, str, UUID]:
        exporter_id = traceability.register_exporter(company, ntn(), "Sialkot", by=admin)
        opened = traceability.open_exporter_user(exporter_id, f"{company} user", by=admin)
        return Actor(opened.account_id, Role.EXPORTER), opened.token, exporter_id

    inspector_a, inspector_a_token = inspector("Inspector A", Jurisdiction("Punjab", ("Sialkot",)))
    _, inspector_b_token = inspector("Inspector B", Jurisdiction("Sindh"))
    colleague, colleague_token = inspector("Inspector C", Jurisdiction("Punjab", ("Sialkot",)))
    exporter_a, exporter_a_token, exporter_a_id = exporter("Exporter A")
    _, exporter_b_token, _ = exporter("Exporter B")
    world.callers = {
        "anonymous": Caller("anonymous", None, None),
        "inspector": Caller("inspector", inspector_a_token, Role.INSPECTOR),
        "inspector of another province": Caller(
            "inspector of another province",
            inspector_b_token,
            Role.INSPECTOR,
            frozenset({Scope.JURISDICTION, Scope.ASSIGNED}),
        ),
        "inspector not assigned": Caller(
            "inspector not assigned", colleague_token, Role.INSPECTOR, frozenset({Scope.ASSIGNED})
        ),
        "exporter": Caller("exporter", exporter_a_token, Role.EXPORTER),
        "another exporter": Caller(
            "another exporter", exporter_b_token, Role.EXPORTER, frozenset({Scope.COMPANY})
        ),
        "admin": Caller("admin", opened_admin.token, Role.ADMIN),
    }
    today = today_in_pakistan()

    def visit(factory: UUID, started: bool = True) -> UUID:
        visit_id = inspections.schedule_inspection(factory, inspector_a.id, today, False, by=admin)
        if started:
            inspections.start_inspection(visit_id, by=inspector_a)
        return visit_id

    def finding(visit_id: UUID, indicator: str) -> UUID:
        return inspections.record_finding(visit_id, indicator, None, "", 0, by=inspector_a)

    def plan(visit_id: UUID, finding_id: UUID, verification: Verification) -> UUID:
        deadline = today + timedelta(days=30)
        return inspections.plan_corrective_action(
            visit_id, finding_id, "Remedy it", "HR manager", deadline, verification, by=inspector_a
        )

    # A factory certified by a clean visit; a visit under way with a finding; a signed-off
    # visit with an action to review by desk; a grievance.
    factory = inspections.register_factory(factory_details(), by=admin)
    inspections.complete_inspection(visit(factory), today, by=inspector_a)
    open_visit = visit(factory)
    open_finding = finding(open_visit, "WT-02")
    signed_off = visit(factory)
    action = plan(signed_off, finding(signed_off, "WT-03"), Verification.DESK_REVIEW)
    inspections.complete_inspection(signed_off, today, by=inspector_a)
    scheduled, clean = visit(factory, started=False), visit(factory)

    def grievance() -> UUID:
        return inspections.record_grievance(
            factory, GrievanceChannel.HOTLINE, "WT", "Unpaid overtime", today, by=admin
        )

    received, investigated = grievance(), grievance()
    inspections.investigate_grievance(investigated, today, by=admin)
    # A second factory, where a zero-tolerance finding was referred to the authorities.
    other_factory = inspections.register_factory(factory_details(name="Second unit"), by=admin)
    zero_tolerance_visit = visit(other_factory)
    child_labour = finding(zero_tolerance_visit, "CL-01")
    plan(zero_tolerance_visit, child_labour, Verification.FOLLOW_UP_VISIT)
    inspections.complete_inspection(zero_tolerance_visit, today, by=inspector_a)

    # Exporter A's lots, made at the certified factory, and its shipments.
    world.lot_number = f"MX-{next(_lot_numbers)}"

    def lot(lot_number: str = "") -> UUID:
        lot_id = traceability.create_lot(
            "Match footballs",
            "950662",
            Decimal(1000),
            Unit.PIECES,
            lot_number,
            PERIOD,
            by=exporter_a,
            gtin=GTIN if lot_number else None,
        )
        traceability.attach_lot_to_factory(lot_id, factory, "stitching", today, by=exporter_a)
        return lot_id

    def shipment(*lots: UUID) -> UUID:
        shipment_id = traceability.create_shipment(
            "PKKHI", "DEHAM", today + timedelta(days=7), TransportMode.SEA, [], by=exporter_a
        )
        for lot_id in lots:
            traceability.add_lot_to_shipment(shipment_id, lot_id, by=exporter_a)
        return shipment_id

    first_lot, second_lot, free_lot = lot(world.lot_number), lot(), lot()
    planned = shipment(second_lot)
    departed = shipment(lot())
    traceability.depart_shipment(departed, today, by=exporter_a)
    world.ids = {
        "admin": admin.id,
        "inspector_account": inspector_a.id,
        "colleague_account": colleague.id,
        "inspector_token": next(iter(accounts.load_account(inspector_a.id).tokens)),
        "exporter": exporter_a_id,
        "factory": factory,
        "open_visit": open_visit,
        "open_finding": open_finding,
        "signed_off_visit": signed_off,
        "action": action,
        "scheduled_visit": scheduled,
        "clean_visit": clean,
        "grievance": received,
        "investigated_grievance": investigated,
        "referral": referral_id(child_labour),
        "lot": first_lot,
        "second_lot": second_lot,
        "free_lot": free_lot,
        "planned_shipment": planned,
        "departed_shipment": departed,
    }
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    return world


def a_date(days: int = 0) -> str:
    """A day counted from today in Pakistan, as JSON writes it."""
    return (today_in_pakistan() + timedelta(days=days)).isoformat()

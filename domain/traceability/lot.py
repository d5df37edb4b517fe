"""An export lot: created by an exporter, produced at certified factories."""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.errors import DomainError, NotAllowed
from domain.inspections.certification import CertificationOnDate, CertificationStatus
from domain.traceability.gs1 import is_valid_gtin, is_valid_lot_number
from domain.traceability.production_period import ProductionPeriod
from domain.traceability.review import REVIEW_PROCESS, ReviewOnLot, Suspension
from domain.traceability.stages import STAGES


class Unit(Enum):
    KILOGRAMS = "kg"
    PIECES = "pieces"
    PAIRS = "pairs"
    METRES = "m"
    SQUARE_METRES = "m2"
    DOZENS = "dozens"


MAX_QUANTITY = Decimal(10) ** 15
QUANTUM = Decimal("0.001")  # quantities are kept to three decimal places, exactly


def require_quantity(quantity: Decimal) -> None:
    """More than zero, below 10^15, with at most three decimal places: sums stay exact."""
    if (
        not quantity.is_finite()
        or not 0 < quantity < MAX_QUANTITY
        or quantity != quantity.quantize(QUANTUM)
    ):
        raise DomainError(
            f"{quantity} is not a quantity: give more than zero, below 10^15, with at most "
            "three decimal places.",
            code="invalid_quantity",
        )


HS_CODE = re.compile(r"[0-9]{4,10}")  # ASCII digits: str.isdigit() would take any script's


class FactoryNotCertified(DomainError):
    code = "factory_not_certified"


@dataclass(frozen=True)
class Production:
    factory_id: UUID
    stage: str
    stage_note: str = ""


class Lot(Aggregate):
    @event("Created")
    def __init__(
        self,
        exporter_id: UUID,
        exporter: str,
        product: str,
        hs_code: str,
        quantity: Decimal,
        unit: Unit,
        lot_number: str,
        period: ProductionPeriod,
        gtin: str | None,
        by: Actor,
    ) -> None:
        self.exporter_id = exporter_id
        self.exporter = exporter
        self.shipment_id: UUID | None = None
        self.shipped = False
        self.parents: list[UUID] = []
        self.period = period
        self.gtin = gtin
        self.product = product
        self.hs_code = hs_code
        self.quantity = quantity
        self.unit = unit
        self.lot_number = lot_number
        self.productions: list[Production] = []
        self.children: list[UUID] = []
        self.reviews: dict[UUID, ReviewOnLot] = {}  # every review ever raised, lifted or not

    @classmethod
    def create(
        cls,
        exporter_id: UUID,
        exporter: str,
        product: str,
        hs_code: str,
        quantity: Decimal,
        unit: Unit,
        lot_number: str,
        period: ProductionPeriod,
        by: Actor,
        gtin: str | None = None,
        lot_id: UUID | None = None,
    ) -> "Lot":
        if not product.strip():
            raise DomainError("A lot needs a product description.", code="product_required")
        if not HS_CODE.fullmatch(hs_code):
            raise DomainError(
                f"'{hs_code}' is not an HS code: give 4 to 10 digits, for example 9506 or 620342.",
                code="invalid_hs_code",
            )
        require_quantity(quantity)
        if gtin is not None and not is_valid_gtin(gtin):
            raise DomainError(
                f"'{gtin}' is not a GTIN: 8, 12, 13 or 14 digits whose last is the GS1 check "
                "digit of the others.",
                code="invalid_gtin",
            )
        lot_number = lot_number.strip()
        if lot_number and not is_valid_lot_number(lot_number):
            raise DomainError(
                f"'{lot_number}' is not a GS1 batch/lot number: at most 20 letters, digits or "
                "GS1 punctuation, with no spaces.",
                code="invalid_lot_number",
            )
        return cls._create(
            cls.Created,
            id=lot_id or uuid4(),
            exporter_id=exporter_id,
            exporter=exporter,
            product=product.strip(),
            hs_code=hs_code,
            quantity=Decimal(format(quantity, "f")),  # 1E+2 is stored as 100
            unit=unit,
            lot_number=lot_number,
            period=period.checked(),
            gtin=gtin,
            by=by,
        )

    def record_production(
        self,
        factory_id: UUID,
        factory_name: str,
        stage: str,
        certification: CertificationOnDate,
        factory_version: int,
        acting_for: UUID,
        by: Actor,
        stage_note: str = "",
    ) -> None:
        """Mark the lot as made at a factory, relying on that factory's certification now."""
        self.require_owner(acting_for)
        self._require_not_shipped()
        self._require_not_used_up()
        stage, stage_note = STAGES.checked(stage, stage_note)
        if not certification.status.is_valid:
            raise FactoryNotCertified(
                f"{factory_name} is {certification.status.label}, so lots cannot be recorded as "
                "made there: a factory must hold a valid labour-compliance certificate."
            )
        if Production(factory_id, stage, stage_note) in self.productions:
            raise DomainError(
                f"This lot is already recorded as made at {factory_name} for "
                f"the stage '{stage_note or stage}'.",
                code="production_already_recorded",
            )
        self._produced_at(
            factory_id=factory_id,
            stage=stage,
            stage_note=stage_note,
            checked_on=certification.on,
            certificate_id=certification.certificate_id,
            certification_status=certification.status,
            valid_until=certification.valid_until,
            factory_version=factory_version,
            by=by,
        )

    class ProducedAt(Aggregate.Event):
        factory_id: UUID
        stage: str  # a code of domain/traceability/stages.py, or "other"
        stage_note: str  # what "other" is, as the exporter typed it
        checked_on: date
        certificate_id: UUID
        certification_status: CertificationStatus
        valid_until: date
        factory_version: int
        by: Actor
        class_version = 2  # 2: the stage is a code

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            # Stored when the stage was free text ("stitching", "cutting and sewing"): the
            # code it meant, or "other" and the text as typed.
            state["stage"], state["stage_note"] = STAGES.from_earlier_words(state["stage"])

    @event(ProducedAt)
    def _produced_at(
        self,
        factory_id: UUID,
        stage: str,
        stage_note: str,
        checked_on: date,
        certificate_id: UUID,
        certification_status: CertificationStatus,
        valid_until: date,
        factory_version: int,
        by: Actor,
    ) -> None:
        self.productions.append(Production(factory_id, stage, stage_note))

    def require_owner(self, acting_for: UUID) -> None:
        if acting_for != self.exporter_id:
            raise NotAllowed("Only the exporter a lot belongs to acts on it.")

    def assign_to(self, shipment_id: UUID, by: Actor) -> None:
        self._require_not_shipped()
        self._require_not_used_up()
        if self.shipment_id is not None:
            raise DomainError(
                "This lot is in another shipment already.", code="lot_in_another_shipment"
            )
        self._assigned_to_shipment(shipment_id=shipment_id, by=by)

    @event("AssignedToShipment")
    def _assigned_to_shipment(self, shipment_id: UUID, by: Actor) -> None:
        self.shipment_id = shipment_id

    def release_from_shipment(self, by: Actor) -> None:
        self._released_from_shipment(shipment_id=self.shipment_id, by=by)

    @event("ReleasedFromShipment")
    def _released_from_shipment(self, shipment_id: UUID, by: Actor) -> None:
        self.shipment_id = None

    def ship(self, on: date, by: Actor) -> None:
        self._shipped(shipment_id=self.shipment_id, on=on, by=by)

    @event("Shipped")
    def _shipped(self, shipment_id: UUID, on: date, by: Actor) -> None:
        self.shipped = True

    def _require_not_used_up(self) -> None:
        if self.quantity == 0:
            raise DomainError(
                "All of this lot has gone into other lots; there is nothing left of it.",
                code="lot_used_up",
            )

    def _require_not_shipped(self) -> None:
        if self.shipped:
            raise DomainError(
                "This lot has been shipped; it can no longer change.", code="lot_already_shipped"
            )

    # Lineage: a lot's quantity goes to the lots made from it; it is never created or lost.

    def give(self, quantity: Decimal, to: list[UUID], process: str, by: Actor) -> None:
        """Hand `quantity` of this lot to lots being made from it by split, merge or transform."""
        self._require_not_shipped()
        if self.shipment_id is not None:
            raise DomainError(
                "This lot is assigned to a shipment; take it out before it is changed.",
                code="lot_in_shipment",
            )
        require_quantity(quantity)
        if quantity > self.quantity:
            raise DomainError(
                f"Only {self.quantity} {self.unit.value} of this lot remain; {quantity} were "
                "asked for.",
                code="quantity_exceeds_remaining",
            )
        self._gave(quantity=quantity, to=to, process=process, by=by)

    @event("Gave")
    def _gave(self, quantity: Decimal, to: list[UUID], process: str, by: Actor) -> None:
        self.quantity -= quantity
        self.children.extend(child for child in to if child not in self.children)

    def derive_from(self, parents: list["Lot"], process: str, note: str, by: Actor) -> None:
        """Record, on a new lot, the lots it was made from and how; an open review of any of
        them is this lot's too, from the moment it exists, recorded as Nishan's like any review."""
        self._derived_from(parents=[p.id for p in parents], process=process, note=note, by=by)
        for parent in parents:
            for review in parent.open_reviews.values():
                self.place_under_review(review.suspension, via=parent.id, by=REVIEW_PROCESS)

    @event("DerivedFrom")
    def _derived_from(self, parents: list[UUID], process: str, note: str, by: Actor) -> None:
        self.parents = list(parents)

    # Reviews: what is known about the labour behind a lot changes even after it has shipped.

    @property
    def open_reviews(self) -> dict[UUID, ReviewOnLot]:
        return {review_id: r for review_id, r in self.reviews.items() if r.open}

    def place_under_review(self, suspension: Suspension, via: UUID | None, by: Actor) -> bool:
        """Flag the lot for a factory's suspension, directly or through the lot `via` it was
        made from; False when this review was raised on it before (the process may repeat)."""
        if suspension.review_id in self.reviews:
            return False
        self._placed_under_review(
            review_id=suspension.review_id,
            factory_id=suspension.factory_id,
            suspended_on=suspension.suspended_on,
            reason=suspension.reason,
            since=suspension.since,
            via=via,
            by=by,
        )
        return True

    @event("PlacedUnderReview")
    def _placed_under_review(
        self,
        review_id: UUID,
        factory_id: UUID,
        suspended_on: date,
        reason: str,
        since: date | None,
        via: UUID | None,
        by: Actor,
    ) -> None:
        self.reviews[review_id] = ReviewOnLot(
            Suspension(review_id, factory_id, suspended_on, reason, since)
        )

    def lift_review(self, review_id: UUID, reinstated_on: date, by: Actor) -> bool:
        """The factory was reinstated by a follow-up visit; False if nothing was open."""
        review = self.reviews.get(review_id)
        if review is None or not review.open:
            return False
        self._review_lifted(
            review_id=review_id,
            factory_id=review.suspension.factory_id,
            reinstated_on=reinstated_on,
            by=by,
        )
        return True

    @event("ReviewLifted")
    def _review_lifted(
        self, review_id: UUID, factory_id: UUID, reinstated_on: date, by: Actor
    ) -> None:
        self.reviews[review_id].open = False

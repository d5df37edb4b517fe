"""The Traceability application: the use cases of exporters."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from uuid import UUID

from eventsourcing.persistence import JSONTranscoder

from domain.accounts.application import Accounts, IssuedToken
from domain.actor import Actor, Role
from domain.application import NishanApplication, missing
from domain.errors import DomainError, NotAllowed
from domain.inspections.application import Inspections
from domain.inspections.certification import CertificationStatus
from domain.traceability.exporter import Exporter
from domain.traceability.lot import Lot, Unit
from domain.traceability.production_period import ProductionPeriod, ProductionPeriodAsDict
from domain.traceability.review import REVIEW_PROCESS, Suspension
from domain.traceability.shipment import Shipment, TransportMode
from domain.transcodings import EnumAsValue
from domain.use_case import use_case


class Traceability(NishanApplication):
    def __init__(
        self, env: dict[str, str] | None = None, *, accounts: Accounts, inspections: Inspections
    ) -> None:
        super().__init__(env)
        self.accounts = accounts
        self.inspections = inspections

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(EnumAsValue(Unit, "unit"))
        transcoder.register(ProductionPeriodAsDict())
        transcoder.register(EnumAsValue(TransportMode, "transport_mode"))
        transcoder.register(EnumAsValue(CertificationStatus, "certification_status"))

    @use_case
    def register_exporter(
        self, name: str, ntn: str, city: str, by: Actor, exporter_id: UUID | None = None
    ) -> UUID:
        """Register an exporting company; the same NTN again is refused with its id."""
        exporter = Exporter.register(name, ntn, city, by=by, exporter_id=exporter_id)
        claim = self.claim(
            "exporter",
            exporter.ntn_digits,
            exporter.id,
            by,
            taken=f"An exporter with NTN {exporter.ntn} is registered already.",
            code="exporter_already_registered",
        )
        self.save(exporter, claim)
        return exporter.id

    def load_exporter(self, exporter_id: UUID) -> Exporter:
        return self.get(Exporter, exporter_id, "exporter")

    @use_case
    def open_exporter_user(
        self, exporter_id: UUID, name: str, by: Actor, account_id: UUID | None = None
    ) -> IssuedToken:
        """An account for a person who acts for a registered exporter."""
        exporter = self.load_exporter(exporter_id)
        return self.accounts.open_account(
            name,
            Role.EXPORTER,
            exporter.name,
            by=by,
            exporter_id=exporter.id,
            account_id=account_id,
        )

    def acting_for(self, by: Actor) -> Exporter:
        """The exporter an exporter user acts for."""
        account = self.accounts.load_account(by.id)
        if account.exporter_id is None:
            raise NotAllowed("Only an exporter's users act on its lots.")
        return self.load_exporter(account.exporter_id)

    @use_case
    def create_lot(
        self,
        product: str,
        hs_code: str,
        quantity: Decimal,
        unit: Unit,
        lot_number: str,
        period: ProductionPeriod,
        by: Actor,
        gtin: str | None = None,
        lot_id: UUID | None = None,
    ) -> UUID:
        """Create a lot for the exporter the user acts for; its lot number is its own."""
        exporter = self.acting_for(by)
        lot = Lot.create(
            exporter.id,
            exporter.name,
            product,
            hs_code,
            quantity,
            unit,
            lot_number,
            period,
            by=by,
            gtin=gtin,
            lot_id=lot_id,
        )
        claim = None
        if lot.lot_number:
            claim = self.claim(
                "lot_number",
                f"{exporter.id}|{lot.lot_number}",
                lot.id,
                by,
                taken=f"{exporter.name} already has a lot numbered {lot.lot_number}.",
                code="lot_number_taken",
            )
        self.save(lot, claim)
        return lot.id

    def load_lot(self, lot_id: UUID) -> Lot:
        return self.get(Lot, lot_id, "lot")

    @use_case
    def attach_lot_to_factory(
        self, lot_id: UUID, factory_id: UUID, stage: str, on: date, by: Actor
    ) -> None:
        exporter = self.acting_for(by)
        lot = self._own_lot(lot_id, exporter)
        factory = self.inspections.load_factory(factory_id)  # the other context, read now
        lot.record_production(
            factory_id,
            factory.name,
            stage,
            certification=factory.certification_on(on),
            factory_version=factory.version,
            acting_for=exporter.id,
            by=by,
        )
        self.save(lot)

    @use_case
    def create_shipment(
        self,
        port_of_loading: str,
        port_of_destination: str,
        planned_departure: date,
        mode: TransportMode,
        containers: list[str],
        by: Actor,
    ) -> UUID:
        exporter = self.acting_for(by)
        shipment = Shipment.create(
            exporter.id,
            port_of_loading,
            port_of_destination,
            planned_departure,
            mode,
            containers,
            by=by,
        )
        self.save(shipment)
        return shipment.id

    def load_shipment(self, shipment_id: UUID) -> Shipment:
        return self.get(Shipment, shipment_id, "shipment")

    def _own_shipment(self, shipment_id: UUID, by: Actor) -> Shipment:
        """The shipment, if it is the acting exporter's; another's reads exactly as missing."""
        shipment = self.load_shipment(shipment_id)
        if shipment.exporter_id != self.acting_for(by).id:
            raise missing("shipment", shipment_id)
        return shipment

    def _own_lot(self, lot_id: UUID, exporter: Exporter) -> Lot:
        """The lot, if it is the exporter's; another's reads exactly as missing."""
        lot = self.load_lot(lot_id)
        if lot.exporter_id != exporter.id:
            raise missing("lot", lot_id)
        return lot

    @use_case
    def add_lot_to_shipment(self, shipment_id: UUID, lot_id: UUID, by: Actor) -> None:
        shipment = self._own_shipment(shipment_id, by)
        lot = self._own_lot(lot_id, self.acting_for(by))
        shipment.add_lot(lot.id, by=by)
        lot.assign_to(shipment.id, by=by)
        self.save(shipment, lot)

    @use_case
    def depart_shipment(self, shipment_id: UUID, on: date, by: Actor) -> None:
        """The consignment leaves: every lot in it is shipped, in the same commit."""
        shipment = self._own_shipment(shipment_id, by)
        shipment.depart(on, by=by)
        lots = [self.load_lot(lot_id) for lot_id in shipment.lots]
        for lot in lots:
            lot.ship(on, by=by)
        self.save(shipment, *lots)

    @use_case
    def arrive_shipment(self, shipment_id: UUID, on: date, by: Actor) -> None:
        shipment = self._own_shipment(shipment_id, by)
        shipment.arrive(on, by=by)
        self.save(shipment)

    @use_case
    def cancel_shipment(self, shipment_id: UUID, reason: str, by: Actor) -> None:
        """Cancelled before departure: its lots are free for another shipment."""
        shipment = self._own_shipment(shipment_id, by)
        shipment.cancel(reason, by=by)
        lots = [self.load_lot(lot_id) for lot_id in shipment.lots]
        for lot in lots:
            lot.release_from_shipment(by=by)
        self.save(shipment, *lots)

    @use_case
    def split_lot(self, lot_id: UUID, quantities: list[Decimal], by: Actor) -> list[UUID]:
        """Split a lot into child lots of the given quantities, in its unit."""
        exporter = self.acting_for(by)
        parent = self._own_lot(lot_id, exporter)
        children = [
            Lot.create(
                exporter.id,
                exporter.name,
                parent.product,
                parent.hs_code,
                quantity,
                parent.unit,
                "",
                parent.period,
                by=by,
                gtin=parent.gtin,
            )
            for quantity in quantities
        ]
        if not children:
            raise DomainError("Give the quantity of each child lot.", code="no_parts")
        parent.give(sum(quantities, Decimal(0)), [c.id for c in children], "split", by=by)
        for child in children:
            child.derive_from([parent], "split", "", by=by)
        self.save(parent, *children)
        return [child.id for child in children]

    @use_case
    def merge_lots(self, lot_ids: list[UUID], product: str, by: Actor) -> UUID:
        """Merge compatible lots (same HS code and unit) into one; the inputs are used up."""
        exporter = self.acting_for(by)
        inputs = [self._own_lot(lot_id, exporter) for lot_id in dict.fromkeys(lot_ids)]
        if len(inputs) < 2:
            raise DomainError("Merge at least two different lots.", code="too_few_lots")
        first = inputs[0]
        if any((lot.hs_code, lot.unit) != (first.hs_code, first.unit) for lot in inputs):
            raise DomainError(
                "Only lots of the same HS code and unit can be merged.", code="lots_not_compatible"
            )
        period = ProductionPeriod(
            min(lot.period.start for lot in inputs), max(lot.period.end for lot in inputs)
        )
        total = sum((lot.quantity for lot in inputs), Decimal(0))
        merged = Lot.create(
            exporter.id,
            exporter.name,
            product or first.product,
            first.hs_code,
            total,
            first.unit,
            "",
            period,
            by=by,
        )
        for lot in inputs:
            lot.give(lot.quantity, [merged.id], "merge", by=by)
        merged.derive_from(inputs, "merge", "", by=by)
        self.save(*inputs, merged)
        return merged.id

    @use_case
    def transform_lots(
        self,
        inputs: list[tuple[UUID, Decimal]],
        outputs: list[tuple[str, str, Decimal, Unit]],
        factory_id: UUID,
        stage: str,
        note: str,
        on: date,
        by: Actor,
        output_ids: list[UUID] | None = None,
    ) -> list[UUID]:
        """Turn quantities of input lots into new lots at a certified factory (fabric into
        garments, hides into leather); the note records the conversion."""
        exporter = self.acting_for(by)
        if not inputs or not outputs:
            raise DomainError("A transformation has inputs and outputs.", code="no_parts")
        if len({lot_id for lot_id, _ in inputs}) != len(inputs):
            raise DomainError("Name each input lot once.", code="duplicate_input")
        used = [self._own_lot(lot_id, exporter) for lot_id, _ in inputs]
        factory = self.inspections.load_factory(factory_id)  # the other context, read now
        ids = output_ids or [None] * len(outputs)
        made = [
            Lot.create(
                exporter.id,
                exporter.name,
                product,
                hs_code,
                quantity,
                unit,
                "",
                ProductionPeriod(on, on),
                by=by,
                lot_id=lot_id,
            )
            for (product, hs_code, quantity, unit), lot_id in zip(outputs, ids, strict=True)
        ]
        for lot, (_, quantity) in zip(used, inputs, strict=True):
            lot.give(quantity, [m.id for m in made], "transform", by=by)
        for lot in made:
            lot.record_production(
                factory_id,
                factory.name,
                stage,
                factory.certification_on(on),
                factory.version,
                acting_for=exporter.id,
                by=by,
            )
            lot.derive_from(used, "transform", note, by=by)
        self.save(*used, *made)
        return [lot.id for lot in made]

    # Risk flows downstream: the review process calls these when a factory is suspended or
    # reinstated. Both may be repeated safely; each saves one lot and its descendants at once.

    @use_case
    def place_under_review(self, lot_id: UUID, suspension: Suspension) -> int:
        """Flag a lot made at the suspended factory, and every lot made from it; returns how
        many lots were newly flagged. A lot that has this review already, had it since its
        descendants were flagged or inherited it, so the walk stops there."""
        return self._change_downstream(
            lot_id,
            lambda lot, via: lot.place_under_review(suspension, via=via, by=REVIEW_PROCESS),
            past_unchanged=False,
        )

    @use_case
    def lift_review(self, lot_id: UUID, review_id: UUID, reinstated_on: date) -> int:
        """Lift a review from a lot and every lot made from it; returns how many lots."""
        return self._change_downstream(
            lot_id,
            lambda lot, _: lot.lift_review(review_id, reinstated_on, by=REVIEW_PROCESS),
            past_unchanged=True,
        )

    def _change_downstream(
        self,
        lot_id: UUID,
        change: Callable[[Lot, UUID | None], bool],
        past_unchanged: bool,
    ) -> int:
        """Apply `change` to a lot and the lots made from it (told the lot each came through),
        and save those it changed in one commit; returns how many. The walk goes on past a lot
        `change` left as it was only when `past_unchanged`."""
        changed: list[Lot] = []
        pending: list[tuple[UUID, UUID | None]] = [(lot_id, None)]
        seen: set[UUID] = set()
        while pending:
            current, via = pending.pop()
            if current in seen:
                continue
            seen.add(current)
            lot = self.load_lot(current)
            if change(lot, via):
                changed.append(lot)
            elif not past_unchanged:
                continue
            pending.extend((child, lot.id) for child in lot.children)
        if changed:
            self.save(*changed)
        return len(changed)

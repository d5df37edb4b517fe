"""The Traceability application: the use cases of exporters."""

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from itertools import islice
from uuid import UUID, uuid4

from eventsourcing.persistence import JSONTranscoder

from domain.accounts.application import Accounts, IssuedToken
from domain.actor import Actor, Role
from domain.application import NishanApplication, missing
from domain.errors import DomainError, NotAllowed
from domain.inspections.application import Inspections
from domain.inspections.certification import CertificationStatus
from domain.traceability.exporter import Exporter
from domain.traceability.lot import Lot, Unit
from domain.traceability.lot_numbers import derived_numbers, own_numbers
from domain.traceability.production_period import ProductionPeriod, ProductionPeriodAsDict
from domain.traceability.review import REVIEW_PROCESS, Suspension
from domain.traceability.shipment import Shipment, TransportMode
from domain.transcodings import EnumAsValue
from domain.unique_claim import UniqueClaim, claim_id
from domain.use_case import use_case

# How many derived numbers are tried before a lot is numbered from its own id instead: only an
# exporter who numbered lots `L-1-1` … `L-1-1000` by hand ever gets that far.
MOST_TRIED = 1000


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
        self,
        exporter_id: UUID,
        name: str,
        by: Actor,
        account_id: UUID | None = None,
        sign_in_name: str | None = None,
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
            sign_in_name=sign_in_name,
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
        self.save(lot, self._claim_lot_number(exporter, lot, by))
        return lot.id

    def _claim_lot_number(
        self, exporter: Exporter, lot: Lot, by: Actor, derived: bool = False
    ) -> UniqueClaim | None:
        """The lot's number, claimed within its exporter: saved with the lot, so that of two
        commands racing for one number only one commits (the other is a 409
        `concurrent_change` and records nothing; sent again, it derives the next free number).
        A derived number was found free just now, so it is claimed without reading again."""
        if not lot.lot_number:
            return None
        if derived:
            key = f"{exporter.id}|{lot.lot_number}"
            return UniqueClaim.claim("lot_number", key, lot.id, by=by)
        return self.claim(
            "lot_number",
            f"{exporter.id}|{lot.lot_number}",
            lot.id,
            by,
            taken=f"{exporter.name} already has a lot numbered {lot.lot_number}.",
            code="lot_number_taken",
        )

    def _lot_number_taken(self, exporter: Exporter, number: str) -> bool:
        return self.exists(claim_id("lot_number", f"{exporter.id}|{number}"))

    def _new_lot_numbers(
        self,
        exporter: Exporter,
        process: str,
        given: list[str],
        lot_ids: list[UUID],
        base: Lot | None,
    ) -> list[tuple[str, bool]]:
        """The numbers of the lots a split, merge or transformation makes, in order, each with
        whether Nishan derived it: the one the exporter gave, else derived from `base`
        (lot_numbers.py), else from the new lot's own id; never one the exporter holds already
        or another of these takes."""
        if len(given) > len(lot_ids):
            raise DomainError(
                f"{len(given)} lot numbers were given for {len(lot_ids)} new lots: give at most "
                "one for each.",
                code="too_many_lot_numbers",
            )
        given = [number.strip() for number in given] + [""] * (len(lot_ids) - len(given))
        chosen = [number for number in given if number]
        if len(set(chosen)) != len(chosen):
            raise DomainError(
                "Give each new lot a different lot number.", code="duplicate_lot_number"
            )
        taken = set(chosen)
        derived: Iterator[str] = iter(())
        if base is not None:
            derived = islice(
                derived_numbers(process, base.lot_number, len(base.children) + 1), MOST_TRIED
            )
        numbers = []
        for number, lot_id in zip(given, lot_ids, strict=True):
            if not number:
                number = next(
                    (
                        candidate
                        for candidates in (derived, own_numbers(process, lot_id))
                        for candidate in candidates
                        if candidate not in taken
                        and not self._lot_number_taken(exporter, candidate)
                    ),
                    "",  # every candidate taken: unnumbered, as lots were before
                )
                taken.add(number)
                numbers.append((number, True))
            else:
                numbers.append((number, False))
        return numbers

    def load_lot(self, lot_id: UUID) -> Lot:
        return self.get(Lot, lot_id, "lot")

    @use_case
    def attach_lot_to_factory(
        self, lot_id: UUID, factory_id: UUID, stage: str, on: date, by: Actor, stage_note: str = ""
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
            stage_note=stage_note,
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
    def split_lot(
        self,
        lot_id: UUID,
        quantities: list[Decimal],
        by: Actor,
        lot_numbers: list[str] | None = None,
    ) -> list[UUID]:
        """Split a lot into child lots of the given quantities, in its unit; each child numbered
        as `lot_numbers` says, or after its parent (`L-1` gives `L-1-1`, `L-1-2`)."""
        exporter = self.acting_for(by)
        parent = self._own_lot(lot_id, exporter)
        if not quantities:
            raise DomainError("Give the quantity of each child lot.", code="no_parts")
        ids = [uuid4() for _ in quantities]
        numbers = self._new_lot_numbers(exporter, "split", lot_numbers or [], ids, parent)
        children = [
            Lot.create(
                exporter.id,
                exporter.name,
                parent.product,
                parent.hs_code,
                quantity,
                parent.unit,
                number,
                parent.period,
                by=by,
                gtin=parent.gtin,
                lot_id=child_id,
            )
            for quantity, (number, _), child_id in zip(quantities, numbers, ids, strict=True)
        ]
        parent.give(sum(quantities, Decimal(0)), [c.id for c in children], "split", by=by)
        for child in children:
            child.derive_from([parent], "split", "", by=by)
        claims = [
            self._claim_lot_number(exporter, child, by, derived)
            for child, (_, derived) in zip(children, numbers, strict=True)
        ]
        self.save(parent, *children, *claims)
        return [child.id for child in children]

    @use_case
    def merge_lots(
        self, lot_ids: list[UUID], product: str, by: Actor, lot_number: str = ""
    ) -> UUID:
        """Merge compatible lots (same HS code and unit) into one; the inputs are used up. The
        merged lot keeps their GTIN when they share one, and is numbered `lot_number`, or after
        the first input (`L-1` gives `L-1-M1`)."""
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
        gtins = {lot.gtin for lot in inputs}
        merged_id = uuid4()
        base = next((lot for lot in inputs if lot.lot_number), None)
        [(number, derived)] = self._new_lot_numbers(
            exporter, "merge", [lot_number], [merged_id], base
        )
        merged = Lot.create(
            exporter.id,
            exporter.name,
            product or first.product,
            first.hs_code,
            total,
            first.unit,
            number,
            period,
            by=by,
            gtin=gtins.pop() if len(gtins) == 1 else None,  # one product, or several
            lot_id=merged_id,
        )
        for lot in inputs:
            lot.give(lot.quantity, [merged.id], "merge", by=by)
        merged.derive_from(inputs, "merge", "", by=by)
        self.save(*inputs, merged, self._claim_lot_number(exporter, merged, by, derived))
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
        lot_numbers: list[str] | None = None,
        gtins: list[str | None] | None = None,
        stage_note: str = "",
    ) -> list[UUID]:
        """Turn quantities of input lots into new lots at a certified factory (fabric into
        garments, hides into leather); the note records the conversion. Each output is
        numbered as `lot_numbers` says, or after the first numbered input (`F-1` gives `F-1-T1`,
        `F-1-T2`), and may have a GTIN of its own (`gtins`): a new product."""
        exporter = self.acting_for(by)
        if not inputs or not outputs:
            raise DomainError("A transformation has inputs and outputs.", code="no_parts")
        if len({lot_id for lot_id, _ in inputs}) != len(inputs):
            raise DomainError("Name each input lot once.", code="duplicate_input")
        used = [self._own_lot(lot_id, exporter) for lot_id, _ in inputs]
        factory = self.inspections.load_factory(factory_id)  # the other context, read now
        ids = output_ids or [uuid4() for _ in outputs]
        if gtins is not None and len(gtins) > len(outputs):
            raise DomainError("Give at most one GTIN for each output.", code="too_many_gtins")
        codes = list(gtins or []) + [None] * (len(outputs) - len(gtins or []))
        base = next((lot for lot in used if lot.lot_number), None)
        numbers = self._new_lot_numbers(exporter, "transform", lot_numbers or [], ids, base)
        made = [
            Lot.create(
                exporter.id,
                exporter.name,
                product,
                hs_code,
                quantity,
                unit,
                number,
                ProductionPeriod(on, on),
                by=by,
                lot_id=lot_id,
                gtin=gtin,
            )
            for (product, hs_code, quantity, unit), lot_id, (number, _), gtin in zip(
                outputs, ids, numbers, codes, strict=True
            )
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
                stage_note=stage_note,
            )
            lot.derive_from(used, "transform", note, by=by)
        claims = [
            self._claim_lot_number(exporter, lot, by, derived)
            for lot, (_, derived) in zip(made, numbers, strict=True)
        ]
        self.save(*used, *made, *claims)
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

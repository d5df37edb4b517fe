"""The Traceability application: the use cases of exporters."""

from datetime import date
from decimal import Decimal
from uuid import UUID

from eventsourcing.persistence import JSONTranscoder

from domain.accounts.application import Accounts
from domain.actor import Actor
from domain.application import NishanApplication
from domain.inspections.application import Inspections
from domain.inspections.certification import CertificationStatus
from domain.traceability.lot import Lot, Unit
from domain.traceability.production_period import ProductionPeriod, ProductionPeriodAsDict
from domain.transcodings import EnumAsValue


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
        transcoder.register(EnumAsValue(CertificationStatus, "certification_status"))

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
        exporter = self.accounts.load_account(by.id).organisation
        lot = Lot.create(
            exporter,
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
        self.save(lot)
        return lot.id

    def load_lot(self, lot_id: UUID) -> Lot:
        return self.get(Lot, lot_id, "lot")

    def attach_lot_to_factory(
        self, lot_id: UUID, factory_id: UUID, stage: str, on: date, by: Actor
    ) -> None:
        lot = self.load_lot(lot_id)
        factory = self.inspections.load_factory(
            factory_id
        )  # the other context, read at command time
        lot.record_production(
            factory_id,
            factory.name,
            stage,
            certification=factory.certification_on(on),
            factory_version=factory.version,
            by=by,
        )
        self.save(lot)

"""Every view Nishan keeps, by name."""

from projections.accounts import Accounts
from projections.corrective_actions import CorrectiveActions
from projections.dashboard import Dashboard
from projections.downstream_review import ReviewProductions, ReviewSuspensions
from projections.exporter_register import ExporterRegister
from projections.factory_history import FactoryHistory
from projections.factory_registry import FactoryRegistry
from projections.factory_status import FactoryStatus
from projections.grievances import Grievances
from projections.lineage import Lineage
from projections.lot_compliance import LotCompliance
from projections.lot_history import LotHistory
from projections.lot_list import LotList
from projections.lot_pages import LotPagesOfInspections, LotPagesOfTraceability
from projections.projection import Projection
from projections.referrals import Referrals
from projections.shipment_lots import ShipmentLots
from projections.shipment_register import ShipmentRegister
from projections.visit_detail import VisitDetail
from projections.visits import Visits

PROJECTIONS: dict[str, type[Projection]] = {
    projection.name: projection
    for projection in (
        FactoryStatus,
        LotCompliance,
        CorrectiveActions,
        Referrals,
        Grievances,
        Lineage,
        Dashboard,
        LotHistory,
        FactoryHistory,
        ReviewSuspensions,
        ReviewProductions,
        ShipmentLots,
        Visits,
        VisitDetail,
        LotList,
        ShipmentRegister,
        ExporterRegister,
        FactoryRegistry,  # before the pages: they trail every other view of their log
        LotPagesOfTraceability,
        LotPagesOfInspections,
        Accounts,
    )
}

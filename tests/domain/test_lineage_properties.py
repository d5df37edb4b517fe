"""Random sequences of split, merge, transform and shipping never create or lose quantity and
never bypass a rule: a model ledger follows every accepted step, and refused steps write nothing.
"""

from datetime import date
from decimal import Decimal
from uuid import UUID

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from domain.errors import DomainError, NotAllowed
from domain.traceability.lot import Unit
from domain.traceability.shipment import TransportMode
from tests.domain.conftest import World
from tests.samples import PERIOD

DAY = date(2026, 11, 20)
amounts = st.decimals(min_value=Decimal("0.001"), max_value=Decimal(500), places=3)


class LotLedger(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.world = World()
        self.factory = self.world.factory()
        self.world.inspect(self.factory, date(2026, 3, 10))
        self.app = self.world.traceability
        self.ledger: dict[UUID, Decimal] = {}  # what each lot should hold, in creation order
        self.kinds: dict[UUID, tuple[str, Unit]] = {}  # HS code and unit: what merges
        self.shipped: set[UUID] = set()
        self.assigned: dict[UUID, UUID] = {}  # lot -> planned shipment
        self.shipments: list[UUID] = []

    def attempt(self, command) -> object | None:
        """Run a command; a refusal must leave the log exactly as it was."""
        head = self.app.recorder.max_notification_id()
        try:
            return command()
        except (DomainError, NotAllowed):
            assert self.app.recorder.max_notification_id() == head
            return None

    @rule(quantity=amounts, unit=st.sampled_from([Unit.METRES, Unit.PIECES]))
    def create(self, quantity: Decimal, unit: Unit) -> None:
        lot = self.app.create_lot(
            "Cotton", "520812", quantity, unit, "", PERIOD, by=self.world.exporter
        )
        self.ledger[lot], self.kinds[lot] = quantity, ("520812", unit)

    @precondition(lambda self: self.ledger)
    @rule(data=st.data())
    def split(self, data) -> None:
        parent = data.draw(st.sampled_from(list(self.ledger)))
        parts = data.draw(st.lists(amounts, min_size=1, max_size=3))
        children = self.attempt(lambda: self.app.split_lot(parent, parts, by=self.world.exporter))
        allowed = (
            parent not in self.shipped
            and parent not in self.assigned
            and sum(parts) <= self.ledger[parent]
        )
        assert (children is not None) == allowed
        if children:
            self.ledger[parent] -= sum(parts)
            for child, part in zip(children, parts, strict=True):
                self.ledger[child], self.kinds[child] = part, self.kinds[parent]

    @precondition(lambda self: len(self.ledger) >= 2)
    @rule(data=st.data())
    def merge(self, data) -> None:
        lots = data.draw(
            st.lists(st.sampled_from(list(self.ledger)), min_size=2, max_size=3, unique=True)
        )
        merged = self.attempt(lambda: self.app.merge_lots(lots, "", by=self.world.exporter))
        allowed = (
            len({self.kinds[lot] for lot in lots}) == 1
            and not any(lot in self.shipped or lot in self.assigned for lot in lots)
            and all(self.ledger[lot] > 0 for lot in lots)
        )
        assert (merged is not None) == allowed
        if merged:
            self.ledger[merged] = sum(self.ledger[lot] for lot in lots)
            self.kinds[merged] = self.kinds[lots[0]]
            for lot in lots:
                self.ledger[lot] = Decimal(0)

    @precondition(lambda self: self.ledger)
    @rule(data=st.data(), made=amounts)
    def transform(self, data, made: Decimal) -> None:
        source = data.draw(st.sampled_from(list(self.ledger)))
        used = data.draw(amounts)
        outputs = self.attempt(
            lambda: self.app.transform_lots(
                [(source, used)],
                [("Shirts", "620520", made, Unit.PIECES)],
                self.factory,
                "stitching",
                "",
                DAY,
                by=self.world.exporter,
            )
        )
        allowed = (
            source not in self.shipped
            and source not in self.assigned
            and used <= self.ledger[source]
        )
        assert (outputs is not None) == allowed
        if outputs:
            self.ledger[source] -= used
            self.ledger[outputs[0]], self.kinds[outputs[0]] = made, ("620520", Unit.PIECES)

    @precondition(lambda self: self.ledger)
    @rule(data=st.data(), depart=st.booleans())
    def ship(self, data, depart: bool) -> None:
        lot = data.draw(st.sampled_from(list(self.ledger)))
        shipment = self.app.create_shipment(
            "PKKHI", "DEHAM", DAY, TransportMode.SEA, [], by=self.world.exporter
        )
        added = self.attempt(
            lambda: self.app.add_lot_to_shipment(shipment, lot, by=self.world.exporter) or True
        )
        allowed = (
            lot not in self.shipped and lot not in self.assigned and self.ledger[lot] > 0
        )  # a used-up lot has nothing left to ship
        assert (added is not None) == allowed
        if not added:
            return
        if depart:
            self.app.depart_shipment(shipment, DAY, by=self.world.exporter)
            self.shipped.add(lot)
        else:
            self.assigned[lot] = shipment

    @precondition(lambda self: self.assigned)
    @rule(data=st.data())
    def cancel(self, data) -> None:
        lot = data.draw(st.sampled_from(list(self.assigned)))
        self.app.cancel_shipment(self.assigned.pop(lot), "Postponed", by=self.world.exporter)

    @invariant()
    def every_lot_holds_what_the_ledger_says(self) -> None:
        for lot, expected in self.ledger.items():
            stored = self.app.load_lot(lot)
            assert stored.quantity == expected and stored.quantity >= 0
            assert stored.shipped == (lot in self.shipped)


LotLedger.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_quantity_is_never_created_or_lost = LotLedger.TestCase

"""Export lots: created by exporters and attached to the certified factories that made them."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field, WithJsonSchema

from api.access import Exporter
from api.boundary import RequestBody
from api.dependencies import NishanDep
from api.input_formats import GTIN, Day, Quantity, vocabulary_code, vocabulary_note
from domain.clock import today_in_pakistan
from domain.traceability.lot import Unit
from domain.traceability.production_period import ProductionPeriod
from domain.traceability.stages import STAGES

router = APIRouter(prefix="/lots", tags=["traceability"])
StageCode = vocabulary_code(STAGES, example="stitching")
StageNote = vocabulary_note(STAGES)
# GS1's character set 82, as domain/traceability/gs1.py checks a lot number (AI 10) against.
LOT_NUMBER = r"""^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{0,20}$"""
# A new lot's own number, given by the exporter; empty, Nishan derives one (README).
NewLotNumber = Annotated[
    str,
    Field(
        max_length=20,
        pattern=LOT_NUMBER,
        description="GS1 batch/lot number (AI 10) of the new lot, unique within the exporter; "
        "empty, and Nishan derives one from the lot it was made from.",
    ),
]


class LotCreate(RequestBody):
    product: str = Field(min_length=1, max_length=200, examples=["Hand-stitched match footballs"])
    hs_code: str = Field(max_length=10, pattern=r"^[0-9]{4,10}$", examples=["950662"])
    quantity: Quantity
    unit: Unit
    lot_number: str = Field(
        default="",
        max_length=20,
        pattern=LOT_NUMBER,
        description="GS1 batch/lot number (AI 10): up to 20 characters of GS1's set 82.",
        examples=["CSI-2611-FB5"],
    )
    gtin: Annotated[str, WithJsonSchema(GTIN)] | None = Field(
        default=None, max_length=14, examples=["8961234500013"]
    )
    produced_from: Day
    produced_until: Day


class LotCreated(BaseModel):
    lot_id: UUID
    url: str = Field(description="The lot's public page, which its QR code carries.")


class LotProduction(RequestBody):
    factory_id: UUID
    stage: StageCode
    stage_note: StageNote = ""


class LotSplit(RequestBody):
    quantities: list[Quantity] = Field(
        min_length=1, max_length=100, description="Each child lot's quantity, in the lot's unit."
    )
    lot_numbers: list[NewLotNumber] = Field(
        default_factory=list,
        max_length=100,
        description="Each child's lot number, in the order of `quantities`; a child without "
        "one (an empty string, or past the end of the list) is numbered after its parent: "
        "L-1 gives L-1-1, L-1-2, … No more numbers than quantities.",
        examples=[["CSI-2611-FB5-A", ""]],
    )


class LotsMerge(RequestBody):
    lot_ids: list[UUID] = Field(min_length=2, max_length=100)
    product: str = Field(default="", max_length=200)
    lot_number: NewLotNumber = Field(
        default="",
        description="The merged lot's number (AI 10); empty, and it is the first numbered "
        "input's with -M1 (or -M2, … when taken). It keeps the inputs' GTIN when they share one.",
    )


class TransformInput(RequestBody):
    lot_id: UUID
    quantity: Quantity


class TransformOutput(RequestBody):
    product: str = Field(min_length=1, max_length=200)
    hs_code: str = Field(max_length=10, pattern=r"^[0-9]{4,10}$")
    quantity: Quantity
    unit: Unit
    lot_number: NewLotNumber = Field(
        default="",
        description="The output's number (AI 10); empty, and it is the first numbered input's "
        "with -T1, -T2, … one per output.",
    )
    gtin: Annotated[str, WithJsonSchema(GTIN)] | None = Field(
        default=None,
        max_length=14,
        description="The new product's GTIN (check digit verified), so that its QR code "
        "carries a GS1 Digital Link.",
        examples=["8961234500020"],
    )


class LotsTransform(RequestBody):
    inputs: list[TransformInput] = Field(min_length=1, max_length=100)
    outputs: list[TransformOutput] = Field(min_length=1, max_length=100)
    factory_id: UUID
    stage: StageCode
    stage_note: StageNote = ""
    conversion: str = Field(default="", max_length=500, examples=["1.5 metres of fabric per shirt"])


class LotsMade(BaseModel):
    lot_ids: list[UUID]


class LotProductionRecorded(BaseModel):
    lot_id: UUID
    factory_id: UUID
    stage: str
    stage_note: str


@router.post("", status_code=201, response_model=LotCreated)
def create_lot(body: LotCreate, by: Exporter, nishan: NishanDep) -> LotCreated:
    lot_id = nishan.traceability.create_lot(
        body.product,
        body.hs_code,
        body.quantity,
        body.unit,
        body.lot_number,
        ProductionPeriod(body.produced_from, body.produced_until),
        by=by,
        gtin=body.gtin,
    )
    return LotCreated(lot_id=lot_id, url=nishan.lot_url(lot_id))


@router.post("/{lot_id}/factories", status_code=201, response_model=LotProductionRecorded)
def attach_lot_to_factory(
    lot_id: UUID, body: LotProduction, by: Exporter, nishan: NishanDep
) -> LotProductionRecorded:
    nishan.traceability.attach_lot_to_factory(
        lot_id, body.factory_id, body.stage, today_in_pakistan(), by=by, stage_note=body.stage_note
    )
    stage, note = STAGES.checked(body.stage, body.stage_note)  # as the lot recorded them
    return LotProductionRecorded(
        lot_id=lot_id, factory_id=body.factory_id, stage=stage, stage_note=note
    )


@router.post("/{lot_id}/split", status_code=201, response_model=LotsMade)
def split_lot(lot_id: UUID, body: LotSplit, by: Exporter, nishan: NishanDep) -> LotsMade:
    children = nishan.traceability.split_lot(
        lot_id, body.quantities, by=by, lot_numbers=body.lot_numbers
    )
    return LotsMade(lot_ids=children)


@router.post("/merge", status_code=201, response_model=LotsMade)
def merge_lots(body: LotsMerge, by: Exporter, nishan: NishanDep) -> LotsMade:
    merged = nishan.traceability.merge_lots(
        body.lot_ids, body.product, by=by, lot_number=body.lot_number
    )
    return LotsMade(lot_ids=[merged])


@router.post("/transform", status_code=201, response_model=LotsMade)
def transform_lots(body: LotsTransform, by: Exporter, nishan: NishanDep) -> LotsMade:
    made = nishan.traceability.transform_lots(
        [(i.lot_id, i.quantity) for i in body.inputs],
        [(o.product, o.hs_code, o.quantity, o.unit) for o in body.outputs],
        body.factory_id,
        body.stage,
        body.conversion,
        today_in_pakistan(),
        by=by,
        lot_numbers=[o.lot_number for o in body.outputs],
        gtins=[o.gtin for o in body.outputs],
        stage_note=body.stage_note,
    )
    return LotsMade(lot_ids=made)

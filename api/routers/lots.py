"""Export lots: created by exporters and attached to the certified factories that made them."""

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field, WithJsonSchema

from api.access import Exporter, ExporterOrAdmin
from api.boundary import TEXT, RequestBody
from api.company import company_of
from api.dependencies import NishanDep
from api.input_formats import GTIN, Day, Quantity, vocabulary_code, vocabulary_note
from api.pagination import DEFAULT_LIMIT, Cursor, Limit, id_key, key_after, moment_key, page_of
from api.view_reads import listed_rows
from domain.clock import today_in_pakistan
from domain.traceability.lot import Unit
from domain.traceability.production_period import ProductionPeriod
from domain.traceability.stages import STAGES
from projections.lot_list import LotStatus, factory_ids
from projections.lot_record import Verdict
from projections.lot_search import LotSearch, lots_query

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


class LotOrder(Enum):
    LATEST_FIRST = "-created_at"
    OLDEST_FIRST = "created_at"


class LotListed(BaseModel):
    lot_id: UUID
    lot_number: str
    gtin: str | None = Field(description="GTIN-14, when the lot has one.")
    product: str
    quantity: Decimal = Field(description="What is left of the lot, in its unit.")
    unit: Unit
    status: LotStatus = Field(
        description="open: may still change; in_shipment: on a shipment not yet departed; "
        "shipped: left with its shipment; used_up: all of it went into lots made from it."
    )
    verdict: Verdict = Field(description="As the lot's public page reads it today.")
    under_review: bool = Field(
        description="A factory upstream was suspended and the lot may have been made there."
    )
    review_reason: str | None = Field(
        description="Why, as the suspension says it (shown on the lot's public page too)."
    )
    factory_ids: list[UUID] = Field(description="The factories the lot itself was made at.")
    created_on: date = Field(description="The day the lot was recorded, in Pakistan.")
    exporter_id: UUID


class LotList(BaseModel):
    lots: list[LotListed]
    next_cursor: str | None = Field(
        description="Ask again with it as `cursor` for the next page; none after the last."
    )


class LotProductionRecorded(BaseModel):
    lot_id: UUID
    factory_id: UUID
    stage: str
    stage_note: str


@router.get("", response_model=LotList)
def list_lots(
    request: Request,
    by: ExporterOrAdmin,
    nishan: NishanDep,
    status: Annotated[list[LotStatus] | None, Query(max_length=4)] = None,
    verdict: Annotated[list[Verdict] | None, Query(max_length=4)] = None,
    product: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=200,
            pattern=TEXT,
            description="A part of the product's description, in any case.",
        ),
    ] = None,
    created_from: Annotated[
        Day | None,
        Query(alias="from", description="Lots recorded on this day (in Pakistan) or later."),
    ] = None,
    created_to: Annotated[
        Day | None,
        Query(alias="to", description="Lots recorded on this day (in Pakistan) or earlier."),
    ] = None,
    under_review: Annotated[
        bool | None, Query(description="true: only lots under review; false: none of them.")
    ] = None,
    exporter_id: Annotated[
        UUID | None, Query(description="An officer: one exporter's lots only.")
    ] = None,
    sort: LotOrder = LotOrder.LATEST_FIRST,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> LotList:
    """Lots, the latest recorded first (`sort=created_at`: the oldest first), with their
    verdict of today. An exporter's user sees their company's lots; an officer every one.
    `from` and `to` are days the lots were recorded in Nishan, in Pakistan."""
    company = company_of(by, nishan)
    if company is not None and exporter_id not in (None, company):
        return LotList(lots=[], next_cursor=None)  # another company's: as if it had none
    only = company or exporter_id
    search = LotSearch(
        today=today_in_pakistan(),
        exporter_id=str(only) if only else None,
        statuses=tuple(s.value for s in status or ()),
        verdicts=tuple(v.value for v in verdict or ()),
        product=product,
        created_from=created_from,
        created_to=created_to,
        under_review=under_review,
    )
    after = key_after(cursor, sort.value, (moment_key, id_key))
    statement, params = lots_query(
        search,
        oldest_first=sort is LotOrder.OLDEST_FIRST,
        after=after,
        limit=limit + 1,  # one more than asked: whether a page follows
    )
    rows = listed_rows(request, statement, params, "lots")
    page, next_cursor = page_of(
        rows, limit, sort.value, lambda row: [row["created_at"], row["lot_id"]]
    )
    return LotList(
        lots=[
            LotListed.model_validate(
                {
                    **row,
                    "under_review": row["verdict"] == Verdict.UNDER_REVIEW.value,
                    "factory_ids": factory_ids(row["factory_ids"]),
                }
            )
            for row in page
        ],
        next_cursor=next_cursor,
    )


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

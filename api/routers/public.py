"""What an EU buyer reaches by scanning a carton: the lot's page, as HTML or JSON, and its QR code.

No account is needed, and everything shown comes from views that hold no personal data.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from time import monotonic
from typing import Annotated
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, WithJsonSchema
from starlette.datastructures import QueryParams

from api.access import OpenToAll
from api.caching import etag_matches, with_etag
from api.compliance_figures import ComplianceFiguresPublic
from api.dependencies import NishanDep
from api.errors import ApiError
from api.i18n.catalogs import language
from api.i18n.choice import choose_language
from api.i18n.pages import render
from api.input_formats import DAY_PATTERN, MOMENT, MOMENT_PATTERN
from api.linkset import LINKSET, lot_linkset
from api.negotiation import NEGOTIATED, lot_representation, prefers_json
from api.page_cache import Answer, PageCache
from api.qr import IMAGES_KEPT, KeptCartons, QrFormat, qr_etag, qr_image
from api.quick_reads import quick_reads
from api.read_your_writes import READ_AFTER_HEADER
from api.wording.history import history_summary
from api.wording.verdict import reason_text
from bootstrap import Nishan
from domain.clock import EARLIEST_DAY, LATEST_DAY, PAKISTAN_TIME, end_of_day, today_in_pakistan
from domain.errors import DomainError
from domain.traceability.gs1 import gtin14, is_valid_gtin, is_valid_lot_number
from projections.as_of import lot_record_as_of
from projections.catalogue import PROJECTIONS
from projections.lineage import find_ancestors, find_upstream_factories
from projections.lot_history_entries import (
    HistoryEntry,
    find_latest_history,
    find_lot_history,
    history_from,
)
from projections.lot_pages import MOST_HISTORY_SHOWN, SELECT_DIGEST, SELECT_PAGE, kept_page_rows
from projections.lot_record import LotRecord, Verdict, find_lot_record, lot_record_from
from projections.lot_scope import ViewsBehind

router = APIRouter(tags=["public"], dependencies=[OpenToAll])

# 3: sectors and stages as codes, each with its note; 2: the verdict `verified_at_production`
# and `later_suspensions` beside it.
PUBLIC_SCHEMA_VERSION = "3"
# A record changes when a review is raised: a minute's caching at most, then revalidation.
LOT_CACHING = "public, max-age=60, must-revalidate"


class ProductionPublic(BaseModel):
    stage: str = Field(description="A production stage's code (GET /vocabularies).")
    stage_note: str = Field(description="What the stage 'other' is, as typed; empty otherwise.")
    status_at_production: str
    recorded_on: date


class FactoryPublic(BaseModel):
    factory_id: UUID
    name: str
    province: str
    district: str
    sector: str = Field(description="An ISIC Rev. 4 code, or 'other' (GET /vocabularies).")
    sector_note: str = Field(description="What the sector 'other' is, as typed; empty otherwise.")
    productions: list[ProductionPublic]
    status_now: str
    valid_until: date | None
    last_inspection_on: date | None
    figures: ComplianceFiguresPublic


class ReviewPublic(BaseModel):
    """A review raised because a factory upstream was suspended, and its lifting, if lifted."""

    factory_id: UUID
    factory_name: str
    district: str
    reason: str
    suspended_on: date
    since: date | None
    via_lot: str | None
    raised_at: str
    reinstated_on: date | None
    lifted_at: str | None
    open: bool


class LaterSuspensionPublic(BaseModel):
    """A factory upstream suspended after the lot was made there: why the verdict is
    `verified_at_production` and not `verified`."""

    factory_id: UUID
    factory_name: str
    suspended_on: date
    clusters: list[str] = Field(
        description="Checklist clusters (codes such as CL, FL; see /catalogue) of the critical "
        "and zero-tolerance findings that caused the suspension."
    )
    last_clean_inspection_on: date = Field(
        description="The factory's last clean inspection before the suspension: the lot was "
        "made before it, so the suspension does not reach the lot."
    )


class InputPublic(BaseModel):
    lot_id: UUID
    lot_number: str
    product: str
    quantity: Decimal
    unit: str
    process: str = Field(description="How it went into the next lot: split, merge or transform.")
    depth: int = Field(description="1 for a direct input, 2 for an input's input, and so on.")
    made_from: date
    made_until: date


class ShipmentPublic(BaseModel):
    port_of_loading: str = Field(description="UN/LOCODE, such as PKKHI.")
    port_of_destination: str = Field(description="UN/LOCODE, such as DEHAM.")
    mode: str
    planned_departure: date
    departed_on: date | None
    arrived_on: date | None


class LotPublic(BaseModel):
    schema_version: str = PUBLIC_SCHEMA_VERSION
    lot_id: UUID
    url: str
    carton_url: str = Field(
        description="What the lot's QR code carries: its GS1 Digital Link when it has a GTIN."
    )
    lot_number: str
    gtin: str | None
    product: str
    hs_code: str
    quantity: Decimal
    unit: str
    exporter: str
    made_from: date = Field(description="The first day of the lot's production period.")
    made_until: date
    verdict: Verdict = Field(
        description="`verified`: every factory upstream holds a valid certificate today. "
        "`verified_at_production`: so it did when the lot was made there, but a factory "
        "upstream has been suspended since, for findings of a later inspection (see "
        "later_suspensions); a warning, not the all-clear. `under_review`: a suspension "
        "reaches the lot. `not_verified`: a certificate has lapsed, or no factory is recorded."
    )
    reasons: list[str]
    later_suspensions: list[LaterSuspensionPublic] = Field(
        description="With `verified_at_production`: each suspension in force upstream that the "
        "lot was made before; empty otherwise."
    )
    factories: list[FactoryPublic]
    reviews: list[ReviewPublic]
    inputs: list[InputPublic] = Field(
        description="The lots it was made from, nearest first; at most 50 (see inputs_in_all)."
    )
    inputs_in_all: int
    shipment: ShipmentPublic | None
    updated_at: str
    as_of: datetime | None = Field(
        default=None, description="When asked for a past moment: the record as it stood then."
    )


# A lot's id as a buyer's link or a carton's code writes it (a UUID, upper case, urn:uuid:,
# braces): never longer than this.
LotIdPath = Annotated[str, Path(max_length=64)]
MOMENT_FORM = re.compile(f"{DAY_PATTERN}|{MOMENT_PATTERN}")
AsOf = Annotated[str | None, WithJsonSchema(MOMENT), Query(max_length=40)]


def lot_record_or_none(nishan, lot_id: str, moment: datetime | None = None) -> LotRecord | None:
    """The record of a lot, whichever way its id is written (upper case, urn:uuid:, braces);
    at a past moment, replayed from the event logs."""
    canonical = canonical_lot_id(lot_id)
    if canonical is None:
        return None
    if moment is not None:
        logs = nishan.updater.applications  # the logs the views follow, by name
        try:
            return lot_record_as_of(nishan.views, logs, PROJECTIONS.values(), canonical, moment)
        except ViewsBehind as behind:
            raise ApiError(503, "views_behind", str(behind), {"Retry-After": "10"}) from None
    return find_lot_record(nishan.views, canonical, today_in_pakistan())


def canonical_lot_id(lot_id: str) -> str | None:
    try:
        return str(UUID(lot_id))
    except ValueError:
        return None


@dataclass(frozen=True)
class KeptPage:
    lot_id: str
    digest: str


@dataclass(frozen=True)
class LotNow:
    """A lot's record today, and how to read the latest entries of its history and how many
    it has: only the page shows them, so JSON never decodes them."""

    record: LotRecord
    read_history: Callable[[], tuple[list[HistoryEntry], int]]


def kept_page(request: Request, lot_id: str) -> KeptPage | None:
    """The digest of the lot's row in lot_pages, if it holds the views as they are now."""
    row = quick_reads(request).one(SELECT_DIGEST, {"lot_id": lot_id})
    if row is None or not row["current"]:
        return None
    return KeptPage(lot_id, row["digest"])


def lot_now(request: Request, nishan: Nishan, lot_id: str) -> LotNow | None:
    """From the kept row, in one read, or, before it is made (a moment after a view's
    rebuild), from the views themselves."""
    today = today_in_pakistan()
    row = quick_reads(request).one(SELECT_PAGE, {"lot_id": lot_id})
    if row is not None and row["current"]:
        record_rows, history_rows = kept_page_rows(row["document"])
        return LotNow(
            lot_record_from(record_rows, today), lambda: history_from(history_rows, lot_id)
        )
    record = find_lot_record(nishan.views, lot_id, today)
    if record is None:
        return None
    return LotNow(record, lambda: find_latest_history(nishan.views, lot_id, MOST_HISTORY_SHOWN))


def not_found(request: Request, lot_id: str) -> Response:
    message = f"No lot has the id {lot_id}."
    return unresolved(request, 404, "lot_not_found", message, on_page=False)


def unresolved(
    request: Request, status: int, code: str, message: str, on_page: bool = True
) -> Response:
    """A code or address that leads to no lot: its code and sentence for a machine, a page that
    says what to do for a person (with the sentence, unless `on_page` is false)."""
    if prefers_json(request.headers.get("accept")):
        return JSONResponse(
            {"code": code, "message": message}, status_code=status, headers=NEGOTIATED
        )
    context = {"message": message if on_page else None}
    return render(request, "lot_not_found.html", context, status_code=status)


@router.get(
    "/lots/{lot_id}",
    response_model=LotPublic,
    responses={
        200: {"content": {"text/html": {}, LINKSET: {}}},
        304: {"description": "Not modified since the ETag sent in If-None-Match"},
        404: {"description": "No such lot"},
    },
    summary="The public compliance record of a lot (HTML for people, JSON for machines)",
)
def lot_page(
    lot_id: LotIdPath,
    request: Request,
    nishan: NishanDep,
    as_of: AsOf = None,
    link_type: Annotated[
        str | None,
        Query(alias="linkType", max_length=60, description="`all` for the GS1 linkset."),
    ] = None,
) -> Response:
    moment = parse_as_of(as_of)
    if moment is not None:  # replayed from the logs, asked for rarely: made each time
        record = lot_record_or_none(nishan, lot_id, moment)
        if record is None:
            return not_found(request, lot_id)
        answer = lot_answer(request, nishan, record, moment, link_type)
        return with_etag(request, answer, LOT_CACHING)

    canonical = canonical_lot_id(lot_id)
    if canonical is None:
        return not_found(request, lot_id)
    return current_answer(request, nishan, canonical, link_type)


def current_answer(
    request: Request, nishan: Nishan, lot_id: str, link_type: str | None
) -> Response:
    """The lot's answer today, as the client asked for it, from its kept row."""

    def make() -> Response:
        found = lot_now(request, nishan, lot_id)
        if found is None:
            return not_found(request, lot_id)
        return lot_answer(
            request, nishan, found.record, link_type=link_type, read_history=found.read_history
        )

    return remembered(request, link_type, lot_id, make)


def answer_key(request: Request, lot_id: str, link_type: str | None) -> tuple:
    """What a kept answer is kept under: the lot, the format, the language and the linkType
    asked for. Not the address as written: an id in upper case or as urn:uuid:, a carton's
    Digital Link with or without a serial after it, each answers the same, and so is one
    answer, not one per way of writing it (a serial on every carton would be one per carton)."""
    representation = lot_representation(request.headers.get("accept"), link_type)
    spoken = choose_language(
        request.query_params.get("lang"), request.headers.get("accept-language")
    )
    return (lot_id, representation, spoken, link_type or "")


def page_cache(request: Request) -> PageCache | None:
    return getattr(request.app.state, "page_cache", None)  # set at start-up


def remembered(
    request: Request, link_type: str | None, lot_id: str, make: Callable[[], Response]
) -> Response:
    """The lot's answer as sent a moment ago, if its row was read within the recheck window
    (see page_cache.py), or as made before from the same kept row on the same day, or made now
    by `make` and kept; with its ETag. Answers other than 200, and those not made from a kept
    row, are never kept. Without a cache that keeps this request, the kept row is read once, by
    `make`."""
    cache = page_cache(request)
    keeps = cache is not None and cache.keeps(request.query_params)
    key = answer_key(request, lot_id, link_type)
    today = today_in_pakistan()
    if cache and keeps and not must_check(request) and (recent := cache.recent(key, today)):
        return sent(request, recent)
    checked_at = monotonic()  # before the read: what commits during it is not masked
    kept = kept_page(request, lot_id) if keeps else None
    state = (kept.digest, today) if kept else None
    answer = cache.confirmed(key, state, checked_at) if cache and state else None
    if answer is None:
        response = make()
        if response.status_code != 200:
            return response
        language_header = (
            {"Content-Language": response.headers["content-language"]}
            if "content-language" in response.headers
            else {}
        )
        answer = Answer.of(bytes(response.body), response.media_type or "", language_header)
        if cache and state:
            cache.put(key, state, answer, checked_at)
    return sent(request, answer)


def sent(request: Request, answer: Answer) -> Response:
    response = Response(answer.body, media_type=answer.media_type, headers=answer.headers)
    return with_etag(request, response, LOT_CACHING, etag=answer.etag)


def must_check(request: Request) -> bool:
    """Whether the client wants the lot as its row says now, not as read a moment ago: it waits
    for its own write (Nishan-Read-After), or it reloads (Cache-Control: no-cache, max-age=0)."""
    if READ_AFTER_HEADER in request.headers:
        return True
    asked = request.headers.get("cache-control", "").replace(" ", "").lower().split(",")
    return "no-cache" in asked or "max-age=0" in asked


def lot_answer(
    request: Request,
    nishan: Nishan,
    record: LotRecord,
    moment: datetime | None = None,
    link_type: str | None = None,
    read_history: Callable[[], tuple[list[HistoryEntry], int]] | None = None,
) -> Response:
    """A lot's record as the client asked for it: a linkset, JSON or the page. `read_history`:
    how to read the latest entries of its history and their count, where they were read with
    the record."""
    page = nishan.lot_url(record.lot_id)
    carton = nishan.carton_url(record.lot_id, record.gtin, record.lot_number)
    representation = lot_representation(request.headers.get("accept"), link_type)
    if representation == "linkset":
        linkset = json.dumps(lot_linkset(record, carton, page)).encode()
        response: Response = Response(linkset, media_type=LINKSET)
    elif representation == "json":
        public = _public(record, moment, page, carton)
        response = JSONResponse(public.model_dump(mode="json"))
    else:
        shown, in_all = (
            read_history()
            if read_history
            else find_latest_history(nishan.views, record.lot_id, MOST_HISTORY_SHOWN, moment)
        )
        context = {
            "lot": record,
            "as_of": moment,
            "history": shown,
            "earlier_events": in_all - len(shown),
            "page_url": page,
        }
        response = render(request, "lot.html", context)
    return response


def _public(record: LotRecord, moment: datetime | None, page: str, carton: str) -> LotPublic:
    english = language("en")  # machines read the reasons in the source language
    return LotPublic.model_validate(
        {
            **vars(record),
            "reasons": [reason_text(reason, english) for reason in record.reasons],
            "later_suspensions": [
                {**vars(s), "last_clean_inspection_on": s.since} for s in record.later_suspensions
            ],
            "url": page,
            "carton_url": carton,
            "as_of": moment,
        },
        from_attributes=True,
    )


@router.get(
    "/lots/{lot_id}/qr.{image_format}",
    response_class=Response,
    responses={
        200: {"content": {"image/png": {}, "image/svg+xml": {}}},
        304: {"description": "Not modified since the ETag sent in If-None-Match"},
        404: {"description": "No such lot"},
    },
    summary="The lot's QR code: its GS1 Digital Link when it has a GTIN, its page otherwise",
)
def lot_qr_code(
    lot_id: LotIdPath, image_format: QrFormat, request: Request, nishan: NishanDep
) -> Response:
    canonical = canonical_lot_id(lot_id)
    cartons = kept_cartons(request)
    carton = cartons.get(canonical) if canonical else None
    if carton is None:
        codes = quick_reads(request).one(SELECT_CODES, {"lot_id": canonical}) if canonical else None
        if codes is None:
            return not_found(request, lot_id)
        carton = nishan.carton_url(canonical, codes["gtin"], codes["lot_number"])
        cartons.put(canonical, carton)
    etag = qr_etag(carton, image_format)
    media_type = "image/svg+xml" if image_format is QrFormat.SVG else "image/png"
    # What a lot's code carries never changes; the ETag still tells a changed base URL.
    caching = "public, max-age=86400, immutable"
    if etag_matches(request.headers.get("if-none-match"), etag):
        return with_etag(request, Response(media_type=media_type), caching, etag=etag)
    image = Response(qr_image(carton, image_format), media_type=media_type)
    return with_etag(request, image, caching, etag=etag)


# What a carton's code is made from: one row, read without assembling the lot's record. A
# lot's GTIN and lot number never change after it is created, so its carton URL is kept.
SELECT_CODES = "SELECT gtin, lot_number FROM lot_compliance WHERE lot_id = %(lot_id)s"


def kept_cartons(request: Request) -> KeptCartons:
    """The app's own: another app in the same process may serve another database or host."""
    state = request.app.state
    if getattr(state, "cartons", None) is None:
        state.cartons = KeptCartons(IMAGES_KEPT)
    return state.cartons


class AncestorPublic(BaseModel):
    lot_id: UUID
    depth: int


class UpstreamFactoryPublic(BaseModel):
    factory_id: UUID
    stage: str
    stage_note: str
    lot_id: UUID


class LineagePublic(BaseModel):
    lot_id: UUID
    ancestors: list[AncestorPublic]
    upstream_factories: list[UpstreamFactoryPublic]


@router.get(
    "/lots/{lot_id}/lineage",
    response_model=LineagePublic,
    responses={404: {"description": "No such lot"}},
    summary="The lots a lot was made from, nearest first, and every factory upstream of it",
)
def lot_lineage(lot_id: LotIdPath, request: Request, nishan: NishanDep) -> Response:
    record = lot_record_or_none(nishan, lot_id)
    if record is None:
        return not_found(request, lot_id)
    lineage = LineagePublic(
        lot_id=record.lot_id,
        ancestors=find_ancestors(nishan.views, record.lot_id),
        upstream_factories=find_upstream_factories(nishan.views, record.lot_id),
    )
    return JSONResponse(lineage.model_dump(mode="json"))


class HistoryEntryPublic(BaseModel):
    at: str
    lot_id: UUID | None = Field(description="The lot the event happened to; none for a factory's.")
    factory_id: UUID | None
    event: str
    actor_role: str
    summary: str


class HistoryPublic(BaseModel):
    lot_id: UUID
    as_of: datetime | None
    entries: list[HistoryEntryPublic]


def parse_as_of(value: str | None) -> datetime | None:
    """A moment: an ISO date (the end of that day in Pakistan) or an ISO date and time."""
    if value is None:
        return None
    try:
        # Only the forms the document declares: Python's own parser also takes week dates,
        # basic forms and hours without minutes, which no other route does.
        if not MOMENT_FORM.fullmatch(value):
            raise ValueError(value)
        if len(value) == 10:
            day = date.fromisoformat(value)
            moment = datetime.combine(day, time(), PAKISTAN_TIME)  # refused below if out of range
        else:
            moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise DomainError(
            f"'{value}' is not a moment: give a date (2026-11-20) or a date and time with its "
            "offset (2026-11-20T14:30:00+05:00).",
            code="invalid_as_of",
        )
    if not EARLIEST_DAY <= moment.date() <= LATEST_DAY:
        raise DomainError(
            f"'{value}' is outside the years Nishan can be asked about "
            f"({EARLIEST_DAY.year} to {LATEST_DAY.year}).",
            code="invalid_as_of",
        )
    return end_of_day(moment.date()) if len(value) == 10 else moment


@router.get(
    "/lots/{lot_id}/history",
    response_model=HistoryPublic,
    responses={404: {"description": "No such lot"}, 422: {"description": "Malformed as_of"}},
    summary="Every event that shaped the lot, its inputs and their factories, oldest first",
)
def lot_history(
    lot_id: LotIdPath,
    request: Request,
    nishan: NishanDep,
    as_of: AsOf = None,
) -> Response:
    until = parse_as_of(as_of)
    record = lot_record_or_none(nishan, lot_id)
    if record is None:
        return not_found(request, lot_id)
    entries = find_lot_history(nishan.views, record.lot_id, until)
    history = HistoryPublic(
        lot_id=record.lot_id,
        as_of=until,
        entries=[
            HistoryEntryPublic.model_validate(
                {**vars(entry), "summary": history_summary(entry, language("en"))}
            )
            for entry in entries
        ],
    )
    return JSONResponse(history.model_dump(mode="json"))


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request) -> Response:
    return render(request, "home.html", {"asked": {}, "wrong": {}})


# GS1: a GTIN has at most 14 digits, a lot number (AI 10) at most 20 characters.
LookupGtin = Annotated[str, Query(max_length=40)]
LookupLot = Annotated[str, Query(max_length=40)]


@router.get("/lookup", response_class=HTMLResponse, include_in_schema=False)
def lookup(request: Request, gtin: LookupGtin = "", lot: LookupLot = "") -> Response:
    """The home page's form, for a carton whose code is damaged: the GTIN and lot number typed
    in lead to the carton's own Digital Link; a mistake shows the form again, saying where."""
    digits = re.sub(r"[\s-]", "", gtin)  # as printed under a barcode: spaces, dashes
    lot = lot.strip()
    if not digits and not lot:  # nothing typed yet: the form itself
        return home(request)
    wrong = {}
    if not (digits.isdigit() and is_valid_gtin(digits)):
        wrong["gtin"] = "wrong_gtin"
    if not is_valid_lot_number(lot):
        wrong["lot"] = "wrong_lot"
    if wrong:
        context = {"asked": {"gtin": gtin, "lot": lot}, "wrong": wrong}
        return render(request, "home.html", context, status_code=422)
    link = f"/01/{gtin14(digits)}/10/{quote(lot, safe='')}"
    if (code := request.query_params.get("lang")) is not None:
        link += "?" + str(QueryParams({"lang": code}))
    return RedirectResponse(link, status_code=303)

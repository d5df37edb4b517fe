"""The resolver: a carton's GS1 Digital Link (/01/{gtin}/10/{lot}) answers with that lot's
record, as a page, JSON or a linkset, as /lots/{id} does.

Further key qualifiers (a serial, /21/...) and query attributes (?17=...) are tolerated: they
name a unit of the lot, whose record is the lot's. The path is read as sent, so that a lot
number holding a "/" (written %2F) stays one segment.
"""

import re
from time import monotonic
from typing import Annotated
from urllib.parse import unquote

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse, Response
from pydantic import WithJsonSchema

from api.access import OpenToAll
from api.dependencies import NishanDep
from api.i18n.pages import render
from api.input_formats import GTIN
from api.negotiation import NEGOTIATED, prefers_json
from api.routers.public import current_answer, must_check, page_cache, unresolved
from domain.traceability.gs1 import gtin14, is_valid_gtin
from projections.lot_record import find_lots_by_gs1

router = APIRouter(tags=["public"], dependencies=[OpenToAll])

# Generous: a GTIN has at most 14 digits, and a lot number 20 characters, before any serial.
GtinPath = Annotated[str, WithJsonSchema(GTIN), Path(max_length=64)]
LotPath = Annotated[str, Path(max_length=512)]
DIGITAL_LINK = re.compile(r"^/01/(?P<gtin>[^/]+)/10/(?P<lot>[^/]+)(?:/.*)?$")


@router.get(
    "/01/{gtin}/10/{lot:path}",
    responses={
        200: {"content": {"text/html": {}, "application/json": {}, "application/linkset+json": {}}},
        300: {"description": "Two exporters' lots carry this GTIN and lot number"},
        304: {"description": "Not modified since the ETag sent in If-None-Match"},
        400: {"description": "Not a valid GTIN"},
        404: {"description": "No lot carries this GTIN and lot number"},
    },
    summary="Resolve a GS1 Digital Link to the lot's compliance record",
)
def resolve(gtin: GtinPath, lot: LotPath, request: Request, nishan: NishanDep) -> Response:
    raw = request.scope.get("raw_path", b"").decode("latin-1")
    found = DIGITAL_LINK.match(raw.removeprefix(request.scope.get("root_path", "")))
    gtin, lot = (unquote(found["gtin"]), unquote(found["lot"])) if found else (gtin, lot)
    if not is_valid_gtin(gtin):
        return unresolved(
            request, 400, "invalid_gtin",
            f"'{gtin}' is not a GTIN: its check digit or length is wrong. The code may be "
            "damaged or mistyped.",
        )  # fmt: skip
    link_type = request.query_params.get("linkType")
    code = (gtin14(gtin), lot)
    cache = page_cache(request)
    lot_id = cache.recent_link(code) if cache and not must_check(request) else None
    if lot_id is None:
        checked_at = monotonic()
        lots = find_lots_by_gs1(nishan.views, *code)
        if not lots:
            return unresolved(
                request, 404, "lot_not_found",
                f"No lot with GTIN {code[0]} and lot number {lot} is in Nishan's record.",
            )  # fmt: skip
        if len(lots) > 1:
            return _choose(request, nishan, lots)
        [lot_id] = lots
        if cache:
            cache.keep_link(code, lot_id, checked_at)
    return current_answer(request, nishan, lot_id, link_type)


def _choose(request: Request, nishan: NishanDep, lots: list[str]) -> Response:
    urls = [nishan.lot_url(lot_id) for lot_id in lots]
    if prefers_json(request.headers.get("accept")):
        return JSONResponse(
            {
                "code": "ambiguous_link",
                "message": "More than one exporter's lot carries this GTIN and lot number.",
                "lots": urls,
            },
            status_code=300,
            headers=NEGOTIATED,
        )
    return render(request, "lot_choice.html", {"urls": urls}, status_code=300)

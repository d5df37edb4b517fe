"""Open data: the national dashboard's figures as JSON and CSV downloads, for provincial
departments, the National Compliance Center, researchers and buyers. Counts only, no personal
data; the schema is published as a Frictionless Data Package (`/open-data/datapackage.json`)."""

import csv
import io
import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse, Response
from pydantic import WithJsonSchema

from api.access import OpenToAll
from api.dependencies import NishanDep
from api.input_formats import MONTH_PATTERN
from domain.errors import DomainError
from domain.inspections.sectors import SECTORS
from projections.dashboard_figures import (
    DIMENSIONS,
    FIGURES,
    Filters,
    find_dashboard,
    find_findings_by_indicator,
)

router = APIRouter(prefix="/open-data", tags=["open data"], dependencies=[OpenToAll])

MONTH = re.compile(MONTH_PATTERN)
FINDING_COLUMNS = ("cluster", "indicator", "severity", "findings", "zero_tolerance_findings")
LICENCE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}
# Each download is JSON or CSV, as its extension says.
DOWNLOADS: dict[int | str, dict[str, Any]] = {200: {"content": {"text/csv": {}}}}


def _breakdown(by: str) -> list[str]:
    dimensions = [d.strip() for d in by.split(",") if d.strip()]
    unknown = [d for d in dimensions if d not in DIMENSIONS]
    if unknown or len(set(dimensions)) != len(dimensions):
        raise DomainError(
            f"'{by}' is not a breakdown: give some of {', '.join(DIMENSIONS)}, each once, "
            "separated by commas (for example province,month), or nothing for all of Pakistan.",
            code="invalid_breakdown",
        )
    return dimensions


def _month(value: str | None, name: str) -> str | None:
    if value is not None and not MONTH.fullmatch(value):
        raise DomainError(
            f"'{value}' is not a month for {name}: write it as YYYY-MM, for example 2026-11.",
            code="invalid_month",
        )
    return value


# Some of the dimensions, each once, separated by commas.
_DIMENSION = "(province|district|sector|month)"
BREAKDOWN = rf"^(?!.*\b{_DIMENSION}\b.*\b\1\b)({_DIMENSION}(,{_DIMENSION})*)?$"
By = Annotated[
    str,
    Query(
        max_length=100,
        json_schema_extra={"pattern": BREAKDOWN},  # checked below, refused as invalid_breakdown
        description="Breakdown: some of province, district, sector, month, each once.",
    ),
]
Place = Annotated[str | None, Query(max_length=120)]


def _month_query(alias: str, description: str) -> Any:
    """A YYYY-MM query parameter; its pattern is declared, the month itself checked below."""
    return Query(
        alias=alias,
        max_length=7,
        json_schema_extra={"pattern": MONTH_PATTERN},
        description=description,
    )


MonthFrom = Annotated[str | None, _month_query("from", "First month, YYYY-MM.")]
MonthTo = Annotated[str | None, _month_query("to", "Last month, YYYY-MM.")]
# Checked below, refused as invalid_format.
Extension = Annotated[
    str,
    WithJsonSchema({"type": "string", "pattern": "^(json|csv)$"}),
    Path(max_length=4, description="`json` or `csv`."),
]


def _filters(
    province: Place = None,
    district: Place = None,
    sector: Place = None,
    month_from: MonthFrom = None,
    month_to: MonthTo = None,
) -> Filters:
    """The filters every download takes, checked."""
    if sector is not None and sector not in SECTORS.codes:
        raise DomainError(
            f"'{sector}' is not a sector code: give an ISIC Rev. 4 code that GET /vocabularies "
            "lists, such as 3230 for sports goods, or 'other'.",
            code="unknown_sector",
        )
    return Filters(
        province=province,
        district=district,
        sector=sector,
        month_from=_month(month_from, "from"),
        month_to=_month(month_to, "to"),
    )


FiltersDep = Annotated[Filters, Depends(_filters)]


def _csv(rows: list[dict[str, Any]], columns: list[str], name: str) -> Response:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({c: "" if row.get(c) is None else row[c] for c in columns} for row in rows)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(
    "/dashboard.{extension}",
    responses=DOWNLOADS,
    summary="Dashboard figures by province, district, sector, month",
)
def dashboard(
    extension: Extension,
    nishan: NishanDep,
    filters: FiltersDep,
    by: By = "province,month",
) -> Response:
    """Inspections, findings, zero-tolerance cases, corrective-action closure, referrals and
    grievances; `extension` is `json` or `csv`."""
    dimensions = _breakdown(by)
    rows = find_dashboard(nishan.views, dimensions, filters)
    return _answer(extension, rows, [*dimensions, *FIGURES], "dashboard")


@router.get(
    "/findings.{extension}",
    responses=DOWNLOADS,
    summary="Findings by cluster, indicator and severity",
)
def findings(
    extension: Extension,
    nishan: NishanDep,
    filters: FiltersDep,
    by: By = "",
) -> Response:
    """Findings of completed visits by checklist indicator; `extension` is `json` or `csv`."""
    dimensions = _breakdown(by)
    rows = find_findings_by_indicator(nishan.views, dimensions, filters)
    return _answer(extension, rows, [*dimensions, *FINDING_COLUMNS], "findings")


def _answer(extension: str, rows: list[dict], columns: list[str], name: str) -> Response:
    if extension == "json":
        return JSONResponse({"fields": columns, "rows": rows})
    if extension == "csv":
        return _csv(rows, columns, f"nishan-{name}.csv")
    raise DomainError(
        f"'{extension}' is not a download format: ask for .json or .csv.", code="invalid_format"
    )


def _field(name: str, description: str) -> dict[str, Any]:
    kind = {
        "month": "yearmonth",
        "closure_rate": "number",
        "province": "string",
        "district": "string",
        "sector": "string",
        "cluster": "string",
        "indicator": "string",
        "severity": "string",
    }.get(name, "integer")
    field: dict[str, Any] = {"name": name, "type": kind, "description": description}
    if name == "sector":
        field["constraints"] = {"enum": list(SECTORS.codes)}
    return field


@router.get("/datapackage.json", summary="The open data's schema, as a Frictionless Data Package")
def datapackage() -> dict[str, Any]:
    places = {
        "province": "province or territory of the factory",
        "district": "district of the factory",
        "sector": "the factory's sector: an ISIC Rev. 4 division or class code, or 'other' "
        "(GET /vocabularies names each in English, Urdu, German and French)",
        "month": "the month of the fact (see the description of each figure)",
    }
    finding_fields = {
        "cluster": "checklist cluster code (see /catalogue)",
        "indicator": "checklist indicator code (see /catalogue)",
        "severity": "critical, major or minor",
        "findings": "findings of completed visits, withdrawn ones excluded",
        "zero_tolerance_findings": "of those, on a zero-tolerance indicator",
    }
    return {
        "name": "nishan-labour-compliance",
        "title": "Nishan: labour inspections of Pakistan's export factories",
        "licenses": [LICENCE],
        "description": (
            "Counts only: no names, identity numbers, phone numbers, observations or notes. "
            "Each download takes ?by= (some of province, district, sector, month), and filters "
            "province, district, sector, from and to (YYYY-MM)."
        ),
        "resources": [
            {
                "name": "dashboard",
                "path": "dashboard.csv",
                "format": "csv",
                "schema": {
                    "fields": [_field(n, d) for n, d in {**places, **FIGURES}.items()],
                },
            },
            {
                "name": "findings",
                "path": "findings.csv",
                "format": "csv",
                "schema": {
                    "fields": [_field(n, d) for n, d in {**places, **finding_fields}.items()],
                },
            },
        ],
    }

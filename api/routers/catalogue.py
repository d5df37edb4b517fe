"""The checklist catalogue that inspections find against, for inspectors' apps and for buyers
who want to know what was checked. Reference data, open to all."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict

from api.access import OpenToAll
from domain.inspections.catalogue import catalogue, current_version
from domain.inspections.severity import Severity

router = APIRouter(prefix="/catalogue", tags=["inspections"], dependencies=[OpenToAll])


class IndicatorPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    title: str
    severity: Severity
    zero_tolerance: bool
    ilo: str
    pakistan_law: str
    referral: str | None


class ClusterPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    title: str
    indicators: list[IndicatorPublic]


class CataloguePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: str
    published_on: date
    note: str
    clusters: list[ClusterPublic]


@router.get("", response_model=CataloguePublic, summary="The checklist in use for new visits")
def current_catalogue() -> CataloguePublic:
    return CataloguePublic.model_validate(catalogue(current_version()))


@router.get("/{version}", response_model=CataloguePublic, summary="A published checklist version")
def catalogue_version(version: Annotated[str, Path(max_length=40)]) -> CataloguePublic:
    return CataloguePublic.model_validate(catalogue(version))

"""The record's vocabularies, for the forms of inspectors' and exporters' apps and for buyers'
systems reading the record's codes: sectors (ISIC Rev. 4), production stages, Pakistan's
provinces and districts, and ports (UN/LOCODE), each named in the language asked for.
Reference data, open to all."""

from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.access import OpenToAll
from api.i18n.catalogs import LOCALE_OF, language
from api.i18n.choice import choose_language
from api.wording.places import DISTRICTS, PORT, PROVINCES
from api.wording.vocabularies import SECTOR, STAGE
from domain.vocabulary import OTHER

router = APIRouter(prefix="/vocabularies", tags=["reference"], dependencies=[OpenToAll])
# Reference data changes with a release, never with the record.
VOCABULARY_CACHING = "public, max-age=86400"


class Term(BaseModel):
    code: str = Field(description="What the record stores and the API takes.")
    name: str = Field(description="Its name in the language of the answer.")


class VocabulariesPublic(BaseModel):
    language: str = Field(description="The language the names are in (BCP 47).")
    other: str = Field(
        description="The code for what a list does not have: give it with a note in words "
        "(sector_note, stage_note)."
    )
    sectors: list[Term] = Field(description="ISIC Rev. 4 divisions and classes (PSIC 2010).")
    stages: list[Term] = Field(description="Production stages, in the order goods go through.")
    provinces: list[Term] = Field(description="Pakistan's provinces and territories.")
    districts: list[Term] = Field(
        description="The districts Nishan names in every language; another is taken as typed."
    )
    ports: list[Term] = Field(description="Ports Nishan names, by UN/LOCODE; any other code "
                              "that is a UN/LOCODE is taken too.")  # fmt: skip


@router.get(
    "",
    response_model=VocabulariesPublic,
    summary="Sectors, production stages, provinces, districts and ports, named in a language",
)
def vocabularies(
    lang: Annotated[
        str | None,
        Query(max_length=8, description=f"One of {', '.join(LOCALE_OF)}; else Accept-Language."),
    ] = None,
    accept_language: Annotated[str | None, Header(max_length=500)] = None,
) -> JSONResponse:
    code = choose_language(lang, accept_language)
    words = language(code)

    def named(names: dict[str, str]) -> list[Term]:
        return [Term(code=key, name=words.gettext(name)) for key, name in names.items()]

    answer = VocabulariesPublic(
        language=code,
        other=OTHER,
        sectors=named(SECTOR),  # in the domain's order: a test keeps the keys in step
        stages=named(STAGE),
        provinces=named({name: name for name in PROVINCES}),
        districts=named({name: name for name in sorted(DISTRICTS)}),
        ports=named(PORT),
    )
    headers = {
        "Content-Language": code,
        "Vary": "Accept-Language",
        "Cache-Control": VOCABULARY_CACHING,
    }
    return JSONResponse(answer.model_dump(), headers=headers)

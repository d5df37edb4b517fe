"""Accounts: an administrator opens them; everyone can see who their token says they are."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from api.boundary import RequestBody
from api.dependencies import Admin, NishanDep, current_account
from domain.accounts.account import Account
from domain.accounts.jurisdiction import Jurisdiction
from domain.actor import Role

router = APIRouter(prefix="/accounts", tags=["accounts"])


class JurisdictionIn(RequestBody):
    province: str = Field(min_length=1, max_length=60, examples=["Punjab"])
    districts: list[Annotated[str, Field(min_length=1, max_length=60)]] = Field(
        default=[], max_length=50, description="None: the whole province.", examples=[["Sialkot"]]
    )


class AccountCreate(RequestBody):
    name: str = Field(min_length=1, max_length=120, examples=["Bilal Ahmed"])
    role: Role
    organisation: str = Field(
        default="",
        max_length=200,
        description="The exporting company, or the inspector's department.",
        examples=["Punjab Labour Department"],
    )
    jurisdiction: JurisdictionIn | None = Field(
        default=None, description="Where an inspector may inspect; inspectors only."
    )


class AccountDeactivate(RequestBody):
    reason: str = Field(min_length=1, max_length=500)


class AccountOpened(BaseModel):
    account_id: UUID
    role: Role
    token: str = Field(description="Shown this once; Nishan keeps only its hash.")


class AccountDetail(BaseModel):
    account_id: UUID
    name: str
    role: Role
    organisation: str


@router.post("", status_code=201, response_model=AccountOpened)
def open_account(body: AccountCreate, by: Admin, nishan: NishanDep) -> AccountOpened:
    jurisdiction = (
        Jurisdiction(body.jurisdiction.province, tuple(body.jurisdiction.districts))
        if body.jurisdiction
        else None
    )
    opened = nishan.accounts.open_account(
        body.name, body.role, body.organisation, by=by, jurisdiction=jurisdiction
    )
    return AccountOpened(account_id=opened.account_id, role=body.role, token=opened.token)


@router.get("/me", response_model=AccountDetail)
def who_am_i(account: Annotated[Account, Depends(current_account)]) -> AccountDetail:
    return AccountDetail(
        account_id=account.id,
        name=account.name,
        role=account.role,
        organisation=account.organisation,
    )


@router.post("/{account_id}/deactivate", status_code=204)
def deactivate_account(
    account_id: UUID, body: AccountDeactivate, by: Admin, nishan: NishanDep
) -> None:
    """Its token stops working at once; its past events keep naming it."""
    nishan.accounts.deactivate_account(account_id, body.reason, by=by)

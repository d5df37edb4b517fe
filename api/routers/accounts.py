"""Accounts: an administrator opens them, grants and revokes their roles and issues and revokes
their tokens; everyone can see who their own token says they are, and revoke it."""

import json
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Annotated, Any, Self
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from api.access import Admin, AnyAccount
from api.boundary import RequestBody
from api.dependencies import NishanDep, current_account, current_token_id
from api.errors import ApiError
from api.input_formats import Day
from api.pagination import DEFAULT_LIMIT, Cursor, Limit, id_key, key_after, moment_key, page_of
from api.read_your_writes import wait_for_view
from api.sessions import session_secret
from api.view_reads import listed_rows
from domain.accounts.account import NAME_LONGEST, ORGANISATION_LONGEST, Account
from domain.accounts.application import IssuedCode, IssuedToken
from domain.accounts.grants import Grant, grant_at
from domain.accounts.jurisdiction import DISTRICTS_MOST, PLACE_LONGEST, Jurisdiction
from domain.accounts.session import csrf_token
from domain.actor import Role
from domain.clock import end_of_day
from domain.text import REASON_LONGEST
from projections.account_search import NO_ROLE, AccountSearch, accounts_query
from projections.visits import Visits, find_open_visits_outside

router = APIRouter(prefix="/accounts", tags=["accounts"])


class GrantedRole(Enum):
    """The roles people hold (exporter users are opened under their exporter)."""

    ADMIN = "admin"
    INSPECTOR = "inspector"
    EXPORTER = "exporter"


class ListedRole(Enum):
    """A role to list accounts by; `none`: the accounts whose role was revoked."""

    ADMIN = "admin"
    INSPECTOR = "inspector"
    EXPORTER = "exporter"
    NONE = NO_ROLE


class AccountOrder(Enum):
    LATEST_FIRST = "-opened_at"
    OLDEST_FIRST = "opened_at"


class JurisdictionIn(RequestBody):
    # The domain's limits (Jurisdiction.checked), said here too so that the document says them.
    province: str = Field(min_length=1, max_length=PLACE_LONGEST, examples=["Punjab"])
    districts: list[Annotated[str, Field(min_length=1, max_length=PLACE_LONGEST)]] = Field(
        default=[],
        max_length=DISTRICTS_MOST,
        description="None: the whole province.",
        examples=[["Sialkot"]],
    )

    def jurisdiction(self) -> Jurisdiction:
        return Jurisdiction(self.province, tuple(self.districts))


TokenDays = Field(
    default=None, ge=1, le=3650, description="How many days the token works; 90 if not given."
)


SignInName = Field(
    default=None,
    min_length=3,
    max_length=32,
    pattern=r"^[A-Za-z][A-Za-z0-9_]{2,31}$",
    description="What the person types to sign in: 3 to 32 letters, digits and _, unique; "
    "made from their name when not given (bilal_ahmed, bilal_ahmed_2, ...). Case does not "
    "matter.",
    examples=["inspector_punjab"],
)


class AccountCreate(RequestBody):
    name: str = Field(min_length=1, max_length=NAME_LONGEST, examples=["Bilal Ahmed"])
    role: GrantedRole
    organisation: str = Field(
        default="",
        max_length=ORGANISATION_LONGEST,
        description="The exporting company, or the inspector's department.",
        examples=["Punjab Labour Department"],
    )
    jurisdiction: JurisdictionIn | None = Field(
        default=None, description="Where an inspector may inspect; inspectors only."
    )
    token_days: int | None = TokenDays
    sign_in_name: str | None = SignInName


class RoleGrant(RequestBody):
    role: GrantedRole
    jurisdiction: JurisdictionIn | None = Field(
        default=None, description="Where an inspector may inspect; inspectors only."
    )


class Reason(RequestBody):
    reason: str = Field(min_length=1, max_length=REASON_LONGEST)


class TokenRequest(RequestBody):
    token_days: int | None = TokenDays


class TokenIssued(BaseModel):
    account_id: UUID
    token: str = Field(description="Shown this once; Nishan keeps only its hash.")
    token_id: UUID = Field(description="To revoke it by; not the token.")
    expires_at: datetime | None

    @classmethod
    def shown_once(cls, issued: IssuedToken, **more: object) -> "Self":
        return cls(
            account_id=issued.account_id,
            token=issued.token,
            token_id=issued.token_id,
            expires_at=issued.expires_at,
            **more,
        )


class AccountOpened(TokenIssued):
    role: Role
    sign_in_name: str | None = Field(description="What the person types to sign in.")
    sign_in_code: str | None = Field(
        description="Give it to the person: at their first sign-in (GET /sign-in) they type "
        "it and choose a passphrase. Works once, for 72 hours; shown this once."
    )
    sign_in_code_expires_at: datetime | None


class SignInCodeRequest(RequestBody):
    sign_in_name: str | None = Field(
        default=None,
        min_length=3,
        max_length=32,
        pattern=r"^[A-Za-z][A-Za-z0-9_]{2,31}$",
        description="For an account opened before sign-in names only: its sign-in name (made "
        "from the person's name when not given).",
    )


class SignInCodeIssued(BaseModel):
    account_id: UUID
    sign_in_name: str
    sign_in_code: str = Field(
        description="Works once, for 72 hours, in place of any earlier code; shown this once."
    )
    expires_at: datetime

    @classmethod
    def shown_once(cls, issued: IssuedCode) -> "Self":
        return cls(
            account_id=issued.account_id,
            sign_in_name=issued.sign_in_name,
            sign_in_code=issued.code,
            expires_at=issued.expires_at,
        )


class AccountDetail(BaseModel):
    account_id: UUID
    name: str
    role: Role | None
    organisation: str
    sign_in_name: str | None
    csrf_token: str | None = Field(
        default=None,
        description="Asked with the session cookie (signed in at /sign-in): the token to send "
        "as X-CSRF-Token with every command. None with a bearer token, which needs none.",
    )


class JurisdictionOut(BaseModel):
    province: str
    districts: list[str]


class AccountListed(BaseModel):
    account_id: UUID
    name: str
    sign_in_name: str | None = Field(description="None for an account opened before them.")
    role: Role | None = Field(description="None: the role was revoked.")
    organisation: str
    exporter_id: UUID | None = Field(description="The exporter an exporter's user acts for.")
    jurisdiction: JurisdictionOut | None = Field(description="Where an inspector may inspect.")
    active: bool
    opened_at: datetime


class AccountList(BaseModel):
    accounts: list[AccountListed]
    next_cursor: str | None = Field(
        description="Ask again with it as `cursor` for the next page; none after the last."
    )


class GrantOut(BaseModel):
    role: Role | None = Field(description="None: no role (revoked, or deactivated).")
    jurisdiction: JurisdictionOut | None
    since: datetime
    until: datetime | None
    by: UUID


class VisitLeft(BaseModel):
    inspection_id: UUID
    factory_id: UUID
    planned_on: date
    state: str = Field(description="scheduled or started", examples=["scheduled"])
    province: str = Field(description="The factory's.")
    district: str = Field(description="The factory's.")


class RoleGranted(BaseModel):
    account_id: UUID
    role: Role
    jurisdiction: JurisdictionOut | None
    visits_left_without_inspector: list[VisitLeft] = Field(
        description="The visits assigned to the account and still open (scheduled or started) "
        "that it may no longer act on: at factories outside its new jurisdiction, or all of "
        "them when it is no longer an inspector. Reassign each to another inspector "
        "(POST /inspections/{id}/reassign). Soonest first."
    )
    visits_list_complete: bool = Field(
        description="False when the visits could not be read up to the moment of the grant "
        "within NISHAN_READ_WAIT_SECONDS (the projection worker is behind): the list may then "
        "miss the latest visits."
    )


class SignInOut(BaseModel):
    at: datetime
    outcome: str = Field(
        description="signed_in, failed, locked, or unlocked (by a sign-in with a code an "
        "officer issued during the lock)",
        examples=["signed_in"],
    )
    reason: str = Field(
        description="Why it failed (wrong_passphrase, wrong_code); for a sign-in or an unlock, "
        "'code' when it was made with a sign-in code; empty otherwise."
    )


class AccountRecord(BaseModel):
    account_id: UUID
    name: str
    organisation: str
    active: bool
    version: int
    on: date | None = Field(description="The day asked about, if any.")
    role: Role | None = Field(description="The role held at the end of that day, or now.")
    jurisdiction: JurisdictionOut | None
    grants: list[GrantOut]
    tokens: list[UUID] = Field(description="The ids of the tokens issued to it, never the tokens.")
    sign_in_name: str | None
    has_passphrase: bool = Field(description="False until the person's first sign-in.")
    locked_until: datetime | None = Field(
        description="Set while sign-in is locked after five failures in a row."
    )
    sign_ins: list[SignInOut] = Field(
        description="Its latest sign-ins, failed sign-ins and lockouts, latest first (at most "
        "20; the account's log keeps them all)."
    )


def opened(issued: IssuedToken, role: Role) -> AccountOpened:
    return AccountOpened.shown_once(
        issued,
        role=role,
        sign_in_name=issued.sign_in_name,
        sign_in_code=issued.sign_in_code,
        sign_in_code_expires_at=issued.code_expires_at,
    )


def _jurisdiction(found: Jurisdiction | None) -> JurisdictionOut | None:
    return (
        JurisdictionOut(province=found.province, districts=list(found.districts)) if found else None
    )


def _grant(grant: Grant) -> GrantOut:
    return GrantOut(
        role=grant.role,
        jurisdiction=_jurisdiction(grant.jurisdiction),
        since=grant.since,
        until=grant.until,
        by=grant.by.id,
    )


@router.post("", status_code=201, response_model=AccountOpened)
def open_account(body: AccountCreate, by: Admin, nishan: NishanDep) -> AccountOpened:
    role = Role(body.role.value)
    issued = nishan.accounts.open_account(
        body.name,
        role,
        body.organisation,
        by=by,
        jurisdiction=body.jurisdiction.jurisdiction() if body.jurisdiction else None,
        token_days=body.token_days,
        sign_in_name=body.sign_in_name,
    )
    return opened(issued, role)


@router.get("", response_model=AccountList)
def list_accounts(
    request: Request,
    _: Admin,
    role: Annotated[list[ListedRole] | None, Query(max_length=4)] = None,
    active: bool | None = None,
    sort: AccountOrder = AccountOrder.LATEST_FIRST,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> AccountList:
    """Accounts, the latest opened first (`sort=opened_at`: the oldest first), from the
    accounts view: by `role` (`none`: revoked) and `active`."""
    search = AccountSearch(roles=tuple(r.value for r in role or ()), active=active)
    statement, params = accounts_query(
        search,
        oldest_first=sort is AccountOrder.OLDEST_FIRST,
        after=key_after(cursor, sort.value, (moment_key, id_key)),
        limit=limit + 1,  # one more than asked: whether a page follows
    )
    rows = listed_rows(request, statement, params, "accounts")
    page, next_cursor = page_of(
        rows, limit, sort.value, lambda row: [row["opened_at"], row["account_id"]]
    )
    return AccountList(accounts=[_listed(row) for row in page], next_cursor=next_cursor)


def _listed(row: Any) -> AccountListed:
    province, districts = row["province"], json.loads(row["districts"])
    return AccountListed(
        account_id=row["account_id"],
        name=row["name"],
        sign_in_name=row["sign_in_name"],
        role=row["role"],
        organisation=row["organisation"],
        exporter_id=row["exporter_id"],
        jurisdiction=JurisdictionOut(province=province, districts=districts) if province else None,
        active=bool(row["active"]),
        opened_at=row["opened_at"],
    )


@router.get("/me", response_model=AccountDetail)
def who_am_i(
    request: Request, _: AnyAccount, account: Annotated[Account, Depends(current_account)]
) -> AccountDetail:
    """Who the request's token or session cookie says you are; with the cookie, also the CSRF
    token its commands must carry (X-CSRF-Token)."""
    cookie = None if request.headers.get("authorization") else session_secret(request.headers)
    return AccountDetail(
        account_id=account.id,
        name=account.name,
        role=account.role,
        organisation=account.organisation,
        sign_in_name=account.sign_in_name,
        csrf_token=csrf_token(cookie) if cookie else None,
    )


@router.post("/me/token/revoke", status_code=204)
def revoke_my_token(
    by: AnyAccount,
    nishan: NishanDep,
    token: Annotated[UUID | None, Depends(current_token_id)],
) -> None:
    """Sign out: the token this request was sent with stops working at once. (A browser signed
    in with a session cookie signs out with POST /sign-out.)"""
    if token is None:
        raise ApiError(
            422,
            "no_token",
            "This request carries no bearer token to revoke: a session cookie ends with "
            "POST /sign-out.",
        )
    nishan.accounts.revoke_token(by.id, token, "Revoked by its holder.", by=by)


@router.get("/{account_id}", response_model=AccountRecord)
def account_record(
    account_id: UUID,
    _: Admin,
    nishan: NishanDep,
    on: Annotated[
        Day | None,
        Query(description="A day: the role the account held at its end (Pakistan's time)."),
    ] = None,
) -> AccountRecord:
    """The account, its grants period by period, and who it was on any day."""
    account = nishan.accounts.load_account(account_id)
    grants = nishan.accounts.grants(account_id)
    if on is None:
        role, jurisdiction = account.role, account.jurisdiction
    else:
        held = grant_at(grants, end_of_day(on) - timedelta(microseconds=1))
        role, jurisdiction = (held.role, held.jurisdiction) if held else (None, None)
    return AccountRecord(
        account_id=account.id,
        name=account.name,
        organisation=account.organisation,
        active=account.active,
        version=account.version,
        on=on,
        role=role,
        jurisdiction=_jurisdiction(jurisdiction),
        grants=[_grant(g) for g in grants],
        tokens=account.tokens,
        sign_in_name=account.sign_in_name,
        has_passphrase=account.passphrase_hash is not None,
        locked_until=account.locked_until,
        sign_ins=[SignInOut(**vars(noted)) for noted in reversed(account.sign_ins)],
    )


@router.post("/{account_id}/deactivate", status_code=204)
def deactivate_account(account_id: UUID, body: Reason, by: Admin, nishan: NishanDep) -> None:
    """Its tokens stop working at once; its past events keep naming it."""
    nishan.accounts.deactivate_account(account_id, body.reason, by=by)


@router.post("/{account_id}/role", response_model=RoleGranted)
def grant_role(account_id: UUID, body: RoleGrant, by: Admin, nishan: NishanDep) -> RoleGranted:
    """Give the account a role in place of the one it holds, recorded with who granted it; the
    answer lists the open visits assigned to it that it may no longer act on, to reassign."""
    nishan.accounts.grant_role(
        account_id,
        Role(body.role.value),
        body.jurisdiction.jurisdiction() if body.jurisdiction else None,
        by=by,
    )
    account = nishan.accounts.load_account(account_id)
    # The visits view, on PostgreSQL a moment behind, is read once it holds every visit so far.
    head = nishan.inspections.recorder.max_notification_id() or 0
    complete = wait_for_view(nishan, Visits.name, nishan.inspections.name, head)
    inspects = account.role is Role.INSPECTOR
    left = find_open_visits_outside(
        nishan.views, account_id, account.jurisdiction if inspects else None
    )
    return RoleGranted(
        account_id=account.id,
        role=account.role,
        jurisdiction=_jurisdiction(account.jurisdiction),
        visits_left_without_inspector=[VisitLeft(**vars(visit)) for visit in left],
        visits_list_complete=complete,
    )


@router.post("/{account_id}/role/revoke", status_code=204)
def revoke_role(account_id: UUID, body: Reason, by: Admin, nishan: NishanDep) -> None:
    """The account may act on nothing until a role is granted again."""
    nishan.accounts.revoke_role(account_id, body.reason, by=by)


@router.post("/{account_id}/tokens", status_code=201, response_model=TokenIssued)
def issue_token(account_id: UUID, body: TokenRequest, by: Admin, nishan: NishanDep) -> TokenIssued:
    """A further token for the account; shown once."""
    issued = nishan.accounts.issue_token(account_id, by=by, token_days=body.token_days)
    return TokenIssued.shown_once(issued)


@router.post("/{account_id}/sign-in-code", status_code=201, response_model=SignInCodeIssued)
def issue_sign_in_code(
    account_id: UUID, body: SignInCodeRequest, by: Admin, nishan: NishanDep
) -> SignInCodeIssued:
    """A new one-time sign-in code for the person (a first sign-in, a forgotten passphrase):
    it works once, for 72 hours, in place of any earlier code; shown once."""
    issued = nishan.accounts.issue_sign_in_code(account_id, by=by, sign_in_name=body.sign_in_name)
    return SignInCodeIssued.shown_once(issued)


@router.post("/{account_id}/tokens/revoke", status_code=204)
def revoke_tokens(account_id: UUID, body: Reason, by: Admin, nishan: NishanDep) -> None:
    """Every token issued to the account until now stops working (a lost phone), and so does
    every session it signed in with."""
    nishan.accounts.revoke_all_tokens(account_id, body.reason, by=by)


@router.post("/{account_id}/tokens/{token_id}/revoke", status_code=204)
def revoke_token(
    account_id: UUID, token_id: UUID, body: Reason, by: Admin, nishan: NishanDep
) -> None:
    nishan.accounts.revoke_token(account_id, token_id, body.reason, by=by)

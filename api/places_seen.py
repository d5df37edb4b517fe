"""Where a list's reader may look: an officer everywhere, an inspector at the factories of their
jurisdiction now (as acting on what is listed checks it), an inspector who inspects nowhere now
at none. One dependency for every list an inspector may ask for."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from api.dependencies import current_account
from domain.accounts.account import Account
from domain.accounts.jurisdiction import Jurisdiction
from domain.actor import Role


@dataclass(frozen=True)
class PlacesSeen:
    within: Jurisdiction | None  # None: everywhere (unless nowhere)
    nowhere: bool = False  # nothing to list: answer an empty page without asking the view


async def places_seen(account: Annotated[Account, Depends(current_account)]) -> PlacesSeen:
    # current_account is the account the route's access rule authenticated (FastAPI resolves a
    # dependency once a request), so this costs no second load; async, so no thread hop.
    if account.role is Role.INSPECTOR:
        return PlacesSeen(account.jurisdiction, nowhere=account.jurisdiction is None)
    return PlacesSeen(None)


PlacesSeenDep = Annotated[PlacesSeen, Depends(places_seen)]

"""What routes receive: the running system and the authenticated actor in the role they need."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.errors import ApiError
from api.wiring import Nishan
from domain.accounts.account import Account
from domain.actor import Actor, Role

_bearer = HTTPBearer(
    auto_error=False, description="The token shown once when the account was opened."
)


async def get_nishan(request: Request) -> Nishan:
    # async: FastAPI would run a plain def on the threadpool, a thread hop on every request.
    return request.app.state.nishan


NishanDep = Annotated[Nishan, Depends(get_nishan)]


def current_account(
    nishan: NishanDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Account:
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None:
        raise ApiError(
            401,
            "unauthenticated",
            "This needs a bearer token: send 'Authorization: Bearer <token>'.",
            challenge,
        )
    account = nishan.accounts.authenticate(credentials.credentials)
    if account is None:
        raise ApiError(401, "invalid_token", "This token is not known to Nishan.", challenge)
    if not account.active:
        raise ApiError(401, "account_deactivated", "This account has been deactivated.", challenge)
    return account


def role(*allowed: Role):
    def actor_in_role(account: Annotated[Account, Depends(current_account)]) -> Actor:
        if account.role not in allowed:
            names = " or ".join(r.value for r in allowed)
            raise ApiError(403, "forbidden_role", f"Only an {names} account may do this.")
        return account.actor

    return actor_in_role


Admin = Annotated[Actor, Depends(role(Role.ADMIN))]
InspectorOrAdmin = Annotated[Actor, Depends(role(Role.INSPECTOR, Role.ADMIN))]
Exporter = Annotated[Actor, Depends(role(Role.EXPORTER))]

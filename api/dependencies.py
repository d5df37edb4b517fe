"""What routes receive: the running system and the authenticated actor in the role they need."""

from typing import Annotated
from uuid import UUID

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.errors import ApiError
from bootstrap import Nishan
from domain.accounts.access_token import token_id
from domain.accounts.account import Account
from domain.accounts.application import TokenRefused
from domain.command_context import current_command

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
    try:
        account = nishan.accounts.authenticate(credentials.credentials)
    except TokenRefused as refused:
        raise ApiError(401, refused.code, refused.message, challenge) from None
    if (command := current_command()) is not None:
        command.actor = account.actor  # a retry's receipt names who sent the command
    return account


def current_token_id(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> UUID | None:
    """The id of the token the request was sent with (its hash's), never the token itself."""
    return token_id(credentials.credentials) if credentials else None

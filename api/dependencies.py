"""What routes receive: the running system and the authenticated actor in the role they need."""

from typing import Annotated
from uuid import UUID

from fastapi import Depends, Request

from api.authentication import ACCOUNT_IN_SCOPE, account_of_request, bearer_token
from bootstrap import Nishan
from domain.accounts.access_token import token_id
from domain.accounts.account import Account


async def get_nishan(request: Request) -> Nishan:
    # async: FastAPI would run a plain def on the threadpool, a thread hop on every request.
    return request.app.state.nishan


NishanDep = Annotated[Nishan, Depends(get_nishan)]


async def current_account(request: Request) -> Account:
    """The account the request's token (or session cookie) opens; a command's was found before
    its body was read (api/command_requests.py). No sub-dependency: each would cost every
    request; the document declares the two credentials (api/openapi_security.py)."""
    known = request.scope.get("state", {}).get(ACCOUNT_IN_SCOPE)
    if known is not None:
        return known
    known = getattr(request.app.state, "known_tokens", None)
    return await account_of_request(request.app.state.nishan, request.headers, known)


async def current_token_id(request: Request) -> UUID | None:
    """The id of the bearer token the request was sent with (its hash's), never the token
    itself; None for a request with none (a session cookie's)."""
    token = bearer_token(request.headers.get("authorization"))
    return token_id(token) if token is not None else None

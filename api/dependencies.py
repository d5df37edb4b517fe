"""What routes receive: the running system and the authenticated actor in the role they need."""

from typing import Annotated
from uuid import UUID

from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from api.authentication import ACCOUNT_IN_SCOPE, account_of_request
from api.sessions import SESSION_COOKIE
from bootstrap import Nishan
from domain.accounts.access_token import token_id
from domain.accounts.account import Account

_bearer = HTTPBearer(
    auto_error=False, description="The token shown once when the account was opened."
)
# The session a person's sign-in (POST /sign-in) set: the pages' and their outbox's credential.
# Either one authenticates a request (the document lists them as alternatives).
_session = APIKeyCookie(
    name=SESSION_COOKIE,
    auto_error=False,
    scheme_name="SessionCookie",
    description="The session cookie POST /sign-in sets (HttpOnly). Every command sent with it "
    "must carry the session's CSRF token in the X-CSRF-Token header, else 403 "
    "csrf_failed.",
)


async def get_nishan(request: Request) -> Nishan:
    # async: FastAPI would run a plain def on the threadpool, a thread hop on every request.
    return request.app.state.nishan


NishanDep = Annotated[Nishan, Depends(get_nishan)]


async def current_account(
    request: Request,
    nishan: NishanDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    session: Annotated[str | None, Depends(_session)],
) -> Account:
    """The account the request's token (or session cookie) opens; a command's was found before
    its body was read (api/command_requests.py). `credentials` and `session` are declared for
    the OpenAPI document's sake."""
    known = request.scope.get("state", {}).get(ACCOUNT_IN_SCOPE)
    if known is not None:
        return known
    known = getattr(request.app.state, "known_tokens", None)
    return await account_of_request(nishan, request.headers, known)


def current_token_id(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> UUID | None:
    """The id of the token the request was sent with (its hash's), never the token itself."""
    return token_id(credentials.credentials) if credentials else None

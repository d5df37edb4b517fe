"""Who sends a request: the account its bearer token (or, with none, its session cookie) opens,
or a 401 that says why not."""

import asyncio
from typing import Any

from starlette.datastructures import Headers

from api.errors import ApiError
from api.known_tokens import KnownTokens
from api.sessions import session_of, session_secret
from domain.accounts.account import Account
from domain.accounts.application import TokenRefused

# Where a command's account is kept once the command middleware has authenticated it, so that
# the route's own dependency does not read the token's records a second time.
ACCOUNT_IN_SCOPE = "nishan_account"
_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header; None for any other."""
    scheme, _, credentials = (authorization or "").partition(" ")
    return (credentials.strip() or None) if scheme.lower() == "bearer" else None


async def account_of_request(nishan: Any, headers: Headers, known: KnownTokens | None) -> Account:
    """authenticate_request, on the event loop when the token's records are kept and nothing
    has changed since (no read to wait for), else on a thread."""
    token = bearer_token(headers.get("authorization"))
    if known is not None and token is not None and (kept := known.unchanged(token)) is not None:
        try:
            return nishan.accounts.token_holder(*kept)
        except TokenRefused as refused:
            raise _unauthenticated(refused) from None
    return await asyncio.to_thread(authenticate_request, nishan, headers, known)


def authenticate_request(
    nishan: Any, headers: Headers, known: KnownTokens | None = None
) -> Account:
    """A bearer token, if the request has an Authorization header, decides alone; without one,
    the session cookie. (A command's CSRF token is checked by api/command_requests.py.)"""
    authorization = headers.get("authorization")
    if authorization is None and (secret := session_secret(headers)) is not None:
        return session_of(nishan, secret)
    return authenticate(nishan, authorization, known)


def authenticate(
    nishan: Any, authorization: str | None, known: KnownTokens | None = None
) -> Account:
    """`known`: the tokens the app keeps between requests (api/known_tokens.py), if any."""
    token = bearer_token(authorization)
    if token is None:
        raise ApiError(
            401,
            "unauthenticated",
            "This needs a bearer token: send 'Authorization: Bearer <token>' (or sign in at "
            "/sign-in, whose session cookie then opens the API).",
            _CHALLENGE,
        )
    try:
        if known is None:
            return nishan.accounts.authenticate(token)
        return nishan.accounts.token_holder(*known.records(nishan, token))
    except TokenRefused as refused:
        raise _unauthenticated(refused) from None


def _unauthenticated(refused: TokenRefused) -> ApiError:
    return ApiError(401, refused.code, refused.message, _CHALLENGE)

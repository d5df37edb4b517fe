"""Who sends a request: the account its bearer token opens, or a 401 that says why not."""

from typing import Any

from api.errors import ApiError
from domain.accounts.account import Account
from domain.accounts.application import TokenRefused

# Where a command's account is kept once the command middleware has authenticated it, so that
# the route's own dependency does not read the token's records a second time.
ACCOUNT_IN_SCOPE = "nishan_account"
_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def authenticate(nishan: Any, authorization: str | None) -> Account:
    scheme, _, credentials = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        raise ApiError(
            401,
            "unauthenticated",
            "This needs a bearer token: send 'Authorization: Bearer <token>'.",
            _CHALLENGE,
        )
    try:
        return nishan.accounts.authenticate(credentials.strip())
    except TokenRefused as refused:
        raise ApiError(401, refused.code, refused.message, _CHALLENGE) from None

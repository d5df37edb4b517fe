"""The session cookie of a signed-in browser, and the CSRF check of what it sends.

The cookie (`nishan_session`) is HttpOnly, SameSite=Lax, Path=/, and Secure when Nishan is served
over HTTPS. Every unsafe request it authenticates must also carry the session's CSRF token, in
an `X-CSRF-Token` header or a `csrf_token` form field: another site can make a browser send the
cookie, but cannot read the token. A request with an `Authorization` header is judged by it
alone; the cookie is then not even read.
"""

import hmac
from datetime import datetime
from http.cookies import SimpleCookie
from typing import Any

from starlette.datastructures import Headers
from starlette.responses import Response

from api.errors import ApiError
from domain.accounts.account import Account
from domain.accounts.application import SessionRefused
from domain.accounts.session import csrf_token

SESSION_COOKIE = "nishan_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_FAILED = (
    "This request was sent with a session cookie but without the session's CSRF token: send "
    "it in an X-CSRF-Token header (GET /accounts/me gives it), or sign in again."
)


def session_secret(headers: Headers) -> str | None:
    """The session cookie's value, if the request carries one."""
    raw = headers.get("cookie")
    if not raw or SESSION_COOKIE not in raw:
        return None
    cookie: SimpleCookie = SimpleCookie()
    try:
        cookie.load(raw)
    except Exception:  # a malformed Cookie header carries no session
        return None
    morsel = cookie.get(SESSION_COOKIE)
    return morsel.value if morsel and morsel.value else None


def csrf_matches(secret: str, sent: str | None) -> bool:
    return sent is not None and hmac.compare_digest(csrf_token(secret), sent)


def csrf_failed() -> ApiError:
    return ApiError(403, "csrf_failed", CSRF_FAILED)


def set_session_cookie(
    response: Response, secret: str, expires_at: datetime, now: datetime, secure: bool
) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=max(0, int((expires_at - now).total_seconds())),
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure,
    )


def clear_session_cookie(response: Response, secure: bool) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=secure)


def session_of(nishan: Any, secret: str) -> Account:
    """The account a session cookie opens, or a 401 that says why not."""
    try:
        account, _ = nishan.accounts.session_account(secret)
    except SessionRefused as refused:
        raise ApiError(401, refused.code, refused.message) from None
    return account

"""Signing in and out: the page a person signs in on, and the same as JSON for scripts.

The page works without script: two forms, one with the passphrase, one for a first sign-in with
the one-time code an officer gave (and the passphrase chosen then). An anonymous form is
protected from cross-site posting by a double-submit token: a cookie set with the page, and the
same value in the form; JSON is taken only as application/json, which no other site can send
without a CORS preflight. A success sets the session cookie (api/sessions.py) and, for a form,
goes on to the page asked for; a refusal shows the form again with the sentence beside its field.
"""

import asyncio
import hmac
import secrets
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from api.access import SIGNING_IN, OpenToAll
from api.dependencies import NishanDep
from api.errors import ApiError, error_response
from api.forms import FORM, form_fields, is_a_form, media_type
from api.i18n.catalogs import LOCALE_OF
from api.i18n.pages import render
from api.sessions import (
    CSRF_FIELD,
    CSRF_HEADER,
    clear_session_cookie,
    csrf_failed,
    csrf_matches,
    session_secret,
    set_session_cookie,
)
from domain.accounts.application import SessionRefused, StartedSession
from domain.accounts.session import csrf_token
from domain.accounts.sign_in import SignInRefused

router = APIRouter(tags=["sign-in"])

FORM_COOKIE = "nishan_sign_in_form"  # the anonymous form's double-submit token
NO_STORE = {"Cache-Control": "no-store"}
STATUS = {
    "wrong_passphrase": 401,
    "wrong_code": 401,
    "account_locked": 429,
    "passphrase_too_short": 422,
    "passphrase_too_long": 422,
    "passphrases_differ": 422,
    "form_expired": 403,
}
MOST_FORM_FIELDS = 20  # the page's forms have seven
MOST_NEXT = 500  # a longer `next` is no path of Nishan's: ignored, as another site's is
JSON = "application/json"
# A cross-site page can post a form (form-encoded, multipart or text/plain) with no preflight,
# and text/plain can carry JSON: JSON is taken only as application/json, which needs a CORS
# preflight that Nishan never grants, and the form type has its double-submit token.
NOT_JSON = (
    "POST /sign-in takes JSON sent with Content-Type: application/json, or the sign-in page's "
    "form (application/x-www-form-urlencoded); this request's body was sent as neither."
)


# Exactly one of the two, as the domain has it (domain/accounts/sign_in.py, check_asked).
_LATER = {
    "title": "A later sign-in",
    "required": ["passphrase"],
    "properties": {"passphrase": {"type": "string"}, "code": {"type": "null"}},
}
_FIRST = {
    "title": "The first sign-in",
    "required": ["code", "new_passphrase"],
    "properties": {
        "code": {"type": "string"},
        "new_passphrase": {"type": "string"},
        "passphrase": {"type": "null"},
    },
}


class SignInRequest(BaseModel):
    """Later sign-ins: the name and the passphrase. The first: the name, the code an officer
    gave, and the passphrase chosen now. Passphrases are taken exactly as typed (not trimmed)."""

    model_config = ConfigDict(
        extra="forbid", strict=True, json_schema_extra={"oneOf": [_LATER, _FIRST]}
    )

    sign_in_name: str = Field(min_length=1, max_length=100, examples=["inspector_punjab"])
    passphrase: str | None = Field(default=None, min_length=1, max_length=200)
    code: str | None = Field(
        default=None, min_length=1, max_length=40, description="At first sign-in."
    )
    new_passphrase: str | None = Field(
        default=None,
        max_length=200,
        description="With the code: 10 to 200 characters, not only blanks, no control "
        "characters (tabs, line breaks); kept exactly as typed.",
    )


class SignedIn(BaseModel):
    account_id: str
    csrf_token: str = Field(
        description="Send it as X-CSRF-Token with every command made with the session cookie."
    )
    expires_at: datetime = Field(description="The session's end at the latest.")


class SignInForm(BaseModel):
    """What the page's forms post (application/x-www-form-urlencoded): the same as JSON, with
    the form's token and where to go after. Described for the OpenAPI document; a refusal is
    answered with the page again, the sentence beside its field."""

    model_config = ConfigDict(json_schema_extra={"maxProperties": MOST_FORM_FIELDS})

    sign_in_name: str = Field(max_length=100)
    passphrase: str | None = Field(default=None, description="Later sign-ins.")
    code: str | None = Field(default=None, description="At first sign-in: its presence says so.")
    new_passphrase: str | None = Field(default=None, description="With the code.")
    new_passphrase_again: str | None = Field(default=None, description="The same, typed again.")
    csrf_token: str = Field(description="The form's token, as the nishan_sign_in_form cookie.")
    next: str | None = Field(default=None, description="A path of Nishan's to go on to.")


_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "application/json": {"schema": SignInRequest.model_json_schema()},
        FORM: {"schema": SignInForm.model_json_schema()},
    },
}
_ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {"model": SignedIn, "description": "Signed in (JSON): the session cookie is set."},
    303: {"description": "Signed in (form): on to the page asked for, the cookie set."},
    401: {"description": "wrong_passphrase or wrong_code"},
    403: {"description": "form_expired: the form's token did not match its cookie"},
    415: {"description": "unsupported_media_type: a body neither application/json nor the form"},
    429: {
        "description": "account_locked: five failures in a row, for 15 minutes (a code an "
        "officer issues during the lock works at once)",
        "headers": {
            "Retry-After": {
                "description": "Seconds until the lock ends.",
                "schema": {"type": "integer", "minimum": 1},
            }
        },
    },
}


def _safe_next(asked: str | None) -> str:
    """Only a path of Nishan's own: never another site (an open redirect), nothing over-long
    or holding control characters (which browsers drop from an address: /<tab>/evil is //evil);
    else the home page. A person's page never refuses for it."""
    if (
        asked
        and len(asked) <= MOST_NEXT
        and asked.isprintable()
        and asked.startswith("/")
        and not asked.startswith(("//", "/\\"))
    ):
        return asked
    return "/"


def _onward(next_path: str, request: Request) -> str:
    """Where a form's sign-in goes on to, in the language of the page it was sent from (its
    action names it): `next` with its `lang`, unless it names one itself."""
    lang = request.query_params.get("lang")
    path, hash_, fragment = next_path.partition("#")
    _, question, query = path.partition("?")
    if lang not in LOCALE_OF or "lang" in parse_qs(query, keep_blank_values=True):
        return next_path
    return f"{path}{'&' if question else '?'}lang={lang}{hash_}{fragment}"


def _secure(nishan: Any) -> bool:
    return nishan.settings.secure_cookies


def _page(
    request: Request,
    nishan: Any,
    next_path: str,
    status: int = 200,
    asked: dict | None = None,
    wrong: dict | None = None,
) -> HTMLResponse:
    form_token = request.cookies.get(FORM_COOKIE) or secrets.token_urlsafe(24)
    signed_in = session_csrf = None
    if (secret := session_secret(request.headers)) is not None:
        try:
            account, _ = nishan.accounts.session_account(secret)
            signed_in, session_csrf = account.sign_in_name or account.name, csrf_token(secret)
        except SessionRefused:
            pass
    if (wrong or {}).get("field") == "sign_out" and signed_in is None:
        wrong = {**(wrong or {}), "field": "form"}  # no sign-out button to say it beside
    context = {
        # The language links keep where to go after, whatever address answered the page.
        "language_path": "/sign-in",
        "language_query": {"next": next_path} if next_path != "/" else {},
        "next": next_path,
        "form_csrf": form_token,
        "asked": asked or {},
        "wrong": wrong or {},
        "signed_in": signed_in,
        "session_csrf": session_csrf,
    }
    response = render(request, "sign_in.html", context, status_code=status, headers=NO_STORE)
    response.set_cookie(
        FORM_COOKIE,
        form_token,
        path="/sign-in",
        httponly=True,
        samesite="strict",
        secure=_secure(nishan),
    )
    return response


@router.get("/sign-in", response_class=HTMLResponse, dependencies=[OpenToAll])
def sign_in_page(
    request: Request,
    nishan: NishanDep,
    next: Annotated[
        str | None,
        Query(
            description="Where to go after: a path of Nishan's, of at most 500 characters; "
            "anything else is ignored (the home page)."
        ),
    ] = None,
) -> Response:
    """The sign-in page (HTML, in the reader's language; ?lang= chooses)."""
    return _page(request, nishan, _safe_next(next))


@router.post(
    "/sign-in",
    dependencies=[Depends(SIGNING_IN)],
    response_model=SignedIn,
    responses=_ANSWERS,
    # Read by hand (the one body of two types): the document describes both.
    openapi_extra={"requestBody": _BODY},
)
async def sign_in(request: Request, nishan: NishanDep) -> Response:
    """Sign in with the sign-in name and passphrase, or, the first time, with the one-time code
    and a new passphrase. JSON (sent as application/json, nothing else) answers the session's
    CSRF token; the page's form goes on (303) to the page asked for, in its language. Either
    way the `nishan_session` cookie is set. Five failures in a row slow the answers down, then
    lock the account for 15 minutes (Retry-After says how long); a code an officer issues
    during the lock works at once."""
    kind = media_type(request.headers)
    if kind not in (JSON, FORM):
        return error_response(415, "unsupported_media_type", NOT_JSON)
    body = await request.body()
    if kind == FORM:
        return await _sign_in_by_form(request, nishan, body)
    try:
        asked = SignInRequest.model_validate_json(body or b"null")
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in error.errors(include_url=False)]
        ) from None
    try:
        started = await _started(
            nishan, asked.sign_in_name, asked.passphrase, asked.code, asked.new_passphrase
        )
    except SignInRefused as refused:
        return _refusal(refused)
    answer = SignedIn(
        account_id=str(started.account_id),
        csrf_token=started.csrf_token,
        expires_at=started.expires_at,
    )
    response = JSONResponse(answer.model_dump(mode="json"), headers=NO_STORE)
    _set_cookie(response, nishan, started)
    return response


def _refusal(refused: SignInRefused) -> JSONResponse:
    """A refusal in the body every error has: its code, its sentence, and the field it is
    about in `fields`, as invalid input names its fields (api/errors.py)."""
    at_fault = {"field": refused.field, "message": refused.message, "type": refused.code}
    response = error_response(
        STATUS.get(refused.code, 422), refused.code, refused.message, fields=[at_fault]
    )
    response.headers.update(_retry_after(refused))
    return response


def _retry_after(refused: SignInRefused) -> dict[str, str]:
    return {"Retry-After": str(refused.retry_after)} if refused.retry_after else {}


async def _started(
    nishan: Any, name: str, passphrase: str | None, code: str | None, new_passphrase: str | None
) -> StartedSession:
    """The domain's sign-in, off the event loop (the hash costs a few tens of ms); a refusal
    is answered only after its delay, slept, not spun."""
    try:
        return await asyncio.to_thread(
            nishan.accounts.sign_in,
            name,
            passphrase=passphrase,
            code=code,
            new_passphrase=new_passphrase,
        )
    except SignInRefused as refused:
        await asyncio.sleep(refused.delay)
        raise


def _set_cookie(response: Response, nishan: Any, started: StartedSession) -> None:
    set_session_cookie(
        response, started.secret, started.expires_at, datetime.now(UTC), _secure(nishan)
    )


async def _sign_in_by_form(request: Request, nishan: Any, body: bytes) -> Response:
    try:
        fields = form_fields(body, MOST_FORM_FIELDS)
    except ApiError as unread:  # not the page's form: the page again, to send from
        wrong = {"code": unread.code, "field": "form"}
        return await asyncio.to_thread(_page, request, nishan, "/", 422, None, wrong)
    next_path = _safe_next(fields.get("next"))
    mode = "code" if "code" in fields else "passphrase"
    asked = {"sign_in_name": fields.get("sign_in_name", "")[:100], "mode": mode}

    async def again(code: str, field: str, headers: dict | None = None) -> HTMLResponse:
        wrong = {"code": code, "field": field}
        status = STATUS.get(code, 422)  # the page reads the session, off the event loop
        page = await asyncio.to_thread(_page, request, nishan, next_path, status, asked, wrong)
        page.headers.update(headers or {})
        return page

    expected = request.cookies.get(FORM_COOKIE)
    sent = fields.get(CSRF_FIELD)
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        return await again("form_expired", "form")
    if mode == "code" and fields.get("new_passphrase") != fields.get("new_passphrase_again"):
        return await again("passphrases_differ", "new_passphrase_again")
    # A field left empty is one not filled in (the domain says which); a new passphrase is
    # passed whole, as typed: the domain refuses one too long, never cuts it short.
    try:
        if mode == "code":
            started = await _started(
                nishan,
                asked["sign_in_name"],
                None,
                fields["code"][:40],
                fields.get("new_passphrase") or None,
            )
        else:
            passphrase = fields.get("passphrase", "")[:200] or None
            started = await _started(nishan, asked["sign_in_name"], passphrase, None, None)
    except SignInRefused as refused:
        return await again(refused.code, refused.field, _retry_after(refused))
    response = RedirectResponse(_onward(next_path, request), status_code=303, headers=NO_STORE)
    _set_cookie(response, nishan, started)
    response.delete_cookie(FORM_COOKIE, path="/sign-in")
    return response


class SignOutForm(BaseModel):
    """What the page's sign-out form posts; a script sends X-CSRF-Token and no body."""

    model_config = ConfigDict(json_schema_extra={"maxProperties": MOST_FORM_FIELDS})

    csrf_token: str = Field(description="The session's CSRF token.")


_SIGN_OUT_BODY: dict[str, Any] = {
    "required": False,
    "content": {FORM: {"schema": SignOutForm.model_json_schema()}},
}


def _live(nishan: Any, secret: str) -> bool:
    try:
        nishan.accounts.session_account(secret)
    except SessionRefused:
        return False
    return True


@router.post(
    "/sign-out",
    status_code=204,
    dependencies=[Depends(SIGNING_IN)],
    responses={
        303: {"description": "From the page's form: back to the sign-in page."},
        403: {
            "description": "With the session cookie but not its CSRF token: csrf_failed, or, "
            "from the page's form, the page again with a sentence (form_expired)"
        },
    },
    openapi_extra={"requestBody": _SIGN_OUT_BODY},
)
async def sign_out(request: Request, nishan: NishanDep) -> Response:
    """End the session of the `nishan_session` cookie (send its X-CSRF-Token, or the form's
    csrf_token field) and clear the cookie. With no session cookie there is nothing to end."""
    is_form = is_a_form(request.headers)
    secret = session_secret(request.headers)
    if secret is not None and not await asyncio.to_thread(_live, nishan, secret):
        secret = None  # over already (or unknown): nothing to end, its cookie cleared below
    if secret is not None:
        sent = request.headers.get(CSRF_HEADER)
        if sent is None and is_form:
            sent = form_fields(await request.body(), MOST_FORM_FIELDS).get(CSRF_FIELD)
        if not csrf_matches(secret, sent):
            if not is_form:
                raise csrf_failed()
            # A page's form with a stale token (the session changed in another tab, or the
            # page was kept): the page again, with a sentence and a fresh form; nothing ended.
            wrong = {"code": "form_expired", "field": "sign_out"}
            return await asyncio.to_thread(_page, request, nishan, "/", 403, None, wrong)
        await asyncio.to_thread(nishan.accounts.sign_out, secret)
    if is_form:
        lang = request.query_params.get("lang")
        response: Response = RedirectResponse(
            "/sign-in" + (f"?lang={lang}" if lang in LOCALE_OF else ""), 303
        )
    else:
        response = Response(status_code=204)
    clear_session_cookie(response, _secure(nishan))
    return response

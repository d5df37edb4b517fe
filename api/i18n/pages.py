"""A page in the reader's language."""

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from api.i18n.choice import choose_language
from api.i18n.templates import templates_in
from api.negotiation import NEGOTIATED


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    code = choose_language(request.query_params.get("lang"), request.headers.get("accept-language"))
    return templates_in(code).TemplateResponse(
        request,
        template,
        context,
        status_code=status_code,
        headers={**NEGOTIATED, "Content-Language": code, **(headers or {})},
    )

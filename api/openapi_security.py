"""Who must authenticate, said in the OpenAPI document from each route's own access rule
(api/access.py): every Restricted route takes the bearer token or the session cookie. Declared
here rather than as FastAPI security dependencies, which would run on every request for the
document's sake alone."""

from typing import Any

from fastapi import FastAPI

from api.access import Restricted, api_routes, rules_of
from api.sessions import SESSION_COOKIE

SCHEMES: dict[str, dict[str, Any]] = {
    "HTTPBearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "The token shown once when the account was opened.",
    },
    "SessionCookie": {
        "type": "apiKey",
        "in": "cookie",
        "name": SESSION_COOKIE,
        "description": "The session cookie POST /sign-in sets (HttpOnly). Every command sent "
        "with it must carry the session's CSRF token in the X-CSRF-Token header, else 403 "
        "csrf_failed.",
    },
}
# Either one authenticates a request: alternatives, in OpenAPI's terms.
EITHER = [{"HTTPBearer": []}, {"SessionCookie": []}]


def declare_security(schema: dict[str, Any], app: FastAPI) -> None:
    schema.setdefault("components", {}).setdefault("securitySchemes", {}).update(SCHEMES)
    paths = schema.get("paths", {})
    for route in api_routes(app):
        if not any(isinstance(rule, Restricted) for rule in rules_of(route)):
            continue
        for method in route.methods:
            operation = paths.get(route.path_format, {}).get(method.lower())
            if operation is not None:
                operation["security"] = list(EITHER)

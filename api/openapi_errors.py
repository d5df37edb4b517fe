"""The refusals each operation can answer with, written into the OpenAPI document.

FastAPI documents only what a route declares; Nishan's refusals come from dependencies,
exception handlers and middleware (api/errors.py, api/dependencies.py, api/read_your_writes.py,
api/body_limit.py). This adds them to every operation, each with the one body every error has
(the `Error` component), so that clients, and the schema-based fuzzing in
tests/api/test_fuzzing.py, know every answer they may get.
"""

from typing import Any

from fastapi import FastAPI

from api.access import Restricted, api_routes, rules_of
from api.openapi_security import declare_security

ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "description": "Every refusal: a stable code, and a sentence a person understands.",
    "required": ["code", "message"],
    "properties": {
        "code": {"type": "string", "examples": ["invalid_input"]},
        "message": {"type": "string"},
        "fields": {
            "type": "array",
            "description": "For invalid input: each field refused, and why.",
            "items": {
                "type": "object",
                "required": ["field", "message", "type"],
                "properties": {
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                    "type": {"type": "string"},
                },
            },
        },
        "existing_id": {
            "type": "string",
            "description": "For a record registered already: the one that exists.",
        },
    },
}
ERROR_REF = {"$ref": "#/components/schemas/Error"}

DESCRIPTIONS = {
    400: "The request body could not be read as text",
    401: "No bearer token or session cookie, or one Nishan does not know, has revoked or has "
    "let expire",
    403: "The account's role may not do this (forbidden_role, no_role), or a command sent with "
    "the session cookie lacks its X-CSRF-Token (csrf_failed)",
    404: "No such record, or none that this account may act on",
    409: "Registered already (the body names the existing_id), or changed by someone else "
    "at the same moment",
    413: "The request body is larger than Nishan accepts",
    422: "Invalid input, or a business rule refused it",
    503: "Busy saving others' changes (a command), or the views have not caught up with the "
    "Nishan-Read-After sent (a query); Retry-After says when to ask again. Also "
    "record_damaged: a record in the store could not be read, and nothing was changed",
}
# The refusals that `api.routers.public.unresolved` answers with a page for a person.
_PAGE_STATUSES = ("400", "404")
FORM = "application/x-www-form-urlencoded"


def install_error_responses(app: FastAPI) -> None:
    """Make `app.openapi()` document Nishan's refusals on every operation."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:  # built once: FastAPI keeps it, and this edits it
            schema = build()
            declare_security(schema, app)  # first: the refusals follow from it
            document_errors(schema, _role_checked(app))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def document_errors(schema: dict[str, Any], role_checked: set[tuple[str, str]]) -> None:
    """`role_checked`: the (method, path) of the operations only some roles may call."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            refusals = statuses(operation, method, (method.upper(), path) in role_checked)
            _document(operation, refusals)


def statuses(operation: dict[str, Any], method: str, role_checked: bool) -> list[int]:
    """The refusals an operation can answer with."""
    answered = [422]  # invalid input, a rule refused, or an unreadable Nishan-Read-After
    if operation.get("security"):
        answered.append(401)
    # A command sent with the session cookie and not its CSRF token (api/sessions.py).
    command_with_session = operation.get("security") and method.lower() not in ("get", "head")
    if role_checked or command_with_session:
        answered.append(403)
    in_path = any(p.get("in") == "path" for p in operation.get("parameters", []))
    if in_path or "requestBody" in operation:
        answered.append(404)  # the record named, or one the body names
    if "requestBody" in operation:
        answered += [400, 413]  # not text at all; too large (api/body_limit.py)
    # A write may find the record there already or changed at the same moment, or the
    # database busy with others' writes; a read may be asked to wait for views too far behind.
    if method.lower() not in ("get", "head"):
        answered.append(409)
    answered.append(503)
    return sorted(answered)


def _document(operation: dict[str, Any], refusals: list[int]) -> None:
    responses = operation.setdefault("responses", {})
    for status in refusals:
        responses.setdefault(str(status), {"description": DESCRIPTIONS[status]})
    # The public routers answer a person's browser with a page, a refusal included; a form
    # (the sign-in page's) is answered with its page again.
    pages = "public" in operation.get("tags", [])
    form = FORM in operation.get("requestBody", {}).get("content", {})
    for status, answer in responses.items():
        if not status.startswith(("4", "5")):
            continue
        # FastAPI's own HTTPValidationError is not what Nishan answers with: Error is.
        answer["content"] = {"application/json": {"schema": ERROR_REF}}
        if form or (pages and status in _PAGE_STATUSES):
            answer["content"]["text/html"] = {"schema": {"type": "string"}}
    operation["responses"] = dict(sorted(responses.items()))


def _role_checked(app: FastAPI) -> set[tuple[str, str]]:
    return {
        (method, route.path_format)
        for route in api_routes(app)
        if any(isinstance(rule, Restricted) and rule.roles for rule in rules_of(route))
        for method in route.methods
    }

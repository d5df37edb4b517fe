"""Who may call each route, declared on the route itself as one dependency.

Every route names exactly one rule: `PUBLIC` (anyone, read-only), or a `Restricted` set of roles
with the objects they may act on (`scope`). The rule is enforced where it is declared (401 with
no valid token, 403 for a role that may not), and whose objects are whose is enforced by the
domain (another's object answers 404). tests/api/test_access_matrix.py reads these rules from the
application's route table, and fails for a route that declares none.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, FastAPI
from fastapi.routing import APIRoute

from api.dependencies import current_account
from api.errors import ApiError
from domain.accounts.account import Account
from domain.actor import Actor, Role


class Scope:
    """Whose objects a role may act on, beyond its role."""

    ANY = "any"  # every object of its kind
    JURISDICTION = "jurisdiction"  # inspectors: factories of their jurisdiction
    ASSIGNED = "assigned"  # inspectors: the visits assigned to them
    COMPANY = "company"  # exporter users: their exporter's lots and shipments
    SELF = "self"  # the account itself


@dataclass(frozen=True)
class Public:
    """Anyone, with no account: buyers scanning a carton. Public routes only read."""

    async def __call__(self) -> None:
        # async: FastAPI runs a plain def on the threadpool, a thread hop on every scan.
        return None


@dataclass(frozen=True)
class SigningIn:
    """Anyone, with an account or none, to sign in or out: the route itself checks what it is
    sent (a passphrase, a one-time code, the CSRF token). api/command_requests.py lets these
    commands through without authenticating them."""

    async def __call__(self) -> None:
        return None


@dataclass(frozen=True)
class Restricted:
    roles: tuple[Role, ...]  # empty: any account, whatever its role
    scope: str = Scope.ANY

    async def __call__(self, account: Annotated[Account, Depends(current_account)]) -> Actor:
        # async: it only compares (its account was read by current_account, on the threadpool);
        # a plain def would cost every request another thread hop.
        if not self.roles:
            return account.actor
        if account.role is None:
            raise ApiError(403, "no_role", "This account holds no role now; ask an administrator.")
        if account.role not in self.roles:
            names = " or ".join(r.value for r in self.roles)
            raise ApiError(403, "forbidden_role", f"Only an {names} account may do this.")
        return account.actor


PUBLIC = Public()
SIGNING_IN = SigningIn()
ADMIN = Restricted((Role.ADMIN,))
INSPECTOR_OR_ADMIN = Restricted((Role.INSPECTOR, Role.ADMIN), Scope.JURISDICTION)
ASSIGNED_INSPECTOR_OR_ADMIN = Restricted((Role.INSPECTOR, Role.ADMIN), Scope.ASSIGNED)
EXPORTER = Restricted((Role.EXPORTER,), Scope.COMPANY)
# Reads: an exporter's user their company's records, an officer everyone's.
EXPORTER_OR_ADMIN = Restricted((Role.EXPORTER, Role.ADMIN), Scope.COMPANY)
ANY_ACCOUNT = Restricted((), Scope.SELF)
# Any account that holds a role now (not one whose role was revoked): the factory registry.
ANY_ROLE = Restricted((Role.ADMIN, Role.INSPECTOR, Role.EXPORTER))

Admin = Annotated[Actor, Depends(ADMIN)]
InspectorOrAdmin = Annotated[Actor, Depends(INSPECTOR_OR_ADMIN)]
AssignedInspectorOrAdmin = Annotated[Actor, Depends(ASSIGNED_INSPECTOR_OR_ADMIN)]
Exporter = Annotated[Actor, Depends(EXPORTER)]
ExporterOrAdmin = Annotated[Actor, Depends(EXPORTER_OR_ADMIN)]
AnyAccount = Annotated[Actor, Depends(ANY_ACCOUNT)]
AnyRole = Annotated[Actor, Depends(ANY_ROLE)]
OpenToAll = Depends(PUBLIC)  # for a route's or router's `dependencies=[...]`


def api_routes(app: FastAPI) -> Iterator[APIRoute]:
    """Every API route of the app, through the routers it includes."""

    def walk(routes: list) -> Iterator[APIRoute]:
        for route in routes:
            if isinstance(route, APIRoute):
                yield route
            elif hasattr(route, "original_router"):
                yield from walk(route.original_router.routes)

    yield from walk(app.router.routes)


def rules_of(route: APIRoute) -> list[Public | SigningIn | Restricted]:
    """The access rules a route declares; exactly one is right."""
    found: list[Public | SigningIn | Restricted] = []
    pending = list(route.dependant.dependencies)
    while pending:
        dependency = pending.pop()
        if isinstance(dependency.call, Public | SigningIn | Restricted):
            found.append(dependency.call)
        pending.extend(dependency.dependencies)
    return found

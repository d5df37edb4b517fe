"""`nishan accounts`: the accounts at the server's console, acted on as its operator (CONSOLE):
list them, open one (its sign-in code and token printed once), revoke an account's tokens,
deactivate it. An account is named by its id or its sign-in name, as `list` shows both.

Each command reads the accounts view or calls the Accounts application, as the API does, and
the domain checks what it is given as it checks the API's; a broken rule, an unknown account or
bad input stops it with exit status 2 and a sentence. Other `accounts` commands (create-admin,
code) live in their own modules, on this group."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from typing import Annotated, NoReturn
from uuid import UUID

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bootstrap import Nishan
from cli.opening import console, errors, open_nishan
from cli.shown import moment, show_sign_in_code, show_token
from domain.accounts.account import CONSOLE
from domain.accounts.jurisdiction import Jurisdiction
from domain.accounts.sign_in import sign_in_name
from domain.actor import Role
from domain.errors import DomainError, NotFound
from projections.account_search import NO_ROLE, AccountSearch, accounts_query
from projections.accounts import Accounts
from projections.view_store import ViewNotMade, ViewOutdated, views_not_made

BAD_INPUT = 2
VIEWS_BEHIND = 1  # nothing wrong with what was asked: ask again later
PAGE = 200

accounts_app = typer.Typer(help="Accounts and their tokens.", no_args_is_help=True)


class ListedRole(Enum):
    ADMIN = "admin"
    INSPECTOR = "inspector"
    EXPORTER = "exporter"
    NONE = NO_ROLE  # the accounts whose role was revoked


class OpenedRole(Enum):
    ADMIN = "admin"
    INSPECTOR = "inspector"
    EXPORTER = "exporter"


AccountNamed = Annotated[
    str,
    typer.Argument(
        help="The account's id or its sign-in name, as `list` shows them.", show_default=False
    ),
]
Reason = Annotated[str, typer.Option(help="Why, as the record will say.", show_default=False)]


@contextmanager
def console_session() -> Iterator[Nishan]:
    """The system, closed afterwards; a refusal of the domain is a sentence and exit status 2."""
    nishan = open_nishan()
    try:
        yield nishan
    except DomainError as refused:
        errors.print(f"[red]{escape(refused.message)}[/red]")
        raise typer.Exit(BAD_INPUT) from None
    except (ViewOutdated, ViewNotMade) as behind:  # a release before its worker made its views
        errors.print(f"[yellow]{escape(str(behind))}[/yellow]")
        raise typer.Exit(VIEWS_BEHIND) from None
    finally:
        nishan.close()


def refuse(sentence: str) -> NoReturn:
    """Bad input, said before anything is opened: a sentence and exit status 2."""
    errors.print(f"[red]{escape(sentence)}[/red]")
    raise typer.Exit(BAD_INPUT)


def account_named(nishan: Nishan, named: str) -> UUID:
    """The id of the account named by its sign-in name (in any case) or by its id.

    A sign-in name is looked for first: 32 hexadecimal digits could be either, and `list`
    shows ids with their hyphens, which no sign-in name has."""
    try:
        holder = nishan.accounts.holder_of_sign_in_name(sign_in_name(named))
    except DomainError:  # not the form of a sign-in name
        holder = None
    if holder is not None:
        return holder
    try:
        return UUID(named)
    except ValueError:
        raise NotFound(
            f"No account has the id or sign-in name {named!r}; `nishan accounts list` shows both.",
            code="account_not_found",
        ) from None


def _id_of(value: str, what: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise DomainError(
            f"'{value}' is not the id of {what}: an id is a UUID, such as "
            "3f2b9c1e-8d4a-4e6b-9f00-2c5d7a1b8e90, as `nishan accounts list` shows them."
        ) from None


@accounts_app.command("list")
def list_accounts(
    role: Annotated[
        list[ListedRole] | None,
        typer.Option(help="Only accounts of this role (again for more); none: revoked."),
    ] = None,
    # Two flags, not --active/--inactive, which would quietly take the last of both.
    active: Annotated[bool, typer.Option("--active", help="Only active accounts.")] = False,
    inactive: Annotated[
        bool, typer.Option("--inactive", help="Only deactivated accounts.")
    ] = False,
) -> None:
    """Show the accounts, the latest opened first, from the accounts view."""
    if active and inactive:
        refuse("Choose --active or --inactive, not both: without either, every account is listed.")
    search = AccountSearch(
        tuple(r.value for r in role or ()), active if active or inactive else None
    )
    with console_session() as nishan:
        if not nishan.updates_views_inline:  # read the view once it holds every account so far
            nishan.updater.catch_up([Accounts.name])
        rows = list(_every_account(nishan, search))
    table = Table("name", "sign-in name", "role", "organisation", "where", "active", "opened")
    table.add_column("account", no_wrap=True, min_width=36)  # whole, to copy into a command
    for row in rows:
        table.add_row(
            escape(row["name"]),
            row["sign_in_name"] or "[dim]none[/dim]",
            row["role"] or "[dim]none[/dim]",
            escape(row["organisation"]),
            escape(_where(row)),
            "yes" if row["active"] else "[red]no[/red]",
            moment(row["opened_at"]),
            row["account_id"],
        )
    # Into a file or a pipe, rich would fit the table to 80 columns: wide enough for every row.
    (console if console.is_terminal else Console(soft_wrap=True, width=220)).print(table)
    console.print(f"{len(rows)} account{'' if len(rows) == 1 else 's'}.")


def _every_account(nishan: Nishan, search: AccountSearch) -> Iterator[dict]:
    after = None
    while True:
        statement, params = accounts_query(search, oldest_first=False, after=after, limit=PAGE)
        with views_not_made("The accounts view"), nishan.views.reading() as cursor:
            rows = [dict(row) for row in cursor.execute(statement, params).fetchall()]
        yield from rows
        if len(rows) < PAGE:
            return
        after = (rows[-1]["opened_at"], rows[-1]["account_id"])


def _where(row: dict) -> str:
    """An inspector's jurisdiction, an exporter user's exporter; nothing for an officer."""
    if row["province"]:
        districts = json.loads(row["districts"])
        return f"{', '.join(districts)} ({row['province']})" if districts else row["province"]
    return f"exporter {row['exporter_id']}" if row["exporter_id"] else ""


@accounts_app.command("open")
def open_account(
    name: Annotated[str, typer.Option(help="The person's name.", show_default=False)],
    role: Annotated[OpenedRole, typer.Option(help="What they do.", show_default=False)],
    organisation: Annotated[str, typer.Option(help="Their department or company.")] = "",
    province: Annotated[
        str | None, typer.Option(help="An inspector's province.", show_default=False)
    ] = None,
    district: Annotated[
        list[str] | None,
        typer.Option(help="A district of it (again for more); none: the whole province."),
    ] = None,
    exporter: Annotated[
        str | None, typer.Option(help="An exporter user's exporter (its id).", show_default=False)
    ] = None,
) -> None:
    """Open an account and print its sign-in name, its one-time sign-in code and its token,
    this once."""
    # Which options go together; what each holds is the domain's to check, as for the API.
    if district and province is None:
        refuse("--district needs --province: the province the districts are in.")
    if role is OpenedRole.INSPECTOR and province is None:
        refuse(
            "An inspector needs --province, and --district for each district if they do not "
            "cover the whole province."
        )
    if role is OpenedRole.EXPORTER and exporter is None:
        refuse("An exporter's user needs --exporter: the id of their exporter.")
    if (role is OpenedRole.INSPECTOR) != (province is not None):
        refuse("Only inspectors have a jurisdiction (--province, --district).")
    if (role is OpenedRole.EXPORTER) != (exporter is not None):
        refuse("Only an exporter's user acts for an exporter (--exporter).")
    jurisdiction = Jurisdiction(province, tuple(district or ())) if province else None
    with console_session() as nishan:
        if exporter is not None:
            exporter_id = _id_of(exporter, "an exporter")
            issued = nishan.traceability.open_exporter_user(exporter_id, name, by=CONSOLE)
        else:
            issued = nishan.accounts.open_account(
                name, Role(role.value), organisation, by=CONSOLE, jurisdiction=jurisdiction
            )
    console.print(f"Account {issued.account_id} opened ({role.value}).", highlight=False)
    show_sign_in_code(issued.sign_in_name, issued.sign_in_code, issued.code_expires_at)
    show_token(issued.token, issued.expires_at)


@accounts_app.command("revoke")
def revoke_tokens(account: AccountNamed, reason: Reason) -> None:
    """Revoke every token the account holds (a lost phone, a leaked token), and every session
    it signed in with."""
    with console_session() as nishan:
        account_id = account_named(nishan, account)
        nishan.accounts.revoke_all_tokens(account_id, reason, by=CONSOLE)
    console.print(f"Every token of account {account_id} is revoked.", highlight=False)


@accounts_app.command("deactivate")
def deactivate(account: AccountNamed, reason: Reason) -> None:
    """Deactivate the account: its tokens stop working; its past events keep naming it."""
    with console_session() as nishan:
        account_id = account_named(nishan, account)
        nishan.accounts.deactivate_account(account_id, reason, by=CONSOLE)
    console.print(f"Account {account_id} is deactivated.", highlight=False)

"""`nishan accounts code <account>`: a new one-time sign-in code for a person, printed once.

For the console's operator, who acts as the first administrator (CONSOLE): a person who has
lost their passphrase, or an account opened before sign-in names, gets a code to sign in with
at /sign-in, where they choose a new passphrase. The account is named by its id or by its
sign-in name.
"""

from typing import Annotated
from uuid import UUID

import typer

from bootstrap import Nishan
from cli.accounts import BAD_INPUT, accounts_app
from cli.opening import console, errors, open_nishan
from domain.accounts.account import CONSOLE
from domain.accounts.application import IssuedCode
from domain.errors import DomainError


def issue_sign_in_code(nishan: Nishan, account: str, sign_in_name: str | None) -> IssuedCode:
    """The code for the account named by its id or its sign-in name."""
    try:
        account_id = UUID(account)
    except ValueError:
        holder = nishan.accounts.holder_of_sign_in_name(account.strip().lower())
        if holder is None:
            raise DomainError(
                f"No account has the id or sign-in name {account!r}.", code="account_not_found"
            ) from None
        account_id = holder
    return nishan.accounts.issue_sign_in_code(account_id, by=CONSOLE, sign_in_name=sign_in_name)


@accounts_app.command("code")
def issue_sign_in_code_command(
    account: Annotated[str, typer.Argument(help="The account's id, or its sign-in name.")],
    sign_in_name: Annotated[
        str | None,
        typer.Option(help="For an account opened before sign-in names: the name to give it."),
    ] = None,
) -> None:
    """Issue a new one-time sign-in code (in place of any earlier one) and print it once."""
    nishan = open_nishan()
    try:
        issued = issue_sign_in_code(nishan, account, sign_in_name)
    except DomainError as error:
        errors.print(f"[red]{error.message}[/red]", highlight=False)
        raise typer.Exit(BAD_INPUT) from None
    finally:
        nishan.close()
    console.print(
        f"Sign-in code for {issued.sign_in_name}, shown this once (Nishan keeps only a hash of "
        f"it); it works once, until {issued.expires_at:%Y-%m-%d %H:%M} UTC, at /sign-in:",
        highlight=False,
    )
    print(f"sign-in code  {issued.sign_in_name}  {issued.code}")

"""`nishan accounts code <account>`: a new one-time sign-in code for a person, printed once.

For the console's operator, who acts as the first administrator (CONSOLE): a person who has
lost their passphrase, or an account opened before sign-in names, gets a code to sign in with
at /sign-in, where they choose a new passphrase. The account is named by its id or by its
sign-in name, as every `accounts` command names it (cli/accounts.py, account_named).
"""

from typing import Annotated

import typer

from bootstrap import Nishan
from cli.accounts import AccountNamed, account_named, accounts_app, console_session
from cli.shown import show_sign_in_code
from domain.accounts.account import CONSOLE
from domain.accounts.application import IssuedCode


def issue_sign_in_code(nishan: Nishan, account: str, sign_in_name: str | None) -> IssuedCode:
    """The code for the account named by its id or its sign-in name."""
    return nishan.accounts.issue_sign_in_code(
        account_named(nishan, account), by=CONSOLE, sign_in_name=sign_in_name
    )


@accounts_app.command("code")
def issue_sign_in_code_command(
    account: AccountNamed,
    sign_in_name: Annotated[
        str | None,
        typer.Option(help="For an account opened before sign-in names: the name to give it."),
    ] = None,
) -> None:
    """Issue a new one-time sign-in code (in place of any earlier one) and print it once."""
    with console_session() as nishan:
        issued = issue_sign_in_code(nishan, account, sign_in_name)
    show_sign_in_code(issued.sign_in_name, issued.code, issued.expires_at)

"""How the console shows times (one form, in UTC, whichever form a view or an event kept) and
the secrets it shows once, a token or a sign-in code, each on a line of its own to copy."""

from datetime import UTC, datetime

from cli.opening import console
from domain.accounts.sign_in import CODE_VALID

CODE_HOURS = int(CODE_VALID.total_seconds() // 3600)


def moment(when: datetime | str) -> str:
    """`2026-12-03 09:12 UTC`, from a time or a view's ISO 8601 text (`Z` or `+00:00`)."""
    if isinstance(when, str):
        when = datetime.fromisoformat(when)
    return f"{when.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def code_line(sign_in_name: str, code: str) -> str:
    """`sign-in code  <name>  <code>`: one line a code, as scripts read them."""
    return f"sign-in code  {sign_in_name}  {code}"


def show_sign_in_code(sign_in_name: str, code: str, expires_at: datetime) -> None:
    """The line `sign-in code  <name>  <code>` that create-admin, open and code print alike."""
    console.print(
        f"Its one-time sign-in code, shown this once (Nishan keeps only a hash of it), works "
        f"once, for {CODE_HOURS} hours (until {moment(expires_at)}), at /sign-in, where the "
        "person chooses a passphrase:",
        highlight=False,
    )
    print(code_line(sign_in_name, code))


def show_token(token: str, expires_at: datetime | None) -> None:
    until = f"works until {moment(expires_at)}" if expires_at else "works until revoked"
    console.print(
        f"Its token, shown this once (Nishan keeps only a hash of it), {until}:", highlight=False
    )
    print(token)

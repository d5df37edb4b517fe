"""The rules of signing in: sign-in names, one-time sign-in codes, passphrases, and how failed
attempts slow down and then lock an account.

A person signs in with a short unique sign-in name (`inspector_punjab`) and a passphrase they
chose at their first sign-in, with a one-time code an officer gave them.
"""

import re
import secrets
import unicodedata
from datetime import timedelta

from domain.errors import DomainError

SIGN_IN_NAME = re.compile(r"[a-z][a-z0-9_]{2,31}")
NAME_RULE = (
    "A sign-in name has 3 to 32 characters: small Latin letters, digits and _, starting with "
    "a letter (for example inspector_punjab)."
)

# No 0/O, 1/I/L: a code is read aloud over the phone and typed from a slip of paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # 31^12, about 2^59: far beyond guessing in five tries
CODE_VALID = timedelta(hours=72)

PASSPHRASE_MIN = 10
PASSPHRASE_MAX = 200  # longer is no safer, and each is hashed at a cost

FAILURES_BEFORE_LOCK = 5
LOCKED_FOR = timedelta(minutes=15)
SLOWDOWN_SECONDS = 0.25  # after the 2nd failure in a row, doubling each time: 0.25, 0.5, 1 s


class SignInRefused(DomainError):
    """A sign-in that opens nothing; `field` names the form's field the sentence is about, and
    `delay` how long to wait before answering (slower after each failure in a row)."""

    def __init__(self, message: str, *, code: str, field: str, delay: float = 0.0) -> None:
        super().__init__(message, code=code)
        self.field = field
        self.delay = delay


WRONG = (
    "The sign-in name or passphrase is not right. At your first sign-in, use the sign-in code "
    "an officer gave you."
)
WRONG_CODE = (
    "The sign-in name or sign-in code is not right, or the code was used or has expired "
    "(a code works once, for 72 hours): ask an officer for a new one."
)


def sign_in_name(typed: str) -> str:
    """A sign-in name as typed, checked: case and surrounding spaces do not matter."""
    name = typed.strip().lower()
    if not SIGN_IN_NAME.fullmatch(name):
        raise DomainError(NAME_RULE, code="invalid_sign_in_name")
    return name


def sign_in_name_from(person: str) -> str:
    """A sign-in name made from a person's name: `Bilal Ahmed` → `bilal_ahmed`; a name in
    another script gives `user` (the officer can choose one instead)."""
    latin = unicodedata.normalize("NFKD", person).encode("ascii", "ignore").decode().lower()
    name = re.sub(r"[^a-z0-9]+", "_", latin).strip("_")
    name = re.sub(r"^[^a-z]+", "", name)[:28].strip("_")
    return name if len(name) >= 3 else "user"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def typed_code(typed: str) -> str:
    """A code as typed: spaces and dashes (as it is printed in groups) and case do not matter."""
    return re.sub(r"[\s-]", "", typed).upper()


def check_passphrase(passphrase: str, field: str = "new_passphrase") -> str:
    if len(passphrase) < PASSPHRASE_MIN:
        raise SignInRefused(
            f"A passphrase has at least {PASSPHRASE_MIN} characters: a few words are easier "
            "to remember than a short password.",
            code="passphrase_too_short",
            field=field,
        )
    if len(passphrase) > PASSPHRASE_MAX:
        raise SignInRefused(
            f"A passphrase has at most {PASSPHRASE_MAX} characters.",
            code="passphrase_too_long",
            field=field,
        )
    return passphrase


def delay_after(failures_in_a_row: int) -> float:
    """How long the answer to the n-th failure in a row waits: nothing for the first."""
    if failures_in_a_row < 2:
        return 0.0
    return SLOWDOWN_SECONDS * 2 ** (failures_in_a_row - 2)

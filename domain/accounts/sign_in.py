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
    """A sign-in that opens nothing; `field` names the form's field the sentence is about,
    `delay` how long to wait before answering (slower after each failure in a row), and, for a
    locked account, `retry_after` the seconds until the lock ends."""

    def __init__(
        self,
        message: str,
        *,
        code: str,
        field: str,
        delay: float = 0.0,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(message, code=code)
        self.field = field
        self.delay = delay
        self.retry_after = retry_after


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


def check_asked(
    typed_name: str, passphrase: str | None, code: str | None, new_passphrase: str | None
) -> None:
    """What a sign-in must hold before anything is looked up: the name, and the passphrase or,
    at a first sign-in, the code and the new passphrase. Missing parts are malformed input,
    refused at no cost and never counted as a failure."""
    if not typed_name.strip():
        raise _missing("Type your sign-in name.", "sign_in_name_required", "sign_in_name")
    if code is None and new_passphrase is not None:
        raise _missing(
            "A new passphrase is chosen with the sign-in code an officer gave you: send the "
            "code too.",
            "code_required",
            "code",
        )
    if code is None and not passphrase:
        raise _missing(
            "Type your passphrase; at your first sign-in, the sign-in code an officer gave you "
            "and a new passphrase.",
            "passphrase_required",
            "passphrase",
        )
    if code is not None and passphrase is not None:
        raise _missing(
            "Send the passphrase, or at a first sign-in the sign-in code and a new passphrase: "
            "not both.",
            "passphrase_or_code",
            "code",
        )
    if code is not None and not typed_code(code):
        raise _missing("Type the sign-in code an officer gave you.", "code_required", "code")
    if code is not None and new_passphrase is None:
        raise _missing(
            "A first sign-in with a code chooses your passphrase too: send a new passphrase "
            f"of at least {PASSPHRASE_MIN} characters.",
            "new_passphrase_required",
            "new_passphrase",
        )


def _missing(message: str, code: str, field: str) -> SignInRefused:
    return SignInRefused(message, code=code, field=field)


def check_passphrase(passphrase: str, field: str = "new_passphrase") -> str:
    """A new passphrase, as typed (never trimmed: what is typed is what is hashed), if it can be
    typed again: not blank, no control characters, 10 to 200 characters."""
    if passphrase and all(c.isspace() or unicodedata.category(c) == "Cf" for c in passphrase):
        # Spaces, tabs, no-break or zero-width spaces only: nothing a person would type again.
        raise SignInRefused(
            "A passphrase cannot be only spaces or other blank characters: choose a few words "
            "you will remember.",
            code="passphrase_blank",
            field=field,
        )
    if any(unicodedata.category(c) == "Cc" for c in passphrase):
        # NUL, tabs, line breaks, escape...: invisible, and typed differently on every device.
        raise SignInRefused(
            "A passphrase cannot hold tabs, line breaks or other control characters: use "
            "letters, digits, spaces and punctuation.",
            code="passphrase_control_characters",
            field=field,
        )
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

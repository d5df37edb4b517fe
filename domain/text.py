"""Free text a person types into a record (a name, an organisation, a reason): trimmed, free of
control characters, and no longer than the record keeps.

The API's request bodies refuse the same before a command is made (api/boundary.py takes its
control characters from here); the console has no schema, so these checks are its only ones."""

import re

from domain.errors import DomainError

# Tab, line feed and carriage return are text; the other C0 controls and DEL never are, and
# PostgreSQL cannot store NUL at all. A character class's body, for patterns.
CONTROL = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f"
CONTROL_CHARACTERS = re.compile(f"[{CONTROL}]")


def checked_text(value: str, what: str, longest: int, field: str) -> str:
    """The text trimmed, or a DomainError naming `what` (a sentence's subject, "A name")."""
    text = value.strip()
    if CONTROL_CHARACTERS.search(text):
        raise DomainError(
            f"{what} must not contain control characters.", code=f"{field}_control_characters"
        )
    if len(text) > longest:
        raise DomainError(
            f"{what} has at most {longest} characters; this one has {len(text)}.",
            code=f"{field}_too_long",
        )
    return text


REASON_LONGEST = 500  # why an account or a token was acted on, as the record says


def checked_reason(reason: str, asked: str) -> str:
    """A reason trimmed, or a DomainError: `asked` when there is none ("Say why ...")."""
    if not reason.strip():
        raise DomainError(asked, code="reason_required")
    return checked_text(reason, "A reason", REASON_LONGEST, "reason")

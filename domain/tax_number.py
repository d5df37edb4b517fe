"""Pakistan's National Tax Number (NTN): seven digits and a check digit, often with a dash."""

import re

from domain.errors import DomainError

NTN = re.compile(r"[0-9]{7}-?[0-9]")


def require_ntn(ntn: str) -> str:
    """The NTN trimmed, or a DomainError that shows how one is written."""
    ntn = ntn.strip()
    if not NTN.fullmatch(ntn):
        raise DomainError(
            f"'{ntn}' is not a National Tax Number: write 7 digits, a dash and a check digit, "
            "for example 1234567-8.",
            code="invalid_ntn",
        )
    return ntn


def ntn_digits(ntn: str) -> str:
    """The NTN however written (1234567-8 or 12345678), as its eight digits."""
    return re.sub(r"[^0-9]", "", ntn)

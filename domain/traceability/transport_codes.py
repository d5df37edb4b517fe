"""Codes on a consignment: UN/LOCODE for ports, ISO 6346 for containers."""

import re

UN_LOCODE = re.compile(r"[A-Z]{2}[A-Z2-9]{3}")
CONTAINER = re.compile(r"[A-Z]{3}[UJZ][0-9]{7}")
# ISO 6346 letter values: 10 upwards, skipping the multiples of 11.
_LETTER_VALUES = {}
_value = 10
for _letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
    if _value % 11 == 0:
        _value += 1
    _LETTER_VALUES[_letter] = _value
    _value += 1


def is_un_locode(code: str) -> bool:
    return bool(UN_LOCODE.fullmatch(code))


def container_check_digit(first_ten: str) -> int:
    total = sum(
        (_LETTER_VALUES[c] if c.isalpha() else int(c)) * 2**position
        for position, c in enumerate(first_ten)
    )
    return total % 11 % 10


def is_container_number(number: str) -> bool:
    """Owner code, category (U, J or Z), serial and the ISO 6346 check digit."""
    return bool(CONTAINER.fullmatch(number)) and container_check_digit(number[:10]) == int(
        number[10]
    )

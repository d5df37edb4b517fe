"""GS1 identifiers on export lots: the GTIN with its check digit, and the lot number (AI 10)."""

import re

GTIN_LENGTHS = (8, 12, 13, 14)
# AI 10 takes up to 20 characters of GS1's character set 82 (ISO/IEC 646 subset).
AI10 = re.compile(r"""[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}""")


def gtin_check_digit(body: str) -> int:
    """The mod-10 check digit for the digits before it: weights 3 and 1 from the right."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def is_valid_gtin(gtin: str) -> bool:
    return (
        gtin.isascii()
        and gtin.isdigit()
        and len(gtin) in GTIN_LENGTHS
        and gtin_check_digit(gtin[:-1]) == int(gtin[-1])
    )


def gtin14(gtin: str) -> str:
    """The GTIN as the 14 digits a GS1 Digital Link carries."""
    return gtin.rjust(14, "0")


def is_valid_lot_number(lot_number: str) -> bool:
    return bool(AI10.fullmatch(lot_number))

"""The forms of input values, each declared to the OpenAPI document exactly as it is checked, so
that a value the document allows is never refused as malformed, and one it forbids always is.

Dates are written YYYY-MM-DD and lie within the years Nishan can be asked about; decimals are
plain digits with at most so many places (no sign, spaces, exponents or separators); a moment
is a date, or a date and time with its offset. Check digits (GTIN, ISO 6346) are declared as
named formats, with the rule in words, since no pattern can say them.
"""

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from domain.clock import EARLIEST_DAY, LATEST_DAY
from domain.vocabulary import OTHER, Vocabulary

# Years 1900 to 2999; the calendar itself (no 30 February) is the `date` format's.
YEAR = r"(19[0-9]{2}|2[0-9]{3})"
DAY_PATTERN = rf"^{YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
MONTH_PATTERN = rf"^{YEAR}-(0[1-9]|1[0-2])$"
# RFC 3339 as Python reads it: seconds to 59 (no leap second), an offset or Z.
MOMENT_PATTERN = (
    rf"^{YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
)
_DAY_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _day(value: Any) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DAY_TEXT.fullmatch(value):
        raise PydanticCustomError("day_form", "must be a day written YYYY-MM-DD")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("day_form", "must be a day of the calendar") from None
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise PydanticCustomError(
            "day_range",
            "must lie from {earliest} to {latest}",
            {"earliest": EARLIEST_DAY.isoformat(), "latest": LATEST_DAY.isoformat()},
        )
    return day


Day = Annotated[
    date,
    BeforeValidator(_day),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "pattern": DAY_PATTERN,
            "description": "A day, YYYY-MM-DD, from 1900-01-01 to 2999-12-31.",
        }
    ),
]


def decimal_text(
    places: int,
    integer_digits: int,
    positive: bool = True,
    bound: float | None = None,
    integer_part: str | None = None,
) -> Any:
    """A decimal written as JSON text ("12.5") or as a JSON number (12.5): digits only, at most
    `integer_digits` before the point and `places` after it; greater than zero when `positive`,
    else signed and at most `bound` either way (its text form then says so by `integer_part`,
    the pattern of what stands before the point)."""
    sign = "" if positive else "-?"
    nonzero = "(?=[-0.]*[1-9])" if positive else ""
    whole = integer_part or f"[0-9]{{1,{integer_digits}}}"
    text = rf"^{nonzero}{sign}({whole})(\.[0-9]{{1,{places}}})?$"
    form = re.compile(text)
    largest = bound if bound is not None else float("9" * integer_digits)
    wanted = (
        "must be a decimal greater than zero"
        if positive
        else "must be a decimal from -{bound} to {bound}"
    ) + ", written with digits and a point, at most {places} places after it"

    def read(value: Any) -> Any:
        if isinstance(value, bool):
            raise PydanticCustomError("decimal_form", "must be a number, not true or false")
        if isinstance(value, int | float):  # as written, without an exponent (1e-06)
            value = format(Decimal(repr(value)), "f") if isinstance(value, float) else str(value)
        if not isinstance(value, str) or not form.fullmatch(value):
            raise PydanticCustomError("decimal_form", wanted, {"places": places, "bound": largest})
        number = Decimal(value)
        if abs(number) > Decimal(str(largest)):
            raise PydanticCustomError("decimal_form", "must be at most {bound} either way",
                                      {"bound": largest})  # fmt: skip
        return number

    number: dict[str, Any] = {"type": "number", "maximum": largest}
    number |= {"exclusiveMinimum": 0} if positive else {"minimum": -largest}
    number["multipleOf"] = float(f"1e-{places}")
    return Annotated[
        Decimal,
        BeforeValidator(read),
        WithJsonSchema({"anyOf": [number, {"type": "string", "pattern": text}]}),
    ]


Quantity = decimal_text(places=3, integer_digits=15)
# Degrees to six places (about 10 cm): the text's pattern keeps within the bounds as well.
Latitude = decimal_text(
    places=6, integer_digits=2, positive=False, bound=90, integer_part="90(?=$|\\.0+$)|[0-8]?[0-9]"
)
Longitude = decimal_text(
    places=6,
    integer_digits=3,
    positive=False,
    bound=180,
    integer_part="180(?=$|\\.0+$)|1[0-7][0-9]|[0-9]?[0-9]",
)

GTIN = {
    "type": "string",
    "format": "gtin",
    "pattern": r"^[0-9]{8}$|^[0-9]{12,14}$",
    "description": (
        "A GTIN-8, -12, -13 or -14 whose last digit is its GS1 mod-10 check digit (format "
        "`gtin`); a wrong check digit is refused with invalid_gtin."
    ),
}
CONTAINER_NUMBER = {
    "type": "string",
    "format": "iso6346",
    "pattern": r"^[A-Z]{3}[UJZ][0-9]{7}$",
    "description": (
        "An ISO 6346 container number (owner code, U, J or Z, six digits and its check digit; "
        "format `iso6346`); a wrong check digit is refused with invalid_container_number."
    ),
}

MOMENT = {
    "anyOf": [
        {"type": "string", "format": "date", "pattern": DAY_PATTERN},
        {"type": "string", "format": "date-time", "pattern": MOMENT_PATTERN},
    ],
    "description": (
        "A past moment: a day (YYYY-MM-DD, its end in Pakistan) or a date and time with its "
        "offset (2026-11-20T14:30:00+05:00), from 1900 to 2999."
    ),
}


def vocabulary_code(vocabulary: Vocabulary, example: str) -> Any:
    """A code of one of the record's vocabularies, declared as the list it is; a code off the
    list is refused by the domain, whose sentence says where the list is and how to give
    "other"."""
    return Annotated[
        str,
        StringConstraints(max_length=200),  # beyond any code or name: a name gets its sentence
        WithJsonSchema(
            {
                "type": "string",
                "enum": list(vocabulary.codes),
                "description": f"A {vocabulary.kind} code (GET /vocabularies names them in "
                f"every language); '{OTHER}' with a {vocabulary.kind}_note where none fits.",
                "examples": [example],
            }
        ),
    ]


def vocabulary_note(vocabulary: Vocabulary) -> Any:
    """What "other" is, as a person types it; only with "other"."""
    return Annotated[
        str,
        Field(
            max_length=120,
            description=f"With the {vocabulary.kind} '{OTHER}' only: what it is, in words.",
        ),
    ]

"""The base of every request body: unknown fields and control characters are refused, strings
are trimmed, and JSON's own types are taken as they are sent, never coerced.

Strictness: FastAPI validates the parsed JSON as Python objects (validate_python), where
pydantic's `strict=True` would also refuse the strings that stand for a date, a UUID, a decimal
or an enum member, which JSON has no other way to write. So the base class makes only the
schemas of JSON's own types strict (`"5"` is not an integer, `"true"` and `1` are not booleans,
`5` is not a string) and lets dates, UUIDs, decimals (numbers too) and enums be read from their
text, as pydantic's JSON mode would; a date is never read from a number (a Unix timestamp).
"""

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, field_validator
from pydantic_core import CoreSchema, PydanticKnownError, core_schema

# Tab, line feed and carriage return are text; the other C0 controls and DEL never are, and
# PostgreSQL cannot store NUL at all.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# JSON's own types: never coerced from another.
_STRICT_TYPES = frozenset({"str", "int", "float", "bool"})
# The keys under which a core schema holds the schemas it is made of.
_INNER_SCHEMAS = (
    "schema",
    "items_schema",
    "keys_schema",
    "values_schema",
    "lax_schema",
    "strict_schema",
    "python_schema",
)
_INNER_SCHEMA_LISTS = ("choices", "steps", "definitions")


def _date_from_text_only(value: Any) -> Any:
    if isinstance(value, int | float):
        raise PydanticKnownError("date_type")
    return value


def _strict_json_types(schema: Any) -> None:
    """Walk a core schema in place, making JSON's own types strict and dates text-only."""
    if isinstance(schema, tuple):  # a union choice with its label
        schema = schema[0]
    if not isinstance(schema, dict):
        return
    kind = schema.get("type")
    if kind in _STRICT_TYPES:
        schema["strict"] = True
    elif kind == "date":
        lax_date = dict(schema)
        schema.clear()
        schema.update(core_schema.no_info_before_validator_function(_date_from_text_only, lax_date))
        return
    elif kind == "function-before" and schema["function"].get("function") is _date_from_text_only:
        return  # walked already: the schema of a nested body is shared
    for key in _INNER_SCHEMAS:
        _strict_json_types(schema.get(key))
    for key in _INNER_SCHEMA_LISTS:
        inner = schema.get(key)
        for choice in inner.values() if isinstance(inner, dict) else inner or ():
            _strict_json_types(choice)
    for field in (schema.get("fields") or {}).values():
        _strict_json_types(field)


class RequestBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler, /
    ) -> CoreSchema:
        schema = handler(source)
        _strict_json_types(schema)
        return schema

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        if isinstance(value, str) and _CONTROL_CHARACTERS.search(value):
            raise ValueError("must not contain control characters")
        return value

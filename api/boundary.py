"""The base of every request body: unknown fields and control characters are refused, strings
are trimmed, and JSON's own types are taken as they are sent, never coerced.

Strictness: FastAPI validates the parsed JSON as Python objects (validate_python), where
pydantic's `strict=True` would also refuse the strings that stand for a date, a UUID, a decimal
or an enum member, which JSON has no other way to write. So the base class makes only the
schemas of JSON's own types strict (`"5"` is not an integer, `"true"` and `1` are not booleans,
`5` is not a string) and lets dates, UUIDs, decimals (numbers too) and enums be read from their
text, as pydantic's JSON mode would; a date is never read from a number (a Unix timestamp).
"""

from typing import Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    field_validator,
)
from pydantic_core import CoreSchema, PydanticKnownError, core_schema

# The control characters, as the domain refuses them in free text (domain/text.py): tab, line
# feed and carriage return are text; the other C0 controls and DEL never are.
from domain.text import CONTROL as _CONTROL
from domain.text import CONTROL_CHARACTERS as _CONTROL_CHARACTERS

# What trimming takes off a string's ends: the characters Python counts as white space.
_SPACE = "".join(f"\\u{ord(c):04x}" for c in map(chr, range(0x10000)) if c.isspace())
# The forms of text the document declares: no control character, and, where a value is
# required, something besides white space (trimmed, it would be empty).
TEXT = f"^[^{_CONTROL}]*$"
NON_BLANK_TEXT = f"^[^{_CONTROL}]*[^{_CONTROL}{_SPACE}][^{_CONTROL}]*$"

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


def _integer_from_integral_number(value: Any) -> Any:
    """JSON does not tell 2 from 2.0: both are the integer 2 (JSON Schema says so too)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


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
    if kind == "int":
        strict_int = {**schema, "strict": True}
        schema.clear()
        schema.update(
            core_schema.no_info_before_validator_function(_integer_from_integral_number, strict_int)
        )
        return
    if kind in _STRICT_TYPES:
        schema["strict"] = True
    elif kind == "date":
        lax_date = dict(schema)
        schema.clear()
        schema.update(core_schema.no_info_before_validator_function(_date_from_text_only, lax_date))
        return
    elif kind == "function-before" and schema["function"].get("function") in (
        _date_from_text_only,
        _integer_from_integral_number,
    ):
        return  # walked already: the schema of a nested body is shared
    for key in _INNER_SCHEMAS:
        _strict_json_types(schema.get(key))
    for key in _INNER_SCHEMA_LISTS:
        inner = schema.get(key)
        for choice in inner.values() if isinstance(inner, dict) else inner or ():
            _strict_json_types(choice)
    for field in (schema.get("fields") or {}).values():
        _strict_json_types(field)


def _declare_text(schema: dict[str, Any], required: bool) -> None:
    """Write the form of free text into a property's JSON schema, where nothing else says it."""
    for choice in schema.get("anyOf", []):
        _declare_text(choice, required)
    if "items" in schema:
        _declare_text(schema["items"], required)
    if schema.get("type") == "string" and not {"format", "pattern", "enum", "const"} & set(schema):
        blank_refused = required or schema.get("minLength", 0) > 0
        schema["pattern"] = NON_BLANK_TEXT if blank_refused else TEXT


def _without_null(schema: dict[str, Any]) -> None:
    choices = [c for c in schema.get("anyOf", []) if c.get("type") != "null"]
    if len(choices) == 1 and "anyOf" in schema:
        del schema["anyOf"]
        schema.update(choices[0])
    schema.pop("default", None)


class RequestBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    # Fields that may be left out but never sent as null (an update's details every record has).
    never_null: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler, /
    ) -> dict[str, Any]:
        """The document says what the checks say: text takes no control characters (and,
        where required, is not blank), and fields that may not be null are not nullable."""
        json_schema = handler(schema)
        declared = handler.resolve_ref_schema(json_schema)
        for name, prop in declared.get("properties", {}).items():
            _declare_text(prop, required=False)
            if name in cls.never_null:
                _without_null(prop)
        return json_schema

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

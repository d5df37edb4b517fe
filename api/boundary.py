"""The base of every request body: unknown fields and control characters are refused, strings
are trimmed."""

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

# Tab, line feed and carriage return are text; the other C0 controls and DEL never are, and
# PostgreSQL cannot store NUL at all.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class RequestBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        if isinstance(value, str) and _CONTROL_CHARACTERS.search(value):
            raise ValueError("must not contain control characters")
        return value

"""How dates, enums and value objects are written into stored events (JSON)."""

from datetime import date
from enum import Enum
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

from domain.actor import Actor, Role


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


def enum_as_value(enum_class: type[Enum]) -> Transcoding:
    """A transcoding that stores an enum member by its value, under the enum's qualified name."""

    class EnumAsValue(Transcoding):
        type = enum_class
        name = f"{enum_class.__module__}.{enum_class.__qualname__}"

        def encode(self, obj: Enum) -> Any:
            return obj.value

        def decode(self, data: Any) -> Enum:
            return enum_class(data)

    return EnumAsValue()


class ActorAsDict(Transcoding):
    type = Actor
    name = "actor"

    def encode(self, obj: Actor) -> dict[str, Any]:
        return {"id": obj.id, "role": obj.role}

    def decode(self, data: dict[str, Any]) -> Actor:
        return Actor(id=data["id"], role=data["role"])


def register_common(transcoder: JSONTranscoder) -> None:
    transcoder.register(DateAsISO())
    transcoder.register(ActorAsDict())
    transcoder.register(enum_as_value(Role))

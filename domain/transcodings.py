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


class EnumAsValue(Transcoding):
    """Stores an enum member by its value.

    The name is written into every stored event, so it is short and permanent: never derived
    from a module path, which would tie stored events to where the code happens to live.
    """

    def __init__(self, enum_class: type[Enum], name: str) -> None:
        self.type = enum_class
        self.name = name

    def encode(self, obj: Enum) -> Any:
        return obj.value

    def decode(self, data: Any) -> Enum:
        return self.type(data)


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
    transcoder.register(EnumAsValue(Role, "role"))

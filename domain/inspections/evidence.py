"""Evidence for a finding: the SHA-256 of a file kept elsewhere, and what kind of file it is.

Only the hash is in the record: it proves later that a photo or document is the one the
inspector saw, without the record holding the file (or the faces in it).
"""

import re
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import Transcoding

from domain.errors import DomainError

SHA256_HEX = re.compile(r"[0-9a-f]{64}")
MEDIA_TYPE = re.compile(r"[a-z]+/[a-z0-9.+-]+")


@dataclass(frozen=True)
class Evidence:
    sha256: str
    media_type: str

    def checked(self) -> "Evidence":
        sha256, media_type = self.sha256.strip().lower(), self.media_type.strip().lower()
        if not SHA256_HEX.fullmatch(sha256):
            raise DomainError(
                "Evidence is named by the SHA-256 of its file: 64 hexadecimal characters.",
                code="invalid_evidence_hash",
            )
        if not MEDIA_TYPE.fullmatch(media_type):
            raise DomainError(
                f"'{self.media_type}' is not a media type such as image/jpeg or application/pdf.",
                code="invalid_media_type",
            )
        return Evidence(sha256, media_type)


class EvidenceAsDict(Transcoding):
    type = Evidence
    name = "evidence"

    def encode(self, obj: Evidence) -> dict[str, Any]:
        return {"sha256": obj.sha256, "media_type": obj.media_type}

    def decode(self, data: dict[str, Any]) -> Evidence:
        return Evidence(**data)

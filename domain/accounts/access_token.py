"""A bearer token, stored only as its SHA-256 hash.

The aggregate's id is derived from the hash, so a request's token is found with one read by id,
consistently, without waiting for any read model. Tokens are 256-bit random strings, so a fast
hash is enough: there is nothing to brute-force.
"""

import hashlib
import secrets
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor

TOKEN_PREFIX = "nsh_"
_NAMESPACE = uuid5(NAMESPACE_URL, "https://nishan.pk/access-tokens")


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_id(token: str) -> UUID:
    digest = hashlib.sha256(token.encode("utf-8")).hexdigest()
    return uuid5(_NAMESPACE, digest)


class AccessToken(Aggregate):
    @event("Issued")
    def __init__(self, account_id: UUID, by: Actor) -> None:
        self.account_id = account_id

    @classmethod
    def issue(cls, token: str, account_id: UUID, by: Actor) -> "AccessToken":
        return cls._create(cls.Issued, id=token_id(token), account_id=account_id, by=by)

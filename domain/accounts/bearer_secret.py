"""A secret its holder bears (a bearer token, a session cookie): 256 random bits after a prefix
that says what it is, never stored. Only its SHA-256 hash is kept, and its aggregate's id is
derived from that, so a request's secret is found with one read by id, consistently, without
waiting for any read model. 256 random bits leave nothing to brute-force: a fast hash is enough.
"""

import hashlib
import secrets
from uuid import UUID, uuid5


def new_secret(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def id_of_secret(namespace: UUID, secret: str) -> UUID:
    """The id of the aggregate `secret` opens, within `namespace` (one per kind of secret)."""
    return uuid5(namespace, hashlib.sha256(secret.encode("utf-8")).hexdigest())

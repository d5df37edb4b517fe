"""Passphrases, stored only as argon2id hashes (argon2-cffi), and sign-in codes, stored only
as SHA-256 digests.

A code is 12 random characters of a 31-character alphabet (12 · log2 31 ≈ 59.45 bits), usable
once and for 72 hours: like a token, nothing a slow hash would protect better, and opening an
account (which issues one) stays as cheap as it was. A passphrase is a person's choice, so it
gets a slow hash.

The parameters are moderate on purpose: 19 MiB of memory, two passes, one lane, OWASP's
smallest recommended argon2id setting. A sign-in costs about 20-40 ms of one core, so an
anonymous caller's POST /sign-in costs the server about what a page costs, while each guess
at a stolen hash still costs an attacker the same 19 MiB. Guessing online is stopped by the
lockout (domain/accounts/sign_in.py), not by the hash's cost.
"""

import hashlib
import hmac
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MEMORY_KIB = 19 * 1024
PASSES = 2
LANES = 1

_hasher = PasswordHasher(time_cost=PASSES, memory_cost=MEMORY_KIB, parallelism=LANES)


def hashed(secret: str) -> str:
    return _hasher.hash(secret)


def matches(stored: str | None, secret: str) -> bool:
    """Whether `secret` is the one `stored` was made from. With nothing stored, the same work
    is done against a hash of nothing, so that no answer is quicker than another."""
    try:
        return _hasher.verify(stored or _nothing(), secret) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


@cache
def _nothing() -> str:
    return _hasher.hash("no secret is stored for this")


CODE_DIGEST_PREFIX = "sha256:"


def code_digest(code: str) -> str:
    return CODE_DIGEST_PREFIX + hashlib.sha256(code.encode("utf-8")).hexdigest()


def code_matches(stored: str | None, code: str) -> bool:
    """Whether `code` is the one `stored` was made from; in the same time whatever is stored."""
    return hmac.compare_digest(stored or "", code_digest(code)) and stored is not None

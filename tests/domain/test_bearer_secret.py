"""A token's or a session's id is derived from its secret, and stored: a release that derived it
otherwise would sign every person out and stop every machine's token. The ids below are those
the first release that stored them derived."""

import re
from uuid import UUID

from domain.accounts.access_token import new_token, token_id
from domain.accounts.session import new_session_secret, session_id


def test_the_ids_of_secrets_issued_by_an_earlier_release_are_unchanged():
    assert token_id("nsh_an-earlier-release") == UUID("1cfaf76e-a6cb-5d52-8f29-61758f86d8de")
    assert session_id("nss_an-earlier-release") == UUID("00dea52a-5811-59c3-bda0-d41d404128ea")


def test_a_token_and_a_session_of_one_secret_are_never_the_same_record():
    assert token_id("nsh_same") != session_id("nsh_same")


def test_new_secrets_say_what_they_are_and_carry_256_random_bits():
    token, secret = new_token(), new_session_secret()
    assert re.fullmatch(r"nsh_[A-Za-z0-9_-]{43}", token), token
    assert re.fullmatch(r"nss_[A-Za-z0-9_-]{43}", secret), secret
    assert len({new_token() for _ in range(100)}) == 100

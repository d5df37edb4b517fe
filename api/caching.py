"""Validators for public answers: an ETag computed from the bytes sent, so that a phone which
already holds the page asks again with If-None-Match and gets 304 Not Modified, not the page."""

import hashlib

from fastapi import Request, Response

from api.negotiation import NEGOTIATED


def etag_of(body: bytes) -> str:
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def with_etag(
    request: Request, response: Response, cache_control: str, etag: str | None = None
) -> Response:
    """`etag`: the body's, when it is known already."""
    etag = etag or etag_of(bytes(response.body))
    headers = {"ETag": etag, "Cache-Control": cache_control, **NEGOTIATED}
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    response.headers.update(headers)
    return response


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110's weak comparison, which If-None-Match uses: W/ prefixes do not count."""
    if not if_none_match:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags

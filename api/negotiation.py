"""Content negotiation between a person's browser (HTML) and a machine (JSON)."""

# What every negotiated answer says, so that caches keep the HTML and the JSON apart, and the
# page in one language from the page in another.
NEGOTIATED = {"Vary": "Accept, Accept-Language"}


def _quality(accept: str, media_type: str) -> float:
    best = 0.0
    for part in accept.split(","):
        kind, *params = (piece.strip() for piece in part.split(";"))
        if kind not in (media_type, media_type.split("/")[0] + "/*", "*/*"):
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q <= 0:  # q=0 means "not this"
            continue
        # An exact match outranks a wildcard of the same quality.
        best = max(best, q + (0.001 if kind == media_type else 0.0))
    return best


def prefers_json(accept: str | None) -> bool:
    """True when the client asks for JSON more than for HTML; browsers get HTML."""
    if not accept:
        return False
    return _quality(accept, "application/json") > _quality(accept, "text/html")


def prefers_html(accept: str | None) -> bool:
    """True when the client names HTML and wants it more than JSON: a browser, not a script
    that accepts anything (*/*) or no header at all."""
    if not accept or "text/html" not in accept:
        return False
    return _quality(accept, "text/html") > _quality(accept, "application/json")


def prefers_linkset(accept: str | None, link_type: str | None) -> bool:
    """True when a GS1 resolver asks for every link: by `linkType=all` (or `linkset`), or by
    preferring application/linkset+json to HTML and JSON."""
    if link_type in ("all", "linkset"):
        return True
    if not accept:
        return False
    linkset = _quality(accept, "application/linkset+json")
    return linkset > max(_quality(accept, "text/html"), _quality(accept, "application/json"))


def lot_representation(accept: str | None, link_type: str | None) -> str:
    """Which form of a lot's record the client gets: "linkset", "json" or "html"."""
    if prefers_linkset(accept, link_type):
        return "linkset"
    return "json" if prefers_json(accept) else "html"

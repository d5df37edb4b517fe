"""A small picture of a lot's journey: the factories that made it, in the order they worked,
then the ports it was shipped between. Inline SVG (no script, no file from elsewhere), top to
bottom so that it reads the same way in either direction; in a right-to-left page the line and
its dots stand on the right, the names to their left. Its words are its text alternative.
"""

from markupsafe import Markup, escape

from api.i18n.language import Language
from api.wording.places import port
from api.wording.terms import STATUS, term
from projections.lot_record import LotRecord

STEP = 40  # px between two stops
WIDTH = 320
# The page's status colours (nishan.css): certified green, suspended amber, lapsed red.
COLOUR = {
    "certified": "#116329",
    "certified_with_conditions": "#116329",
    "suspended": "#7d4e00",
    "expired": "#a40e26",
    "not_certified": "#a40e26",
    "conditions_overdue": "#a40e26",
}
PORT_COLOUR = "#1b1f23"
UNKNOWN_COLOUR = "#57606a"


def journey_svg(lot: LotRecord, lang: Language) -> Markup:
    """The picture, or nothing when there is no journey to draw (a single factory, no ship)."""
    stops = _stops(lot, lang)
    if len(stops) < 2:
        return Markup("")
    rtl = lang.direction == "rtl"
    dot_x = WIDTH - 12 if rtl else 12
    text_x = WIDTH - 28 if rtl else 28
    # "start" follows the text's direction: the right end of a right-to-left line.
    direction = "rtl" if rtl else "ltr"
    height = STEP * len(stops)
    described = lang.gettext("The journey: %(stops)s.", stops=" → ".join(s[3] for s in stops))
    parts = [
        f'<svg class="journey" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-label="{escape(described)}" xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{dot_x}" y1="{STEP // 2}" x2="{dot_x}" y2="{height - STEP // 2}" '
        f'stroke="{UNKNOWN_COLOUR}" stroke-width="2"/>',
    ]
    for n, (kind, colour, shown, _) in enumerate(stops):
        y = STEP * n + STEP // 2
        if kind == "port":
            parts.append(
                f'<rect x="{dot_x - 7}" y="{y - 7}" width="14" height="14" fill="{colour}"/>'
            )
        else:
            parts.append(f'<circle cx="{dot_x}" cy="{y}" r="8" fill="{colour}"/>')
        parts.append(
            f'<text x="{text_x}" y="{y + 5}" direction="{direction}" text-anchor="start" '
            f'font-size="13" fill="#1b1f23">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _stops(lot: LotRecord, lang: Language) -> list[tuple[str, str, str, str]]:
    """(kind, colour, name shown, words read out) of each stop, in order: factories by the day
    they worked on the lot. The picture shows a factory's status by colour; its words say it."""
    factories = sorted(
        lot.factories,
        key=lambda f: min((p.recorded_on for p in f.productions), default=lot.made_from),
    )
    stops = [
        (
            "factory",
            COLOUR.get(f.status_now, UNKNOWN_COLOUR),
            f.name,
            lang.gettext(
                "%(factory)s: %(status)s.", factory=f.name, status=term(STATUS, f.status_now, lang)
            ),
        )
        for f in factories
    ]
    if lot.shipment:
        for code in (lot.shipment.port_of_loading, lot.shipment.port_of_destination):
            name = lang.gettext("Port %(port)s", port=port(code, lang))
            stops.append(("port", PORT_COLOUR, name, name))
    return stops

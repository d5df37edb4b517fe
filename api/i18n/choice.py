"""Which language a request gets: the one it names with ?lang= (the switcher's links), else the
best of its Accept-Language, else English."""

from babel.core import negotiate_locale

from api.i18n.catalogs import LOCALE_OF, SOURCE_LANGUAGE

MOST_LANGUAGES_READ = 20  # an Accept-Language longer than this is not a person's browser


def choose_language(asked: str | None, accept_language: str | None) -> str:
    if asked in LOCALE_OF:
        return asked
    preferred = _by_preference(accept_language or "")
    chosen = negotiate_locale(preferred, list(LOCALE_OF), sep="-")
    return chosen if chosen in LOCALE_OF else SOURCE_LANGUAGE


def _by_preference(header: str) -> list[str]:
    """The header's language tags, most preferred first; q=0 means 'not this one'."""
    weighted = []
    for position, part in enumerate(header.split(",")[:MOST_LANGUAGES_READ]):
        tag, _, params = part.strip().lower().partition(";")  # tags are case-insensitive
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if tag and quality > 0:
            # The base language too: de-AT matches German.
            weighted.append((-quality, position, tag.strip()))
            weighted.append((-quality, position + 0.5, tag.strip().split("-")[0]))
    return [tag for _, _, tag in sorted(weighted)]

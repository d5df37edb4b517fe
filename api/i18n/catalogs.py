"""The gettext catalogs, read from their .po files when Nishan starts: no compiled .mo files to
build or to fall out of date. English is the source language, so it needs no catalog."""

import io
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from api.i18n.language import Language

LOCALES = Path(__file__).parent / "locales"
DOMAIN = "messages"

# The languages, in the switcher's order; each with the locale whose dates and numbers it uses.
LOCALE_OF = {"en": "en_GB", "ur": "ur_PK", "de": "de_DE", "fr": "fr_FR"}
SOURCE_LANGUAGE = "en"


def catalog_path(code: str) -> Path:
    return LOCALES / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def language(code: str) -> Language:
    return Language(code, Locale.parse(LOCALE_OF[code]), _translations(code))


def languages() -> list[Language]:
    return [language(code) for code in LOCALE_OF]


def _translations(code: str) -> NullTranslations:
    if code == SOURCE_LANGUAGE:
        return NullTranslations()
    with catalog_path(code).open("rb") as po:
        catalog = read_po(po, locale=LOCALE_OF[code])
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out, as gettext would
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)

"""One language of the public pages: its translations, its direction, and how it writes dates
and numbers (Babel's CLDR data, so 12,500.5 in English is 12.500,5 in German)."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from babel.support import NullTranslations

from domain.clock import PAKISTAN_TIME


@dataclass(frozen=True)
class Language:
    code: str  # BCP 47, as in <html lang> and ?lang=
    locale: Locale  # how it writes dates and numbers: en_GB, so 2 November 2026
    translations: NullTranslations

    @property
    def name(self) -> str:
        """The language's name in itself, as the switcher shows it."""
        return self.locale.language_name.capitalize()

    @property
    def direction(self) -> str:
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    def gettext(self, message: str, **values: object) -> str:
        translated = self.translations.gettext(message)
        return translated % values if values else translated

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        """`%(num)s` in the message is n, written the language's way."""
        translated = self.translations.ngettext(singular, plural, n)
        return translated % {"num": self.number(n), **values}

    def isolate(self, value: object) -> object:
        """In plain text a value stands as it is; a page's wording isolates it (isolation.py)."""
        return value

    def date(self, day: date | str | None) -> str:
        if day is None:
            return ""
        if isinstance(day, str):
            # A moment (the views keep them in UTC) falls on its day in Pakistan.
            day = (
                datetime.fromisoformat(day).astimezone(PAKISTAN_TIME).date()
                if len(day) > 10
                else date.fromisoformat(day)
            )
        return _long_date(day, self.locale)

    def moment(self, at: datetime | str) -> str:
        """A moment as people in Pakistan lived it: in Pakistan time."""
        if isinstance(at, str):
            at = datetime.fromisoformat(at)
        return format_datetime(at, "medium", tzinfo=PAKISTAN_TIME, locale=self.locale)

    def number(self, value: Decimal | int) -> str:
        return _decimal(value, self.locale)


# Babel works each date and number out from the CLDR patterns every time (tens of microseconds);
# a page writes dozens, mostly the same few days and counts.
@lru_cache(maxsize=4096)
def _long_date(day: date, locale: Locale) -> str:
    return format_date(day, "long", locale=locale)


@lru_cache(maxsize=4096)
def _decimal(value: Decimal | int, locale: Locale) -> str:
    return format_decimal(value, locale=locale)

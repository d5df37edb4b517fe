"""Sentences for a page, with every value in them isolated (<bdi>): in an Urdu sentence a
factory's Latin name, a code or "6.7 metres of fabric" keeps its own direction and order.

`IsolatingLanguage` words the same sentences as a Language, as Markup: the catalog's sentence
is trusted (as Jinja trusts a template's), every value is escaped and wrapped, never trusted.
"""

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from api.i18n.language import Language


def isolated(value: object) -> Markup:
    """A value set apart from the sentence around it; escaped unless it is Markup already."""
    return Markup("<bdi>%s</bdi>") % value


@dataclass(frozen=True)
class IsolatingLanguage:
    plain: Language

    def __getattr__(self, name: str) -> Any:  # dates, numbers, the code: as the language has them
        return getattr(self.plain, name)

    def gettext(self, message: str, **values: object) -> Markup:
        translated = Markup(self.plain.translations.gettext(message))
        return translated % _isolated(values) if values else translated

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> Markup:
        translated = Markup(self.plain.translations.ngettext(singular, plural, n))
        return translated % _isolated({"num": self.plain.number(n), **values})

    def isolate(self, value: object) -> Markup:
        return isolated(value)


def _isolated(values: dict[str, object]) -> dict[str, Markup]:
    return {name: isolated(value) for name, value in values.items()}

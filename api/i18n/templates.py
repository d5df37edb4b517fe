"""The page templates, one Jinja environment per language: each with its translations installed
(newstyle gettext, so a missing %(value)s is an error, not a silent gap) and filters that write
dates and numbers the language's way."""

from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.datastructures import QueryParams

from api.i18n.catalogs import language, languages
from api.i18n.isolation import IsolatingLanguage, isolated
from api.i18n.language import Language
from api.journey import journey_svg
from api.wording.history import history_summary
from api.wording.places import district, port, province
from api.wording.terms import CLUSTER, FLAG, MODE, PROCESS, SEVERITY, STATUS, UNIT, term
from api.wording.verdict import reason_text
from api.wording.vocabularies import SECTOR, STAGE, coded

TEMPLATES = Path(__file__).parent.parent / "templates"
TERMS = {
    "status": STATUS,
    "process": PROCESS,
    "unit": UNIT,
    "mode": MODE,
    "flag": FLAG,
    "severity": SEVERITY,
    "cluster": CLUSTER,
}


@cache
def templates_in(code: str) -> Jinja2Templates:
    lang = language(code)
    page_words = IsolatingLanguage(lang)  # the record's sentences, values isolated
    # The templates ship with the code: no stat of each file on every page (auto_reload).
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        auto_reload=False,
    )
    environment.install_gettext_translations(lang.translations, newstyle=True)  # type: ignore[attr-defined]
    # The as-of field's hint: a day as the page's language writes it.
    example_day = lang.date(date(2026, 11, 20))
    environment.globals.update(language=lang, languages=languages(), example_day=example_day)
    environment.filters.update(
        date=lang.date,
        moment=lang.moment,
        number=lang.number,
        reason=lambda reason: reason_text(reason, page_words),  # values isolated, as history
        with_language=_with_language,
        isolated=isolated,
        journey=lambda lot: journey_svg(lot, lang),
        summary=lambda entry: history_summary(entry, page_words),
        **{name: _namer(names, lang) for name, names in TERMS.items()},
        sector=lambda code, note: coded(SECTOR, code, note, lang),
        stage=lambda code, note: coded(STAGE, code, note, lang),
        province=lambda name: province(name, lang),
        district=lambda name: district(name, lang),
        port=lambda code: port(code, lang),
    )
    return Jinja2Templates(env=environment)


def _namer(names: dict[str, str], lang: Language) -> Callable[[str], str]:
    """A filter naming a value of one closed set in the language: `{{ f.status_now | status }}`."""
    return lambda value: term(names, value, lang)


def _with_language(query: QueryParams, code: str) -> str:
    """The page's query with another language: the switcher's links are relative, so nothing
    the client sent as Host ever ends up in a page (pages are kept and sent to others)."""
    return str(QueryParams({**query, "lang": code}))

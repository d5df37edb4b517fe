"""Factories found by what anyone signed in asks for, a page at a time: by province, district,
sector (a division with its classes) and public status today, and by a name or a whole National
Tax Number as a person types it.
Public facts come from factory_status, what a factory is found by from the private
factory_registry (its NTN is never in the answer)."""

import re
from dataclasses import dataclass
from datetime import date

from domain.tax_number import ntn_digits
from projections.list_query import ListQuery, Query
from projections.status_today import status_today_sql

# A whole NTN as people write it: eight digits, with a dash or spaces (1234567-8, 12345678,
# 1234567 8). Only a whole one finds its factory: a part would let anyone signed in find the
# private number digit by digit.
NTN_TYPED = re.compile(r"(?:[0-9][ -]?){7}[0-9]")
DIVISION = re.compile(r"[0-9]{2}")  # an ISIC division, such as 13 (textiles)
ESCAPE = "ESCAPE '\\'"  # SQLite's LIKE has no escape character unless one is named


@dataclass(frozen=True)
class FactorySearch:
    province: str | None = None
    district: str | None = None
    sector: str | None = None
    statuses: tuple[str, ...] = ()  # public statuses today (CertificationStatus values)
    text: str | None = None  # part of a name (any case), or a whole NTN


def factories_query(
    search: FactorySearch,
    today: date,
    *,
    by_name: bool,
    after: tuple[str, ...] | None,
    limit: int,
) -> Query:
    """At most `limit` factories, by name (then id) or the newest registered first, after the
    factory whose (name_key or registered_at, factory_id) is `after`."""
    query = ListQuery()
    status = status_today_sql("s", query.value(today.isoformat()))
    query.where("s.province", "=", search.province)
    query.in_district("s.district_key", search.district)
    if search.sector is not None and DIVISION.fullmatch(search.sector):
        # Its classes begin with its two digits (1311 is in division 13).
        query.where("substr(s.sector, 1, 2)", "=", search.sector)
    else:
        query.where("s.sector", "=", search.sector)
    query.where_in(status, search.statuses)
    if text := (search.text or "").strip():
        # Anywhere in the name (a word's start included), in any case.
        found_by = [(f"r.name_key LIKE {{}} {ESCAPE}", f"%{_like_escaped(text.casefold())}%")]
        if NTN_TYPED.fullmatch(text):  # the whole NTN, however it is written
            found_by.append(("r.ntn_digits = {}", ntn_digits(text)))
        query.where_any(found_by)
    return query.ordered(
        "SELECT s.factory_id, s.name, s.province, s.district, s.sector, s.sector_note, "
        f"{status} AS status, s.valid_until, s.last_inspection_on, r.name_key, "
        "r.registered_at FROM factory_status s "
        "JOIN factory_registry r ON r.factory_id = s.factory_id",
        ("r.name_key", "s.factory_id") if by_name else ("r.registered_at", "s.factory_id"),
        ascending=by_name,
        after=after,
        limit=limit,
    )


def _like_escaped(text: str) -> str:
    """The text matched as it is: LIKE's own wildcards in it stand for themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

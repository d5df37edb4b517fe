"""A list's statement, built one filter at a time: every value a parameter, never text, and
pages by keyset (after the sort key of the last row sent; api/pagination.py)."""

from datetime import date
from typing import Any

from domain.accounts.jurisdiction import Jurisdiction

Query = tuple[str, dict[str, Any]]  # a statement and its parameters


class ListQuery:
    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: dict[str, Any] = {}

    def where(self, column: str, operator: str, value: Any) -> None:
        """`column operator value`, unless value is None (the filter was not asked for)."""
        if value is not None:
            name = self._name(value.isoformat() if isinstance(value, date) else value)
            self.clauses.append(f"{column} {operator} %({name})s")

    def where_in(self, column: str, values: tuple[Any, ...]) -> None:
        """`column` one of `values`, unless there are none."""
        if values:
            names = [self._name(value) for value in values]
            self.clauses.append(f"{column} IN ({', '.join(f'%({n})s' for n in names)})")

    def holds(self, clause: str, **values: Any) -> None:
        """A condition of its own (`{name}` stands for each value; a tuple for a list of them),
        for what a column and an operator cannot say: a subquery, an OR."""
        names = {
            key: ", ".join(f"%({self._name(v)})s" for v in value)
            if isinstance(value, tuple)
            else f"%({self._name(value)})s"
            for key, value in values.items()
        }
        self.clauses.append(f"({clause.format(**names)})")

    def where_any(self, conditions: list[tuple[str, Any]]) -> None:
        """One of `conditions` (ORed), each a template whose `{}` is its value, unless none."""
        if conditions:
            each = [template.format(self.value(value)) for template, value in conditions]
            self.clauses.append(f"({' OR '.join(each)})")

    def value(self, value: Any) -> str:
        """A placeholder for `value`, for an expression a filter or a column is made of."""
        return f"%({self._name(value)})s"

    def in_district(self, district_key: str, district: str | None) -> None:
        """Rows of `district` in any case and trimmed (`district_key` the casefolded column),
        unless None: folded as Jurisdiction.covers folds districts, on both sides."""
        key = district.strip().casefold() if district is not None else None
        self.where(district_key, "=", key)

    def within(self, jurisdiction: Jurisdiction | None, province: str, district_key: str) -> None:
        """Rows whose place (`province`, and the casefolded `district_key`) a Jurisdiction
        covers, unless it is None (everywhere): folded as Jurisdiction.covers folds them."""
        if jurisdiction is not None:
            self.where(province, "=", jurisdiction.province)
            self.where_in(district_key, tuple(d.casefold() for d in jurisdiction.districts))

    def ordered(
        self,
        select: str,
        key: tuple[str, str],
        *,
        ascending: bool,
        after: tuple[str, ...] | None,
        limit: int,
    ) -> Query:
        """`select` (up to its FROM and joins) with the filters, ordered by `key` (a column, then
        an id, so that the order is total), starting after the row whose key is `after`."""
        if after is not None:
            # A row value: an index on the key starts where the page does.
            first, second = (self._name(value) for value in after)
            self.clauses.append(
                f"({key[0]}, {key[1]}) {'>' if ascending else '<'} (%({first})s, %({second})s)"
            )
        order = "ASC" if ascending else "DESC"
        statement = (
            f"{select} WHERE {' AND '.join(self.clauses) or '1 = 1'} "
            f"ORDER BY {key[0]} {order}, {key[1]} {order} LIMIT %({self._name(limit)})s"
        )
        return statement, self.params

    def _name(self, value: Any) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return name

    def where_contains(self, column: str, text: str | None) -> None:
        """`column` holds `text` (as typed, nothing in it a wildcard), unless text is None."""
        if text is not None:
            escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            name = self._name(f"%{escaped}%")
            self.clauses.append(f"{column} LIKE %({name})s ESCAPE '\\'")

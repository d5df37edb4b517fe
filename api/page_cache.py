"""Public answers kept once made, for as long as nothing they say can have changed.

A lot's page is made from the row `lot_pages` keeps for it (projections/lot_pages.py), which
carries a digest of what it holds; its verdict also depends on the day (certificates expire).
So an answer made from one digest on one day is served again, byte for byte and with the same
ETag, while the lot's row keeps that digest and the day stays the same: the one-row read and no
rendering. A change to a lot changes its digest and so only its own answers; the others stay.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

from starlette.datastructures import QueryParams

from api.caching import etag_of

# Only these query parameters make an answer worth keeping; any other query (a bot's or an
# attacker's ?x=...) is answered fresh, so the cache cannot be filled with variants.
KEPT_QUERIES = {"lang", "linkType"}
LONGEST_KEPT_QUERY = 64


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    headers: dict[str, str]  # Content-Language, where the answer has one
    etag: str

    @classmethod
    def of(cls, body: bytes, media_type: str, headers: dict[str, str]) -> "Answer":
        return cls(body, media_type, headers, etag_of(body))


State = tuple[str, date]  # the digest of the lot's kept row, and the day in Pakistan


class PageCache:
    def __init__(self, entries: int) -> None:
        """`entries`: how many answers are kept (a few hundred lots in their languages and
        formats come to a few MB); 0 keeps none."""
        self.entries = entries
        self._answers: OrderedDict[tuple, tuple[State, Answer]] = OrderedDict()
        self._lock = threading.Lock()

    def keeps(self, query: QueryParams) -> bool:
        """Whether answers to a request with this query are kept."""
        return (
            bool(self.entries)
            and set(query) <= KEPT_QUERIES
            and (len(str(query)) <= LONGEST_KEPT_QUERY)
        )

    def get(self, key: tuple, state: State) -> Answer | None:
        with self._lock:
            kept = self._answers.get(key)
            if kept is None or kept[0] != state:
                return None
            self._answers.move_to_end(key)
            return kept[1]

    def put(self, key: tuple, state: State, answer: Answer) -> None:
        if not self.entries:
            return
        with self._lock:
            self._answers[key] = (state, answer)  # an answer from an older row is replaced
            self._answers.move_to_end(key)
            while len(self._answers) > self.entries:
                self._answers.popitem(last=False)

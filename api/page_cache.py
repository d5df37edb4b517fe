"""Public answers kept once made, for as long as nothing they say can have changed.

A lot's page is made from the row `lot_pages` keeps for it (projections/lot_pages.py), which
carries a digest of what it holds; its verdict also depends on the day (certificates expire).
So an answer made from one digest on one day is served again, byte for byte and with the same
ETag, while the lot's row keeps that digest and the day stays the same: the one-row read and no
rendering. A change to a lot changes its digest and so only its own answers; the others stay.

An answer whose row was read less than `recheck_seconds` ago is sent without reading it again:
a lot scanned many times a second costs one read a second, not one a scan. A change reaches its
page at most that long after the views hold it (public answers allow a minute's caching
anyway); a client that must see it at once says so (Nishan-Read-After, a reload's
Cache-Control), and `remembered` then reads the row.
"""

import threading
import time
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


@dataclass(frozen=True)
class Kept:
    state: State
    answer: Answer
    checked_at: float  # time.monotonic() when a read of the row that began then matched


class PageCache:
    def __init__(self, entries: int, recheck_seconds: float = 0.0) -> None:
        """`entries`: how many answers are kept (a few hundred lots in their languages and
        formats come to a few MB); 0 keeps none. `recheck_seconds`: how long an answer is sent
        without reading its row again; 0 reads it for every answer."""
        self.entries = entries
        self.recheck_seconds = recheck_seconds
        self._answers: OrderedDict[tuple, Kept] = OrderedDict()
        # A carton's (GTIN, lot number), and the lot it was found to name and when.
        self._links: OrderedDict[tuple[str, str], tuple[str, float]] = OrderedDict()
        self._lock = threading.Lock()

    def keeps(self, query: QueryParams) -> bool:
        """Whether answers to a request with this query are kept."""
        return (
            bool(self.entries)
            and set(query) <= KEPT_QUERIES
            and (len(str(query)) <= LONGEST_KEPT_QUERY)
        )

    def recent(self, key: tuple, day: date) -> Answer | None:
        """The answer, if its row was read less than `recheck_seconds` ago on this day."""
        if not self.recheck_seconds:
            return None
        with self._lock:
            kept = self._answers.get(key)
            if (
                kept is None
                or kept.state[1] != day
                or time.monotonic() - kept.checked_at >= self.recheck_seconds
            ):
                return None
            self._answers.move_to_end(key)
            return kept.answer

    def recent_link(self, code: tuple[str, str]) -> str | None:
        """The lot a carton's GTIN and lot number named when last looked up, if that was less
        than `recheck_seconds` ago."""
        if not self.recheck_seconds:
            return None
        with self._lock:
            link = self._links.get(code)
            if link is None or time.monotonic() - link[1] >= self.recheck_seconds:
                return None
            self._links.move_to_end(code)
            return link[0]

    def keep_link(self, code: tuple[str, str], lot_id: str, checked_at: float) -> None:
        """That `code` named only `lot_id` in a lookup that began at `checked_at`."""
        if not self.entries or not self.recheck_seconds:
            return
        with self._lock:
            self._links[code] = (lot_id, checked_at)
            self._links.move_to_end(code)
            while len(self._links) > self.entries:
                self._links.popitem(last=False)

    def confirmed(self, key: tuple, state: State, checked_at: float) -> Answer | None:
        """The answer made from this row on this day, its window renewed from `checked_at`:
        when the read of the row that gave `state` began (what commits during it is not
        masked)."""
        with self._lock:
            kept = self._answers.get(key)
            if kept is None or kept.state != state:
                return None
            self._answers[key] = Kept(state, kept.answer, max(checked_at, kept.checked_at))
            self._answers.move_to_end(key)
            return kept.answer

    def put(self, key: tuple, state: State, answer: Answer, checked_at: float) -> None:
        if not self.entries:
            return
        with self._lock:
            kept = self._answers.get(key)
            if kept is not None and kept.checked_at > checked_at:
                return  # a slower request's answer never replaces one read after it began
            self._answers[key] = Kept(state, answer, checked_at)  # an older row's is replaced
            self._answers.move_to_end(key)
            while len(self._answers) > self.entries:
                self._answers.popitem(last=False)

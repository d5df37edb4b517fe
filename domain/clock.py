"""Today's date where the work happens: Pakistan Standard Time (UTC+5, no daylight saving)."""

from datetime import date, datetime, time, timedelta, timezone

PAKISTAN_TIME = timezone(timedelta(hours=5), "PKT")


def today_in_pakistan() -> date:
    return datetime.now(PAKISTAN_TIME).date()


def end_of_day(day: date) -> datetime:
    """The moment a day ends in Pakistan: the first moment of the next."""
    return datetime.combine(day + timedelta(days=1), time(), PAKISTAN_TIME)


# The days Nishan's record can be asked about: wide enough for any real question, narrow
# enough that a day's end, or a moment in UTC, never overflows what Python's dates hold.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)

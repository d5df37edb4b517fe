"""Today's date where the work happens: Pakistan Standard Time (UTC+5, no daylight saving)."""

from datetime import date, datetime, timedelta, timezone

PAKISTAN_TIME = timezone(timedelta(hours=5), "PKT")


def today_in_pakistan() -> date:
    return datetime.now(PAKISTAN_TIME).date()

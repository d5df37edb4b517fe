"""A factory's certification today, from what the views store and the day it is.

Views store the status inspections decided; whether a certificate has since expired, or a
condition has gone overdue, depends on the day it is read, so it is worked out here, once,
for every public answer.
"""

from datetime import date

VALID_STATUSES = {"certified", "certified_with_conditions"}

# The earliest deadline among the corrective actions a factory's certificate still depends on.
CONDITIONS_DUE = "(SELECT MIN(c.deadline) FROM factory_conditions c WHERE c.factory_id = {factory})"


def status_today(
    stored: str, valid_until: date | None, conditions_due: date | None, today: date
) -> str:
    if stored in VALID_STATUSES and valid_until is not None and today > valid_until:
        return "expired"
    if stored in VALID_STATUSES and conditions_due is not None and today > conditions_due:
        return "conditions_overdue"  # a corrective action it depends on is past its deadline
    return stored


def status_today_sql(factory_status: str, today: str) -> str:
    """`status_today` in SQL, over the factory_status row `factory_status` (an alias) and the
    placeholder `today`: so that a list filters by the status it shows (a certificate that
    expired yesterday is not listed as certified). Days are ISO text: their order is the
    order of the text."""
    valid = "('certified', 'certified_with_conditions')"
    due = CONDITIONS_DUE.format(factory=f"{factory_status}.factory_id")
    return (
        f"(CASE WHEN {factory_status}.status IN {valid} "
        f"AND {factory_status}.valid_until < {today} THEN 'expired' "
        f"WHEN {factory_status}.status IN {valid} AND {due} < {today} "
        f"THEN 'conditions_overdue' ELSE {factory_status}.status END)"
    )

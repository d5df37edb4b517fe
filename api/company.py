"""Whose records an exporter's user or an officer reads: the company's, or everyone's."""

from uuid import UUID

from bootstrap import Nishan
from domain.actor import Actor, Role

NO_COMPANY = UUID(int=0)  # no exporter has it: a user whose account names none reads nothing


def company_of(by: Actor, nishan: Nishan) -> UUID | None:
    """The exporter an exporter's user acts for (their reads are of its records only); None
    for an officer, who reads every company's."""
    if by.role is not Role.EXPORTER:
        return None
    return nishan.accounts.load_account(by.id).exporter_id or NO_COMPANY

"""A factory's public compliance figures as the API shows them, on a lot's page and on the
factory's public status (see projections/factory_figures.py)."""

from pydantic import BaseModel, Field

from projections.factory_figures import Flag


class FindingCountPublic(BaseModel):
    cluster: str = Field(description="The checklist cluster's code, such as CL or FL.")
    cluster_title: str
    severity: str
    found: int = Field(description="Findings of this cluster and severity at signed-off visits.")
    still_open: int = Field(description="Those with a corrective action not yet closed.")


class ComplianceFiguresPublic(BaseModel):
    findings: list[FindingCountPublic]
    open_findings: int
    open_corrective_actions: int
    overdue_corrective_actions: int
    referrals: int = Field(description="Zero-tolerance cases referred to the authorities.")
    open_referrals: int
    open_grievances: int
    flags: list[Flag]

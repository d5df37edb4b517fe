"""The names of the record's closed sets of values: certification states, processes, units,
transport modes and flags."""

from api.i18n.language import Language
from api.wording import N_

STATUS = {
    "certified": N_("Certified"),
    "certified_with_conditions": N_("Certified with conditions"),
    "suspended": N_("Suspended"),
    "expired": N_("Certificate expired"),
    "not_certified": N_("Not certified"),
    "conditions_overdue": N_("Conditions overdue"),
    "being_updated": N_("Being updated"),
}

PROCESS = {"split": N_("split"), "merge": N_("merge"), "transform": N_("processing")}

UNIT = {
    "kg": N_("kg"),
    "pieces": N_("pieces"),
    "pairs": N_("pairs"),
    "m": N_("m"),
    "m2": N_("m²"),
    "dozens": N_("dozens"),
}

MODE = {"sea": N_("by sea"), "air": N_("by air"), "road": N_("by road"), "rail": N_("by rail")}

FLAG = {
    "critical_findings_open": N_("A critical finding is not yet corrected."),
    "actions_overdue": N_("Corrective actions are past their deadline."),
    "referrals_open": N_("A zero-tolerance case is with the authorities and not yet closed."),
    "grievances_open": N_("Worker grievances are open."),
}

# The checklist's clusters, by code (domain/inspections/catalogues); a test keeps them in step.
CLUSTER = {
    "CL": N_("Child labour"),
    "FL": N_("Forced and bonded labour"),
    "FA": N_("Freedom of association and collective bargaining"),
    "DH": N_("Discrimination and harassment"),
    "WB": N_("Wages and benefits"),
    "WT": N_("Working time"),
    "OSH": N_("Occupational safety and health"),
    "CR": N_("Contracts and recruitment, including migrant workers"),
    "GR": N_("Grievance and remedy"),
    "EN": N_("Environment"),
}

SEVERITY = {"critical": N_("Critical"), "major": N_("Major"), "minor": N_("Minor")}


def term(names: dict[str, str], value: str, lang: Language) -> str:
    """The value's name in the language; a value the set does not know yet, as it is."""
    return lang.gettext(names[value]) if value in names else value

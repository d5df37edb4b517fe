"""Why a lot is verified, under review or not verified, in the reader's language."""

from api.i18n.language import Language
from api.wording import N_
from api.wording.places import factory_in
from api.wording.terms import CLUSTER, STATUS, term
from projections.lot_record import LaterSuspension, Reason, ReasonKind, ReviewOnRecord

# The reasons a suspension records (domain/inspections/factory.py): fixed sentences, so each
# has its translation.
SUSPENSION_REASONS = (
    N_("The inspection found a zero-tolerance violation (child, forced or bonded labour)."),
    N_("The inspection found a critical non-compliance."),
)


def reason_text(reason: Reason, lang: Language) -> str:
    _ = lang.gettext
    factory = reason.factory
    where = factory_in(factory.name, factory.district, lang) if factory else ""
    match reason.kind:
        case ReasonKind.NO_FACTORY:
            return _("No certified factory has been recorded for this lot yet.")
        case ReasonKind.BEING_UPDATED:
            return _(
                "The record of a factory that made this lot is being updated; reload in a moment."
            )
        case ReasonKind.UNDER_REVIEW:
            assert reason.review is not None
            return review_text(reason.review, lang)
        case ReasonKind.REVIEW_PENDING:
            return _(
                "%(factory)s is suspended after an inspection found a critical non-compliance; "
                "this lot is under review while Nishan records which lots the suspension "
                "reaches.",
                factory=where,
            )
        case ReasonKind.LAPSED:
            status = term(STATUS, factory.status_now, lang) if factory else ""
            return _("%(factory)s: %(status)s.", factory=where, status=status)
        case ReasonKind.SUSPENDED_SINCE if reason.suspension is not None:
            return later_suspension_text(reason.suspension, lang)
        case ReasonKind.SUSPENDED_SINCE:  # a record kept before its suspension was read
            return _(
                "%(factory)s is suspended now; this lot was made before its last clean "
                "inspection, so it is not under review.",
                factory=where,
            )
        case ReasonKind.CERTIFIED_WITH_CONDITIONS:
            return _(
                "%(factory)s holds a valid labour-compliance certificate with conditions: "
                "corrective actions are open.",
                factory=where,
            )
        case ReasonKind.CERTIFIED:
            return _("%(factory)s holds a valid labour-compliance certificate.", factory=where)


def review_text(review: ReviewOnRecord, lang: Language) -> str:
    """Why a review was raised, and until when it stands."""
    _ = lang.gettext
    values = {
        "factory": factory_in(review.factory_name, review.district, lang),
        "suspended_on": lang.date(review.suspended_on),
        "reason": _(review.reason),
    }
    if review.via_lot:
        return _(
            "%(factory)s was suspended on %(suspended_on)s. %(reason)s This lot was made from "
            "lot %(via)s, which is under review for the same suspension, so it is under review "
            "until a follow-up visit clears the factory.",
            via=review.via_lot,
            **values,
        )
    if review.since:
        return _(
            "%(factory)s was suspended on %(suspended_on)s. %(reason)s This lot was made there "
            "since its last clean inspection on %(since)s, so it is under review until a "
            "follow-up visit clears the factory.",
            since=lang.date(review.since),
            **values,
        )
    return _(
        "%(factory)s was suspended on %(suspended_on)s. %(reason)s This lot was made there, so "
        "it is under review until a follow-up visit clears the factory.",
        **values,
    )


def later_suspension_text(suspension: LaterSuspension, lang: Language) -> str:
    """A factory suspended after the lot was made there: when, for what, and the clean
    inspection the lot came before. The page's heading says "Verified at production" first."""
    _ = lang.gettext
    values = {
        "factory": factory_in(suspension.factory_name, suspension.district, lang),
        "suspended_on": lang.date(suspension.suspended_on),
        "since": lang.date(suspension.since),
    }
    if not suspension.clusters:  # the findings' view has not read the visit yet
        return _(
            "%(factory)s was suspended on %(suspended_on)s; this lot was made before its last "
            "clean inspection on %(since)s.",
            **values,
        )
    # Joined by commas, never "and": the clusters' own names have "and" in them.
    names = _(", ").join(str(term(CLUSTER, cluster, lang)) for cluster in suspension.clusters)
    return _(
        "%(factory)s was suspended on %(suspended_on)s for %(clusters)s; this lot was made "
        "before its last clean inspection on %(since)s.",
        clusters=names,
        **values,
    )

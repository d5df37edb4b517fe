"""One line of a lot's history, in the reader's language, from the facts the view keeps."""

from decimal import Decimal

from api.i18n.language import Language
from api.wording.places import factory_in, port
from api.wording.terms import PROCESS, STATUS, UNIT, term
from api.wording.vocabularies import STAGE, coded
from projections.lot_history_entries import HistoryEntry


def history_summary(entry: HistoryEntry, lang: Language) -> str:
    _ = lang.gettext
    facts = entry.facts
    values = {
        "lot": _("This lot") if entry.own else _("An input lot"),
        "factory": factory_in(*entry.factory, lang) if entry.factory else _("a factory"),
    }
    if entry.route:
        values["loading"], values["destination"] = (port(code, lang) for code in entry.route)
    match entry.event:
        case "Created":
            return _(
                "%(lot)s was created by %(exporter)s: %(quantity)s %(unit)s of %(product)s "
                "(HS %(hs_code)s).",
                exporter=facts["exporter"],
                quantity=lang.number(Decimal(facts["quantity"])),
                unit=term(UNIT, facts["unit"], lang),
                product=facts["product"],
                hs_code=facts["hs_code"],
                **values,
            )
        case "ProducedAt":
            return _(
                "%(lot)s was recorded as made at %(factory)s (%(stage)s); its certificate was "
                "“%(status)s” on %(checked_on)s.",
                stage=coded(STAGE, facts["stage"], facts.get("stage_note", ""), lang),
                status=term(STATUS, facts["status"], lang),
                checked_on=lang.date(facts["checked_on"]),
                **values,
            )
        case "Gave":
            return lang.ngettext(
                "%(lot)s gave %(quantity)s to %(num)s new lot by %(process)s.",
                "%(lot)s gave %(quantity)s to %(num)s new lots by %(process)s.",
                facts["lots"],
                quantity=_quantity(facts, lang),
                process=term(PROCESS, facts["process"], lang),
                **values,
            )
        case "DerivedFrom":
            made = lang.ngettext(
                "%(lot)s was made by %(process)s from %(num)s lot.",
                "%(lot)s was made by %(process)s from %(num)s lots.",
                facts["inputs"],
                process=term(PROCESS, facts["process"], lang),
                **values,
            )
            # The exporter's own note on the conversion, as written.
            note = facts.get("conversion")
            # Isolated with its brackets, so that they stay around it in a right-to-left line.
            return made + " " + lang.isolate(f"({note})") if note else made
        case "AssignedToShipment" if entry.route:
            return _(
                "%(lot)s was added to a shipment from %(loading)s to %(destination)s.", **values
            )
        case "AssignedToShipment":
            return _("%(lot)s was added to a shipment.", **values)
        case "ReleasedFromShipment" if entry.route:
            return _(
                "%(lot)s was taken out of a shipment from %(loading)s to %(destination)s.",
                **values,
            )
        case "ReleasedFromShipment":
            return _("%(lot)s was taken out of a shipment.", **values)
        case "Shipped" if entry.route:
            return _(
                "%(lot)s was shipped from %(loading)s to %(destination)s on %(on)s.",
                on=lang.date(facts["on"]),
                **values,
            )
        case "Shipped":
            return _("%(lot)s was shipped on %(on)s.", on=lang.date(facts["on"]), **values)
        case "PlacedUnderReview":
            return _(
                "%(lot)s was placed under review: %(factory)s was suspended on %(suspended_on)s.",
                suspended_on=lang.date(facts["suspended_on"]),
                **values,
            )
        case "ReviewLifted" if entry.own:
            return _(
                "The review of this lot was lifted: %(factory)s was reinstated by a follow-up "
                "visit on %(reinstated_on)s.",
                reinstated_on=lang.date(facts["reinstated_on"]),
                **values,
            )
        case "ReviewLifted":
            return _(
                "The review of an input lot was lifted: %(factory)s was reinstated by a "
                "follow-up visit on %(reinstated_on)s.",
                reinstated_on=lang.date(facts["reinstated_on"]),
                **values,
            )
        case "Certified":
            return _(
                "%(factory)s was found “%(status)s” after an inspection on %(inspected_on)s, "
                "valid until %(valid_until)s.",
                status=term(STATUS, facts["status"], lang),
                inspected_on=lang.date(facts["inspected_on"]),
                valid_until=lang.date(facts["valid_until"]),
                **values,
            )
        case "Suspended":
            reason = facts["reason"]  # one of the fixed sentences of SUSPENSION_REASONS
            return _(
                "%(factory)s was suspended after an inspection on %(inspected_on)s. %(reason)s",
                inspected_on=lang.date(facts["inspected_on"]),
                reason=_(reason),
                **values,
            )
    return entry.event  # an event this wording does not know yet: its name, not an error


def _quantity(facts: dict, lang: Language) -> str:
    """A quantity with its unit ("18,000 m"); views made before units were kept have none."""
    number = lang.number(Decimal(facts["quantity"]))
    unit = facts.get("unit")
    return f"{number} {term(UNIT, unit, lang)}" if unit else number

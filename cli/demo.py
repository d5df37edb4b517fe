"""A small, realistic data set: factories in Sialkot, Faisalabad and Karachi, their inspections
(findings, corrective actions, a zero-tolerance finding that suspends a factory and is referred
to the District Vigilance Committee), a grievance, and export lots made there. Loading it twice
changes nothing: its ids are derived from names.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from uuid import NAMESPACE_URL, UUID, uuid5

from bootstrap import Nishan
from domain.accounts.account import CONSOLE
from domain.accounts.jurisdiction import Jurisdiction
from domain.actor import Actor, Role
from domain.inspections.corrective_action import Verification
from domain.inspections.factory_details import FactoryDetails, GeoPoint, Workforce
from domain.inspections.grievance import GrievanceChannel
from domain.inspections.inspection import Severity
from domain.traceability.gs1 import gtin_check_digit
from domain.traceability.lot import Unit
from domain.traceability.production_period import ProductionPeriod
from domain.traceability.shipment import TransportMode

_NAMESPACE = uuid5(NAMESPACE_URL, "https://nishan.pk/demo")


def demo_id(key: str) -> UUID:
    return uuid5(_NAMESPACE, key)


@dataclass
class DemoResult:
    loaded: bool
    tokens: dict[str, str] = field(default_factory=dict)  # account label -> token, first load only
    # sign-in name -> one-time sign-in code, first load only (the label is the sign-in name)
    codes: dict[str, str] = field(default_factory=dict)
    lots: dict[str, UUID] = field(default_factory=dict)  # description -> lot id


def _factory(name, ntn, address, province, district, sector, goods, women, men, lat, lon):
    return FactoryDetails(
        name=name,
        ntn=ntn,
        address=address,
        province=province,
        district=district,
        sector=sector,
        goods=goods,
        workforce=Workforce(women=women, men=men),
        location=GeoPoint(Decimal(lat), Decimal(lon)),
    )


FACTORIES = {
    "chenab": _factory(
        "Chenab Sports Industries, Unit 2",
        "4170021-3",
        "Ugoki Road",
        "Punjab",
        "Sialkot",
        "3230",
        ("9506",),
        210,
        140,
        "32.4945",
        "74.5229",
    ),
    "lyallpur": _factory(
        "Lyallpur Home Textiles (Pvt) Ltd",
        "2290458-1",
        "Sargodha Road",
        "Punjab",
        "Faisalabad",
        "1392",
        ("5208", "6302"),
        180,
        420,
        "31.4504",
        "73.1350",
    ),
    "korangi": _factory(
        "Korangi Leather Works",
        "3318804-6",
        "Sector 7-A, Korangi Industrial Area",
        "Sindh",
        "Karachi",
        "1512",
        ("4107", "4203"),
        35,
        290,
        "24.8318",
        "67.1240",
    ),
    "multan": _factory(
        "Multan Cotton Spinning Mills",
        "1126730-2",
        "Vehari Road",
        "Punjab",
        "Multan",
        "1311",
        ("5205",),
        90,
        380,
        "30.1575",
        "71.5249",
    ),
    "saddar": _factory(
        "Saddar Denim Mills",
        "3412277-9",
        "SITE Area",
        "Sindh",
        "Karachi",
        "1410",
        ("5209", "6203"),
        260,
        310,
        "24.8988",
        "66.9925",
    ),
}

LOTS = {
    "footballs": (
        "chenab",
        "Hand-stitched match footballs, size 5",
        "950662",
        "4800",
        Unit.PIECES,
        "CSI-2611-FB5",
        "exporter_sialkot",
        ["stitching"],
    ),
    "bedsheets": (
        "lyallpur",
        "Cotton percale bed sheets, 200 thread count",
        "630231",
        "2400",
        Unit.PIECES,
        "LHT-2611-BS",
        "exporter_faisalabad",
        ["weaving", "stitching"],
    ),
    "gloves": (
        "korangi",
        "Leather work gloves, cowhide",
        "420329",
        "1500",
        Unit.PAIRS,
        "ILD-2610-GL",
        "exporter_karachi",
        ["tanning", "stitching"],
    ),
    "jeans": (
        "saddar",
        "Men's denim jeans, stone-washed",
        "620342",
        "3600",
        Unit.PIECES,
        "ILD-2611-DJ",
        "exporter_karachi",
        ["stitching"],
    ),
}


# GTIN-13s under a GS1 Pakistan company prefix (896...), each with its check digit.
GTINS = {
    key: body + str(gtin_check_digit(body))
    for key, body in (
        ("footballs", "896123450001"),
        ("bedsheets", "896765430002"),
        ("gloves", "896555110003"),
        ("shirts", "896444220004"),  # a product of its own, made from the fabric
    )
}


def load_demo(nishan: Nishan, today: date) -> DemoResult:
    result = DemoResult(loaded=not nishan.accounts.exists(demo_id("admin")))
    if result.loaded:
        _load(nishan, today, result)
    result.lots = {
        "verified": demo_id("lot/footballs"),
        "verified with conditions": demo_id("lot/bedsheets"),
        "under review": demo_id("lot/gloves"),
        "verified (Karachi)": demo_id("lot/jeans"),
        "shipped shirts (cotton chain)": demo_id("lot/shirts"),
    }
    return result


def _open(
    nishan: Nishan,
    result: DemoResult,
    key: str,
    name: str,
    role: Role,
    org: str,
    by: Actor,
    jurisdiction: Jurisdiction | None = None,
) -> Actor:
    opened = nishan.accounts.open_account(
        name,
        role,
        org,
        by=by,
        jurisdiction=jurisdiction,
        account_id=demo_id(key),
        sign_in_name=key,
    )
    result.tokens[key] = opened.token
    result.codes[opened.sign_in_name] = opened.sign_in_code
    return Actor(opened.account_id, role)


def _load(nishan: Nishan, today: date, result: DemoResult) -> None:
    admin = _open(
        nishan,
        result,
        "admin",
        "Demo Compliance Officer",
        Role.ADMIN,
        "National Compliance Center",
        CONSOLE,
    )
    punjab = _open(
        nishan,
        result,
        "inspector_punjab",
        "Demo Inspector, Punjab",
        Role.INSPECTOR,
        "Labour & Human Resource Department, Punjab",
        admin,
        Jurisdiction("Punjab", ("Sialkot", "Faisalabad", "Multan")),
    )
    sindh = _open(
        nishan,
        result,
        "inspector_sindh",
        "Demo Inspector, Sindh",
        Role.INSPECTOR,
        "Labour & Human Resources Department, Sindh",
        admin,
        Jurisdiction("Sindh", ("Karachi",)),
    )
    exporters = {}
    for key, company, ntn, city in (
        ("exporter_sialkot", "Chenab Sports Exports", "4170022-1", "Sialkot"),
        ("exporter_faisalabad", "Lyallpur Home Textiles", "2290459-7", "Faisalabad"),
        ("exporter_karachi", "Indus Leather & Denim Exports", "3412278-5", "Karachi"),
    ):
        exporter = nishan.traceability.register_exporter(
            company, ntn, city, by=admin, exporter_id=demo_id(f"exporter/{key}")
        )
        opened = nishan.traceability.open_exporter_user(
            exporter,
            f"Demo Export Manager ({company})",
            by=admin,
            account_id=demo_id(key),
            sign_in_name=key,
        )
        result.tokens[key] = opened.token
        result.codes[opened.sign_in_name] = opened.sign_in_code
        exporters[key] = Actor(opened.account_id, Role.EXPORTER)
    factories = {
        key: nishan.inspections.register_factory(
            details, by=admin, factory_id=demo_id(f"factory/{key}")
        )
        for key, details in FACTORIES.items()
    }

    def inspect(key: str, inspector: Actor, days_ago: int, findings=()) -> None:
        visit = nishan.inspections.schedule_inspection(
            factories[key], inspector.id, today - timedelta(days=days_ago), True, by=admin
        )
        nishan.inspections.start_inspection(visit, by=inspector)
        nishan.inspections.record_interviews(visit, Workforce(women=6, men=6), by=inspector)
        for indicator, severity, observation, action in findings:
            finding = nishan.inspections.record_finding(
                visit, indicator, severity, observation, 0, by=inspector
            )
            nishan.inspections.plan_corrective_action(
                visit,
                finding,
                action,
                "Factory manager",
                today - timedelta(days=days_ago - 45),
                Verification.FOLLOW_UP_VISIT,
                by=inspector,
            )
        nishan.inspections.complete_inspection(visit, today - timedelta(days=days_ago), inspector)

    inspect("chenab", punjab, 45)
    inspect(
        "lyallpur",
        punjab,
        30,
        [
            (
                "WT-02",
                Severity.MAJOR,
                "Overtime above 12 hours a week in the finishing hall.",
                "Hire a second finishing shift and cap overtime at the legal limit.",
            )
        ],
    )
    inspect("korangi", sindh, 200)
    inspect("saddar", sindh, 60)
    inspect("multan", punjab, 50)

    for key, (factory, product, hs, qty, unit, number, exporter, stages) in LOTS.items():
        gtin = GTINS.get(key)
        lot = nishan.traceability.create_lot(
            product,
            hs,
            Decimal(qty),
            unit,
            number,
            ProductionPeriod(today - timedelta(days=40), today - timedelta(days=10)),
            by=exporters[exporter],
            gtin=gtin,
            lot_id=demo_id(f"lot/{key}"),
        )
        for stage in stages:
            nishan.traceability.attach_lot_to_factory(
                lot, factories[factory], stage, today, by=exporters[exporter]
            )

    # Cotton from a Multan spinning mill, woven in Faisalabad, sewn into shirts in Karachi and
    # shipped from Karachi to Hamburg: lineage a buyer can follow upstream.
    textiles = exporters["exporter_faisalabad"]
    yarn = nishan.traceability.create_lot(
        "Combed cotton yarn, Ne 30",
        "5205",
        Decimal(20000),
        Unit.KILOGRAMS,
        "LHT-2610-YN",
        ProductionPeriod(today - timedelta(days=40), today - timedelta(days=30)),
        by=textiles,
        lot_id=demo_id("lot/yarn"),
    )
    nishan.traceability.attach_lot_to_factory(
        yarn, factories["multan"], "spinning", today, by=textiles
    )
    # The fabric's number is derived from the yarn's (LHT-2610-YN-T1); the shirts get the
    # exporter's own number and a GTIN, so their cartons carry a GS1 Digital Link.
    [fabric] = nishan.traceability.transform_lots(
        [(yarn, Decimal(18000))],
        [("Cotton poplin fabric", "5208", Decimal(120000), Unit.METRES)],
        factories["lyallpur"],
        "weaving",
        "6.7 metres of fabric per kilogram of yarn",
        today,
        by=textiles,
        output_ids=[demo_id("lot/fabric")],
    )
    nishan.traceability.transform_lots(
        [(fabric, Decimal(60000))],
        [("Men's cotton shirts", "620520", Decimal(40000), Unit.PIECES)],
        factories["saddar"],
        "stitching",
        "1.5 metres of fabric per shirt",
        today,
        by=textiles,
        output_ids=[demo_id("lot/shirts")],
        lot_numbers=["LHT-2611-SH"],
        gtins=[GTINS["shirts"]],
    )
    shipment = nishan.traceability.create_shipment(
        "PKKHI", "DEHAM", today, TransportMode.SEA, ["CSQU3054383"], by=textiles
    )
    nishan.traceability.add_lot_to_shipment(shipment, demo_id("lot/shirts"), by=textiles)
    nishan.traceability.depart_shipment(shipment, today, by=textiles)

    # A worker committee reports unpaid overtime at the home-textile mill: an open grievance.
    nishan.inspections.record_grievance(
        factories["lyallpur"],
        GrievanceChannel.WORKER_COMMITTEE,
        "WB",
        "Overtime in the finishing hall paid at the ordinary rate since September.",
        today - timedelta(days=3),
        by=punjab,
    )

    # An unannounced visit finds identity documents withheld: the factory is suspended, and the
    # gloves made there go under review.
    inspect(
        "korangi",
        sindh,
        2,
        [
            (
                "FL-07",
                Severity.CRITICAL,
                "Supervisor keeps workers' identity cards in a locked drawer.",
                "Return every identity card to its holder; cards stay with the workers.",
            )
        ],
    )

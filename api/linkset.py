"""The linkset (RFC 9264, application/linkset+json) that a GS1 resolver reads: what a lot's
Digital Link leads to, by GS1 link type."""

from typing import Any

from projections.lot_record import LotRecord

LINKSET = "application/linkset+json"
GS1 = "https://gs1.org/voc/"


def lot_linkset(record: LotRecord, anchor: str, page: str) -> dict[str, Any]:
    name = f"{record.product}, lot {record.lot_number or record.lot_id}"

    def link(href: str, title: str, media_type: str) -> list[dict[str, Any]]:
        return [{"href": href, "title": title, "type": media_type}]

    return {
        "linkset": [
            {
                "anchor": anchor,
                f"{GS1}defaultLink": link(page, f"Labour-compliance record: {name}", "text/html"),
                f"{GS1}certificationInfo": link(
                    page, f"Labour-compliance record: {name}", "application/json"
                ),
                f"{GS1}traceability": link(
                    f"{page}/history", f"History of {name}", "application/json"
                ),
            }
        ]
    }

"""A carton's QR image is drawn once per process, and revalidating it draws nothing."""

import api.qr
from api.qr import QrFormat, qr_image


def test_a_repeated_qr_request_is_not_drawn_again(client, verified_lot, monkeypatch):
    qr_image.cache_clear()
    drawn: list[str] = []
    draw = api.qr.qr_png

    def counting(payload: str, box_size: int = 8) -> bytes:
        drawn.append(payload)
        return draw(payload, box_size)

    monkeypatch.setattr(api.qr, "qr_png", counting)
    first = client.get(f"/lots/{verified_lot}/qr.png")
    again = client.get(f"/lots/{verified_lot}/qr.png")
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert len(drawn) == 1
    revalidated = client.get(
        f"/lots/{verified_lot}/qr.png", headers={"If-None-Match": first.headers["etag"]}
    )
    assert revalidated.status_code == 304 and not revalidated.content
    svg = client.get(f"/lots/{verified_lot}/qr.svg")
    assert svg.headers["etag"] != first.headers["etag"]  # another image, another tag
    assert qr_image.cache_info().hits == 1  # the second PNG; the 304 drew nothing at all
    assert qr_image(drawn[0], QrFormat.PNG) == first.content


def test_an_unknown_lots_qr_code_is_404(client):
    missing = "6f1c1b3e-0000-4000-8000-000000000000"
    assert client.get(f"/lots/{missing}/qr.png").status_code == 404
    assert client.get("/lots/not-a-lot/qr.svg").status_code == 404

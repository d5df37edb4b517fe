"""QR codes for lot pages: error correction level M, as GS1 recommends for product labels."""

import io
from enum import Enum

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.image.svg import SvgPathImage


class QrFormat(Enum):
    PNG = "png"
    SVG = "svg"


def _code(payload: str, box_size: int) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=4)
    code.add_data(payload)
    code.make(fit=True)
    return code


def qr_png(payload: str, box_size: int = 8) -> bytes:
    buffer = io.BytesIO()
    _code(payload, box_size).make_image(fill_color="black", back_color="white").save(
        buffer, format="PNG"
    )
    return buffer.getvalue()


def qr_svg(payload: str, box_size: int = 10) -> bytes:
    """A vector code, sharp at any print size: one path, on a white background."""
    buffer = io.BytesIO()
    _code(payload, box_size).make_image(image_factory=SvgPathImage).save(buffer)
    return buffer.getvalue()

"""QR codes for lot pages: error correction level M, as GS1 recommends for product labels."""

import hashlib
import io
import threading
from collections import OrderedDict
from enum import Enum
from functools import lru_cache

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


# What a carton's code carries never changes, and its image takes milliseconds to draw: each
# is drawn once per process. A few thousand images of 1-3 KB each.
IMAGES_KEPT = 4096
DRAWING = "qrcode-M-1"  # change it when the drawing changes, so that ETags change too


@lru_cache(maxsize=IMAGES_KEPT)
def qr_image(payload: str, image_format: QrFormat) -> bytes:
    return qr_svg(payload) if image_format is QrFormat.SVG else qr_png(payload)


def qr_etag(payload: str, image_format: QrFormat) -> str:
    """The image's ETag, known without drawing it: a phone revalidating costs a hash."""
    digest = hashlib.sha256(f"{DRAWING}|{image_format.value}|{payload}".encode()).hexdigest()
    return f'"{digest[:32]}"'


class KeptCartons:
    """Each lot's carton URL, the most recently asked first: a lot's codes never change, so a
    repeated QR request reads nothing. Bounded, so that asking for many lots cannot fill it."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._urls: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, lot_id: str) -> str | None:
        with self._lock:
            url = self._urls.get(lot_id)
            if url is not None:
                self._urls.move_to_end(lot_id)
            return url

    def put(self, lot_id: str, url: str) -> None:
        with self._lock:
            self._urls[lot_id] = url
            while len(self._urls) > self.entries:
                self._urls.popitem(last=False)

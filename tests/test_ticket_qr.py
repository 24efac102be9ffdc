"""The ticket's QR code is a regular QR code (never Micro QR) with a quiet zone, and
the PNG e-mailed with the ticket decodes to the ticket code with a maintained reader
(zxing-cpp). The desk's own reader is tried in tests/browser/test_ticket_scan.py."""

import io
import re

import pytest
import zxingcpp
from django.core import mail
from PIL import Image

from hubs import services, tickets
from tests.factories import make_hub, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration(edition, django_capture_on_commit_callbacks):
    hub = make_hub(conference=edition)
    with django_capture_on_commit_callbacks(execute=True):
        return services.registration_create(
            user=make_user(language="ps"), hub=hub, mode="in_person", adults=1, consent=True
        )


def _emailed_png(registration) -> bytes:
    message = next(m for m in mail.outbox if m.to == [registration.user.email])
    for part in message.attachments:
        if hasattr(part, "get_filename") and part.get_filename() == "ticket-qr.png":
            return part.get_payload(decode=True)
    raise AssertionError("no ticket-qr.png in the ticket mail")


def test_the_emailed_png_decodes_to_the_ticket_code_as_a_regular_qr(registration):
    png = _emailed_png(registration)
    image = Image.open(io.BytesIO(png))
    found = zxingcpp.read_barcodes(image.convert("L"))
    assert [(code.text, code.format) for code in found] == [
        (registration.ticket_code, zxingcpp.BarcodeFormat.QRCode)
    ]


def test_the_png_has_a_white_quiet_zone_of_four_modules(registration):
    image = Image.open(io.BytesIO(tickets.qr_png(registration))).convert("L")
    quiet = tickets.QUIET_ZONE * tickets.PNG_SCALE
    width, height = image.size
    assert width == height >= 200
    for x, y in ((x, y) for x in range(width) for y in range(height)):
        if min(x, y, width - 1 - x, height - 1 - y) < quiet:
            assert image.getpixel((x, y)) == 255, (x, y)
    # The mail's <img> shows it at its own size.
    html = mail.outbox[0].alternatives[0][0]
    assert f'width="{width}" height="{height}"' in html


def test_the_page_svg_is_scalable_with_its_quiet_zone(registration):
    svg = tickets.qr_svg(registration)
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    assert size == 21 + 2 * tickets.QUIET_ZONE  # version 1 QR: 21 modules, never Micro QR
    assert "width=" not in svg.split(">", 1)[0]  # the stylesheet sizes it
    assert 'fill="#fff"' in svg  # white behind it, even on a dark page
    # The first dark module is inside the quiet zone's border.
    first_move = re.search(r'd="M(\d+) (\d+)', svg.split("qrline", 1)[1])
    assert (int(first_move.group(1)), float(first_move.group(2))) >= (4, 4)

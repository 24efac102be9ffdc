"""The ticket a family sees on its phone, held in front of the desk's camera, is read
by the desk's own scanner (desk.js with the vendored jsQR) and checks the family in;
the QR code e-mailed as a PNG decodes with the same reader."""

import base64
import io

import pytest
from PIL import Image

from hubs import tickets
from hubs.models import Registration
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE
from tests.browser.helpers import log_in
from tests.factories import make_user, register

CAMERA = (640, 480)


def _y4m(picture: Image.Image) -> bytes:
    """One frame of a fake camera (YUV 4:2:0): the picture on a white background."""
    frame = Image.new("L", CAMERA, 255)
    picture = picture.convert("L")
    frame.paste(picture, ((CAMERA[0] - picture.width) // 2, (CAMERA[1] - picture.height) // 2))
    chroma = bytes([128]) * (CAMERA[0] // 2 * CAMERA[1] // 2)
    header = f"YUV4MPEG2 W{CAMERA[0]} H{CAMERA[1]} F10:1 Ip A1:1 C420jpeg\n".encode()
    return header + b"FRAME\n" + frame.tobytes() + chroma + chroma


def _ticket_screenshot(page_in, live_url, family) -> tuple[Image.Image, Registration]:
    page = page_in("fa")
    log_in(page, live_url, family.email)
    page.goto(f"{live_url}/my-registration/")
    picture = page.locator(".ticket-qr svg")
    box = picture.bounding_box()
    viewport = page.viewport_size
    # Large and centred on the phone.
    assert box["width"] >= 200
    assert abs((box["x"] + box["width"] / 2) - viewport["width"] / 2) < 4
    png = picture.screenshot()
    return Image.open(io.BytesIO(png)), Registration.objects.get(user=family)


@pytest.fixture
def family_with_ticket(demo):
    family = make_user(email="nasrin@example.net", pseudonym="Nasrin")
    family.set_password("familylinks-demo")
    family.save(update_fields=["password"])
    hub = demo.hubs["islamabad-2025"]
    register(family, hub)
    return family


def test_the_desk_camera_reads_the_ticket_on_the_familys_phone(
    browser, page_in, live_url, family_with_ticket, tmp_path
):
    picture, registration = _ticket_screenshot(page_in, live_url, family_with_ticket)
    camera = tmp_path / "ticket.y4m"
    camera.write_bytes(_y4m(picture))

    desk_browser = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={camera}",
        ],
    )
    try:
        context = desk_browser.new_context(viewport=PHONE, permissions=["camera"])
        context.set_default_timeout(15_000)
        desk = context.new_page()
        log_in(desk, live_url, "organiser@example.org")
        desk.goto(f"{live_url}/hubs/islamabad-2025/desk/")
        desk.get_by_role("button", name="Scan a QR code").click()
        desk.locator(".desk-ok").wait_for()
        assert "Nasrin" in desk.locator(".desk-ok").inner_text()
    finally:
        desk_browser.close()
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


def _decode_with_jsqr(page, png: bytes) -> str | None:
    """What the desk's jsQR reads in a PNG, run in the desk page itself."""
    return page.evaluate(
        """async (data) => {
            const image = new Image();
            image.src = "data:image/png;base64," + data;
            await image.decode();
            const canvas = document.createElement("canvas");
            canvas.width = image.naturalWidth;
            canvas.height = image.naturalHeight;
            const context = canvas.getContext("2d");
            context.drawImage(image, 0, 0);
            const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
            const result = window.jsQR(pixels.data, pixels.width, pixels.height);
            return result ? result.data : null;
        }""",
        base64.b64encode(png).decode(),
    )


def test_the_e_mailed_ticket_decodes_with_the_desks_reader(page_in, live_url, family_with_ticket):
    registration = Registration.objects.get(user=family_with_ticket)
    desk = page_in("en")
    log_in(desk, live_url, "organiser@example.org")
    desk.goto(f"{live_url}/hubs/islamabad-2025/desk/")
    desk.wait_for_load_state("load")  # jsQR is loaded with `defer`
    assert _decode_with_jsqr(desk, tickets.qr_png(registration)) == registration.ticket_code

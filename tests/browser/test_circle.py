"""A live sharing circle in two (three) real browsers: the facilitator admits the
families, a family raises a hand and gets the word, the facilitator hides a chat
message for everyone, a family's support signal reaches the facilitator only, a
family leaves. Then the support conversation: a family signals, the support staff
see it arrive on their list, acknowledge it and write; the family reads and answers
live in the circle; the other family sees none of it.

No real Jitsi: the Daphne process answers health checks from an in-process fake,
and Playwright serves `https://meet.test/external_api.js` with a stand-in for
Jitsi's IFrame API that creates the iframe the way the real one does."""

import time

import pytest

from sessions_app import demo as sessions_demo
from sessions_app import jitsi
from sessions_app.models import Session
from support.signals.models import SupportSignal
from tests.browser.helpers import assert_accessible, log_in

# The parts of JitsiMeetExternalAPI our page uses, recording what it is asked.
FAKE_EXTERNAL_API = """
window.JitsiMeetExternalAPI = function (domain, options) {
  var frame = document.createElement("iframe");
  frame.src = "https://" + domain + "/" + options.roomName
    + (options.jwt ? "?jwt=" + options.jwt : "");
  frame.allow = "camera; microphone; display-capture; autoplay";
  options.parentNode.appendChild(frame);
  window.__jitsi = { domain: domain, options: options, commands: [] };
  var listeners = {};
  this.getIFrame = function () { return frame; };
  this.executeCommand = function () { window.__jitsi.commands.push(Array.from(arguments)); };
  this.addListener = function (name, fn) {
    listeners[name] = fn;
    if (name === "videoConferenceJoined") setTimeout(function () { fn({ id: "abcd1234" }); }, 50);
  };
  this.dispose = function () { frame.remove(); };
};
"""
FAKE_ROOM = "<!DOCTYPE html><html lang='en'><title>Room</title><main><p>Video</p></main></html>"


def _fake_jitsi(page):
    def answer(route):
        url = route.request.url
        if url.endswith("/external_api.js"):
            route.fulfill(body=FAKE_EXTERNAL_API, content_type="text/javascript")
        else:
            route.fulfill(body=FAKE_ROOM, content_type="text/html")

    page.context.route("https://meet.test/**", answer)
    return page


def _until(page, check, seconds=10):
    """Poll `check()` (Python, reading the page with `evaluate`): never a script
    string for the page to `eval`, which its CSP refuses."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "the page never got there"
        page.wait_for_timeout(100)


def _enter(page, live_url, circle):
    page.goto(f"{live_url}/circles/{circle.pk}/")
    page.locator("input[name=accept_rules]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.fixture
def circle(demo_programme):
    return Session.objects.get(title_en=sessions_demo.LIVE_CIRCLE_TITLE)


def test_facilitator_and_families_in_a_live_circle(page_in, live_url, circle):
    facilitator = _fake_jitsi(page_in("en"))
    log_in(facilitator, live_url, "facilitator@example.org")
    _enter(facilitator, live_url, circle)
    facilitator.locator("#circle").wait_for()

    family = _fake_jitsi(page_in("fa"))
    log_in(family, live_url, "family@example.org")
    _enter(family, live_url, circle)
    other = _fake_jitsi(page_in("en"))
    log_in(other, live_url, "family2@example.org")
    _enter(other, live_url, circle)
    assert family.locator("#circle").count() == 0  # waiting room

    # The facilitator sees both waiting, live, and admits Gul, then everyone.
    waiting = facilitator.locator("[data-waiting] li")
    waiting.filter(has_text="Gul").wait_for()
    waiting.filter(has_text="Hope").wait_for()
    waiting.filter(has_text="Gul").locator("button").click()
    # Focus goes to the next person's "Admit", not to the page's body.
    waiting.filter(has_text="Hope").locator("button:focus").wait_for()
    family.locator("#circle").wait_for(timeout=15_000)  # the waiting page polls every 4 s
    facilitator.locator('[data-action="admit.all"]').click()
    other.locator("#circle").wait_for(timeout=15_000)

    # The video frame is Jitsi's, on JITSI_DOMAIN, in the circle's secret room.
    frame = family.locator("[data-jitsi] iframe")
    frame.wait_for(state="attached")
    room = jitsi.room_name(circle.pk)
    assert frame.get_attribute("src").startswith(f"https://meet.test/{room}")
    assert frame.get_attribute("title")
    options = family.evaluate("window.__jitsi.options")
    assert options["configOverwrite"]["prejoinConfig"] == {"enabled": False}
    assert options["configOverwrite"]["disableDeepLinking"] is True
    assert options["configOverwrite"]["fileRecordingsEnabled"] is False
    assert options["userInfo"]["displayName"] == "Gul"

    # A raised hand, seen by the facilitator, who gives the word: everyone sees it.
    family.locator('[data-action="hand"]').click()
    facilitator.locator("[data-hands] li", has_text="Gul").wait_for()
    facilitator.locator('[data-action="speaker.next"]').click()
    for page in (facilitator, family, other):
        page.locator("[data-speaker]", has_text="Gul").wait_for()

    # A chat message, hidden by the facilitator, disappears for everyone.
    # Enter sends; Shift+Enter starts a new line.
    other.locator("#chat-body").fill("A message that")
    other.locator("#chat-body").press("Shift+Enter")
    other.locator("#chat-body").type("should not stay")
    other.locator("#chat-body").press("Enter")
    for page in (facilitator, family, other):
        page.locator("[data-chat] li", has_text="should not stay").wait_for()
    facilitator.locator("[data-chat] li", has_text="should not stay").locator("button").click()
    for page in (facilitator, family, other):
        page.locator("[data-chat] li", has_text="should not stay").wait_for(state="detached")

    # "I need support": the facilitator sees it; the other family sees nothing of it.
    family.locator('[data-action="support.signal"]').click()
    family.locator("[data-support-status]").wait_for()
    facilitator.locator("[data-signals] li", has_text="Gul").wait_for()
    assert SupportSignal.objects.filter(session=circle, user__email="family@example.org").exists()
    other.wait_for_timeout(500)
    assert other.locator("[data-signals]").count() == 0
    assert "Gul" not in other.locator("[data-support-status]").inner_text()

    # Muting everyone is mirrored into Jitsi on the facilitator's page.
    facilitator.locator('[data-action="mute.all"]').click()
    _until(
        facilitator,
        lambda: facilitator.evaluate(
            "() => window.__jitsi.commands.some((c) => c[0] === 'muteEveryone')"
        ),
    )

    assert_accessible(facilitator)
    assert_accessible(family)

    # Hope leaves: gone from "In the circle now" for everyone, at once.
    present = facilitator.locator("[data-present] li", has_text="Hope")
    present.wait_for()
    other.locator('[data-action="leave"]').click()
    other.locator("text=You have left the circle").wait_for()
    present.wait_for(state="detached", timeout=3_000)
    family.locator("[data-present] li", has_text="Hope").wait_for(state="detached")


def test_support_conversation_in_the_circle_and_on_the_staff_pages(page_in, live_url, circle):
    facilitator = page_in("en")
    log_in(facilitator, live_url, "facilitator@example.org")
    _enter(facilitator, live_url, circle)
    family = _fake_jitsi(page_in("en"))
    log_in(family, live_url, "family@example.org")
    _enter(family, live_url, circle)
    other = _fake_jitsi(page_in("en"))
    log_in(other, live_url, "family2@example.org")
    _enter(other, live_url, circle)
    facilitator.locator("[data-waiting] li", has_text="Hope").wait_for()
    facilitator.locator("[data-waiting] li", has_text="Gul").wait_for()
    facilitator.locator('[data-action="admit.all"]').click()
    family.locator("#circle").wait_for(timeout=15_000)
    other.locator("#circle").wait_for(timeout=15_000)

    staff = page_in("en")
    log_in(staff, live_url, "support@example.org")
    staff.goto(f"{live_url}/support/signals/")
    staff.locator("[data-signal]").first.wait_for()  # the demo's signal, then ours live

    family.locator('[data-action="support.signal"]').click()
    card = staff.locator("[data-signal]", has_text="Gul")
    card.wait_for()  # arrived without a reload
    card.locator("button", has_text="I will reach out").click()
    seen = "Someone from the support team has seen your signal and will write to you here."
    family.locator("[data-support-status]", has_text=seen).wait_for()

    staff.locator("[data-signal]", has_text="Gul").get_by_role(
        "link", name="Open the conversation"
    ).click()
    staff.locator("#conversation").wait_for()
    staff.locator("#id_body").fill("Hello Gul, I am here for you.")
    staff.locator("#id_body").press("Enter")
    family.locator("[data-support-messages] li", has_text="I am here for you").wait_for()
    family.locator("#support-body").fill("Thank you. Can we talk tomorrow?")
    family.locator("#support-body").press("Enter")
    staff.locator("[data-messages] li", has_text="Can we talk tomorrow").wait_for()
    assert_accessible(staff)
    assert_accessible(family)

    # The other family of the circle: nothing of it, and no way in.
    other.wait_for_timeout(500)
    assert other.locator("[data-support-messages] li").count() == 0
    assert "I am here for you" not in other.content()
    signal = SupportSignal.objects.get(session=circle, user__email="family@example.org")
    response = other.goto(f"{live_url}/support/conversations/{signal.pk}/")
    assert response.status == 404

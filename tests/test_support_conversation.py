"""The support conversation: after "I need support", the family is told at once when
someone takes the signal on, and the family and the support team (and the circle's
facilitators) write to each other, live, on the circle page and on a page of its
own. Never seen by another family; deleted with its signal. The staff's list of
signals follows every change live."""

import pytest
from channels.db import database_sync_to_async
from django.test import Client

from conference.models import HubRole
from sessions_app import circles
from support.signals import services as support
from support.signals.models import SupportMessage, SupportSignal
from tests.factories import grant, make_user
from tests.live import Sockets, drain, next_of

pytestmark = pytest.mark.django_db(transaction=True)
SEEN = "Someone from the support team has seen your signal and will write to you here."


@pytest.fixture
async def sockets():
    opened = Sockets()
    yield opened
    await opened.close_all()


@pytest.fixture
def circle(admitted_circle):
    return admitted_circle


def conversation_path(signal_id) -> str:
    return f"/support/conversations/{signal_id}/"


def socket_path(signal_id) -> str:
    return f"/ws/support/conversations/{signal_id}/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


async def _raise(gul) -> dict:
    await gul.send_json_to({"action": "support.signal"})
    return (await next_of(gul, "support.mine"))["signal"]


async def test_the_family_hears_at_once_and_the_conversation_stays_private(world, circle, sockets):
    gul, _ = await sockets.circle(world.family, circle)
    hope, _ = await sockets.circle(world.family2, circle)
    signal = await _raise(gul)
    assert signal["url"] == conversation_path(signal["id"])
    family_page, _ = await sockets.connect(world.family, socket_path(signal["id"]))
    staff_page, _ = await sockets.connect(world.support_a, socket_path(signal["id"]))
    assert family_page is not None
    assert staff_page is not None
    # Another family of the same circle: no socket, no page, no writing.
    refused, code = await sockets.connect(world.family2, socket_path(signal["id"]))
    assert (refused, code) == (None, 4403)

    acknowledge = database_sync_to_async(support.support_signal_acknowledge)
    await acknowledge(user=world.support_a, signal_id=signal["id"])
    assert (await next_of(gul, "support.acknowledged"))["signal"] == signal["id"]
    assert (await next_of(family_page, "support.acknowledged"))["signal"] == signal["id"]

    await staff_page.send_json_to({"action": "message.send", "body": "Hello Gul, I am Sara."})
    for socket in (gul, family_page, staff_page):
        message = (await next_of(socket, "support.message"))["message"]
        assert (message["body"], message["staff"], message["name"]) == (
            "Hello Gul, I am Sara.",
            True,
            "Support A",
        )
    await gul.send_json_to(
        {"action": "support.write", "signal": signal["id"], "body": "Thank you, I am scared."}
    )
    reply = (await next_of(staff_page, "support.message"))["message"]
    assert (reply["body"], reply["staff"]) == ("Thank you, I am scared.", False)

    told_hope = [m["type"] for m in await drain(hope)]
    assert not [kind for kind in told_hope if kind.startswith("support")]

    def as_hope():
        client = client_for(world.family2)
        page = client.get(conversation_path(signal["id"]))
        written = client.post(conversation_path(signal["id"]), {"body": "Let me in"})
        return page.status_code, written.status_code

    assert await database_sync_to_async(as_hope)() == (404, 404)
    # Hope cannot write through her own circle socket either.
    await hope.send_json_to({"action": "support.write", "signal": signal["id"], "body": "Hi"})
    assert (await next_of(hope, "error"))["error"] == "not_found"
    bodies = SupportMessage.objects.filter(signal_id=signal["id"]).order_by("pk")
    stored = await database_sync_to_async(list)(bodies.values_list("body", "from_staff"))
    assert stored == [("Hello Gul, I am Sara.", True), ("Thank you, I am scared.", False)]


def _signal(world, circle) -> SupportSignal:
    return support.support_signal_raise(access=circles.access_for(world.family, circle))


@pytest.mark.django_db
def test_without_javascript_the_family_reads_and_writes_on_the_page(world, circle):
    signal = _signal(world, circle)
    support.support_signal_acknowledge(user=world.facilitator_a, signal_id=signal.pk)
    support.support_message_send(user=world.facilitator_a, signal_id=signal.pk, body="Hi Gul")
    client = client_for(world.family)
    page = client.get(conversation_path(signal.pk)).content.decode()
    assert SEEN in page
    assert "Hi Gul" in page
    assert "Only you and the support team see this conversation." in page
    response = client.post(conversation_path(signal.pk), {"body": "  I would like a call  "})
    assert response.status_code == 302
    assert response["Location"] == conversation_path(signal.pk)
    message = SupportMessage.objects.get(signal=signal, from_staff=False)
    assert (message.body, message.author) == ("I would like a call", world.family)

    too_long = client.post(conversation_path(signal.pk), {"body": "x" * 1001})
    assert too_long.status_code == 200
    assert "x" * 1001 in too_long.content.decode()  # what was typed is kept
    assert too_long.context["form"].errors["body"]
    assert SupportMessage.objects.filter(signal=signal).count() == 2


@pytest.mark.django_db
def test_staff_writing_first_acknowledges_and_closing_ends_the_writing(world, circle):
    signal = _signal(world, circle)
    support.support_message_send(user=world.support_a, signal_id=signal.pk, body="I am here")
    signal.refresh_from_db()
    assert signal.acknowledged_by == world.support_a
    support.support_signal_close(user=world.support_a, signal_id=signal.pk, note="Called")
    with pytest.raises(support.SupportError) as refused:
        support.support_message_send(user=world.family, signal_id=signal.pk, body="One more")
    assert refused.value.code == "closed"
    page = client_for(world.family).get(conversation_path(signal.pk)).content.decode()
    assert "This conversation is closed." in page
    assert "I am here" in page
    assert 'name="body"' not in page
    staff_page = client_for(world.support_a).get(conversation_path(signal.pk)).content.decode()
    assert "Called" not in page  # the follow-up note is for staff only
    assert "Support conversation with" in staff_page


@pytest.mark.django_db
def test_messages_go_with_their_signal(world, circle):
    signal = _signal(world, circle)
    for body in ("one", "two"):
        support.support_message_send(user=world.family, signal_id=signal.pk, body=body)
    signal.delete()
    assert SupportMessage.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("body", [{"a": 1}, ["x"], 7, None, "   ", "x" * 1001])
def test_messages_are_text_of_a_sensible_length(world, circle, body):
    signal = _signal(world, circle)
    with pytest.raises(support.SupportError) as refused:
        support.support_message_send(user=world.family, signal_id=signal.pk, body=body)
    assert refused.value.code in ("invalid", "empty", "too_long")
    assert SupportMessage.objects.count() == 0


@pytest.mark.django_db
def test_writing_is_limited_like_the_chat(world, circle):
    signal = _signal(world, circle)
    for n in range(support.MESSAGE_BURST):
        support.support_message_send(user=world.family, signal_id=signal.pk, body=f"line {n}")
    with pytest.raises(support.SupportError) as refused:
        support.support_message_send(user=world.family, signal_id=signal.pk, body="and more")
    assert refused.value.code == "too_fast"


@pytest.mark.django_db
def test_who_may_open_a_conversation(world, circle):
    signal = _signal(world, circle)
    other_hub_support = make_user()
    grant(other_hub_support, world.hub_b, HubRole.Role.SUPPORT)
    allowed = (world.family, world.facilitator_a, world.organiser_a, world.support_a, world.admin)
    for person in allowed:
        assert client_for(person).get(conversation_path(signal.pk)).status_code == 200, person
    for person in (world.family2, world.moderator_a, world.organiser_b, other_hub_support):
        assert client_for(person).get(conversation_path(signal.pk)).status_code == 404, person
    assert Client().get(conversation_path(signal.pk)).status_code == 302  # sign in first


@pytest.mark.django_db
def test_staff_without_two_factor_are_sent_to_set_it_up(world, circle, settings):
    signal = _signal(world, circle)
    settings.STAFF_REQUIRE_2FA = True
    response = client_for(world.support_a).get(conversation_path(signal.pk))
    assert response.status_code == 302
    assert response["Location"] == "/staff/two-factor/"
    assert client_for(world.family).get(conversation_path(signal.pk)).status_code == 200


@pytest.mark.django_db
def test_after_the_circle_the_family_finds_its_conversation(world, circle):
    signal = _signal(world, circle)
    circles.circle_end(access=circles.access_for(world.facilitator_a, circle))
    ended = client_for(world.family).get(f"/circles/{circle.pk}/").content.decode()
    assert "This circle has ended" in ended
    assert f'href="{conversation_path(signal.pk)}"' in ended
    assert client_for(world.family).get(conversation_path(signal.pk)).status_code == 200
    other = client_for(world.family2).get(f"/circles/{circle.pk}/").content.decode()
    assert conversation_path(signal.pk) not in other


# The staff's list, live ------------------------------------------------------------


async def test_the_staff_list_follows_every_change(world, circle, sockets):
    desk, _ = await sockets.connect(world.support_a, "/ws/support/signals/")
    gul, _ = await sockets.circle(world.family, circle)
    signal = await _raise(gul)
    changes = []

    async def next_change():
        event = await next_of(desk, "support.signal")
        assert event["signal"]["id"] == signal["id"]
        assert "body" not in event["signal"]  # no message text in the list's feed
        changes.append(event["signal"]["change"])

    await next_change()
    acknowledge = database_sync_to_async(support.support_signal_acknowledge)
    await acknowledge(user=world.support_a, signal_id=signal["id"])
    await next_change()
    await gul.send_json_to({"action": "support.write", "signal": signal["id"], "body": "Hi"})
    await next_change()
    close = database_sync_to_async(support.support_signal_close)
    await close(user=world.support_a, signal_id=signal["id"])
    await next_change()
    assert changes == ["new", "acknowledged", "message", "closed"]
    assert (await next_of(gul, "support.closed"))["signal"] == signal["id"]


@pytest.mark.django_db
def test_a_card_is_served_to_those_handling_the_signal_only(world, circle):
    signal = _signal(world, circle)
    support.support_message_send(user=world.family, signal_id=signal.pk, body="Hi")
    card = client_for(world.support_a).get(f"/support/signals/{signal.pk}/card/")
    html = card.content.decode()
    assert card.status_code == 200
    assert f'id="signal-{signal.pk}"' in html
    assert "Gul" in html
    assert "1 message, the last at" in html
    assert "<html" not in html  # a fragment for the live list
    other = make_user()
    grant(other, world.hub_b, HubRole.Role.SUPPORT)
    for person in (other, world.family):
        assert client_for(person).get(f"/support/signals/{signal.pk}/card/").status_code == 404
    support.support_signal_close(user=world.support_a, signal_id=signal.pk)
    closed = client_for(world.support_a).get(f"/support/signals/{signal.pk}/card/")
    assert f'data-signal-closed="{signal.pk}"' in closed.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["support_signals:list", "evil.example/x", "//evil.example/"])
def test_the_forms_go_back_only_to_pages_of_this_site(world, circle, target):
    signal = _signal(world, circle)
    response = client_for(world.support_a).post(
        f"/support/signals/{signal.pk}/", {"action": "acknowledge", "next": target}
    )
    assert (response.status_code, response["Location"]) == (302, "/support/signals/")
    signal.refresh_from_db()
    assert signal.acknowledged_by == world.support_a


def test_support_staff_go_off_and_on_duty_from_their_signals_page(client, world, no_staff_2fa):
    """Only support staff on duty hear of new signals; they switch it themselves, the
    change is audited, and nobody can switch someone else's duty or a hub's they do
    not serve (404)."""
    from conference import permissions
    from conference.models import AuditEntry, HubRole

    client.force_login(world.support_a)
    page = client.get("/support/signals/").content.decode()
    assert "Go off duty" in page
    assert world.hub_a.pk in permissions.support_signal_hub_ids(world.support_a)

    response = client.post(f"/support/signals/duty/{world.hub_a.pk}/", {"on_duty": "0"})
    assert response.status_code == 302
    role = HubRole.objects.get(user=world.support_a, hub=world.hub_a, role="support")
    assert role.on_duty is False
    assert world.hub_a.pk not in permissions.support_signal_hub_ids(world.support_a)
    page = client.get("/support/signals/").content.decode()
    assert "Go on duty" in page
    assert AuditEntry.objects.filter(actor=world.support_a, action="duty.off").count() == 1

    assert (
        client.post(f"/support/signals/duty/{world.hub_b.pk}/", {"on_duty": "1"}).status_code == 404
    )
    client.force_login(world.facilitator_a)  # staff, but not support staff at hub A
    assert (
        client.post(f"/support/signals/duty/{world.hub_a.pk}/", {"on_duty": "1"}).status_code == 404
    )
    role.refresh_from_db()
    assert role.on_duty is False

    client.force_login(world.support_a)
    client.post(f"/support/signals/duty/{world.hub_a.pk}/", {"on_duty": "1"})
    assert world.hub_a.pk in permissions.support_signal_hub_ids(world.support_a)

"""The path of a page's socket connecting, the busiest one after a restart (every
page reconnects at once): few queries, and past what a process can take at once,
an immediate "come back in a moment" (4429) instead of a handshake that times out."""

import asyncio

import pytest
from channels.testing import WebsocketCommunicator

from conference import metrics
from conference.admission import CLOSE_TRY_AGAIN, HandshakeAdmission
from conference.models import User
from sessions_app.consumers import open_socket
from tests.live import Sockets, next_of


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["family", "facilitator_a"])
def test_connecting_costs_a_few_queries(world, admitted_circle, who, django_assert_max_num_queries):
    # A fresh user object, as a new socket has: nothing cached on it.
    user = User.objects.get(pk=getattr(world, who).pk)
    # The circle, its people, its state, presence written and read, roles, chat, signals.
    with django_assert_max_num_queries(13):
        opened = open_socket(user, admitted_circle.pk, "page-1")
    assert opened["snapshot"]["me"]["user"] == user.pk
    assert {p["name"] for p in opened["snapshot"]["present"]} >= {
        "Reza" if who == "facilitator_a" else "Gul"
    }


@pytest.fixture
async def sockets():
    opened = Sockets()
    yield opened
    await opened.close_all()


@pytest.mark.django_db(transaction=True)
async def test_a_process_at_its_limit_tells_the_page_to_come_back(
    admitted_circle, world, settings, sockets
):
    settings.LIVE_MAX_HANDSHAKES = 0  # every handshake is one too many
    refused = metrics.sockets_refused._value.get()
    socket, _code = await sockets.connect(world.family, f"/ws/circles/{admitted_circle.pk}/")
    # Accepted (a page only sees close codes of sockets that opened), then closed at once.
    output = await socket.receive_output(timeout=5)
    assert output == {"type": "websocket.close", "code": CLOSE_TRY_AGAIN}
    assert metrics.sockets_refused._value.get() == refused + 1

    settings.LIVE_MAX_HANDSHAKES = 64  # room again: the same page comes in
    socket, state = await sockets.circle(world.family, admitted_circle)
    assert socket is not None
    assert state["me"]["name"] == "Gul"


async def test_only_handshakes_in_progress_count():
    """A socket counts against the limit from its handshake until it is accepted or
    refused; an open socket does not."""
    release = asyncio.Event()

    async def slow_app(scope, receive, send):
        assert (await receive())["type"] == "websocket.connect"
        if scope["path"] == "/slow/":
            await release.wait()
        await send({"type": "websocket.accept"})
        while (await receive())["type"] != "websocket.disconnect":
            pass

    app = HandshakeAdmission(slow_app, limit=1)
    open_before = metrics.sockets_open._value.get()
    slow = WebsocketCommunicator(app, "/slow/")
    slow_connecting = asyncio.ensure_future(slow.connect(timeout=5))
    await asyncio.sleep(0.05)
    assert app.in_progress == 1

    second = WebsocketCommunicator(app, "/quick/")
    assert (await second.connect(timeout=5))[0] is True
    assert await second.receive_output(timeout=5) == {
        "type": "websocket.close",
        "code": CLOSE_TRY_AGAIN,
    }
    await second.disconnect()

    release.set()
    assert (await slow_connecting)[0] is True
    assert app.in_progress == 0
    third = WebsocketCommunicator(app, "/quick/")
    assert (await third.connect(timeout=5))[0] is True  # the open one does not count
    assert await third.receive_nothing(timeout=0.1)
    assert metrics.sockets_open._value.get() == open_before + 2
    await third.disconnect()
    await slow.disconnect()
    assert metrics.sockets_open._value.get() == open_before
    assert app.in_progress == 0


@pytest.mark.django_db(transaction=True)
async def test_a_circle_socket_counts_as_open_while_it_is(admitted_circle, world, sockets):
    before = metrics.sockets_open._value.get()
    socket, state = await sockets.circle(world.family2, admitted_circle)
    assert state["me"]["name"] == "Hope"
    assert metrics.sockets_open._value.get() == before + 1
    await socket.send_json_to({"action": "ping"})
    await next_of(socket, "pong")
    await sockets.close_all()
    assert metrics.sockets_open._value.get() == before

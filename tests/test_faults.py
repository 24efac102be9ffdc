"""Rushes and outages that can be shown quickly (the long ones are bench/faults.py):
an overloaded process, a database that went away, Redis restarting. Every request
gets an answer: a translated "please try again in a moment" page with Retry-After,
never a hang or a 500; and what the page was told is what the database holds."""

import psycopg_pool
import pytest
import redis.exceptions
from channels.layers import get_channel_layer
from django.db import OperationalError, connection
from django.utils import translation

from conference import metrics
from sessions_app import consumers as circle_consumers
from sessions_app.models import CircleMessage
from tests.live import Sockets, closed_within, next_of
from tests.sockets import _session_cookie

TRY_AGAIN = "Please try again in a moment"


@pytest.fixture(autouse=True)
def _fresh_pool(request):
    """These tests count the pool's connections: start the transactional ones with a
    fresh pool. Worker threads of earlier tests in this process (the thread pools of
    sync_to_async and of the consumers) each keep the pooled connection they last
    used; on a long run they can hold all of them, and the first request here would
    wait for one in vain (PoolTimeout), failing tests that have nothing to do with it."""
    marker = request.node.get_closest_marker("django_db")
    if (
        marker is not None
        and marker.kwargs.get("transaction")
        and connection.vendor == "postgresql"
    ):
        connection.close()
        connection.close_pool()


@pytest.fixture
def faults(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.urls_faults"


def _assert_try_again(response, language="en"):
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    with translation.override(language):
        assert translation.gettext(TRY_AGAIN) in page
    assert "Traceback" not in page
    return page


# An overloaded process -------------------------------------------------------------


@pytest.mark.django_db
def test_past_its_limit_a_process_says_try_again_at_once(client, settings):
    settings.HTTP_MAX_IN_FLIGHT = 0  # every request is one too many
    busy = metrics.requests_shed.labels("busy")._value.get()
    _assert_try_again(client.get("/"))
    assert metrics.requests_shed.labels("busy")._value.get() == busy + 1
    # In the reader's language and direction, without a session or the database.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"
    page = _assert_try_again(client.get("/programme/"), "fa")
    assert 'lang="fa" dir="rtl"' in page
    assert TRY_AGAIN not in page  # the Persian words, not the English ones
    # Operators still see the state.
    assert client.get("/healthz").status_code == 200

    settings.HTTP_MAX_IN_FLIGHT = 100
    assert client.get("/").status_code == 200


# The database ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_database_error_in_a_view_is_a_try_again_page(client, faults):
    client.raise_request_exception = False
    _assert_try_again(client.get("/fault/database-gone/"))


@pytest.mark.django_db
def test_a_database_error_before_the_view_is_a_try_again_page(client, faults, world, monkeypatch):
    """The session middleware's read fails: the site's handler500 answers 503."""
    client.force_login(world.family)
    client.raise_request_exception = False

    def gone(self):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.load", gone)
    monkeypatch.setattr("django.contrib.sessions.backends.cached_db.SessionStore.load", gone)
    _assert_try_again(client.get("/"))


async def _get(path: str, cookie: str | None = None):
    """A request through the real ASGI handler, which, unlike the test client, hands
    each request's database connection back at its end, as Daphne does."""
    from channels.testing import HttpCommunicator

    from conference.asgi import application

    headers = [(b"host", b"localhost")]
    if cookie:
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    communicator = HttpCommunicator(application, "GET", path, headers=headers)
    response = await communicator.get_response(timeout=20)
    await communicator.wait(timeout=20)  # the handler's own clean-up, connections included
    headers = {name.lower(): value for name, value in response["headers"]}
    return response["status"], headers, response["body"].decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
async def test_a_connection_cut_mid_request_is_replaced_by_the_next_request(faults, world):
    cookie = await _session_cookie(world.family)
    status, headers, page = await _get("/fault/connection-cut/", cookie)
    assert status == 503
    assert headers[b"retry-after"] == b"5"
    assert TRY_AGAIN in page
    # Nothing to restart: the next request gets a working connection from the pool.
    status, _headers, page = await _get("/", cookie)
    assert status == 200
    assert world.family.display_name in page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_after_a_database_restart_pooled_connections_are_replaced(client, world):
    """A restart drops every connection the pool holds; the pool checks each one
    before handing it out (CONN_HEALTH_CHECKS) and opens new ones."""
    import psycopg

    client.force_login(world.family)
    assert client.get("/").status_code == 200
    connection.close()  # back to the pool, like every request's at its end
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as killer:
        cut = killer.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()[0]
    assert cut >= 1
    response = client.get("/")
    assert response.status_code == 200
    assert world.family.display_name in response.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_no_free_pooled_connection_is_a_try_again_page_then_recovers(client, faults, monkeypatch):
    def exhausted(self, timeout=None):
        raise psycopg_pool.PoolTimeout("couldn't get a connection after 5.00 sec")

    connection.close()  # the next query must ask the pool
    client.raise_request_exception = False
    with monkeypatch.context() as patched:
        patched.setattr(psycopg_pool.ConnectionPool, "getconn", exhausted)
        _assert_try_again(client.get("/"))
    assert client.get("/").status_code == 200


# Redis ------------------------------------------------------------------------------

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.mark.django_db
def test_pages_keep_working_while_redis_is_away(client, settings, world):
    client.force_login(world.family)  # the session is in the database as well
    settings.CACHES = {
        "default": {
            "BACKEND": "conference.cache.TolerantRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [DEAD_REDIS]},
        }
    }
    response = client.get("/")
    assert response.status_code == 200
    assert world.family.display_name in response.content.decode()
    assert client.get(f"/hubs/{world.hub_a.slug}/register/").status_code == 200
    assert client.get("/healthz").status_code == 503  # and operators are told


@pytest.fixture
async def sockets():
    opened = Sockets()
    yield opened
    await opened.close_all()


@pytest.mark.django_db(transaction=True)
async def test_redis_gone_during_a_chat_line_the_sender_is_told_and_nothing_is_half_done(
    admitted_circle, world, sockets, monkeypatch
):
    socket, _state = await sockets.circle(world.family, admitted_circle)
    layer = get_channel_layer()

    async def down(*args, **kwargs):
        raise redis.exceptions.ConnectionError("Connection refused")

    monkeypatch.setattr(layer, "group_send", down)
    await socket.send_json_to({"action": "chat.send", "body": "Is anyone there?"})
    # Committed, so acknowledged; then told the circle could not hear it yet.
    sent = await next_of(socket, "chat.sent")
    error = await next_of(socket, "error")
    assert error["error"] == "offline"
    assert error["message"]
    monkeypatch.setattr(layer, "group_discard", down)  # leaving fails too: still closes
    assert await closed_within(socket, 5) == circle_consumers.CLOSE_RECONNECT
    lines = [
        m async for m in CircleMessage.objects.filter(session=admitted_circle).values("id", "body")
    ]
    assert lines == [{"id": sent["id"], "body": "Is anyone there?"}]

    # Redis is back: the page reconnects and reads the line with the rest of the circle.
    monkeypatch.undo()
    _again, state = await sockets.circle(world.family, admitted_circle)
    assert [m["body"] for m in state["messages"]] == ["Is anyone there?"]


@pytest.mark.django_db(transaction=True)
async def test_database_gone_during_an_action_nothing_is_written_and_the_socket_stays(
    admitted_circle, world, sockets, monkeypatch
):
    socket, _state = await sockets.circle(world.family, admitted_circle)

    def gone(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setitem(circle_consumers.ACTIONS, "chat.send", lambda access, c: gone())
    await socket.send_json_to({"action": "chat.send", "body": "Hello"})
    error = await next_of(socket, "error")
    assert error["error"] == "unavailable"
    assert error["action"] == "chat.send"
    await socket.send_json_to({"action": "ping"})
    await next_of(socket, "pong")
    assert not await CircleMessage.objects.filter(session=admitted_circle).aexists()

"""/healthz as Daphne serves it: answered before Django's middleware (conference/health.py),
same answer as the view, the database and Redis asked every time."""

import json

import pytest
from channels.testing import HttpCommunicator

from conference import health
from conference.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


async def _healthz(method="GET"):
    communicator = HttpCommunicator(application, method, "/healthz")
    response = await communicator.get_response(timeout=20)
    await communicator.wait(timeout=20)
    headers = {name.lower(): value for name, value in response["headers"]}
    return response["status"], headers, response["body"]


@pytest.fixture(autouse=True)
def fresh_report():
    health._report.update(at=float("-inf"), value=None)


async def test_healthy():
    status, headers, body = await _healthz()
    assert status == 200
    assert headers[b"content-type"] == b"application/json"
    assert b"no-store" in headers[b"cache-control"]
    report = json.loads(body)
    assert report["database"] == {"ok": True}
    assert report["channel_layer"] == {"ok": True}
    assert report["tasks"]["failed"] == 0
    assert report["status"] in ("ok", "degraded")  # degraded: no task worker in tests
    status, _headers, body = await _healthz("HEAD")
    assert (status, body) == (200, b"")


async def test_redis_down_gives_503(settings):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
        }
    }
    status, _headers, body = await _healthz()
    assert status == 503
    report = json.loads(body)
    assert report["status"] == "unavailable"
    assert report["channel_layer"]["ok"] is False
    assert report["database"] == {"ok": True}


async def test_database_down_gives_503(monkeypatch):
    from django.db import OperationalError

    def broken():
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.views, "_database_ok", broken)
    status, _headers, body = await _healthz()
    assert status == 503
    assert json.loads(body)["database"] == {"ok": False, "error": "OperationalError"}


async def test_the_task_report_is_read_at_most_every_few_seconds(monkeypatch):
    calls = []
    real = health.views._tasks_report

    def counted():
        calls.append(1)
        return real()

    monkeypatch.setattr(health.views, "_tasks_report", counted)
    for _ in range(3):
        assert (await _healthz())[0] == 200
    assert len(calls) == 1
    health._report["at"] -= health.TASK_REPORT_SECONDS + 1
    assert (await _healthz())[0] == 200
    assert len(calls) == 2

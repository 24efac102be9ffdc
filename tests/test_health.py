"""/healthz reports the database and a real round trip through the channel layer."""

import pytest
from django.db import OperationalError

from conference import views


@pytest.mark.django_db
def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": {"ok": True},
        "channel_layer": {"ok": True},
        "tasks": {
            "ok": True,
            "due": 0,
            "deferred": 0,
            "running": 0,
            "failed": 0,
            "oldest_due_seconds": 0,
            "workers": 0,
        },
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_redis_down_gives_503(client, settings):
    # A Redis that does not answer: nothing listens on port 1.
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["channel_layer"]["ok"] is False
    assert body["database"] == {"ok": True}


@pytest.mark.django_db
def test_database_down_gives_503(client, monkeypatch):
    def broken():
        raise OperationalError("connection refused")

    monkeypatch.setattr(views, "_database_ok", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False, "error": "OperationalError"}

"""`/healthz` answered before Django, for load balancers and container health checks
that ask every few seconds from every proxy (bench/healthz.py rates it).

Through Django, a health check cost about 18 ms of CPU: the whole middleware stack,
a full message round trip through the channel layer, and the task queue's aggregate
query each time. Here: the database (`SELECT 1`) and the channel layer's Redis (a
PING on the layer's own connection pool) are asked on every request, at the same
time; the task queue's report (`conference.tasks.queue_health`, which only matters
over minutes) is read at most every `TASK_REPORT_SECONDS`. The answer has the same
shape and status codes as the Django view (`conference.views.healthz`), which stays
for the test client.
"""

import asyncio
import json
import logging
import time

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.db import close_old_connections

from conference import views

logger = logging.getLogger(__name__)

PATH = "/healthz"
TASK_REPORT_SECONDS = 5.0
_report = {"at": float("-inf"), "value": None}


def _database_ok() -> bool:
    try:
        return views._database_ok()
    finally:
        close_old_connections()  # back to the pool from this worker thread


def _tasks_report() -> dict:
    try:
        return views._tasks_report()
    finally:
        close_old_connections()


async def _channel_layer_ok() -> bool:
    layer = get_channel_layer()
    if not hasattr(layer, "connection"):  # the in-memory layer: a real round trip is cheap
        return await views._channel_layer_ok()
    return bool(await layer.connection(0).ping())


async def _tasks() -> dict:
    if time.monotonic() - _report["at"] > TASK_REPORT_SECONDS:
        try:
            value = await asyncio.wait_for(
                sync_to_async(_tasks_report, thread_sensitive=False)(), timeout=views.HEALTH_TIMEOUT
            )
        except Exception as exc:
            logger.warning("health check tasks failed: %r", exc)
            return {"ok": False, "error": exc.__class__.__name__}
        _report.update(at=time.monotonic(), value=value)
    return _report["value"]


async def report() -> tuple[int, dict]:
    database, channel_layer, queue = await asyncio.gather(
        views._check("database", sync_to_async(_database_ok, thread_sensitive=False)()),
        views._check("channel_layer", _channel_layer_ok()),
        _tasks(),
    )
    healthy = database["ok"] and channel_layer["ok"]
    status = ("ok" if queue["ok"] else "degraded") if healthy else "unavailable"
    body = {"status": status, "database": database, "channel_layer": channel_layer, "tasks": queue}
    return (200 if healthy else 503), body


class HealthzFirst:
    """ASGI: `GET /healthz` answered here; everything else goes on to Django."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if (
            scope["type"] != "http"
            or scope["path"] != PATH
            or scope["method"] not in ("GET", "HEAD")
        ):
            return await self.app(scope, receive, send)
        status, body = await report()
        content = json.dumps(body).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(content)).encode()),
                    (b"cache-control", b"max-age=0, no-cache, no-store, must-revalidate, private"),
                ],
            }
        )
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else content}
        )

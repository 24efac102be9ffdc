"""What operators can watch (Prometheus, `/metrics`), counted in each server process.

Each Daphne process has its own registry and answers `/metrics` with its own
figures; Prometheus scrapes every process (in docker-compose, each `web` replica)
and adds them up. The metrics cost an increment under a lock each; the task
queue's lengths are read from the database only when Prometheus asks.
"""

import hmac
import ipaddress

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector

registry = CollectorRegistry(auto_describe=True)
# Memory, CPU and open file descriptors of this process (memory per socket is
# process_resident_memory_bytes over flh_websockets_open).
ProcessCollector(registry=registry)
PlatformCollector(registry=registry)

sockets_open = Gauge(
    "flh_websockets_open", "WebSockets accepted and not yet closed", registry=registry
)
handshakes_in_progress = Gauge(
    "flh_websocket_handshakes_in_progress",
    "WebSocket handshakes received and not yet accepted or refused",
    registry=registry,
)
sockets_refused = Counter(
    "flh_websockets_refused",
    "WebSockets told to come back later (close code 4429) because too many were opening",
    registry=registry,
)
socket_messages = Counter(
    "flh_websocket_messages",
    "WebSocket frames, received from pages (in) and sent to them (out)",
    ["direction"],
    registry=registry,
)
socket_messages_in = socket_messages.labels("in")
socket_messages_out = socket_messages.labels("out")
requests_in_flight = Gauge(
    "flh_http_requests_in_flight", "HTTP requests being answered now", registry=registry
)
requests_shed = Counter(
    "flh_http_requests_shed",
    "HTTP requests answered 503 'try again in a moment'",
    ["reason"],
    registry=registry,
)
request_seconds = Histogram(
    "flh_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and status class",
    ["method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=registry,
)


class TaskQueueCollector:
    """Tasks by state and the oldest due task's wait, read when Prometheus scrapes."""

    def describe(self):
        return []  # nothing read at registration (no database at import time)

    def collect(self):
        from conference import tasks

        report = tasks.queue_health()
        states = GaugeMetricFamily("flh_tasks", "Background tasks by state", labels=["state"])
        for state in ("due", "deferred", "running", "failed"):
            states.add_metric([state], report[state])
        yield states
        yield GaugeMetricFamily(
            "flh_task_workers", "Task workers heard of recently", value=report["workers"]
        )
        yield GaugeMetricFamily(
            "flh_tasks_oldest_due_seconds",
            "How long the oldest task waiting to run has waited",
            value=report["oldest_due_seconds"],
        )


registry.register(TaskQueueCollector())


def _allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "")
        if given.startswith("Bearer ") and hmac.compare_digest(
            given.removeprefix("Bearer ").encode(), token.encode()
        ):
            return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(net, strict=False) for net in settings.METRICS_NETWORKS
    )


@never_cache
def metrics_view(request):
    """This process's metrics, for Prometheus; anyone else gets the site's 404."""
    if not _allowed(request):
        raise Http404
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)

"""Answering every request under a rush or an outage: a clear "please try again in a
moment" page (503 with Retry-After) instead of a hang or a 500.

- More than `HTTP_MAX_IN_FLIGHT` requests in progress in this process: the next one
  is answered at once, before any session or database work.
- The database cannot be reached, or no pooled connection came free within
  `DATABASE_POOL_TIMEOUT` (psycopg-pool's PoolTimeout, an OperationalError), or Redis
  does not answer: the same page, from the view (`process_exception`) or from a
  middleware further in (`server_error`, the site's handler500).
`/healthz` and `/metrics` are never shed: operators must see the state.
It also times every request for `/metrics`.
"""

import logging
import sys
import threading
import time

import redis.exceptions
from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django import db
from django.conf import settings
from django.template import loader
from django.utils import translation
from django.views.defaults import server_error as django_server_error

from conference import metrics

logger = logging.getLogger(__name__)

# What "not available right now" looks like from here; anything else is a bug (500).
UNAVAILABLE = (
    db.OperationalError,
    db.InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)
NEVER_SHED = ("/healthz", "/metrics")


def try_again_response(request, reason: str):
    """The translated "please try again in a moment" page: no database, no session."""
    metrics.requests_shed.labels(reason).inc()
    language = translation.get_language_from_request(request)
    with translation.override(language):
        content = loader.get_template("503.html").render()
    from django.http import HttpResponse

    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, *args, **kwargs):
    """handler500: an outage found by a middleware (the session read from a database
    that went away) is a "try again" page too."""
    error = sys.exc_info()[1]
    if isinstance(error, UNAVAILABLE):
        logger.warning("%s %s: unavailable: %r", request.method, request.path, error)
        return try_again_response(request, "unavailable")
    return django_server_error(request, *args, **kwargs)


class _InFlight:
    def __init__(self):
        self.count = 0
        self._lock = threading.Lock()

    def enter(self) -> bool:
        with self._lock:
            if self.count >= settings.HTTP_MAX_IN_FLIGHT:
                return False
            self.count += 1
        metrics.requests_in_flight.inc()
        return True

    def leave(self) -> None:
        with self._lock:
            self.count -= 1
        metrics.requests_in_flight.dec()


in_flight = _InFlight()


class LoadSheddingMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        if request.path in NEVER_SHED:
            return self.get_response(request)
        if not in_flight.enter():
            return try_again_response(request, "busy")
        started = time.monotonic()
        try:
            response = self.get_response(request)
        finally:
            in_flight.leave()
        self._record(request, response, started)
        return response

    async def __acall__(self, request):
        if request.path in NEVER_SHED:
            return await self.get_response(request)
        if not in_flight.enter():
            return try_again_response(request, "busy")
        started = time.monotonic()
        try:
            response = await self.get_response(request)
        finally:
            in_flight.leave()
        self._record(request, response, started)
        return response

    @staticmethod
    def _record(request, response, started: float) -> None:
        status = f"{response.status_code // 100}xx"
        method = request.method if request.method in ("GET", "POST", "HEAD") else "other"
        metrics.request_seconds.labels(method, status).observe(time.monotonic() - started)

    def process_exception(self, request, exception):
        if isinstance(exception, UNAVAILABLE):
            logger.warning("%s %s: unavailable: %r", request.method, request.path, exception)
            return try_again_response(request, "unavailable")
        return None

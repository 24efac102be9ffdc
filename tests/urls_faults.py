"""The site's URLs and two that meet an outage, to see what the visitor gets."""

from django.db import OperationalError, connection
from django.http import HttpResponse
from django.urls import path

from conference.urls import handler500  # noqa: F401 - the site's own error handler
from conference.urls import urlpatterns as site


def database_gone(request):
    raise OperationalError("server closed the connection unexpectedly")


def connection_cut(request):
    """The database server drops this request's connection in the middle of it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
    return HttpResponse("not reached")


urlpatterns = [
    *site,
    path("fault/database-gone/", database_gone),
    path("fault/connection-cut/", connection_cut),
]

"""The site's URLs and one that always fails, to see the error page (DEBUG off)."""

from django.urls import path

from conference.urls import urlpatterns as site


def crash(request):
    raise RuntimeError("a bug, on purpose")


urlpatterns = [*site, path("crash/", crash)]

import asyncio
import logging
import secrets

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from conference import permissions, tasks
from conference.caching import private_page
from conference.forms import ProfileForm
from conference.middleware import TZ_COOKIE, zone_from_cookie
from conference.models import Conference, HubRole
from hubs.models import Hub, NationalSociety

logger = logging.getLogger(__name__)

HEALTH_TIMEOUT = 3


def home(request):
    conference = Conference.objects.current()
    hubs = []
    if conference is not None:
        hubs = list(Hub.objects.for_conference(conference))
    societies = NationalSociety.objects.filter(hubs__conference=conference).distinct()
    return render(
        request,
        "conference/home.html",
        {"conference": conference, "hubs": hubs, "societies": societies},
    )


@require_POST
def set_language(request):
    """Django's language switch, remembered on the account of a signed-in person."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(
        request.user._meta.get_field("language").choices
    ):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


@private_page
@login_required
def profile(request):
    conference = Conference.objects.current()
    hub_zones = (
        Hub.objects.filter(conference=conference).values_list("time_zone", flat=True)
        if conference
        else []
    )
    form = ProfileForm(
        request.POST or None,
        instance=request.user,
        hub_zones=list(hub_zones),
        browser_zone=getattr(zone_from_cookie(request.COOKIES.get(TZ_COOKIE)), "key", None),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings are saved."))
        return redirect("conference:profile")
    return render(request, "conference/profile.html", {"form": form})


@private_page
@permissions.staff_view
def staff_home(request):
    """Where staff start: the hubs they hold roles at."""
    hub_ids = permissions.staff_hub_ids(request.user)
    hubs = Hub.objects.select_related("society", "conference").order_by("-conference__year", "city")
    if hub_ids is not None:
        hubs = hubs.filter(pk__in=hub_ids)
    rows = [
        (
            hub,
            [HubRole.Role(role).label for role in sorted(permissions.hub_roles(request.user, hub))],
        )
        for hub in hubs
    ]
    return render(request, "conference/staff_home.html", {"rows": rows})


@login_required
def two_factor_required(request):
    if not permissions.needs_two_factor_setup(request.user):
        return redirect("conference:staff_home")
    return render(request, "conference/two_factor_required.html")


def _database_ok() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


async def _channel_layer_ok() -> bool:
    layer = get_channel_layer()
    channel = await layer.new_channel("healthz.")
    token = secrets.token_hex(8)
    await layer.send(channel, {"type": "healthz.ping", "token": token})
    message = await layer.receive(channel)
    return message.get("token") == token


async def _check(name, awaitable) -> dict:
    try:
        ok = await asyncio.wait_for(awaitable, timeout=HEALTH_TIMEOUT)
    except Exception as exc:
        logger.warning("health check %s failed: %r", name, exc)
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": bool(ok)}


def _tasks_report() -> dict:
    report = tasks.queue_health()
    if not report["ok"]:
        logger.warning("health check: task queue %s: %s", report["problem"], report)
    return report


@never_cache
async def healthz(request):
    """200 with "status": "ok"; 200 with "degraded" when the task queue is stuck or no
    worker runs (the site itself works: a load balancer must keep sending people to
    it); 503 "unavailable" when the database or the channel layer is down."""
    database = await _check("database", sync_to_async(_database_ok)())
    channel_layer = await _check("channel_layer", _channel_layer_ok())
    try:
        queue = await asyncio.wait_for(sync_to_async(_tasks_report)(), timeout=HEALTH_TIMEOUT)
    except Exception as exc:
        logger.warning("health check tasks failed: %r", exc)
        queue = {"ok": False, "error": exc.__class__.__name__}
    healthy = database["ok"] and channel_layer["ok"]
    status = ("ok" if queue["ok"] else "degraded") if healthy else "unavailable"
    return JsonResponse(
        {
            "status": status,
            "database": database,
            "channel_layer": channel_layer,
            "tasks": queue,
        },
        status=200 if healthy else 503,
    )

"""The programme: public pages, enrolment, a family's own programme and its
calendar feed, and scheduling for organisers (their hub) and admins (plenaries)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conference import permissions
from conference.caching import private_page
from conference.editions import current_conference_or_404
from conference.models import Conference
from hubs.models import Hub
from sessions_app import calendar, circles, jitsi, services
from sessions_app.forms import EnrolForm, ProgrammeFilterForm, SessionForm
from sessions_app.models import CalendarToken, Enrolment, Session

NEXT_WINDOW = datetime.timedelta(hours=3)
# The widest spread of UTC offsets (UTC-12 to UTC+14), to narrow a day's
# sessions in the database before placing each one in its own zone.
_EARLIEST = datetime.timedelta(hours=14)
_LATEST = datetime.timedelta(hours=12)


def _get_session(pk: int) -> Session:
    return get_object_or_404(
        Session.objects.for_programme().select_related("conference", "hub__society"), pk=pk
    )


def _get_session_for_scheduler(request, pk: int) -> Session:
    session = get_object_or_404(Session.objects.select_related("hub", "conference"), pk=pk)
    if not permissions.can_schedule(request.user, session.hub):
        raise Http404
    return session


def _local_day(session: Session) -> datetime.date:
    return timezone.localtime(session.starts_at, services.session_zone(session)).date()


def _chosen_day(request, conference: Conference) -> datetime.date:
    """The day asked for, else today if the edition is on, else its first day."""
    days = conference.days
    try:
        asked = datetime.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        asked = None
    if asked in days:
        return asked
    today = timezone.localdate()
    return today if today in days else days[0]


# Public pages ---------------------------------------------------------------------


def programme(request):
    conference = current_conference_or_404()
    hubs = list(Hub.objects.for_conference(conference).order_by("city"))
    form = ProgrammeFilterForm(request.GET or None, hubs=hubs)
    day = _chosen_day(request, conference)
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
    sessions = form.filter(
        Session.objects.filter(conference=conference)
        .visible()
        .filter(
            starts_at__gte=start - _EARLIEST,
            starts_at__lt=start + datetime.timedelta(days=1) + _LATEST,
        )
        .for_programme()
    )
    plenaries, by_hub = [], {hub.pk: [] for hub in hubs}
    for session in sessions:
        if _local_day(session) != day:
            continue
        if session.hub_id is None:
            plenaries.append(session)
        else:
            by_hub.setdefault(session.hub_id, []).append(session)
    chosen_hub = form.cleaned_data.get("hub") if form.is_bound and form.is_valid() else ""
    columns = [(hub, by_hub[hub.pk]) for hub in hubs if not chosen_hub or hub.slug == chosen_hub]
    query = request.GET.copy()
    query.pop("day", None)
    return render(
        request,
        "sessions_app/programme.html",
        {
            "conference": conference,
            "form": form,
            "day": day,
            "days": conference.days,
            "filters": query.urlencode(),
            "filters_active": any(query.get(name) for name in form.fields),
            "plenaries": plenaries,
            "columns": columns,
            "count": len(plenaries) + sum(len(items) for _hub, items in columns),
        },
    )


def programme_now(request):
    conference = current_conference_or_404()
    now = timezone.now()
    sessions = list(
        Session.objects.filter(conference=conference)
        .current_and_next(now, NEXT_WINDOW)
        .for_programme()
    )
    return render(
        request,
        "sessions_app/programme_now.html",
        {
            "conference": conference,
            "now_on": [s for s in sessions if s.is_live(now)],
            "next_up": [s for s in sessions if not s.is_live(now) and s.starts_at > now],
        },
    )


def _viewer_state(request, session: Session) -> dict:
    """What this viewer may do with this session: their place, why they may not
    enrol, whether they may join it now."""
    state = {"enrolment": None, "refusal": None, "can_join": False, "position": None}
    user = request.user
    runner = permissions.can_run_circle(user, session) if session.is_circle else False
    if not user.is_authenticated:
        return state
    registration = services.registration_for(user, session.conference)
    enrolment = Enrolment.objects.filter(session=session, user=user).first()
    if enrolment is not None and enrolment.status == Enrolment.Status.CANCELLED:
        enrolment = None
    state["enrolment"] = enrolment
    if enrolment is not None:
        state["position"] = services.waitlist_position(enrolment)
    elif session.capacity is not None:
        state["refusal"] = services.enrolment_refusal(user, session, registration)
    live = session.is_live()
    if session.is_circle:
        state["can_join"] = live and (
            runner or (enrolment is not None and enrolment.status == Enrolment.Status.ENROLLED)
        )
    elif session.has_online_part and session.join_link and live:
        if session.capacity is None:
            state["can_join"] = registration is not None
        else:
            state["can_join"] = (
                enrolment is not None and enrolment.status == Enrolment.Status.ENROLLED
            )
    state["runner"] = runner
    return state


def session_detail(request, pk):
    session = _get_session(pk)
    context = {
        "session": session,
        "hub": session.hub,
        "form": EnrolForm(),
        "can_schedule": permissions.can_schedule(request.user, session.hub),
        **_viewer_state(request, session),
    }
    return render(request, "sessions_app/session_detail.html", context)


def session_ics(request, pk):
    session = get_object_or_404(Session.objects.select_related("hub", "room"), pk=pk)
    response = HttpResponse(calendar.session_ics(session), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response


# Enrolment ------------------------------------------------------------------------


@login_required
@require_POST
def enrol(request, pk):
    session = _get_session(pk)
    form = EnrolForm(request.POST)
    form.is_valid()
    try:
        enrolment = services.enrolment_create(
            user=request.user,
            session=session,
            accept_ground_rules=form.cleaned_data.get("accept_ground_rules", False),
        )
    except services.EnrolmentError as error:
        context = {
            "session": session,
            "hub": session.hub,
            "form": form,
            "error": error.message,
            "can_schedule": permissions.can_schedule(request.user, session.hub),
            **_viewer_state(request, session),
        }
        return render(request, "sessions_app/session_detail.html", context, status=400)
    if enrolment.status == Enrolment.Status.ENROLLED:
        messages.success(request, _("You have a place in this session."))
    else:
        messages.info(
            request,
            _("The session is full. You are on the waiting list, number %(position)d.")
            % {"position": services.waitlist_position(enrolment)},
        )
    return redirect("sessions_app:session", pk=session.pk)


@login_required
@require_POST
def enrolment_cancel(request, pk):
    enrolment = get_object_or_404(
        Enrolment.objects.exclude(status=Enrolment.Status.CANCELLED),
        session_id=pk,
        user=request.user,
    )
    services.enrolment_cancel(enrolment=enrolment)
    messages.success(request, _("You have given up your place. Thank you for letting us know."))
    return redirect("sessions_app:session", pk=pk)


# My programme and calendar feed ---------------------------------------------------


def _my_sessions(user, conference):
    """The person's enrolled and waiting sessions, and the plenaries everyone follows."""
    enrolments = {
        e.session_id: e
        for e in Enrolment.objects.filter(session__conference=conference, user=user).exclude(
            status=Enrolment.Status.CANCELLED
        )
    }
    plenary = Q(kind=Session.Kind.PLENARY) & ~Q(status=Session.Status.CANCELLED)
    items = list(
        Session.objects.filter(conference=conference)
        .filter(Q(pk__in=list(enrolments)) | plenary)
        .for_programme()
        .order_by("starts_at", "pk")
    )
    for session in items:
        session.my_enrolment = enrolments.get(session.pk)
    return items


@private_page
@login_required
def my_programme(request):
    conference = current_conference_or_404()
    token = calendar.token_for(request.user)
    return render(
        request,
        "sessions_app/my_programme.html",
        {
            "conference": conference,
            "sessions": _my_sessions(request.user, conference),
            "feed_url": request.build_absolute_uri(
                reverse("sessions_app:feed", args=[token.token])
            ),
            "registration": services.registration_for(request.user, conference),
        },
    )


@private_page
@login_required
@require_POST
def feed_renew(request):
    calendar.token_renew(request.user)
    messages.success(
        request, _("Your calendar address is new. The old one no longer works; add the new one.")
    )
    return redirect("sessions_app:mine")


@private_page
def feed(request, token):
    found = get_object_or_404(CalendarToken.objects.select_related("user"), token=token)
    conference = current_conference_or_404()
    sessions = [
        s
        for s in _my_sessions(found.user, conference)
        if s.my_enrolment is None or s.my_enrolment.status == Enrolment.Status.ENROLLED
    ]
    body = calendar.feed_ics(sessions, name=f"{conference.title}")
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


# Scheduling -----------------------------------------------------------------------


def _schedule_list(request, *, hub):
    conference = hub.conference if hub else current_conference_or_404()
    sessions = Session.objects.filter(conference=conference)
    sessions = sessions.filter(hub=hub) if hub else sessions.filter(kind=Session.Kind.PLENARY)
    return render(
        request,
        "sessions_app/schedule_list.html",
        {
            "hub": hub,
            "conference": conference,
            "sessions": sessions.for_programme(),
            "zone": hub.zone if hub else services.plenary_zone(),
        },
    )


def _schedule_form(request, *, hub, conference, session=None):
    zone = hub.zone if hub else services.plenary_zone()
    initial = SessionForm.initial_for(session, zone) if session else {}
    form = SessionForm(
        request.POST or None,
        conference=conference,
        hub=hub,
        zone=zone,
        session=session,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if session is None:
                saved = services.session_create(
                    by=request.user,
                    conference=conference,
                    hub=hub,
                    facilitators=form.cleaned_data["facilitators"],
                    **form.session_fields(),
                )
                messages.success(request, _("The session is scheduled."))
            else:
                saved = services.session_update(
                    session=session,
                    by=request.user,
                    facilitators=form.cleaned_data["facilitators"],
                    **form.session_fields(),
                )
                messages.success(request, _("The session is changed."))
        except services.SchedulingError as error:
            for field, problems in error.errors.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            return redirect("sessions_app:session", pk=saved.pk)
    return render(
        request,
        "sessions_app/session_form.html",
        {"form": form, "hub": hub, "session": session, "zone": zone, "conference": conference},
    )


@permissions.staff_view
def hub_schedule(request, slug):
    hub = get_object_or_404(Hub.objects.select_related("conference"), slug=slug)
    if not permissions.can_schedule(request.user, hub):
        raise Http404
    return _schedule_list(request, hub=hub)


@permissions.staff_view
def hub_session_new(request, slug):
    hub = get_object_or_404(Hub.objects.select_related("conference"), slug=slug)
    if not permissions.can_schedule(request.user, hub):
        raise Http404
    return _schedule_form(request, hub=hub, conference=hub.conference)


@permissions.staff_view
def plenaries(request):
    if not permissions.can_schedule(request.user, None):
        raise Http404
    return _schedule_list(request, hub=None)


@permissions.staff_view
def plenary_new(request):
    if not permissions.can_schedule(request.user, None):
        raise Http404
    return _schedule_form(request, hub=None, conference=current_conference_or_404())


@permissions.staff_view
def session_edit(request, pk):
    session = _get_session_for_scheduler(request, pk)
    if session.status == Session.Status.CANCELLED:
        messages.error(request, _("This session is cancelled and cannot be changed."))
        return redirect("sessions_app:session", pk=pk)
    return _schedule_form(request, hub=session.hub, conference=session.conference, session=session)


@permissions.staff_view
@require_POST
def session_cancel(request, pk):
    session = _get_session_for_scheduler(request, pk)
    services.session_cancel(session=session, by=request.user)
    messages.success(
        request, _("The session is cancelled; the families enrolled are told by e-mail.")
    )
    if session.hub_id:
        return redirect("sessions_app:hub_schedule", slug=session.hub.slug)
    return redirect("sessions_app:plenaries")


@permissions.staff_view
def hub_circles_now(request, slug):
    """The organiser's live view of the hub's sharing circles: who waits, who is
    connected to the circle page, and how many are in the video room (asked of
    Jitsi, all rooms at once; unknown when Jitsi does not answer)."""
    hub = get_object_or_404(Hub, slug=slug)
    if not permissions.can_manage_hub(request.user, hub):
        raise Http404
    now = timezone.now()
    since = now - circles.PRESENCE_TIMEOUT
    sessions = [
        session
        for session in Session.objects.filter(hub=hub, kind=Session.Kind.CIRCLE)
        .current_and_next(now, datetime.timedelta(0))
        .annotate(
            waiting=Count("participants", filter=Q(participants__state="waiting"), distinct=True),
            admitted=Count("participants", filter=Q(participants__state="admitted"), distinct=True),
            connected=Count(
                "presences__user", filter=Q(presences__seen_at__gte=since), distinct=True
            ),
        )
        .order_by("starts_at")
        if session.is_live(now)
    ]
    rooms = {session.pk: jitsi.room_name(session.pk) for session in sessions}
    sizes = jitsi.JitsiClient().rooms_sizes(list(rooms.values())) if rooms else {}
    for session in sessions:
        session.in_video = sizes.get(rooms[session.pk])
    return render(request, "sessions_app/_circles_now.html", {"hub": hub, "sessions": sessions})

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from conference import permissions
from conference.caching import private_page
from conference.editions import current_conference_or_404
from conference.models import Conference, HubRole
from conference.services import role_grant, role_revoke
from hubs import dashboard, live, messaging, services, tickets
from hubs.forms import (
    ChangeRegistrationForm,
    CheckInForm,
    DashboardSearchForm,
    GrantRoleForm,
    HubSettingsForm,
    RegistrantMessageForm,
    RegistrationFilterForm,
    RegistrationForm,
    RoomForm,
)
from hubs.models import Hub, RegistrantMessage, Registration, Room


def _get_hub(slug: str) -> Hub:
    return get_object_or_404(Hub.objects.select_related("society", "conference"), slug=slug)


def _get_hub_for_staff(request, slug: str, allowed) -> Hub:
    """The hub if the person may do this there; 404 (not 403) otherwise."""
    hub = _get_hub(slug)
    if not allowed(request.user, hub):
        raise Http404
    return hub


def _get_registration_for_user(user) -> Registration | None:
    conference = Conference.objects.current()
    if conference is None:
        return None
    return (
        Registration.objects.select_related("hub", "hub__society", "conference")
        .filter(user=user, conference=conference)
        .first()
    )


# Public pages -----------------------------------------------------------------


def hub_list(request):
    conference = current_conference_or_404()
    hubs = Hub.objects.for_conference(conference).with_seats_taken().order_by("city")
    return render(request, "hubs/hub_list.html", {"conference": conference, "hubs": hubs})


def hub_detail(request, slug):
    hub = get_object_or_404(
        Hub.objects.select_related("society", "conference").with_seats_taken(), slug=slug
    )
    days = [(day, *hub.day_hours(day)) for day in hub.conference.days]
    registration = (
        _get_registration_for_user(request.user) if request.user.is_authenticated else None
    )
    return render(
        request,
        "hubs/hub_detail.html",
        {
            "hub": hub,
            "days": days,
            "rooms": hub.rooms.all(),
            "registration": registration,
            "can_manage": permissions.can_manage_hub(request.user, hub),
            "can_check_in": permissions.can_check_in(request.user, hub),
        },
    )


# Registration -------------------------------------------------------------------


@private_page
@login_required
def register(request, slug):
    hub = _get_hub(slug)
    existing = _get_registration_for_user(request.user)
    if existing is not None and existing.status != Registration.Status.CANCELLED:
        messages.info(request, _("You are already registered for this edition."))
        return redirect("hubs:mine")
    form = RegistrationForm(request.POST or None, hub=hub)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_create(user=request.user, hub=hub, **form.cleaned_data)
        except services.RegistrationError as error:
            form.add_error(None, error.message)
        else:
            return redirect("hubs:mine")
    return render(request, "hubs/register.html", {"hub": hub, "form": form})


@private_page
@login_required
def mine(request):
    registration = _get_registration_for_user(request.user)
    if registration is None:
        return render(request, "hubs/mine_none.html")
    form = ChangeRegistrationForm(
        request.POST or None,
        hub=registration.hub,
        initial={
            "mode": registration.mode,
            "adults": registration.adults,
            "children": registration.children,
        },
    )
    if (
        request.method == "POST"
        and registration.status != Registration.Status.CANCELLED
        and form.is_valid()
    ):
        try:
            services.registration_change(registration=registration, **form.cleaned_data)
        except services.RegistrationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your registration is updated."))
            return redirect("hubs:mine")
    return render(
        request,
        "hubs/mine.html",
        {
            "registration": registration,
            "form": form,
            "position": registration.waitlist_position(),
            "qr": tickets.qr_svg(registration),
        },
    )


@private_page
@login_required
def cancel(request):
    registration = _get_registration_for_user(request.user)
    if registration is None or registration.status == Registration.Status.CANCELLED:
        return redirect("hubs:mine")
    if request.method == "POST":
        services.registration_cancel(registration=registration, by=request.user)
        messages.success(request, _("Your registration is cancelled."))
        return redirect("hubs:mine")
    return render(request, "hubs/cancel.html", {"registration": registration})


@private_page
@login_required
def ticket_ics(request):
    registration = _get_registration_for_user(request.user)
    if registration is None:
        raise Http404
    response = HttpResponse(tickets.ticket_calendar(registration), content_type="text/calendar")
    response["Content-Disposition"] = 'attachment; filename="conference.ics"'
    return response


# Check-in desk ------------------------------------------------------------------


@private_page
@permissions.staff_view
def desk(request, slug):
    hub = _get_hub_for_staff(request, slug, permissions.can_check_in)
    form = CheckInForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_check_in(
                hub=hub, code=form.cleaned_data["code"], by=request.user
            )
            result = {"ok": True, "registration": registration}
            form = CheckInForm()
        except services.CheckInRefused as refusal:
            result = {"ok": False, "message": refusal.message, "registration": refusal.registration}
    context = {"hub": hub, "form": form, "result": result, "counts": live.desk_counts(hub)}
    template = "hubs/desk_result.html" if request.headers.get("HX-Request") else "hubs/desk.html"
    response = render(request, template, context)
    # The desk may use the phone's camera to read QR codes.
    response["Permissions-Policy"] = "camera=(self), microphone=(), geolocation=()"
    return response


# Organiser pages ----------------------------------------------------------------


@private_page
@permissions.staff_view
def hub_dashboard(request, slug):
    hub = _get_hub_for_staff(request, slug, permissions.can_manage_hub)
    search_form = DashboardSearchForm(request.GET or None)
    found = None
    if search_form.is_valid() and search_form.cleaned_data["q"]:
        found = dashboard.search(hub, search_form.cleaned_data["q"])
    untranslated, untranslated_count = dashboard.untranslated(
        hub, with_edition=permissions.can_schedule_plenary(request.user)
    )
    return render(
        request,
        "hubs/dashboard.html",
        {
            "hub": hub,
            "summary": dashboard.summary(hub),
            "waitlist": dashboard.waitlist(hub),
            "needs": dashboard.needs(hub),
            "search_form": search_form,
            "found": found,
            "counts": live.desk_counts(hub),
            "untranslated": untranslated,
            "untranslated_count": untranslated_count,
        },
    )


@private_page
@permissions.staff_view
def hub_registrations(request, slug):
    hub = _get_hub_for_staff(request, slug, permissions.can_manage_hub)
    form = RegistrationFilterForm(request.GET)
    paginator = Paginator(
        dashboard.registrations(hub, **form.filters()), dashboard.REGISTRATIONS_PER_PAGE
    )
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "hubs/registrations.html",
        {"hub": hub, "form": form, "page": page, "filters": query.urlencode()},
    )


@private_page
@permissions.staff_view
def hub_export(request, slug):
    hub = _get_hub_for_staff(request, slug, permissions.can_manage_hub)
    response = HttpResponse(dashboard.export_csv(hub), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{hub.slug}-registrations.csv"'
    return response


@permissions.staff_view
def hub_settings(request, slug):
    hub = _get_hub_for_staff(request, slug, permissions.can_manage_hub)
    form = HubSettingsForm(request.POST or None, instance=hub)
    if request.method == "POST" and form.is_valid():
        services.hub_update(hub=hub, by=request.user, **form.hub_fields())
        messages.success(request, _("The hub's settings are saved."))
        return redirect("hubs:settings", slug=hub.slug)
    return render(request, "hubs/settings.html", {"hub": hub, "form": form})


@permissions.staff_view
def rooms(request, slug, room_id=None):
    hub = _get_hub_for_staff(request, slug, permissions.can_manage_hub)
    room = get_object_or_404(Room, pk=room_id, hub=hub) if room_id else None
    form = RoomForm(request.POST or None, instance=room or Room(hub=hub))
    if request.method == "POST" and form.is_valid():
        try:
            services.room_save(
                hub=hub, room=room, names=form.names(), capacity=form.cleaned_data["capacity"]
            )
        except services.RoomError as error:
            form.add_error(form.field_for(error.field), error.message)
        else:
            messages.success(request, _("The room is saved."))
            return redirect("hubs:rooms", slug=hub.slug)
    return render(
        request,
        "hubs/rooms.html",
        {"hub": hub, "rooms": hub.rooms.all(), "form": form, "room": room},
    )


@private_page
@permissions.staff_view
def team(request, slug):
    hub = _get_hub_for_staff(request, slug, permissions.can_manage_hub)
    grantable = permissions.grantable_roles(request.user, hub)
    form = GrantRoleForm(
        request.POST or None, roles=[(role, HubRole.Role(role).label) for role in grantable]
    )
    if request.method == "POST" and form.is_valid():
        person = (
            get_user_model()
            .objects.filter(email__iexact=form.cleaned_data["email"], is_active=True)
            .first()
        )
        if person is None:
            form.add_error("email", _("Nobody has an account with this e-mail address."))
        else:
            role_grant(
                granted_by=request.user, user=person, hub=hub, role=form.cleaned_data["role"]
            )
            messages.success(request, _("The role is given."))
            return redirect("hubs:team", slug=hub.slug)
    members = (
        HubRole.objects.filter(hub=hub).select_related("user").order_by("role", "user__pseudonym")
    )
    return render(
        request,
        "hubs/team.html",
        {"hub": hub, "members": members, "form": form, "grantable": grantable},
    )


@private_page
@permissions.staff_view
def team_revoke(request, slug, role_id):
    """Taking a role away: a page that asks first (GET), then the form's POST does it."""
    hub = _get_hub_for_staff(request, slug, permissions.can_manage_hub)
    hub_role = get_object_or_404(HubRole.objects.select_related("user", "hub"), pk=role_id, hub=hub)
    if request.method != "POST":
        if hub_role.role not in permissions.grantable_roles(request.user, hub):
            raise Http404
        return render(request, "hubs/team_revoke.html", {"hub": hub, "member": hub_role})
    try:
        role_revoke(revoked_by=request.user, hub_role=hub_role)
    except PermissionDenied:
        messages.error(request, _("You cannot take this role away."))
    else:
        messages.success(request, _("The role is taken away."))
    return redirect("hubs:team", slug=hub.slug)


# Writing to registrants -----------------------------------------------------------


def _get_message(hub: Hub, message_id: int) -> RegistrantMessage:
    return get_object_or_404(
        RegistrantMessage.objects.select_related("author"), pk=message_id, hub=hub
    )


@permissions.staff_view
def messages_sent(request, slug):
    hub = _get_hub_for_staff(request, slug, permissions.can_message_registrants)
    return render(request, "hubs/messages.html", {"hub": hub, "sent": messaging.hub_messages(hub)})


@permissions.staff_view
def message_new(request, slug):
    """Write, see how many families the group holds (and their languages), then send."""
    hub = _get_hub_for_staff(request, slug, permissions.can_message_registrants)
    form = RegistrantMessageForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        preview = messaging.recipients_preview(hub, form.cleaned_data["group"])
        if "send" in request.POST:
            if request.POST.get("previewed") != str(preview["count"]):
                form.add_error(
                    None,
                    _(
                        "The group has changed since you looked. Please check the number of "
                        "families below and send again."
                    ),
                )
            else:
                try:
                    message = messaging.registrant_message_send(
                        hub=hub, by=request.user, **form.cleaned_data
                    )
                except messaging.MessagingError as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(request, _("Your message is on its way."))
                    return redirect("hubs:message", slug=hub.slug, message_id=message.pk)
    return render(request, "hubs/message_new.html", {"hub": hub, "form": form, "preview": preview})


@permissions.staff_view
def message_detail(request, slug, message_id):
    hub = _get_hub_for_staff(request, slug, permissions.can_message_registrants)
    message = _get_message(hub, message_id)
    return render(
        request,
        "hubs/message_detail.html",
        {"hub": hub, "message": message, "progress": messaging.message_progress(message)},
    )


@permissions.staff_view
def message_progress(request, slug, message_id):
    """The progress part of the message's page, asked for every 2 s while sending;
    204 (nothing to redraw) when the counts the page shows have not changed."""
    hub = _get_hub_for_staff(request, slug, permissions.can_message_registrants)
    message = _get_message(hub, message_id)
    progress = messaging.message_progress(message)
    if request.GET.get("shown") == f"{progress['sent']}-{progress['failed']}":
        return HttpResponse(status=204)
    return render(
        request,
        "hubs/_message_progress.html",
        {"hub": hub, "message": message, "progress": progress},
    )

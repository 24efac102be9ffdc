"""The circle page: ground rules, waiting room, the room itself, and the end."""

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conference import permissions
from sessions_app import circles, jitsi
from sessions_app.models import CircleParticipant
from support.signals.models import SupportSignal

State = CircleParticipant.State
JITSI_HEALTH_CACHE_SECONDS = 30


class EnterForm(forms.Form):
    accept_rules = forms.BooleanField(
        label=gettext_lazy("I have read the ground rules and I accept them."),
        error_messages={
            "required": gettext_lazy("Please tick the box to accept the ground rules.")
        },
    )
    display_name = forms.CharField(
        label=gettext_lazy("Name others will see"),
        max_length=40,
        help_text=gettext_lazy("Your pseudonym, or another name you prefer for this circle."),
    )
    audio_only = forms.BooleanField(
        label=gettext_lazy("Audio only (camera off, less data): for weak connections"),
        required=False,
    )


def _get_circle_for_user(request, session_id: int):
    """The circle and the person's access to it; 404 for anyone with no place there:
    a family needs its place (enrolment) in the circle, or was removed from it (and
    is told so). A family that gave up its place, or was taken off, has none."""
    try:
        session = circles.get_circle(session_id)
    except circles.CircleError:
        raise Http404 from None
    access = circles.access_for(request.user, session)
    if not (access.runner or access.removed or circles.is_enrolled(request.user, session)):
        raise Http404
    return session, access


def _circle_permissions_policy(response) -> HttpResponse:
    """Let the Jitsi frame use the camera, microphone and screen sharing."""
    origin = f'"https://{settings.JITSI_DOMAIN}"'
    response["Permissions-Policy"] = (
        f"camera=(self {origin}), microphone=(self {origin}), "
        f"display-capture=(self {origin}), autoplay=(self {origin}), geolocation=()"
    )
    return response


def video_available() -> bool:
    """Whether the Jitsi deployment answers, asked at most every 30 s."""
    cached = cache.get("jitsi-health")
    if cached is None:
        cached = jitsi.JitsiClient().health().ok
        cache.set("jitsi-health", cached, JITSI_HEALTH_CACHE_SECONDS)
    return cached


def circle(request, session_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    session, access = _get_circle_for_user(request, session_id)
    if access.runner and permissions.needs_two_factor_setup(request.user):
        return redirect("conference:two_factor_required")
    context = {
        "session": session,
        "access": access,
        "hub": session.hub,
        "my_signals": SupportSignal.objects.filter(session=session, user=request.user),
    }
    if access.removed:
        return render(request, "sessions_app/circle_removed.html", context)
    if circles.is_ended(session):
        return render(request, "sessions_app/circle_ended.html", context)

    participant = access.participant
    if participant is not None and participant.state == State.ADMITTED:
        return _room(request, session, access, context)
    if participant is not None and participant.state == State.WAITING and request.method == "GET":
        return render(request, "sessions_app/circle_waiting.html", context)

    form = EnterForm(
        request.POST or None,
        initial={"display_name": request.user.display_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            circles.circle_enter(
                session=session,
                user=request.user,
                display_name=form.cleaned_data["display_name"],
                audio_only=form.cleaned_data["audio_only"],
                accept_rules=form.cleaned_data["accept_rules"],
            )
        except circles.CircleError as error:
            form.add_error(None, error.message)
        else:
            return redirect("circles:circle", session_id=session.pk)
    context["form"] = form
    context["open"] = session.is_live()
    context["left"] = participant is not None and participant.state == State.LEFT
    return render(request, "sessions_app/circle_enter.html", context)


@require_POST
def circle_leave(request, session_id):
    """The "Leave" button: a plain form, so it works whatever the script does."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    _session, access = _get_circle_for_user(request, session_id)
    circles.circle_leave(access=access)
    return redirect("circles:circle", session_id=session_id)


def circle_texts() -> dict:
    """The words the circle's script shows, in the page's language."""
    return {
        "speaker": _("%(name)s has the word.") % {"name": "{name}"},
        "speakerNone": _("Nobody has the word."),
        "noHands": _("No hands are raised."),
        "raise": _("Raise my hand"),
        "lower": _("Lower my hand"),
        "admit": _("Admit"),
        "give": _("Give the word"),
        "remove": _("Remove"),
        "removeConfirm": _("Remove %(name)s from the circle? They will not be able to come back.")
        % {"name": "{name}"},
        "hide": _("Hide"),
        "endConfirm": _("End the circle for everyone?"),
        "lock": _("Lock the circle"),
        "unlock": _("Unlock the circle"),
        "locked": _("The circle is locked: nobody new can come in."),
        "muted": _("The facilitator has muted everyone's microphone."),
        "supportSent": _(
            "Your request is sent. Someone from the support team will reach out to you."
        ),
        "supportSeen": _(
            "Someone from the support team has seen your signal and will write to you here."
        ),
        "supportClosed": _("Your conversation with the support team is closed."),
        "supportTeam": _("support team"),
        "openConversation": _("Open the conversation"),
        "acknowledge": _("I will reach out"),
        "close": _("Followed up"),
        "acknowledgedBy": _("Acknowledged by %(name)s") % {"name": "{name}"},
        "nobodyWaiting": _("Nobody is waiting."),
        "facilitator": _("facilitator"),
        "you": _("you"),
        "error": _("That did not work. Please try again."),
        "videoTitle": _("Video room of the circle"),
    }


def _room(request, session, access, context):
    room = jitsi.room_name(session.pk)
    available = video_available()
    token = None
    if available:
        token = jitsi.issue_token(
            user_id=request.user.pk,
            display_name=access.participant.display_name,
            room=room,
            moderator=access.runner,
        )
    context.update(
        {
            "participant": access.participant,
            "video_available": available,
            "socket_path": f"/ws/circles/{session.pk}/",
            "circle_config": {
                "jitsi": {
                    "available": available,
                    "domain": settings.JITSI_DOMAIN,
                    "scriptUrl": jitsi.external_api_url(),
                    "room": jitsi.iframe_room(room),
                    "jwt": token or "",
                    "displayName": access.participant.display_name,
                    "audioOnly": access.participant.audio_only,
                    "moderator": access.runner,
                    "lang": get_language(),
                },
                "texts": circle_texts(),
            },
        }
    )
    return _circle_permissions_policy(render(request, "sessions_app/circle_room.html", context))


def waiting_status(request, session_id):
    """Polled by the waiting page (htmx): refreshes the page once admitted, ended or
    no longer waiting. While nothing changes it answers 204 with no body, which htmx
    does not swap in: the status a screen reader announced is not announced again."""
    if not request.user.is_authenticated:
        raise Http404
    session, _access = _get_circle_for_user(request, session_id)
    state = circles.waiting_touch(session=session, user=request.user)
    response = HttpResponse(status=204)
    if state != State.WAITING:
        response["HX-Refresh"] = "true"
    return response

"""The support staff's signals list, and the private conversation pages. Plain
pages and forms: the scripts only make them live."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from conference import permissions
from conference import services as conference_services
from conference.access_log import What, access_log_record
from conference.models import HubRole
from conference.redirects import redirect_next
from hubs.models import Hub
from support.signals import selectors, services
from support.signals.models import SupportSignal


class MessageForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Your message"),
        max_length=services.MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


def _get_signal_for_handler(request, signal_id: int) -> SupportSignal:
    signal = (
        selectors.with_people(SupportSignal.objects.all())
        .select_related("session__hub")
        .filter(pk=signal_id)
        .first()
    )
    if signal is None or not permissions.can_handle_support_signals(request.user, signal.session):
        raise Http404
    return signal


def _signals_texts() -> dict:
    """What the live list announces, in the page's language."""
    return {
        "new": _("New support signal from %(name)s.") % {"name": "{name}"},
        "acknowledged": _("The signal of %(name)s was acknowledged.") % {"name": "{name}"},
        "closed": _("The signal of %(name)s is closed.") % {"name": "{name}"},
        "message": _("New message in the conversation with %(name)s.") % {"name": "{name}"},
    }


@permissions.staff_view
def signals(request):
    """Open support signals of the circles of the hubs where this person answers them;
    the page follows new signals, acknowledgements, closings and messages live."""
    hub_ids = permissions.support_signal_hub_ids(request.user)
    open_signals = list(selectors.open_signals(hub_ids))
    by_hub: dict = {}
    for signal in open_signals:
        by_hub[signal.session.hub_id] = by_hub.get(signal.session.hub_id, 0) + 1
    for hub_id, count in by_hub.items():
        access_log_record(
            actor=request.user, what=What.SIGNALS_LIST, hub=Hub(pk=hub_id), records=count
        )
    return render(
        request,
        "support_signals/signals.html",
        {
            "signals": open_signals,
            "concerns": selectors.open_forum_concerns(
                hub_ids, unplaced=permissions.is_global_admin(request.user)
            ),
            "watching": bool(hub_ids),
            "duties": HubRole.objects.filter(user=request.user, role=HubRole.Role.SUPPORT)
            .select_related("hub")
            .order_by("hub__name", "hub_id"),
            "texts": _signals_texts(),
        },
    )


@require_POST
@permissions.staff_view
def duty(request, hub_id):
    """Go on or off duty at a hub where this person is support staff."""
    on_duty = request.POST.get("on_duty") == "1"
    if not conference_services.duty_set(user=request.user, hub_id=hub_id, on_duty=on_duty):
        raise Http404
    return redirect("support_signals:list")


@require_GET
@permissions.staff_view
def signal_card(request, signal_id):
    """One signal's card, for the live list to swap in when the signal changes."""
    signal = _get_signal_for_handler(request, signal_id)
    signal = selectors.open_signals([signal.session.hub_id]).filter(pk=signal.pk).first()
    if signal is None:  # closed since
        return render(request, "support_signals/_signal_closed.html", {"signal_id": signal_id})
    return render(request, "support_signals/_signal_card.html", {"signal": signal})


@require_POST
@permissions.staff_view
def signal_update(request, signal_id):
    try:
        if request.POST.get("action") == "close":
            services.support_signal_close(
                user=request.user, signal_id=signal_id, note=request.POST.get("note", "")
            )
        else:
            services.support_signal_acknowledge(user=request.user, signal_id=signal_id)
    except services.SupportError as error:
        if error.code == "not_found":
            raise Http404 from None
    return redirect_next(request, "support_signals:list")


@login_required
def conversation(request, signal_id):
    """The private conversation of one support signal: the family who raised it and
    those who may handle it; 404 for everyone else."""
    try:
        signal = services.conversation_for(request.user, signal_id)
    except services.SupportError:
        raise Http404 from None
    staff = signal.user_id != request.user.pk
    if staff and permissions.needs_two_factor_setup(request.user):
        return redirect("conference:two_factor_required")
    if staff and request.method == "GET":
        access_log_record(
            actor=request.user,
            what=What.SIGNAL_CONVERSATION,
            hub=signal.session.hub,
            records=1,
        )
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_message_send(
                user=request.user, signal_id=signal.pk, body=form.cleaned_data["body"]
            )
        except services.SupportError as error:
            form.add_error("body", error.message)
        else:
            return redirect("support_signals:conversation", signal_id=signal.pk)
    return render(
        request,
        "support_signals/conversation.html",
        {
            "signal": signal,
            "hub": signal.session.hub,
            "staff": staff,
            "messages_list": signal.messages.all(),
            "form": form,
            "socket_path": f"/ws/support/conversations/{signal.pk}/",
            "texts": conversation_texts(staff=staff),
        },
    )


def conversation_texts(*, staff: bool) -> dict:
    """The words the conversation's script shows (also on the family's circle page)."""
    return {
        "supportTeam": _("support team"),
        "you": _("you"),
        "noMessages": _("No messages yet."),
        "acknowledged": (
            _("This signal is acknowledged.")
            if staff
            else _("Someone from the support team has seen your signal and will write to you here.")
        ),
        "closed": _("This conversation is closed. It can be read but takes no new messages."),
        "error": _("That did not work. Please try again."),
    }

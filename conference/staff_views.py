"""Staff pages of data protection: the staff access log, and erasing a member's
account on their request made by other means."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from conference import access_log, erasure, permissions
from conference.caching import private_page
from conference.models import StaffAccess
from hubs.models import Hub

PER_PAGE = 50


class AccessLogFilter(forms.Form):
    what = forms.ChoiceField(
        label=_("What"),
        required=False,
        choices=[("", _("Everything")), *list(StaffAccess.What.choices)],
    )
    actor = forms.CharField(label=_("Who (pseudonym)"), required=False, max_length=40)
    since = forms.DateField(
        label=_("From (year-month-day)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    hub = forms.ModelChoiceField(
        label=_("Hub"), required=False, queryset=Hub.objects.order_by("city"), to_field_name="slug"
    )


def _render_log(request, *, hub_ids, hub=None):
    form = AccessLogFilter(request.GET or None)
    if hub is not None:
        del form.fields["hub"]
    filters = form.cleaned_data if form.is_valid() else {}
    rows = access_log.entries(
        hub_ids=hub_ids,
        hub_id=(filters.get("hub").pk if filters.get("hub") else None),
        what=filters.get("what", ""),
        actor=filters.get("actor", ""),
        since=filters.get("since"),
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "privacy/access_log.html",
        {"form": form, "page": page, "hub": hub, "filters": query.urlencode()},
    )


@private_page
@permissions.staff_view
def access_log_all(request):
    if not permissions.can_read_access_log(request.user):
        raise Http404
    return _render_log(request, hub_ids=None)


@private_page
@permissions.staff_view
def access_log_hub(request, slug):
    hub = get_object_or_404(Hub, slug=slug)
    if not permissions.can_read_access_log(request.user, hub):
        raise Http404
    return _render_log(request, hub_ids=[hub.pk], hub=hub)


class MemberEraseForm(forms.Form):
    email = forms.EmailField(label=_("The member's e-mail address"))
    password = forms.CharField(
        label=_("Your own password, to confirm"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_(
            "The member asked us to delete their account, and we checked that the request "
            "is theirs."
        )
    )


@private_page
@permissions.staff_view
def member_erase(request):
    """The secretariat erases an account on the family's request made by other means.
    The audit log keeps that it happened and who did it, not whose account it was."""
    if not permissions.can_erase_members(request.user):
        raise Http404
    form = MemberEraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = (
            get_user_model()
            .objects.filter(email__iexact=form.cleaned_data["email"].strip())
            .first()
        )
        if not request.user.check_password(form.cleaned_data["password"]):
            form.add_error("password", gettext("This is not your password."))
        elif member is None:
            form.add_error("email", gettext("Nobody has an account with this e-mail address."))
        elif member.pk == request.user.pk:
            form.add_error("email", gettext("To delete your own account, use your account page."))
        else:
            try:
                erasure.account_erase(user=member, by=request.user)
            except erasure.ErasureRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, gettext("The account is deleted."))
                return redirect("conference:member_erase")
    return render(request, "privacy/member_erase.html", {"form": form})

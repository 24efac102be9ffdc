"""Staff pages of data protection: the staff access log, and erasing a member's
account on their request made by other means."""

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from conference import access_log, permissions
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

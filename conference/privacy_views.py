"""The member's data-protection pages: the notices, what they agreed to, asking
again, "my data" and deleting the account. Thin: the rules are in
conference/consent.py, conference/data_rights.py and conference/erasure.py."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from conference import consent, data_rights, erasure
from conference.caching import private_page
from conference.notices import NOTICES
from conference.redirects import redirect_next


def notices(request):
    """Every notice, for anyone, before they sign up."""
    return render(request, "privacy/notices.html", {"notices": NOTICES.values()})


@private_page
@login_required
def my_privacy(request):
    standing = consent.standing_consents(request.user)
    rows = [
        {
            "notice": notice,
            "consent": standing.get(key),
            "on": consent.has_consent(request.user, key) if notice.needs_consent else None,
        }
        for key, notice in NOTICES.items()
    ]
    return render(request, "privacy/my_privacy.html", {"rows": rows})


@require_POST
@login_required
def consent_change(request, purpose):
    notice = NOTICES.get(purpose)
    if notice is None or not notice.withdrawable:
        raise Http404
    if request.POST.get("on") == "1":
        consent.consent_give(user=request.user, purpose=purpose)
        messages.success(request, _("Thank you: it is on."))
    else:
        consent.consent_withdraw(user=request.user, purpose=purpose)
        messages.success(request, _("Done: it is off from now on."))
    return redirect("conference:my_privacy")


@private_page
@login_required
def notices_review(request):
    """A notice the member agreed to has changed in substance: read it and agree
    again, or see how to stop."""
    changed = [NOTICES[key] for key in consent.outdated(request.user)]
    if request.method == "POST":
        for notice in changed:
            consent.consent_give(user=request.user, purpose=notice.key)
        messages.success(request, _("Thank you. Your answer is recorded."))
        return redirect_next(request, "home")
    if not changed:
        return redirect_next(request, "home")
    return render(
        request,
        "privacy/review.html",
        {"notices": changed, "next": request.GET.get("next", "")},
    )


# "My data" --------------------------------------------------------------------------------


def _export_context(request):
    export = data_rights.latest_export(request.user)
    return {
        "export": export,
        "token": data_rights.download_token(export) if export and export.status == "ready" else "",
        "expired": bool(export and export.expires_at and export.expires_at <= timezone.now()),
        "export_days": data_rights.export_days(),
    }


@private_page
@login_required
def my_data(request):
    if request.method == "POST":
        try:
            data_rights.data_export_request(user=request.user)
        except data_rights.DataRightsError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "We are preparing your data. This page shows the progress; we will also "
                    "write to you when it is ready."
                ),
            )
        return redirect("conference:my_data")
    return render(request, "privacy/my_data.html", _export_context(request))


@private_page
@login_required
def my_data_progress(request):
    """The progress part of the page, asked for every 2 s while the archive is built."""
    return render(request, "privacy/_export_progress.html", _export_context(request))


@private_page
@login_required
def my_data_download(request, token):
    try:
        export = data_rights.export_for_download(token=token, user=request.user)
    except data_rights.DataRightsError as error:
        return render(
            request, "privacy/export_link_invalid.html", {"message": error.message}, status=404
        )
    response = HttpResponse(bytes(export.archive), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="family-links-hub-my-data.zip"'
    return response


# Deleting the account -----------------------------------------------------------------------


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator app, or a recovery code"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that this cannot be undone."),
        error_messages={"required": gettext_lazy("Please tick the box to confirm.")},
    )

    def __init__(self, *args, second_factor: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not second_factor:
            del self.fields["code"]


@private_page
@login_required
def account_delete(request):
    user = request.user
    second_factor = erasure.needs_second_factor(user)
    form = DeleteAccountForm(request.POST or None, second_factor=second_factor)
    if request.method == "POST" and form.is_valid():
        try:
            erasure.confirm_identity(
                user=user,
                password=form.cleaned_data["password"],
                code=form.cleaned_data.get("code", ""),
            )
            erasure.account_erase(user=user)
        except erasure.ErasureRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            logout(request)
            return redirect("conference:account_deleted")
    return render(
        request,
        "privacy/delete.html",
        {
            "form": form,
            "in_live_circle": erasure.live_circles_joined(user),
            "leading_live_circle": erasure.live_circles_led(user),
        },
    )


def account_deleted(request):
    return render(request, "privacy/deleted.html")

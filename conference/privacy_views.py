"""The member's data-protection pages: the notices, what they agreed to, asking
again, "my data" and deleting the account. Thin: the rules are in
conference/consent.py, conference/data_rights.py and conference/erasure.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conference import consent
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

from django.contrib import admin
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from conference.permissions import needs_two_factor_setup


class AdminSite(admin.AdminSite):
    site_header = _("Family Links Hub administration")
    site_title = _("Family Links Hub")

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            if request.user.is_authenticated and needs_two_factor_setup(request.user):
                return redirect("conference:two_factor_required")
            return inner(request, *args, **kwargs)

        guarded.__dict__.update(inner.__dict__)
        return guarded

from django.contrib import admin
from django.urls import include, path

from conference import metrics, views

conference_patterns = [
    path("account/profile/", views.profile, name="profile"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/two-factor/", views.two_factor_required, name="two_factor_required"),
    path("i18n/setlang/", views.set_language, name="set_language"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("", include((conference_patterns, "conference"))),
    path("", include("hubs.urls")),
    path("", include("sessions_app.urls")),
    path("", include("sessions_app.circle_urls")),
    path("", include("support.signals.urls")),
    path("", include("support.library.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

# A database or Redis that does not answer gets "please try again in a moment" (503).
handler500 = "conference.shedding.server_error"

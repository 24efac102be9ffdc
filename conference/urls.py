from django.contrib import admin
from django.urls import include, path

from conference import metrics, privacy_views, staff_views, views

conference_patterns = [
    path("account/profile/", views.profile, name="profile"),
    path("privacy/", privacy_views.notices, name="notices"),
    path("account/privacy/", privacy_views.my_privacy, name="my_privacy"),
    path("account/privacy/review/", privacy_views.notices_review, name="notices_review"),
    path("account/delete/", privacy_views.account_delete, name="account_delete"),
    path("account/deleted/", privacy_views.account_deleted, name="account_deleted"),
    path("staff/erase/", staff_views.member_erase, name="member_erase"),
    path("account/data/", privacy_views.my_data, name="my_data"),
    path("account/data/progress/", privacy_views.my_data_progress, name="my_data_progress"),
    path(
        "account/data/download/<str:token>/",
        privacy_views.my_data_download,
        name="my_data_download",
    ),
    path("account/privacy/<str:purpose>/", privacy_views.consent_change, name="consent_change"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/access-log/", staff_views.access_log_all, name="access_log"),
    path("hubs/<slug:slug>/access-log/", staff_views.access_log_hub, name="hub_access_log"),
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
    path("", include("support.forum.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

# A database or Redis that does not answer gets "please try again in a moment" (503).
handler500 = "conference.shedding.server_error"

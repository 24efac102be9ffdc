from django.urls import path

from sessions_app import views

app_name = "sessions_app"

urlpatterns = [
    path("programme/", views.programme, name="programme"),
    path("programme/now/", views.programme_now, name="now"),
    path("programme/mine/", views.my_programme, name="mine"),
    path("programme/mine/new-calendar-address/", views.feed_renew, name="feed_renew"),
    path("programme/feed/<str:token>.ics", views.feed, name="feed"),
    path("programme/sessions/<int:pk>/", views.session_detail, name="session"),
    path("programme/sessions/<int:pk>/session.ics", views.session_ics, name="session_ics"),
    path("programme/sessions/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("programme/sessions/<int:pk>/leave/", views.enrolment_cancel, name="enrolment_cancel"),
    path("programme/sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("programme/sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("programme/plenaries/", views.plenaries, name="plenaries"),
    path("programme/plenaries/new/", views.plenary_new, name="plenary_new"),
    path("hubs/<slug:slug>/programme/", views.hub_schedule, name="hub_schedule"),
    path("hubs/<slug:slug>/programme/new/", views.hub_session_new, name="hub_session_new"),
    path("hubs/<slug:slug>/circles-now/", views.hub_circles_now, name="hub_circles_now"),
]

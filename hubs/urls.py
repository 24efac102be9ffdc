from django.urls import path

from hubs import views

app_name = "hubs"

urlpatterns = [
    path("hubs/", views.hub_list, name="list"),
    path("hubs/<slug:slug>/", views.hub_detail, name="detail"),
    path("hubs/<slug:slug>/register/", views.register, name="register"),
    path("hubs/<slug:slug>/desk/", views.desk, name="desk"),
    path("hubs/<slug:slug>/dashboard/", views.hub_dashboard, name="dashboard"),
    path("hubs/<slug:slug>/registrations/", views.hub_registrations, name="registrations"),
    path("hubs/<slug:slug>/export.csv", views.hub_export, name="export"),
    path("hubs/<slug:slug>/settings/", views.hub_settings, name="settings"),
    path("hubs/<slug:slug>/rooms/", views.rooms, name="rooms"),
    path("hubs/<slug:slug>/rooms/<int:room_id>/", views.rooms, name="room"),
    path("hubs/<slug:slug>/team/", views.team, name="team"),
    path("hubs/<slug:slug>/team/<int:role_id>/revoke/", views.team_revoke, name="team_revoke"),
    path("hubs/<slug:slug>/messages/", views.messages_sent, name="messages"),
    path("hubs/<slug:slug>/messages/new/", views.message_new, name="message_new"),
    path("hubs/<slug:slug>/messages/<int:message_id>/", views.message_detail, name="message"),
    path(
        "hubs/<slug:slug>/messages/<int:message_id>/progress/",
        views.message_progress,
        name="message_progress",
    ),
    path("my-registration/", views.mine, name="mine"),
    path("my-registration/cancel/", views.cancel, name="cancel"),
    path("my-registration/conference.ics", views.ticket_ics, name="ticket_ics"),
]

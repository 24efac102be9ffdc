from django.urls import path

from support.library import views

app_name = "library"

urlpatterns = [
    path("library/", views.library, name="index"),
    path("library/topics/<slug:slug>/", views.topic, name="topic"),
    path("library/<int:pk>/", views.resource_detail, name="resource"),
    path("library/<int:pk>/file/", views.resource_file, name="file"),
    path("library/staff/", views.staff, name="staff"),
    path("library/staff/new/", views.resource_create, name="create"),
    path("library/staff/<int:pk>/edit/", views.resource_edit, name="edit"),
    path(
        "library/staff/<int:pk>/<slug:action>/",
        views.resource_transition,
        name="transition",
    ),
    path("help/", views.help_directory, name="help"),
    path("help/manage/", views.services_manage, name="services_manage"),
    path("help/manage/new/", views.service_edit, name="service_create"),
    path("help/manage/<int:pk>/", views.service_edit, name="service_edit"),
    path("help/manage/<int:pk>/delete/", views.service_delete, name="service_delete"),
]

from django.urls import path

from sessions_app import circle_views

app_name = "circles"

urlpatterns = [
    path("circles/<int:session_id>/", circle_views.circle, name="circle"),
    path("circles/<int:session_id>/leave/", circle_views.circle_leave, name="leave"),
    path("circles/<int:session_id>/status/", circle_views.waiting_status, name="waiting_status"),
]

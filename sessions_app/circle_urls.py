from django.urls import path

from sessions_app import circle_views

app_name = "circles"

urlpatterns = [
    path("circles/<int:session_id>/", circle_views.circle, name="circle"),
    path("circles/<int:session_id>/status/", circle_views.waiting_status, name="waiting_status"),
    path("support/signals/", circle_views.signals, name="signals"),
    path("support/signals/<int:signal_id>/", circle_views.signal_update, name="signal_update"),
]

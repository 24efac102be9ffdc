from django.urls import path  # noqa: F401 - routes are added by the programme and circle pages

app_name = "sessions_app"

urlpatterns: list = []

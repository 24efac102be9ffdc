from django.urls import path

from support.signals import views

app_name = "support_signals"

urlpatterns = [
    path("support/signals/", views.signals, name="list"),
    path("support/signals/<int:signal_id>/", views.signal_update, name="update"),
    path("support/signals/duty/<int:hub_id>/", views.duty, name="duty"),
    path("support/signals/<int:signal_id>/card/", views.signal_card, name="card"),
    path("support/conversations/<int:signal_id>/", views.conversation, name="conversation"),
]

from django.urls import path

from hubs import consumers

websocket_urlpatterns = [
    path("ws/hubs/<int:hub_id>/desk/", consumers.DeskConsumer.as_asgi()),
]

from django.urls import path

from support.signals import consumers

websocket_urlpatterns = [
    path("ws/support/signals/", consumers.SupportSignalsConsumer.as_asgi()),
    path("ws/support/conversations/<int:signal_id>/", consumers.ConversationConsumer.as_asgi()),
]

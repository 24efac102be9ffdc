from django.urls import path

from sessions_app import consumers

websocket_urlpatterns = [
    path("ws/circles/<int:session_id>/", consumers.CircleConsumer.as_asgi()),
]

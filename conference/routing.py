"""WebSocket routes of every app, gathered for conference/asgi.py."""

from hubs.routing import websocket_urlpatterns as hub_routes
from sessions_app.routing import websocket_urlpatterns as session_routes
from support.forum.routing import websocket_urlpatterns as forum_routes
from support.signals.routing import websocket_urlpatterns as support_routes

websocket_urlpatterns = [*hub_routes, *session_routes, *support_routes, *forum_routes]

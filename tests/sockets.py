"""WebSocket test helpers: a real session cookie, through the real ASGI stack."""

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from conference.asgi import application


@database_sync_to_async
def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


async def socket_for(user, path: str, *, origin: str = "http://localhost") -> WebsocketCommunicator:
    """A communicator for `path` as `user` (None: signed out), not yet connected."""
    headers = [(b"origin", origin.encode())]
    if user is not None:
        cookie = await _session_cookie(user)
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    return WebsocketCommunicator(application, path, headers=headers)

"""Our small Jitsi Meet client: room names, tokens, and the deployment's HTTP endpoints.

- Room names are derived from the session id and a server secret (HMAC), so nobody
  can guess a circle's room from its number.
- Tokens follow Jitsi's token authentication (prosody `token_verification`, HS256
  with the app id and secret), or 8x8 JaaS (RS256 with a key id). Facilitators are
  marked moderators and owners, and may pass Jitsi's own lobby
  (`context.user.lobby_bypass`, read by the jitsi-contrib `token_lobby_bypass`
  module). Recording, live streaming, transcription and dial-out are off. No
  e-mail address ever goes into a token.
- The client asks Jicofo's health check (`/about/health`: 200 when healthy) and
  Prosody's `mod_muc_size` (`/room-size?room=&domain=` answering
  `{"participants": N}`, 404 while the room does not exist). It never raises on
  network trouble: it answers "unknown" and the circle keeps working without video.
"""

import asyncio
import base64
import datetime
import hashlib
import hmac
import logging
from dataclasses import dataclass
from functools import cache

import httpx
import jwt
from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

ROOM_PREFIX = "flh"
CLOCK_SKEW = datetime.timedelta(seconds=60)
FEATURES_OFF = {
    "livestreaming": False,
    "recording": False,
    "transcription": False,
    "outbound-call": False,
    "sip-outbound-call": False,
}


def room_name(session_id: int, *, secret: str | None = None) -> str:
    """`flh` and 32 base32 letters/digits: stable per circle, unguessable without the secret."""
    key = (secret or settings.JITSI_ROOM_SECRET).encode()
    digest = hmac.new(key, f"circle:{session_id}".encode(), hashlib.sha256).digest()
    return ROOM_PREFIX + base64.b32encode(digest[:20]).decode().lower().rstrip("=")


def token_mode() -> str:
    """ "none" (no tokens), "hs256" (own Jitsi with token auth) or "jaas" (8x8)."""
    if settings.JITSI_JAAS_KEY_ID:
        return "jaas"
    if settings.JITSI_APP_ID and settings.JITSI_APP_SECRET:
        return "hs256"
    return "none"


@cache
def _jaas_private_key(path: str) -> str:
    with open(path) as key_file:
        return key_file.read()


def issue_token(
    *, user_id: int, display_name: str, room: str, moderator: bool, now=None
) -> str | None:
    """A short-lived token for one person in one room, or None when tokens are off."""
    mode = token_mode()
    if mode == "none":
        return None
    now = now or timezone.now()
    user = {
        "id": str(user_id),
        "name": display_name,
        "moderator": moderator,
        "affiliation": "owner" if moderator else "member",
        "lobby_bypass": moderator,
    }
    claims = {
        "iat": int(now.timestamp()),
        "nbf": int((now - CLOCK_SKEW).timestamp()),
        "exp": int((now + datetime.timedelta(seconds=settings.JITSI_TOKEN_LIFETIME)).timestamp()),
        "room": room,
        "context": {"user": user, "features": FEATURES_OFF},
    }
    if mode == "jaas":
        # JaaS reads string flags and names the tenant in `sub`.
        user["moderator"] = "true" if moderator else "false"
        claims.update({"aud": "jitsi", "iss": "chat", "sub": settings.JITSI_APP_ID})
        return jwt.encode(
            claims,
            _jaas_private_key(settings.JITSI_JAAS_PRIVATE_KEY_FILE),
            algorithm="RS256",
            headers={"kid": f"{settings.JITSI_APP_ID}/{settings.JITSI_JAAS_KEY_ID}"},
        )
    claims.update(
        {
            "aud": settings.JITSI_TOKEN_AUDIENCE,
            "iss": settings.JITSI_APP_ID,
            "sub": settings.JITSI_DOMAIN,
        }
    )
    return jwt.encode(claims, settings.JITSI_APP_SECRET, algorithm="HS256")


def iframe_room(room: str) -> str:
    """The room name as the IFrame API wants it: JaaS rooms live under the tenant."""
    return f"{settings.JITSI_APP_ID}/{room}" if token_mode() == "jaas" else room


def external_api_url() -> str:
    """Where the IFrame API script is served (JaaS: under the tenant)."""
    if token_mode() == "jaas":
        return f"https://{settings.JITSI_DOMAIN}/{settings.JITSI_APP_ID}/external_api.js"
    return f"https://{settings.JITSI_DOMAIN}/external_api.js"


# The deployment's HTTP endpoints -----------------------------------------------------


@dataclass(frozen=True)
class Health:
    ok: bool
    detail: str  # "ok", "timeout", "unreachable", "http 503"…


def _health_from(response: httpx.Response) -> Health:
    if response.status_code == 200:
        return Health(True, "ok")
    return Health(False, f"http {response.status_code}")


def _size_from(response: httpx.Response, room: str) -> int | None:
    if response.status_code == 404:
        return 0  # nobody has opened the room yet
    if response.status_code != 200:
        logger.warning("jitsi room-size for %s: http %s", room, response.status_code)
        return None
    try:
        participants = response.json()["participants"]
    except (ValueError, KeyError, TypeError):
        logger.warning("jitsi room-size for %s: unexpected answer", room)
        return None
    return participants if isinstance(participants, int) and participants >= 0 else None


def _trouble(exc: Exception) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "timeout"
    return "unreachable"


class JitsiClient:
    def __init__(self, *, health_url=None, room_size_url=None, xmpp_domain=None, timeout=None):
        self.health_url = health_url or settings.JITSI_HEALTH_URL
        self.room_size_url = room_size_url or settings.JITSI_ROOM_SIZE_URL
        self.xmpp_domain = xmpp_domain or settings.JITSI_XMPP_DOMAIN
        self.timeout = timeout or settings.JITSI_HTTP_TIMEOUT

    def _params(self, room: str) -> dict:
        return {"room": room, "domain": self.xmpp_domain}

    # For views -----------------------------------------------------------------------

    def health(self) -> Health:
        try:
            with httpx.Client(timeout=self.timeout) as client:
                return _health_from(client.get(self.health_url))
        except httpx.HTTPError as exc:
            logger.warning("jitsi health: %r", exc)
            return Health(False, _trouble(exc))

    def room_size(self, room: str) -> int | None:
        try:
            with httpx.Client(timeout=self.timeout) as client:
                return _size_from(client.get(self.room_size_url, params=self._params(room)), room)
        except httpx.HTTPError as exc:
            logger.warning("jitsi room-size for %s: %r", room, exc)
            return None

    def rooms_sizes(self, rooms: list[str]) -> dict[str, int | None]:
        """Several rooms at once, in about one timeout whatever their number."""
        return asyncio.run(self.arooms_sizes(rooms)) if rooms else {}

    # For consumers and other async code ------------------------------------------------

    async def ahealth(self) -> Health:
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as client:
                return _health_from(await client.get(self.health_url))
        except httpx.HTTPError as exc:
            logger.warning("jitsi health: %r", exc)
            return Health(False, _trouble(exc))

    async def aroom_size(self, room: str, client: httpx.AsyncClient | None = None) -> int | None:
        try:
            if client is None:
                async with httpx.AsyncClient(timeout=self.timeout) as own:
                    response = await own.get(self.room_size_url, params=self._params(room))
            else:
                response = await client.get(self.room_size_url, params=self._params(room))
        except httpx.HTTPError as exc:
            logger.warning("jitsi room-size for %s: %r", room, exc)
            return None
        return _size_from(response, room)

    async def arooms_sizes(self, rooms: list[str]) -> dict[str, int | None]:
        async with httpx.AsyncClient(timeout=self.timeout) as client:
            sizes = await asyncio.gather(*(self.aroom_size(room, client) for room in rooms))
        return dict(zip(rooms, sizes, strict=True))

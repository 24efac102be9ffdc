"""Room names, tokens and the Jitsi client, against an in-process server that
answers as Jitsi's documented endpoints do."""

import datetime
import re
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.utils import timezone

from sessions_app import jitsi
from tests.jitsi_fake import XMPP_DOMAIN, FakeJitsi

NOW = datetime.datetime(2025, 11, 21, 9, 0, tzinfo=datetime.UTC)


# Room names --------------------------------------------------------------------------


def test_room_names_are_stable_and_differ_per_circle(settings):
    settings.JITSI_ROOM_SECRET = "s" * 50
    assert jitsi.room_name(7) == jitsi.room_name(7)
    names = {jitsi.room_name(n) for n in range(1000)}
    assert len(names) == 1000
    assert all(re.fullmatch(r"flh[a-z2-7]{32}", name) for name in names)


def test_room_names_cannot_be_derived_without_the_secret(settings):
    settings.JITSI_ROOM_SECRET = "first-secret-" * 5
    first = jitsi.room_name(42)
    # Without the secret, the obvious guesses give other names.
    for guess in ("", "42", "circle:42", "family-links"):
        assert jitsi.room_name(42, secret=guess or "x") != first
    settings.JITSI_ROOM_SECRET = "second-secret-" * 5
    assert jitsi.room_name(42) != first
    # 160 bits of the HMAC: no room is found by trying names.
    assert len(first) - len("flh") == 32


# Tokens ------------------------------------------------------------------------------


@pytest.fixture
def hs256(settings):
    settings.JITSI_APP_ID = "family-links"
    settings.JITSI_APP_SECRET = "x" * 40
    settings.JITSI_JAAS_KEY_ID = None
    settings.JITSI_DOMAIN = "meet.example.org"
    settings.JITSI_TOKEN_LIFETIME = 3 * 3600
    return settings


def _decode(token, settings):
    return jwt.decode(
        token,
        settings.JITSI_APP_SECRET,
        algorithms=["HS256"],
        audience="jitsi",
        options={"verify_exp": False, "verify_nbf": False, "verify_iat": False},
    )


def test_no_token_without_credentials(settings):
    settings.JITSI_APP_ID = settings.JITSI_APP_SECRET = settings.JITSI_JAAS_KEY_ID = None
    assert jitsi.token_mode() == "none"
    assert jitsi.issue_token(user_id=1, display_name="Gul", room="r", moderator=False) is None


def test_family_token_claims(hs256):
    token = jitsi.issue_token(
        user_id=12, display_name="Gul", room="flhroom", moderator=False, now=NOW
    )
    claims = _decode(token, hs256)
    assert claims["iss"] == "family-links"
    assert claims["aud"] == "jitsi"
    assert claims["sub"] == "meet.example.org"
    assert claims["room"] == "flhroom"
    assert claims["exp"] - claims["iat"] == 3 * 3600
    assert claims["iat"] - claims["nbf"] == 60
    assert claims["iat"] == int(NOW.timestamp())
    user = claims["context"]["user"]
    assert user == {
        "id": "12",
        "name": "Gul",
        "moderator": False,
        "affiliation": "member",
        "lobby_bypass": False,
    }
    assert "email" not in str(claims)
    assert set(claims["context"]["features"].values()) == {False}


def test_facilitator_token_is_moderator_and_passes_the_lobby(hs256):
    claims = _decode(
        jitsi.issue_token(user_id=3, display_name="Reza", room="flhroom", moderator=True), hs256
    )
    user = claims["context"]["user"]
    assert (user["moderator"], user["affiliation"], user["lobby_bypass"]) == (True, "owner", True)


def test_token_expires(hs256):
    token = jitsi.issue_token(
        user_id=1, display_name="Gul", room="r", moderator=False, now=timezone.now()
    )
    jwt.decode(token, hs256.JITSI_APP_SECRET, algorithms=["HS256"], audience="jitsi")
    old = jitsi.issue_token(
        user_id=1,
        display_name="Gul",
        room="r",
        moderator=False,
        now=timezone.now() - datetime.timedelta(hours=4),
    )
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(old, hs256.JITSI_APP_SECRET, algorithms=["HS256"], audience="jitsi")
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, "another-secret-" * 3, algorithms=["HS256"], audience="jitsi")


def test_jaas_tokens_are_rs256_with_a_key_id(settings, tmp_path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path = tmp_path / "jaas.pem"
    path.write_bytes(pem)
    settings.JITSI_APP_ID = "vpaas-magic-cookie-abc"
    settings.JITSI_APP_SECRET = None
    settings.JITSI_JAAS_KEY_ID = "key1"
    settings.JITSI_JAAS_PRIVATE_KEY_FILE = str(path)
    settings.JITSI_DOMAIN = "8x8.vc"
    assert jitsi.token_mode() == "jaas"
    token = jitsi.issue_token(user_id=5, display_name="Reza", room="flhroom", moderator=True)
    assert jwt.get_unverified_header(token) == {
        "alg": "RS256",
        "kid": "vpaas-magic-cookie-abc/key1",
        "typ": "JWT",
    }
    claims = jwt.decode(token, key.public_key(), algorithms=["RS256"], audience="jitsi")
    assert (claims["iss"], claims["sub"], claims["room"]) == (
        "chat",
        "vpaas-magic-cookie-abc",
        "flhroom",
    )
    assert claims["context"]["user"]["moderator"] == "true"
    assert jitsi.iframe_room("flhroom") == "vpaas-magic-cookie-abc/flhroom"
    assert jitsi.external_api_url() == "https://8x8.vc/vpaas-magic-cookie-abc/external_api.js"


# The client ------------------------------------------------------------------------


@pytest.fixture
def fake():
    with FakeJitsi(rooms={"flhcircle": 3}) as server:
        yield server


def client_for(fake, timeout=0.5):
    return jitsi.JitsiClient(
        health_url=fake.health_url,
        room_size_url=fake.room_size_url,
        xmpp_domain=XMPP_DOMAIN,
        timeout=timeout,
    )


def test_normal(fake):
    client = client_for(fake)
    assert client.health() == jitsi.Health(True, "ok")
    assert client.room_size("flhcircle") == 3
    assert client.room_size("flhnobodyyet") == 0  # 404: the room does not exist yet
    assert f"domain={XMPP_DOMAIN}" in fake.requests[-1]


def test_jitsi_unhealthy(fake):
    fake.healthy = False
    assert client_for(fake).health() == jitsi.Health(False, "http 500")


def test_slow_jitsi_times_out(fake):
    fake.delay = 3
    client = client_for(fake, timeout=0.3)
    started = time.monotonic()
    assert client.health() == jitsi.Health(False, "timeout")
    assert client.room_size("flhcircle") is None
    assert time.monotonic() - started < 2


def test_jitsi_down(fake):
    fake.stop()
    client = client_for(fake)
    assert client.health() == jitsi.Health(False, "unreachable")
    assert client.room_size("flhcircle") is None


def test_nonsense_answers_are_unknown(fake):
    fake.garbage = True
    assert client_for(fake).room_size("flhcircle") is None


async def test_async_client(fake):
    client = client_for(fake)
    assert await client.ahealth() == jitsi.Health(True, "ok")
    assert await client.aroom_size("flhcircle") == 3
    fake.stop()
    assert await client.ahealth() == jitsi.Health(False, "unreachable")
    assert await client.aroom_size("flhcircle") is None


def test_many_rooms_take_about_one_timeout(fake):
    fake.delay = 2
    client = client_for(fake, timeout=0.5)
    rooms = [f"flhroom{n}" for n in range(8)]
    started = time.monotonic()
    sizes = client.rooms_sizes(rooms)
    assert sizes == dict.fromkeys(rooms)
    assert time.monotonic() - started < 1.5


def test_many_rooms_normal(fake):
    fake.rooms["flhother"] = 1
    assert client_for(fake).rooms_sizes(["flhcircle", "flhother", "flhempty"]) == {
        "flhcircle": 3,
        "flhother": 1,
        "flhempty": 0,
    }

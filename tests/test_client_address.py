"""Login rate limits count per real client address: an X-Forwarded-For header a
client makes up changes nothing, behind the shipped nginx and Daphne as deployed."""

import httpx
import pytest
from allauth.account.adapter import get_adapter
from django.test import RequestFactory

from tests import nginx_emulation
from tests.server_process import daphne_as_deployed, deployed_arguments, dockerfile_command

# allauth's default: ten failed logins a minute per address ("10/m/ip").
FAILED_LOGINS_PER_MINUTE = 10
TOO_MANY = "Too many failed login attempts"
WRONG = "you specified are not correct"


def _failed_login(server_url: str, *, peer: str, client_headers: dict, number: int) -> str:
    """One wrong password (for a new address each time, so only the per-address limit
    counts), sent as nginx would forward it for a client at `peer`."""
    with httpx.Client(base_url=server_url, timeout=20) as http:
        headers = nginx_emulation.forwarded_headers(
            {"Host": server_url.removeprefix("http://"), **client_headers}, peer=peer
        )
        page = http.get("/accounts/login/", headers=headers)
        assert page.status_code == 200, page.text
        token = page.cookies["csrftoken"]
        response = http.post(
            "/accounts/login/",
            data={
                "login": f"nobody{number}@example.net",
                "password": "wrong",
                "csrfmiddlewaretoken": token,
            },
            headers={**headers, "Referer": f"{server_url}/accounts/login/"},
        )
    assert response.status_code in (200, 429), response.text[:500]
    return f"{response.status_code} {response.text}"


@pytest.mark.django_db(transaction=True)
def test_forged_forwarded_for_does_not_escape_the_login_limit(tmp_path):
    attacker = "203.0.113.9"
    with daphne_as_deployed(tmp_path) as server:
        answers = [
            _failed_login(
                server.url,
                peer=attacker,
                client_headers={
                    "X-Forwarded-For": f"198.51.100.{number}",
                    "X-Real-IP": f"192.0.2.{number}",
                },
                number=number,
            )
            for number in range(FAILED_LOGINS_PER_MINUTE + 1)
        ]
        someone_else = _failed_login(server.url, peer="203.0.113.77", client_headers={}, number=99)
    assert all(WRONG in answer for answer in answers[:FAILED_LOGINS_PER_MINUTE])
    assert TOO_MANY in answers[-1] or answers[-1].startswith("429")
    # The limit is per address, not for everyone.
    assert TOO_MANY not in someone_else


@pytest.mark.django_db(transaction=True)
def test_behind_a_tls_proxy_the_limit_follows_the_address_it_saw(tmp_path):
    """The TLS terminator in front of nginx (on a private network nginx trusts)
    appends the address it saw; what the client put before it is ignored."""
    tls_proxy = "172.18.0.1"
    with daphne_as_deployed(tmp_path) as server:
        answers = [
            _failed_login(
                server.url,
                peer=tls_proxy,
                client_headers={"X-Forwarded-For": f"198.51.100.{number}, 198.51.100.200"},
                number=number,
            )
            for number in range(FAILED_LOGINS_PER_MINUTE + 1)
        ]
        other_client = _failed_login(
            server.url,
            peer=tls_proxy,
            client_headers={"X-Forwarded-For": "198.51.100.201"},
            number=99,
        )
    assert all(WRONG in answer for answer in answers[:FAILED_LOGINS_PER_MINUTE])
    assert TOO_MANY in answers[-1] or answers[-1].startswith("429")
    # Another client behind the same TLS proxy is not locked out with the first.
    assert TOO_MANY not in other_client


def test_nginx_replaces_the_forwarded_address_instead_of_appending():
    conf = nginx_emulation.CONF.read_text()
    assert "$proxy_add_x_forwarded_for" not in nginx_emulation._without_comments(conf)
    for path in ("/", "/ws/"):
        headers = nginx_emulation.proxy_headers(nginx_emulation.location_block(path))
        assert headers["x-forwarded-for"] == "$remote_addr", path
        assert headers["x-real-ip"] == "$remote_addr", path
    sent = nginx_emulation.forwarded_headers(
        {"X-Forwarded-For": "10.1.2.3", "X-Real-IP": "10.1.2.4"}, peer="203.0.113.5"
    )
    assert sent["x-forwarded-for"] == "203.0.113.5"
    assert sent["x-real-ip"] == "203.0.113.5"


def test_daphne_reads_the_client_address_from_the_header_nginx_sets():
    command = dockerfile_command()
    assert "--proxy-headers" in command
    assert command[command.index("--proxy-headers-host") + 1] == "X-Real-IP"


def test_allauth_keys_on_the_address_the_server_vouched_for(settings):
    """Never a header: allauth's own settings for proxies stay out of the way."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    request = RequestFactory().post(
        "/accounts/login/",
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="198.51.100.1, 198.51.100.2",
        HTTP_X_REAL_IP="198.51.100.3",
    )
    assert get_adapter(request).get_client_ip(request) == "203.0.113.9"


def test_the_deployed_daphne_listens_with_a_backlog_for_rushes():
    """Twisted's default backlog of 50 reset connections in the enrolment rush."""
    command = dockerfile_command()
    endpoint = command[command.index("-e") + 1]
    options = dict(part.split("=", 1) for part in endpoint.split(":")[1:])
    assert endpoint.startswith("tcp:")
    assert options["port"] == "8000"
    assert options["interface"] == "0.0.0.0"  # noqa: S104 - inside its container
    assert int(options["backlog"]) >= 1024
    # The test servers take the same options, on a port of the loopback.
    assert deployed_arguments(command[1:], 8123)[:2] == [
        "-e",
        "tcp:port=8123:interface=127.0.0.1:backlog=4096",
    ]

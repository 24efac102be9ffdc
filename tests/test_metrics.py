"""/metrics: Prometheus figures of this process, for the internal network or a token
holder only; everyone else gets the site's 404."""

import pytest

pytestmark = pytest.mark.django_db
TOKEN = "a-long-random-metrics-token-for-the-tests-0123456789"


def test_the_internal_network_reads_the_figures(client):
    client.get("/")  # one request to count
    response = client.get("/metrics")  # the test client comes from 127.0.0.1
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert "no-cache" in response["Cache-Control"]
    text = response.content.decode()
    for name in (
        "flh_websockets_open ",
        "flh_websocket_handshakes_in_progress ",
        "flh_websockets_refused_total ",
        'flh_websocket_messages_total{direction="in"}',
        "flh_http_requests_in_flight ",
        'flh_tasks{state="due"} 0.0',
        'flh_tasks{state="failed"} 0.0',
        "flh_tasks_oldest_due_seconds 0.0",
        "flh_task_workers 0.0",
        "process_resident_memory_bytes ",
        "process_open_fds ",
    ):
        assert name in text, name
    counted = [
        line
        for line in text.splitlines()
        if line.startswith('flh_http_request_duration_seconds_count{method="GET",status="2xx"}')
    ]
    assert counted
    assert float(counted[0].split()[-1]) >= 1


@pytest.mark.parametrize("address", ["203.0.113.7", "10.1.2.3", "2001:db8::1", "not an address"])
def test_anyone_else_gets_a_404(client, address):
    response = client.get("/metrics", REMOTE_ADDR=address)
    assert response.status_code == 404
    assert "flh_" not in response.content.decode()


def test_a_token_opens_it_from_anywhere(client, settings):
    outside = {"REMOTE_ADDR": "203.0.113.7"}
    assert (
        client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}", **outside).status_code == 404
    )
    settings.METRICS_TOKEN = TOKEN
    assert (
        client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}", **outside).status_code == 200
    )
    for wrong in (f"Bearer {TOKEN}x", TOKEN, "Bearer ", f"Basic {TOKEN}"):
        assert client.get("/metrics", HTTP_AUTHORIZATION=wrong, **outside).status_code == 404


def test_an_empty_token_opens_nothing(client, settings):
    settings.METRICS_TOKEN = ""
    assert (
        client.get("/metrics", HTTP_AUTHORIZATION="Bearer ", REMOTE_ADDR="203.0.113.7").status_code
        == 404
    )


def test_the_networks_are_a_setting(client, settings):
    settings.METRICS_NETWORKS = ["10.0.0.0/8"]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics").status_code == 404  # loopback no longer listed

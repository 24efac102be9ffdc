"""The demo server and the pages it serves: links in mails follow the port `make run`
serves, pages go out compressed, and the server log says each request once."""

import gzip
import shutil
import subprocess
import sys
import time

import httpx
import pytest

from tests.server_process import ROOT, free_port, serve, server_environment


def _make_dry_run(*arguments: str, env: dict | None = None) -> str:
    result = subprocess.run(
        ["make", "-n", "run", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return result.stdout


def _lines_starting(output: str, word: str) -> list[str]:
    return [line for line in output.splitlines() if word in line]


@pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")
def test_make_run_on_another_port_gives_that_address_to_mails_and_feeds(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    commands = _make_dry_run("PORT=8123")
    started = _lines_starting(commands, "manage.py runserver") + _lines_starting(
        commands, "manage.py run_worker"
    )
    assert len(started) == 2
    for line in started:
        assert "SITE_URL='http://127.0.0.1:8123'" in line, line
    # A SITE_URL given on purpose wins.
    commands = _make_dry_run("PORT=8123", "SITE_URL=https://families.example.org")
    assert "SITE_URL='https://families.example.org'" in commands
    assert "SITE_URL='http://127.0.0.1:8123'" not in commands


@pytest.mark.django_db
def test_pages_are_compressed_and_shrink(client, world):
    client.force_login(world.family)
    plain = client.get("/hubs/")
    compressed = client.get("/hubs/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert compressed.status_code == 200
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert "Content-Encoding" not in plain
    page = gzip.decompress(compressed.content).decode()
    assert world.hub_a.name in page
    assert len(compressed.content) < len(plain.content) / 2


@pytest.mark.django_db(transaction=True)
def test_the_demo_server_logs_each_request_once(tmp_path):
    """`make run` serves with `manage.py runserver` (Daphne's), in DEBUG."""
    port = free_port()
    command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    with serve(
        command, port=port, log=tmp_path / "runserver.log", env=server_environment(DEBUG="true")
    ) as server:
        assert httpx.get(f"{server.url}/healthz?probe=once", timeout=20).status_code in (200, 503)
        deadline = time.monotonic() + 10
        while "probe=once" not in server.output() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)  # a second copy would follow at once
        logged = _lines_starting(server.output(), "probe=once")
    assert len(logged) == 1, server.output()
    assert "GET /healthz" in logged[0]

"""Two hundred families press "register" at the same moment, over HTTP, on one
Daphne process started as the Dockerfile starts it, on PostgreSQL (and Redis when the
run has it): no 500, and never more people confirmed than the venue holds.

What this measures: the whole HTTP path of one web replica (Daphne, Django's
middleware, sessions read from the cache and the database, the CSRF check, the
registration service's row lock on the hub) under a burst of 200 requests released
by a barrier, each in its own thread with its own connection, the server's database
pool and Redis cache pool shared between them. It does not measure nginx, several
replicas, or a network between machines."""

import re
import threading
import time

import httpx
import pytest
from django.test import Client

from hubs.models import Registration
from tests.factories import make_hub, make_user
from tests.server_process import daphne_as_deployed

FAMILIES = 200
SEATS = 60
Status = Registration.Status


def _sessions(users) -> list[str]:
    """A signed-in session per family, made directly (200 password checks would
    measure the password hasher instead)."""
    keys = []
    for user in users:
        client = Client()
        client.force_login(user)
        keys.append(client.cookies["sessionid"].value)
    return keys


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_hundred_families_register_at_once_over_http(edition, tmp_path):
    hub = make_hub(conference=edition, capacity=SEATS, online_open=False)
    users = [make_user(pseudonym=f"Family {n}") for n in range(FAMILIES)]
    sessions = _sessions(users)
    adults = {user.pk: 1 + n % 3 for n, user in enumerate(users)}  # parties of 1 to 3
    url = f"/hubs/{hub.slug}/register/"
    answers: dict[int, tuple[int, str]] = {}
    failures: list[str] = []

    # Enough database connections for the burst to be concurrent, not queued at the pool.
    with daphne_as_deployed(tmp_path, DATABASE_POOL_SIZE="60") as server:
        everyone_there = threading.Barrier(FAMILIES)
        everyone_ready = threading.Barrier(FAMILIES)

        def family(index: int) -> None:
            user = users[index]
            try:
                with httpx.Client(
                    base_url=server.url,
                    cookies={"sessionid": sessions[index]},
                    timeout=120,
                ) as http:
                    everyone_there.wait(timeout=120)  # all open the form at once
                    form = http.get(url)
                    assert form.status_code == 200, form.status_code
                    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
                    everyone_ready.wait(timeout=120)  # and all press "register" at once
                    response = http.post(
                        url,
                        data={
                            "csrfmiddlewaretoken": token.group(1),
                            "mode": "in_person",
                            "adults": adults[user.pk],
                            "children": 0,
                            "interpretation_language": "",
                            "accessibility_needs": "",
                            "consent": "on",
                        },
                        headers={"Referer": server.url + url},
                    )
                    answers[user.pk] = (response.status_code, response.headers.get("location"))
            except Exception as error:  # reported below with the server's log
                failures.append(f"{user.pseudonym}: {error!r}")
                everyone_there.abort()
                everyone_ready.abort()

        started = time.monotonic()
        threads = [threading.Thread(target=family, args=(n,)) for n in range(FAMILIES)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        elapsed = time.monotonic() - started
        log = server.output()

    assert failures == [], (failures[:3], log[-3000:])
    statuses = sorted({status for status, _location in answers.values()})
    assert "Internal Server Error" not in log, log[-3000:]
    assert len(answers) == FAMILIES
    assert statuses == [302], (statuses, log[-3000:])
    assert {location for _status, location in answers.values()} == {"/my-registration/"}

    registrations = list(Registration.objects.filter(hub=hub))
    assert len(registrations) == FAMILIES  # every family has its answer: a place or the list
    confirmed = [r for r in registrations if r.status == Status.CONFIRMED]
    waiting = [r for r in registrations if r.status == Status.WAITLISTED]
    taken = sum(r.party_size for r in confirmed)
    assert len(confirmed) + len(waiting) == FAMILIES
    assert taken <= SEATS  # never overbooked
    assert Registration.objects.seats_taken(hub, "in_person") == taken
    # No seat is left empty while a family it would fit is waiting.
    assert all(r.party_size > SEATS - taken for r in waiting)
    assert len({r.ticket_code for r in registrations}) == FAMILIES
    print(f"\n{FAMILIES} registrations over HTTP in {elapsed:.1f} s; {taken}/{SEATS} seats")

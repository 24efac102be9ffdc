"""/healthz tells a stuck queue, or a site without a worker, from a healthy one,
without taking the site out of a load balancer (200, "degraded")."""

import datetime

import pytest
from django.utils import timezone

from conference import tasks
from hubs import tasks as hub_tasks
from tests.tasks_helpers import database_tasks  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_tasks")]


@pytest.fixture
def clock(time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)

    def move(seconds: float) -> None:
        time_machine.move_to(start + datetime.timedelta(seconds=seconds), tick=False)

    return move


def _health(client) -> tuple[int, dict]:
    response = client.get("/healthz")
    return response.status_code, response.json()


def test_a_queue_that_has_not_moved_for_longer_than_the_threshold(client, settings, clock):
    settings.TASK_QUEUE_STUCK_SECONDS = 300
    tasks.worker_beat(worker_id="w1")
    hub_tasks.registrations_purge.enqueue()

    code, body = _health(client)
    assert (code, body["status"]) == (200, "ok")
    assert body["tasks"]["due"] == 1
    assert body["tasks"]["workers"] == 1

    clock(299)
    tasks.worker_beat(worker_id="w1")  # the worker is alive, but takes nothing
    code, body = _health(client)
    assert (code, body["status"], body["tasks"]["oldest_due_seconds"]) == (200, "ok", 299)

    clock(301)
    tasks.worker_beat(worker_id="w1")
    code, body = _health(client)
    assert (code, body["status"]) == (200, "degraded")
    assert body["tasks"]["ok"] is False
    assert body["tasks"]["problem"] == "stuck"
    assert body["tasks"]["oldest_due_seconds"] == 301
    assert body["database"] == {"ok": True}


def test_a_retry_waiting_for_its_time_is_not_a_stuck_queue(client, settings, clock):
    settings.TASK_QUEUE_STUCK_SECONDS = 300
    tasks.worker_beat(worker_id="w1")
    later = timezone.now() + datetime.timedelta(minutes=30)
    hub_tasks.registrations_purge.using(run_after=later).enqueue()

    clock(600)
    tasks.worker_beat(worker_id="w1")
    _code, body = _health(client)
    assert body["status"] == "ok"
    assert (body["tasks"]["due"], body["tasks"]["deferred"]) == (0, 1)

    clock(1800 + 301)  # due for more than the threshold now
    tasks.worker_beat(worker_id="w1")
    _code, body = _health(client)
    assert (body["status"], body["tasks"]["problem"]) == ("degraded", "stuck")
    assert body["tasks"]["oldest_due_seconds"] == 301


def test_no_worker_alive_is_reported(client, settings, clock):
    code, body = _health(client)
    assert (code, body["status"], body["tasks"]["problem"]) == (200, "degraded", "no worker")

    tasks.worker_beat(worker_id="w1")
    assert _health(client)[1]["status"] == "ok"
    clock(settings.TASK_WORKER_TIMEOUT_SECONDS + 1)  # not heard of since
    code, body = _health(client)
    assert (body["status"], body["tasks"]["workers"]) == ("degraded", 0)


def test_the_queue_report_takes_a_constant_number_of_queries(client, django_assert_max_num_queries):
    tasks.worker_beat(worker_id="w1")
    for count in (1, 30):
        for _ in range(count):
            hub_tasks.registrations_purge.enqueue()
        with django_assert_max_num_queries(3):
            report = tasks.queue_health()
        assert report["due"] >= count

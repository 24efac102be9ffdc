"""Every mail is a task: the request commits, queues and answers; the worker sends,
retries with back-off while the mail server is down, and skips what no longer exists."""

import datetime
import re
import socket

import pytest
from aiosmtpd.controller import Controller
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conference.models import AuditEntry, SentMail
from hubs.models import Registration
from sessions_app import services as programme
from sessions_app.models import Enrolment
from tests.factories import enrol, make_session, make_user, register
from tests.tasks_helpers import database_tasks, run_worker, task_rows  # noqa: F401

TICKET = "hubs.tasks.ticket_mail"
REGISTRATION_FORM = {
    "mode": "in_person",
    "adults": 1,
    "children": 0,
    "interpretation_language": "",
    "accessibility_needs": "",
    "consent": "on",
}
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("database_tasks")]


class Inbox:
    """An SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives."""

    def __init__(self, port: int):
        self.messages: list[tuple[list[str], str]] = []
        self.controller = Controller(self, hostname="127.0.0.1", port=port)

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8")))
        return "250 OK"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """The real SMTP backend, pointed at a port where nothing answers yet."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _free_port()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    return settings


def _register_through_the_form(client, user, hub):
    client.force_login(user)
    response = client.post(f"/hubs/{hub.slug}/register/", REGISTRATION_FORM)
    assert response.status_code == 302
    assert response["Location"] == "/my-registration/"
    return Registration.objects.get(user=user)


def test_the_request_answers_and_the_worker_sends_the_ticket(client, world):
    family = make_user(language="fa", time_zone="Asia/Tehran")

    registration = _register_through_the_form(client, family, world.hub_a)

    # Committed, answered, and nothing sent during the request: the mail waits.
    assert registration.status == Registration.Status.CONFIRMED
    assert mail.outbox == []
    [queued] = task_rows(TICKET)
    assert queued.status == "READY"
    assert queued.args_kwargs == {"args": [registration.pk], "kwargs": {}}

    run_worker()

    assert [m.to for m in mail.outbox] == [[family.email]]
    assert registration.ticket_display in mail.outbox[0].body
    assert "Your place at" not in mail.outbox[0].subject  # in Persian, the family's language
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert queued.return_value["outcome"] == "done"
    assert SentMail.objects.filter(key=f"task:{queued.id}").exists()

    run_worker()  # nothing left to do: nothing sent twice
    assert len(mail.outbox) == 1


def test_with_the_mail_server_down_registration_works_and_the_mail_follows(
    client, world, smtp, time_machine
):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    family = make_user()

    registration = _register_through_the_form(client, family, world.hub_a)
    assert registration.status == Registration.Status.CONFIRMED

    run_worker()  # attempt 1: connection refused
    first, second = task_rows(TICKET)
    assert first.status == "SUCCESSFUL"
    assert first.return_value["outcome"] == "retrying"
    assert "ConnectionRefusedError" in first.return_value["error"]
    # Attempt 2 waits 30-36 s (TASK_RETRY_SECONDS plus up to a fifth).
    assert second.status == "READY"
    assert second.args_kwargs["kwargs"] == {"_attempt": 2, "_chain": str(first.id)}
    wait = (second.run_after - start).total_seconds()
    assert 30 <= wait <= 36.5

    run_worker()  # too early: nothing runs
    second.refresh_from_db()
    assert second.status == "READY"

    time_machine.move_to(start + datetime.timedelta(seconds=37), tick=False)
    run_worker()  # attempt 2 fails too; attempt 3 waits twice as long
    third = task_rows(TICKET)[2]
    wait = (third.run_after - timezone.now()).total_seconds()
    assert 60 <= wait <= 72.5
    assert not SentMail.objects.exists()

    with Inbox(smtp.EMAIL_PORT) as inbox:  # the mail server answers again
        time_machine.move_to(start + datetime.timedelta(seconds=37 + 73), tick=False)
        run_worker()
        time_machine.move_to(start + datetime.timedelta(hours=3), tick=False)
        run_worker()

    assert [to for to, _ in inbox.messages] == [[family.email]]
    assert registration.ticket_display in inbox.messages[0][1]
    third.refresh_from_db()
    assert (third.status, third.return_value["outcome"]) == ("SUCCESSFUL", "done")
    assert DBTaskResult.objects.filter(task_path=TICKET).count() == 3


def test_a_mail_that_keeps_failing_is_kept_for_an_operator_who_retries_it(
    client, world, smtp, settings, time_machine, no_staff_2fa
):
    settings.TASK_MAX_ATTEMPTS = 2
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    family = make_user()
    _register_through_the_form(client, family, world.hub_a)
    run_worker()
    time_machine.move_to(start + datetime.timedelta(seconds=40), tick=False)
    run_worker()

    last = task_rows(TICKET)[-1]
    assert last.status == "FAILED"
    assert "ConnectionRefusedError" in last.traceback
    assert len(task_rows(TICKET)) == 2  # no third attempt
    assert client.get("/healthz").json()["tasks"]["failed"] == 1

    # The operator sees it in the admin, with its error, and sends it again.
    client.force_login(world.admin)
    listing = client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED")
    assert "ticket_mail" in listing.content.decode()
    assert "ConnectionRefusedError" in listing.content.decode()
    with Inbox(smtp.EMAIL_PORT) as inbox:
        response = client.post(
            "/admin/django_tasks_database/dbtaskresult/",
            {"action": "retry_failed", "_selected_action": [str(last.pk)]},
        )
        assert response.status_code == 302
        last.refresh_from_db()
        assert last.status == "READY"
        assert last.args_kwargs["kwargs"]["_attempt"] == 1  # a fresh set of attempts
        run_worker()

    assert [to for to, _ in inbox.messages] == [[family.email]]
    last.refresh_from_db()
    assert last.status == "SUCCESSFUL"
    entry = AuditEntry.objects.get(action="tasks.retry")
    assert (entry.actor, entry.data) == (world.admin, {"count": 1})


class RefusingInbox(Inbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return "550 5.1.1 No such mailbox"


def test_an_address_the_mail_server_refuses_for_good_is_not_tried_again(client, world, smtp):
    _register_through_the_form(client, make_user(), world.hub_a)
    with RefusingInbox(smtp.EMAIL_PORT) as inbox:
        run_worker()
    [row] = task_rows(TICKET)  # no second attempt queued
    assert row.status == "FAILED"
    assert "No such mailbox" in row.traceback
    assert row.exception_class_path == "conference.tasks.GiveUp"
    assert inbox.messages == []


def test_a_mail_whose_registration_was_deleted_is_skipped_with_a_log_line(client, world, caplog):
    registration = _register_through_the_form(client, make_user(), world.hub_a)
    registration_id = registration.pk
    registration.delete()

    run_worker()

    [row] = task_rows(TICKET)
    assert row.status == "SUCCESSFUL"
    assert row.return_value == {
        "outcome": "skipped",
        "reason": f"registration {registration_id} no longer exists",
    }
    assert mail.outbox == []
    assert (
        f"Task hubs.tasks.ticket_mail({registration_id}) skipped: "
        f"registration {registration_id} no longer exists"
    ) in caplog.text
    run_worker()
    assert len(task_rows(TICKET)) == 1  # skipped is final: no retry


def test_promotions_cancellations_and_reminders_are_sent_by_the_worker(world, settings):
    settings.SESSION_REMINDER_MINUTES = 60
    hub = world.hub_a
    hub.in_person_capacity = 1
    hub.save()
    holder = register(world.family, hub)
    waiting = register(world.family2, hub, status="waitlisted")
    from hubs import services as hubs_services

    hubs_services.registration_cancel(registration=holder)
    workshop = make_session(
        hub=hub, kind="workshop", starts_in=30, capacity=1, mode="online", room=None
    )
    workshop_holder, workshop_waiting = make_user(), make_user()
    enrol(workshop_holder, workshop)
    Enrolment.objects.create(
        session=workshop, user=workshop_waiting, status="waitlisted", queued_at=timezone.now()
    )
    programme.enrolment_cancel(enrolment=Enrolment.objects.get(user=workshop_holder))
    cancelled = make_session(hub=hub, kind="workshop", starts_in=600, mode="online", room=None)
    told = make_user()
    enrol(told, cancelled)
    programme.session_cancel(session=cancelled, by=world.organiser_a)

    assert mail.outbox == []  # nothing is sent where the change is made
    run_worker()  # also runs the periodic reminders job, due at the first start

    prefix = "[Family Links Hub] "
    assert sorted((m.to[0], m.subject.removeprefix(prefix)) for m in mail.outbox) == sorted(
        [
            (world.family2.email, f"A place is free for you at {hub.name}"),
            (workshop_waiting.email, f"A place is free for you: {workshop.title}"),
            (workshop_waiting.email, f"Starting soon: {workshop.title}"),
            (told.email, f"Cancelled: {cancelled.title}"),
        ]
    )
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_account_mails_are_sent_by_the_worker_and_their_link_is_then_forgotten(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new.family@example.org",
            "pseudonym": "Nour",
            "password1": "a-long-and-quiet-river",
            "password2": "a-long-and-quiet-river",
            "time_zone": "Asia/Karachi",
        },
    )
    assert response.status_code == 302
    assert mail.outbox == []  # signing up did not wait for the mail server
    [row] = task_rows("conference.accounts.account_mail")
    assert "/accounts/confirm-email/" in str(row.args_kwargs)

    run_worker()

    [sent] = mail.outbox
    assert sent.to == ["new.family@example.org"]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", sent.body).group(1)
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    assert "confirm-email" not in str(row.args_kwargs)  # the one-time link is not kept
    assert row.args_kwargs["kwargs"]["forgotten"] is True
    assert client.post(link).status_code == 302
    assert EmailAddress.objects.get(email="new.family@example.org").verified


def test_a_failed_account_mail_whose_link_was_forgotten_is_not_run_again(world):
    row = DBTaskResult.objects.create(
        task_path="conference.accounts.account_mail",
        args_kwargs={"args": [], "kwargs": {"_attempt": 8, "_chain": "x", "forgotten": True}},
        status="FAILED",
        backend_name="default",
    )
    from conference.tasks import task_results_retry

    assert task_results_retry(ids=[row.pk], by=world.admin) == 0
    row.refresh_from_db()
    assert row.status == "FAILED"

"""The retention schedule: each rule deletes what is past its time and keeps the
rest, running it again changes nothing, two workers at once do it once, and no table
keeps an IP address."""

import datetime

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session as SessionRow
from django.db import models
from django.utils import timezone

from conference import privacy, retention, tasks
from conference.models import AuditEntry, DataExport, StaffAccess, User
from sessions_app.models import CircleJitsiId, CircleMessage, CircleParticipant, CirclePresence
from support.signals.models import SupportMessage, SupportSignal
from tests.concurrency import all_at_once
from tests.factories import make_session, make_user

DAY = datetime.timedelta(days=1)


def chat(session, person, body="hello"):
    CircleMessage.objects.create(session=session, author=person, display_name="G", body=body)


def circle_rows(session, person):
    chat(session, person)
    CircleParticipant.objects.create(
        session=session, user=person, display_name="G", rules_accepted_at=timezone.now()
    )
    CircleJitsiId.objects.create(session=session, user=person, jitsi_id=f"j{session.pk}")
    CirclePresence.objects.create(
        session=session, user=person, channel_name=f"c{session.pk}", seen_at=timezone.now()
    )


def signal(session, person, *, closed_days_ago=None):
    made = SupportSignal.objects.create(session=session, user=person)
    SupportMessage.objects.create(
        signal=made, author=person, from_staff=False, display_name="G", body="help"
    )
    if closed_days_ago is not None:
        made.closed_at = timezone.now() - closed_days_ago * DAY
        made.save(update_fields=["closed_at"])
    return made


def old_and_new(world):
    """Rows past their time, and rows not yet, for every rule."""
    now = timezone.now()
    long_ended = make_session(hub=world.hub_a, starts_in=-60 * 30, minutes=60)  # ended ~29 h ago
    just_ended = make_session(hub=world.hub_a, starts_in=-70, minutes=60)  # ended 10 min ago
    running = make_session(hub=world.hub_a, starts_in=-5)
    circle_rows(long_ended, world.family)
    circle_rows(just_ended, world.family)
    circle_rows(running, world.family)
    signal(running, world.family, closed_days_ago=91)
    signal(running, world.family2, closed_days_ago=89)
    signal(running, make_user())  # still open
    DataExport.objects.create(user=world.family, expires_at=now - DAY)
    DataExport.objects.create(user=world.family, status="failed", requested_at=now - 8 * DAY)
    DataExport.objects.create(user=world.family2, expires_at=now + DAY)
    User.objects.filter(pk=world.family.pk).update(last_login=now - 31 * DAY)
    User.objects.filter(pk=world.family2.pk).update(last_login=now - 29 * DAY)
    for store_age in (-DAY, DAY):
        store = SessionStore()
        store["x"] = 1
        store.create()
        SessionRow.objects.filter(session_key=store.session_key).update(expire_date=now + store_age)
    for days in (366, 364):
        AuditEntry.objects.create(action="x", created_at=now - days * DAY)
        StaffAccess.objects.create(
            actor=world.admin, what="desk.lookup", created_at=now - days * DAY
        )
        entry = LogEntry.objects.create(
            user=world.admin,
            content_type=ContentType.objects.get_for_model(User),
            object_id="1",
            object_repr="x",
            action_flag=CHANGE,
        )
        LogEntry.objects.filter(pk=entry.pk).update(action_time=now - days * DAY)
    return long_ended, just_ended, running


def assert_only_the_new_are_left(world, long_ended, just_ended, running):
    for model in (CircleMessage, CircleParticipant, CircleJitsiId):
        assert not model.objects.filter(session=long_ended).exists(), model
        assert model.objects.filter(session=just_ended).exists(), model  # a day after
        assert model.objects.filter(session=running).exists(), model
    # Presence: at once once the circle ended.
    assert not CirclePresence.objects.filter(session__in=[long_ended, just_ended]).exists()
    assert CirclePresence.objects.filter(session=running).exists()
    assert SupportSignal.objects.count() == 2  # the one closed 89 days ago, and the open one
    assert not SupportSignal.objects.filter(user=world.family).exists()
    assert SupportMessage.objects.count() == 2
    assert list(DataExport.objects.values_list("user", flat=True)) == [world.family2.pk]
    assert User.objects.get(pk=world.family.pk).last_login is None
    assert User.objects.get(pk=world.family2.pk).last_login is not None
    assert SessionRow.objects.filter(expire_date__lt=timezone.now()).count() == 0
    assert SessionRow.objects.filter(expire_date__gt=timezone.now()).count() == 1
    for model in (AuditEntry, StaffAccess, LogEntry):
        assert model.objects.count() == 1, model


@pytest.mark.django_db
def test_each_rule_deletes_what_is_past_its_time_and_nothing_else(world):
    rows = old_and_new(world)
    done = retention.retention_run()
    assert_only_the_new_are_left(world, *rows)
    assert done["support_signals.SupportSignal"] == 2  # the signal and its message
    assert done["sessions_app.CircleMessage"] == 1


@pytest.mark.django_db
def test_running_it_again_changes_nothing(world):
    rows = old_and_new(world)
    retention.retention_run()
    again = retention.retention_run()
    assert set(again.values()) == {0}
    assert_only_the_new_are_left(world, *rows)


@pytest.mark.django_db
def test_the_periods_come_from_the_settings(world, settings):
    settings.RETENTION = {**settings.RETENTION, "support_signal_days": 10}
    session = make_session(hub=world.hub_a)
    signal(session, world.family, closed_days_ago=11)
    retention.retention_run()
    assert not SupportSignal.objects.exists()


@pytest.mark.django_db
def test_the_job_is_scheduled(settings):
    assert tasks.schedule_task("retention_enforce") is retention.retention_enforce
    assert retention.retention_enforce.enqueue().return_value["outcome"] == "done"


@pytest.mark.django_db
def test_a_failing_rule_does_not_stop_the_others(world, monkeypatch):
    import dataclasses

    session = make_session(hub=world.hub_a)
    signal(session, world.family, closed_days_ago=100)
    (model, declaration) = next(
        (m, d) for m, d in privacy.REGISTER.items() if d.label == "conference.DataExport"
    )

    def broken(now):
        raise RuntimeError("boom")

    monkeypatch.setitem(privacy.REGISTER, model, dataclasses.replace(declaration, purge=broken))
    with pytest.raises(RuntimeError, match=r"conference\.DataExport"):
        retention.retention_run()
    assert not SupportSignal.objects.exists()


@pytest.mark.django_db
def test_an_apps_own_rule_uses_the_helper(world):
    """What the forum declares for held or refused posts: rows matching a filter,
    older than a setting's days after a moment."""
    session = make_session(hub=world.hub_a)
    old = signal(session, world.family, closed_days_ago=40)
    signal(session, world.family2, closed_days_ago=20)
    deleted = retention.purge_older_than(
        SupportSignal, "closed_at", timezone.now(), "forum_decided_days", user=world.family
    )
    assert deleted == 2  # the signal and its message
    assert not SupportSignal.objects.filter(pk=old.pk).exists()
    assert SupportSignal.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_do_it_once(world):
    rows = old_and_new(world)
    results = []
    errors = all_at_once(lambda _worker: results.append(retention.retention_run()), ["a", "b"])
    assert errors == []
    assert_only_the_new_are_left(world, *rows)
    assert sum(done["sessions_app.CircleMessage"] for done in results) == 1
    assert sum(done["conference.DataExport"] for done in results) == 2


def test_no_table_keeps_an_ip_address():
    """Addresses live only in the rate limits' cache entries, which expire with
    their window (allauth's rate limits; conference/accounts.py)."""
    found = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.GenericIPAddressField)
        or field.name.lower() in ("ip", "ip_address", "remote_addr")
    ]
    assert found == []


def test_the_proxys_access_log_keeps_no_address():
    from pathlib import Path

    conf = (Path(__file__).resolve().parent.parent / "deploy" / "nginx.conf").read_text()
    formats = [line for line in conf.splitlines() if "log_format" in line or "'$" in line]
    assert formats
    assert "remote_addr" not in "".join(formats)
    assert "http_x_forwarded_for" not in "".join(formats)
    assert "access_log /dev/stdout no_address;" in conf

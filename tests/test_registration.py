"""Registering at a hub: seats, waiting list, promotion, changes, cancellation, e-mails."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from hubs import services
from hubs.models import Registration
from tests.factories import make_hub, make_user

Mode = Registration.Mode
Status = Registration.Status
pytestmark = pytest.mark.django_db


def register(user, hub, mode=Mode.IN_PERSON, adults=1, children=0, **extra):
    return services.registration_create(
        user=user, hub=hub, mode=mode, adults=adults, children=children, consent=True, **extra
    )


@pytest.fixture
def small_hub(edition):
    return make_hub(conference=edition, capacity=4, city="Ankara", time_zone="Europe/Istanbul")


def test_a_party_that_fits_is_confirmed_with_an_unguessable_ticket(small_hub):
    registration = register(make_user(), small_hub, adults=2, children=1)
    assert registration.status == Status.CONFIRMED
    assert registration.party_size == 3
    assert len(registration.ticket_code) == 10
    assert set(registration.ticket_code) <= set(services.TICKET_ALPHABET)
    assert registration.consent_given_at is not None
    other = register(make_user(), small_hub, mode=Mode.ONLINE)
    assert other.ticket_code != registration.ticket_code


def test_over_capacity_a_family_waits_in_order(small_hub):
    register(make_user(), small_hub, adults=3)
    first = register(make_user(), small_hub, adults=2)
    second = register(make_user(), small_hub, adults=1)
    assert first.status == Status.WAITLISTED
    # A single person still fits in the last seat: a smaller party is not held back.
    assert second.status == Status.CONFIRMED
    third = register(make_user(), small_hub, adults=1)
    assert third.status == Status.WAITLISTED
    assert (first.waitlist_position(), third.waitlist_position()) == (1, 2)
    assert Registration.objects.seats_taken(small_hub, Mode.IN_PERSON) == 4


def test_online_has_no_limit_unless_the_organiser_sets_one(small_hub):
    people = [register(make_user(), small_hub, mode=Mode.ONLINE, adults=5) for _ in range(5)]
    assert {p.status for p in people} == {Status.CONFIRMED}
    services.hub_update(hub=small_hub, by=None, online_capacity=26)
    late = register(make_user(), small_hub, mode=Mode.ONLINE, adults=2)
    assert late.status == Status.WAITLISTED


def test_one_registration_per_person_per_edition(world):
    register(world.family, world.hub_a)
    with pytest.raises(services.RegistrationError) as error:
        register(world.family, world.hub_b)
    assert error.value.code == "duplicate"
    assert world.hub_a.name in error.value.message
    assert Registration.objects.filter(user=world.family).count() == 1


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"consent": False}, "consent"),
        ({"adults": 0}, "adults"),
        ({"adults": 11}, "adults"),
        ({"children": 11}, "children"),
        ({"mode": "by_post"}, "mode"),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_saved(small_hub, kwargs, code):
    values = {"mode": Mode.IN_PERSON, "adults": 1, "children": 0, "consent": True, **kwargs}
    with pytest.raises(services.RegistrationError) as error:
        services.registration_create(user=make_user(), hub=small_hub, **values)
    assert error.value.code == code
    assert error.value.message
    assert not Registration.objects.exists()


def test_modes_the_hub_does_not_offer(edition):
    online_only = make_hub(conference=edition, capacity=0)
    with pytest.raises(services.RegistrationError) as error:
        register(make_user(), online_only, mode=Mode.IN_PERSON)
    assert error.value.code == "no_venue"
    venue_only = make_hub(conference=edition, capacity=10, online_open=False)
    with pytest.raises(services.RegistrationError) as error:
        register(make_user(), venue_only, mode=Mode.ONLINE)
    assert error.value.code == "online_closed"


def test_registration_closes_after_the_edition(small_hub):
    conference = small_hub.conference
    conference.starts_on = timezone.localdate() - datetime.timedelta(days=10)
    conference.ends_on = timezone.localdate() - datetime.timedelta(days=8)
    conference.save()
    with pytest.raises(services.RegistrationError) as error:
        register(make_user(), small_hub)
    assert error.value.code == "closed"


def test_cancellation_promotes_in_order_skipping_parties_that_do_not_fit(
    small_hub, django_capture_on_commit_callbacks
):
    holder = register(make_user(), small_hub, adults=2)
    register(make_user(), small_hub, adults=2)
    big = register(make_user(), small_hub, adults=3)  # waits first
    small = register(make_user(), small_hub, adults=2)  # waits second
    assert (big.status, small.status) == (Status.WAITLISTED, Status.WAITLISTED)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=holder)

    big.refresh_from_db()
    small.refresh_from_db()
    assert big.status == Status.WAITLISTED  # 3 people do not fit in 2 seats
    assert big.waitlist_position() == 1  # and keeps its place in the queue
    assert small.status == Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [[small.user.email]]
    assert "A place is free for you" in mail.outbox[0].subject


def test_capacity_increase_promotes_and_decrease_cancels_nobody(small_hub):
    confirmed = [register(make_user(), small_hub, adults=2) for _ in range(2)]
    waiting = [register(make_user(), small_hub, adults=2) for _ in range(2)]
    services.hub_update(hub=small_hub, by=None, in_person_capacity=6)
    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == [Status.CONFIRMED, Status.WAITLISTED]

    services.hub_update(hub=small_hub, by=None, in_person_capacity=1)
    still = Registration.objects.filter(pk__in=[r.pk for r in [*confirmed, waiting[0]]])
    assert {r.status for r in still} == {Status.CONFIRMED}
    small_hub.refresh_from_db()
    assert small_hub.in_person_capacity == 1
    late = register(make_user(), small_hub)
    assert late.status == Status.WAITLISTED


def test_a_confirmed_family_growing_past_capacity_keeps_its_place(small_hub):
    mine = register(make_user(), small_hub, adults=2)
    register(make_user(), small_hub, adults=2)
    with pytest.raises(services.RegistrationError) as error:
        services.registration_change(registration=mine, mode=Mode.IN_PERSON, adults=3, children=0)
    assert error.value.code == "full"
    assert "unchanged" in error.value.message
    mine.refresh_from_db()
    assert (mine.status, mine.adults) == (Status.CONFIRMED, 2)


def test_switching_to_online_frees_seats_for_the_waiting_list(small_hub):
    mover = register(make_user(), small_hub, adults=4)
    waiting = register(make_user(), small_hub, adults=3)
    services.registration_change(registration=mover, mode=Mode.ONLINE, adults=4, children=0)
    waiting.refresh_from_db()
    mover.refresh_from_db()
    assert (mover.mode, mover.status) == (Mode.ONLINE, Status.CONFIRMED)
    assert waiting.status == Status.CONFIRMED


def test_a_waiting_family_that_gets_smaller_may_now_fit(small_hub):
    register(make_user(), small_hub, adults=3)
    waiting = register(make_user(), small_hub, adults=2)
    changed = services.registration_change(
        registration=waiting, mode=Mode.IN_PERSON, adults=1, children=0
    )
    assert changed.status == Status.CONFIRMED


def test_a_cancelled_family_can_register_again_with_a_new_ticket(small_hub):
    user = make_user()
    first = register(user, small_hub)
    old_code = first.ticket_code
    services.registration_cancel(registration=first)
    again = register(user, small_hub, mode=Mode.ONLINE)
    assert again.pk == first.pk
    assert again.status == Status.CONFIRMED
    assert again.ticket_code != old_code


def test_ticket_mail_in_the_familys_language_with_qr_and_calendar(
    small_hub, django_capture_on_commit_callbacks
):
    user = make_user(language="fa", time_zone="Asia/Tehran")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(user, small_hub, adults=2)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert registration.ticket_display in message.body
    assert "Your place at" not in message.subject  # Persian, not English
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'dir="rtl"' in html
    assert 'src="cid:qr"' in html
    names = {part.get_filename() for part in message.attachments if hasattr(part, "get_filename")}
    names |= {item[0] for item in message.attachments if isinstance(item, tuple)}
    assert {"ticket-qr.png", "conference.ics"} <= names

    ics = next(i for i in message.attachments if isinstance(i, tuple) and i[0] == "conference.ics")
    calendar = icalendar.Calendar.from_ical(ics[1])
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(small_hub.conference.days)
    first_day = small_hub.conference.starts_on
    # 09:00 in Istanbul (UTC+3) is 06:00 UTC.
    assert events[0].decoded("dtstart") == datetime.datetime.combine(
        first_day, datetime.time(6, 0), tzinfo=datetime.UTC
    )


def test_waiting_family_is_told_it_is_waiting(small_hub, django_capture_on_commit_callbacks):
    register(make_user(), small_hub, adults=4)
    with django_capture_on_commit_callbacks(execute=True):
        register(make_user(), small_hub, adults=1)
    assert "waiting list" in mail.outbox[0].subject


def test_ticket_codes_are_read_forgivingly():
    assert services.normalise_ticket_code(" abcde-fghjk ") == "ABCDEFGHJK"
    assert services.normalise_ticket_code("O1IL0") == "01110"


def test_registrations_are_deleted_three_months_after_the_edition(small_hub):
    kept = register(make_user(), small_hub)
    conference = small_hub.conference
    ended = conference.ends_on
    assert services.registrations_purge_expired(today=ended + datetime.timedelta(days=90)) == 0
    assert services.registrations_purge_expired(today=ended + datetime.timedelta(days=91)) == 1
    assert not Registration.objects.filter(pk=kept.pk).exists()

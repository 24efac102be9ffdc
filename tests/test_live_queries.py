"""Queries that must not grow with the data: the support staff's list of signals, a
support conversation, and the circle state a page gets when its socket connects
(the busiest path: every page, every reconnect). Each measured at two sizes, with
the content checked too."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sessions_app import circles, connect
from sessions_app.models import CircleMessage, CircleParticipant, CirclePresence
from support.signals import services as support
from support.signals.models import SupportMessage
from tests.factories import enrol, make_session, make_user

pytestmark = pytest.mark.django_db
State = CircleParticipant.State


def _admitted(session, user, name):
    enrol(user, session)
    return CircleParticipant.objects.create(
        session=session,
        user=user,
        display_name=name,
        rules_accepted_at=timezone.now(),
        state=State.ADMITTED,
    )


def _circle_with(world, families: int, *, messages: int = 0):
    session = make_session(hub=world.hub_a, capacity=12)
    session.facilitators.add(world.facilitator_a)
    CircleParticipant.objects.create(
        session=session,
        user=world.facilitator_a,
        display_name="Reza",
        rules_accepted_at=timezone.now(),
        state=State.ADMITTED,
        is_facilitator=True,
    )
    people = [_admitted(session, world.family, "Gul")]
    people += [_admitted(session, make_user(), f"Family {n}") for n in range(families - 1)]
    now = timezone.now()
    for n, person in enumerate(people):
        CirclePresence.objects.create(
            session=session, user=person.user, channel_name=f"page-{session.pk}-{n}", seen_at=now
        )
        if n % 2:
            person.hand_raised_at = now - datetime.timedelta(seconds=n)
            person.save()
    CircleMessage.objects.bulk_create(
        CircleMessage(
            session=session, author=people[n % len(people)].user, display_name="x", body=f"m{n}"
        )
        for n in range(messages)
    )
    for person in people[0::2]:  # grows with the circle, Gul's first
        signal = support.support_signal_raise(access=circles.access_for(person.user, session))
        if person.user == world.family:  # a conversation that grows too
            SupportMessage.objects.bulk_create(
                SupportMessage(
                    signal=signal,
                    author=world.support_a,
                    from_staff=True,
                    display_name="Support A",
                    body=f"line {n}",
                )
                for n in range(families)
            )
    return session


def _queries(action) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        result = action()
    return len(captured), result


@pytest.mark.parametrize("who", ["family", "facilitator_a", "organiser_a"])
def test_the_state_sent_on_connecting_does_not_grow(world, no_staff_2fa, who):
    measured = {}
    for size, lines in ((3, 0), (12, 50)):
        session = _circle_with(world, size, messages=lines)
        user = getattr(world, who)
        # A fresh user object, as a new socket has: nothing cached on it.
        user = type(user).objects.get(pk=user.pk)
        count, opened = _queries(
            lambda s=session, u=user: connect.socket_open(
                user=u, session_id=s.pk, channel_name=f"new-{s.pk}"
            )
        )
        access, snapshot = opened
        assert len(snapshot["messages"]) == min(lines, circles.CHAT_HISTORY)
        # Every family has a page open; a facilitator now too (an organiser is no
        # participant, so is not listed).
        assert len(snapshot["present"]) == size + (who == "facilitator_a")
        assert len(snapshot["hands"]) == size // 2
        if access.runner:
            assert sorted(s["name"] for s in snapshot["signals"]) == sorted(
                p.user.display_name
                for p in CircleParticipant.objects.filter(session=session, state=State.ADMITTED)
                .exclude(is_facilitator=True)
                .order_by("pk")[0::2]
            )
        else:
            assert len(snapshot["my_signal"]["messages"]) == size
        measured[size] = count
    assert measured[12] <= measured[3], measured
    assert measured[3] <= 14, measured


def test_the_signals_list_does_not_grow(world, no_staff_2fa, django_assert_max_num_queries):
    client = Client()
    client.force_login(world.support_a)
    client.get("/support/signals/")  # warm the session and caches
    counts = {}
    made = 0
    for circles_count in (1, 4):
        for _n in range(circles_count - made):
            session = _circle_with(world, 4)
            signal = session.support_signals.exclude(user=world.family).first()
            for n in range(3):
                support.support_message_send(
                    user=world.support_a, signal_id=signal.pk, body=f"note {n}"
                )
        made = circles_count
        count, response = _queries(lambda: client.get("/support/signals/"))
        counts[circles_count] = count
        html = response.content.decode()
        assert html.count('class="card signal"') == 2 * circles_count
        assert html.count("4 messages, the last at") == circles_count  # Gul's
        assert html.count("3 messages, the last at") == circles_count
    assert counts[4] <= counts[1], counts
    with django_assert_max_num_queries(counts[1]):
        client.get("/support/signals/")


def test_a_conversation_page_does_not_grow(world, no_staff_2fa):
    session = _circle_with(world, 6)
    first, second = session.support_signals.exclude(user=world.family).order_by("pk")[:2]
    counts = {}
    for person, signal in ((world.support_a, first), (second.user, second)):
        client = Client()
        client.force_login(person)
        for total in (3, 30):
            while SupportMessage.objects.filter(signal=signal).count() < total:
                SupportMessage.objects.create(
                    signal=signal,
                    author=world.support_a,
                    from_staff=True,
                    display_name="S",
                    body="b",
                )
            count, response = _queries(
                lambda c=client, s=signal: c.get(f"/support/conversations/{s.pk}/")
            )
            assert response.content.decode().count('class="from-staff"') == total
            counts[(person.pk, total)] = count
        assert counts[(person.pk, 30)] <= counts[(person.pk, 3)], counts
        assert counts[(person.pk, 3)] <= 12, counts

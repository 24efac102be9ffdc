"""Which circle writes wait for the disk. On PostgreSQL the hot path (hands, chat,
presence) commits asynchronously; admissions, removals and support signals do not."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions_app import circles, connect
from sessions_app.models import CircleMessage, CircleParticipant
from support.signals import services as support
from support.signals.models import SupportSignal

pytestmark = pytest.mark.django_db(transaction=True)
ASYNC_COMMIT = "SET LOCAL synchronous_commit TO OFF"


def statements(action) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        action()
    return [query["sql"] for query in captured.captured_queries]


def test_hands_and_chat_do_not_wait_for_the_disk_but_are_saved(world, admitted_circle):
    family = circles.access_for(world.family, admitted_circle)
    hand = statements(lambda: circles.hand_set(access=family, raised=True))
    chat = statements(lambda: circles.chat_send(access=family, body="I am looking for my son"))
    presence = statements(
        lambda: connect.socket_open(
            user=world.family, session_id=admitted_circle.pk, channel_name="specific.test!1"
        )
    )
    for sql in (hand, chat, presence):
        assert (ASYNC_COMMIT in sql) is (connection.vendor == "postgresql")
    # Asynchronous, not lost: the rows are there for the next reader.
    assert CircleParticipant.objects.get(session=admitted_circle, user=world.family).hand_raised_at
    assert CircleMessage.objects.get(session=admitted_circle).body == "I am looking for my son"


def test_the_setting_ends_with_its_transaction(world, admitted_circle):
    if connection.vendor != "postgresql":
        pytest.skip("asynchronous commit is PostgreSQL's")
    family = circles.access_for(world.family, admitted_circle)
    with circles.quick_commit(), connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "off"
    circles.hand_set(access=family, raised=True)
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"


def test_inside_a_larger_transaction_nothing_is_relaxed(world, admitted_circle):
    """The setting would cover the whole outer transaction, and what else it writes."""
    from django.db import transaction

    family = circles.access_for(world.family, admitted_circle)

    def hand_and_signal():
        with transaction.atomic():
            circles.hand_set(access=family, raised=True)
            support.support_signal_raise(access=family)

    assert ASYNC_COMMIT not in statements(hand_and_signal)
    assert SupportSignal.objects.filter(user=world.family).exists()


def test_support_signals_and_removals_wait_for_the_disk(world, admitted_circle):
    family = circles.access_for(world.family, admitted_circle)
    runner = circles.access_for(world.facilitator_a, admitted_circle)
    signal = statements(lambda: support.support_signal_raise(access=family))
    removal = statements(lambda: circles.circle_remove(access=runner, user_id=world.family2.pk))
    assert ASYNC_COMMIT not in signal
    assert ASYNC_COMMIT not in removal
    assert SupportSignal.objects.filter(user=world.family).exists()

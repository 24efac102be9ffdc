"""Rules of the live circle that mutation testing showed no test held (docs/testing.md):
each test here fails against the mutant named in its docstring."""

import pytest
from django.utils import timezone

from sessions_app import circles
from sessions_app.models import CircleMessage, CircleParticipant, CircleState
from support.signals import services as signals
from support.signals.services import NOTE_MAX_LENGTH
from tests import factories

pytestmark = pytest.mark.django_db
State = CircleParticipant.State


def _newcomer(circle, pseudonym: str):
    """A family enrolled after the facilitator was created (a larger id), waiting."""
    family = factories.make_user(pseudonym=pseudonym)
    factories.enrol(family, circle)
    circles.circle_enter(
        session=circle, user=family, display_name=pseudonym, audio_only=True, accept_rules=True
    )
    return family


def test_a_family_in_the_waiting_room_can_neither_chat_nor_raise_a_hand(admitted_circle):
    """`_require_in_circle` with `or` turned into `and` let the waiting room speak."""
    waiting = _newcomer(admitted_circle, "Leyla")
    access = circles.access_for(waiting, admitted_circle)
    assert access.participant.state == State.WAITING
    with pytest.raises(circles.CircleError) as chat:
        circles.chat_send(access=access, body="Hello, can anyone hear me?")
    assert chat.value.code == "forbidden"
    with pytest.raises(circles.CircleError) as hand:
        circles.hand_set(access=access, raised=True)
    assert hand.value.code == "forbidden"
    assert not CircleMessage.objects.filter(session=admitted_circle).exists()
    assert (
        CircleParticipant.objects.get(session=admitted_circle, user=waiting).hand_raised_at is None
    )


def test_a_facilitator_removes_a_family_whatever_the_order_of_their_accounts(
    world, admitted_circle
):
    """`user_id == access.user_id` turned into `>=` kept newer accounts in the circle."""
    runner = circles.access_for(world.facilitator_a, admitted_circle)
    newcomer = _newcomer(admitted_circle, "Samir")
    assert newcomer.pk > world.facilitator_a.pk
    circles.circle_admit(access=runner, user_id=newcomer.pk)
    circles.circle_remove(access=runner, user_id=newcomer.pk)
    for family in (world.family, newcomer):  # one older, one newer than the facilitator
        if family is world.family:
            circles.circle_remove(access=runner, user_id=family.pk)
        place = CircleParticipant.objects.get(session=admitted_circle, user=family)
        assert place.state == State.REMOVED


def test_nobody_removes_someone_who_runs_the_circle(world, admitted_circle):
    """`participant is None or participant.is_facilitator` turned into `and`."""
    circles.circle_enter(
        session=admitted_circle,
        user=world.organiser_a,
        display_name="Amina",
        audio_only=False,
        accept_rules=True,
    )
    runner = circles.access_for(world.facilitator_a, admitted_circle)
    with pytest.raises(circles.CircleError) as refused:
        circles.circle_remove(access=runner, user_id=world.organiser_a.pk)
    assert refused.value.code == "not_found"
    place = CircleParticipant.objects.get(session=admitted_circle, user=world.organiser_a)
    assert place.state == State.ADMITTED


def test_ending_a_circle_records_when_it_ended(world, admitted_circle):
    """`state.ended_at is None` turned into `is not None` lost the moment."""
    runner = circles.access_for(world.facilitator_a, admitted_circle)
    before = timezone.now()
    circles.circle_end(access=runner)
    ended_at = CircleState.objects.get(session=admitted_circle).ended_at
    assert ended_at is not None
    assert before <= ended_at <= timezone.now()


def test_closing_an_unacknowledged_signal_also_acknowledges_it(world, admitted_circle):
    """The `if signal.acknowledged_at is None` branch negated left no acknowledgement,
    and the follow-up note longer than allowed was kept whole."""
    family = circles.access_for(world.family, admitted_circle)
    signal = signals.support_signal_raise(access=family)
    closed = signals.support_signal_close(
        user=world.facilitator_a, signal_id=signal.pk, note="  " + "x" * (NOTE_MAX_LENGTH + 50)
    )
    closed.refresh_from_db()
    assert closed.acknowledged_by_id == world.facilitator_a.pk
    assert closed.acknowledged_at is not None
    assert closed.closed_at is not None
    assert closed.follow_up_note == "x" * NOTE_MAX_LENGTH

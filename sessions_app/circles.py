"""Live sharing circles: who may be in the room, the speaking order, the chat,
support signals. Every change is written to the database first (so a reload, a
reconnect, another server process or a restart shows the same circle) and then
told to the people concerned through the channel layer.

Views and the WebSocket consumer both call these functions; each one checks that
the person may do what they ask, whatever the page showed them.
"""

import contextlib
import datetime
from functools import cached_property

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from conference import permissions
from sessions_app import live
from sessions_app.models import (
    CircleMessage,
    CircleParticipant,
    CirclePresence,
    CircleState,
    Enrolment,
    Session,
    SupportSignal,
)

State = CircleParticipant.State
PRESENCE_TIMEOUT = datetime.timedelta(seconds=75)
CHAT_HISTORY = 50
CHAT_MAX_LENGTH = 500
CHAT_BURST = 5  # messages …
CHAT_BURST_SECONDS = 10  # … per this many seconds, per person


# Plain SQL for the hot path (every raised hand and chat message of every circle):
# building these as ORM queries costs more than running them. Table names come
# from the models; every value is bound as a parameter.
_PARTICIPANTS = CircleParticipant._meta.db_table
_MESSAGES = CircleMessage._meta.db_table
SQL_SPEAKER = f"SELECT speaker_id FROM {CircleState._meta.db_table} WHERE session_id = %s"  # noqa: S608
SQL_PEOPLE = (
    "SELECT id, user_id, display_name, state, hand_raised_at "  # noqa: S608
    f"FROM {_PARTICIPANTS} WHERE session_id = %s"
)
SQL_HAND = f"UPDATE {_PARTICIPANTS} SET hand_raised_at = %s WHERE id = %s"  # noqa: S608
SQL_RECENT_MESSAGES = (
    f"SELECT COUNT(*) FROM {_MESSAGES} "  # noqa: S608
    "WHERE session_id = %s AND author_id = %s AND created_at >= %s"
)
SQL_NEW_MESSAGE = (
    f"INSERT INTO {_MESSAGES} (session_id, author_id, display_name, body, created_at) "  # noqa: S608
    "VALUES (%s, %s, %s, %s, %s) RETURNING id"
)


class CircleError(Exception):
    """A refused circle action; `message` is translated, `code` is for programs."""

    def __init__(self, code: str, message: str = ""):
        super().__init__(code)
        self.code = code
        self.message = message or _("This is not possible in this circle.")


def _forbidden() -> CircleError:
    return CircleError("forbidden", _("You are not allowed to do this in this circle."))


class Access:
    """What one person is in one circle, read from the database for each request.

    Whether the person runs the circle is only looked up when it matters: an
    admitted family chatting or raising a hand needs no role lookup."""

    def __init__(self, *, session: Session, user, participant: CircleParticipant | None):
        self.session = session
        self.user = user
        self.participant = participant

    @property
    def user_id(self) -> int:
        return self.user.pk

    @cached_property
    def runner(self) -> bool:
        """Facilitator of the session, organiser of its hub, or global admin."""
        return permissions.can_run_circle(self.user, self.session)

    @property
    def admitted(self) -> bool:
        if self.participant is not None and self.participant.state == State.ADMITTED:
            return True
        return not self.removed and self.runner

    @property
    def removed(self) -> bool:
        return self.participant is not None and self.participant.state == State.REMOVED


def get_circle(session_id: int) -> Session:
    session = (
        Session.objects.select_related("hub", "conference")
        .filter(pk=session_id, kind=Session.Kind.CIRCLE)
        .first()
    )
    if session is None:
        raise CircleError("not_found", _("There is no such circle."))
    return session


def access_for(user, session: Session, *, participants=None) -> Access:
    if participants is None:
        participant = CircleParticipant.objects.filter(session=session, user=user).first()
    else:
        participant = next((p for p in participants if p.user_id == user.pk), None)
    return Access(session=session, user=user, participant=participant)


def access_to(user, session_id: int) -> Access:
    """The circle and the person's place in it, in one query when they have one."""
    participant = (
        CircleParticipant.objects.select_related("session", "session__hub", "session__conference")
        .filter(session_id=session_id, session__kind=Session.Kind.CIRCLE, user=user)
        .first()
    )
    if participant is not None:
        return Access(session=participant.session, user=user, participant=participant)
    return Access(session=get_circle(session_id), user=user, participant=None)


def is_enrolled(user, session: Session) -> bool:
    return Enrolment.objects.filter(
        session=session, user=user, status=Enrolment.Status.ENROLLED
    ).exists()


def _state(session: Session, *, lock: bool = False) -> CircleState:
    state, _ = CircleState.objects.get_or_create(session=session)
    if lock:
        state = CircleState.objects.select_for_update().get(pk=state.pk)
    return state


def is_ended(session: Session) -> bool:
    return (
        session.status == Session.Status.ENDED
        or CircleState.objects.filter(session=session, ended_at__isnull=False).exists()
    )


# Entering ----------------------------------------------------------------------


@transaction.atomic
def circle_enter(
    *, session: Session, user, display_name: str, audio_only: bool, accept_rules: bool
) -> CircleParticipant:
    """A person asks to come in, having read and accepted the ground rules.

    Those running the circle are in at once; an enrolled family waits until a
    facilitator admits them. Nobody removed comes back."""
    if not accept_rules:
        raise CircleError(
            "rules", _("Please read the ground rules and tick the box to accept them.")
        )
    display_name = " ".join(display_name.split())[:40]
    if len(display_name) < 2:
        raise CircleError("name", _("Please choose a name of at least two characters."))
    if is_ended(session) or session.status == Session.Status.CANCELLED:
        raise CircleError("ended", _("This circle has ended."))
    if not session.is_live():
        raise CircleError("not_open", _("This circle is not open yet."))
    runner = permissions.can_run_circle(user, session)
    if not runner and not is_enrolled(user, session):
        raise CircleError("not_enrolled", _("Only families enrolled in this circle can join it."))
    participant = (
        CircleParticipant.objects.select_for_update().filter(session=session, user=user).first()
    )
    if participant is not None and participant.state == State.REMOVED:
        raise CircleError("removed", _("You cannot join this circle again."))
    now = timezone.now()
    if participant is None:
        participant = CircleParticipant(session=session, user=user)
    participant.display_name = display_name
    participant.audio_only = audio_only
    participant.rules_accepted_at = now
    participant.is_facilitator = runner
    if runner:
        participant.state = State.ADMITTED
        participant.admitted_at = participant.admitted_at or now
    elif participant.state != State.ADMITTED:
        participant.state = State.WAITING
    participant.save()
    _tell_waiting(session)
    return participant


def waiting_list(session: Session) -> list[dict]:
    waiting = CircleParticipant.objects.filter(session=session, state=State.WAITING).order_by(
        "updated_at", "pk"
    )
    return [
        {"user": p.user_id, "name": p.display_name, "since": p.updated_at.isoformat()}
        for p in waiting
    ]


def _tell_waiting(session: Session) -> None:
    live.send_after_commit(
        live.staff_group(session.pk), "circle.waiting", waiting=waiting_list(session)
    )


def waiting_touch(*, session: Session, user) -> str:
    """The waiting page asks how things stand; answers the person's state."""
    participant = CircleParticipant.objects.filter(session=session, user=user).first()
    if participant is None:
        return "none"
    if is_ended(session):
        return "ended"
    return participant.state


# Running the circle --------------------------------------------------------------


def _require_runner(access: Access) -> None:
    if not access.runner:
        raise _forbidden()


@transaction.atomic
def circle_admit(*, access: Access, user_id: int | None = None) -> list[int]:
    """Admit one waiting person, or (user_id None) every waiting enrolled family."""
    _require_runner(access)
    session = access.session
    state = _state(session, lock=True)
    if state.ended_at:
        raise CircleError("ended", _("This circle has ended."))
    if state.locked_at:
        raise CircleError("locked", _("The circle is locked: unlock it to admit people."))
    waiting = CircleParticipant.objects.select_for_update().filter(
        session=session, state=State.WAITING
    )
    if user_id is not None:
        waiting = waiting.filter(user_id=user_id)
    # Only families still enrolled may come in.
    enrolled = Enrolment.objects.filter(session=session, status=Enrolment.Status.ENROLLED)
    admitted = list(
        waiting.filter(user_id__in=enrolled.values("user_id")).values_list("user_id", flat=True)
    )
    if user_id is not None and not admitted:
        raise CircleError("not_waiting", _("This person is not waiting to come in."))
    now = timezone.now()
    CircleParticipant.objects.filter(session=session, user_id__in=admitted).update(
        state=State.ADMITTED, admitted_at=now, updated_at=now
    )
    for admitted_id in admitted:
        live.send_after_commit(live.user_group(session.pk, admitted_id), "circle.admitted")
    _tell_waiting(session)
    return admitted


@transaction.atomic
def circle_lock(*, access: Access, locked: bool) -> None:
    _require_runner(access)
    state = _state(access.session, lock=True)
    state.locked_at = timezone.now() if locked else None
    state.save(update_fields=["locked_at", "updated_at"])
    live.send_after_commit(live.circle_group(access.session.pk), "circle.locked", locked=locked)


@transaction.atomic
def circle_end(*, access: Access) -> None:
    """End the circle for everyone. Its chat is deleted: nothing said in a circle
    is kept once it is over. Support signals stay until they are closed."""
    _require_runner(access)
    session = access.session
    state = _state(session, lock=True)
    if state.ended_at is None:
        state.ended_at = timezone.now()
        state.speaker = None
        state.save(update_fields=["ended_at", "speaker", "updated_at"])
    Session.objects.filter(pk=session.pk).update(status=Session.Status.ENDED)
    CircleMessage.objects.filter(session=session).delete()
    CircleParticipant.objects.filter(session=session).update(hand_raised_at=None)
    live.send_after_commit(live.circle_group(session.pk), "circle.ended")
    live.send_after_commit(live.staff_group(session.pk), "circle.ended")


@transaction.atomic
def circle_remove(*, access: Access, user_id: int) -> None:
    """Remove a person from the circle for good: their pages leave the room, their
    sockets are closed, and they can neither come back nor get a new video token."""
    _require_runner(access)
    session = access.session
    if user_id == access.user_id:
        raise CircleError("self", _("You cannot remove yourself."))
    participant = (
        CircleParticipant.objects.select_for_update()
        .filter(session=session, user_id=user_id)
        .first()
    )
    if participant is None or participant.is_facilitator:
        raise CircleError("not_found", _("This person is not in the circle."))
    participant.state = State.REMOVED
    participant.removed_at = timezone.now()
    participant.hand_raised_at = None
    participant.save(update_fields=["state", "removed_at", "hand_raised_at", "updated_at"])
    state = _state(session, lock=True)
    if state.speaker_id == user_id:
        state.speaker = None
        state.save(update_fields=["speaker", "updated_at"])
    jitsi_ids = list(
        CirclePresence.objects.filter(session=session, user_id=user_id)
        .exclude(jitsi_id="")
        .values_list("jitsi_id", flat=True)
    )
    live.send_after_commit(live.user_group(session.pk, user_id), "circle.removed")
    live.send_after_commit(
        live.staff_group(session.pk),
        "circle.participant_removed",
        user=user_id,
        jitsi_ids=jitsi_ids,
    )
    _tell_hands(session)
    _tell_waiting(session)


def circle_mute_all(*, access: Access) -> None:
    """Ask every page to mute its microphone; the facilitator's page also mutes
    everyone through Jitsi (the moderator's command)."""
    _require_runner(access)
    with transaction.atomic():
        live.send_after_commit(live.circle_group(access.session.pk), "circle.mute_all")


# Hot-path writes ------------------------------------------------------------------


@contextlib.contextmanager
def quick_commit():
    """A transaction for the hot path (a hand, a chat line, a socket coming, going or
    pinging) whose commit does not wait for the disk: PostgreSQL's asynchronous
    commit, for this transaction only. A slow disk flush held every circle's
    messages for 100-200 ms at once (bench/circles.py). The price, per PostgreSQL's
    documentation: if the database server itself crashes, the last fraction of a
    second of such writes (at most three times `wal_writer_delay`) may be lost; the
    database stays consistent. Admissions, removals, the end of a circle and
    support signals never use this: they wait for the disk as usual. Inside a larger
    transaction it relaxes nothing, since the setting would cover that whole
    transaction."""
    relax = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if relax:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


# Speaking order -------------------------------------------------------------------


def _participants(session: Session) -> list[CircleParticipant]:
    """Everyone with a place in the circle: a dozen rows, read once and reused."""
    return list(CircleParticipant.objects.filter(session=session))


def hands(session: Session, *, state=None, participants=None) -> dict:
    """The raised hands in order, and who has the word."""
    if state is None:
        state = CircleState.objects.filter(session=session).first()
    elif state is _NO_STATE:
        state = None
    if participants is None:
        participants = _participants(session)
    raised = sorted(
        (p for p in participants if p.state == State.ADMITTED and p.hand_raised_at),
        key=lambda p: (p.hand_raised_at, p.pk),
    )
    speaker = None
    if state is not None and state.speaker_id:
        name = next((p.display_name for p in participants if p.user_id == state.speaker_id), "")
        speaker = {"user": state.speaker_id, "name": name}
    return {
        "hands": [{"user": p.user_id, "name": p.display_name} for p in raised],
        "speaker": speaker,
    }


def _hands_now(session_id: int) -> dict:
    """`hands()` for the hot path (every raised hand, every word given): two plain
    reads instead of building ORM queries, which costs more than the database."""
    with connection.cursor() as cursor:
        cursor.execute(SQL_SPEAKER, [session_id])
        row = cursor.fetchone()
        cursor.execute(SQL_PEOPLE, [session_id])
        people = [
            CircleParticipant(
                pk=pk,
                session_id=session_id,
                user_id=user_id,
                display_name=name,
                state=state,
                hand_raised_at=raised,
            )
            for pk, user_id, name, state, raised in cursor.fetchall()
        ]
    state = CircleState(session_id=session_id, speaker_id=row[0]) if row else None
    return hands(None, state=state or _NO_STATE, participants=people)


_NO_STATE = CircleState()


def _tell_hands(session: Session) -> None:
    live.send_after_commit(live.circle_group(session.pk), "circle.hands", **_hands_now(session.pk))


def _require_in_circle(access: Access) -> None:
    if not access.admitted or access.removed:
        raise _forbidden()
    if access.session.status == Session.Status.ENDED:
        raise CircleError("ended", _("This circle has ended."))


def hand_set(*, access: Access, raised: bool) -> None:
    _require_in_circle(access)
    if access.participant is None:
        raise _forbidden()
    with quick_commit(), connection.cursor() as cursor:
        moment = connection.ops.adapt_datetimefield_value(timezone.now()) if raised else None
        cursor.execute(SQL_HAND, [moment, access.participant.pk])
        _tell_hands(access.session)


@transaction.atomic
def speaker_next(*, access: Access) -> int | None:
    """Give the word to the first raised hand (or to nobody if no hand is up)."""
    _require_runner(access)
    session = access.session
    state = _state(session, lock=True)
    first = (
        CircleParticipant.objects.select_for_update()
        .filter(session=session, state=State.ADMITTED, hand_raised_at__isnull=False)
        .order_by("hand_raised_at", "pk")
        .first()
    )
    state.speaker_id = first.user_id if first else None
    state.save(update_fields=["speaker", "updated_at"])
    if first is not None:
        first.hand_raised_at = None
        first.save(update_fields=["hand_raised_at", "updated_at"])
    _tell_hands(session)
    return state.speaker_id


@transaction.atomic
def speaker_give(*, access: Access, user_id: int | None) -> None:
    """Pass the talking piece to a person in the circle (None: take it back).
    The person holding it may also hand it back."""
    session = access.session
    state = _state(session, lock=True)
    handing_back = user_id is None and state.speaker_id == access.user_id
    if not access.runner and not handing_back:
        raise _forbidden()
    if user_id is not None:
        holder = CircleParticipant.objects.filter(
            session=session, user_id=user_id, state=State.ADMITTED
        ).first()
        if holder is None:
            raise CircleError("not_found", _("This person is not in the circle."))
        if holder.hand_raised_at:
            holder.hand_raised_at = None
            holder.save(update_fields=["hand_raised_at", "updated_at"])
    state.speaker_id = user_id
    state.save(update_fields=["speaker", "updated_at"])
    _tell_hands(session)


# Chat -----------------------------------------------------------------------------


def _message_data(message: CircleMessage) -> dict:
    return {
        "id": message.pk,
        "user": message.author_id,
        "name": message.display_name,
        "body": message.body,
        "at": message.created_at.isoformat(),
    }


def chat_history(session: Session) -> list[dict]:
    recent = CircleMessage.objects.filter(session=session, hidden_at__isnull=True).order_by(
        "-created_at", "-pk"
    )[:CHAT_HISTORY]
    return [_message_data(m) for m in reversed(recent)]


def chat_send(*, access: Access, body: str) -> dict:
    _require_in_circle(access)
    body = (body or "").strip()
    if not body:
        raise CircleError("empty", _("Write something first."))
    if len(body) > CHAT_MAX_LENGTH:
        raise CircleError(
            "too_long",
            _("Please keep messages under %(count)d characters.") % {"count": CHAT_MAX_LENGTH},
        )
    now = timezone.now()
    since = now - datetime.timedelta(seconds=CHAT_BURST_SECONDS)
    participant = access.participant
    name = participant.display_name if participant else ""
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(SQL_RECENT_MESSAGES, [access.session.pk, access.user_id, adapt(since)])
        if cursor.fetchone()[0] >= CHAT_BURST:
            raise CircleError("too_fast", _("Please wait a moment before writing again."))
    with quick_commit(), connection.cursor() as cursor:
        cursor.execute(SQL_NEW_MESSAGE, [access.session.pk, access.user_id, name, body, adapt(now)])
        message = CircleMessage(
            pk=cursor.fetchone()[0],
            session_id=access.session.pk,
            author_id=access.user_id,
            display_name=name,
            body=body,
            created_at=now,
        )
        data = _message_data(message)
        live.send_after_commit(live.circle_group(access.session.pk), "circle.chat", message=data)
    return data


@transaction.atomic
def chat_hide(*, access: Access, message_id: int) -> None:
    _require_runner(access)
    updated = CircleMessage.objects.filter(
        pk=message_id, session=access.session, hidden_at__isnull=True
    ).update(hidden_at=timezone.now(), hidden_by_id=access.user_id)
    if not updated:
        raise CircleError("not_found", _("This message is not in the circle."))
    live.send_after_commit(
        live.circle_group(access.session.pk), "circle.chat_hidden", message=message_id
    )


# Presence -------------------------------------------------------------------------


def present(session: Session, *, participants=None) -> list[dict]:
    """Who has a page open in the circle now (stale sockets drop out by themselves)."""
    since = timezone.now() - PRESENCE_TIMEOUT
    users = set(
        CirclePresence.objects.filter(session=session, seen_at__gte=since).values_list(
            "user_id", flat=True
        )
    )
    if participants is None:
        participants = _participants(session)
    people = sorted(
        (p for p in participants if p.user_id in users and p.state == State.ADMITTED),
        key=lambda p: (not p.is_facilitator, p.display_name),
    )
    return [
        {"user": p.user_id, "name": p.display_name, "facilitator": p.is_facilitator} for p in people
    ]


def _tell_presence(session: Session, present_now=None) -> None:
    live.send_after_commit(
        live.circle_group(session.pk),
        "circle.presence",
        present=present_now if present_now is not None else present(session),
    )


def presence_join(*, session: Session, user, channel_name: str, participants=None) -> list[dict]:
    """Register one open socket; returns who is present now (and tells the circle)."""
    with quick_commit():
        CirclePresence.objects.create(
            channel_name=channel_name, session=session, user=user, seen_at=timezone.now()
        )
        present_now = present(session, participants=participants)
        _tell_presence(session, present_now)
    return present_now


def presence_leave(*, session: Session, channel_name: str) -> None:
    with quick_commit():
        CirclePresence.objects.filter(channel_name=channel_name).delete()
        _tell_presence(session)


def presence_ping(*, channel_name: str, jitsi_id: str | None = None) -> None:
    fields = {"seen_at": timezone.now()}
    if jitsi_id is not None:
        fields["jitsi_id"] = jitsi_id[:64]
    with quick_commit():
        CirclePresence.objects.filter(channel_name=channel_name).update(**fields)


def presence_sweep(*, older_than: datetime.timedelta = PRESENCE_TIMEOUT * 4) -> int:
    """Forget sockets of server processes that died without saying goodbye."""
    deleted, _ = CirclePresence.objects.filter(seen_at__lt=timezone.now() - older_than).delete()
    return deleted


# Support signals --------------------------------------------------------------------


def _signal_data(signal: SupportSignal) -> dict:
    return {
        "id": signal.pk,
        "circle": signal.session_id,
        "circle_title": signal.session.title,
        "user": signal.user_id,
        "name": signal.user.display_name,
        "at": signal.created_at.isoformat(),
        "acknowledged": signal.acknowledged_at is not None,
        "acknowledged_by": signal.acknowledged_by.display_name if signal.acknowledged_by else "",
        "closed": signal.closed_at is not None,
    }


def _tell_signal(signal: SupportSignal) -> None:
    data = _signal_data(signal)
    live.send_after_commit(live.staff_group(signal.session_id), "support.signal", signal=data)
    if signal.session.hub_id:
        live.send_after_commit(
            live.support_group(signal.session.hub_id), "support.signal", signal=data
        )


@transaction.atomic
def support_signal_raise(*, access: Access) -> SupportSignal:
    """A family asks privately for support. Only the circle's facilitators and the
    hub's support staff hear of it; one open signal per person and circle."""
    if access.runner or not access.admitted:
        raise _forbidden()
    open_signal = (
        SupportSignal.objects.select_related("session", "user", "acknowledged_by")
        .filter(session=access.session, user_id=access.user_id, closed_at__isnull=True)
        .first()
    )
    if open_signal is not None:
        return open_signal
    signal = SupportSignal.objects.create(session=access.session, user_id=access.user_id)
    signal = SupportSignal.objects.select_related("session", "user", "acknowledged_by").get(
        pk=signal.pk
    )
    _tell_signal(signal)
    return signal


def _signal_for_handler(user, signal_id: int) -> SupportSignal:
    signal = (
        SupportSignal.objects.select_for_update(of=("self",))
        .select_related("session", "user", "acknowledged_by")
        .filter(pk=signal_id)
        .first()
    )
    if signal is None or not permissions.can_handle_support_signals(user, signal.session):
        raise CircleError("not_found", _("There is no such support signal."))
    return signal


@transaction.atomic
def support_signal_acknowledge(*, user, signal_id: int) -> SupportSignal:
    signal = _signal_for_handler(user, signal_id)
    if signal.acknowledged_at is None:
        signal.acknowledged_at = timezone.now()
        signal.acknowledged_by = user
        signal.save(update_fields=["acknowledged_at", "acknowledged_by"])
        live.send_after_commit(
            live.user_group(signal.session_id, signal.user_id), "support.acknowledged"
        )
    _tell_signal(signal)
    return signal


@transaction.atomic
def support_signal_close(*, user, signal_id: int, note: str = "") -> SupportSignal:
    """Record that the person was followed up."""
    signal = _signal_for_handler(user, signal_id)
    now = timezone.now()
    if signal.acknowledged_at is None:
        signal.acknowledged_at = now
        signal.acknowledged_by = user
    signal.closed_at = signal.closed_at or now
    signal.closed_by = signal.closed_by or user
    signal.follow_up_note = (note or "").strip()[:300]
    signal.save()
    _tell_signal(signal)
    return signal


def signals_for(session: Session) -> list[dict]:
    signals = (
        SupportSignal.objects.filter(session=session)
        .filter(
            Q(closed_at__isnull=True)
            | Q(closed_at__gte=timezone.now() - datetime.timedelta(hours=2))
        )
        .select_related("session", "user", "acknowledged_by")
    )
    return [_signal_data(s) for s in signals]


def my_open_signal(session: Session, user_id: int) -> dict | None:
    signal = (
        SupportSignal.objects.filter(session=session, user_id=user_id, closed_at__isnull=True)
        .only("acknowledged_at")
        .first()
    )
    if signal is None:
        return None
    return {"acknowledged": signal.acknowledged_at is not None}


# What a page needs when it (re)connects --------------------------------------------


def socket_open(*, user, session_id: int, channel_name: str) -> tuple[Access, dict] | None:
    """Let a socket into the circle's live layer, or not (None): admitted families and
    those running the circle only. Registers its presence and returns the snapshot.
    Reads each thing once: this runs for every page that (re)connects."""
    if not user.is_authenticated:
        return None
    try:
        session = get_circle(session_id)
    except CircleError:
        return None
    participants = _participants(session)
    access = access_for(user, session, participants=participants)
    if access.removed or not access.admitted:
        return None
    state = CircleState.objects.filter(session=session).first()
    if session.status == Session.Status.ENDED or (state is not None and state.ended_at):
        return None
    present_now = presence_join(
        session=session, user=user, channel_name=channel_name, participants=participants
    )
    return access, snapshot(
        access,
        state=state if state is not None else _NO_STATE,
        participants=participants,
        present_now=present_now,
    )


def snapshot(access: Access, *, state=None, participants=None, present_now=None) -> dict:
    """The whole circle as this person may see it (pass what the caller has already read)."""
    session = access.session
    if state is None:
        state = CircleState.objects.filter(session=session).first()
    elif state is _NO_STATE:
        state = None
    if participants is None:
        participants = _participants(session)
    if present_now is None:
        present_now = present(session, participants=participants)
    data = {
        "me": {
            "user": access.user_id,
            "runner": access.runner,
            "name": access.participant.display_name if access.participant else "",
            "hand_raised": bool(access.participant and access.participant.hand_raised_at),
        },
        "locked": bool(state and state.locked_at),
        "ended": bool(state and state.ended_at) or session.status == Session.Status.ENDED,
        "present": present_now,
        "messages": chat_history(session),
        **hands(
            session, state=state if state is not None else _NO_STATE, participants=participants
        ),
    }
    if access.runner:
        data["waiting"] = waiting_list(session)
        data["signals"] = signals_for(session)
    else:
        data["my_signal"] = my_open_signal(session, access.user_id)
    return data

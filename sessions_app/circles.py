"""Live sharing circles: who may be in the room, the speaking order, the chat,
presence (support signals raised in a circle live in `support.signals`). Every
change is written to the database first (so a reload, a reconnect, another server
process or a restart shows the same circle) and then told to the people concerned
through the channel layer.

Views and the WebSocket consumer both call these functions; each one checks that
the person may do what they ask, whatever the page showed them.
"""

import contextlib
import datetime
from functools import cached_property

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference import permissions
from conference.live import Bursts
from sessions_app import live
from sessions_app.models import (
    CircleJitsiId,
    CircleMessage,
    CircleParticipant,
    CirclePresence,
    CircleState,
    Enrolment,
    Session,
)
from support.signals import selectors as signal_selectors

State = CircleParticipant.State
PRESENCE_TIMEOUT = datetime.timedelta(seconds=75)
CHAT_HISTORY = 50
CHAT_MAX_LENGTH = 500
CHAT_BURST = 5  # messages …
CHAT_BURST_SECONDS = 10  # … per this many seconds, per person
HAND_BURST = 4  # raises and lowers …
HAND_BURST_SECONDS = 10  # … per this many seconds, per person (in each server process)
JITSI_IDS_PER_PERSON = 10  # video ids one person may report in one circle

_hand_bursts = Bursts(HAND_BURST, HAND_BURST_SECONDS)


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
        """In the room: an admitted family, or someone who runs the circle. Who came
        in to run it and no longer may (role or session taken away) is out."""
        if self.removed:
            return False
        participant = self.participant
        if (
            participant is not None
            and participant.state == State.ADMITTED
            and not participant.is_facilitator
        ):
            return True
        return self.runner

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
    facilitator admits them. Nobody removed comes back; who left comes back through
    the waiting room. Names are unique in a circle (whatever the letter case), so
    nobody can pass for someone else there, nor in the video (see `jitsi_claim`)."""
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
    taken = (
        CircleParticipant.objects.filter(session=session)
        .exclude(user=user)
        .values_list("display_name", flat=True)
    )
    if display_name.casefold() in {name.casefold() for name in taken}:
        raise CircleError(
            "name_taken",
            _("Someone in this circle already uses this name. Please choose another one."),
        )
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


def runner_only(access: Access) -> Access:
    """`access`, if it runs the circle; else the refusal."""
    _require_runner(access)
    return access


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
    CircleJitsiId.objects.filter(session=session).delete()
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
    _speaker_clear(session, user_id)
    live.send_after_commit(live.user_group(session.pk, user_id), "circle.removed")
    live.send_after_commit(
        live.staff_group(session.pk),
        "circle.participant_removed",
        user=user_id,
        name=participant.display_name,
        jitsi_ids=jitsi_ids_of(session, user_id),
    )
    _tell_hands(session)
    _tell_waiting(session)


def _speaker_clear(session: Session, user_id: int) -> bool:
    """Take the word back from `user_id` if they hold it (True if they did)."""
    return bool(
        CircleState.objects.filter(session=session, speaker_id=user_id).update(
            speaker=None, updated_at=timezone.now()
        )
    )


def _step_out(session: Session, participant: CircleParticipant) -> None:
    """`participant` is no longer in the room: hand down, word taken back, pages
    closed, gone from "In the circle now" for everyone. The caller holds the lock."""
    participant.state = State.LEFT
    participant.hand_raised_at = None
    participant.save(update_fields=["state", "hand_raised_at", "updated_at"])
    _speaker_clear(session, participant.user_id)
    CirclePresence.objects.filter(session=session, user_id=participant.user_id).delete()
    live.send_after_commit(live.user_group(session.pk, participant.user_id), "circle.left")
    _tell_hands(session)
    tell_presence(session)
    _tell_waiting(session)


@transaction.atomic
def circle_leave(*, access: Access) -> bool:
    """A person leaves the circle (the ground rules say anyone may, at any time).
    They may ask to come back in while it runs: through the waiting room, like
    anyone arriving, so the facilitator knows who is in. False: nothing to leave."""
    participant = (
        CircleParticipant.objects.select_for_update()
        .filter(session=access.session, user_id=access.user_id)
        .first()
    )
    if participant is None or participant.state not in (State.ADMITTED, State.WAITING):
        return False
    _step_out(access.session, participant)
    return True


def participant_withdraw(*, session: Session, user_id: int) -> None:
    """The person gave up their place in the circle (or was taken off it): out of the
    room and the waiting room. Called by the enrolment services, inside their
    transaction; their open sockets close through `access.changed`."""
    participant = (
        CircleParticipant.objects.select_for_update()
        .filter(session=session, user_id=user_id, state__in=[State.ADMITTED, State.WAITING])
        .first()
    )
    if participant is not None:
        _step_out(session, participant)


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
    elif state is NO_STATE:
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
    return hands(None, state=state or NO_STATE, participants=people)


NO_STATE = CircleState()


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
    if not _hand_bursts.allow((access.session.pk, access.user_id)):
        raise CircleError("too_fast", _("Please wait a moment before raising your hand again."))
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
    if not isinstance(body, str):
        raise CircleError("invalid", _("Messages must be text."))
    body = body.strip()
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
    return present_among(participants, users)


def present_among(participants, users: set[int]) -> list[dict]:
    """The admitted people among `participants` whose ids are in `users`, as pages list them."""
    people = sorted(
        (p for p in participants if p.user_id in users and p.state == State.ADMITTED),
        key=lambda p: (not p.is_facilitator, p.display_name),
    )
    return [
        {"user": p.user_id, "name": p.display_name, "facilitator": p.is_facilitator} for p in people
    ]


def tell_presence(session: Session, present_now=None) -> None:
    live.send_after_commit(
        live.circle_group(session.pk),
        "circle.presence",
        present=present_now if present_now is not None else present(session),
    )


def presence_leave(
    *, session: Session, channel_name: str, user_id: int | None = None, tell: bool = True
) -> None:
    """A socket closed. If it was the person's last page in the circle, they no longer
    hold the word (nobody would be there to speak or hand it back). `tell=False`: the
    caller tells the circle who is present itself (the consumer does, a moment later)."""
    with quick_commit():
        CirclePresence.objects.filter(channel_name=channel_name).delete()
        if user_id is not None:
            since = timezone.now() - PRESENCE_TIMEOUT
            elsewhere = CirclePresence.objects.filter(
                session=session, user_id=user_id, seen_at__gte=since
            )
            if not elsewhere.exists() and _speaker_clear(session, user_id):
                _tell_hands(session)
        if tell:
            tell_presence(session)


PRESENCE_TOUCH_CHUNK = 500  # channel names per UPDATE (SQLite caps bound values)


def presence_touch(channel_names) -> int:
    """The sockets named are still there: one UPDATE per `PRESENCE_TOUCH_CHUNK` of them.
    Returns how many rows were touched."""
    names = sorted(set(channel_names))
    now = timezone.now()
    touched = 0
    with quick_commit():
        for start in range(0, len(names), PRESENCE_TOUCH_CHUNK):
            chunk = names[start : start + PRESENCE_TOUCH_CHUNK]
            touched += CirclePresence.objects.filter(channel_name__in=chunk).update(seen_at=now)
    return touched


def jitsi_claim(*, session: Session, user_id: int, jitsi_id: str) -> bool:
    """Record `jitsi_id` as the video id of this person's page, so that removing them
    from the circle also removes them from the video. True if it counts as theirs.

    A page reports its own id, but it can also see everyone else's in the room. So an
    id reported by two people is disputed for good and never used to remove anyone,
    whoever reported it first: a family claiming another's id gets nobody kicked.
    (The facilitator's page also checks, before removing an id from the video, that
    Jitsi shows it under the removed person's name, and names are unique per circle.)"""
    jitsi_id = jitsi_id.strip()[:64]
    if not jitsi_id:
        return False
    with transaction.atomic():
        claims = CircleJitsiId.objects.filter(session=session)
        claim = claims.select_for_update().filter(jitsi_id=jitsi_id).first()
        if claim is None:
            if claims.filter(user_id=user_id).count() >= JITSI_IDS_PER_PERSON:
                return False
            try:
                with transaction.atomic():
                    CircleJitsiId.objects.create(
                        session=session, jitsi_id=jitsi_id, user_id=user_id
                    )
                return True
            except IntegrityError:  # someone else reported it at the same moment
                claim = claims.select_for_update().get(jitsi_id=jitsi_id)
        if claim.user_id != user_id and not claim.disputed:
            claim.disputed = True
            claim.save(update_fields=["disputed"])
        return claim.user_id == user_id and not claim.disputed


def jitsi_ids_of(session: Session, user_id: int) -> list[str]:
    """The video ids that are this person's and nobody else's."""
    return list(
        CircleJitsiId.objects.filter(session=session, user_id=user_id, disputed=False)
        .order_by("pk")
        .values_list("jitsi_id", flat=True)
    )


def presence_sweep(*, older_than: datetime.timedelta = PRESENCE_TIMEOUT * 4) -> int:
    """Forget sockets of server processes that died without saying goodbye."""
    deleted, _ = CirclePresence.objects.filter(seen_at__lt=timezone.now() - older_than).delete()
    return deleted


# What a page needs when it (re)connects --------------------------------------------


_UNREAD = object()


def snapshot(
    access: Access,
    *,
    state=None,
    participants=None,
    present_now=None,
    messages=None,
    my_signal=_UNREAD,
) -> dict:
    """The whole circle as this person may see it (pass what the caller has already
    read: `sessions_app.connect` reads it all in plain SQL)."""
    session = access.session
    if state is None:
        state = CircleState.objects.filter(session=session).first()
    elif state is NO_STATE:
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
        "messages": chat_history(session) if messages is None else messages,
        **hands(session, state=state if state is not None else NO_STATE, participants=participants),
    }
    if access.runner:
        data["waiting"] = waiting_list(session)
        data["signals"] = signal_selectors.signals_for(session)
    elif my_signal is _UNREAD:
        data["my_signal"] = signal_selectors.my_open_signal(session, access.user_id)
    else:
        data["my_signal"] = my_signal
    return data

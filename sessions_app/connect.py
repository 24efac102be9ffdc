"""The reads and writes of a page's socket connecting to a circle, in plain SQL.

After a restart or a deploy every page of every circle reconnects at once, so this
is the busiest path there is. Built as ORM queries it cost about 17 ms of CPU per
socket, most of it compiling SQL (`bench/circles.py`, `py-spy`); the database
itself answered in a fraction of that. So the statements are built once, at import,
from the models' own table and column names, every value is bound as a parameter,
and the rows become model instances through `Model.from_db`, as the ORM's would:

1. the circle, its state, and whether the person runs it (one statement);
2. everyone with a place in it;
3. the socket's presence written, then who has a page open (the rest of the circle
   hears of it a moment later, once for every page arriving meanwhile);
4. the last chat lines;
5. a family's own open support signal (read in full only when there is one).

What the page is sent is the same `circles.snapshot` the rest of the code builds
(`tests/test_connect_path.py` compares the two), so one place decides what anyone
may see.
"""

import datetime

from django.db import connection
from django.utils import timezone

from conference import permissions
from conference.models import HubRole
from sessions_app import circles
from sessions_app.models import (
    CircleMessage,
    CircleParticipant,
    CirclePresence,
    CircleState,
    Session,
)
from support.signals import selectors as signal_selectors
from support.signals.models import SupportSignal


def _columns(model, prefix: str = "") -> tuple[list[str], str]:
    """The model's concrete fields (attribute names, as `from_db` takes them) and
    their columns for a SELECT list."""
    fields = model._meta.concrete_fields
    return [f.attname for f in fields], ", ".join(f"{prefix}{f.column}" for f in fields)


_SESSION_FIELDS, _SESSION_COLUMNS = _columns(Session, "s.")
_PARTICIPANT_FIELDS, _PARTICIPANT_COLUMNS = _columns(CircleParticipant)
_SESSION_TABLE = Session._meta.db_table
_FACILITATORS = Session.facilitators.through._meta.db_table
_PRESENCE = CirclePresence._meta.db_table

SQL_CIRCLE = (
    f"SELECT {_SESSION_COLUMNS}, st.session_id, st.locked_at, st.ended_at, st.speaker_id, "  # noqa: S608
    f"EXISTS (SELECT 1 FROM {HubRole._meta.db_table} r "
    "WHERE r.user_id = %s AND r.hub_id = s.hub_id AND r.role = %s), "
    f"EXISTS (SELECT 1 FROM {_FACILITATORS} f WHERE f.session_id = s.id AND f.user_id = %s) "
    f"FROM {_SESSION_TABLE} s "
    f"LEFT JOIN {CircleState._meta.db_table} st ON st.session_id = s.id "
    "WHERE s.id = %s AND s.kind = %s"
)
SQL_PARTICIPANTS = (
    f"SELECT {_PARTICIPANT_COLUMNS} FROM {CircleParticipant._meta.db_table} "  # noqa: S608
    "WHERE session_id = %s ORDER BY id"
)
SQL_PLACE = (
    f"SELECT {_PARTICIPANT_COLUMNS} FROM {CircleParticipant._meta.db_table} "  # noqa: S608
    "WHERE session_id = %s AND user_id = %s"
)
SQL_PRESENCE_ADD = (
    f"INSERT INTO {_PRESENCE} (session_id, user_id, channel_name, connected_at, seen_at) "  # noqa: S608
    "VALUES (%s, %s, %s, %s, %s)"
)
SQL_PRESENT_USERS = (
    f"SELECT DISTINCT user_id FROM {_PRESENCE} WHERE session_id = %s AND seen_at >= %s"  # noqa: S608
)
SQL_CHAT = (
    "SELECT id, author_id, display_name, body, created_at "  # noqa: S608
    f"FROM {CircleMessage._meta.db_table} WHERE session_id = %s AND hidden_at IS NULL "
    "ORDER BY created_at DESC, id DESC LIMIT %s"
)
SQL_MY_SIGNAL = (
    f"SELECT id FROM {SupportSignal._meta.db_table} "  # noqa: S608
    "WHERE session_id = %s AND user_id = %s AND closed_at IS NULL "
    "ORDER BY created_at DESC, id DESC LIMIT 1"
)


def _aware(value):
    """SQLite hands plain reads back as naive datetimes (stored in UTC); the ORM
    makes them aware, and so does this."""
    if isinstance(value, datetime.datetime) and timezone.is_naive(value):
        return timezone.make_aware(value, datetime.UTC)
    return value


def _row(model, fields, values):
    return model.from_db(connection.alias, fields, [_aware(v) for v in values])


def _circle(cursor, user, session_id: int):
    """(session, state or None, runs it) or None when there is no such circle."""
    cursor.execute(
        SQL_CIRCLE,
        [user.pk, HubRole.Role.ORGANISER, user.pk, session_id, Session.Kind.CIRCLE],
    )
    row = cursor.fetchone()
    if row is None:
        return None
    count = len(_SESSION_FIELDS)
    session = _row(Session, _SESSION_FIELDS, row[:count])
    state_id, locked_at, ended_at, speaker_id, organiser, facilitator = row[count:]
    state = None
    if state_id is not None:
        state = CircleState(
            session_id=state_id,
            locked_at=_aware(locked_at),
            ended_at=_aware(ended_at),
            speaker_id=speaker_id,
        )
    # `permissions.can_run_circle`, answered by the same statement.
    runner = bool(
        user.is_active and (permissions.is_global_admin(user) or organiser or facilitator)
    )
    return session, state, runner


def _participants(cursor, session_id: int) -> list[CircleParticipant]:
    cursor.execute(SQL_PARTICIPANTS, [session_id])
    return [_row(CircleParticipant, _PARTICIPANT_FIELDS, row) for row in cursor.fetchall()]


def _present_users(cursor, session_id: int, now) -> set[int]:
    cursor.execute(SQL_PRESENT_USERS, [session_id, now - circles.PRESENCE_TIMEOUT])
    return {user_id for (user_id,) in cursor.fetchall()}


def _join(cursor, session: Session, user, channel_name: str, participants) -> list[dict]:
    """Register the socket and read who is present now, the person included (without
    waiting for the disk: presence is rewritten by every ping). The circle is told a
    moment later, once for all the pages arriving meanwhile (`consumers.PresenceNews`)."""
    now = timezone.now()
    with circles.quick_commit():
        cursor.execute(SQL_PRESENCE_ADD, [session.pk, user.pk, channel_name, now, now])
        users = _present_users(cursor, session.pk, now)
    return circles.present_among(participants, users)


def present_now(session_id: int) -> list[dict]:
    """Who has a page open in the circle now, as `circles.present` answers (two reads)."""
    with connection.cursor() as cursor:
        people = _participants(cursor, session_id)
        return circles.present_among(people, _present_users(cursor, session_id, timezone.now()))


def _chat(cursor, session_id: int) -> list[dict]:
    cursor.execute(SQL_CHAT, [session_id, circles.CHAT_HISTORY])
    return [
        {
            "id": pk,
            "user": author_id,
            "name": name,
            "body": body,
            "at": _aware(created_at).isoformat(),
        }
        for pk, author_id, name, body, created_at in reversed(cursor.fetchall())
    ]


def _my_signal(cursor, session: Session, user_id: int) -> dict | None:
    cursor.execute(SQL_MY_SIGNAL, [session.pk, user_id])
    if cursor.fetchone() is None:
        return None  # nearly always: read the rest only when there is one
    return signal_selectors.my_open_signal(session, user_id)


def access_now(user, session_id: int) -> circles.Access | None:
    """The person's place in the circle and whether they run it, as the database has
    them now (None: no such circle): what an open socket reads again every minute or
    two, and whenever it is told its access changed. Two plain reads."""
    with connection.cursor() as cursor:
        circle = _circle(cursor, user, session_id)
        if circle is None:
            return None
        session, _state, runner = circle
        cursor.execute(SQL_PLACE, [session_id, user.pk])
        row = cursor.fetchone()
    participant = _row(CircleParticipant, _PARTICIPANT_FIELDS, row) if row else None
    access = circles.Access(session=session, user=user, participant=participant)
    access.__dict__["runner"] = runner  # the cached property, already answered
    return access


def socket_open(*, user, session_id: int, channel_name: str) -> tuple[circles.Access, dict] | None:
    """Let a socket into the circle's live layer, or not (None): admitted families and
    those running the circle only. Registers its presence and returns the snapshot."""
    if not user.is_authenticated:
        return None
    with connection.cursor() as cursor:
        circle = _circle(cursor, user, session_id)
        if circle is None:
            return None
        session, state, runner = circle
        participants = _participants(cursor, session_id)
        access = circles.access_for(user, session, participants=participants)
        access.__dict__["runner"] = runner  # the cached property, already answered
        if access.removed or not access.admitted:
            return None
        if session.status == Session.Status.ENDED or (state is not None and state.ended_at):
            return None
        present_now = _join(cursor, session, user, channel_name, participants)
        data = circles.snapshot(
            access,
            state=state if state is not None else circles.NO_STATE,
            participants=participants,
            present_now=present_now,
            messages=_chat(cursor, session_id),
            my_signal=None if runner else _my_signal(cursor, session, user.pk),
        )
    return access, data

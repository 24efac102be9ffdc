"""Scheduling and enrolment: the programme's rules, in one place.

Scheduling refuses what would make the programme impossible to run (a room or a
facilitator in two places at once, a session outside the edition, a room too
small) and names the session it collides with. Enrolment locks the session's
row, so places are given one at a time and never more than the capacity.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from conference import consent, dates
from conference.services import audit_record
from conference.tasks import enqueue
from hubs.models import Registration
from sessions_app import circles, tasks
from sessions_app.models import CIRCLE_MAX_FAMILIES, SESSION_MAX_PLACES, Enrolment, Session

Kind = Session.Kind
Mode = Session.Mode


class SchedulingError(Exception):
    """Saving a session was refused; `errors` maps a form field (or None) to
    translated messages."""

    def __init__(self, errors: dict[str | None, list[str]]):
        super().__init__("; ".join(m for messages in errors.values() for m in messages))
        self.errors = errors


class EnrolmentError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def plenary_zone() -> zoneinfo.ZoneInfo:
    """Plenaries are scheduled by the secretariat in its own time zone."""
    return zoneinfo.ZoneInfo(settings.PLENARY_TIME_ZONE)


def session_zone(session: Session) -> zoneinfo.ZoneInfo:
    return session.hub.zone if session.hub_id else plenary_zone()


def local_datetime(day: datetime.date, time: datetime.time, zone) -> datetime.datetime:
    """A wall-clock time at a place, as an aware datetime; ValueError when the
    clocks skip it (the hour lost when daylight-saving time begins)."""
    moment = datetime.datetime.combine(day, time, tzinfo=zone)
    back = moment.astimezone(datetime.UTC).astimezone(zone)
    if back.replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise ValueError("non-existent local time")
    return moment


def _when(session: Session, zone) -> str:
    return dates.span(session.starts_at, session.ends_at, zone)


def _where(session: Session) -> str:
    return session.hub.name if session.hub_id else str(_("all hubs"))


def scheduling_conflicts(session: Session, facilitator_ids) -> dict[str | None, list[str]]:
    """Everything that stops `session` (saved or not) from being scheduled as it is."""
    errors: dict[str | None, list[str]] = {}

    def refuse(field, message):
        errors.setdefault(field, []).append(message)

    zone = session_zone(session)
    if session.ends_at <= session.starts_at:
        refuse("ends", _("The session must end after it starts."))
        return errors

    conference = session.conference
    first_day = timezone.localtime(session.starts_at, zone).date()
    last_day = timezone.localtime(session.ends_at - datetime.timedelta(microseconds=1), zone).date()
    if first_day < conference.starts_on or last_day > conference.ends_on:
        refuse(
            "day",
            _("The session must take place during the edition, from %(first)s to %(last)s.")
            % {
                "first": dates.day(conference.starts_on, "long"),
                "last": dates.day(conference.ends_on, "long"),
            },
        )

    if session.kind == Kind.PLENARY:
        if session.hub_id:
            refuse("kind", _("A plenary belongs to every hub, not to one."))
    elif not session.hub_id:
        refuse("kind", _("Only plenaries are scheduled for every hub."))

    if session.capacity is not None and not 1 <= session.capacity <= SESSION_MAX_PLACES:
        refuse(
            "capacity",
            _("A session offers between 1 and %(max)d places, or leave it empty.")
            % {"max": SESSION_MAX_PLACES},
        )
        return errors

    if session.kind == Kind.CIRCLE:
        if session.mode == Mode.IN_PERSON:
            refuse("mode", _("A sharing circle is held online or hybrid, never only in a room."))
        if not session.capacity or session.capacity > CIRCLE_MAX_FAMILIES:
            refuse(
                "capacity",
                _("A sharing circle holds between 1 and %(max)d families.")
                % {"max": CIRCLE_MAX_FAMILIES},
            )

    room = session.room
    if session.mode in (Mode.IN_PERSON, Mode.HYBRID) and room is None and session.hub_id:
        refuse("room", _("Choose a room for a session held in person or hybrid."))
    if room is not None:
        if room.hub_id != session.hub_id:
            refuse("room", _("This room belongs to another hub."))
        elif session.capacity and room.capacity < session.capacity:
            refuse(
                "capacity",
                _(
                    "%(room)s holds %(room_capacity)d people; "
                    "this session offers %(capacity)d places."
                )
                % {
                    "room": room.name,
                    "room_capacity": room.capacity,
                    "capacity": session.capacity,
                },
            )
        else:
            clash = (
                Session.objects.visible()
                .filter(room=room)
                .overlapping(session.starts_at, session.ends_at)
                .exclude(pk=session.pk)
                .first()
            )
            if clash is not None:
                refuse(
                    "room",
                    _("%(room)s is already used by “%(title)s” at that time (%(when)s).")
                    % {"room": room.name, "title": clash.title, "when": _when(clash, zone)},
                )

    if facilitator_ids:
        clashes = (
            Session.objects.visible()
            .filter(facilitators__in=list(facilitator_ids))
            .overlapping(session.starts_at, session.ends_at)
            .exclude(pk=session.pk)
            .select_related("hub")
            .prefetch_related("facilitators")
            .distinct()
        )
        wanted = set(facilitator_ids)
        for clash in clashes:
            for person in clash.facilitators.all():
                if person.pk in wanted:
                    refuse(
                        "facilitators",
                        _(
                            "%(person)s already facilitates “%(title)s” at %(hub)s "
                            "at that time (%(when)s)."
                        )
                        % {
                            "person": person.display_name,
                            "title": clash.title,
                            "hub": _where(clash),
                            "when": _when(clash, zone),
                        },
                    )
    return errors


def _save_session(session: Session, facilitators, *, by, action: str) -> Session:
    facilitator_ids = [user.pk for user in facilitators]
    errors = scheduling_conflicts(session, facilitator_ids)
    if errors:
        raise SchedulingError(errors)
    session.save()
    session.facilitators.set(facilitator_ids)
    audit_record(
        actor=by,
        action=action,
        hub=session.hub,
        target=session,
        title=session.title,
        starts_at=session.starts_at.isoformat(),
    )
    return session


def _lock_rooms_and_people(session: Session, facilitators) -> None:
    """Serialise scheduling that could collide: lock the room and the
    facilitators' rows, so two organisers saving at once cannot both win."""
    from conference.models import User
    from hubs.models import Room

    if session.room_id:
        list(Room.objects.select_for_update().filter(pk=session.room_id))
    ids = sorted(user.pk for user in facilitators)
    if ids:
        list(User.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


@transaction.atomic
def session_create(*, by, conference, hub, facilitators=(), **fields) -> Session:
    """Schedule a session at `hub` (None for a plenary). `fields` are Session fields."""
    session = Session(conference=conference, hub=hub, created_by=by, **fields)
    _lock_rooms_and_people(session, facilitators)
    return _save_session(session, facilitators, by=by, action="session.create")


@transaction.atomic
def session_update(*, session: Session, by, facilitators=None, **fields) -> Session:
    """Change a scheduled session; a higher capacity gives places to the waiting list."""
    session = (
        Session.objects.select_for_update(of=("self",)).select_related("hub").get(pk=session.pk)
    )
    if session.status == Session.Status.CANCELLED:
        raise SchedulingError({None: [_("This session is cancelled and cannot be changed.")]})
    for name, value in fields.items():
        setattr(session, name, value)
    if facilitators is None:
        facilitators = list(session.facilitators.all())
    _lock_rooms_and_people(session, facilitators)
    _save_session(session, facilitators, by=by, action="session.update")
    _waitlist_promote(session)
    return session


@transaction.atomic
def session_cancel(*, session: Session, by) -> Session:
    """Cancel a session and tell everyone who had a place or was waiting."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status == Session.Status.CANCELLED:
        return session
    session.status = Session.Status.CANCELLED
    session.save(update_fields=["status", "updated_at"])
    told = list(
        Enrolment.objects.filter(
            session=session, status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED]
        ).select_related("user")
    )
    for enrolment in told:
        enqueue(tasks.session_cancelled_mail, enrolment.pk)
    audit_record(actor=by, action="session.cancel", hub=session.hub, target=session, told=len(told))
    return session


# Enrolment ------------------------------------------------------------------------


def registration_for(user, conference) -> Registration | None:
    return (
        Registration.objects.select_related("hub")
        .filter(user=user, conference=conference, status=Registration.Status.CONFIRMED)
        .first()
    )


def enrolment_refusal(user, session: Session, registration=None) -> EnrolmentError | None:
    """Why `user` may not take a place in `session`, or None if they may."""
    if session.capacity is None:
        return EnrolmentError(
            _("This session is open to everyone; there is no need to enrol."), "open"
        )
    if session.status in (Session.Status.CANCELLED, Session.Status.ENDED) or (
        session.ends_at <= timezone.now()
    ):
        return EnrolmentError(_("This session is over or cancelled."), "closed")
    if registration is None:
        registration = registration_for(user, session.conference)
    if registration is None:
        return EnrolmentError(
            _("Only families registered for this edition can enrol. Please register first."),
            "not_registered",
        )
    in_person_here = (
        registration.hub_id == session.hub_id and registration.mode == Registration.Mode.IN_PERSON
    )
    if session.mode == Mode.IN_PERSON and not in_person_here:
        return EnrolmentError(
            _("This session is held in person at %(hub)s, for families registered there in person.")
            % {"hub": session.hub.name},
            "in_person_only",
        )
    if (
        session.mode == Mode.HYBRID
        and registration.mode == Registration.Mode.IN_PERSON
        and not in_person_here
    ):
        return EnrolmentError(
            _(
                "You are registered in person at another hub. You can join sessions held "
                "online, or in person at %(hub)s."
            )
            % {"hub": registration.hub.name},
            "other_hub",
        )
    return None


def _enrolled_count(session: Session) -> int:
    return Enrolment.objects.filter(session=session, status=Enrolment.Status.ENROLLED).count()


def _waitlist_promote(session: Session) -> list[Enrolment]:
    """Give free places to the waiting list in order. The caller holds the session's lock."""
    if session.capacity is None or session.status == Session.Status.CANCELLED:
        return []
    free = session.capacity - _enrolled_count(session)
    if free <= 0:
        return []
    waiting = list(
        Enrolment.objects.select_for_update()
        .filter(session=session, status=Enrolment.Status.WAITLISTED)
        .order_by("queued_at", "pk")[:free]
    )
    for enrolment in waiting:
        enrolment.status = Enrolment.Status.ENROLLED
        enrolment.queued_at = None
        enrolment.save(update_fields=["status", "queued_at", "updated_at"])
        enqueue(tasks.enrolment_promoted_mail, enrolment.pk)
    return waiting


@transaction.atomic
def enrolment_create(*, user, session: Session, accept_ground_rules: bool = False) -> Enrolment:
    """A place in `session` if one is free, otherwise a place on its waiting list.
    A sharing circle needs its ground rules accepted; the moment is recorded.

    Only what depends on the places taken is done under the session's lock: when
    enrolment in a popular circle opens, every request waits for that lock in turn,
    so the time each one holds it is what the last family waits for (`bench/
    registration.py --only enrolment`). Who the person is (registered, where, how)
    and their consent are checked and recorded before it; the session's state and
    a place of theirs already taken are read again under it."""
    session = Session.objects.select_related("hub", "conference").get(pk=session.pk)
    refusal = enrolment_refusal(user, session)
    if refusal is not None:
        raise refusal
    if session.is_circle and not accept_ground_rules:
        raise EnrolmentError(
            _("Please read the circle's ground rules and tick the box to accept them."),
            "ground_rules",
        )
    if session.is_circle:
        consent.consent_give(user=user, purpose="circles")
    locked = (
        Session.objects.select_for_update(of=("self",))
        .only("pk", "status", "capacity", "ends_at")
        .get(pk=session.pk)
    )
    session.status, session.capacity, session.ends_at = (
        locked.status,
        locked.capacity,
        locked.ends_at,
    )
    closed = session.capacity is None or (
        session.status in (Session.Status.CANCELLED, Session.Status.ENDED)
        or session.ends_at <= timezone.now()
    )
    if closed:  # changed since the first read: the same answer as if read then
        raise enrolment_refusal(user, session)
    enrolment = Enrolment.objects.filter(session=session, user=user).first()
    if enrolment is not None and enrolment.status != Enrolment.Status.CANCELLED:
        raise EnrolmentError(_("You already have a place in this session."), "duplicate")
    now = timezone.now()
    fits = _enrolled_count(session) < session.capacity
    enrolment = enrolment or Enrolment(session=session, user=user)
    enrolment.status = Enrolment.Status.ENROLLED if fits else Enrolment.Status.WAITLISTED
    enrolment.queued_at = None if fits else now
    enrolment.reminder_sent_at = None
    if accept_ground_rules:
        enrolment.ground_rules_accepted_at = now
    enrolment.save()
    return enrolment


@transaction.atomic
def enrolment_cancel(*, enrolment: Enrolment) -> Enrolment:
    """Give up a place (or leave the waiting list); the next family waiting gets it."""
    session = Session.objects.select_for_update(of=("self",)).get(pk=enrolment.session_id)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status == Enrolment.Status.CANCELLED:
        return enrolment
    enrolment.status = Enrolment.Status.CANCELLED
    enrolment.queued_at = None
    enrolment.save(update_fields=["status", "queued_at", "updated_at"])
    if session.kind == Session.Kind.CIRCLE:
        # Out of the room too; open sockets close through `access.changed`.
        circles.participant_withdraw(session=session, user_id=enrolment.user_id)
    _waitlist_promote(session)
    return enrolment


def enrolments_release(*, user, conference) -> int:
    """A family whose registration for `conference` is cancelled gives up its places
    and waiting-list spots in sessions that are not over, so the next families get
    them. Called by `hubs.services.registration_cancel`, in its transaction."""
    open_ones = Enrolment.objects.filter(
        user=user,
        session__conference=conference,
        session__ends_at__gt=timezone.now(),
        status__in=(Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED),
    ).order_by("session_id")  # one lock order for every caller
    released = 0
    for enrolment in open_ones:
        enrolment_cancel(enrolment=enrolment)
        released += 1
    return released


def waitlist_position(enrolment: Enrolment) -> int | None:
    if enrolment.status != Enrolment.Status.WAITLISTED:
        return None
    return (
        Enrolment.objects.filter(
            session_id=enrolment.session_id, status=Enrolment.Status.WAITLISTED
        )
        .filter(
            Q(queued_at__lt=enrolment.queued_at)
            | Q(queued_at=enrolment.queued_at, pk__lt=enrolment.pk)
        )
        .count()
        + 1
    )


# Reminders ------------------------------------------------------------------------


def _due_reminder_ids(now) -> list[int]:
    window = datetime.timedelta(minutes=settings.SESSION_REMINDER_MINUTES)
    return list(
        Enrolment.objects.filter(
            status=Enrolment.Status.ENROLLED,
            reminder_sent_at__isnull=True,
            session__status__in=[Session.Status.SCHEDULED, Session.Status.LIVE],
            session__starts_at__gt=now,
            session__starts_at__lte=now + window,
        )
        # Members who turned reminders off (conference/consent.py) get none.
        .exclude(user_id__in=consent.users_without_consent("reminders"))
        .values_list("pk", flat=True)
    )


def reminders_queue(*, now=None) -> int:
    """Queue the reminder of every enrolled family whose session starts within the
    reminder window; returns how many were queued.

    Each reminder is claimed with a conditional UPDATE ("not yet claimed"), in the
    transaction that queues its mail: two workers running this at once never queue
    the same reminder twice, and a claimed reminder always has its mail queued.
    `reminder_sent_at` is the moment it was handed to the mail queue."""
    now = now or timezone.now()
    queued = 0
    for pk in _due_reminder_ids(now):
        with transaction.atomic():
            claimed = Enrolment.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if claimed:
                enqueue(tasks.reminder_mail, pk)
                queued += 1
    return queued

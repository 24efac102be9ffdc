"""Registration, waiting lists and check-in: the rules, in one place.

Every write that touches seats locks the hub's row first (`SELECT … FOR UPDATE`
on PostgreSQL; SQLite takes its write lock at BEGIN), so decisions about seats
are taken one at a time per hub and a venue is never overbooked, however many
families press "register" at the same moment.
"""

import datetime
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference import content, dates
from conference.consent import consent_give
from conference.services import audit_record
from conference.tasks import enqueue
from hubs import live, tasks
from hubs.models import Hub, Registration, Room

Mode = Registration.Mode
Status = Registration.Status

# Crockford's base32: no I, L, O or U, so a code read aloud or typed is not misread.
TICKET_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TICKET_LENGTH = 10
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


class RegistrationError(Exception):
    """A registration request that cannot be done; `message` is translated."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


class CheckInRefused(Exception):
    def __init__(self, message: str, code: str, registration: Registration | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.registration = registration


def new_ticket_code() -> str:
    return "".join(secrets.choice(TICKET_ALPHABET) for _ in range(TICKET_LENGTH))


def normalise_ticket_code(raw: str) -> str:
    """What someone typed or scanned, as stored: upper case, no spaces or dashes."""
    cleaned = "".join(ch for ch in (raw or "").upper() if ch.isalnum())
    return cleaned.translate(_LOOKALIKES)


def _locked_hub(hub_id: int) -> Hub:
    return Hub.objects.select_related("conference").select_for_update(of=("self",)).get(pk=hub_id)


def _fits(hub: Hub, mode: str, size: int, *, exclude_pk=None) -> bool:
    capacity = hub.capacity_for(mode)
    if capacity is None:
        return True
    taken = Registration.objects.exclude(pk=exclude_pk).seats_taken(hub, mode)
    return taken + size <= capacity


def _check_mode(hub: Hub, mode: str) -> None:
    if mode not in Mode.values:
        raise RegistrationError(_("Please choose in person or online."), "mode")
    if mode == Mode.ONLINE and not hub.online_open:
        raise RegistrationError(
            _("%(hub)s does not take online participants. Please choose in person.")
            % {"hub": hub.name},
            "online_closed",
        )
    if mode == Mode.IN_PERSON and hub.in_person_capacity == 0:
        raise RegistrationError(
            _("%(hub)s has no venue to come to. Please choose online.") % {"hub": hub.name},
            "no_venue",
        )


def _check_party(adults: int, children: int) -> None:
    if not 1 <= adults <= Registration.MAX_PARTY:
        raise RegistrationError(
            _("Please register between 1 and %(max)d adults.") % {"max": Registration.MAX_PARTY},
            "adults",
        )
    if not 0 <= children <= Registration.MAX_PARTY:
        raise RegistrationError(
            _("Please register between 0 and %(max)d children.") % {"max": Registration.MAX_PARTY},
            "children",
        )


def _check_open(hub: Hub) -> None:
    if hub.conference.ends_on < hub.local_now().date():
        raise RegistrationError(
            _("This edition of the conference is over; registration is closed."), "closed"
        )


def _not_enough_seats(hub: Hub, size: int) -> RegistrationError:
    return RegistrationError(
        _(
            "There are not enough seats left at %(hub)s for %(count)d people. "
            "Your registration is unchanged."
        )
        % {"hub": hub.name, "count": size},
        "full",
    )


def _waitlist_promote(hub: Hub, mode: str) -> list[Registration]:
    """Give free places to waiting families, in the order they joined the list.

    A party too large for the seats left keeps its place in the queue while a
    smaller party behind it may go first. The caller holds the hub's lock."""
    capacity = hub.capacity_for(mode)
    taken = Registration.objects.seats_taken(hub, mode)
    promoted = []
    waiting = Registration.objects.waitlist(mode).filter(hub=hub).select_for_update()
    for registration in waiting:
        if capacity is not None and taken >= capacity:
            break
        if capacity is None or taken + registration.party_size <= capacity:
            registration.status = Status.CONFIRMED
            registration.queued_at = None
            registration.save(update_fields=["status", "queued_at", "updated_at"])
            taken += registration.party_size
            promoted.append(registration)
    for registration in promoted:
        enqueue(tasks.promotion_mail, registration.pk)
    return promoted


@transaction.atomic
def registration_create(
    *,
    user,
    hub: Hub,
    mode: str,
    adults: int,
    children: int = 0,
    interpretation_language: str = "",
    accessibility_needs: str = "",
    consent: bool,
    notify: bool = True,
) -> Registration:
    """Register `user` at `hub` for its edition: confirmed if the party fits,
    otherwise on the waiting list. A cancelled registration is taken up again.
    `notify=False` sends no ticket mail (demo data)."""
    if not consent:
        raise RegistrationError(
            _("Please read how we keep your information and tick the box to agree."), "consent"
        )
    _check_party(adults, children)
    hub = _locked_hub(hub.pk)
    _check_open(hub)
    _check_mode(hub, mode)

    existing = (
        Registration.objects.select_for_update()
        .filter(user=user, conference=hub.conference)
        .first()
    )
    if existing is not None and existing.status != Status.CANCELLED:
        raise RegistrationError(
            _("You are already registered for this edition, at %(hub)s.")
            % {"hub": existing.hub.name},
            "duplicate",
        )
    now = timezone.now()
    fits = _fits(hub, mode, adults + children)
    registration = existing or Registration(user=user, conference=hub.conference)
    registration.hub = hub
    registration.mode = mode
    registration.adults = adults
    registration.children = children
    registration.interpretation_language = interpretation_language
    registration.accessibility_needs = accessibility_needs.strip()
    registration.status = Status.CONFIRMED if fits else Status.WAITLISTED
    registration.queued_at = None if fits else now
    registration.consent_given_at = now
    registration.ticket_code = new_ticket_code()
    registration.checked_in_at = None
    registration.checked_in_by = None
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        # The same person registering at two hubs at the same instant.
        raise RegistrationError(
            _("You are already registered for this edition."), "duplicate"
        ) from None
    consent_give(user=user, purpose="registration")
    if notify:
        enqueue(tasks.ticket_mail, registration.pk)
    return registration


@transaction.atomic
def registration_change(
    *,
    registration: Registration,
    mode: str,
    adults: int,
    children: int,
    interpretation_language: str | None = None,
    accessibility_needs: str | None = None,
) -> Registration:
    """Change mode or party size. A confirmed family never loses its place: if the
    new party does not fit, nothing changes and the error says so."""
    _check_party(adults, children)
    hub = _locked_hub(registration.hub_id)
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    if current.status == Status.CANCELLED:
        raise RegistrationError(
            _("This registration was cancelled. You can register again."), "cancelled"
        )
    _check_mode(hub, mode)
    old_mode, old_size = current.mode, current.party_size
    new_size = adults + children
    grows = mode != old_mode or new_size > old_size
    if (
        current.status == Status.CONFIRMED
        and grows
        and not _fits(hub, mode, new_size, exclude_pk=current.pk)
    ):
        raise _not_enough_seats(hub, new_size)
    current.mode = mode
    current.adults = adults
    current.children = children
    if interpretation_language is not None:
        current.interpretation_language = interpretation_language
    if accessibility_needs is not None:
        current.accessibility_needs = accessibility_needs.strip()
    current.save()
    if current.status == Status.CONFIRMED:
        # Seats given back: to the old mode, or the difference in size.
        if mode != old_mode or new_size < old_size:
            _waitlist_promote(hub, old_mode)
    else:
        # A waiting family whose party got smaller, or who switched mode, may now fit.
        _waitlist_promote(hub, mode)
        current.refresh_from_db()
    return current


@transaction.atomic
def registration_cancel(*, registration: Registration, by=None) -> Registration:
    hub = _locked_hub(registration.hub_id)
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    if current.status == Status.CANCELLED:
        return current
    was_confirmed = current.status == Status.CONFIRMED
    current.status = Status.CANCELLED
    current.queued_at = None
    current.save(update_fields=["status", "queued_at", "updated_at"])
    if by is not None and by != current.user:
        audit_record(actor=by, action="registration.cancel", hub=hub, target=current)
    if was_confirmed:
        _waitlist_promote(hub, current.mode)
        # Places in circles and workshops need a registration: give them to the
        # next families. (sessions_app builds on hubs, hence the late import.)
        from sessions_app.services import enrolments_release

        enrolments_release(user=current.user, conference=hub.conference)
    return current


@transaction.atomic
def hub_update(*, hub: Hub, by, **fields) -> Hub:
    """Change a hub's settings. Raising a capacity promotes waiting families;
    lowering it never cancels anyone already confirmed."""
    locked = _locked_hub(hub.pk)
    changed = [name for name, value in fields.items() if getattr(locked, name) != value]
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    if changed:
        audit_record(
            actor=by, action="hub.update", hub=locked, target=locked, fields=sorted(changed)
        )
    for mode in Mode.values:
        _waitlist_promote(locked, mode)
    return locked


class RoomError(Exception):
    """A room that cannot be saved; `field` is the form field the message belongs to."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.message = message
        self.field = field


def room_name_taken(*, hub: Hub, column: str, name: str, exclude_pk=None) -> bool:
    """Whether the hub has another room of this name in the same language
    (`column`: name_en, name_fa…), whatever the capitals."""
    return (
        Room.objects.filter(hub=hub, **{f"{column}__iexact": name}).exclude(pk=exclude_pk).exists()
    )


def _room_name_taken_error(column: str, name: str) -> RoomError:
    # The form's field for the default language is "name", the others "name_fa"…
    field = "name" if column == content.column("name", settings.LANGUAGE_CODE) else column
    return RoomError(_("This hub already has a room called “%(name)s”.") % {"name": name}, field)


@transaction.atomic
def room_save(
    *,
    hub: Hub,
    room: Room | None,
    capacity: int,
    name: str | None = None,
    names: dict[str, str | None] | None = None,
) -> Room:
    """Add a room to `hub` or change one of its rooms. `names` holds its name by
    column (name_en, name_fa…); `name` alone is its name in the default language.
    At least one is needed."""
    names = dict(names or {})
    if name is not None:
        names[content.column("name", settings.LANGUAGE_CODE)] = name
    names = {column: " ".join((text or "").split()) or None for column, text in names.items()}
    if not any(names.values()):
        raise RoomError(_("Give the room a name."), "name")
    for column, text in names.items():
        if text and room_name_taken(
            hub=hub, column=column, name=text, exclude_pk=room.pk if room else None
        ):
            raise _room_name_taken_error(column, text)
    room = room or Room(hub=hub)
    for column, text in names.items():
        setattr(room, column, text)
    room.capacity = capacity
    try:
        # Two organisers adding the same name at the same moment: the database decides.
        with transaction.atomic():
            room.save()
    except IntegrityError:
        taken = next((item for item in names.items() if item[1]), ("name", ""))
        raise _room_name_taken_error(*taken) from None
    return room


@transaction.atomic
def registration_check_in(*, hub: Hub, code: str, by) -> Registration:
    """Mark a family as arrived at the hub's desk, or refuse with the reason."""
    normalised = normalise_ticket_code(code)
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("hub", "user")
        .filter(ticket_code=normalised)
        .first()
    )
    if registration is None:
        raise CheckInRefused(
            _("No ticket has this code. Check the letters and try again."), "not_found"
        )
    if registration.hub_id != hub.pk:
        raise CheckInRefused(
            _("This ticket is for another hub: %(hub)s.") % {"hub": registration.hub.name},
            "other_hub",
        )
    if registration.status == Status.CANCELLED:
        raise CheckInRefused(_("This registration was cancelled."), "cancelled", registration)
    if registration.status == Status.WAITLISTED:
        raise CheckInRefused(
            _("This family is still on the waiting list and has no seat yet."),
            "waitlisted",
            registration,
        )
    if registration.mode == Mode.ONLINE:
        raise CheckInRefused(
            _("This family registered to take part online, not in person."),
            "online",
            registration,
        )
    if registration.checked_in_at is not None:
        raise CheckInRefused(
            _("Already checked in at %(time)s.")
            % {"time": dates.clock(registration.checked_in_at, hub.zone)},
            "already",
            registration,
        )
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = by
    registration.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
    audit_record(actor=by, action="registration.check_in", hub=hub, target=registration)
    transaction.on_commit(lambda: live.desk_count_changed(hub))
    return registration


@transaction.atomic
def registrations_purge_expired(*, today=None) -> int:
    """Delete registrations of editions that ended more than
    RETENTION["registration_days"] ago, as the consent text promises. Returns how
    many were deleted."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.RETENTION["registration_days"])
    expired = Registration.objects.filter(conference__ends_on__lt=cutoff)
    count = expired.count()
    if count:
        expired.delete()
    return count

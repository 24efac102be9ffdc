"""Background work of the programme: enrolment mails, reminders, presence sweep."""

from django.utils import timezone

from conference.privacy import has_consent
from conference.tasks import PRIORITY_HOUSEKEEPING, Skip, background, mail_task
from sessions_app import emails
from sessions_app.models import Enrolment, Session

Status = Enrolment.Status


def _enrolment(enrolment_id: int) -> Enrolment:
    enrolment = (
        Enrolment.objects.select_related("user", "session", "session__hub", "session__room")
        .filter(pk=enrolment_id)
        .first()
    )
    if enrolment is None:
        raise Skip(f"enrolment {enrolment_id} no longer exists")
    return enrolment


@mail_task()
def enrolment_promoted_mail(enrolment_id: int):
    """A place in a session became free for a waiting family."""
    enrolment = _enrolment(enrolment_id)
    if enrolment.status != Status.ENROLLED:
        raise Skip(f"enrolment {enrolment_id} is no longer enrolled")
    return emails.enrolment_promoted(enrolment)


@mail_task()
def session_cancelled_mail(enrolment_id: int):
    """The session a family had a place in (or waited for) was cancelled."""
    enrolment = _enrolment(enrolment_id)
    if enrolment.session.status != Session.Status.CANCELLED:
        raise Skip(f"the session of enrolment {enrolment_id} is not cancelled any more")
    return emails.session_cancelled(enrolment)


@mail_task()
def reminder_mail(enrolment_id: int):
    """The reminder before a session, queued once per enrolment by `reminders_queue`."""
    enrolment = _enrolment(enrolment_id)
    session = enrolment.session
    if enrolment.status != Status.ENROLLED:
        raise Skip(f"enrolment {enrolment_id} is no longer enrolled")
    if session.status not in (Session.Status.SCHEDULED, Session.Status.LIVE):
        raise Skip(f"session {session.pk} is {session.status}")
    if not has_consent(enrolment.user, "reminders"):
        raise Skip(f"the family of enrolment {enrolment_id} turned reminders off")
    if session.starts_at <= timezone.now():
        raise Skip(f"session {session.pk} has already started: too late for a reminder")
    return emails.reminder(enrolment)


@background(priority=PRIORITY_HOUSEKEEPING)
def reminders_queue() -> int:
    from sessions_app.services import reminders_queue

    return reminders_queue()


@background(priority=PRIORITY_HOUSEKEEPING)
def presence_sweep() -> int:
    from sessions_app import circles

    return circles.presence_sweep()

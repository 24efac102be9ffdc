"""Background work of the hubs: registration mails and the registrations purge."""

from conference.tasks import PRIORITY_HOUSEKEEPING, Skip, background, mail_task
from hubs import emails
from hubs.models import Registration

Status = Registration.Status


def _registration(registration_id: int) -> Registration:
    registration = (
        Registration.objects.select_related("user", "hub", "hub__society", "conference")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        raise Skip(f"registration {registration_id} no longer exists")
    return registration


@mail_task()
def ticket_mail(registration_id: int):
    """The ticket (or "you are on the waiting list") after registering."""
    registration = _registration(registration_id)
    if registration.status == Status.CANCELLED:
        raise Skip(f"registration {registration_id} was cancelled before its ticket was sent")
    return emails.ticket(registration)


@mail_task()
def promotion_mail(registration_id: int):
    """A place became free for a waiting family."""
    registration = _registration(registration_id)
    if registration.status != Status.CONFIRMED:
        raise Skip(f"registration {registration_id} is no longer confirmed")
    return emails.promoted(registration)


@background(priority=PRIORITY_HOUSEKEEPING)
def registrations_purge() -> int:
    from hubs.services import registrations_purge_expired

    return registrations_purge_expired()

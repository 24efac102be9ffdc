"""The mails families receive about the sessions they enrolled in."""

from conference.mail import Attachment, send_to_user
from sessions_app import calendar


def _context(enrolment) -> dict:
    return {"enrolment": enrolment, "session": enrolment.session}


def _ics(enrolment) -> list[Attachment]:
    return [Attachment("session.ics", calendar.session_ics(enrolment.session), "text/calendar")]


def send_enrolment_promoted(enrolment) -> None:
    send_to_user(
        user=enrolment.user,
        template="sessions_app/email/promoted",
        context=_context(enrolment),
        attachments=_ics(enrolment),
    )


def send_session_cancelled(enrolment) -> None:
    send_to_user(
        user=enrolment.user, template="sessions_app/email/cancelled", context=_context(enrolment)
    )


def send_reminder(enrolment) -> None:
    send_to_user(
        user=enrolment.user, template="sessions_app/email/reminder", context=_context(enrolment)
    )

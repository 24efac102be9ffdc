"""The mails families receive about the sessions they enrolled in: what each one says.

The tasks in sessions_app/tasks.py load what they need by id and send these."""

from conference.mail import Attachment, Mail
from sessions_app import calendar


def _context(enrolment) -> dict:
    return {"enrolment": enrolment, "session": enrolment.session}


def _ics(enrolment) -> list[Attachment]:
    return [Attachment("session.ics", calendar.session_ics(enrolment.session), "text/calendar")]


def enrolment_promoted(enrolment) -> Mail:
    return Mail(
        user=enrolment.user,
        template="sessions_app/email/promoted",
        context=_context(enrolment),
        attachments=_ics(enrolment),
    )


def session_cancelled(enrolment) -> Mail:
    return Mail(
        user=enrolment.user, template="sessions_app/email/cancelled", context=_context(enrolment)
    )


def reminder(enrolment) -> Mail:
    return Mail(
        user=enrolment.user, template="sessions_app/email/reminder", context=_context(enrolment)
    )

"""allauth, adapted: its mails (address confirmation, password reset, e-mail change…)
leave through the task queue like every other mail, so signing up never waits for the
mail server and a mail that failed is tried again."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMultiAlternatives, get_connection

from conference.tasks import background, current_run, send_once


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # As allauth's own send_mail (65.x), rendered here in the request's language,
        # then queued instead of sent.
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (body for body, kind in getattr(message, "alternatives", []) if kind == "text/html"),
            None,
        )
        # Queued at once, not on commit: allauth sends outside any transaction of ours,
        # and in the tests (immediate backend) the mail is then in the outbox at once.
        account_mail.enqueue(
            {
                "subject": message.subject,
                "body": message.body,
                "content_subtype": message.content_subtype,
                "html": html,
                "from_email": message.from_email,
                "to": list(message.to),
                "headers": dict(message.extra_headers),
            }
        )


@background(secret=True)
def account_mail(message: dict) -> str:
    """One of allauth's mails, as rendered in the request. It holds a one-time link:
    its stored arguments are forgotten once it ran, and never logged."""

    def send() -> None:
        email = EmailMultiAlternatives(
            subject=message["subject"],
            body=message["body"],
            from_email=message["from_email"],
            to=message["to"],
            headers=message["headers"],
            connection=connection,
        )
        email.content_subtype = message["content_subtype"]
        if message["html"]:
            email.attach_alternative(message["html"], "text/html")
        email.send()

    with get_connection() as connection:
        return send_once(f"task:{current_run().chain}", send)

"""Background work of the forum: the daily digest and the "at once" e-mails."""

from conference.tasks import PRIORITY_BULK_MAIL, PRIORITY_HOUSEKEEPING, Skip, background, mail_task
from support.forum import digest


@background(priority=PRIORITY_HOUSEKEEPING)
def digest_queue() -> int:
    """Hourly (settings.TASK_SCHEDULE): queue today's digests not queued yet."""
    return digest.digest_queue()


@mail_task(priority=PRIORITY_BULK_MAIL)
def digest_mail(user_id: int, period: str, until: str):
    """One member's digest of what is new in what they follow."""
    mail = digest.digest_build(user_id, period, until)
    if mail is None:
        raise Skip(f"nothing new for member {user_id} in {period}")
    return mail


@background(priority=PRIORITY_BULK_MAIL)
def immediate_fan_out(post_id: int) -> int:
    return digest.immediate_fan_out(post_id)


@mail_task()
def post_mail(post_id: int, follow_id: int):
    """A new post, at once, to one member who follows its thread or category."""
    mail = digest.post_build(post_id, follow_id)
    if mail is None:
        raise Skip(f"post {post_id} is no longer for follow {follow_id}")
    return mail


@background(priority=PRIORITY_HOUSEKEEPING)
def sanctions_expire() -> int:
    """Every few minutes (settings.TASK_SCHEDULE): the end of each silence or
    suspension that ran out is written to the moderation audit log."""
    from support.forum import moderation

    return moderation.sanctions_expire()

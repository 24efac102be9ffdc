"""The retention schedule, enforced: one periodic job ("retention_enforce" in
TASK_SCHEDULE) runs every declaration's `purge(now)` from the register of personal
data (conference/privacy.py), with the periods of settings.RETENTION.

Each purge is a DELETE (or an UPDATE to NULL) of what is past its time, in its own
transaction: running it again deletes nothing more (idempotent), and two workers
running it at once each delete what is left, never the same row twice, never
failing on the other's work. A rule that fails does not stop the others; the job
then fails and is retried.

An app with a rule of its own declares it on its model (the forum: posts held or
refused by a moderator, RETENTION["forum_decided_days"] after the decision, with
`purge_older_than`); an app that is not there has nothing declared and nothing runs.
Registrations are purged by hubs.tasks.registrations_purge (RETENTION
["registration_days"] after the edition), and finished tasks by
conference.tasks.task_results_forget."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from conference import privacy
from conference.tasks import PRIORITY_HOUSEKEEPING, background

log = logging.getLogger("flh.retention")


def purge_older_than(model, field: str, now: datetime.datetime, setting: str, **filters) -> int:
    """Delete `model`'s rows (matching `filters`) whose `field` is more than
    RETENTION[setting] days before `now`. For apps' purge hooks."""
    cutoff = now - datetime.timedelta(days=settings.RETENTION[setting])
    rows = model._default_manager.filter(**{f"{field}__lt": cutoff}, **filters)
    return rows.delete()[0]


def retention_run(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Every declared retention rule once; rows deleted (or forgotten) per model."""
    now = now or timezone.now()
    done, failed = {}, []
    for declaration in list(privacy.REGISTER.values()):
        if declaration.purge is None:
            continue
        try:
            with transaction.atomic():
                done[declaration.label] = declaration.purge(now) or 0
        except Exception:
            log.exception("Retention rule of %s failed", declaration.label)
            failed.append(declaration.label)
    if any(done.values()):
        log.info("Retention: %s", {label: n for label, n in done.items() if n})
    if failed:
        raise RuntimeError(f"retention rules failed: {', '.join(failed)}")
    return done


@background(priority=PRIORITY_HOUSEKEEPING)
def retention_enforce() -> dict[str, int]:
    return retention_run()

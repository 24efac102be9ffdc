""" "My data": a member asks, the worker builds a ZIP from the register of personal
data (conference/privacy.py) with one JSON file per model that holds rows about
them and a readable summary in their language, tells them by e-mail, and they
download it, themselves only, until it expires.

Built from the register, so a model declared tomorrow (the forum's) is in the
archive without a line changed here."""

import datetime
import io
import json
import zipfile

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from conference import dates, privacy
from conference.mail import Mail
from conference.models import DataExport
from conference.tasks import PRIORITY_MAIL, Skip, background, enqueue, mail_task

Status = DataExport.Status
SIGNING_SALT = "flh.data-export"
ONE_REQUEST_EVERY = datetime.timedelta(days=1)


class DataRightsError(Exception):
    """A request that cannot be done; `message` is translated."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def export_days() -> int:
    return settings.RETENTION["export_days"]


def latest_export(user) -> DataExport | None:
    return DataExport.objects.filter(user=user).defer("archive").first()


@transaction.atomic
def data_export_request(*, user, now: datetime.datetime | None = None) -> DataExport:
    """Ask for a new archive: one a day. The member's row is locked so that two
    presses at once make one request."""
    now = now or timezone.now()
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    recent = (
        DataExport.objects.filter(user=user, requested_at__gt=now - ONE_REQUEST_EVERY)
        .defer("archive")
        .first()
    )
    if recent is not None:
        raise DataRightsError(
            _(
                "You already asked for your data today. You can ask again from %(when)s. "
                "The archive you asked for is on this page."
            )
            % {"when": dates.moment(recent.requested_at + ONE_REQUEST_EVERY)},
            "too_soon",
        )
    export = DataExport.objects.create(user=user, requested_at=now)
    enqueue(data_export_build, export.pk)
    return export


# Building the archive -----------------------------------------------------------------


def declared_sections(user):
    """(declaration, rows) for every declared model holding rows about `user`."""
    for declaration in privacy.REGISTER.values():
        rows = privacy.export_rows(declaration, user)
        if rows:
            yield declaration, rows


def file_name(declaration) -> str:
    return f"data/{declaration.label}.json"


def build_archive(user, *, on_progress=None) -> bytes:
    """The ZIP: one JSON file per declared model with rows about `user`, and
    summary.html, readable in the member's language."""
    declarations = list(privacy.REGISTER.values())
    buffer = io.BytesIO()
    sections = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, declaration in enumerate(declarations, start=1):
            rows = privacy.export_rows(declaration, user)
            if rows:
                document = {
                    "model": declaration.label,
                    "purpose": declaration.purpose,
                    "holds": str(declaration.holds),
                    "retention": str(declaration.retention),
                    "rows": rows,
                }
                archive.writestr(
                    file_name(declaration),
                    json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True),
                )
                sections.append((declaration, rows))
            if on_progress is not None:
                on_progress(int(90 * number / len(declarations)))
        archive.writestr("summary.html", render_summary(user, sections))
    return buffer.getvalue()


def render_summary(user, sections) -> str:
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        rendered = [
            {
                "title": declaration.model._meta.verbose_name_plural,
                "purpose": privacy.Purpose(declaration.purpose).label,
                "holds": declaration.holds,
                "retention": declaration.retention,
                "erasure": privacy.Erasure(declaration.erasure).label,
                "file": file_name(declaration),
                "columns": list(rows[0]),
                "rows": [list(row.values()) for row in rows],
            }
            for declaration, rows in sections
        ]
        return render_to_string(
            "privacy/export_summary.html",
            {
                "person": user,
                "sections": rendered,
                "made_at": timezone.now(),
                "LANGUAGE_CODE": language,
                "LANGUAGE_BIDI": translation.get_language_bidi(),
            },
        )


def _failed(export_id: int, **kwargs) -> None:
    DataExport.objects.filter(pk=export_id).update(status=Status.FAILED)


@background(priority=PRIORITY_MAIL, on_give_up=_failed)
def data_export_build(export_id: int) -> int:
    """Build the archive (progress written as it goes, for the member's page), then
    queue the mail saying it is ready. Run again, it builds it again."""
    export = DataExport.objects.select_related("user").defer("archive").filter(pk=export_id).first()
    if export is None:
        raise Skip(f"data export {export_id} no longer exists")
    if export.status == Status.READY:
        return 0

    def progress(percent: int) -> None:
        DataExport.objects.filter(pk=export_id).update(progress=percent)

    DataExport.objects.filter(pk=export_id).update(status=Status.BUILDING, progress=0)
    content = build_archive(export.user, on_progress=progress)
    now = timezone.now()
    with transaction.atomic():
        DataExport.objects.filter(pk=export_id).update(
            status=Status.READY,
            progress=100,
            archive=content,
            ready_at=now,
            expires_at=now + datetime.timedelta(days=export_days()),
        )
        enqueue(data_export_ready_mail, export_id)
    return len(content)


@mail_task()
def data_export_ready_mail(export_id: int):
    export = DataExport.objects.select_related("user").defer("archive").filter(pk=export_id).first()
    if export is None or export.status != Status.READY:
        raise Skip(f"data export {export_id} is gone or not ready")
    return Mail(
        user=export.user,
        template="privacy/email/export_ready",
        context={
            "page_url": settings.SITE_URL + reverse("conference:my_data"),
            "expires_at": export.expires_at,
        },
        key=f"data-export:{export_id}",
    )


# The download link ----------------------------------------------------------------------


def download_token(export: DataExport) -> str:
    return signing.dumps({"e": export.pk, "u": export.user_id}, salt=SIGNING_SALT)


def export_for_download(*, token: str, user) -> DataExport:
    """The archive the link names, if the link is intact, not expired, and `user` is
    the member it was made for; DataRightsError otherwise."""
    invalid = DataRightsError(
        _(
            "This download link is not valid. Open “Your data” while signed in and use "
            "the link there."
        ),
        "invalid",
    )
    try:
        payload = signing.loads(token, salt=SIGNING_SALT, max_age=export_days() * 86400)
    except signing.SignatureExpired:
        raise DataRightsError(
            _("This download link has expired. Ask for your data again."), "expired"
        ) from None
    except signing.BadSignature:
        raise invalid from None
    if not isinstance(payload, dict) or payload.get("u") != user.pk:
        raise invalid
    export = DataExport.objects.filter(pk=payload.get("e"), user=user).first()
    if export is None:
        raise invalid
    if export.status != Status.READY or export.archive is None:
        raise invalid
    if export.expires_at is None or export.expires_at <= timezone.now():
        raise DataRightsError(
            _("This download link has expired. Ask for your data again."), "expired"
        )
    return export

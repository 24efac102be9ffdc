"""The library's rules: writing, review and publishing of resources, and the
support-services directory. Views, the admin and the demo all call these.

A resource goes draft → in review → published → archived (and back to draft
from review or from the archive). It is changed only as a draft. Whoever
publishes it is neither its author nor whoever last changed it (two pairs of
eyes); who may do what is asked of conference/permissions.py. Every change of
status is recorded with who and when (ResourceStatusChange).
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference import permissions
from conference.services import audit_record
from support.library import search, uploads
from support.library.models import Resource, ResourceStatusChange, SupportService, Topic

Kind = Resource.Kind
Status = Resource.Status

# Fields a writer may set on a draft, beyond kind, owner and translation group.
EDITABLE = (
    "title",
    "summary",
    "body",
    "transcript",
    "url",
    "duration_seconds",
    "language",
    "audience",
)


class ResourceError(Exception):
    """A step of the workflow that cannot be taken now; `message` is translated."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def _lock(resource: Resource) -> Resource:
    return Resource.objects.select_for_update().get(pk=resource.pk)


def _record(resource: Resource, *, actor, from_status: str, note: str = "") -> None:
    ResourceStatusChange.objects.create(
        resource=resource,
        from_status=from_status,
        to_status=resource.status,
        actor=actor,
        note=note[:500],
    )


def _move(resource: Resource, *, actor, to: str, note: str = "", **fields) -> Resource:
    from_status = resource.status
    resource.status = to
    for name, value in fields.items():
        setattr(resource, name, value)
    resource.updated_at = timezone.now()
    resource.save(update_fields=["status", "updated_at", *fields])
    _record(resource, actor=actor, from_status=from_status, note=note)
    return resource


def _reindex(resource: Resource) -> None:
    """Normalised search columns and reading time, after any change of text."""
    resource.search_title, resource.search_document = search.document_for(resource)
    resource.reading_minutes = (
        Resource.reading_time(resource.body) if resource.kind == Kind.ARTICLE else None
    )
    Resource.objects.filter(pk=resource.pk).update(
        search_title=resource.search_title,
        search_document=resource.search_document,
        reading_minutes=resource.reading_minutes,
    )
    search.refresh_search_vectors(Resource.objects.filter(pk=resource.pk))


def publishing_problems(resource: Resource) -> dict[str, str]:
    """What is missing before `resource` can be submitted or published, by field."""
    problems = {}
    if resource.kind == Kind.ARTICLE and not resource.body.strip():
        problems["body"] = _("An article needs its text.")
    if resource.kind in Resource.FILE_KINDS and not resource.file:
        problems["file"] = _("Please add the file.")
    if resource.kind in Resource.MEDIA_KINDS:
        if not resource.transcript.strip():
            problems["transcript"] = _(
                "Audio and video need a transcript or a text summary, for people who "
                "cannot listen or have a weak connection."
            )
        if not resource.duration_seconds:
            problems["duration_seconds"] = _("Please give the duration.")
    if resource.kind == Kind.LINK and not resource.url:
        problems["url"] = _("Please give the address of the other site.")
    if not resource.topics.exists():
        problems["topics"] = _("Please choose at least one topic.")
    return problems


def _check_translation_language(resource: Resource) -> None:
    taken = (
        Resource.objects.filter(translation_group=resource.translation_group)
        .exclude(status=Status.ARCHIVED)
        .exclude(pk=resource.pk)
        .filter(language=resource.language)
    )
    if taken.exists():
        raise ValidationError(
            {"language": _("There is already a version of this resource in this language.")}
        )


def _attach_upload(resource: Resource, upload, stored: list[str]) -> str:
    """Check and store `upload` for `resource`; the old file's name is returned so
    it can be removed once the change is committed."""
    if upload is None:
        return ""
    if resource.kind not in Resource.FILE_KINDS:
        raise ValidationError({"file": _("Only audio, video and PDF resources have a file.")})
    try:
        checked = uploads.check_upload(upload, resource.kind)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    name = uploads.store(upload, checked)
    stored.append(name)
    old = resource.file.name if resource.file else ""
    resource.file.name = name
    resource.file_type = checked.content_type
    resource.file_size = checked.size
    return old


def _saved_with_files(work):
    """Run `work(stored)`; files it stored are deleted again if it fails, so a
    refused or interrupted change leaves nothing in storage."""
    stored: list[str] = []
    try:
        return work(stored)
    except BaseException:
        for name in stored:
            uploads.delete_quietly(name)
        raise


@transaction.atomic
def resource_create(
    *,
    actor,
    hub,
    kind: str,
    title: str,
    summary: str,
    language: str,
    topics: Iterable[Topic],
    audience: str = Resource.Audience.FAMILIES,
    body: str = "",
    transcript: str = "",
    url: str = "",
    duration_seconds: int | None = None,
    upload=None,
    translation_of: Resource | None = None,
    sessions: Iterable = (),
) -> Resource:
    """A new draft owned by `hub` (None: a global resource), optionally a
    translation of another resource."""
    if not permissions.can_write_resources(actor, hub):
        raise PermissionDenied
    if translation_of is not None and translation_of.hub_id != (hub.pk if hub else None):
        raise ValidationError(_("A translation belongs to the same owner as its original."))

    def work(stored):
        now = timezone.now()
        resource = Resource(
            kind=kind,
            title=title,
            summary=summary,
            body=body if kind == Kind.ARTICLE else "",
            transcript=transcript,
            url=url if kind == Kind.LINK else "",
            duration_seconds=duration_seconds if kind in Resource.MEDIA_KINDS else None,
            language=language,
            audience=audience,
            hub=hub,
            author=actor,
            last_edited_by=actor,
            created_at=now,
            updated_at=now,
        )
        if translation_of is not None:
            resource.translation_group = translation_of.translation_group
        _check_translation_language(resource)
        resource.full_clean(exclude=["file", "topics", "sessions"])
        _attach_upload(resource, upload, stored)
        try:
            with transaction.atomic():
                resource.save()
        except IntegrityError:
            raise ValidationError(
                {"language": _("There is already a version of this resource in this language.")}
            ) from None
        resource.topics.set(topics)
        resource.sessions.set(sessions)
        _record(resource, actor=actor, from_status="")
        _reindex(resource)
        return resource

    return _saved_with_files(work)


@transaction.atomic
def resource_update(
    *, actor, resource: Resource, topics=None, sessions=None, upload=None, **fields
) -> Resource:
    """Change a draft: any of EDITABLE, its topics, sessions, and its file."""
    if not permissions.can_write_resources(actor, resource.hub_id):
        raise PermissionDenied
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    resource = _lock(resource)
    if resource.status != Status.DRAFT:
        raise ResourceError(
            _("Only a draft can be changed. Send it back to draft first."), "not_draft"
        )

    def work(stored):
        for name, value in fields.items():
            setattr(resource, name, value)
        if resource.kind != Kind.ARTICLE:
            resource.body = ""
        resource.last_edited_by = actor
        resource.updated_at = timezone.now()
        _check_translation_language(resource)
        resource.full_clean(exclude=["file", "topics", "sessions"])
        old_file = _attach_upload(resource, upload, stored)
        try:
            with transaction.atomic():
                resource.save()
        except IntegrityError:
            raise ValidationError(
                {"language": _("There is already a version of this resource in this language.")}
            ) from None
        if topics is not None:
            resource.topics.set(topics)
        if sessions is not None:
            resource.sessions.set(sessions)
        _reindex(resource)
        if old_file:
            transaction.on_commit(lambda: uploads.delete_quietly(old_file))
        return resource

    return _saved_with_files(work)


@transaction.atomic
def resource_submit(*, actor, resource: Resource, note: str = "") -> Resource:
    """Draft → waiting for review."""
    if not permissions.can_write_resources(actor, resource.hub_id):
        raise PermissionDenied
    resource = _lock(resource)
    if resource.status != Status.DRAFT:
        raise ResourceError(_("Only a draft can be sent for review."), "not_draft")
    problems = publishing_problems(resource)
    if problems:
        raise ValidationError(problems)
    return _move(resource, actor=actor, to=Status.REVIEW, note=note)


@transaction.atomic
def resource_return(*, actor, resource: Resource, note: str = "") -> Resource:
    """Waiting for review → draft: a reviewer asks for changes (the note says
    which), or the writer takes it back."""
    if not permissions.can_write_resources(actor, resource.hub_id):
        raise PermissionDenied
    resource = _lock(resource)
    if resource.status != Status.REVIEW:
        raise ResourceError(_("This resource is not waiting for review."), "not_in_review")
    return _move(resource, actor=actor, to=Status.DRAFT, note=note)


@transaction.atomic
def resource_publish(*, actor, resource: Resource, note: str = "") -> Resource:
    """Waiting for review → published, by someone other than its author."""
    resource = _lock(resource)
    if not permissions.can_publish_resources(actor, resource.hub_id):
        raise PermissionDenied
    if not permissions.can_publish(actor, resource):
        raise ResourceError(
            _("Someone other than the author, or whoever last changed it, must publish it."),
            "own_resource",
        )
    if resource.status != Status.REVIEW:
        raise ResourceError(_("Only a resource waiting for review can be published."), "status")
    problems = publishing_problems(resource)
    if problems:
        raise ValidationError(problems)
    # The first publication date stays (lists are "newest first").
    resource = _move(
        resource,
        actor=actor,
        to=Status.PUBLISHED,
        note=note,
        published_at=resource.published_at or timezone.now(),
    )
    audit_record(actor=actor, action="library.publish", hub=resource.hub, target=resource)
    return resource


@transaction.atomic
def resource_archive(*, actor, resource: Resource, note: str = "") -> Resource:
    """Published → archived: families no longer see it."""
    if not permissions.can_publish_resources(actor, resource.hub_id):
        raise PermissionDenied
    resource = _lock(resource)
    if resource.status != Status.PUBLISHED:
        raise ResourceError(_("Only a published resource can be archived."), "status")
    resource = _move(resource, actor=actor, to=Status.ARCHIVED, note=note)
    audit_record(actor=actor, action="library.archive", hub=resource.hub, target=resource)
    return resource


@transaction.atomic
def resource_restore(*, actor, resource: Resource, note: str = "") -> Resource:
    """Archived → draft, to be changed and reviewed again."""
    if not permissions.can_write_resources(actor, resource.hub_id):
        raise PermissionDenied
    resource = _lock(resource)
    if resource.status != Status.ARCHIVED:
        raise ResourceError(_("Only an archived resource can be brought back."), "status")
    _check_translation_language(resource)
    return _move(resource, actor=actor, to=Status.DRAFT, note=note)


def _publish_for_demo(*, author, reviewer, resource: Resource) -> Resource:
    """Submit and publish in one go (the demo and benchmarks, through the rules)."""
    resource = resource_submit(actor=author, resource=resource)
    return resource_publish(actor=reviewer, resource=resource)


# Support-services directory ----------------------------------------------------------

SERVICE_FIELDS = (
    "country",
    "kind",
    "society",
    "languages",
    "time_zone",
    "open_days",
    "opens_at",
    "closes_at",
    "is_free",
    "website",
    "phone",
    "email",
    "address",
    "position",
)


@transaction.atomic
def support_service_save(
    *, actor, service: SupportService | None = None, texts: dict[str, str], **fields
) -> SupportService:
    """Create or change a directory entry. `texts` holds the translated columns
    (name_en, description_fa, hours_note_ur…); `fields` the others."""
    unknown = set(fields) - set(SERVICE_FIELDS)
    if unknown:
        raise TypeError(f"not a service field: {', '.join(sorted(unknown))}")
    translated = translated_columns()
    if set(texts) - translated:
        raise TypeError(f"not a translated column: {', '.join(sorted(set(texts) - translated))}")
    if service is not None:
        service = SupportService.objects.select_for_update().get(pk=service.pk)
        if not permissions.can_manage_support_services(actor, service.country.code or ""):
            raise PermissionDenied
    else:
        service = SupportService()
    for name, value in {**fields, **texts}.items():
        setattr(service, name, value)
    country = service.country.code if service.country else ""
    if not permissions.can_manage_support_services(actor, country):
        raise ValidationError({"country": _("You can only list services in your hubs' countries.")})
    service.updated_at = timezone.now()
    service.full_clean()
    service.save()
    return service


@transaction.atomic
def support_service_delete(*, actor, service: SupportService) -> None:
    if not permissions.can_manage_support_services(actor, service.country.code or ""):
        raise PermissionDenied
    service.delete()


def translated_columns() -> set[str]:
    """name_en, name_fa_af, description_ur…: the per-language columns of a service."""
    from django.conf import settings

    from support.library.translation import SupportServiceTranslationOptions

    return {
        f"{name}_{code.replace('-', '_')}"
        for name in SupportServiceTranslationOptions.fields
        for code, _name in settings.LANGUAGES
    }

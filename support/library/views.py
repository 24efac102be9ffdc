"""The library for families (list, search, topics, a resource and its file), the
writing and review pages for staff, and the support-services directory."""

import os
import re
from urllib.parse import quote

from asgiref.sync import sync_to_async
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.handlers.asgi import ASGIRequest
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conference import permissions
from hubs.models import Hub, NationalSociety, Registration
from support.library import search, services
from support.library.countries import country_code, country_name
from support.library.forms import (
    HelpFilterForm,
    LibraryFilterForm,
    NoteForm,
    ResourceForm,
    SupportServiceForm,
)
from support.library.models import Resource, SupportService, Topic

PAGE_SIZE = 12  # light pages on phones and weak connections
Status = Resource.Status


def viewer_languages(language: str | None = None) -> list[str]:
    """Resource languages that suit the interface language, closest first
    (Dari readers are offered Persian next)."""
    language = language or get_language() or "en"
    return ["fa-af", "fa"] if language == "fa-af" else [language]


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# Families' pages ------------------------------------------------------------------


def library(request):
    """The library: filters as GET parameters, one search box, the viewer's
    language first; ranked results when something is searched."""
    topics = list(Topic.objects.all())
    form = LibraryFilterForm(request.GET or None, topics=topics)
    resources = form.filter(Resource.objects.published())
    query = form.query
    more = capped = False
    if query:
        ids, more = search.search(resources, query)
        page = _page(request, ids)
        found = Resource.objects.for_list().in_bulk(list(page.object_list))
        page.object_list = [found[pk] for pk in page.object_list if pk in found]
    else:
        page = _page(request, resources.for_list().language_first(viewer_languages()))
        capped = page.paginator.object_list.capped
    return render(
        request,
        "library/library.html",
        {
            "form": form,
            "topics": topics,
            "page": page,
            "query": query,
            "more": more,
            "capped": capped,
            "filters": _query_without_page(request),
            "filters_active": any(
                request.GET.get(name) for name in ("topic", "language", "kind", "audience")
            ),
            "can_write": bool(_writer_hubs(request.user))
            or permissions.is_global_admin(request.user),
        },
    )


def topic(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    resources = topic.resources.published().for_list().language_first(viewer_languages())
    page = _page(request, resources)
    return render(
        request,
        "library/topic.html",
        {
            "topic": topic,
            "page": page,
            "capped": resources.capped,
            "filters": _query_without_page(request),
        },
    )


def _get_resource_for_viewer(request, pk: int) -> Resource:
    """The resource if this viewer may see it; 404 for others' drafts."""
    resource = get_object_or_404(Resource.objects.select_related("hub"), pk=pk)
    if not permissions.can_see_resource(request.user, resource):
        raise Http404
    return resource


def resource_detail(request, pk):
    resource = _get_resource_for_viewer(request, pk)
    translations = list(
        Resource.objects.published()
        .filter(translation_group=resource.translation_group)
        .exclude(pk=resource.pk)
        .only("pk", "language", "title", "translation_group")
        .order_by("language")
    )
    # Arriving from the language switcher: the same resource in the new language.
    if request.GET.get("switched"):
        wanted = viewer_languages()
        if resource.language not in wanted:
            for language in wanted:
                for other in translations:
                    if other.language == language:
                        return redirect(other)
        return redirect(resource)
    can_write = permissions.can_write_resources(request.user, resource.hub_id)
    context = {
        "resource": resource,
        "topics": list(resource.topics.all()),
        "translations": translations,
        "can_write": can_write,
        # The language switcher comes back here marked, to move to a translation.
        "switcher_next": f"{resource.get_absolute_url()}?switched=1",
    }
    if can_write:
        context.update(_staff_context(request, resource))
    return render(request, "library/resource.html", context)


_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def _chunks(name: str, first: int, length: int):
    # Opened only once the response is read, and always closed.
    with default_storage.open(name, "rb") as handle:
        handle.seek(first)
        while length > 0:
            data = handle.read(min(CHUNK, length))
            if not data:
                break
            length -= len(data)
            yield data


async def _async_chunks(name: str, first: int, length: int):
    # Under ASGI a synchronous iterator would be read whole into memory first
    # (Django's StreamingHttpResponse.__aiter__); this one reads chunk by chunk.
    def run(function, *args):
        return sync_to_async(function, thread_sensitive=False)(*args)

    handle = await run(default_storage.open, name, "rb")
    try:
        await run(handle.seek, first)
        while length > 0:
            data = await run(handle.read, min(CHUNK, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        await run(handle.close)


def _byte_range(header: str, size: int) -> tuple[int, int] | bool | None:
    """(first, last) asked for by a Range header; None for the whole file; False
    when it cannot be satisfied."""
    match = _RANGE.match(header or "")
    if not match or not (match.group(1) or match.group(2)):
        return None
    start, end = match.groups()
    if start:
        first, last = int(start), int(end) if end else size - 1
    else:
        first, last = max(0, size - int(end)), size - 1
    last = min(last, size - 1)
    if first > last:
        return False
    return first, last


def resource_file(request, pk):
    """The resource's file with its real type, never sniffed, streamed, with byte
    ranges (audio players seek, and resume on weak connections)."""
    resource = _get_resource_for_viewer(request, pk)
    if not resource.has_file:
        raise Http404
    try:
        size = default_storage.size(resource.file.name)
    except (FileNotFoundError, OSError):
        raise Http404 from None
    wanted = _byte_range(request.headers.get("Range", ""), size)
    if wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    first, last = wanted or (0, size - 1)
    chunks = _async_chunks if isinstance(request, ASGIRequest) else _chunks
    extension = os.path.splitext(resource.file.name)[1]
    response = StreamingHttpResponse(
        chunks(resource.file.name, first, last - first + 1),
        status=206 if wanted else 200,
        content_type=resource.file_type or "application/octet-stream",
    )
    if wanted:
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    response["Content-Length"] = str(last - first + 1)
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    disposition = "attachment" if resource.kind == Resource.Kind.PDF else "inline"
    if request.GET.get("download"):
        disposition = "attachment"
    # An ASCII name for old browsers, the title in its own script for the others.
    plain = f"{slugify(resource.title)[:60] or f'resource-{resource.pk}'}{extension}"
    full = f"{slugify(resource.title, allow_unicode=True)[:60] or plain[: -len(extension)]}"
    response["Content-Disposition"] = (
        f"{disposition}; filename=\"{plain}\"; filename*=UTF-8''{quote(full + extension)}"
    )
    # Drafts stay private; published files may be kept by the browser for a day.
    response["Cache-Control"] = "private, max-age=86400" if resource.is_published else "no-store"
    return response


# Staff pages --------------------------------------------------------------------


def _writer_hubs(user) -> list[Hub]:
    ids = permissions.library_writer_hub_ids(user)
    hubs = Hub.objects.select_related("conference").order_by("-conference__year", "city")
    if ids is None:
        return list(hubs)
    return list(hubs.filter(pk__in=ids)) if ids else []


def _staff_context(request, resource: Resource) -> dict:
    return {
        "history": list(resource.history.select_related("actor")),
        "versions": list(
            Resource.objects.filter(translation_group=resource.translation_group)
            .exclude(pk=resource.pk)
            .only("pk", "language", "status", "title")
            .order_by("language")
        ),
        "can_publish": permissions.can_publish(request.user, resource),
        "note_form": NoteForm(),
        "problems": services.publishing_problems(resource)
        if resource.status in (Status.DRAFT, Status.REVIEW)
        else {},
    }


@permissions.staff_view
def staff(request):
    """Where writers start: what waits for review at each of their hubs, and drafts."""
    hubs = _writer_hubs(request.user)
    is_admin = permissions.is_global_admin(request.user)
    if not hubs and not is_admin:
        raise Http404
    owned = Q(hub__in=hubs) | (Q(hub__isnull=True) if is_admin else Q(pk__in=[]))
    working = (
        Resource.objects.filter(owned)
        .filter(status__in=[Status.REVIEW, Status.DRAFT])
        .select_related("hub", "author")
        .defer("body", "transcript", "search_document", "search_vector")
        .order_by("hub__city", "-updated_at")
    )
    waiting, drafts = [], []
    for resource in working[:500]:
        (waiting if resource.status == Status.REVIEW else drafts).append(resource)
    owners = [(hub.slug, str(hub)) for hub in hubs]
    if is_admin:
        owners.insert(0, ("global", _("Conference secretariat (global)")))
    return render(
        request,
        "library/staff.html",
        {"waiting": waiting, "drafts": drafts, "owners": owners, "me": request.user},
    )


def _owner_from(request, value: str):
    """The hub named by `value` (a slug), None for "global"; 404 if not writable."""
    if value == "global":
        if not permissions.can_write_resources(request.user, None):
            raise Http404
        return None
    hub = get_object_or_404(Hub, slug=value)
    if not permissions.can_write_resources(request.user, hub):
        raise Http404
    return hub


def _apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            name = {"duration_seconds": "duration"}.get(field, field)
            form.add_error(name if name in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


@permissions.staff_view
def resource_create(request):
    source = None
    if request.GET.get("translation_of"):
        source = _get_resource_for_viewer(request, _int(request.GET["translation_of"]))
        owner = source.hub
        if not permissions.can_write_resources(request.user, owner):
            raise Http404
    else:
        owner = _owner_from(request, request.GET.get("owner", ""))
    initial = {}
    if source is not None:
        initial = {
            "kind": source.kind,
            "audience": source.audience,
            "topics": list(source.topics.all()),
        }
    form = ResourceForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        try:
            resource = services.resource_create(
                actor=request.user,
                hub=owner,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                translation_of=source,
                **values,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("The draft is saved."))
            return redirect(resource)
    return render(
        request,
        "library/resource_form.html",
        {"form": form, "owner": owner, "source": source, "creating": True},
    )


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _get_resource_for_writer(request, pk: int) -> Resource:
    resource = get_object_or_404(Resource.objects.select_related("hub"), pk=pk)
    if not permissions.can_write_resources(request.user, resource.hub_id):
        raise Http404
    return resource


@permissions.staff_view
def resource_edit(request, pk):
    resource = _get_resource_for_writer(request, pk)
    if resource.status != Status.DRAFT:
        messages.error(request, _("Only a draft can be changed. Send it back to draft first."))
        return redirect(resource)
    form = ResourceForm(
        request.POST or None,
        request.FILES or None,
        initial=ResourceForm.initial_for(resource),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_update(
                actor=request.user,
                resource=resource,
                upload=form.cleaned_data["file"],
                **form.service_values(),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        except services.ResourceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(resource)
    return render(
        request,
        "library/resource_form.html",
        {"form": form, "resource": resource, "owner": resource.hub, "creating": False},
    )


TRANSITIONS = {
    "submit": (services.resource_submit, _("Sent for review. Someone else will read it.")),
    "return": (services.resource_return, _("Back to draft.")),
    "publish": (services.resource_publish, _("Published: families can find it now.")),
    "archive": (services.resource_archive, _("Archived: families no longer see it.")),
    "restore": (services.resource_restore, _("Back to draft from the archive.")),
}


@permissions.staff_view
@require_POST
def resource_transition(request, pk, action):
    if action not in TRANSITIONS:
        raise Http404
    resource = _get_resource_for_writer(request, pk)
    step, done = TRANSITIONS[action]
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        step(actor=request.user, resource=resource, note=note)
    except PermissionDenied:
        raise Http404 from None
    except services.ResourceError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, str(done))
    return redirect(resource)


# Support-services directory ------------------------------------------------------


def _viewer_hub(request) -> Hub | None:
    """The hub a page was opened for (?hub=), else the viewer's registration in
    the current edition."""
    slug = request.GET.get("hub", "")
    if slug:
        hub = Hub.objects.select_related("society").filter(slug=slug).first()
        if hub is not None:
            return hub
    if request.user.is_authenticated:
        registration = (
            Registration.objects.select_related("hub__society")
            .filter(user=request.user, conference__is_current=True)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
        if registration is not None:
            return registration.hub
    return None


def help_directory(request):
    """Where to turn next: the viewer's country first (their hub's national
    society's tracing service at the top), the services for every country, then
    the rest."""
    all_services = list(SupportService.objects.for_directory())
    codes = sorted({s.country.code for s in all_services if s.country})
    form = HelpFilterForm(request.GET or None, country_codes=codes)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    hub = _viewer_hub(request)
    home = chosen.get("country") or (country_code(hub.society.country) if hub else "")
    kind = chosen.get("kind", "")
    if kind:
        all_services = [s for s in all_services if s.kind == kind]

    def first_for_hub(service):
        own = hub is not None and service.society_id == hub.society_id
        return (not own, service.position, service.pk)

    local = sorted((s for s in all_services if home and s.country.code == home), key=first_for_hub)
    for service in local:
        service.is_own = hub is not None and service.society_id == hub.society_id
    everywhere = [s for s in all_services if not s.country]
    others = (
        []
        if chosen.get("country")
        else [s for s in all_services if s.country and s.country.code != home]
    )
    return render(
        request,
        "library/help.html",
        {
            "form": form,
            "hub": hub,
            "home": home,
            "local_country_name": country_name(home),
            "local": local,
            "everywhere": everywhere,
            "others": others,
            "can_manage": permissions.is_global_admin(request.user)
            or bool(permissions.support_service_countries(request.user)),
        },
    )


def _manageable_countries(user) -> list[tuple[str, str]]:
    from django_countries import countries

    if permissions.is_global_admin(user):
        return [("", _("Every country (works everywhere)")), *list(countries)]
    codes = permissions.support_service_countries(user)
    return [(code, countries.name(code)) for code in sorted(codes)]


@permissions.staff_view
def services_manage(request):
    is_admin = permissions.is_global_admin(request.user)
    codes = permissions.support_service_countries(request.user)
    if not is_admin and not codes:
        raise Http404
    entries = SupportService.objects.for_directory()
    if not is_admin:
        entries = entries.filter(country__in=codes)
    return render(request, "library/services_manage.html", {"entries": entries})


def _service_form(request, service=None):
    if permissions.is_global_admin(request.user):
        societies = NationalSociety.objects.all()
    else:
        societies = NationalSociety.objects.filter(
            hubs__pk__in=permissions.staff_hub_ids(request.user, [permissions.Role.ORGANISER]) or []
        ).distinct()
    return SupportServiceForm(
        request.POST or None,
        initial=SupportServiceForm.initial_for(service) if service else None,
        country_choices=_manageable_countries(request.user),
        societies=societies,
    )


@permissions.staff_view
def service_edit(request, pk=None):
    service = None
    if pk is not None:
        service = get_object_or_404(SupportService.objects.select_related("society"), pk=pk)
        if not permissions.can_manage_support_services(request.user, service.country.code or ""):
            raise Http404
    elif not (
        permissions.is_global_admin(request.user)
        or permissions.support_service_countries(request.user)
    ):
        raise Http404
    form = _service_form(request, service)
    if request.method == "POST" and form.is_valid():
        fields, texts = form.service_values()
        try:
            services.support_service_save(
                actor=request.user, service=service, texts=texts, **fields
            )
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("The directory is updated."))
            return redirect("library:services_manage")
    return render(request, "library/service_form.html", {"form": form, "service": service})


@permissions.staff_view
@require_POST
def service_delete(request, pk):
    service = get_object_or_404(SupportService, pk=pk)
    try:
        services.support_service_delete(actor=request.user, service=service)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("The service is removed from the directory."))
    return redirect("library:services_manage")


def help_link(hub=None) -> str:
    url = reverse("library:help")
    return f"{url}?{urlencode({'hub': hub.slug})}" if hub is not None else url

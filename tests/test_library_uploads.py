"""Uploads: the type comes from the content, never the name; too big and empty
files are refused with a clear message next to the field, what was typed is
kept, and nothing is left in storage. Good files are served with their real type,
`nosniff`, a Content-Disposition, and byte ranges."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from support.library import services
from support.library.models import Resource
from tests.library_helpers import MP3, PDF, make_resource, publish, topics

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _stored(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()]


def _form(kind, upload, **extra):
    data = {
        "kind": kind,
        "title": "Typed title stays",
        "summary": "A summary typed by hand.",
        "language": "fa",
        "audience": "families",
        "topics": [topics()["stress-and-sleep"].pk],
        "duration": "0:18",
        "transcript": "What is said.",
        "file": upload,
    }
    data.update(extra)
    return data


def _field_error(html: str, field: str) -> str:
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S)
    return found.group(1) if found else ""


@pytest.mark.parametrize(
    ("kind", "name", "content", "message"),
    [
        ("pdf", "guide.pdf", HTML, "is not an accepted PDF document, whatever its name says"),
        ("audio", "song.mp3", EXE, "is not an accepted audio file, whatever its name says"),
        ("audio", "song.mp3", ELF, "is not an accepted audio file, whatever its name says"),
        ("video", "film.mp4", HTML, "is not an accepted video file"),
        ("audio", "song.mp3", PDF, "Accepted: M4A, MP3, OGG, WAV, WEBM"),
        ("pdf", "empty.pdf", b"", "This file is empty"),
    ],
)
def test_refused_files_get_a_message_next_to_the_field(
    client, world, media, no_staff_2fa, kind, name, content, message
):
    client.force_login(world.organiser_a)
    response = client.post(
        f"/library/staff/new/?owner={world.hub_a.slug}",
        _form(kind, SimpleUploadedFile(name, content)),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in _field_error(html, "file").replace("&#x27;", "'")
    assert 'value="Typed title stays"' in html
    assert "A summary typed by hand." in html
    assert not Resource.objects.exists()
    assert _stored(media) == []


def test_an_oversized_file_is_refused_with_the_limit(client, world, media, no_staff_2fa, settings):
    settings.LIBRARY_MAX_UPLOAD_MB = {"audio": 1, "video": 1, "pdf": 1}
    big = PDF + b"%" * (1024 * 1024)
    client.force_login(world.organiser_a)
    response = client.post(
        f"/library/staff/new/?owner={world.hub_a.slug}",
        _form("pdf", SimpleUploadedFile("big.pdf", big)),
    )
    error = _field_error(response.content.decode(), "file")
    assert "The largest PDF document accepted is 1 MB" in error
    assert not Resource.objects.exists()
    assert _stored(media) == []


def test_a_good_file_is_stored_under_a_random_name(client, world, media, no_staff_2fa):
    client.force_login(world.organiser_a)
    response = client.post(
        f"/library/staff/new/?owner={world.hub_a.slug}",
        _form("audio", SimpleUploadedFile("../../etc/passwd.exe", MP3)),
    )
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.file_type == "audio/mpeg"
    assert resource.file_size == len(MP3)
    assert re.fullmatch(r"library/[0-9a-f]{32}\.mp3", resource.file.name)
    assert [path.read_bytes() for path in _stored(media)] == [MP3]


def test_a_failure_after_storing_leaves_nothing_behind(world, media, monkeypatch):
    def broken(resource):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "_reindex", broken)
    with pytest.raises(RuntimeError):
        make_resource(author=world.organiser_a, hub=world.hub_a, kind="pdf")
    assert not Resource.objects.exists()
    assert _stored(media) == []


def test_replacing_a_file_removes_the_old_one(world, media, django_capture_on_commit_callbacks):
    resource = make_resource(author=world.organiser_a, hub=world.hub_a, kind="pdf")
    old = resource.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_update(
            actor=world.organiser_a,
            resource=resource,
            upload=SimpleUploadedFile("new.pdf", PDF + b"\n% v2"),
        )
    resource.refresh_from_db()
    assert resource.file.name != old
    assert [path.name for path in _stored(media)] == [resource.file.name.split("/")[1]]


# Serving -------------------------------------------------------------------------


@pytest.fixture
def audio(world, media):
    resource = make_resource(author=world.organiser_a, hub=world.hub_a, kind="audio")
    return publish(resource, author=world.organiser_a, reviewer=world.support_a)


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_audio_is_served_inline_with_its_type_and_nosniff(client, audio):
    response = client.get(f"/library/{audio.pk}/file/")
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/mpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(len(MP3))
    assert _body(response) == MP3


def test_a_pdf_is_served_as_an_attachment(client, world, media):
    resource = publish(
        make_resource(author=world.organiser_a, hub=world.hub_a, kind="pdf", title="Guide"),
        author=world.organiser_a,
        reviewer=world.support_a,
    )
    response = client.get(f"/library/{resource.pk}/file/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="guide.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _body(response) == PDF


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=1000-", 1000, len(MP3) - 1),
        ("bytes=-500", len(MP3) - 500, len(MP3) - 1),
    ],
)
def test_byte_ranges_for_seeking_and_resuming(client, audio, header, first, last):
    response = client.get(f"/library/{audio.pk}/file/", headers={"range": header})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{len(MP3)}"
    assert response["Content-Length"] == str(last - first + 1)
    assert _body(response) == MP3[first : last + 1]


def test_a_range_past_the_end_is_refused(client, audio):
    response = client.get(f"/library/{audio.pk}/file/", headers={"range": f"bytes={len(MP3)}-"})
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(MP3)}"


def test_under_asgi_the_file_streams_chunk_by_chunk(audio):
    """Daphne serves through ASGI: the file is read in chunks by an asynchronous
    iterator (Django would read a synchronous one whole into memory first)."""
    from asgiref.sync import async_to_sync
    from django.contrib.auth.models import AnonymousUser
    from django.test import AsyncRequestFactory

    from support.library.views import resource_file

    request = AsyncRequestFactory().get(f"/library/{audio.pk}/file/")
    request.user = AnonymousUser()
    response = resource_file(request, audio.pk)
    assert response.is_async

    async def read():
        return [part async for part in response.streaming_content]

    parts = async_to_sync(read)()
    assert b"".join(parts) == MP3
    assert len(parts) == -(-len(MP3) // (64 * 1024))


def test_a_persian_title_names_the_download_in_both_forms(client, world, media):
    from urllib.parse import quote

    resource = publish(
        make_resource(author=world.organiser_a, hub=world.hub_a, kind="pdf", title="راهنمای جستجو"),
        author=world.organiser_a,
        reviewer=world.support_a,
    )
    disposition = client.get(f"/library/{resource.pk}/file/")["Content-Disposition"]
    assert f'filename="resource-{resource.pk}.pdf"' in disposition
    assert f"filename*=UTF-8''{quote('راهنمای-جستجو.pdf')}" in disposition


def test_media_and_byte_ranges_are_never_gzipped(client, audio):
    """A browser always offers gzip: the audio and its ranges must still be the file's
    own bytes (a gzipped range would be a different length from Content-Range's)."""
    whole = client.get(f"/library/{audio.pk}/file/", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in whole
    assert _body(whole) == MP3
    part = client.get(
        f"/library/{audio.pk}/file/", headers={"range": "bytes=0-99"}, HTTP_ACCEPT_ENCODING="gzip"
    )
    assert part.status_code == 206
    assert "Content-Encoding" not in part
    assert _body(part) == MP3[:100]

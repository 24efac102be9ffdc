"""The library's part of `seed_demo`: at least 14 published resources in six
languages, some translations of each other, every topic covered, a recording
with its transcript and a PDF that are really served, one draft waiting at
Islamabad, and the directory for four countries. Idempotent."""

import io

import pytest
from django.core.management import call_command

from support.library.models import Resource, SupportService, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())


def _counts():
    return (
        Resource.objects.count(),
        SupportService.objects.count(),
        Topic.objects.count(),
        Resource.history.field.model.objects.count(),
    )


def test_seed_is_idempotent(seeded):
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first


def test_published_resources_in_six_languages_cover_every_topic(seeded):
    published = Resource.objects.published()
    assert published.count() >= 14
    assert set(published.values_list("language", flat=True)) >= {"en", "fa", "ur", "ar", "ps", "fr"}
    covered = set(published.values_list("topics__slug", flat=True))
    assert covered == set(Topic.objects.values_list("slug", flat=True))
    assert Topic.objects.count() == 8
    groups = published.values_list("translation_group", flat=True)
    assert any(list(groups).count(group) >= 3 for group in set(groups))


def test_a_recording_and_a_pdf_are_served(client, seeded):
    audio = Resource.objects.published().filter(kind="audio", language="fa").get()
    assert audio.transcript.startswith("سلام")
    assert audio.duration_seconds == 26
    response = client.get(f"/library/{audio.pk}/file/")
    assert response["Content-Type"] == "audio/mpeg"
    assert b"".join(response.streaming_content)[:3] == b"ID3"
    pdf = Resource.objects.published().get(kind="pdf")
    response = client.get(f"/library/{pdf.pk}/file/")
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-1.4")
    assert body.rstrip().endswith(b"%%EOF")


def test_one_draft_waits_for_review_at_islamabad(seeded):
    waiting = Resource.objects.filter(status="review")
    assert [(r.hub.slug, r.author.email) for r in waiting] == [
        ("islamabad-2025", "organiser@example.org")
    ]


def test_psychosocial_sessions_list_resources(seeded):
    from sessions_app.models import Session

    linked = Session.objects.filter(resources__status="published").distinct()
    assert linked.exists()
    assert set(linked.values_list("kind", flat=True)) <= {"psychosocial", "discussion"}


def test_the_directory_covers_four_countries_with_example_numbers(seeded):
    services = SupportService.objects.select_related("society")
    assert {s.country.code for s in services if s.country} == {"PK", "IR", "TR", "CH"}
    for service in services:
        if service.phone:
            assert "000" in service.phone
            assert "(example)" in service.name_en
    websites = {s.kind: s.website for s in services if not s.country}
    assert websites == {
        "family_links": "https://familylinks.icrc.org/",
        "trace_the_face": "https://tracetheface.org/",
    }
    tracing = services.get(country="PK", kind="tracing")
    assert tracing.society.short_name == "PRCS"
    assert tracing.contact_website == tracing.society.tracing_url

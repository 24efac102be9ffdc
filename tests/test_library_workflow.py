"""The library's workflow for every role at its own hub and another: who may
write, change, submit, publish, archive and restore; nobody publishes their own
work; other hubs' drafts answer 404; families see published resources only; every
change of status records who and when."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conference import permissions
from support.library import services
from support.library.models import Resource, ResourceStatusChange
from tests.library_helpers import make_resource, publish

pytestmark = pytest.mark.django_db
Status = Resource.Status

WRITERS_A = ["organiser_a", "support_a", "admin"]
NOT_WRITERS_A = ["family", "facilitator_a", "moderator_a", "organiser_b"]


@pytest.mark.parametrize("persona", WRITERS_A)
def test_organisers_support_staff_and_admins_write_for_hub_a(world, persona):
    person = getattr(world, persona)
    resource = make_resource(author=person, hub=world.hub_a, title="Sleep")
    assert resource.status == Status.DRAFT
    assert resource.author == person
    change = ResourceStatusChange.objects.get(resource=resource)
    assert (change.from_status, change.to_status, change.actor) == ("", Status.DRAFT, person)


@pytest.mark.parametrize("persona", NOT_WRITERS_A)
def test_others_cannot_write_for_hub_a(world, persona):
    with pytest.raises(PermissionDenied):
        make_resource(author=getattr(world, persona), hub=world.hub_a)
    assert not Resource.objects.exists()


@pytest.mark.parametrize("persona", ["organiser_a", "support_a", "organiser_b", "family"])
def test_only_global_admins_write_global_resources(world, persona):
    with pytest.raises(PermissionDenied):
        make_resource(author=getattr(world, persona), hub=None)
    assert make_resource(author=world.admin, hub=None).hub is None


@pytest.mark.parametrize("persona", NOT_WRITERS_A)
def test_others_cannot_change_or_submit_a_hub_a_draft(world, persona):
    draft = make_resource(author=world.organiser_a, hub=world.hub_a, title="Before")
    person = getattr(world, persona)
    with pytest.raises(PermissionDenied):
        services.resource_update(actor=person, resource=draft, title="After")
    with pytest.raises(PermissionDenied):
        services.resource_submit(actor=person, resource=draft)
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Before", Status.DRAFT)


def test_a_colleague_changes_the_draft_and_becomes_its_last_editor(world):
    draft = make_resource(author=world.organiser_a, hub=world.hub_a, title="Before")
    services.resource_update(actor=world.support_a, resource=draft, title="After")
    draft.refresh_from_db()
    assert draft.title == "After"
    assert draft.last_edited_by == world.support_a
    assert draft.search_title == "after"


def test_the_author_cannot_publish_their_own_resource(world):
    draft = make_resource(author=world.organiser_a, hub=world.hub_a)
    services.resource_submit(actor=world.organiser_a, resource=draft)
    with pytest.raises(services.ResourceError) as refused:
        services.resource_publish(actor=world.organiser_a, resource=draft)
    assert refused.value.code == "own_resource"
    draft.refresh_from_db()
    assert draft.status == Status.REVIEW
    assert not permissions.can_publish(world.organiser_a, draft)


def test_whoever_last_changed_it_cannot_publish_it_either(world):
    draft = make_resource(author=world.organiser_a, hub=world.hub_a)
    services.resource_update(actor=world.support_a, resource=draft, title="Changed")
    services.resource_submit(actor=world.organiser_a, resource=draft)
    with pytest.raises(services.ResourceError):
        services.resource_publish(actor=world.support_a, resource=draft)
    # A third person, a global admin here, publishes it.
    services.resource_publish(actor=world.admin, resource=draft)
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED


def test_an_admin_is_a_second_pair_of_eyes_even_as_author(world):
    draft = make_resource(author=world.admin, hub=world.hub_a)
    services.resource_submit(actor=world.admin, resource=draft)
    with pytest.raises(services.ResourceError):
        services.resource_publish(actor=world.admin, resource=draft)
    services.resource_publish(actor=world.support_a, resource=draft)


@pytest.mark.parametrize("reviewer", ["support_a", "admin"])
def test_someone_else_at_the_hub_publishes_and_it_is_recorded(world, reviewer):
    draft = make_resource(author=world.organiser_a, hub=world.hub_a)
    services.resource_submit(actor=world.organiser_a, resource=draft, note="Please read")
    person = getattr(world, reviewer)
    services.resource_publish(actor=person, resource=draft)
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.published_at is not None
    steps = list(draft.history.values_list("from_status", "to_status", "actor", "note"))
    assert steps == [
        ("", "draft", world.organiser_a.pk, ""),
        ("draft", "review", world.organiser_a.pk, "Please read"),
        ("review", "published", person.pk, ""),
    ]


@pytest.mark.parametrize("persona", ["organiser_b", "facilitator_a", "moderator_a", "family"])
def test_nobody_outside_hub_a_publishes_its_resources(world, persona):
    draft = make_resource(author=world.organiser_a, hub=world.hub_a)
    services.resource_submit(actor=world.organiser_a, resource=draft)
    with pytest.raises(PermissionDenied):
        services.resource_publish(actor=getattr(world, persona), resource=draft)
    draft.refresh_from_db()
    assert draft.status == Status.REVIEW


def test_global_resources_are_published_by_another_global_admin(world):
    from tests.factories import make_user

    draft = make_resource(author=world.admin, hub=None)
    services.resource_submit(actor=world.admin, resource=draft)
    with pytest.raises(PermissionDenied):
        services.resource_publish(actor=world.organiser_a, resource=draft)
    with pytest.raises(services.ResourceError):
        services.resource_publish(actor=world.admin, resource=draft)
    services.resource_publish(actor=make_user(superuser=True), resource=draft)
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED


def test_steps_out_of_order_are_refused(world):
    draft = make_resource(author=world.organiser_a, hub=world.hub_a)
    with pytest.raises(services.ResourceError):
        services.resource_publish(actor=world.support_a, resource=draft)
    with pytest.raises(services.ResourceError):
        services.resource_archive(actor=world.support_a, resource=draft)
    with pytest.raises(services.ResourceError):
        services.resource_return(actor=world.support_a, resource=draft)
    publish(draft, author=world.organiser_a, reviewer=world.support_a)
    with pytest.raises(services.ResourceError):
        services.resource_update(actor=world.organiser_a, resource=draft, title="Sneaky")
    with pytest.raises(services.ResourceError):
        services.resource_submit(actor=world.organiser_a, resource=draft)
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.title != "Sneaky"


def test_a_reviewer_sends_it_back_with_a_note(world):
    draft = make_resource(author=world.organiser_a, hub=world.hub_a)
    services.resource_submit(actor=world.organiser_a, resource=draft)
    services.resource_return(actor=world.support_a, resource=draft, note="Shorter, please")
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert draft.history.last().note == "Shorter, please"


def test_archive_then_restore_to_draft(world):
    resource = make_resource(author=world.organiser_a, hub=world.hub_a)
    publish(resource, author=world.organiser_a, reviewer=world.support_a)
    with pytest.raises(PermissionDenied):
        services.resource_archive(actor=world.organiser_b, resource=resource)
    services.resource_archive(actor=world.organiser_a, resource=resource)
    resource.refresh_from_db()
    assert resource.status == Status.ARCHIVED
    services.resource_restore(actor=world.support_a, resource=resource)
    resource.refresh_from_db()
    assert resource.status == Status.DRAFT
    assert [c.to_status for c in resource.history.all()] == [
        "draft",
        "review",
        "published",
        "archived",
        "draft",
    ]


def test_incomplete_resources_cannot_be_submitted(world):
    from support.library.demo import build_topics

    draft = services.resource_create(
        actor=world.organiser_a,
        hub=world.hub_a,
        kind="audio",
        title="No file yet",
        summary="Soon.",
        language="fa",
        topics=[build_topics()["stress-and-sleep"]],
    )
    with pytest.raises(ValidationError) as refused:
        services.resource_submit(actor=world.organiser_a, resource=draft)
    assert set(refused.value.message_dict) == {"file", "transcript", "duration_seconds"}


def test_audio_without_a_transcript_cannot_be_published(world):
    resource = make_resource(author=world.organiser_a, hub=world.hub_a, kind="audio")
    services.resource_submit(actor=world.organiser_a, resource=resource)
    # Someone empties the transcript behind the workflow's back: publishing still checks.
    Resource.objects.filter(pk=resource.pk).update(transcript="")
    with pytest.raises(ValidationError) as refused:
        services.resource_publish(actor=world.support_a, resource=resource)
    assert "transcript" in refused.value.message_dict
    resource.refresh_from_db()
    assert resource.status == Status.REVIEW


# Pages: who sees what -------------------------------------------------------------


@pytest.fixture
def drafts(world, no_staff_2fa):
    return {
        "draft": make_resource(author=world.organiser_a, hub=world.hub_a, title="Draft A"),
        "published": publish(
            make_resource(author=world.organiser_a, hub=world.hub_a, title="Published A"),
            author=world.organiser_a,
            reviewer=world.support_a,
        ),
    }


@pytest.mark.parametrize("persona", [None, "family", "facilitator_a", "organiser_b"])
def test_families_and_other_hubs_see_published_resources_only(client, world, drafts, persona):
    if persona:
        client.force_login(getattr(world, persona))
    assert client.get(f"/library/{drafts['draft'].pk}/").status_code == 404
    assert client.get(f"/library/{drafts['draft'].pk}/file/").status_code == 404
    page = client.get(f"/library/{drafts['published'].pk}/")
    assert page.status_code == 200
    assert "Published A" in page.content.decode()
    listing = client.get("/library/").content.decode()
    assert "Published A" in listing
    assert "Draft A" not in listing
    assert "Draft A" not in client.get("/library/?q=draft").content.decode()


@pytest.mark.parametrize("persona", ["organiser_a", "support_a", "admin"])
def test_writers_of_the_hub_see_its_draft_with_the_workflow(client, world, drafts, persona):
    client.force_login(getattr(world, persona))
    html = client.get(f"/library/{drafts['draft'].pk}/").content.decode()
    assert "Draft A" in html
    assert "Not visible to families" in html
    assert 'formaction="/library/staff/' in html


def test_other_hubs_staff_pages_answer_404(client, world, drafts):
    client.force_login(world.organiser_b)
    draft = drafts["draft"]
    assert client.get(f"/library/staff/{draft.pk}/edit/").status_code == 404
    response = client.post(f"/library/staff/{draft.pk}/submit/")
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert client.get("/library/staff/new/?owner=" + world.hub_a.slug).status_code == 404


def test_publishing_through_the_pages(client, world, drafts):
    draft = drafts["draft"]
    client.force_login(world.organiser_a)
    client.post(f"/library/staff/{draft.pk}/submit/", {"note": "Ready"})
    response = client.post(f"/library/staff/{draft.pk}/publish/", follow=True)
    assert "Someone other than the author" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.REVIEW

    client.force_login(world.support_a)
    waiting = client.get("/library/staff/").content.decode()
    assert "Draft A" in waiting
    client.post(f"/library/staff/{draft.pk}/publish/")
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert "Draft A" in client.get("/library/").content.decode()


def test_the_waiting_list_shows_each_hubs_own(client, world, no_staff_2fa):
    from tests.factories import grant

    mine = make_resource(author=world.organiser_a, hub=world.hub_a, title="Waiting at A")
    theirs = make_resource(author=world.organiser_b, hub=world.hub_b, title="Waiting at B")
    for resource, author in ((mine, world.organiser_a), (theirs, world.organiser_b)):
        services.resource_submit(actor=author, resource=resource)
    client.force_login(world.support_a)
    html = client.get("/library/staff/").content.decode()
    assert "Waiting at A" in html
    assert "Waiting at B" not in html
    client.force_login(world.family)
    assert client.get("/library/staff/").status_code == 404
    grant(world.family, world.hub_b, "support")
    assert "Waiting at B" in client.get("/library/staff/").content.decode()

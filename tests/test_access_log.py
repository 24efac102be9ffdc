"""The staff access log: each listed staff view and export of families' data is
recorded (who, what, when, how many, where); global admins read and filter all of
it, organisers their hub's only; the export asks why and holds only what that needs."""

import csv
import io

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from conference.access_log import access_log_forum_history
from conference.models import StaffAccess
from support.signals.models import SupportSignal
from tests.factories import make_session, register

pytestmark = pytest.mark.django_db
What = StaffAccess.What


def last(what):
    return StaffAccess.objects.filter(what=what).order_by("-pk").first()


def test_registration_list_search_dashboard_and_export_are_recorded(client, world, no_staff_2fa):
    register(world.family, world.hub_a)
    register(world.family2, world.hub_a, status="waitlisted")
    client.force_login(world.organiser_a)
    slug = world.hub_a.slug

    client.get(reverse("hubs:registrations", args=[slug]))
    entry = last(What.REGISTRATION_LIST)
    assert (entry.actor, entry.hub, entry.records) == (world.organiser_a, world.hub_a, 2)

    client.get(reverse("hubs:dashboard", args=[slug]), {"q": "Gul"})
    assert last(What.REGISTRATION_SEARCH).records == 1
    assert last(What.DASHBOARD).records == 1  # the waiting family

    client.get(reverse("hubs:export", args=[slug]), {"purpose": "planning"})
    entry = last(What.REGISTRATION_EXPORT)
    assert (entry.records, entry.reason, entry.hub) == (2, "planning", world.hub_a)


def test_the_export_asks_why_and_holds_only_those_columns(client, world, no_staff_2fa):
    register(world.family, world.hub_a)
    client.force_login(world.organiser_a)
    url = reverse("hubs:export", args=[world.hub_a.slug])
    form = client.get(url)
    assert form.status_code == 200
    assert form["Content-Type"].startswith("text/html")
    assert 'name="purpose"' in form.content.decode()
    assert not StaffAccess.objects.filter(what=What.REGISTRATION_EXPORT).exists()
    refused = client.get(url, {"purpose": "everything"})
    assert refused["Content-Type"].startswith("text/html")
    needs = client.get(url, {"purpose": "needs"}).content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(needs)))
    assert "Accessibility needs" in header
    assert not any("Arrived" in column or "Registered" in column for column in header)
    planning = next(
        csv.reader(
            io.StringIO(client.get(url, {"purpose": "planning"}).content.decode("utf-8-sig"))
        )
    )
    assert "Accessibility needs" not in planning
    assert "Interpretation" not in planning
    for text in (needs, ",".join(planning)):
        assert world.family.email not in text


def test_desk_lookups_are_recorded(client, world, no_staff_2fa):
    registration = register(world.family, world.hub_a)
    client.force_login(world.facilitator_a)
    desk = reverse("hubs:desk", args=[world.hub_a.slug])
    client.post(desk, {"code": registration.ticket_code})
    client.post(desk, {"code": registration.ticket_code})  # "already checked in": also a lookup
    client.post(desk, {"code": "ZZZZZZZZZZ"})  # nobody found: nothing looked at
    entries = StaffAccess.objects.filter(what=What.DESK_LOOKUP)
    assert entries.count() == 2
    assert {e.actor for e in entries} == {world.facilitator_a}


def test_support_signals_list_and_conversation_are_recorded(client, world, no_staff_2fa):
    session = make_session(hub=world.hub_a)
    signal = SupportSignal.objects.create(session=session, user=world.family)
    client.force_login(world.support_a)
    client.get(reverse("support_signals:list"))
    entry = last(What.SIGNALS_LIST)
    assert (entry.actor, entry.hub, entry.records) == (world.support_a, world.hub_a, 1)
    client.get(reverse("support_signals:conversation", args=[signal.pk]))
    assert last(What.SIGNAL_CONVERSATION).records == 1
    # The family reading its own conversation is not staff access.
    client.force_login(world.family)
    client.get(reverse("support_signals:conversation", args=[signal.pk]))
    assert StaffAccess.objects.filter(actor=world.family).count() == 0


def test_the_forum_can_record_a_moderation_history(world):
    access_log_forum_history(actor=world.moderator_a, hub=world.hub_a, records=7)
    entry = last(What.FORUM_HISTORY)
    assert (entry.actor, entry.records) == (world.moderator_a, 7)


def _log(client, url, **params):
    return client.get(url, params)


def test_global_admins_read_and_filter_everything(client, world, no_staff_2fa):
    StaffAccess.objects.create(actor=world.organiser_a, hub=world.hub_a, what=What.DESK_LOOKUP)
    StaffAccess.objects.create(actor=world.organiser_b, hub=world.hub_b, what=What.SIGNALS_LIST)
    client.force_login(world.admin)
    url = reverse("conference:access_log")
    page = client.get(url)
    assert page.status_code == 200
    assert len(page.context["page"].object_list) == 2
    by_hub = client.get(url, {"hub": world.hub_b.slug})
    assert [e.actor for e in by_hub.context["page"].object_list] == [world.organiser_b]
    by_what = client.get(url, {"what": What.DESK_LOOKUP})
    assert [e.actor for e in by_what.context["page"].object_list] == [world.organiser_a]
    by_actor = client.get(url, {"actor": "Organiser B"})
    assert [e.hub for e in by_actor.context["page"].object_list] == [world.hub_b]


def test_organisers_read_their_hubs_entries_only(client, world, no_staff_2fa):
    StaffAccess.objects.create(actor=world.organiser_a, hub=world.hub_a, what=What.DESK_LOOKUP)
    StaffAccess.objects.create(actor=world.organiser_b, hub=world.hub_b, what=What.SIGNALS_LIST)
    client.force_login(world.organiser_a)
    own = client.get(reverse("conference:hub_access_log", args=[world.hub_a.slug]))
    assert [e.hub for e in own.context["page"].object_list] == [world.hub_a]
    assert (
        client.get(reverse("conference:hub_access_log", args=[world.hub_b.slug])).status_code == 404
    )
    assert client.get(reverse("conference:access_log")).status_code == 404
    # A facilitator of hub A is staff, but not an organiser: nothing to read.
    client.force_login(world.facilitator_a)
    assert (
        client.get(reverse("conference:hub_access_log", args=[world.hub_a.slug])).status_code == 404
    )


def test_the_log_cannot_be_edited_in_the_admin(world):
    model_admin = admin.site._registry[StaffAccess]
    request = RequestFactory().get("/admin/")
    request.user = world.admin
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_the_log_page_lists_in_a_constant_number_of_queries(
    client, world, no_staff_2fa, django_assert_max_num_queries
):
    for _n in range(30):
        StaffAccess.objects.create(actor=world.organiser_a, hub=world.hub_a, what=What.DESK_LOOKUP)
    client.force_login(world.admin)
    with django_assert_max_num_queries(12):
        client.get(reverse("conference:access_log"))

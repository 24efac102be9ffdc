"""Minimisation by default: pages and exports staff use show what the task needs
and no more: no e-mail address of a family on the desk, the registration list, the
dashboard or the exports, pseudonyms only, staff addresses masked."""

import pytest
from django.urls import reverse

from hubs.views import mask_email
from tests.factories import register

pytestmark = pytest.mark.django_db


def test_the_check_in_desk_shows_no_email(client, world, no_staff_2fa):
    registration = register(world.family, world.hub_a)
    client.force_login(world.facilitator_a)
    desk = reverse("hubs:desk", args=[world.hub_a.slug])
    for response in (
        client.post(desk, {"code": registration.ticket_code}),
        client.post(desk, {"code": registration.ticket_code}, headers={"HX-Request": "true"}),
    ):
        html = response.content.decode()
        assert "Gul" in html
        assert world.family.email not in html


def test_organiser_pages_and_exports_show_no_family_email(client, world, no_staff_2fa):
    register(world.family, world.hub_a, status="waitlisted")
    client.force_login(world.organiser_a)
    slug = world.hub_a.slug
    pages = [
        client.get(reverse("hubs:dashboard", args=[slug]), {"q": "Gul"}),
        client.get(reverse("hubs:registrations", args=[slug])),
        client.get(reverse("hubs:export", args=[slug]), {"purpose": "planning"}),
        client.get(reverse("hubs:export", args=[slug]), {"purpose": "needs"}),
    ]
    for response in pages:
        text = response.content.decode("utf-8-sig")
        assert "Gul" in text
        assert world.family.email not in text


def test_the_team_page_masks_staff_addresses(client, world, no_staff_2fa):
    client.force_login(world.organiser_a)
    html = client.get(reverse("hubs:team", args=[world.hub_a.slug])).content.decode()
    assert "Facilitator A" in html
    assert world.facilitator_a.email not in html
    assert mask_email(world.facilitator_a.email) in html
    assert mask_email("gul@example.org") == "g•••@example.org"
    assert mask_email("nonsense") == "•••"


def test_support_staff_see_the_familys_pseudonym_not_its_address(client, world, no_staff_2fa):
    from sessions_app.models import Session
    from support.signals.models import SupportSignal
    from tests.factories import make_session

    session = make_session(hub=world.hub_a, kind=Session.Kind.CIRCLE)
    signal = SupportSignal.objects.create(session=session, user=world.family)
    client.force_login(world.support_a)
    for url in (
        reverse("support_signals:list"),
        reverse("support_signals:conversation", args=[signal.pk]),
    ):
        html = client.get(url).content.decode()
        assert "Gul" in html
        assert world.family.email not in html

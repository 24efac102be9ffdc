"""The check-in desk: arrivals, refusals with their reasons, the live count."""

import pytest
from channels.db import database_sync_to_async

from conference.models import AuditEntry
from hubs import services
from hubs.models import Registration
from tests.sockets import socket_for

Mode = Registration.Mode
pytestmark = pytest.mark.django_db


def register(user, hub, mode=Mode.IN_PERSON, adults=1):
    return services.registration_create(
        user=user, hub=hub, mode=mode, adults=adults, consent=True, notify=False
    )


def test_check_in_marks_arrival_and_keeps_who_did_it(world):
    registration = register(world.family, world.hub_a, adults=2)
    checked = services.registration_check_in(
        hub=world.hub_a, code=registration.ticket_display.lower(), by=world.support_a
    )
    assert checked.pk == registration.pk
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert registration.checked_in_by == world.support_a
    assert AuditEntry.objects.filter(action="registration.check_in", hub=world.hub_a).exists()


def refusal(hub, code, by):
    with pytest.raises(services.CheckInRefused) as refused:
        services.registration_check_in(hub=hub, code=code, by=by)
    return refused.value


def test_unknown_code(world):
    refused = refusal(world.hub_a, "NOPE-NOPE", world.organiser_a)
    assert refused.code == "not_found"
    assert "No ticket has this code" in refused.message


def test_ticket_of_another_hub(world):
    registration = register(world.family, world.hub_b)
    refused = refusal(world.hub_a, registration.ticket_code, world.organiser_a)
    assert refused.code == "other_hub"
    assert world.hub_b.name in refused.message
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_cancelled_ticket(world):
    registration = register(world.family, world.hub_a)
    services.registration_cancel(registration=registration)
    assert refusal(world.hub_a, registration.ticket_code, world.organiser_a).code == "cancelled"


def test_waitlisted_ticket(world):
    world.hub_a.in_person_capacity = 1
    world.hub_a.save()
    register(world.family2, world.hub_a)
    waiting = register(world.family, world.hub_a)
    assert waiting.status == Registration.Status.WAITLISTED
    refused = refusal(world.hub_a, waiting.ticket_code, world.organiser_a)
    assert refused.code == "waitlisted"
    assert refused.registration == waiting


def test_online_ticket(world):
    registration = register(world.family, world.hub_a, mode=Mode.ONLINE)
    assert refusal(world.hub_a, registration.ticket_code, world.organiser_a).code == "online"


def test_second_scan_says_when_the_first_was(world):
    registration = register(world.family, world.hub_a)
    services.registration_check_in(
        hub=world.hub_a, code=registration.ticket_code, by=world.organiser_a
    )
    registration.refresh_from_db()
    refused = refusal(world.hub_a, registration.ticket_code, world.support_a)
    assert refused.code == "already"
    local = registration.checked_in_at.astimezone(world.hub_a.zone).strftime("%H:%M")
    assert local in refused.message
    registration.refresh_from_db()
    assert registration.checked_in_by == world.organiser_a


# The desk page -------------------------------------------------------------------


def test_desk_page_checks_in_and_refuses(client, world, no_staff_2fa):
    registration = register(world.family, world.hub_a)
    client.force_login(world.support_a)
    page = client.get(f"/hubs/{world.hub_a.slug}/desk/")
    assert page.status_code == 200
    assert page["Permissions-Policy"].startswith("camera=(self)")
    response = client.post(
        f"/hubs/{world.hub_a.slug}/desk/",
        {"code": registration.ticket_code},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "desk-ok" in html
    assert world.family.pseudonym in html
    assert 'data-arrived-parties="1"' in html
    again = client.post(f"/hubs/{world.hub_a.slug}/desk/", {"code": registration.ticket_code})
    assert "Already checked in" in again.content.decode()
    assert "<html" in again.content.decode()  # a full page without htmx


def test_desk_of_another_hub_is_404(client, world, no_staff_2fa):
    client.force_login(world.organiser_b)
    assert client.get(f"/hubs/{world.hub_a.slug}/desk/").status_code == 404
    client.force_login(world.family)
    assert client.get(f"/hubs/{world.hub_a.slug}/desk/").status_code == 404


# The live count ----------------------------------------------------------------------


async def _desk_socket(user, hub):
    return await socket_for(user, f"/ws/hubs/{hub.pk}/desk/")


@pytest.mark.django_db(transaction=True)
async def test_desk_count_rises_on_every_open_desk(world, no_staff_2fa):
    registration = await database_sync_to_async(register)(world.family, world.hub_a, adults=2)
    await database_sync_to_async(register)(world.family2, world.hub_a)
    desks = [await _desk_socket(world.organiser_a, world.hub_a) for _ in range(2)]
    for desk in desks:
        connected, _ = await desk.connect()
        assert connected
        first = await desk.receive_json_from()
        assert first["counts"]["arrived_parties"] == 0
        assert first["counts"]["expected_parties"] == 2
    await database_sync_to_async(services.registration_check_in)(
        hub=world.hub_a, code=registration.ticket_code, by=world.support_a
    )
    for desk in desks:
        update = await desk.receive_json_from(timeout=3)
        assert update["counts"]["arrived_parties"] == 1
        assert update["counts"]["arrived_people"] == 2
        await desk.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_desk_socket_refuses_families_other_hubs_and_strangers(world, no_staff_2fa):
    for user in (world.family, world.organiser_b, None):
        desk = await _desk_socket(user, world.hub_a)
        connected, code = await desk.connect()
        assert not connected
        assert code == 4403


@pytest.mark.django_db(transaction=True)
async def test_desk_socket_refuses_another_origin(world, no_staff_2fa):
    desk = await socket_for(
        world.organiser_a, f"/ws/hubs/{world.hub_a.pk}/desk/", origin="https://evil.example"
    )
    connected, _ = await desk.connect()
    assert not connected

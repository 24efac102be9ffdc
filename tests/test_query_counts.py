"""List pages cost the same number of queries however much they list.

Each page is measured with a little data, then with a lot more, and the larger
page may not use one query more; the larger page must also really show what
was added (a page that lists nothing costs few queries too)."""

import csv
import io

import pytest
from django.urls import reverse

from conference.models import HubRole
from hubs.models import Registration, Room
from hubs.services import new_ticket_code
from hubs.views import mask_email
from sessions_app.models import Session
from tests.factories import enrol, grant, make_hub, make_session, make_user, register

pytestmark = pytest.mark.django_db


def registrations(hub, count, *, label):
    """`count` confirmed registrations at `hub`, straight into the table."""
    users = [make_user(pseudonym=f"{label} {n}") for n in range(count)]
    Registration.objects.bulk_create(
        Registration(
            conference=hub.conference,
            hub=hub,
            user=user,
            mode="in_person" if n % 2 else "online",
            status="confirmed",
            adults=1,
            ticket_code=new_ticket_code(),
            consent_given_at=user.date_joined,
            checked_in_at=user.date_joined if n % 3 == 0 else None,
        )
        for n, user in enumerate(users)
    )
    return users


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# Organiser pages -----------------------------------------------------------------


def test_team_page(client, world, no_staff_2fa, django_assert_max_num_queries):
    client.force_login(world.organiser_a)
    url = f"/hubs/{world.hub_a.slug}/team/"
    with django_assert_max_num_queries(20) as small:
        html_of(client.get(url))
    newcomers = [make_user(pseudonym=f"Volunteer {n}") for n in range(30)]
    roles = [HubRole.Role.FACILITATOR, HubRole.Role.SUPPORT, HubRole.Role.MODERATOR]
    for n, person in enumerate(newcomers):
        grant(person, world.hub_a, roles[n % 3])
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = html_of(client.get(url))
    for person in newcomers:
        assert mask_email(person.email) in html  # staff see enough to tell people apart
        assert person.email not in html
        assert f"<td><bdi>{person.pseudonym}</bdi></td>" in html
    assert "Organiser B" not in html  # another hub's team is not listed


def test_rooms_page(client, world, no_staff_2fa, django_assert_max_num_queries):
    client.force_login(world.organiser_a)
    url = f"/hubs/{world.hub_a.slug}/rooms/"
    with django_assert_max_num_queries(20) as small:
        html_of(client.get(url))
    Room.objects.bulk_create(
        Room(hub=world.hub_a, name=f"Room {n}", capacity=10 + n) for n in range(40)
    )
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = html_of(client.get(url))
    for n in range(40):
        assert f">Room {n}</a> — {10 + n} seats" in html
    assert html.count(f'href="/hubs/{world.hub_a.slug}/rooms/') == 41  # with the main room


def test_csv_export(client, world, no_staff_2fa, django_assert_max_num_queries):
    client.force_login(world.organiser_a)
    url = f"/hubs/{world.hub_a.slug}/export.csv?purpose=planning"
    registrations(world.hub_a, 5, label="Early")
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    later = registrations(world.hub_a, 700, label="Later")  # more than one chunk of 500
    registrations(world.hub_b, 5, label="Elsewhere")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    cells = {
        cell
        for row in csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""))
        for cell in row
    }
    assert {person.pseudonym for person in later} <= cells
    assert not any(cell.startswith("Elsewhere") for cell in cells)
    assert sum(cell.startswith(("Early", "Later")) for cell in cells) == 705


# Programme pages -----------------------------------------------------------------


def plenaries(world, count, *, label):
    """`count` plenaries, each with a facilitator and two families enrolled."""
    made = []
    for n in range(count):
        plenary = make_session(
            hub=world.hub_a, kind="plenary", starts_in=60 + n, title=f"{label} {n}", capacity=50
        )
        plenary.facilitators.add(make_user())
        for _ in range(2):
            enrol(make_user(), plenary)
        made.append(plenary)
    return made


def test_plenaries_list(client, world, no_staff_2fa, django_assert_max_num_queries):
    client.force_login(world.admin)
    url = reverse("sessions_app:plenaries")
    plenaries(world, 2, label="First")
    with django_assert_max_num_queries(20) as small:
        html_of(client.get(url))
    added = plenaries(world, 25, label="Added")
    make_session(hub=world.hub_a, kind="discussion", starts_in=60, title="Hub talk")
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = html_of(client.get(url))
    for plenary in added:
        assert f">{plenary.title}</a>" in html
    assert html.count("<td>2 / 50</td>") == 27  # enrolled / capacity, for every plenary
    assert "Hub talk" not in html


def test_session_page(client, world, django_assert_max_num_queries):
    session = make_session(
        hub=world.hub_a, kind="workshop", starts_in=300, capacity=60, speakers="Amina, Farid"
    )
    session.facilitators.add(world.facilitator_a)
    register(world.family, world.hub_a, mode="online")
    enrol(world.family, session)
    client.force_login(world.family)
    url = reverse("sessions_app:session", args=[session.pk])
    with django_assert_max_num_queries(20) as small:
        html_of(client.get(url))
    facilitators = [make_user(pseudonym=f"Facilitator {n}") for n in range(6)]
    session.facilitators.add(*facilitators)
    for _ in range(40):
        enrol(make_user(), session)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = html_of(client.get(url))
    for person in [world.facilitator_a, *facilitators]:
        assert person.display_name in html
    assert "19 / 60" in html  # places left: 60 - 41 enrolled
    assert "You have a place in this session." in html


def test_now_and_next_grows_without_more_queries(client, world, django_assert_max_num_queries):
    """Sessions on now (started ten minutes ago) and next (in one hour): both
    well inside the three hours the page looks ahead, whatever the time of day."""
    url = reverse("sessions_app:now")

    def sessions(count, label):
        made = []
        for n in range(count):
            hub = world.hub_a if n % 2 else world.hub_b
            on_now = make_session(hub=hub, kind="circle", starts_in=-10, title=f"{label} on {n}")
            coming = make_session(hub=hub, kind="workshop", starts_in=60, title=f"{label} next {n}")
            for session in (on_now, coming):
                session.facilitators.add(make_user())
                enrol(make_user(), session)
            made += [on_now, coming]
        return made

    sessions(2, "Few")
    with django_assert_max_num_queries(10) as small:
        html_of(client.get(url))
    added = sessions(20, "Many")
    make_session(hub=world.hub_a, kind="discussion", starts_in=600, title="Much later")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    html = html_of(response)
    for session in added:
        assert session.title in html
    assert "Much later" not in html
    assert len(response.context["now_on"]) == 22
    assert len(response.context["next_up"]) == 22


# Pages that were counted but whose content was never checked ------------------------


def test_hub_list_shows_every_hub_at_any_size(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(10) as small:
        html_of(client.get("/hubs/"))
    hubs = [make_hub(conference=world.conference, capacity=100, city=f"Town {n}") for n in range(8)]
    for hub in hubs:
        registrations(hub, 3 + hubs.index(hub), label=hub.slug)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = html_of(client.get("/hubs/"))
    for n, hub in enumerate(hubs):
        assert f">{hub.name}</a></h2>" in html
        assert hub.society.name in html
        # Half of each hub's registrations are in person, one adult each.
        in_person = (3 + n) // 2
        assert f"{100 - in_person} seats left" in html


def test_admin_session_list_shows_every_session(
    client, world, no_staff_2fa, django_assert_max_num_queries
):
    client.force_login(world.admin)
    url = reverse("admin:sessions_app_session_changelist")
    for n in range(3):
        make_session(hub=world.hub_a, kind="circle", starts_in=60, title=f"Early circle {n}")
    with django_assert_max_num_queries(15) as small:
        html_of(client.get(url))
    hubs = [world.hub_a, world.hub_b, make_hub(conference=world.conference, city="Ankara")]
    for n in range(30):
        make_session(hub=hubs[n % 3], kind="workshop", starts_in=60 + n, title=f"Workshop {n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = html_of(client.get(url))
    assert Session.objects.count() == 33
    for n in range(30):
        assert f">Workshop {n}</a>" in html
    # The hub column, for every row: hub A has the three early circles too.
    assert [html.count(f">{hub.name}</td>") for hub in hubs] == [13, 10, 10]

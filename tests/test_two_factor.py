"""Staff must set up two-factor authentication before any staff page opens."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["organiser_a", "facilitator_a", "support_a", "admin"])
def test_staff_without_two_factor_are_sent_to_set_it_up(client, world, persona):
    client.force_login(getattr(world, persona))
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/staff/two-factor/"
    page = client.get("/staff/two-factor/")
    assert page.status_code == 200
    assert b"/accounts/2fa/totp/activate/" in page.content


def test_admin_site_also_needs_two_factor(client, world):
    client.force_login(world.admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/staff/two-factor/"


def test_staff_with_two_factor_get_in(client, world):
    TOTP.activate(world.organiser_a, generate_totp_secret())
    client.force_login(world.organiser_a)
    response = client.get("/staff/")
    assert response.status_code == 200
    assert world.hub_a.name in response.content.decode()
    assert world.hub_b.name not in response.content.decode()


def test_families_are_never_asked(client, world):
    client.force_login(world.family)
    response = client.get("/staff/")
    assert response.status_code == 200
    assert "You hold no staff role" in response.content.decode()
    assert client.get("/staff/two-factor/")["Location"] == "/staff/"


def test_the_demo_switch_turns_it_off(client, world, no_staff_2fa):
    client.force_login(world.organiser_a)
    assert client.get("/staff/").status_code == 200


def test_totp_is_asked_at_log_in_once_set_up(client, world):
    from tests.factories import PASSWORD

    TOTP.activate(world.organiser_a, generate_totp_secret())
    response = client.post(
        "/accounts/login/", {"login": world.organiser_a.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session

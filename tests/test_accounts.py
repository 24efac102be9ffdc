"""Sign-up with a pseudonym, mandatory e-mail verification, log in and out,
password reset, e-mail change."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from conference.models import User
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _sign_up(client, **overrides):
    data = {
        "email": "newfamily@example.net",
        "pseudonym": "Mother of Ali",
        "password1": "a-long-and-quiet-river",
        "password2": "a-long-and-quiet-river",
        "time_zone": "Asia/Karachi",
    }
    data.update(overrides)
    return client.post("/accounts/signup/", data)


def _confirmation_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_sign_up_then_verify_then_signed_in(client):
    response = _sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"

    user = User.objects.get(email="newfamily@example.net")
    assert user.pseudonym == "Mother of Ali"
    assert user.time_zone == "Asia/Karachi"
    assert user.language == "en"
    assert not EmailAddress.objects.get(user=user).verified
    # Not signed in before verification.
    assert "_auth_user_id" not in client.session

    assert len(mail.outbox) == 1
    link = _confirmation_link(mail.outbox[0])
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)

    home = client.get("/")
    assert "Mother of Ali" in home.content.decode()


def test_unverified_person_cannot_log_in(client):
    make_user(email="waiting@example.net", verified=False)
    response = client.post(
        "/accounts/login/", {"login": "waiting@example.net", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_log_in_and_out(client):
    user = make_user(email="gul@example.net")
    response = client.post("/accounts/login/", {"login": "GUL@example.net", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_wrong_password_gives_an_error_and_no_session(client):
    make_user(email="gul@example.net")
    response = client.post("/accounts/login/", {"login": "gul@example.net", "password": "nope"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors


@pytest.mark.parametrize(
    "pseudonym", ["me@example.net", "call 03001234567", "https://example.net", " x "]
)
def test_identifying_or_empty_pseudonyms_are_refused(client, pseudonym):
    response = _sign_up(client, pseudonym=pseudonym)
    assert response.status_code == 200
    assert "pseudonym" in response.context["form"].errors
    assert not User.objects.filter(email="newfamily@example.net").exists()


def test_sign_up_errors_are_translated(client):
    client.cookies["django_language"] = "fa"
    response = _sign_up(client, password2="something-else-entirely")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="fa"' in html
    assert 'dir="rtl"' in html
    # allauth's own Persian catalogue: "You must type the same password each time."
    assert "You must type the same password each time." not in html


def test_password_reset_sends_a_link(client):
    make_user(email="gul@example.net")
    response = client.post("/accounts/password/reset/", {"email": "gul@example.net"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_email_change_needs_verification_of_the_new_address(client):
    user = make_user(email="old@example.net")
    client.force_login(user)
    response = client.post("/accounts/email/", {"action_add": "", "email": "new@example.net"})
    assert response.status_code == 302
    new = EmailAddress.objects.get(user=user, email="new@example.net")
    assert not new.verified
    assert len(mail.outbox) == 1
    user.refresh_from_db()
    assert user.email == "old@example.net"


def test_login_is_rate_limited(client, settings):
    make_user(email="gul@example.net")
    for _ in range(5):
        client.post("/accounts/login/", {"login": "gul@example.net", "password": "wrong"})
    response = client.post("/accounts/login/", {"login": "gul@example.net", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_profile_changes_pseudonym_language_and_zone(client):
    user = make_user()
    client.force_login(user)
    response = client.post(
        "/account/profile/",
        {"pseudonym": "Sister of Omar", "language": "ur", "time_zone": "Asia/Kabul"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.pseudonym, user.language, user.time_zone) == (
        "Sister of Omar",
        "ur",
        "Asia/Kabul",
    )


def test_profile_refuses_an_unknown_zone_and_keeps_saved_values(client):
    user = make_user(pseudonym="Gul", time_zone="Asia/Karachi")
    client.force_login(user)
    response = client.post(
        "/account/profile/", {"pseudonym": "Changed", "language": "", "time_zone": "Mars/Base"}
    )
    assert response.status_code == 200
    assert "time_zone" in response.context["form"].errors
    user.refresh_from_db()
    assert (user.pseudonym, user.time_zone) == ("Gul", "Asia/Karachi")

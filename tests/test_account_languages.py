"""Account pages and mails in the family's language: no English left from allauth or
Django on the sign-up, sign-in and password pages (Urdu and Pashto, which neither
translates), and the verification and password mails in the member's language with
the platform's name and a real way to reach the hub."""

import re
from pathlib import Path

import allauth
import django
import polib
import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.factories import make_conference, make_hub, make_user, register

pytestmark = pytest.mark.django_db

ALLAUTH = Path(allauth.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"
DJANGO = [
    Path(django.__file__).parent
    / "contrib"
    / "auth"
    / "locale"
    / "fr"
    / "LC_MESSAGES"
    / "django.po",
    Path(django.__file__).parent / "conf" / "locale" / "fr" / "LC_MESSAGES" / "django.po",
]


def _foreign_english() -> set[str]:
    """allauth's and Django's English strings (without placeholders or markup)."""
    found = set()
    for path in [ALLAUTH, *DJANGO]:
        for entry in polib.pofile(str(path)):
            text = " ".join(entry.msgid.split())
            if "%" not in text and "<" not in text and re.search(r"[A-Za-z]{3}", text):
                found.add(text)
    return found


def _visible_text(html: str) -> str:
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


@pytest.mark.parametrize("language", ["ur", "ps"])
@pytest.mark.parametrize("name", ["account_signup", "account_login", "account_reset_password"])
def test_account_pages_have_no_english_from_allauth_or_django(client, language, name):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse(name)).content.decode()
    text = _visible_text(html)
    leaks = sorted(msgid for msgid in _foreign_english() if len(msgid) > 3 and msgid in text)
    # Whole words only: "Email" inside another word is no leak.
    leaks = [
        msgid for msgid in leaks if re.search(rf"(?<![A-Za-z]){re.escape(msgid)}(?![A-Za-z])", text)
    ]
    assert leaks == []
    # And the words we chose: one for e-mail, one for password.
    email, password = {"ur": ("ای میل", "پاس ورڈ"), "ps": ("بریښنالیک", "پټنوم")}[language]
    if name != "account_reset_password":
        assert password in text
    assert email in text


def test_errors_on_the_sign_up_page_are_in_pashto(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ps"
    html = client.post(
        reverse("account_signup"),
        {"email": "not an address", "pseudonym": "", "password1": "123", "password2": "124"},
    ).content.decode()
    text = _visible_text(html)
    assert "مهرباني وکړئ سمه بریښنالیک پته ولیکئ." in text  # Enter a valid email address.
    assert "دا خونه ډکول اړین دي." in text  # This field is required.
    assert "This field is required" not in text
    assert 'value="not an address"' in html  # what was typed is kept


@pytest.fixture
def hub_with_contact(db):
    conference = make_conference()
    return make_hub(
        conference=conference,
        name="Islamabad",
        name_ps="اسلام اباد",
        contact_email="islamabad-hub@example.org",
        contact_phone="+92 51 000 0000",
    )


def test_the_verification_mail_is_in_the_language_of_the_sign_up(client, hub_with_contact):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ps"
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.net",
            "pseudonym": "Zarmina",
            "password1": "a long and quiet river",
            "password2": "a long and quiet river",
        },
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert "مهرباني وکړئ خپله بریښنالیک پته تایید کړئ" in message.subject
    assert "Family Links Hub" in message.body
    assert "محترم Zarmina،" in message.body
    assert "د دې تایید لپاره چې دا پته ستاسو ده" in message.body
    assert "islamabad-hub@example.org, +92 51 000 0000" in message.body
    assert "اسلام اباد" in message.body  # the hub's Pashto name
    assert "You're receiving this" not in message.body
    assert "Hello from" not in message.body


def test_the_password_mail_is_in_the_members_own_language(client, hub_with_contact):
    member = make_user(email="gul@example.net", pseudonym="Gul", language="ur")
    register(member, hub_with_contact)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # asked from an English page
    response = client.post(reverse("account_reset_password"), {"email": "gul@example.net"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert "نیا پاس ورڈ بنانا" in message.subject
    assert "محترم Gul،" in message.body
    assert "نیا پاس ورڈ بنانے کے لیے براہِ کرم یہ لنک کھولیے:" in message.body
    # Their own hub, whom they can write to.
    assert "islamabad-hub@example.org" in message.body
    assert "Someone, we hope" not in message.body

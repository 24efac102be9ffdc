""" "My data": the archive holds every declared model's rows about the member (walked
from the register) and nothing of anyone else's; built by the worker with progress
and a mail; the link works for that member only, intact, until it expires; one
request a day."""

import datetime
import io
import json
import zipfile

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conference import data_rights, privacy
from conference.models import DataExport
from tests.factories import make_session
from tests.privacy_helpers import (
    archive_text,
    declarations_with_rows,
    member_everywhere,
    missing_from_export,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle(world):
    return make_session(hub=world.hub_a, kind="circle")


@pytest.fixture
def member(world, circle):
    return member_everywhere(world, circle, pseudonym="Shirin Noor", email="shirin@example.org")


@pytest.fixture
def other(world, circle):
    return member_everywhere(world, circle, pseudonym="Laleh Sadr", email="laleh@example.org")


def ask(client, member, capture):
    client.force_login(member)
    with capture(execute=True):
        response = client.post(reverse("conference:my_data"))
    assert response.status_code == 302
    return DataExport.objects.filter(user=member).first()


def download_url(export) -> str:
    return reverse("conference:my_data_download", args=[data_rights.download_token(export)])


def test_the_archive_holds_everything_about_the_member_and_nothing_else(
    client, member, other, django_capture_on_commit_callbacks
):
    member.language = "fa"
    member.save(update_fields=["language"])
    export = ask(client, member, django_capture_on_commit_callbacks)
    assert export.status == DataExport.Status.READY
    assert export.progress == 100
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert reverse("conference:my_data") in mail.outbox[0].body

    page = client.get(reverse("conference:my_data")).content.decode()
    assert download_url(export) in page
    response = client.get(download_url(export))
    assert response["Content-Type"] == "application/zip"
    archive = response.content

    # Every declared model with rows about the member is in it, with all its rows.
    assert missing_from_export(archive, member) == []
    # The member has data in every app.
    apps_with_rows = {label.split(".")[0] for label in declarations_with_rows(member)}
    assert {"conference", "account", "mfa", "hubs", "sessions_app", "support_signals"} <= (
        apps_with_rows
    )
    text = archive_text(archive)
    assert "Shirin Noor" in text
    assert member.email in text
    for trace in (other.email, other.pseudonym, other.registrations.get().ticket_code):
        assert trace not in text
    # No secret: no password hash, no second-factor secret, no calendar token.
    assert member.password not in text
    assert f"token-{member.pk}-secret" not in text
    # The readable summary is in the member's language.
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        summary = opened.read("summary.html").decode()
    assert 'lang="fa" dir="rtl"' in summary


def test_the_completeness_check_catches_a_model_left_out(member, monkeypatch):
    """The check above fails when the archive leaves out a declared model's data."""
    from hubs.models import Registration

    register_without = {m: d for m, d in privacy.REGISTER.items() if m is not Registration}
    monkeypatch.setattr(privacy, "REGISTER", register_without)
    archive = data_rights.build_archive(member)
    monkeypatch.undo()
    assert missing_from_export(archive, member) == ["hubs.Registration"]


def test_one_request_a_day(client, member, django_capture_on_commit_callbacks, time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    before = DataExport.objects.filter(user=member).count()
    ask(client, member, django_capture_on_commit_callbacks)
    again = client.post(reverse("conference:my_data"), follow=True)
    assert "already asked for your data today" in again.content.decode()
    assert DataExport.objects.filter(user=member).count() == before + 1
    time_machine.move_to(start + datetime.timedelta(hours=23, minutes=59), tick=False)
    client.post(reverse("conference:my_data"))
    assert DataExport.objects.filter(user=member).count() == before + 1
    time_machine.move_to(start + datetime.timedelta(days=1, minutes=1), tick=False)
    ask(client, member, django_capture_on_commit_callbacks)
    assert DataExport.objects.filter(user=member).count() == before + 2


def test_a_tampered_link_is_refused_clearly(client, member, django_capture_on_commit_callbacks):
    export = ask(client, member, django_capture_on_commit_callbacks)
    token = data_rights.download_token(export)
    from django.core import signing

    forged = signing.dumps({"e": export.pk, "u": member.pk}, salt="another-salt")
    elsewhere = signing.dumps(
        {"e": export.pk + 1000, "u": member.pk}, salt=data_rights.SIGNING_SALT
    )
    for bad in (token[:-2] + "xx", "nonsense", forged, elsewhere):
        response = client.get(reverse("conference:my_data_download", args=[bad]))
        assert response.status_code == 404
        assert "This download link is not valid" in response.content.decode()


def test_another_member_cannot_use_the_link(
    client, member, other, django_capture_on_commit_callbacks
):
    export = ask(client, member, django_capture_on_commit_callbacks)
    url = download_url(export)
    client.force_login(other)
    response = client.get(url)
    assert response.status_code == 404
    assert b"PK" not in response.content[:2]
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page


def test_the_link_expires(client, member, django_capture_on_commit_callbacks, time_machine):
    export = ask(client, member, django_capture_on_commit_callbacks)
    url = download_url(export)
    assert client.get(url).status_code == 200
    time_machine.move_to(timezone.now() + datetime.timedelta(days=7, minutes=1))
    response = client.get(url)
    assert response.status_code == 404
    assert "expired" in response.content.decode()


def test_progress_is_shown_while_the_worker_builds(client, member):
    client.force_login(member)
    client.post(reverse("conference:my_data"))  # not committed: the worker has not run
    export = DataExport.objects.filter(user=member).first()
    DataExport.objects.filter(pk=export.pk).update(status="building", progress=40)
    page = client.get(reverse("conference:my_data_progress")).content.decode()
    assert 'value="40"' in page
    assert "hx-get" in page
    # The worker's progress as it goes, then the end.
    seen = []
    data_rights.build_archive(member, on_progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == 90


def test_the_json_says_what_why_and_how_long(member):
    archive = data_rights.build_archive(member)
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        document = json.loads(opened.read("data/hubs.Registration.json"))
    assert document["purpose"] == "registration"
    assert document["retention"]
    assert document["rows"][0]["user_id"] == member.pk


def test_every_model_a_family_can_have_rows_in_is_filled_by_the_tests():
    """The export and erasure tests cover a declared model through its filler in
    tests/privacy_helpers.py: a model declared without one (a new app's) fails here
    until it has one, so that "my data" and the erasure are checked for it too."""
    from tests.privacy_helpers import FILLERS, NO_FAMILY_ROWS

    declared = {declaration.label for declaration in privacy.REGISTER.values()}
    assert declared - set(FILLERS) - NO_FAMILY_ROWS == set(), (
        "add a filler to tests/privacy_helpers.py FILLERS for these"
    )
    assert set(FILLERS) <= declared

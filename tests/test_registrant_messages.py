"""Organisers write to their hub's registrants: only they may, the right families get
it, each framed in their own language, sent by the worker with its progress shown,
within limits, and recorded in the audit log without its text."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.html import escape

from conference.models import AuditEntry
from hubs import messaging
from hubs.models import MessageRecipient, RegistrantMessage
from tests.factories import make_user, register
from tests.tasks_helpers import database_tasks, run_worker, task_rows  # noqa: F401

Group = RegistrantMessage.Group
PREFIX = "[Family Links Hub] "


@pytest.fixture
def families(world, no_staff_2fa):
    """Hub A's registrants in every state, in several languages, and people who must
    never receive hub A's messages."""
    hub = world.hub_a
    people = {
        "in_person": make_user(language="fa", pseudonym="Zahra"),
        "online": make_user(language="ar", pseudonym="Amal"),
        "waiting": make_user(language="", pseudonym="Sam"),
        "waiting_online": make_user(language="ur", pseudonym="Bilal"),
        "cancelled": make_user(language="fr"),
        "closed_account": make_user(is_active=False),
        "other_hub": make_user(),
    }
    register(people["in_person"], hub, mode="in_person")
    register(people["online"], hub, mode="online")
    register(people["waiting"], hub, mode="in_person", status="waitlisted")
    register(people["waiting_online"], hub, mode="online", status="waitlisted")
    register(people["cancelled"], hub, status="cancelled")
    register(people["closed_account"], hub)
    register(people["other_hub"], world.hub_b)
    return people


def _form(group=Group.ALL, **fields):
    return {
        "group": group,
        "subject": "Bus times on Friday",
        "body": "The bus leaves the hotel at 8:30.\nPlease bring your ticket & a warm coat.",
        **fields,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("group", "expected"),
    [
        (Group.CONFIRMED_IN_PERSON, {"in_person"}),
        (Group.CONFIRMED_ONLINE, {"online"}),
        (Group.WAITLIST, {"waiting", "waiting_online"}),
        (Group.ALL, {"in_person", "online", "waiting", "waiting_online"}),
    ],
)
def test_each_group_holds_the_right_families(world, families, group, expected):
    found = set(messaging.recipients(world.hub_a, group))
    assert found == {families[name] for name in expected}


@pytest.mark.django_db
def test_the_preview_counts_families_by_the_language_of_their_mail(world, families):
    preview = messaging.recipients_preview(world.hub_a, Group.ALL)
    assert preview["count"] == 4
    assert sorted(preview["languages"]) == [
        ("Arabic", 1),
        ("English", 1),  # no language chosen: the site's default
        ("Persian", 1),
        ("Urdu", 1),
    ]


@pytest.mark.django_db
def test_an_organiser_previews_sends_and_each_family_reads_it_in_their_language(
    client, world, families, django_capture_on_commit_callbacks
):
    client.force_login(world.organiser_a)
    url = f"/hubs/{world.hub_a.slug}/messages/new/"
    page = client.post(url, {**_form(), "preview": ""}).content.decode()
    assert "This message will go to 4 families." in page
    assert "Send to 4 families" in page
    assert "Bus times on Friday" in page  # what was typed is kept
    assert not RegistrantMessage.objects.exists()  # a preview sends nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**_form(), "send": "", "previewed": "4"})

    message = RegistrantMessage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/hubs/{world.hub_a.slug}/messages/{message.pk}/"
    by_address = {m.to[0]: m for m in mail.outbox}
    expected = {families[n].email for n in ("in_person", "online", "waiting", "waiting_online")}
    assert set(by_address) == expected
    assert len(mail.outbox) == 4
    for sent in mail.outbox:
        assert sent.subject == f"{PREFIX}{world.hub_a.name}: Bus times on Friday"
        # The organiser's words as written (no "&amp;" in plain text).
        assert "Please bring your ticket & a warm coat." in sent.body
    persian = by_address[families["in_person"].email]
    arabic = by_address[families["online"].email]
    english = by_address[families["waiting"].email]
    assert persian.body.startswith("Zahra گرامی،")
    assert arabic.body.startswith("عزيزنا Amal،")
    assert english.body.startswith("Dear Sam,")
    html, mimetype = persian.alternatives[0]
    assert mimetype == "text/html"
    assert 'dir="rtl"' in html
    assert '<div dir="auto"><p>The bus leaves the hotel at 8:30.<br>' in html

    detail = client.get(response["Location"]).content.decode()
    assert "Sent to 4 of 4 families." in detail
    assert "Finished." in detail
    assert "hx-get" not in detail  # nothing left to follow

    entry = AuditEntry.objects.get(action="registrants.message")
    assert (entry.actor, entry.hub) == (world.organiser_a, world.hub_a)
    assert entry.data == {"group": "all", "recipients": 4}
    assert "Bus" not in str(entry.data)


@pytest.mark.django_db
def test_sending_without_the_count_previewed_shows_the_count_first(client, world, families):
    client.force_login(world.organiser_a)
    url = f"/hubs/{world.hub_a.slug}/messages/new/"
    page = client.post(url, {**_form(Group.WAITLIST), "send": "", "previewed": "9"})
    assert "The group has changed since you looked." in page.content.decode()
    assert "This message will go to 2 families." in page.content.decode()
    assert not RegistrantMessage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"subject": "x" * 151}, "Assurez-vous que cette valeur comporte au plus 150 caractères"),
        ({"body": "x" * 5001}, "Assurez-vous que cette valeur comporte au plus 5000 caractères"),
        ({"subject": ""}, "Ce champ est obligatoire."),
        ({"group": "everyone-ever"}, "Sélectionnez un choix valide."),
    ],
)
def test_bad_input_gets_a_translated_error_and_keeps_what_was_typed(
    client, world, families, fields, error
):
    world.organiser_a.language = "fr"
    world.organiser_a.save()
    client.force_login(world.organiser_a)
    form = _form(**fields)
    page = client.post(f"/hubs/{world.hub_a.slug}/messages/new/", {**form, "send": ""})
    html = page.content.decode()
    assert page.status_code == 200
    assert error in html
    for typed in (form["subject"], form["body"]):  # what was typed is kept
        assert escape(typed) in html
    assert not RegistrantMessage.objects.exists()


@pytest.mark.django_db
def test_a_subject_on_two_lines_is_refused(client, world, families):
    client.force_login(world.organiser_a)
    page = client.post(
        f"/hubs/{world.hub_a.slug}/messages/new/",
        {**_form(subject="Bus\r\nBcc: someone@example.org"), "preview": ""},
    )
    assert "Please write the subject on one line." in page.content.decode()


@pytest.mark.django_db
def test_line_ends_count_once_towards_the_length(world, families):
    from hubs.forms import RegistrantMessageForm

    body = "ab\r\n" * 1666 + "ab"  # 6,666 characters as the browser sends it, 5,000 kept
    form = RegistrantMessageForm(_form(body=body))
    assert form.is_valid(), form.errors
    assert len(form.cleaned_data["body"]) == 5000


@pytest.mark.django_db
def test_an_empty_group_sends_nothing(client, world, families):
    client.force_login(world.organiser_b)
    page = client.post(
        f"/hubs/{world.hub_b.slug}/messages/new/",
        {**_form(Group.WAITLIST), "preview": ""},
    )
    assert "Nobody is in this group yet." in page.content.decode()
    assert "Send to" not in page.content.decode()
    with pytest.raises(messaging.MessagingError) as refused:
        messaging.registrant_message_send(
            hub=world.hub_b, by=world.organiser_b, **_form(Group.WAITLIST)
        )
    assert refused.value.code == "empty"


@pytest.mark.django_db
def test_at_most_ten_messages_a_day_and_never_the_same_one_twice(world, families, time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    send = messaging.registrant_message_send
    send(hub=world.hub_a, by=world.organiser_a, **_form())
    with pytest.raises(messaging.MessagingError) as refused:
        send(hub=world.hub_a, by=world.organiser_a, **_form())
    assert refused.value.code == "duplicate"
    for number in range(9):
        send(hub=world.hub_a, by=world.organiser_a, **_form(subject=f"Note {number}"))
    with pytest.raises(messaging.MessagingError) as refused:
        send(hub=world.hub_a, by=world.organiser_a, **_form(subject="One more"))
    assert refused.value.code == "rate"
    assert "10 messages in the last 24 hours" in refused.value.message

    time_machine.move_to(start + datetime.timedelta(hours=24, seconds=1), tick=False)
    send(hub=world.hub_a, by=world.organiser_a, **_form(subject="One more"))
    assert RegistrantMessage.objects.count() == 11


# Who may -------------------------------------------------------------------------


def _pages(hub, message):
    base = f"/hubs/{hub.slug}/messages/"
    return [base, f"{base}new/", f"{base}{message.pk}/", f"{base}{message.pk}/progress/"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["organiser_b", "family", "facilitator_a", "moderator_a"])
def test_nobody_but_the_hubs_organisers_sees_or_sends(client, world, families, who):
    message = messaging.registrant_message_send(hub=world.hub_a, by=world.organiser_a, **_form())
    client.force_login(getattr(world, who))
    for url in _pages(world.hub_a, message):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/hubs/{world.hub_a.slug}/messages/new/", {**_form(), "send": ""})
    assert response.status_code == 404
    assert RegistrantMessage.objects.count() == 1


@pytest.mark.django_db
def test_another_hubs_message_is_not_found_from_ones_own_hub(client, world, families):
    message = messaging.registrant_message_send(hub=world.hub_a, by=world.organiser_a, **_form())
    client.force_login(world.organiser_b)
    assert client.get(f"/hubs/{world.hub_b.slug}/messages/{message.pk}/").status_code == 404


@pytest.mark.django_db
def test_signed_out_visitors_are_asked_to_sign_in(client, world, families):
    response = client.get(f"/hubs/{world.hub_a.slug}/messages/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_the_service_refuses_someone_without_the_role(world, families):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        messaging.registrant_message_send(hub=world.hub_a, by=world.organiser_b, **_form())


# Progress, while the worker sends ------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("database_tasks")
def test_the_page_shows_progress_and_asks_for_news_only_when_it_changes(client, world, families):
    message = messaging.registrant_message_send(hub=world.hub_a, by=world.organiser_a, **_form())
    client.force_login(world.organiser_a)
    page = client.get(f"/hubs/{world.hub_a.slug}/messages/{message.pk}/").content.decode()
    assert "Sent to 0 of 4 families." in page
    assert "Still sending…" in page
    progress = f"/hubs/{world.hub_a.slug}/messages/{message.pk}/progress/"
    assert f'hx-get="{progress}?shown=0-0"' in page
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page  # no JS

    assert client.get(f"{progress}?shown=0-0").status_code == 204  # nothing new
    recipients = list(MessageRecipient.objects.filter(message=message).order_by("pk"))
    MessageRecipient.objects.filter(pk=recipients[0].pk).update(sent_at=timezone.now())
    MessageRecipient.objects.filter(pk=recipients[1].pk).update(failed_at=timezone.now())
    fragment = client.get(f"{progress}?shown=0-0").content.decode()
    assert "Sent to 1 of 4 families." in fragment
    assert "1 mail could not be delivered." in fragment
    assert f'hx-get="{progress}?shown=1-1"' in fragment


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_tasks")
def test_the_worker_sends_one_mail_per_family_and_the_progress_follows(client, world, families):
    message = messaging.registrant_message_send(hub=world.hub_a, by=world.organiser_a, **_form())
    assert mail.outbox == []
    [fan_out] = task_rows("hubs.tasks.registrant_message_fan_out")

    run_worker()

    assert len(mail.outbox) == 4
    assert len(task_rows("hubs.tasks.registrant_mail")) == 4
    assert messaging.message_progress(message) == {
        "total": 4,
        "sent": 4,
        "failed": 0,
        "handled": 4,
        "done": True,
    }
    # Queueing again (its worker died after queueing) queues and sends nothing more.
    fan_out.refresh_from_db()
    fan_out.status = "READY"
    fan_out.save()
    run_worker()
    assert len(task_rows("hubs.tasks.registrant_mail")) == 4
    assert len(mail.outbox) == 4


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_tasks")
def test_mails_that_cannot_be_sent_are_counted_as_such(world, families, settings):
    settings.TASK_MAX_ATTEMPTS = 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", 1, False
    message = messaging.registrant_message_send(hub=world.hub_a, by=world.organiser_a, **_form())
    run_worker()
    progress = messaging.message_progress(message)
    assert (progress["sent"], progress["failed"], progress["done"]) == (0, 4, True)


# The list of messages ------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_of_messages_costs_the_same_queries_however_many(
    client, world, families, django_assert_max_num_queries
):
    client.force_login(world.organiser_a)
    url = f"/hubs/{world.hub_a.slug}/messages/"
    for count in (1, 8):
        while RegistrantMessage.objects.count() < count:
            number = RegistrantMessage.objects.count()
            messaging.registrant_message_send(
                hub=world.hub_a, by=world.organiser_a, **_form(subject=f"Note {number}")
            )
        with django_assert_max_num_queries(12):
            page = client.get(url).content.decode()
        assert page.count("of 4</td>") == count

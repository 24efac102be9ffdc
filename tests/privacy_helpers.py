"""Personal data in every app, and checks that walk the register of personal data.

`member_everywhere()` gives a member rows in every declared model a family can have
rows in; the export and erasure tests then walk `conference.privacy.REGISTER`, so a
model declared later (the forum's) is checked as soon as it has a filler here:
add one to FILLERS, keyed by the model's label, that gives `person` rows in it.

`rows_mentioning(*needles)` searches every text column of every table.
"""

import io
import json
import zipfile
from collections.abc import Callable
from datetime import timedelta

from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone

from conference import consent, privacy
from conference.models import User
from hubs.models import MessageRecipient, RegistrantMessage
from sessions_app.models import (
    CalendarToken,
    CircleJitsiId,
    CircleMessage,
    CircleParticipant,
    CirclePresence,
    CircleState,
)
from support.signals.models import SupportMessage, SupportSignal
from tests import factories

# label -> filler(person, world, circle): rows about `person` in that model.
FILLERS: dict[str, Callable] = {}
# Declared models only staff have rows in (their work, kept without them when they
# go: tests/test_erasure.py::test_a_staff_members_erasure_leaves_their_work_without_them),
# and the account itself, which every member has.
NO_FAMILY_ROWS = {
    "conference.User",
    "account.EmailAddress",
    "conference.HubRole",
    "conference.AuditEntry",
    "conference.StaffAccess",
    "django_tasks_database.DBTaskResult",  # an account mail: made in test_erasure_end_to_end
    "hubs.RegistrantMessage",
    "sessions_app.Session",
    "library.Resource",
    "library.ResourceStatusChange",
    "support_signals.SupportMessage",  # filled with its signal
    "forum.WatchedWord",  # moderators' work
}


def filler(label: str):
    def register(function):
        FILLERS[label] = function
        return function

    return register


@filler("account.EmailConfirmation")
def _confirmation(person, world, circle):
    address = EmailAddress.objects.create(
        user=person, email=f"second-{person.pk}@example.org", verified=False
    )
    EmailConfirmation.create(address)


@filler("mfa.Authenticator")
def _second_factor(person, world, circle):
    TOTP.activate(person, generate_totp_secret())


@filler("conference.Consent")
def _consent(person, world, circle):
    consent.consent_give(user=person, purpose="digests")


@filler("hubs.Registration")
def _registration(person, world, circle):
    factories.register(person, world.hub_a, mode="online")


@filler("hubs.MessageRecipient")
def _message(person, world, circle):
    message = RegistrantMessage.objects.create(
        hub=world.hub_a, author=world.organiser_a, group="all", subject="Buses", body="At nine."
    )
    MessageRecipient.objects.create(message=message, user=person, queued_at=timezone.now())


@filler("sessions_app.Enrolment")
def _enrolment(person, world, circle):
    factories.enrol(person, circle)


@filler("sessions_app.CalendarToken")
def _calendar(person, world, circle):
    CalendarToken.objects.create(user=person, token=f"token-{person.pk}-secret")


@filler("sessions_app.CircleParticipant")
def _participant(person, world, circle):
    CircleParticipant.objects.create(
        session=circle,
        user=person,
        display_name=circle_name(person),
        rules_accepted_at=timezone.now(),
        state=CircleParticipant.State.ADMITTED,
    )


@filler("sessions_app.CirclePresence")
def _presence(person, world, circle):
    CirclePresence.objects.create(
        session=circle, user=person, channel_name=f"specific.{person.pk}", seen_at=timezone.now()
    )


@filler("sessions_app.CircleJitsiId")
def _jitsi(person, world, circle):
    CircleJitsiId.objects.create(session=circle, user=person, jitsi_id=f"j{person.pk}")


@filler("sessions_app.CircleMessage")
def _chat(person, world, circle):
    CircleMessage.objects.create(
        session=circle,
        author=person,
        display_name=circle_name(person),
        body=f"I am {person.pseudonym}, write to {person.email}",
    )


@filler("sessions_app.CircleState")
def _speaker(person, world, circle):
    CircleState.objects.update_or_create(session=circle, defaults={"speaker": person})


@filler("support_signals.SupportSignal")
def _signal(person, world, circle):
    signal = SupportSignal.objects.create(session=circle, user=person)
    SupportMessage.objects.create(
        signal=signal,
        author=person,
        from_staff=False,
        display_name=person.pseudonym,
        body=f"Please call me, {person.pseudonym}: {person.email}",
    )
    SupportMessage.objects.create(
        signal=signal,
        author=world.support_a,
        from_staff=True,
        display_name=world.support_a.display_name,
        body="We will write to you here.",
    )


@filler("admin.LogEntry")
def _admin_log(person, world, circle):
    # An admin changed the member's account: the log names them by their pseudonym.
    LogEntry.objects.create(
        user=world.admin,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
        change_message=f"Changed language of {person.pseudonym}",
    )


@filler("conference.DataExport")
def _export(person, world, circle):
    from conference.models import DataExport

    # An old request, its archive expired and deleted: it does not stop a new one.
    DataExport.objects.create(user=person, requested_at=timezone.now() - timedelta(days=9))


# The forum: fillers run in this order (a dict keeps it), each building on the last.


def _forum_category():
    from support.forum.models import Category

    category, _created = Category.objects.get_or_create(
        slug="privacy-checks", defaults={"kind": "global", "name": "Privacy checks"}
    )
    return category


@filler("forum.GuidelinesAcceptance")
def _guidelines(person, world, circle):
    from support.forum import services as forum

    forum.guidelines_accept(user=person)


@filler("forum.Thread")
def _thread(person, world, circle):
    from support.forum import services as forum

    thread = forum.thread_start(
        author=person,
        category=_forum_category(),
        title=f"{person.pseudonym} is looking for a brother",
        body=f"I am {person.pseudonym}. Write to {person.email} or call 0300 1234567.",
    )
    _published(thread.posts.get(position=1), world)


def _published(post, world):
    """Let a post screening held (its contact details) through, as a moderator would
    when the family chose to share them."""
    from support.forum import moderation
    from support.forum.models import State

    post.refresh_from_db()
    if post.state == State.PENDING:
        moderation.post_approve(actor=world.admin, post_id=post.pk, reason="Family's choice")


@filler("forum.PostRevision")
def _edited(person, world, circle):
    from support.forum import services as forum
    from support.forum.models import Post

    opening = Post.objects.filter(author=person, position=1).latest("pk")
    forum.post_edit(
        author=person,
        post=opening,
        body=f"Edited: {person.pseudonym} still hopes. Write to {person.email}.",
        seen_edited_at=opening.edited_at,
    )
    _published(opening, world)


@filler("forum.Post")
def _pending_reply(person, world, circle):
    from support.forum import services as forum
    from support.forum.models import Post, State, Thread

    # A reply still waiting for a moderator: never published, so erasure deletes it.
    reply = forum.post_reply(
        author=person,
        thread=Thread.objects.filter(author=person).latest("pk"),
        body=f"Held: {person.pseudonym}'s number is 0300 7654321",
    )
    Post.objects.filter(pk=reply.pk).update(state=State.PENDING)


@filler("forum.Reaction")
def _with_you(person, world, circle):
    from support.forum import services as forum
    from support.forum.models import Post

    forum.guidelines_accept(user=world.family)
    reply = forum.post_reply(
        author=world.family,
        thread=Post.objects.filter(author=person, position=1).latest("pk").thread,
        body=f"We are with you ({person.pk}).",
    )
    forum.reaction_toggle(user=person, post=reply)


@filler("forum.Follow")
def _follow(person, world, circle):
    from support.forum import services as forum

    forum.follow_set(user=person, category=_forum_category())


@filler("forum.ReadMarker")
def _read(person, world, circle):
    from support.forum import services as forum
    from support.forum.models import Thread

    forum.read_mark(
        user=person, thread=Thread.objects.filter(author=person).latest("pk"), position=2
    )


@filler("forum.PseudonymChange")
def _renamed(person, world, circle):
    from support.forum import services as forum

    forum.pseudonym_change_record(
        user=person, old=f"{person.pseudonym} before", new=person.pseudonym
    )


@filler("forum.MailQueued")
def _mail_claim(person, world, circle):
    from support.forum.models import MailQueued

    MailQueued.objects.create(user=person, period="daily:2026-12-01")


@filler("forum.Flag")
def _report(person, world, circle):
    from support.forum import moderation
    from support.forum.models import Post

    others = Post.objects.filter(thread__author=person).exclude(author=person).latest("pk")
    moderation.flag_create(
        member=person, post=others, reason="other", note=f"{person.pseudonym} is unsure"
    )


@filler("forum.ForumConcern")
def _concern(person, world, circle):
    from support.forum import moderation
    from support.forum.models import Post

    moderation.concern_raise(post=Post.objects.filter(author=person, position=1).latest("pk"))


@filler("forum.AuditEntry")
def _redacted(person, world, circle):
    from support.forum import moderation
    from support.forum.models import Post

    opening = Post.objects.filter(author=person, position=1).latest("pk")
    moderation.post_redact(
        actor=world.admin, post_id=opening.pk, reason=f"{person.pseudonym}'s number"
    )


@filler("forum.Sanction")
def _silenced(person, world, circle):
    from support.forum import moderation

    moderation.member_sanction(
        actor=world.admin,
        member=person,
        kind="silence",
        days=1,
        reason=f"{person.pseudonym} posted {person.email} twice",
    )


def circle_name(person) -> str:
    return f"{person.pseudonym} in circle"


def member_everywhere(world, circle, *, pseudonym: str | None = None, email: str | None = None):
    """A family with rows in every model a family can have rows in."""
    person = factories.make_user(pseudonym=pseudonym, email=email)
    for fill in FILLERS.values():
        fill(person, world, circle)
    return person


def declarations_with_rows(person) -> dict[str, int]:
    return {
        declaration.label: count
        for declaration in privacy.REGISTER.values()
        if (count := declaration.rows_about(person).count())
    }


def missing_from_export(archive: bytes, person) -> list[str]:
    """Declared models holding rows about `person` whose rows the archive lacks (or
    holds fewer of)."""
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        names = set(opened.namelist())
        missing = []
        for label, count in declarations_with_rows(person).items():
            name = f"data/{label}.json"
            if name not in names or len(json.loads(opened.read(name))["rows"]) != count:
                missing.append(label)
    return sorted(missing)


def archive_text(archive: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return "\n".join(opened.read(name).decode() for name in opened.namelist())


TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def rows_mentioning(*needles: str) -> dict[str, list]:
    """Every table's rows with a text column (or JSON, as text) containing one of
    `needles` (case-insensitive): {"app.Model.field": [pks]}."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS):
                continue
            rows = model._default_manager.all()
            column = field.name
            if isinstance(field, models.JSONField):
                rows = rows.annotate(_as_text=Cast(field.name, models.TextField()))
                column = "_as_text"
            for needle in needles:
                pks = list(
                    rows.filter(**{f"{column}__icontains": needle}).values_list("pk", flat=True)
                )
                if pks:
                    found[f"{model._meta.label}.{field.name}:{needle}"] = pks
    return found

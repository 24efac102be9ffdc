"""Forum moderation services: what holds a post (screening, watched words,
pre-moderation, flood control, sanctions), flags and auto-hiding, the at-risk
path, every moderator action × role × hub with its audit entry, refusals that
change nothing, and the audit log that cannot be changed."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation

from support.forum import moderation, services
from support.forum.models import (
    AuditEntry,
    Flag,
    ForumConcern,
    Post,
    PostRevision,
    Sanction,
    State,
    WatchedWord,
)
from support.forum.services import ForumError
from tests import factories
from tests.moderation_helpers import AT_RISK, PHONE, SCAM, moderation_world

pytestmark = pytest.mark.django_db

A = AuditEntry.Action


@pytest.fixture
def mw(world, settings):
    settings.FORUM_PREMODERATE_POSTS = 0
    return moderation_world(world)


def reply(world, who, thread, body):
    return services.post_reply(author=getattr(world, who), thread=thread, body=body)


# What holds a post ---------------------------------------------------------------------


def test_a_phone_number_holds_the_post_and_the_hold_is_audited(mw):
    post = reply(mw, "family", mw.t_a, PHONE)
    assert post.state == State.PENDING
    assert post.hold_codes == ["phone"]
    entry = AuditEntry.objects.get(post=post)
    assert (entry.action, entry.actor, entry.hub_id) == (A.HOLD, None, mw.hub_a.pk)
    assert moderation.explanation("phone")  # a kind sentence for the author


def test_editing_the_number_out_publishes_the_post(mw):
    post = reply(mw, "family", mw.t_a, PHONE)
    post = services.post_edit(author=mw.family, post=post, body="I may know something.")
    post.refresh_from_db()
    assert post.state == State.VISIBLE
    # And an edit that brings a number back is screened again.
    post = services.post_edit(
        author=mw.family, post=post, body=PHONE, seen_edited_at=post.edited_at
    )
    post.refresh_from_db()
    assert post.state == State.PENDING
    assert post.hold_codes == ["phone"]


def test_telling_a_story_is_not_held(mw):
    post = reply(
        mw, "family", mw.t_a, "We paid the smuggler in 2020. His last WhatsApp was in March."
    )
    assert post.state == State.VISIBLE


def test_staff_are_held_only_for_personal_data(mw):
    scam_like = reply(mw, "organiser_a", mw.t_a, "The fee for the bus is 500 rupees.")
    assert scam_like.state == State.VISIBLE
    phone = reply(mw, "organiser_a", mw.t_a, "Gul's number is +92 300 1234567.")
    assert phone.state == State.PENDING
    assert phone.hold_codes == ["phone"]


def test_new_members_wait_until_n_posts_are_approved(mw, settings):
    settings.FORUM_PREMODERATE_POSTS = 2
    first = reply(mw, "family", mw.t_a, "Thank you for the circle.")
    second = reply(mw, "family", mw.t_a, "It helped me a lot.")
    assert [first.state, second.state] == [State.PENDING, State.PENDING]
    assert first.hold_codes == ["new_member"]
    moderation.post_approve(actor=mw.moderator_a, post_id=first.pk, reason="welcome")
    third = reply(mw, "family", mw.t_a, "I will come again.")
    assert third.state == State.PENDING  # one approved is not yet two
    moderation.post_approve(actor=mw.moderator_a, post_id=second.pk, reason="welcome")
    fourth = reply(mw, "family", mw.t_a, "See you on Friday.")
    assert fourth.state == State.VISIBLE
    # Trusted members are still screened.
    assert reply(mw, "family", mw.t_a, PHONE).state == State.PENDING
    # Staff bypass pre-moderation.
    assert reply(mw, "facilitator_a", mw.t_a, "Welcome, Gul.").state == State.VISIBLE


def test_new_members_post_a_few_times_an_hour(mw, settings):
    settings.FORUM_PREMODERATE_POSTS = 5
    settings.FORUM_NEW_MEMBER_POSTS_PER_HOUR = 2
    reply(mw, "family", mw.t_a, "One")
    reply(mw, "family", mw.t_a, "Two")
    with pytest.raises(ForumError) as refused:
        reply(mw, "family", mw.t_a, "Three")
    assert refused.value.code == "flood"
    assert Post.objects.filter(author=mw.family).count() == 2


def test_the_same_text_twice_is_refused(mw):
    reply(mw, "family", mw.t_a, "Is anyone from Kabul here?")
    with pytest.raises(ForumError) as refused:
        reply(mw, "family", mw.t_general, "Is  anyone from KABUL here?")
    assert refused.value.code == "duplicate"


def test_watched_words_block_hold_flag_and_replace(mw):
    for word, action, extra in (
        ("lottery", "block", {"message": "No lotteries here."}),
        ("agent", "hold", {}),
        ("lawyer", "flag", {}),
        ("stupid", "replace", {"replacement": "…"}),
    ):
        moderation.watched_word_add(actor=mw.moderator_a, word=word, action=action, **extra)
    with pytest.raises(ForumError) as refused:
        reply(mw, "family", mw.t_a, "Win the LOTTERY today")
    assert refused.value.message == "No lotteries here."
    assert reply(mw, "family", mw.t_a, "An agent called us").state == State.PENDING
    flagged = reply(mw, "family", mw.t_a, "A lawyer came to see us")
    assert flagged.state == State.VISIBLE
    assert Flag.objects.filter(post=flagged, member=None).count() == 1
    assert moderation.review_posts(mw.moderator_a).filter(pk=flagged.pk).exists()
    replaced = reply(mw, "family", mw.t_a, "That was a stupid rule")
    assert replaced.body == "That was a … rule"
    assert AuditEntry.objects.filter(action=A.WATCHED_ADD).count() == 4


def test_a_hub_moderator_manages_only_their_hubs_and_global_watched_words(mw):
    with pytest.raises(ForumError):
        moderation.watched_word_add(actor=mw.moderator_a, word="x", action="hold", hub=mw.hub_b)
    with pytest.raises(ForumError):
        moderation.watched_word_add(actor=mw.family, word="x", action="hold")
    word = moderation.watched_word_add(actor=mw.moderator_b, word="x", action="hold", hub=mw.hub_b)
    with pytest.raises(ForumError):
        moderation.watched_word_remove(actor=mw.moderator_a, word_id=word.pk)
    moderation.watched_word_remove(actor=mw.moderator_b, word_id=word.pk)
    assert not WatchedWord.objects.exists()


# Flags ---------------------------------------------------------------------------------------


def _members(count):
    people = [factories.make_user() for _ in range(count)]
    for person in people:
        services.guidelines_accept(user=person)
    return people


def test_flags_from_k_members_hide_the_post(mw, settings):
    settings.FORUM_FLAGS_TO_HIDE = 3
    post = reply(mw, "family", mw.t_general, "A post some find hurtful")
    flaggers = _members(3)
    for person in flaggers[:2]:
        moderation.flag_create(member=person, post=post, reason="hurtful")
    post.refresh_from_db()
    assert post.state == State.VISIBLE
    moderation.flag_create(member=flaggers[2], post=post, reason="spam")
    post.refresh_from_db()
    assert post.state == State.HIDDEN
    hide = AuditEntry.objects.get(post=post, action=A.AUTO_HIDE)
    assert hide.actor is None
    assert hide.before == {"state": "visible"}
    assert AuditEntry.objects.filter(post=post, action=A.FLAG).count() == 3


def test_a_member_flags_a_post_once_and_never_their_own(mw):
    post = reply(mw, "family", mw.t_general, "Hello")
    moderation.flag_create(member=mw.family2, post=post, reason="spam")
    with pytest.raises(ForumError) as again:
        moderation.flag_create(member=mw.family2, post=post, reason="hurtful")
    assert again.value.code == "already"
    with pytest.raises(ForumError) as own:
        moderation.flag_create(member=mw.family, post=post, reason="spam")
    assert own.value.code == "own"
    with pytest.raises(ForumError) as other:
        moderation.flag_create(member=mw.outsider, post=post, reason="other")
    assert other.value.code == "note"
    assert Flag.objects.filter(post=post).count() == 1


def test_a_member_cannot_flag_what_they_cannot_see(mw):
    post = reply(mw, "family", mw.t_a, "Hub A only")
    with pytest.raises(ForumError) as refused:
        moderation.flag_create(member=mw.outsider, post=post, reason="spam")
    assert refused.value.code == "not_found"


# Someone may be at risk ------------------------------------------------------------------------


def test_an_at_risk_post_is_published_and_reaches_the_hubs_support_staff(mw):
    post = reply(mw, "family", mw.t_general, AT_RISK)
    assert post.state == State.VISIBLE
    assert "at_risk" in post.hold_codes
    concern = ForumConcern.objects.get(post=post)
    # The family is registered at hub A: its support staff hear of it.
    assert concern.hub_id == mw.hub_a.pk
    assert AuditEntry.objects.filter(post=post, action=A.AT_RISK).exists()


def test_an_at_risk_flag_reaches_support_staff(mw):
    post = reply(mw, "family", mw.t_a, "I do not know what to do any more.")
    moderation.flag_create(member=mw.family2, post=post, reason="at_risk")
    concern = ForumConcern.objects.get(post=post)
    assert (concern.hub_id, concern.raised_by) == (mw.hub_a.pk, mw.family2)


# Actions × roles × hubs -----------------------------------------------------------------------

ROLES = ["moderator_a", "moderator_b", "admin", "organiser_a", "support_a", "family"]
# Who may act on a post in: hub A's category, hub B's, the global one.
MAY = {
    "moderator_a": {"a": True, "b": False, "general": True},
    "moderator_b": {"a": False, "b": True, "general": True},
    "admin": {"a": True, "b": True, "general": True},
    "organiser_a": {"a": False, "b": False, "general": False},
    "support_a": {"a": False, "b": False, "general": False},
    "family": {"a": False, "b": False, "general": False},
}


def _target(mw, place, state):
    thread = {"a": mw.t_a, "b": mw.t_b, "general": mw.t_general}[place]
    author = {"a": mw.family, "b": mw.outsider, "general": mw.family2}[place]
    post = services.post_reply(author=author, thread=thread, body=f"A post in {place}")
    if state != State.VISIBLE:
        Post.objects.filter(pk=post.pk).update(state=state)
        post.refresh_from_db()
    return post


ACTIONS = [
    ("approve", State.PENDING, State.VISIBLE, A.APPROVE),
    ("reject", State.PENDING, State.REMOVED, A.REJECT),
    ("hide", State.VISIBLE, State.HIDDEN, A.HIDE),
    ("restore", State.HIDDEN, State.VISIBLE, A.RESTORE),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("place", ["a", "b", "general"])
@pytest.mark.parametrize(("action", "before", "after", "audit"), ACTIONS)
def test_post_actions_by_role_and_hub(mw, role, place, action, before, after, audit):
    post = _target(mw, place, before)
    actor = getattr(mw, role)
    function = getattr(moderation, f"post_{action}")
    if MAY[role][place]:
        function(actor=actor, post_id=post.pk, reason="because", expected_state=before)
        post.refresh_from_db()
        assert post.state == after
        entry = AuditEntry.objects.get(post=post, action=audit)
        assert (entry.actor, entry.reason) == (actor, "because")
        assert entry.before["state"] == before
        assert entry.after["state"] == after
    else:
        with pytest.raises(ForumError) as refused:
            function(actor=actor, post_id=post.pk, reason="because", expected_state=before)
        assert refused.value.code == "not_found"
        post.refresh_from_db()
        assert post.state == before
        assert not AuditEntry.objects.filter(post=post, action=audit).exists()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("place", ["a", "b", "general"])
def test_thread_actions_by_role_and_hub(mw, role, place):
    thread = {"a": mw.t_a, "b": mw.t_b, "general": mw.t_general}[place]
    actor = getattr(mw, role)
    if MAY[role][place]:
        for change in ("lock", "pin", "unpin", "unlock"):
            moderation.thread_set(actor=actor, thread_id=thread.pk, change=change, reason="r")
        thread.refresh_from_db()
        assert (thread.locked, thread.pinned) == (False, False)
        actions = AuditEntry.objects.filter(thread=thread).values_list("action", flat=True)
        assert set(actions) >= {A.LOCK, A.PIN, A.UNPIN, A.UNLOCK}
    else:
        with pytest.raises(ForumError):
            moderation.thread_set(actor=actor, thread_id=thread.pk, change="lock", reason="r")
        thread.refresh_from_db()
        assert not thread.locked


def test_moving_a_thread_stays_within_the_moderators_categories(mw):
    thread = services.thread_start(
        author=mw.family, category=mw.cat_a, title="Where does this go", body="Hello"
    )
    with pytest.raises(ForumError):
        moderation.thread_move(
            actor=mw.moderator_a, thread_id=thread.pk, category=mw.cat_b, reason="r"
        )
    moderation.thread_move(
        actor=mw.moderator_a, thread_id=thread.pk, category=mw.general, reason="for all"
    )
    thread.refresh_from_db()
    assert thread.category == mw.general
    entry = AuditEntry.objects.get(thread=thread, action=A.MOVE)
    assert entry.before == {"category": "hub-a"}
    assert entry.after == {"category": "general"}


def test_a_locked_thread_takes_no_family_reply(mw):
    moderation.thread_set(actor=mw.moderator_a, thread_id=mw.t_a.pk, change="lock", reason="r")
    with pytest.raises(ForumError) as refused:
        reply(mw, "family", mw.t_a, "Still here")
    assert refused.value.code == "locked"


# Refusals that change nothing ------------------------------------------------------------------


def test_a_post_already_decided_is_refused(mw):
    post = reply(mw, "family", mw.t_a, PHONE)
    moderation.post_approve(
        actor=mw.moderator_a, post_id=post.pk, reason="ok", expected_state="pending"
    )
    with pytest.raises(ForumError) as second:
        moderation.post_reject(
            actor=mw.admin, post_id=post.pk, reason="no", expected_state="pending"
        )
    assert second.value.code == "already_decided"
    post.refresh_from_db()
    assert post.state == State.VISIBLE
    assert not AuditEntry.objects.filter(post=post, action=A.REJECT).exists()


def test_a_reason_is_required(mw):
    with pytest.raises(ForumError) as refused:
        moderation.reason_text(template="", written="  ")
    assert refused.value.code == "reason"
    assert moderation.reason_text(template="scam").startswith("It asked for money")
    assert moderation.reason_text(template="scam", written="Mine") == "Mine"


# Reject and redact -------------------------------------------------------------------------------


def test_reject_tells_the_author_why(mw, django_capture_on_commit_callbacks):
    mw.family.language = "ur"
    mw.family.save()
    post = reply(mw, "family", mw.t_a, SCAM)
    mail.outbox.clear()
    with pytest.raises(ForumError):  # not the last: a template or words are needed
        moderation.post_reject(
            actor=mw.moderator_a, post_id=post.pk, reason=moderation.reason_text(template="")
        )
    with django_capture_on_commit_callbacks(execute=True):
        moderation.post_reject(
            actor=mw.moderator_a,
            post_id=post.pk,
            reason=moderation.reason_text(template="scam"),
            template="scam",
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [mw.family.email]
    assert "/help/" in mail.outbox[0].body
    with translation.override("ur"):  # the template reason, in the author's language
        assert str(moderation.REASON_TEMPLATES["scam"]) in mail.outbox[0].body
    assert "It asked for money" not in mail.outbox[0].body


def test_redact_keeps_the_original_in_the_audit_entry_only(mw, settings):
    post = reply(mw, "family", mw.t_a, "Hello")
    post = services.post_edit(author=mw.family, post=post, body=PHONE)
    assert PostRevision.objects.filter(post=post).exists()
    moderation.post_redact(actor=mw.moderator_a, post_id=post.pk, reason="personal")
    post.refresh_from_db()
    assert "1234567" not in post.body
    assert "•••" in post.body
    assert "phone" not in post.hold_codes
    assert all("1234567" not in r.body for r in PostRevision.objects.filter(post=post))
    entry = AuditEntry.objects.get(post=post, action=A.REDACT)
    assert entry.before["body"] == PHONE


# Sanctions --------------------------------------------------------------------------------------


def test_silence_stops_writing_until_lifted(mw):
    sanction = moderation.member_sanction(
        actor=mw.moderator_a, member=mw.family, kind="silence", hub=None, days=3, reason="heated"
    )
    with pytest.raises(ForumError) as refused:
        reply(mw, "family", mw.t_general, "Hello")
    assert refused.value.code == "silenced"
    moderation.sanction_lift(actor=mw.moderator_a, sanction_id=sanction.pk, reason="calmer")
    assert reply(mw, "family", mw.t_general, "Hello again").state == State.VISIBLE
    actions = list(AuditEntry.objects.filter(member=mw.family).values_list("action", flat=True))
    assert A.SILENCE in actions
    assert A.LIFT in actions


def test_a_hub_silence_applies_to_that_hubs_categories_only(mw):
    moderation.member_sanction(
        actor=mw.moderator_a, member=mw.family, kind="silence", hub=mw.hub_a, days=1, reason="r"
    )
    with pytest.raises(ForumError):
        reply(mw, "family", mw.t_a, "Hello")
    assert reply(mw, "family", mw.t_general, "Hello").state == State.VISIBLE


def test_a_sanction_ends_by_itself(mw, time_machine):
    moderation.member_sanction(
        actor=mw.moderator_a, member=mw.family, kind="suspension", days=1, reason="r"
    )
    with pytest.raises(ForumError):
        reply(mw, "family", mw.t_general, "Hello")
    time_machine.move_to(timezone.now() + datetime.timedelta(days=1, minutes=1))
    mw.family.refresh_from_db()
    fresh = type(mw.family).objects.get(pk=mw.family.pk)
    assert services.post_reply(author=fresh, thread=mw.t_general, body="Back").state == "visible"


def test_who_may_sanction(mw):
    with pytest.raises(ForumError):  # another hub
        moderation.member_sanction(
            actor=mw.moderator_a,
            member=mw.outsider,
            kind="silence",
            hub=mw.hub_b,
            days=1,
            reason="r",
        )
    with pytest.raises(ForumError):  # not a moderator
        moderation.member_sanction(
            actor=mw.organiser_a, member=mw.family, kind="silence", days=1, reason="r"
        )
    with pytest.raises(ForumError):  # staff, by a moderator
        moderation.member_sanction(
            actor=mw.moderator_a, member=mw.facilitator_a, kind="silence", days=1, reason="r"
        )
    with pytest.raises(ForumError):  # a period not offered
        moderation.member_sanction(
            actor=mw.moderator_a, member=mw.family, kind="silence", days=1000, reason="r"
        )
    assert not Sanction.objects.exists()
    sanction = moderation.member_sanction(
        actor=mw.moderator_b,
        member=mw.outsider,
        kind="suspension",
        hub=mw.hub_b,
        days=7,
        reason="r",
    )
    with pytest.raises(ForumError):
        moderation.sanction_lift(actor=mw.moderator_a, sanction_id=sanction.pk, reason="r")
    entry = AuditEntry.objects.get(action=A.SUSPEND)
    assert entry.hub_id == mw.hub_b.pk


# The audit log cannot be changed ----------------------------------------------------------------


def test_the_audit_log_is_append_only(mw):
    post = reply(mw, "family", mw.t_a, PHONE)
    entry = AuditEntry.objects.get(post=post)
    entry.reason = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="changed")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    entry.refresh_from_db()
    assert entry.reason != "changed"


def test_the_audit_log_is_read_only_in_the_admin(mw, rf):
    from django.contrib import admin

    model_admin = admin.site._registry[AuditEntry]
    request = rf.get("/")
    request.user = mw.admin
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_moderators_read_their_hubs_and_global_entries(mw):
    in_a = reply(mw, "family", mw.t_a, PHONE)
    in_b = reply(mw, "outsider", mw.t_b, PHONE)
    in_general = reply(mw, "family2", mw.t_general, PHONE)
    seen_a = set(moderation.audit_entries_for(mw.moderator_a).values_list("post_id", flat=True))
    assert in_a.pk in seen_a
    assert in_general.pk in seen_a
    assert in_b.pk not in seen_a
    seen_admin = set(moderation.audit_entries_for(mw.admin).values_list("post_id", flat=True))
    assert {in_a.pk, in_b.pk, in_general.pk} <= seen_admin
    assert not moderation.audit_entries_for(mw.family).exists()


def test_the_end_of_a_sanction_is_audited_once(mw, time_machine):
    moderation.member_sanction(
        actor=mw.moderator_a, member=mw.family, kind="silence", days=1, reason="r"
    )
    assert moderation.sanctions_expire() == 0
    time_machine.move_to(timezone.now() + datetime.timedelta(days=2))
    assert moderation.sanctions_expire() == 1
    assert moderation.sanctions_expire() == 0
    entry = AuditEntry.objects.get(action=A.EXPIRE)
    assert (entry.actor, entry.member) == (None, mw.family)


def test_links_to_the_directorys_sites_publish_and_others_wait(mw, settings):
    from support.library.models import SupportService

    settings.FORUM_LINK_ALLOWLIST = ["icrc.org"]
    assert reply(mw, "family", mw.t_a, "See https://familylinks.icrc.org/").state == "visible"
    assert reply(mw, "family", mw.t_a, "See https://help.rcs-listening.ir/fa").state == "pending"
    SupportService.objects.create(
        kind=SupportService.Kind.PSYCHOSOCIAL,
        name_en="Listening line",
        website="https://help.rcs-listening.ir/fa",
    )
    post = reply(mw, "family", mw.t_a, "This helped me: https://help.rcs-listening.ir/fa/")
    assert post.state == "visible"

"""The family solidarity forum: categories → threads → posts, under pseudonyms.

Every post is written through one path (services.py), which decides whether it is
published at once or held for review. A post's `position` numbers it within its
thread (1 is the opening post) with no gaps, whatever its state, so the page of a
post is `(position - 1) // page size + 1` and a page is an indexed range, however
long the thread. Counters on threads and categories (replies, last post) are kept
by the services so that lists need no aggregate queries.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conference.languages import WORKING_LANGUAGE_CHOICES

TITLE_MAX = 150
TITLE_MIN = 3
BODY_MAX = 10_000


class State(models.TextChoices):
    """Where a thread or post stands (DESIGN.md): only VISIBLE ones are read by all."""

    VISIBLE = "visible", _("Visible")
    PENDING = "pending", _("Waiting for review")
    HIDDEN = "hidden", _("Hidden by a moderator")
    REMOVED = "removed", _("Removed")


class CategoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        from conference.permissions import category_ids_visible_to

        return self.filter(pk__in=category_ids_visible_to(user))


class Category(models.Model):
    """A place to talk: global, one per hub (for the families of that hub), or one
    per language. Its name and description are written by staff in every language."""

    class Kind(models.TextChoices):
        GLOBAL = "global", _("For everyone")
        HUB = "hub", _("For the families of a hub")
        LANGUAGE = "language", _("In one language")

    class Starters(models.TextChoices):
        MEMBERS = "members", _("Any member")
        STAFF = "staff", _("Staff only (announcements)")

    slug = models.SlugField(_("short address"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    hub = models.ForeignKey(
        "hubs.Hub",
        verbose_name=_("hub"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="forum_categories",
    )
    language = models.CharField(
        _("language"), max_length=10, blank=True, choices=WORKING_LANGUAGE_CHOICES
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True, max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    who_may_start = models.CharField(
        _("who may start threads"), max_length=10, choices=Starters.choices, default="members"
    )
    locked = models.BooleanField(
        _("locked"), default=False, help_text=_("Nobody but moderators may write here.")
    )
    # Kept by the services: visible threads, and the newest visible post.
    thread_count = models.PositiveIntegerField(default=0, editable=False)
    last_post_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("forum category")
        verbose_name_plural = _("forum categories")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="hub", hub__isnull=False) | (~Q(kind="hub") & Q(hub__isnull=True)),
                name="forum_category_hub_iff_hub_kind",
            ),
            models.CheckConstraint(
                condition=~Q(kind="language") | ~Q(language=""),
                name="forum_category_language_has_language",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum:category", args=[self.slug])


class ThreadQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(state=State.VISIBLE)


class Thread(models.Model):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The newest visible post (the thread's own creation until a reply is visible).
    last_post_at = models.DateTimeField(default=timezone.now)
    # Visible replies (the opening post not counted).
    reply_count = models.PositiveIntegerField(default=0)
    # The highest position given to a post so far (posts are numbered 1, 2, 3…).
    last_position = models.PositiveIntegerField(default=0)
    locked = models.BooleanField(_("locked"), default=False)
    pinned = models.BooleanField(_("pinned"), default=False)
    # Follows the opening post: a thread held for review is listed for nobody else.
    state = models.CharField(max_length=10, choices=State.choices, default=State.VISIBLE)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [
            # The category page: newest activity first, read by keyset.
            models.Index(
                fields=["category", "state", "-last_post_at", "-id"], name="forum_thread_list"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forum:thread", args=[self.pk])


class PostQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(state=State.VISIBLE)


class Post(models.Model):
    State = State

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveIntegerField()
    body = models.TextField(_("message"), max_length=BODY_MAX)
    state = models.CharField(max_length=10, choices=State.choices, default=State.VISIBLE)
    # Why the post was held or hidden: machine codes from screening or moderation.
    hold_codes = models.JSONField(default=list, blank=True)
    # The author deleted it: its text is gone, "deleted by its author" shows in its place.
    deleted_by_author = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    quote = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reaction_count = models.PositiveIntegerField(default=0)
    # Search (support/forum/search.py): normalised words of the thread's title (on the
    # opening post only) and of the body.
    search_title = models.CharField(max_length=200, blank=True, default="", editable=False)
    search_document = models.TextField(blank=True, default="", editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            # Also the index every thread page is read by (thread, position range).
            models.UniqueConstraint(fields=["thread", "position"], name="forum_post_position"),
        ]
        indexes = [models.Index(fields=["author", "-created_at"], name="forum_post_author")]

    def __str__(self) -> str:
        return f"{self.thread_id}#{self.position}"

    def get_absolute_url(self) -> str:
        return reverse("forum:post", args=[self.pk])

    @property
    def is_opening(self) -> bool:
        return self.position == 1


class PostRevision(models.Model):
    """An earlier version of a post (or of its thread's title), kept for moderators."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    title = models.CharField(max_length=TITLE_MAX, blank=True)
    # Who replaced this version, and when.
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["post", "replaced_at", "pk"]
        verbose_name = _("earlier version of a post")
        verbose_name_plural = _("earlier versions of posts")

    def __str__(self) -> str:
        return f"{self.post_id} @ {self.replaced_at:%Y-%m-%d %H:%M}"


class Reaction(models.Model):
    """ "With you": support, counted, with no opposite."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="forum_reaction_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} with {self.post_id}"


class Follow(models.Model):
    """A member follows a thread or a whole category, and chooses the e-mails."""

    class Mail(models.TextChoices):
        DAILY = "daily", _("Once a day")
        IMMEDIATE = "immediate", _("At once")
        NONE = "none", _("No e-mails")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_follows"
    )
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    mail = models.CharField(max_length=10, choices=Mail.choices, default=Mail.DAILY)
    created_at = models.DateTimeField(default=timezone.now)
    # Posts newer than this have not been in an e-mail yet.
    mailed_until = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=True) ^ Q(category__isnull=True),
                name="forum_follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=Q(thread__isnull=False),
                name="forum_follow_thread_once",
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=Q(category__isnull=False),
                name="forum_follow_category_once",
            ),
        ]
        indexes = [models.Index(fields=["mail", "user"], name="forum_follow_mail")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.thread_id or self.category_id}"


class ReadMarker(models.Model):
    """How far a member has read a thread (the highest position seen)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("read marker")
        verbose_name_plural = _("read markers")
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="forum_read_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.thread_id} to {self.position}"


class GuidelinesAcceptance(models.Model):
    """A member accepted this version of the forum guidelines (before a first post)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveSmallIntegerField()
    accepted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("acceptance of the forum guidelines")
        verbose_name_plural = _("acceptances of the forum guidelines")
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="forum_guidelines_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} v{self.version}"


class PseudonymChange(models.Model):
    """A pseudonym a member used before (moderators see who was who)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pseudonym_changes"
    )
    old_pseudonym = models.CharField(max_length=40)
    new_pseudonym = models.CharField(max_length=40)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user", "changed_at", "pk"]
        verbose_name = _("change of pseudonym")
        verbose_name_plural = _("changes of pseudonym")

    def __str__(self) -> str:
        return f"{self.old_pseudonym} → {self.new_pseudonym}"


class MailQueued(models.Model):
    """An e-mail about the forum queued for a member for one period ("daily:<date>")
    or one post ("post:<id>"): the unique row is the claim that makes two workers,
    or two runs of the hourly job, queue it once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=40)
    queued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("forum e-mail queued")
        verbose_name_plural = _("forum e-mails queued")
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="forum_mail_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.period}"


# Moderation (issue 12, support/forum/moderation.py) ------------------------------------


class Flag(models.Model):
    """A member tells moderators that a post is a problem (once per post and member).
    A flag without a member was raised by a watched word."""

    class Reason(models.TextChoices):
        SCAM = "scam", _("A scam, or a request for money")
        PERSONAL = "personal", _("Personal information")
        AT_RISK = "at_risk", _("Someone may be at risk")
        HURTFUL = "hurtful", _("Hurtful")
        SPAM = "spam", _("Spam")
        OFF_TOPIC = "off_topic", _("Off-topic")
        OTHER = "other", _("Something else")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set when a moderator decided about the post: the flag leaves the queue.
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "member"],
                condition=Q(member__isnull=False),
                name="forum_flag_once_per_member",
            ),
        ]
        indexes = [models.Index(fields=["resolved_at", "post"], name="forum_flag_open")]

    def __str__(self) -> str:
        return f"{self.reason} on {self.post_id}"


class AuditQuerySet(models.QuerySet):
    """The audit log is append-only: no bulk change or deletion through the ORM."""

    def update(self, **kwargs):
        raise PermissionError("the moderation audit log cannot be changed")

    def delete(self):
        raise PermissionError("the moderation audit log cannot be deleted")


class AuditEntry(models.Model):
    """One moderation event, written once and never changed: who (None: the
    platform itself), what, when, why, and the state before and after."""

    class Action(models.TextChoices):
        HOLD = "hold", _("Held for review")
        AUTO_HIDE = "auto_hide", _("Hidden after flags")
        FLAG = "flag", _("Flagged")
        APPROVE = "approve", _("Approved")
        REJECT = "reject", _("Rejected")
        REDACT = "redact", _("Personal data removed")
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")
        LOCK = "lock", _("Thread locked")
        UNLOCK = "unlock", _("Thread unlocked")
        PIN = "pin", _("Thread pinned")
        UNPIN = "unpin", _("Thread unpinned")
        MOVE = "move", _("Thread moved")
        SILENCE = "silence", _("Member silenced")
        SUSPEND = "suspend", _("Member suspended")
        LIFT = "lift", _("Sanction lifted")
        EXPIRE = "expire", _("Sanction ended")
        WATCHED_ADD = "watched_add", _("Watched word added")
        WATCHED_REMOVE = "watched_remove", _("Watched word removed")
        AT_RISK = "at_risk", _("Support staff told")

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    # The scope, for who may read it: the category's hub (None: global or language).
    hub = models.ForeignKey(
        "hubs.Hub", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation audit entry")
        verbose_name_plural = _("moderation audit log")
        indexes = [models.Index(fields=["hub", "-created_at"], name="forum_audit_hub")]

    def __str__(self) -> str:
        return f"{self.action} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("the moderation audit log cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("the moderation audit log cannot be deleted")


class WatchedWord(models.Model):
    """A word or phrase moderators watch for, in one language (or all) and one hub's
    categories (or everywhere), with what to do when a post contains it."""

    class Action(models.TextChoices):
        BLOCK = "block", _("Refuse the post with a message")
        HOLD = "hold", _("Hold the post for review")
        FLAG = "flag", _("Publish it and flag it for a moderator")
        REPLACE = "replace", _("Replace the word")

    word = models.CharField(_("word or phrase"), max_length=100)
    language = models.CharField(
        _("language"), max_length=10, blank=True, choices=WORKING_LANGUAGE_CHOICES
    )
    hub = models.ForeignKey(
        "hubs.Hub",
        verbose_name=_("hub"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    message = models.CharField(_("message to the author"), max_length=300, blank=True)
    replacement = models.CharField(_("replacement"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["language", "word", "pk"]
        verbose_name = _("watched word")
        verbose_name_plural = _("watched words")

    def __str__(self) -> str:
        return self.word


class Sanction(models.Model):
    """A member silenced (may read, not write) or suspended (may not use the forum),
    in one hub's categories or everywhere, until a moment or until lifted."""

    class Kind(models.TextChoices):
        SILENCE = "silence", _("Silenced (may read, not write)")
        SUSPENSION = "suspension", _("Suspended")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_sanctions"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # None: the whole forum; a hub: that hub's categories.
    hub = models.ForeignKey(
        "hubs.Hub", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    until = models.DateTimeField()
    message = models.TextField(_("message to the member"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Its end (by expiry) is in the audit log (moderation.sanctions_expire).
    end_audited = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        indexes = [models.Index(fields=["member", "until"], name="forum_sanction_active")]

    def __str__(self) -> str:
        return f"{self.kind} {self.member_id}"

    def is_active(self, now=None) -> bool:
        return self.lifted_at is None and self.until > (now or timezone.now())


class ForumConcern(models.Model):
    """A forum post suggesting that someone may be at risk: the hub's support staff on
    duty hear of it on their support-signals page (the same path as a circle's "I need
    support"). Families never see it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="concerns")
    # Whose post it is (the person who may be at risk, or who wrote about someone).
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+"
    )
    # Who raised it: None for the screening, else the member who flagged the post.
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hub = models.ForeignKey(
        "hubs.Hub", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("forum concern for someone's safety")
        verbose_name_plural = _("forum concerns for someone's safety")
        indexes = [models.Index(fields=["hub", "closed_at"], name="forum_concern_open")]

    def __str__(self) -> str:
        return f"concern about post {self.post_id}"

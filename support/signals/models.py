"""Support signals ("I need support" from a circle) and the private conversation
that follows one: the family who raised it, and the support staff and facilitators
who answer. Never seen by another family. The messages are deleted with their
signal (the support-signal retention rule covers both)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from conference.privacy import FORMER_MEMBER


class SupportSignal(models.Model):
    """A private "I need support" from a circle: who, when, who answered, when closed."""

    session = models.ForeignKey(
        "sessions_app.Session", on_delete=models.CASCADE, related_name="support_signals"
    )
    # Empty once the family erased its account: the signal is then kept, pseudonymised,
    # until its retention period ends (conference/erasure.py, support/signals/privacy.py).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="support_signals",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    follow_up_note = models.CharField(
        _("follow-up"),
        max_length=300,
        blank=True,
        help_text=_("What was done, in a few words. Seen only by support staff."),
    )

    class Meta:
        # The table it had when it lived in sessions_app: moved without copying a row.
        db_table = "sessions_app_supportsignal"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["session", "closed_at"], name="sessions_ap_session_71494b_idx")
        ]

    def __str__(self) -> str:
        return f"support signal in {self.session}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def person_name(self) -> str:
        return self.user.display_name if self.user_id else str(FORMER_MEMBER)


class SupportMessage(models.Model):
    """One line of a support conversation."""

    signal = models.ForeignKey(SupportSignal, on_delete=models.CASCADE, related_name="messages")
    # Kept when a staff member's account goes (the family still sees the answer).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_staff = models.BooleanField()
    display_name = models.CharField(max_length=150)
    body = models.TextField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["signal", "created_at"])]

    def __str__(self) -> str:
        return f"message {self.pk} about signal {self.signal_id}"

    @property
    def shown_name(self) -> str:
        """The name shown with the line, in the reader's language once its writer
        erased their account."""
        if self.author_id is None:
            return str(_("support team") if self.from_staff else FORMER_MEMBER)
        return self.display_name

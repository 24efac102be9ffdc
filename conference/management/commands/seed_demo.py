from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from conference import demo
from hubs import demo as hubs_demo
from sessions_app import demo as sessions_demo
from support.forum import demo as forum_demo
from support.forum import moderation, moderation_demo
from support.forum.models import Post, State
from support.library import demo as library_demo


class Command(BaseCommand):
    help = "Build (or refresh) the demo data set: the 2025 edition, its hubs and demo accounts."

    def handle(self, *args, **options):
        with transaction.atomic():
            data = demo.build_conference()
            demo.build_accounts(data)
            hubs_demo.build_registrations(data)
            sessions_demo.build_programme(data)
            library_demo.build_library(data)
            # The forum's weeks of history come from established members (no
            # pre-moderation); then the moderation demo fills the review queue.
            with moderation.writing_history():
                forum_demo.build_forum(data)
            moderation_demo.build_moderation(data)
        conference = data.conference
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {conference.title}, {conference.starts_on} to "
                f"{conference.ends_on} (dates are moved to run around today), "
                f"{len(data.hubs)} hubs."
            )
        )
        live = sessions_demo.Session.objects.get(title_en=sessions_demo.LIVE_CIRCLE_TITLE)
        self.stdout.write(
            f"Live sharing circle now: {settings.SITE_URL}/circles/{live.pk}/ "
            "(facilitator@example.org runs it; family@example.org and family2@example.org "
            "are enrolled)."
        )
        held = Post.objects.filter(state=State.PENDING).count()
        self.stdout.write(
            f"Forum: {settings.SITE_URL}/forum/ (family@example.org follows a thread with "
            f"unread replies); review queue: {settings.SITE_URL}/forum/review/ "
            f"(moderator@example.org; {held} posts held for review, one reported); "
            f"library: {settings.SITE_URL}/library/, where to turn: {settings.SITE_URL}/help/."
        )
        self.stdout.write(f"\nDemo accounts (password: {demo.DEMO_PASSWORD})")
        for email, role in demo.accounts_table():
            self.stdout.write(f"  {email:<26} {role}")
        self.stdout.write(
            f"  {moderation_demo.NEW_MEMBER_EMAIL:<26} family, new to the forum "
            "(first posts wait for a moderator)"
        )
        if not settings.STAFF_REQUIRE_2FA:
            self.stdout.write(
                self.style.WARNING(
                    "\nTwo-factor authentication for staff is OFF for this run "
                    "(STAFF_REQUIRE_2FA=false) so every role can be tried at once."
                )
            )

"""Forum moderation in a real browser: a new family writing in Urdu posts a reply
with a phone number, reads why it waits, takes the number out and sees it
published; a moderator reading in Persian sees a scam reply arrive in the live
review queue and removes it with a template reason; axe-core finds nothing on the
review queue and the held-post page, in English and Persian.

(The test server runs with pre-moderation of new members off, as the rest of the
suite: here only the screening holds the reply.)"""

import pytest

from support.forum.models import Post, Thread
from tests.browser.helpers import assert_accessible, log_in, wait_until
from tests.moderation_helpers import PHONE

PHONE_UR = "میرے بھائی کا کوئی پتہ ہو تو اس نمبر پر فون کریں: ۰۳۰۰ ۱۲۳۴۵۶۷"
SCAM_FA = "برای خبر از پسرتان ۵۰۰ دلار بفرستید و در واتس‌اپ به من پیام بدهید."


@pytest.fixture
def demo_forum(demo):
    from support.forum import demo as forum_demo
    from support.forum import moderation

    with moderation.writing_history():
        forum_demo.build_forum(demo)
    return demo


@pytest.fixture
def newcomer(demo_forum):
    from allauth.account.models import EmailAddress

    from conference.models import User
    from support.forum import services

    user = User.objects.create_user(
        email="new-ur@example.org", password="familylinks-demo", pseudonym="Rubina", language="ur"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    services.guidelines_accept(user=user)
    return user


def test_an_urdu_family_edits_the_number_out_and_is_published(page_in, live_url, newcomer):
    thread = Thread.objects.filter(category__slug="lang-ur").order_by("pk").first()
    page = page_in("ur", time_zone="Asia/Karachi")
    log_in(page, live_url, newcomer.email)
    page.goto(f"{live_url}/forum/t/{thread.pk}/?page=last")
    page.fill("#reply textarea[name=body]", PHONE_UR)
    page.locator("#reply button[type=submit]").click()
    page.wait_for_load_state()
    post = Post.objects.get(author=newcomer)
    assert post.state == "pending"
    assert page.url.endswith(f"/forum/held/{post.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    # The kind explanation, and the number marked where it was found.
    assert page.locator(".held-reasons li").count() == 1
    assert "۱۲۳۴۵۶۷" in page.locator(".review-text mark").inner_text()
    page.locator(f"a[href='/forum/p/{post.pk}/edit/']").click()
    page.wait_for_load_state()
    page.fill("textarea[name=body]", "میرے بھائی کا کوئی پتہ ہو تو یہاں لکھیں۔")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    post.refresh_from_db()
    assert post.state == "visible"
    assert f"/forum/t/{thread.pk}/" in page.url
    assert "یہاں لکھیں" in page.locator(f"#post-{post.position}").inner_text()


def test_a_persian_moderator_removes_a_scam_arriving_live(page_in, live_url, demo_forum):
    thread = Thread.objects.filter(category__slug="lang-fa").order_by("pk").first()
    moderator = page_in("fa", time_zone="Europe/Istanbul")
    log_in(moderator, live_url, "moderator@example.org")
    moderator.goto(f"{live_url}/forum/review/")
    assert moderator.locator("[data-review-item]").count() == 0
    moderator.wait_for_timeout(500)  # the socket is open

    family = page_in("fa", time_zone="Asia/Tehran")
    log_in(family, live_url, "family2@example.org")
    family.goto(f"{live_url}/forum/t/{thread.pk}/?page=last")
    family.fill("#reply textarea[name=body]", SCAM_FA)
    family.locator("#reply button[type=submit]").click()
    family.wait_for_load_state()
    post = Post.objects.get(body=SCAM_FA)
    assert post.state == "pending"

    wait_until(moderator, "() => document.querySelectorAll('[data-review-item]').length === 1")
    item = moderator.locator(f"#review-{post.pk}")
    assert item.locator("mark").count() >= 1
    item.locator("select[name=template]").select_option("scam")
    item.locator("button[value=reject]").click()
    moderator.wait_for_load_state()
    post.refresh_from_db()
    assert post.state == "removed"
    assert moderator.locator("[data-review-item]").count() == 0


@pytest.mark.parametrize("language", ["en", "fa"])
def test_review_queue_and_held_page_are_accessible(page_in, live_url, demo_forum, language):
    from conference.models import User
    from support.forum import moderation_demo, services

    moderation_demo.build_moderation(demo_forum)
    family = User.objects.get(email="family@example.org")
    thread = Thread.objects.filter(category__slug="lang-en").order_by("pk").first()
    held = services.post_reply(author=family, thread=thread, body=PHONE)

    page = page_in(language)
    log_in(page, live_url, "moderator@example.org")
    page.goto(f"{live_url}/forum/review/")
    assert page.locator("[data-review-item]").count() >= 3
    assert_accessible(page)

    page = page_in(language)
    log_in(page, live_url, "family@example.org")
    page.goto(f"{live_url}/forum/held/{held.pk}/")
    assert page.locator(".held-reasons li").count() == 1
    assert_accessible(page)

"""The forum in a real browser: a family writing in Persian starts a thread in the
Persian category, another family replies, and the first sees the reply arrive
live ("1 new reply — show"); no script written into a post runs; axe-core finds
nothing on the forum's pages, in English and Persian."""

import pytest

from support.forum.models import Category, Thread
from tests.browser.helpers import assert_accessible, log_in, wait_until
from tests.test_forum_pages import PAYLOADS


@pytest.fixture
def demo_forum(demo):
    from support.forum import demo as forum_demo

    forum_demo.build_forum(demo)
    return demo


def test_a_persian_family_sees_a_reply_arrive_live(page_in, live_url, demo_forum):
    first = page_in("fa", time_zone="Asia/Tehran")
    log_in(first, live_url, "family2@example.org")
    first.goto(f"{live_url}/forum/c/lang-fa/new/")
    assert first.locator("html").get_attribute("dir") == "rtl"
    first.fill("input[name=title]", "امروز دلم برای برادرم تنگ است")
    first.fill("textarea[name=body]", "کسی هست که امشب بیدار باشد؟")
    first.locator("main form button[type=submit]").click()
    first.wait_for_load_state()
    thread = Thread.objects.get(title="امروز دلم برای برادرم تنگ است")
    assert first.url.endswith(f"/forum/t/{thread.pk}/")
    assert first.locator(".post-body").first.get_attribute("dir") == "auto"
    # The page's socket is open before the other family writes.
    wait_until(first, "() => document.querySelector('[data-live-thread]') !== null")
    first.wait_for_timeout(500)

    second = page_in("fa", time_zone="Asia/Karachi")
    log_in(second, live_url, "family@example.org")
    second.goto(f"{live_url}/forum/t/{thread.pk}/")
    second.fill("textarea[name=body]", "من اینجا هستم. تنها نیستی.")
    second.locator("#reply button[type=submit]").click()
    second.wait_for_load_state()

    wait_until(first, "() => !document.querySelector('[data-live-new]').hidden")
    button = first.locator("[data-live-show]")
    assert "1" in button.inner_text() or "۱" in button.inner_text()
    button.click()
    wait_until(first, "() => document.querySelectorAll('article.post').length === 2")
    assert "تنها نیستی" in first.locator("article.post").nth(1).inner_text()
    assert first.locator("[data-live-new]").is_hidden()


def test_no_script_written_into_a_post_runs(page_in, live_url, demo_forum):
    from conference.models import User
    from support.forum import services

    family = User.objects.get(email="family@example.org")
    category = Category.objects.get(slug="lang-en")
    thread = services.thread_start(
        author=family, category=category, title=PAYLOADS[1], body="\n\n".join(PAYLOADS)
    )
    page = page_in("en")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, live_url, "family2@example.org")
    for url in (f"/forum/t/{thread.pk}/", "/forum/c/lang-en/", "/forum/search/?q=alert"):
        page.goto(live_url + url)
        page.wait_for_load_state()
        page.wait_for_timeout(200)
    assert dialogs == []
    assert page.evaluate("() => window.__xss === undefined")


@pytest.mark.parametrize("language", ["en", "fa"])
def test_forum_pages_are_accessible(page_in, live_url, demo_forum, language):
    page = page_in(language)
    log_in(page, live_url, "family@example.org")
    thread = Thread.objects.filter(category__slug="lang-fa").order_by("pk").first()
    pages = [
        "/forum/",
        "/forum/c/lang-fa/",
        f"/forum/t/{thread.pk}/",
        "/forum/c/lang-fa/new/",
        "/forum/guidelines/",
        "/forum/search/?q=%D8%A7%D9%85%DB%8C%D8%AF",
    ]
    for url in pages:
        page.goto(live_url + url)
        page.wait_for_load_state()
        assert_accessible(page)


def test_a_hidden_post_disappears_from_an_open_page(page_in, live_url, demo_forum):
    """A moderator hides a reply (through the server, as on the embedded default's
    in-memory channel layer only the server's own process hears its events): a
    family's open page shows it hidden without reloading."""
    thread = Thread.objects.get(title="Thank you to everyone in Tuesday's circle")
    reply = thread.posts.filter(position__gt=1).order_by("position").first()
    page = page_in("en")
    log_in(page, live_url, "family@example.org")
    page.goto(f"{live_url}/forum/t/{thread.pk}/")
    assert page.locator(f'article[data-post="{reply.pk}"]').count() == 1
    page.wait_for_timeout(500)  # the socket is open
    moderator = page_in("en")
    log_in(moderator, live_url, "moderator@example.org")
    moderator.goto(f"{live_url}/forum/review/p/{reply.pk}/")
    moderator.locator("textarea[name=reason]").first.fill("Off-topic for this thread")
    moderator.locator("button[value=hide]").first.click()
    moderator.wait_for_load_state()
    reply.refresh_from_db()
    assert reply.state == "hidden"
    wait_until(
        page,
        f"""() => {{
            const post = document.querySelector('article[data-post="{reply.pk}"]');
            return post && post.textContent.includes("Hidden by a moderator.");
        }}""",
    )

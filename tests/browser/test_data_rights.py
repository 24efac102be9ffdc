"""A family in Persian downloads its data and deletes its account, in a real browser;
the notices, "my data" and deletion pages pass axe-core in English and Persian."""

import io
import zipfile

import pytest
from allauth.account.models import EmailAddress

from conference.models import User
from tests.browser.helpers import assert_accessible, log_in

PASSWORD = "familylinks-demo"


def _family(email, pseudonym, language):
    user = User.objects.create_user(email=email, password=PASSWORD, pseudonym=pseudonym)
    user.language = language
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def test_a_persian_family_downloads_its_data_then_deletes_its_account(page_in, live_url):
    family = _family("maryam@example.net", "مریم", "fa")
    page = page_in("fa")
    log_in(page, live_url, "maryam@example.net", PASSWORD)

    page.goto(f"{live_url}/account/data/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_url}/account/data/")
    link = page.locator("#export-progress a[download]")
    link.wait_for()
    with page.expect_download() as download_info:
        link.click()
    archive = download_info.value.path().read_bytes()
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        summary = opened.read("summary.html").decode()
        names = opened.namelist()
    assert 'lang="fa" dir="rtl"' in summary
    assert "مریم" in summary
    assert "data/conference.User.json" in names

    page.goto(f"{live_url}/account/delete/")
    page.fill("input[name=password]", "not my password")
    page.locator("input[name=confirm]").check()
    page.locator("main form button[type=submit]").click()
    page.locator(".message-error").wait_for()
    assert User.objects.filter(pk=family.pk).exists()
    page.fill("input[name=password]", PASSWORD)
    page.locator("input[name=confirm]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_url}/account/deleted/")
    assert not User.objects.filter(pk=family.pk).exists()
    page.goto(f"{live_url}/account/data/")
    assert "/accounts/login/" in page.url


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_data_protection_pages_pass_axe(page_in, live_url, language):
    _family(f"check-{language}@example.net", "Nour", language)
    page = page_in(language)
    page.goto(f"{live_url}/privacy/")
    assert_accessible(page)
    log_in(page, live_url, f"check-{language}@example.net", PASSWORD)
    for path in ("/privacy/", "/account/privacy/", "/account/data/", "/account/delete/"):
        page.goto(f"{live_url}{path}")
        assert_accessible(page)
    # With an archive ready, and a refused deletion's error shown.
    page.goto(f"{live_url}/account/data/")
    page.locator("main form button[type=submit]").click()
    page.locator("#export-progress a[download]").wait_for()
    assert_accessible(page)
    page.goto(f"{live_url}/account/delete/")
    page.locator("main form button[type=submit]").click()
    page.locator("main form").wait_for()
    assert_accessible(page)

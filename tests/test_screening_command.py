"""`python manage.py screen FILE`: moderators try the screening on sample posts
(JSON Lines in, one verdict per line out; `-` reads standard input)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.factories import make_society

POSTS = [
    {"text": "Call me on 0300 1234567 for news of your son", "lang": "en"},
    {"text": "پسرم سال ۱۳۹۴ رفت و آخرین پیامش در واتساپ بود.", "lang": "fa"},
    {"text": "میں مرنا چاہتی ہوں", "lang": "ur"},
    {"text": "see www.prcs.org.pk and www.scam-news.xyz"},
]


def run(*args, stdin_text=None, monkeypatch=None):
    out, err = io.StringIO(), io.StringIO()
    if stdin_text is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin_text))
    call_command("screen", *args, stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


@pytest.fixture
def posts_file(tmp_path):
    path = tmp_path / "posts.jsonl"
    path.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in POSTS) + "\n\n")
    return path


@pytest.mark.django_db
def test_one_verdict_per_post_in_order(posts_file, settings):
    settings.FORUM_LINK_ALLOWLIST = ["icrc.org"]
    make_society(tracing_url="https://www.prcs.org.pk/")
    verdicts, _ = run(str(posts_file))
    assert verdicts == [
        {"hold": True, "reasons": ["phone"], "at_risk": False},
        {"hold": False, "reasons": [], "at_risk": False},
        {"hold": False, "reasons": ["at_risk"], "at_risk": True},
        # The national society's site is in the directory; the other is not.
        {"hold": True, "reasons": ["link"], "at_risk": False},
    ]


@pytest.mark.django_db
def test_standard_input_and_what_matched(monkeypatch):
    text = json.dumps({"text": "write to ali at gmail dot com or t.me/ali_news", "lang": "en"})
    [verdict], _ = run("-", "--matched", stdin_text=text + "\n", monkeypatch=monkeypatch)
    assert verdict["reasons"] == ["email", "messenger"]
    assert verdict["matched"] == {"email": ["ali at gmail dot com"], "messenger": ["t.me/ali_news"]}


def test_without_the_directory_only_the_setting_counts(posts_file, settings):
    settings.FORUM_LINK_ALLOWLIST = ["prcs.org.pk", "scam-news.xyz"]
    verdicts, _ = run(str(posts_file), "--no-directory")  # no database needed
    assert verdicts[3] == {"hold": False, "reasons": [], "at_risk": False}


@pytest.mark.django_db
def test_bad_lines_give_an_error_line_in_their_place_and_a_failing_status(monkeypatch):
    lines = [
        '{"text": "06 12 34 56 78"}',
        "not json",
        '["a list"]',
        '{"lang": "fa"}',
        '{"text": "fine", "lang": 7}',
        '{"text": "fine too"}',
    ]
    out = io.StringIO()
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines)))
    with pytest.raises(CommandError, match="4 line"):
        call_command("screen", "-", stdout=out)
    verdicts = [json.loads(line) for line in out.getvalue().splitlines()]
    assert verdicts[0]["reasons"] == ["phone"]
    assert verdicts[1] == {"line": 2, "error": "not valid JSON (Expecting value at column 1)"}
    assert verdicts[2]["line"] == 3
    assert "object" in verdicts[2]["error"]
    assert verdicts[3] == {"line": 4, "error": '"text" is missing or is not a string'}
    assert verdicts[4]["line"] == 5
    assert '"lang"' in verdicts[4]["error"]
    assert verdicts[5] == {"hold": False, "reasons": [], "at_risk": False}


def test_a_missing_or_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match=r"Cannot read .*nothing\.jsonl: No such file"):
        call_command("screen", str(tmp_path / "nothing.jsonl"), "--no-directory")
    binary = tmp_path / "latin1.jsonl"
    binary.write_bytes('{"text": "café"}'.encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("screen", str(binary), "--no-directory")

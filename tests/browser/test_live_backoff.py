"""The reconnect back-off every live page shares (static/js/live.js), run in the
browser: exponential growth, full jitter, and a longer wait after "come back in a
moment" (4429)."""

from pathlib import Path

import pytest

LIVE_JS = Path(__file__).resolve().parents[2] / "static" / "js" / "live.js"


@pytest.fixture
def page(browser):
    page = browser.new_page()
    page.add_script_tag(path=str(LIVE_JS))
    yield page
    page.close()


def delay(page, failures, code, random):
    return page.evaluate("([f, c, r]) => FLHLive.delay(f, c, () => r)", [failures, code, random])


def with_random(page, value, body):
    """Run the JavaScript statements `body` (which `return` a result) with Math.random
    pinned to `value`, restored afterwards."""
    return page.evaluate(
        f"""([value]) => {{
            const real = Math.random;
            Math.random = () => value;
            try {{ {body} }} finally {{ Math.random = real; }}
        }}""",
        [value],
    )


def test_the_ceiling_doubles_up_to_eight_seconds(page):
    """So a page is back within 10 s of the server (or Redis) coming back."""
    ceilings = [delay(page, n, 1006, 0.999999) for n in range(6)]
    assert ceilings == [1000, 2000, 4000, 8000, 8000, 8000]
    assert delay(page, 60, 1006, 0.999999) == 8000  # no overflow after many failures


def test_full_jitter_anywhere_from_nothing_to_the_ceiling(page):
    assert delay(page, 3, 1006, 0) == 0
    assert delay(page, 3, 1006, 0.5) == 4000
    # Real randomness: a hundred pages that dropped together spread over the window.
    spread = page.evaluate("() => Array.from({length: 100}, () => FLHLive.delay(3, 1006))")
    assert all(0 <= wait <= 8000 for wait in spread)
    assert len(set(spread)) > 50
    assert max(spread) - min(spread) > 4000


def test_a_busy_server_gets_at_least_a_second_and_a_wider_window(page):
    assert delay(page, 0, 4429, 0) == 1000
    assert delay(page, 0, 4429, 0.999999) == 2000
    assert delay(page, 2, 4429, 0.999999) == 8000
    assert delay(page, 10, 4429, 0.999999) == 30000  # the server asked: up to 30 s


def test_told_to_come_back_later_the_waits_keep_growing(page):
    """A socket refused with 4429 did open first; that must not reset the back-off."""
    waits = with_random(
        page,
        0.999999,
        """
        const retry = FLHLive.retry(() => {});
        const waits = [];
        for (let n = 0; n < 4; n++) {
            retry.opened();
            waits.push(retry.closed({code: 4429}));
        }
        retry.opened();
        waits.push(retry.closed({code: 1006}));  // open for real, then dropped
        return waits;
        """,
    )
    assert waits == [2000, 4000, 8000, 16000, 1000]


def test_a_busy_server_that_says_when_is_heeded_give_or_take_a_fifth(page):
    asked = page.evaluate("([r]) => FLHLive.delay(0, 4429, () => r, 3.5)", [0])
    assert asked == 2800
    assert page.evaluate("([r]) => FLHLive.delay(7, 4429, () => r, 3.5)", [0.999999]) == 4200
    # Kept within 1 s and the longest busy wait, whatever the server says.
    assert page.evaluate("() => FLHLive.delay(0, 4429, () => 0.5, 0.01)") == 1000
    assert page.evaluate("() => FLHLive.delay(0, 4429, () => 0.5, 999)") == 30000
    # Only a 4429 takes the server's word; a dropped socket keeps its own back-off.
    assert page.evaluate("() => FLHLive.delay(0, 1006, () => 0.5, 20)") == 500


def test_the_retry_message_before_a_4429_sets_the_next_wait_once(page):
    """A socket stands in for the server: its `retry` message, then the 4429 close."""
    waits = with_random(
        page,
        0.5,
        """
            const retry = FLHLive.retry(() => {});
            const socket = new EventTarget();
            retry.watch(socket);
            const say = (data) => socket.dispatchEvent(new MessageEvent("message", {data}));
            say('{"type": "circle.state", "after": 99}');  // not a retry message
            say('{"type": "retry", "after": 6.5}');
            retry.opened();
            const first = retry.closed({code: 4429});
            retry.watch(socket);  // the next attempt: the server says nothing this time
            retry.opened();
            const second = retry.closed({code: 4429});
            return [first, second];
        """,
    )
    # 6.5 s as asked; then the page's own back-off for a second refusal (1 + 0.5 * 3 s).
    assert waits == [6500, 2500]

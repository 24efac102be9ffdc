"""Rules the suite keeps for itself, checked on its own source."""

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_browser_tests_never_ask_the_page_to_eval():
    """`wait_for_function` compiles its predicate with `new Function` in the page, which
    our CSP (no 'unsafe-eval') refuses: the test then fails with the browser, not the
    code. Use locators, `expect`, or helpers.wait_until."""
    offenders = [
        f"{path.name}:{number}"
        for path in (TESTS / "browser").glob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\.wait_for_function\(", line)
    ]
    assert offenders == []

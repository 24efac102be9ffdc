"""What browser tests do again and again."""


def log_in(page, live_url, email, password="familylinks-demo"):  # noqa: S107 - the demo password
    page.goto(f"{live_url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page).response["violations"]


def assert_accessible(page):
    """axe-core finds no violation at all on the page as it is now."""
    violations = axe_violations(page)
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in violations
    )
    assert violations == [], f"axe-core on {page.url}:\n{report}"


def wait_until(page, script: str, *, timeout: float = 10.0, interval_ms: int = 50):
    """Poll `script` (a JavaScript arrow function, run through the DevTools protocol,
    which the page's CSP does not restrict) until it returns something truthy.

    Playwright's `wait_for_function` compiles its predicate with `new Function`
    inside the page, which a CSP without 'unsafe-eval' (ours) refuses."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(script)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not true after {timeout} s on {page.url}: {script}")
        page.wait_for_timeout(interval_ms)

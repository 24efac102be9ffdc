"""Every live page reconnects through static/js/live.js (back-off with full jitter,
the server's 4429 honoured): a script that opens a WebSocket on its own would bring
back the reconnect storm after a restart (issue 15)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JS = ROOT / "static" / "js"


def _socket_scripts() -> list[str]:
    return sorted(
        path.name
        for path in JS.glob("*.js")
        if path.name != "live.js" and "new WebSocket" in path.read_text()
    )


def test_every_script_that_opens_a_socket_reconnects_through_live_js():
    scripts = _socket_scripts()
    assert {"circle.js", "forum.js", "review.js", "signals.js"} <= set(scripts)
    for name in scripts:
        text = (JS / name).read_text()
        assert "FLHLive.retry(" in text, name
        assert not re.search(r"setTimeout\(\s*(open|connect)\b", text), name


def test_every_page_loads_live_js_before_its_socket_script():
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        for name in _socket_scripts():
            at = text.find(f"js/{name}'")
            if at == -1:
                continue
            before = text.find("js/live.js'")
            assert -1 < before < at, f"{template.relative_to(ROOT)} loads {name} without live.js"

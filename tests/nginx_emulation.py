"""What the shipped deploy/nginx.conf sends upstream, worked out from the file itself.

No nginx in the test environment: this reads the `proxy_set_header` lines of the
`location /` block and the `real_ip` settings, and applies nginx's documented
rules for the few variables they use. A header nginx does not set passes through
as the client sent it; one it sets replaces the client's."""

import ipaddress
import re
from pathlib import Path

CONF = Path(__file__).resolve().parent.parent / "deploy" / "nginx.conf"


def _without_comments(text: str) -> str:
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


def location_block(path: str = "/", text: str | None = None) -> str:
    text = _without_comments(text if text is not None else CONF.read_text())
    start = re.search(rf"location\s+{re.escape(path)}\s*\{{", text)
    assert start, f"no `location {path}` in nginx.conf"
    depth, index = 1, start.end()
    while depth:
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        index += 1
    return text[start.end() : index - 1]


def proxy_headers(block: str) -> dict[str, str]:
    """`proxy_set_header Name value;` lines of a block, by lower-case name."""
    return {
        name.lower(): value.strip().strip('"')
        for name, value in re.findall(r"proxy_set_header\s+(\S+)\s+([^;]*);", block)
    }


def trusted_networks(text: str | None = None) -> list:
    text = _without_comments(text if text is not None else CONF.read_text())
    return [ipaddress.ip_network(net) for net in re.findall(r"set_real_ip_from\s+([^;\s]+);", text)]


def _real_ip(peer: str, client_headers: dict[str, str], text: str) -> str:
    """$remote_addr after ngx_http_realip_module (header X-Forwarded-For, recursive)."""
    trusted = trusted_networks(text)
    config = _without_comments(text)
    if not trusted or "real_ip_header X-Forwarded-For" not in config:
        return peer

    def is_trusted(address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in trusted)

    if not is_trusted(peer):
        return peer
    chain = [hop.strip() for hop in client_headers.get("x-forwarded-for", "").split(",")]
    chain = [hop for hop in chain if hop]
    recursive = re.search(r"real_ip_recursive\s+on;", config) is not None
    address = peer
    for hop in reversed(chain):
        address = hop
        if not (recursive and is_trusted(hop)):
            break
    return address


def forwarded_headers(
    client_headers: dict[str, str], *, peer: str, text: str | None = None
) -> dict[str, str]:
    """The headers nginx sends upstream for a request from `peer` (the address the
    TCP connection came from) carrying `client_headers`."""
    text = text if text is not None else CONF.read_text()
    client = {name.lower(): value for name, value in client_headers.items()}
    remote_addr = _real_ip(peer, client, text)
    variables = {
        "$remote_addr": remote_addr,
        "$proxy_add_x_forwarded_for": (
            f"{client['x-forwarded-for']}, {remote_addr}"
            if client.get("x-forwarded-for")
            else remote_addr
        ),
        "$http_host": client.get("host", ""),
        "$forwarded_proto": client.get("x-forwarded-proto", "http"),
        "$scheme": "http",
    }
    sent = dict(client)
    for name, value in proxy_headers(location_block("/", text)).items():
        for variable, replacement in sorted(variables.items(), key=lambda v: -len(v[0])):
            value = value.replace(variable, replacement)
        assert "$" not in value, f"the emulation does not know {value!r}"
        if value:
            sent[name] = value
        else:
            sent.pop(name, None)
    return sent

"""Run a command against the machine's PostgreSQL and Redis when they answer.

DATABASE_URL and REDIS_URL win when set; FLH_EMBEDDED=1 forces the embedded
default (SQLite and the in-memory channel layer). Prints what the run uses.
"""

import os
import socket
import sys

POSTGRES = ("127.0.0.1", 5432, "postgres://postgres@127.0.0.1:5432/test")
REDIS = ("127.0.0.1", 6379, "redis://127.0.0.1:6379/0")


def answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def main() -> None:
    env = dict(os.environ)
    embedded = env.get("FLH_EMBEDDED", "") in ("1", "true", "yes")
    if embedded:
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
    else:
        for name, (host, port, url) in (("DATABASE_URL", POSTGRES), ("REDIS_URL", REDIS)):
            if not env.get(name) and answers(host, port):
                env[name] = url
    database = env.get("DATABASE_URL") or "SQLite (embedded default)"
    layer = env.get("REDIS_URL") or "in-memory (embedded default)"
    print(f"Test run on database: {database}; channel layer and cache: {layer}", flush=True)
    os.execvpe(sys.argv[1], sys.argv[1:], env)


if __name__ == "__main__":
    main()

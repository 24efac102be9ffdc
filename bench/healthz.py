"""How cheap /healthz is: Daphne as deployed (DEBUG off) on PostgreSQL and Redis,
one request at a time, p50/p99/max, and the process's own CPU time per request
(which other load on the machine does not stretch). Exits 1 when p99 is over the
target (5 ms by default): a load balancer asks every few seconds, from every proxy.

    .venv/bin/python bench/healthz.py --requests 2000
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import Server, environment, percentile, prepare, release_database


def cpu_seconds(pid: int) -> float:
    import os

    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--target-ms", type=float, default=5.0)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/flh_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    args = parser.parse_args()
    env = environment(args.database_url, args.redis_url, "flh-bench")
    prepare(env, args.database_url, args.redis_url)
    release_database()
    server = Server(env, "healthz").start()
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{server.port}", timeout=10) as client:
            for _ in range(50):  # warm: pools, first imports
                assert client.get("/healthz").status_code == 200
            cpu_before = cpu_seconds(server.process.pid)
            times = []
            for _ in range(args.requests):
                started = time.perf_counter()
                response = client.get("/healthz")
                times.append(time.perf_counter() - started)
                assert response.status_code == 200, response.text
            cpu = (cpu_seconds(server.process.pid) - cpu_before) / args.requests * 1000
    finally:
        server.stop()
    p99 = percentile(times, 0.99)
    print(
        f"/healthz, {args.requests} requests one at a time: "
        f"p50 {statistics.median(times) * 1000:.2f} ms, p99 {p99:.2f} ms, "
        f"max {max(times) * 1000:.1f} ms; server CPU {cpu:.2f} ms per request"
    )
    if p99 > args.target_ms:
        print(f"p99 over the target of {args.target_ms:g} ms")
        sys.exit(1)


if __name__ == "__main__":
    main()

"""Set-up for a long-running server process (Daphne), done once it has loaded."""

import gc
import pprint

# Young objects are collected in batches of this many allocations (Python's default
# is 700); with the other two numbers, a full collection comes after about 100
# million allocations instead of 70 thousand.
GC_THRESHOLDS = (50_000, 20, 100)


def tune_garbage_collection() -> None:
    """Everything loaded so far (Django, the apps, the URL and template machinery)
    lives as long as the process: leave it out of the cyclic garbage collector's
    scans. And collect young objects in bigger batches, so that full collections,
    which walk every open socket's objects and paused the whole process for 100 ms
    and more under load, come every few minutes instead of every few seconds
    (measured with bench/circles.py). Reference counting still frees almost
    everything at once; only reference cycles wait for the collector."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def _pformat_when_debugging(value) -> str:
    import txaio

    if txaio.get_global_log_level() in ("debug", "trace"):
        return pprint.pformat(value)
    return "(not formatted: debug logging is off)"


def skip_autobahn_debug_formatting() -> None:
    """Autobahn (Daphne's WebSocket layer) pretty-prints its whole configuration for a
    debug line on every connection, whether debug logging is on or not: about 6 % of
    the main thread during a reconnect storm (py-spy on `bench/circles.py`). Its
    `pformat` now formats only when the line can be written (txaio's level is debug or
    trace); nothing else of autobahn changes."""
    from autobahn.websocket import protocol

    protocol.pformat = _pformat_when_debugging

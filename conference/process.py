"""Set-up for a long-running server process (Daphne), done once it has loaded."""

import gc

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

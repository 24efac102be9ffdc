"""Many people pressing the same button at the same moment, each in a thread
with its own database connection."""

import threading

from django.db import connection


def all_at_once(action, arguments) -> list[Exception]:
    """Call `action(argument)` for every argument in its own thread, released
    together by a barrier; returns the exceptions raised (none expected)."""
    start = threading.Barrier(len(arguments))
    errors: list[Exception] = []

    def run(argument):
        try:
            start.wait()
            action(argument)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors

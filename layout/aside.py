"""Work done aside in a forked child process while this one does the rest (a build's last stages).

`start(fn, *args)` forks a child that runs fn(*args) and sends back what it returns (plain,
picklable values); `Aside.result()` waits for it. None from `start` (one core, no fork, a
daemon process that may not have children, a process with other threads) or from `result`
(the child failed or died) means: do that work here. The font children (fonts/workers.py)
have their own pool; this is for one-off halves of a stage: the photos of a PDF, the new
pages of a preflight.
"""
from __future__ import annotations

import os


class Aside:
    def __init__(self, process, conn):
        self._process = process
        self._conn = conn

    def result(self):
        """What the child's function returned, or None when it failed."""
        try:
            status, value = self._conn.recv()
        except (EOFError, OSError, ValueError):
            status, value = "err", None
        self._conn.close()
        self._process.join()
        return value if status == "ok" else None


def cores() -> int:
    """The CPUs this process may run on (its affinity, where the system says)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def start(fn, *args) -> Aside | None:
    import multiprocessing
    import threading
    if cores() < 2 or not hasattr(os, "fork") or multiprocessing.current_process().daemon:
        return None
    if threading.active_count() > 1:      # (serve: a lock another thread holds would stay held in
        return None                       # the child; its builds find their photos and pages cached)
    try:
        ctx = multiprocessing.get_context("fork")
        r, w = ctx.Pipe(duplex=False)
        p = ctx.Process(target=_child, args=(w, fn, args), daemon=True)
        p.start()
        w.close()
    except Exception:                 # (no processes to be had: the caller does the work)
        return None
    return Aside(p, r)


def _child(conn, fn, args) -> None:
    try:
        conn.send(("ok", fn(*args)))
    except BaseException:             # the parent does the work itself
        conn.send(("err", None))
    finally:
        conn.close()

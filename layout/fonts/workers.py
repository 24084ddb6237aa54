"""Worker processes that convert a face's glyphs while the build goes on with its metrics.

One per face, up to BANMIAN_FONT_JOBS at a time (default FACE_JOBS); `Face.path`
waits for the file. The bytes of a prepared file never depend on the process
that made it.

Every face is started when it is asked for, not queued behind the first ones: this process
learns that a child finished only when it waits for one, so a queued face used to start when
the PDF stage began waiting (a cold 8-page build left one core idle for a second). The
children run at a lower priority (CHILD_NICE): the build's own process, which makes up the
pages meanwhile and is the longer road, keeps its core; the children share what is left and
take both cores once it waits for them.
"""
from __future__ import annotations

import os
from pathlib import Path
from layout.fonts.store import Source
from layout.fonts.prepare import _build_face


FACE_JOBS = 16         # children at once: a build asks for some 6 faces, each child holds ~100 MB

CHILD_NICE = 10        # added to a child's niceness: the parent's make-up goes first


def _jobs() -> int:
    """Children at once; under 2 (or on a single core) faces are made in the build's process."""
    if (os.cpu_count() or 1) < 2:
        return 1
    try:
        return max(1, int(os.environ.get("BANMIAN_FONT_JOBS", "0")) or FACE_JOBS)
    except ValueError:
        return FACE_JOBS


class _Children:
    """Face files made in forked child processes, at most BANMIAN_FONT_JOBS at a time.

    No threads in this process (a process pool's helper threads would be inherited, locked, by
    whatever else forks later, e.g. `banmian archive`'s workers): children are started when a
    face is asked for and reaped whenever someone waits for one."""

    def __init__(self):
        self.running: dict[Path, tuple] = {}      # out -> (process, pipe)
        self.queue: dict[Path, tuple] = {}        # out -> args, not started yet
        self.done: dict[Path, tuple] = {}         # out -> ("ok", path) | ("err", message)
        self._ctx = None

    def usable(self) -> bool:
        if _jobs() < 2 or not hasattr(os, "fork"):
            return False
        import multiprocessing
        if multiprocessing.current_process().daemon:      # daemons may not have children
            return False
        if self._ctx is None:
            self._ctx = multiprocessing.get_context("fork")
        return True

    def submit(self, out: Path, src: Source, wanted: list[str], cache_dir: Path) -> bool:
        if out in self.done and not out.exists():           # made once, since deleted: again
            del self.done[out]
        if out in self.running or out in self.queue or out in self.done:
            return True
        self.queue[out] = (src, wanted, str(cache_dir))
        self._reap(block=False)
        return self._fill()

    def _fill(self) -> bool:
        while self.queue and len(self.running) < _jobs():
            out = next(iter(self.queue))
            args = self.queue.pop(out)
            try:
                r, w = self._ctx.Pipe(duplex=False)
                p = self._ctx.Process(target=_child_build, args=(w, *args), daemon=True)
                p.start()
                w.close()
            except Exception:
                return False
            self.running[out] = (p, r)
        return True

    def _reap(self, block: bool) -> None:
        from multiprocessing.connection import wait
        if not self.running:
            return
        ready = wait([r for _, r in self.running.values()], timeout=None if block else 0)
        for out, (p, r) in list(self.running.items()):
            if r not in ready:
                continue
            try:
                self.done[out] = r.recv()
            except (EOFError, OSError):
                self.done[out] = ("err", "the font child process died")
            r.close()
            p.join()
            del self.running[out]

    def result(self, out: Path) -> Path:
        while out not in self.done:
            if out in self.queue and not self.running:
                self._fill()
            self._reap(block=True)
            self._fill()
        status, value = self.done[out]
        if status != "ok":
            raise RuntimeError(value)
        return Path(value)


_JOBS = _Children()


def _child_build(conn, src: Source, wanted: list[str], cache_dir: str) -> None:
    try:
        try:
            os.nice(CHILD_NICE)
        except OSError:
            pass
        conn.send(("ok", str(_build_face(src, wanted, Path(cache_dir)))))
    except BaseException as e:        # report it; the parent then prepares the face itself
        conn.send(("err", f"{type(e).__name__}: {e}"))
    finally:
        conn.close()

"""The last steps of `banmian build` in a helper process started with the command.

    helper = Finisher.start()        # forks at once; the child imports pypdf meanwhile
    render(..., finish=helper.make_pdfx)
    report = helper.check(pdf, memo)  # the preflight of the file just written
    helper.close()

The PDF/X step (pdfx.py) and the preflight (preflight/check.py) work on the finished
file with pypdf, whose import (with its AES provider and the preflight's own modules)
is some 55 ms of a one-shot build that nothing else needs: about a tenth of an
8-page build. The child imports them while the build reads, composes and draws, then
does both steps as it is asked and answers with their results or their error; the
build waits for each answer, so the steps run in the same order on the same bytes as
they would here, and write the same file.

Whatever goes wrong with the child itself (it could not start, died, answered with
something unreadable) is not the editor's problem: the step is then done here,
importing pypdf as usual. Errors of the steps (a BanmianError) come back as errors.
"""
from __future__ import annotations

import os
import pickle
import signal
import struct
import time
from typing import NamedTuple


class Finisher:
    def __init__(self, pid: int | None, to_child: int | None, from_child: int | None):
        self.pid, self._out, self._in = pid, to_child, from_child

    @classmethod
    def start(cls) -> "Finisher":
        """Fork the helper now (an empty Finisher, doing every step here, where fork is missing)."""
        if not hasattr(os, "fork"):
            return cls(None, None, None)
        try:
            down_r, down_w = os.pipe()
            up_r, up_w = os.pipe()
            pid = os.fork()
        except OSError:
            return cls(None, None, None)
        if pid == 0:
            os.close(down_w)
            os.close(up_r)
            _serve(down_r, up_w)          # never returns
        os.close(down_r)
        os.close(up_w)
        return cls(pid, down_w, up_r)

    def make_pdfx(self, data, out_path, meta, memo=None) -> None:
        """pdfx.make_pdfx, in the helper (memo: only a resident build has one; it stays here)."""
        if memo is None:
            done, value = self._ask(("pdfx", bytes(data), str(out_path), meta))
            if done:
                return value
        from layout.render.pdfx import make_pdfx
        make_pdfx(data, out_path, meta, memo)

    def check(self, pdf, L, memo=None) -> "Checked":
        """The preflight of `pdf` (preflight.check.check(pdf, memo=memo)) in the helper, as the
        command prints it in the language L (a Report would bring pypdf here with its class)."""
        done, value = self._ask(("check", str(pdf), None if memo is None else str(memo), L.code))
        if done:
            return value
        from layout.preflight.check import check
        return _checked(check(pdf, memo=memo), L)

    def _ask(self, request) -> tuple[bool, object]:
        """(True, the answer) from the helper, raising the error it raised; (False, None) when
        there is no helper to ask (any more)."""
        if self.pid is None:
            return False, None
        try:
            _send(self._out, request)
            status, value = _receive(self._in)
        except (OSError, EOFError, pickle.PickleError, struct.error, ValueError, TypeError, AttributeError):
            self.close()
            return False, None
        if status == "error":
            raise value
        if status != "ok":
            self.close()
            return False, None
        return True, value

    def close(self) -> None:
        """Let the helper go (it ends when its pipe closes) and reap it."""
        if self.pid is None:
            return
        pid, self.pid = self.pid, None
        for fd in (self._out, self._in):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done == 0:
                # (idle, it ends at once on the closed pipe; busy, SIGTERM lets it clean up first)
                os.kill(pid, signal.SIGTERM)
                for _ in range(200):
                    if os.waitpid(pid, os.WNOHANG)[0]:
                        return
                    time.sleep(0.01)
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
        except (ChildProcessError, ProcessLookupError, OSError):
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Checked(NamedTuple):
    """A preflight report as the command prints it."""
    ok: bool
    errors: int
    warnings: tuple[str, ...]        # each warning, rendered
    text: str                        # the whole report, rendered (printed when it failed)


def _checked(report, L) -> Checked:
    return Checked(report.ok, len(report.errors), tuple(f.render(L, report.labels) for f in report.warnings),
                   report.text(L) if not report.ok else "")


def _serve(requests: int, answers: int) -> None:
    """The helper: import what the steps need, then answer requests until the pipe closes."""
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C is the build's; it closes the pipe
        # stopped (the build's close, a kill): a file half written is removed on the way out
        for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if s is not None:
                signal.signal(s, _stopped)
        from layout.errors import BanmianError
        from layout.i18n import lang
        from layout.preflight.check import check
        from layout.render.pdfx import make_pdfx
        while True:
            try:
                request = _receive(requests)
            except (EOFError, OSError):
                break
            try:
                if request[0] == "pdfx":
                    _, data, out_path, meta = request
                    answer = ("ok", make_pdfx(data, out_path, meta))
                elif request[0] == "check":
                    _, pdf, memo, code = request
                    answer = ("ok", _checked(check(pdf, memo=memo), lang(code)))
                else:
                    answer = ("unknown", None)
            except BanmianError as e:
                answer = ("error", e)
            except Exception:                          # the build does the step itself
                answer = ("failed", None)
            _send(answers, answer)
    except BaseException:
        status = 1
    finally:
        os._exit(status)                    # no atexit handlers, no flushing the build's buffers


class _Stopped(BaseException):
    pass


def _stopped(signum, frame):
    raise _Stopped(signum)


def _send(fd: int, obj) -> None:
    data = pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)
    view = memoryview(struct.pack("<Q", len(data)) + data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _receive(fd: int):
    head = _read(fd, 8)
    return pickle.loads(_read(fd, struct.unpack("<Q", head)[0]))


def _read(fd: int, n: int) -> bytes:
    chunks, got = [], 0
    while got < n:
        b = os.read(fd, min(n - got, 1 << 20))
        if not b:
            raise EOFError
        chunks.append(b)
        got += len(b)
    return b"".join(chunks)

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
import select
import signal
import struct
import time
from pathlib import Path
from typing import NamedTuple


ANSWER_WAIT = 300.0     # s a step may take in the helper before the build stops waiting and does it itself


class Finisher:
    def __init__(self, pid: int | None, to_child: int | None, from_child: int | None):
        self.pid, self._out, self._in = pid, to_child, from_child
        self._busy = False              # a request is out (close must stop the helper, not wait)
        self._sent = None               # the preflight asked for by start_check, not yet taken

    @classmethod
    def start(cls) -> "Finisher":
        """Fork the helper now; an empty Finisher (every step done here) where there is no fork
        or no second core for the helper to import on."""
        from layout.aside import cores
        if not hasattr(os, "fork") or cores() < 2:
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
        f = cls(pid, down_w, up_r)
        # (processes the build forks later, font workers, must not hold the helper's pipes open:
        # the helper is to see the build's end as the end of its pipe)
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=f._forget)
        return f

    def _forget(self) -> None:
        for fd in (self._out, self._in):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.pid = self._out = self._in = None

    def make_pdfx(self, data, out_path, meta, memo=None) -> None:
        """pdfx.make_pdfx, in the helper (memo: only a resident build has one; it stays here).
        The helper writes a file of its own beside the output and the build renames it, so the
        output changes only while the build runs (a killed build leaves the old PDF)."""
        if memo is None and self.pid is not None:
            out = Path(out_path)
            # (the drawn file goes over as a file beside the output: a few MB through a pipe in
            # 64 KB pieces cost more than writing them once and reading them back)
            drawn = out.with_name(f".{out.name}.{os.getpid()}.drawn.tmp")
            part = out.with_name(f".{out.name}.{os.getpid()}.helper.tmp")
            try:
                try:
                    drawn.write_bytes(data)
                except OSError:
                    drawn = None                     # (the step here says what is wrong with the folder)
                if drawn is not None:
                    done, _ = self._ask(("pdfx", str(drawn), str(part), meta), errors=False)
                    if done:
                        os.replace(part, out)
                        return
            finally:
                part.unlink(missing_ok=True)
                if drawn is not None:
                    drawn.unlink(missing_ok=True)
        # (no helper, or the step failed there: done here, with the editor's error if it fails)
        from layout.render.pdfx import make_pdfx
        make_pdfx(data, out_path, meta, memo)

    def start_check(self, pdf, L, memo=None) -> None:
        """Ask for the preflight of `pdf` now, to be taken by check() (the build does the rest of
        its work meanwhile: the build.lock, its report)."""
        request = _check_request(pdf, L, memo)
        if self.pid is not None and self._sent is None and self._put(request):
            self._sent = request

    def check(self, pdf, L, memo=None) -> "Checked":
        """The preflight of `pdf` (preflight.check.check(pdf, memo=memo)) in the helper, as the
        command prints it in the language L (a Report would bring pypdf here with its class)."""
        request = _check_request(pdf, L, memo)
        if self._sent == request:
            self._sent = None
            done, value = self._answer(True)
        else:
            if self._sent is not None:        # another file's, asked early: its answer is let go
                self._sent = None
                self._answer(False)
            done, value = self._ask(request)
        if done:
            return value
        from layout.preflight.check import check
        return _checked(check(pdf, memo=memo), L)

    def _ask(self, request, errors: bool = True) -> tuple[bool, object]:
        """(True, the answer) from the helper, raising the error it raised (with `errors`, else
        (False, None) for it too); (False, None) when there is no helper to ask (any more), or
        it did not answer within ANSWER_WAIT."""
        if self.pid is None or self._sent is not None or not self._put(request):
            return False, None
        return self._answer(errors)

    def _put(self, request) -> bool:
        self._busy = True
        try:
            _send(self._out, request)
        except (OSError, pickle.PickleError, ValueError, TypeError, AttributeError):
            self.close()
            return False
        return True

    def _answer(self, errors: bool) -> tuple[bool, object]:
        if self.pid is None:
            return False, None
        try:
            status, value = _receive(self._in, ANSWER_WAIT)
        except (OSError, EOFError, pickle.PickleError, struct.error, ValueError, TypeError, AttributeError):
            self.close()
            return False, None
        self._busy = False
        if status == "error" and errors:
            raise value
        if status != "ok":
            if status != "error":
                self.close()
            return False, None
        return True, value

    def close(self) -> None:
        """Let the helper go and reap it: an idle one ends on its closed pipe at once, a busy one
        (the build stopped or gave up on it) is stopped with SIGTERM, which removes what it was writing."""
        if self.pid is None:
            return
        pid, self.pid = self.pid, None
        for fd in (self._out, self._in):
            try:
                os.close(fd)
            except OSError:
                pass
        self._out = self._in = None        # (their numbers may be reused: _forget must not close them)
        try:
            if self._busy:
                os.kill(pid, signal.SIGTERM)
            for _ in range(2000):                     # (an idle helper: 1-3 ms)
                if os.waitpid(pid, os.WNOHANG)[0]:
                    return
                time.sleep(0.001)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ChildProcessError, ProcessLookupError, OSError):
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _check_request(pdf, L, memo) -> tuple:
    return "check", str(pdf), None if memo is None else str(memo), L.code


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
        _die_with_parent()
        signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C is the build's; it closes the pipe
        # stopped (the build's close, a kill): a file half written is removed on the way out
        for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if s is not None:
                signal.signal(s, _stopped)
        from layout.errors import BanmianError
        from layout.i18n import lang
        from layout.preflight.check import check
        from layout.render.pdfx import make_pdfx
        import pypdf.filters  # noqa: F401  (what the steps import on their first call: 5-8 ms)
        import PIL.ImageCms  # noqa: F401
        while True:
            try:
                request = _receive(requests)
            except (EOFError, OSError):
                break
            try:
                if request[0] == "pdfx":
                    _, drawn, out_path, meta = request
                    answer = ("ok", make_pdfx(Path(drawn), out_path, meta))
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


def _die_with_parent() -> None:
    """SIGTERM when the build ends without closing the pipe (killed): Linux's PR_SET_PDEATHSIG."""
    try:
        import ctypes
        parent = os.getppid()
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)    # 1: PR_SET_PDEATHSIG
        if os.getppid() != parent:             # (it died before the call)
            os._exit(1)
    except (OSError, AttributeError):
        pass


def _stopped(signum, frame):
    raise _Stopped(signum)


def _send(fd: int, obj) -> None:
    data = pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)
    view = memoryview(struct.pack("<Q", len(data)) + data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _receive(fd: int, wait: float | None = None):
    deadline = None if wait is None else time.monotonic() + wait
    head = _read(fd, 8, deadline)
    return pickle.loads(_read(fd, struct.unpack("<Q", head)[0], deadline))


def _read(fd: int, n: int, deadline: float | None = None) -> bytes:
    chunks, got = [], 0
    while got < n:
        if deadline is not None:
            ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError("the build's helper did not answer")
        b = os.read(fd, min(n - got, 1 << 20))
        if not b:
            raise EOFError
        chunks.append(b)
        got += len(b)
    return b"".join(chunks)

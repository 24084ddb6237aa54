"""The build command's helper process (render/finisher.py): the PDF/X step and the preflight
done there give the same file and the same findings as done here, its errors come back as
the editor's errors, and a helper that is gone is no one's problem."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from layout.build import build
from layout.errors import BanmianError
from layout.i18n import lang
from layout.render.finisher import Finisher, _checked

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "2026-047"


@pytest.fixture
def issue(tmp_path):
    shutil.copytree(ROOT / "issues" / "_house", tmp_path / "issues" / "_house")
    shutil.copytree(SAMPLE, tmp_path / "issues" / SAMPLE.name, ignore=shutil.ignore_patterns("build.lock"))
    return tmp_path / "issues" / SAMPLE.name


def test_the_helper_writes_the_file_the_build_writes_itself(issue, tmp_path):
    here = tmp_path / "here.pdf"
    build(issue, here)
    with Finisher.start() as f:
        assert f.pid
        there = tmp_path / "there.pdf"
        build(issue, there, finish=f.make_pdfx)
        checked = f.check(there, lang("zh"))
    assert there.read_bytes() == here.read_bytes()
    from layout.preflight.check import check
    assert checked == _checked(check(here), lang("zh")) and checked.ok


def test_a_helper_that_is_gone_leaves_the_step_to_the_build(issue, tmp_path):
    here = tmp_path / "here.pdf"
    build(issue, here)
    f = Finisher.start()
    os.kill(f.pid, signal.SIGKILL)
    os.waitpid(f.pid, 0)
    there = tmp_path / "there.pdf"
    build(issue, there, finish=f.make_pdfx)         # asked, no answer: done here
    assert f.pid is None and there.read_bytes() == here.read_bytes()
    assert f.check(there, lang("en")).ok
    f.close()


def test_an_error_of_the_step_comes_back_as_the_editors_error(tmp_path):
    from layout.render.pdf import PdfMeta
    import datetime
    meta = PdfMeta(title="t", issue="x", paper="p", date=datetime.date(2026, 1, 2), flavour="x9")
    with Finisher.start() as f:
        with pytest.raises(BanmianError, match="unknown PDF/X flavour 'x9'") as e:
            f.make_pdfx(b"%PDF-1.6", tmp_path / "x.pdf", meta)
        assert f.pid is not None                     # the helper goes on after an error
        assert "x4" in e.value.render(lang("en"))
    assert not (tmp_path / "x.pdf").exists()


def test_the_build_command_does_not_import_pypdf_itself(issue, tmp_path):
    """pypdf (and the preflight) are the helper's: the command imports neither, and the
    file still matches its lock and passes the preflight."""
    out = tmp_path / "cmd.pdf"
    code = ("import sys, json; from layout.cli import main; rc = main(['build', sys.argv[1], '-o', sys.argv[2]]); "
            "print(json.dumps([rc, 'pypdf' in sys.modules, "
            "[m for m in sys.modules if m.startswith('layout.preflight')]]))")
    env = dict(os.environ, PYTHONPATH=str(ROOT), BANMIAN_LANG="en")
    p = subprocess.run([sys.executable, "-c", code, str(issue), str(out)], capture_output=True, text=True,
                       env=env, cwd=tmp_path)
    rc, has_pypdf, preflight = json.loads(p.stdout.strip().splitlines()[-1])
    assert rc == 0 and "preflight: passed" in p.stdout, p.stderr[-2000:]
    assert not has_pypdf and preflight == []
    here = tmp_path / "here.pdf"
    build(issue, here)
    assert out.read_bytes() == here.read_bytes()


def test_a_failed_preflight_reads_the_same_from_the_helper(tmp_path):
    """A file that is not PDF/X: the helper's report, rendered in the editor's language, is the
    one the build would print itself."""
    from reportlab.pdfgen.canvas import Canvas
    plain = tmp_path / "plain.pdf"
    c = Canvas(str(plain))
    c.drawString(72, 72, "x")
    c.showPage()
    c.save()
    from layout.preflight.check import check
    for code in ("zh", "en"):
        with Finisher.start() as f:
            got = f.check(plain, lang(code))
        want = _checked(check(plain), lang(code))
        assert got == want and not got.ok and got.errors and got.text


def test_a_helper_that_does_not_answer_is_given_up(tmp_path, monkeypatch):
    """Stopped (a debugger, SIGSTOP): the build waits ANSWER_WAIT, then does the step itself."""
    import layout.render.finisher as F
    from reportlab.pdfgen.canvas import Canvas
    plain = tmp_path / "plain.pdf"
    c = Canvas(str(plain))
    c.showPage()
    c.save()
    monkeypatch.setattr(F, "ANSWER_WAIT", 0.3)
    f = Finisher.start()
    os.kill(f.pid, signal.SIGSTOP)
    try:
        got = f.check(plain, lang("en"))
    finally:
        if f.pid:
            os.kill(f.pid, signal.SIGCONT)
        f.close()
    from layout.preflight.check import check
    assert f.pid is None and got == _checked(check(plain), lang("en"))


def test_the_helper_never_writes_the_output_itself(issue, tmp_path, monkeypatch):
    """The helper writes a file of its own; the build renames it: a build that dies before (here:
    the rename fails) leaves the old PDF and no stray file."""
    out = tmp_path / "out.pdf"
    out.write_bytes(b"old")
    real = os.replace

    def refused(src, dst):
        raise KeyboardInterrupt
    with Finisher.start() as f:
        monkeypatch.setattr(os, "replace", refused)
        with pytest.raises(KeyboardInterrupt):
            build(issue, out, finish=f.make_pdfx)
        monkeypatch.setattr(os, "replace", real)
    assert out.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in tmp_path.iterdir() if not p.name.endswith(".tmp"))


def test_an_idle_helper_ends_on_its_closed_pipe(monkeypatch):
    """close() of a helper that is not working signals nothing: it ends by itself."""
    sent = []
    real = os.kill
    monkeypatch.setattr(os, "kill", lambda pid, sig: (sent.append(sig), real(pid, sig)))
    f = Finisher.start()
    f.close()
    assert sent == [] and f.pid is None


def test_a_preflight_asked_early_is_the_one_taken(issue, tmp_path):
    """start_check sends the request at once (the build writes its lock meanwhile); check() takes
    that answer, and one for another file is asked afresh."""
    here = tmp_path / "here.pdf"
    build(issue, here)
    from layout.preflight.check import check
    with Finisher.start() as f:
        f.start_check(here, lang("en"))
        assert f._sent is not None
        got = f.check(here, lang("en"))
        assert f._sent is None and got == _checked(check(here), lang("en"))
        f.start_check(here, lang("zh"))
        other = f.check(here, lang("en"))              # not the one asked for: asked again
        assert other == got and f._sent is None

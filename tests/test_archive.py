"""The archive: build records (build.lock), incremental parallel archive builds, --verify,
the static index and its search, checked in a real headless Chromium.

Everything runs on a temporary copy of issues/: _house, 2026-046 and the other complete
issues, plus a derived issue 2026-045 (number, date and two articles edited). Builds are
slow, so one module-scoped archive is built once and the tests below go on from it, in
file order. Builds use --draft: the sample's fixed-height blocks may run over while the
composer is being tuned, and overset is not what these tests are about.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from layout import __version__
from layout.archive.build_archive import tokens, verify_one
from layout.cli import main as cli
from layout.archive.lock import read_lock

ROOT = Path(__file__).resolve().parent.parent
ISSUES = ROOT / "issues"
UNIQUE_HAN = "鸬鹚"            # occurs in exactly one article of the test archive
UNIQUE_LATIN = "Zephyrine"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)

sys.path.insert(0, str(ROOT / "scripts"))
import make_archive  # noqa: E402


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = cli(list(map(str, argv)) + ["--lang", "en"])     # module fixtures run before conftest's English
    return rc, out.getvalue(), err.getvalue()


def statuses(stdout: str, skipped: bool = False) -> dict[str, str]:
    """issue id -> status from the final table (folders skipped for want of an issue.yaml left out)."""
    rows = {}
    for line in stdout.splitlines():
        parts = line.split()
        if parts and parts[0][:4].isdigit() and "-" in parts[0]:
            rest = line[len(parts[0]):].strip()
            rows[parts[0]] = "up to date" if rest.startswith("up to date") else rest.split()[0]
    return {k: v for k, v in rows.items() if skipped or v != "skipped"}


def append_para(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")


def title_of(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("title:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(f"no title in {path}")


@pytest.fixture(scope="module")
def arc(tmp_path_factory):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is not installed (scripts/install-system-deps.sh)")
    tmp = tmp_path_factory.mktemp("archive")
    root, out = tmp / "issues", tmp / "out"
    root.mkdir()
    shutil.copytree(ISSUES / "_house", root / "_house")
    from layout.source.manifest import load_issue
    for d in sorted(ISSUES.iterdir()):
        if d.name.startswith("_") or not (d / "issue.yaml").exists():
            continue
        try:
            load_issue(d)                      # a colleague's issue still being written is left out
        except Exception:
            continue
        shutil.copytree(d, root / d.name, ignore=shutil.ignore_patterns("build.lock", "PLAN*"))
    assert (root / "2026-046").is_dir(), "the sample issue 2026-046 must load"
    # a derived issue: one week earlier, one article with a word no other article has
    derived = root / "2026-045"
    shutil.copytree(root / "2026-046", derived)
    y = (derived / "issue.yaml").read_text(encoding="utf-8")
    y = make_archive.set_key(make_archive.set_key(y, "number", "45"), "date", "2026-11-20")
    (derived / "issue.yaml").write_text(y, encoding="utf-8")
    append_para(derived / "p3-linli.md", f"傍晚，园区湖边的{UNIQUE_HAN}又飞回来了。")
    append_para(root / "2026-046" / "p2-muju.md", f"({UNIQUE_LATIN} 项目组供稿)")
    for f in root.glob("*/*.md"):
        if f.parent.name != "2026-045" or f.name != "p3-linli.md":
            assert UNIQUE_HAN not in f.read_text(encoding="utf-8"), f
    ids = sorted(d.name for d in root.iterdir() if not d.name.startswith("_"))
    (root / "2026-099").mkdir()                # an issue just begun: articles, no issue.yaml yet
    shutil.copy(root / "2026-046" / "p1-5g.md", root / "2026-099")
    rc, stdout, stderr = run("archive", root, "--out", out, "--jobs", 2, "--draft")
    return {"root": root, "out": out, "ids": ids, "first": (rc, stdout, stderr)}


# -- pure functions (no builds) -------------------------------------------------

def test_tokens_are_bigrams_and_words():
    assert tokens("南明经开区 5G 基站") == ["南明", "明经", "经开", "开区", "5g", "基站"]
    assert tokens("一、AI赋能。") == ["ai", "赋能"]
    assert tokens("月") == []                 # a lone character is found by scanning, not the index


def test_make_archive_derives_varied_issues(tmp_path):
    made = make_archive.make(3, tmp_path, ISSUES / "2026-046", seed=7)
    assert [p.name for p in made] == sorted(p.name for p in made)
    assert len({p.name for p in made}) == 3 and (tmp_path / "_house").is_dir()
    import yaml
    docs = [yaml.safe_load((p / "issue.yaml").read_text(encoding="utf-8")) for p in made]
    assert len({str(d["date"]) for d in docs}) == 3 and [d["total"] for d in docs] == [1, 2, 3]
    lead = [(p / "p1-lead.md").read_text(encoding="utf-8") for p in made]
    src = (ISSUES / "2026-046" / "p1-lead.md").read_text(encoding="utf-8")
    assert sorted(lead[0].split()) == sorted(src.split())      # same paragraphs …
    assert len(set(lead)) > 1                                   # … in other orders


# -- the archive ------------------------------------------------------------------

def test_archive_builds_every_issue(arc):
    rc, stdout, stderr = arc["first"]
    assert rc == 0, stdout + stderr
    assert statuses(stdout) == {i: "built" for i in arc["ids"]}
    assert statuses(stdout, skipped=True)["2026-099"] == "skipped"
    assert "archive [" in stderr                                 # the progress bar
    for id in arc["ids"]:
        d = arc["out"] / id
        assert (d / f"{id}.pdf").stat().st_size > 10000
        assert (d / f"{id}-t1.png").exists() and (d / f"{id}-p1.png").exists()
        lock = read_lock(arc["root"] / id)
        assert lock["banmian"] == __version__ and lock["issue"] == id
        assert lock["house"]["name"] == "nanming-v1" and len(lock["house"]["sha256"]) == 64
        assert lock["icc"]["file"] and len(lock["icc"]["sha256"]) == 64
        assert "issue.yaml" in lock["inputs"] and all(len(h) == 64 for h in lock["inputs"].values())
        if id in ("2026-045", "2026-046"):                       # photos are inputs too
            assert {"photo-meeting.jpg", "p1-lead.md"} <= set(lock["inputs"])
        assert lock["fonts"] and all(len(f["sha256"]) == 64 and len(f["subset_sha256"]) == 64
                                     for f in lock["fonts"].values())
        from layout.archive.lock import sha256_file
        assert lock["pdf"]["sha256"] == sha256_file(d / f"{id}.pdf")
        npages = lock["pdf"]["pages"]
        assert len(list(d.glob(f"{id}-t*.png"))) == npages == len(list(d.glob(f"{id}-p*.png")))
    assert (arc["out"] / "index.html").exists() and (arc["out"] / "search-index.js").exists()


def test_second_run_rebuilds_nothing(arc):
    pdf = arc["out"] / "2026-046" / "2026-046.pdf"
    before = pdf.stat().st_mtime_ns
    rc, stdout, stderr = run("archive", arc["root"], "--out", arc["out"], "--jobs", 2, "--draft")
    assert rc == 0, stdout + stderr
    assert statuses(stdout) == {i: "up to date" for i in arc["ids"]}
    assert pdf.stat().st_mtime_ns == before


def test_changed_program_code_makes_an_issue_stale(arc, monkeypatch):
    """The same version number but other code (a make-up change): the archive must not call the
    issue up to date (its PDF may differ; `--accept` then rebuilds and re-locks it)."""
    from layout.archive import build_archive as ba
    from layout.archive import lock
    from layout import __version__
    src = ba._Sources()
    assert ba.stale_reason(arc["root"] / "2026-046", arc["out"], src, __version__) is None
    real = lock.code_hashes()
    some = sorted(real)[0]
    monkeypatch.setattr(lock, "code_hashes", lambda: {**real, some: "0" * 64})
    why = ba.stale_reason(arc["root"] / "2026-046", arc["out"], ba._Sources(), __version__)
    assert why == f"program code changed: {some}"


def test_changing_one_article_rebuilds_only_that_issue(arc):
    art = arc["root"] / "2026-045" / "p3-jineng.md"
    old_lock = read_lock(art.parent)
    append_para(art, "本报记者补记：培训班下月再开一期。")
    rc, stdout, stderr = run("archive", arc["root"], "--out", arc["out"], "--jobs", 2, "--draft")
    assert rc == 0, stdout + stderr
    expect = {i: "up to date" for i in arc["ids"]}
    expect["2026-045"] = "built"
    assert statuses(stdout) == expect
    assert "p3-jineng.md changed" in stdout
    new_lock = read_lock(art.parent)
    assert new_lock["inputs"]["p3-jineng.md"] != old_lock["inputs"]["p3-jineng.md"]
    assert new_lock["inputs"]["issue.yaml"] == old_lock["inputs"]["issue.yaml"]


def test_lock_api_as_cmd_build_calls_it(arc, tmp_path):
    """check_lock before the build, write_lock after: what `banmian build` does with a locked issue."""
    from layout.build import build
    from layout.errors import BanmianError
    from layout.fonts import FontSet
    from layout.archive.lock import check_lock, write_lock
    d = arc["root"] / "2026-046"
    fonts = FontSet()
    check = check_lock(d, fonts, draft=True)
    result = build(d, tmp_path / "x.pdf", draft=True, fonts=fonts)
    assert write_lock(check, result).startswith("matches")
    # a house style edited in place is named before anything is built; --accept re-locks
    house = arc["root"] / "_house" / "nanming-v1.yaml"
    saved, lock_saved = house.read_bytes(), (d / "build.lock").read_bytes()
    try:
        house.write_bytes(saved + b"# edited\n")
        with pytest.raises(BanmianError, match=r"house style _house/nanming-v1.yaml changed"):
            check_lock(d, FontSet(), draft=True)
        check = check_lock(d, FontSet(), draft=True, accept=True)
        assert check.env and check.env[0].startswith("house style")
    finally:
        house.write_bytes(saved)
        (d / "build.lock").write_bytes(lock_saved)


# -- the index in a real browser ----------------------------------------------------

class Chromium:
    """Headless Chromium driven over the DevTools protocol on a pipe (fds 3 and 4), stdlib only."""

    def __init__(self, url: str, profile: Path):
        to_chrome_r, self._w = os.pipe()
        self._r, from_chrome_w = os.pipe()
        hi_r, hi_w = os.dup(to_chrome_r), os.dup(from_chrome_w)   # non-inheritable copies, moved in the child

        def fds():
            os.dup2(hi_r, 3)
            os.dup2(hi_w, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--allow-file-access-from-files", "--window-size=1400,6000",
             f"--user-data-dir={profile}", "--remote-debugging-pipe", url],
            preexec_fn=fds, close_fds=False, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for fd in (to_chrome_r, from_chrome_w, hi_r, hi_w):
            os.close(fd)
        self._buf = b""
        self._id = 0
        self.session = None

    def send(self, method: str, params: dict | None = None, session: bool = True, timeout: float = 30):
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            m = self._next(deadline)
            if m.get("id") == self._id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})

    def _next(self, deadline: float) -> dict:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._r], [], [], left)[0]:
                raise TimeoutError("chromium did not answer")
            chunk = os.read(self._r, 1 << 16)
            if not chunk:
                err = self.proc.stderr.read().decode(errors="replace")[-2000:] if self.proc.poll() is not None else ""
                raise RuntimeError(f"chromium closed the pipe (exit {self.proc.poll()}): {err}")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def attach(self) -> None:
        deadline = time.monotonic() + 30
        while True:
            pages = [t for t in self.send("Target.getTargets", session=False)["targetInfos"] if t["type"] == "page"]
            if pages:
                break
            if time.monotonic() > deadline:
                raise TimeoutError("no page target")
            time.sleep(0.1)
        self.session = self.send("Target.attachToTarget", {"targetId": pages[0]["targetId"], "flatten": True},
                                 session=False)["sessionId"]

    def js(self, expr: str):
        r = self.send("Runtime.evaluate", {"expression": expr, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expr}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def wait(self, expr: str, timeout: float = 30):
        deadline = time.monotonic() + timeout
        while not self.js(expr):
            if time.monotonic() > deadline:
                raise TimeoutError(expr)
            time.sleep(0.1)

    def close(self) -> None:
        try:
            self.send("Browser.close", session=False, timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._w)
        os.close(self._r)
        self.proc.stderr.close()


HITS = """JSON.stringify(Array.from(document.querySelectorAll('#results li.hit')).map(li => ({
  issue: li.dataset.issue, page: +li.dataset.page,
  title: li.querySelector('.title').textContent, snippet: li.querySelector('.snippet').textContent})))"""


def type_query(b: Chromium, q: str) -> list[dict]:
    b.js("(() => { const q = document.getElementById('q'); q.value = ''; q.focus(); return 1; })()")
    b.send("Input.insertText", {"text": q})        # like typing (an IME commits text this way)
    b.wait(f"document.getElementById('status').dataset.q === {json.dumps(q)}")   # the index loads on first use
    return json.loads(b.js(HITS))


def test_index_lists_and_searches_in_chromium(arc, tmp_path):
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (scripts/install-system-deps.sh installs Debian's chromium)")
    index = arc["out"] / "index.html"
    b = Chromium(index.as_uri(), tmp_path / "profile")
    try:
        b.attach()
        b.wait("document.readyState === 'complete' && !!document.querySelector('article.issue')")
        assert b.js("typeof window.BANMIAN_INDEX") == "undefined"       # not loaded until searched
        # every issue is listed once, with a page-1 thumbnail that exists and has loaded
        listed = json.loads(b.js("""JSON.stringify(Array.from(document.querySelectorAll('article.issue')).map(a => ({
            id: a.dataset.issue, thumb: a.querySelector('img.thumb').getAttribute('src'),
            pdf: a.querySelector('a').getAttribute('href'), text: a.textContent})))"""))
        assert sorted(x["id"] for x in listed) == arc["ids"]
        for x in listed:
            assert x["thumb"] == f"{x['id']}/{x['id']}-t1.png" and (arc["out"] / x["thumb"]).exists()
            assert (arc["out"] / x["pdf"]).exists()
        b.wait("Array.from(document.querySelectorAll('img.thumb')).every(i => i.complete)")
        minis = json.loads(b.js("JSON.stringify(Array.from(document.querySelectorAll('img.mini'))"
                                ".map(i => i.getAttribute('src')))"))
        assert all((arc["out"] / m).exists() for m in minis)
        assert len(minis) == sum(read_lock(arc["root"] / i)["pdf"]["pages"] for i in arc["ids"])
        assert b.js("Array.from(document.querySelectorAll('img.thumb')).every(i => i.naturalWidth > 0)")
        assert "第45期" in next(x["text"] for x in listed if x["id"] == "2026-045")
        assert title_of(ISSUES / "2026-046" / "p3-linli.md") in next(x["text"] for x in listed if x["id"] == "2026-046")
        # a word in exactly one article finds exactly that article
        linli = title_of(arc["root"] / "2026-045" / "p3-linli.md")
        hits = type_query(b, UNIQUE_HAN)
        assert [(h["issue"], h["page"], h["title"]) for h in hits] == [("2026-045", 3, linli)], hits
        assert UNIQUE_HAN in hits[0]["snippet"]
        assert b.js("document.querySelector('#results mark').textContent") == UNIQUE_HAN
        hits = type_query(b, UNIQUE_LATIN.lower())
        muju = title_of(arc["root"] / "2026-046" / "p2-muju.md")
        assert [(h["issue"], h["page"], h["title"]) for h in hits] == [("2026-046", 2, muju)], hits
        # several words: all must occur; a phrase in every issue finds one article per issue
        assert len(type_query(b, f"湖边 {UNIQUE_HAN}")) == 1
        hits = type_query(b, "邻里中心")
        assert {"2026-045", "2026-046"} <= {h["issue"] for h in hits}
        assert type_query(b, "这个词组不会出现在任何文章里") == []
        # the address #q=… searches on load
        b.send("Page.navigate", {"url": "about:blank"})
        b.wait("location.href === 'about:blank'")
        b.send("Page.navigate", {"url": index.as_uri() + "#q=" + UNIQUE_HAN})
        b.wait("document.readyState === 'complete' && document.querySelectorAll('#results li.hit').length > 0")
        assert [h["issue"] for h in json.loads(b.js(HITS))] == ["2026-045"]
        assert b.js("document.getElementById('q').value") == UNIQUE_HAN
        # … and so does a #q= link within the page
        b.js(f"location.hash = 'q={UNIQUE_LATIN}'")
        b.wait("document.querySelectorAll('#results li.hit').length === 1 && "
               "document.querySelector('#results li.hit').dataset.issue === '2026-046'")
    finally:
        b.close()


# -- proving the archive ---------------------------------------------------------------

def test_verify_passes(arc):
    rc, stdout, stderr = run("archive", arc["root"], "--verify", "--jobs", 2)
    assert rc == 0, stdout + stderr
    assert statuses(stdout) == {i: "verified" for i in arc["ids"]}


def test_same_inputs_different_pdf_is_caught(arc, tmp_path):
    lock_file = arc["root"] / "2026-046" / "build.lock"
    saved = lock_file.read_text(encoding="utf-8")
    try:
        lock = json.loads(saved)
        lock["pdf"]["sha256"] = "0" * 64
        lock["tools"]["reportlab"] = "0.1"
        lock_file.write_text(json.dumps(lock), encoding="utf-8")
        r = verify_one(str(arc["root"] / "2026-046"), str(tmp_path))
        assert r["status"] == "failed" and "same inputs gave a different PDF" in r["error"], r
        assert "reportlab 0.1 -> " in r["error"]                  # what changed since the lock
    finally:
        lock_file.write_text(saved, encoding="utf-8")


def test_changed_house_style_is_caught(arc):
    house = arc["root"] / "_house" / "nanming-v1.yaml"
    saved = house.read_bytes()
    try:
        house.write_bytes(saved + "# edited in place\n".encode())
        rc, stdout, stderr = run("archive", arc["root"], "--out", arc["out"], "--jobs", 2, "--draft")
        assert rc == 1
        assert statuses(stdout) == {i: "failed" for i in arc["ids"]}
        assert stdout.count("house style _house/nanming-v1.yaml changed") == len(arc["ids"]), stdout
        rc, stdout, stderr = run("archive", arc["root"], "--verify", "--jobs", 2)
        assert rc == 1 and "nanming-v1.yaml changed" in stdout
    finally:
        house.write_bytes(saved)
    rc, stdout, _ = run("archive", arc["root"], "--out", arc["out"], "--jobs", 2, "--draft")
    assert rc == 0 and set(statuses(stdout).values()) == {"up to date"}


@pytest.mark.parametrize("what", ["font", "icc"])
def test_changed_font_or_profile_in_lock_is_caught(arc, what):
    lock_file = arc["root"] / "2026-045" / "build.lock"
    saved = lock_file.read_text(encoding="utf-8")
    try:
        lock = json.loads(saved)
        fid = sorted(lock["fonts"])[0]
        if what == "font":
            lock["fonts"][fid]["sha256"] = "f" * 64
        else:
            lock["icc"]["sha256"] = "f" * 64
        lock_file.write_text(json.dumps(lock), encoding="utf-8")
        rc, stdout, stderr = run("archive", arc["root"], "--out", arc["out"], "--jobs", 2, "--draft")
        assert rc == 1
        expect = {i: "up to date" for i in arc["ids"]}
        expect["2026-045"] = "failed"
        assert statuses(stdout) == expect
        name = f"font {fid}" if what == "font" else f"ICC profile {lock['icc']['file']} changed"
        assert name in stdout and "changed" in stdout, stdout
    finally:
        lock_file.write_text(saved, encoding="utf-8")


def test_changed_nameplate_artwork_is_caught(tmp_path):
    """A file the house style names (the nameplate) is part of the house style's record (no build needed)."""
    from PIL import Image as PILImage
    from layout.errors import BanmianError
    from layout.fonts import FontSet
    from layout.archive.lock import LOCK_NAME, check_lock, dump_lock
    shutil.copytree(ISSUES / "_house", tmp_path / "_house")
    shutil.copytree(ISSUES / "2026-046", tmp_path / "2026-046", ignore=shutil.ignore_patterns("build.lock"))
    house = tmp_path / "_house" / "nanming-v1.yaml"
    text = house.read_text(encoding="utf-8")
    assert "\npaper:\n" in text
    house.write_text(text.replace("\npaper:\n", "\npaper:\n  nameplate: nameplate.png\n", 1), encoding="utf-8")
    PILImage.new("RGB", (400, 80), "white").save(tmp_path / "_house" / "nameplate.png")
    d = tmp_path / "2026-046"
    rec = check_lock(d, FontSet()).record
    assert rec["house"]["assets"] == {"_house/nameplate.png": rec["house"]["assets"]["_house/nameplate.png"]}
    (d / LOCK_NAME).write_text(dump_lock({**rec, "fonts": {}, "pdf": {"sha256": "0" * 64}}), encoding="utf-8")
    assert check_lock(d, FontSet()).env == []
    PILImage.new("RGB", (400, 80), "red").save(tmp_path / "_house" / "nameplate.png")
    with pytest.raises(BanmianError, match=r"house style file _house/nameplate.png \(named by _house/nanming-v1.yaml\) changed"):
        check_lock(d, FontSet())

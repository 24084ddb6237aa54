"""`banmian archive`: rebuild every issue that is out of date, and a browsable, searchable index.

    banmian archive [issues_root] [--jobs N] [--verify] [--out build/archive] [--accept] [--draft]

For each issues/<id>/ with an issue.yaml, the inputs are hashed and compared with
what the last archive build recorded (build/archive/<id>/archive.json) and with
the issue's build.lock; an unchanged issue is not rebuilt. Out-of-date issues
are built in parallel processes (each checks and writes its build.lock, see
lock.py), then rasterised with pdftoppm:

    build/archive/<id>/<id>.pdf          the issue
    build/archive/<id>/<id>-p<N>.png     page N (--dpi, 100 by default)
    build/archive/<id>/<id>-t<N>.png     thumbnail of page N (40 dpi)
    build/archive/<id>/archive.json      the build record and what the index shows
    build/archive/index.html             issues by year and month, search box
    build/archive/archive-data.js        issues, pages, article texts (for the page's script)
    build/archive/search-index.js        character-bigram / word index of titles and texts

`--verify` rebuilds every issue into a temporary folder and proves each PDF
matches its build.lock (exit 1 naming the issue and what differs otherwise);
with `--fresh` the font subsets are prepared anew in that folder too (slow).
"""
from __future__ import annotations

import datetime
import html
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from layout.errors import BanmianError, Log
from layout.i18n import M, N, lang as _lang
from layout.archive.lock import (current_source, lock_path, read_lock, sha256_file, write_json_atomic)

THUMB_DPI = 40
PAGE_DPI = 100
RECORD = "archive.json"
TEMPLATE = Path(__file__).resolve().parent / "index.html"


# -- which issues ------------------------------------------------------------

def discover(root: Path) -> tuple[list[Path], list[Path]]:
    """(issue folders with an issue.yaml, folders without one yet), sorted by id."""
    issues, unfinished = [], []
    if not root.is_dir():
        raise BanmianError(M("issues folder '{root}' does not exist",
                             root=root), hint=M("give the folder that "
                                                                                         "holds the issues, e.g. "
                                                                                         "issues"))
    for d in sorted(root.iterdir()):
        if not d.is_dir() or d.name.startswith(("_", ".")):
            continue
        (issues if (d / "issue.yaml").exists() else unfinished).append(d)
    return issues, unfinished


def _fingerprint(rec: dict) -> tuple:
    fonts = {k: (v.get("file"), v.get("sha256"), v.get("subset_sha256")) for k, v in (rec.get("fonts") or {}).items()}
    return (rec.get("banmian"), json.dumps(rec.get("options"), sort_keys=True),
            json.dumps(rec.get("house"), sort_keys=True), (rec.get("icc") or {}).get("sha256"),
            json.dumps(fonts, sort_keys=True), json.dumps(rec.get("inputs"), sort_keys=True),
            (rec.get("pdf") or {}).get("sha256"))


class _Sources:
    """Today's font sources and file hashes, resolved once per archive run."""

    def __init__(self):
        from layout.fonts import FontSet
        self.fonts = FontSet(log=Log())
        self.memo: dict = {}

    def code(self) -> dict[str, str]:
        """The program's own files and their hashes (as build.lock records them), hashed once."""
        if "code" not in self.memo:
            from layout.archive.lock import code_hashes
            self.memo["code"] = code_hashes()
        return self.memo["code"]

    def font(self, fid: str):
        if fid not in self.memo:
            self.memo[fid] = current_source(self.fonts, fid)
        return self.memo[fid]

    def same(self, path, sha: str | None, stats: dict) -> bool:
        """Does the file still have this hash? Unchanged size and mtime (recorded before it was hashed) say yes."""
        st = stats.get(_key(path))
        if st:
            try:
                s = os.stat(path)
                if [s.st_size, s.st_mtime_ns] == st:
                    return True
            except OSError:
                return False
        return self.file(path) == sha

    def file(self, path) -> str | None:
        key = ("file", str(path))
        if key not in self.memo:
            try:
                self.memo[key] = sha256_file(path)
            except OSError:
                self.memo[key] = None
        return self.memo[key]


def _key(path) -> str:
    return str(Path(path).resolve())


def file_stats(paths) -> dict:
    out = {}
    for p in paths:
        try:
            s = os.stat(p)
        except OSError:
            continue
        out[_key(p)] = [s.st_size, s.st_mtime_ns]
    return out


def outputs(out: Path, id: str, pages: int) -> list[Path]:
    d = out / id
    return [d / f"{id}.pdf"] + [d / f"{id}-{k}{n}.png" for n in range(1, pages + 1) for k in "pt"]


def stale_reason(issue_dir: Path, out: Path, src: _Sources, version: str) -> str | None:
    """Why the issue must be (re)built, or None when its archive build is current."""
    id = issue_dir.name
    try:
        data = json.loads((out / id / RECORD).read_text(encoding="utf-8"))
        rec = data["record"]
        stats = data.get("stat") or {}
    except (OSError, ValueError, KeyError):
        return "new"
    pages = (rec.get("pdf") or {}).get("pages", 0)
    if not all(p.exists() for p in outputs(out, id, pages)):
        return "outputs missing"
    if not src.same(out / id / f"{id}.pdf", rec["pdf"]["sha256"], stats):
        return "archived PDF differs from its record"
    try:
        lock = read_lock(issue_dir)
    except BanmianError:
        return "build.lock unreadable"
    if lock is not None and _fingerprint(lock) != _fingerprint(rec):
        return "build.lock differs from the last archive build"
    if rec.get("banmian") != version:
        return f"banmian {rec.get('banmian')} -> {version}"
    # the program itself (the same version number, other code): its PDF may differ now
    code = src.code()
    if rec.get("code") is not None and rec["code"] != code:
        changed = sorted(k for k in set(code) | set(rec["code"]) if code.get(k) != rec["code"].get(k))
        return "program code changed: " + ", ".join(changed[:3]) + (" …" if len(changed) > 3 else "")
    house = issue_dir.parent / rec["house"]["file"]
    if not src.same(house, rec["house"]["sha256"], stats):
        return f"house style {rec['house']['file']} changed"
    for name, sha in sorted((rec["house"].get("assets") or {}).items()):
        if not src.same(issue_dir.parent / name, sha, stats):
            return f"house style file {name} changed"
    icc = rec.get("icc") or {}
    if icc and src.file(icc.get("file")) != icc.get("sha256"):
        return f"ICC profile {icc.get('file')} changed"
    for fid, fr in sorted((rec.get("fonts") or {}).items()):
        s = src.font(fid)
        if s is None or s.sha256 != fr["sha256"] or s.index != fr.get("index", s.index):
            return f"font {fid} changed"
    changed = [rel for rel, h in sorted(rec["inputs"].items()) if not src.same(issue_dir / rel, h, stats)]
    if changed:
        return ", ".join(changed[:3]) + (" …" if len(changed) > 3 else "") + " changed"
    return None


# -- one issue (runs in a worker process) -----------------------------------

def first_line(e: BaseException) -> str:
    """The error on one line for the table (a BanmianError's message, its lines joined)."""
    if isinstance(e, BanmianError):
        if "\n" not in e.msg:
            return e.msg                # a message: the table shows it in the editor's language
        return " ".join(l.strip() for l in e.message.splitlines() if l.strip())
    return f"{type(e).__name__}: {e}".splitlines()[0]


def build_one(issue_dir: str, out: str, draft: bool, accept: bool, dpi: int) -> dict:
    """Build one issue into the archive: lock check, PDF, PNGs, record. Never raises."""
    from layout.build import build
    from layout.fonts import FontSet
    from layout.archive.lock import check_lock, write_lock
    issue_dir, out = Path(issue_dir), Path(out)
    id = issue_dir.name
    t0 = time.perf_counter()
    dest = out / id
    tmp = None
    try:
        # sizes and mtimes before anything is hashed: a later run trusts a file whose stat is unchanged
        stats = file_stats([*issue_dir.iterdir(), *(issue_dir.parent / "_house").iterdir()])
        log = Log()
        fonts = FontSet(log=log)
        check = check_lock(issue_dir, fonts, draft=draft, accept=accept, log=log)
        dest.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{id}-", dir=dest))
        result = build(issue_dir, tmp / f"{id}.pdf", draft=draft, log=log, fonts=fonts, issue=check.issue)  # parsed once
        note = write_lock(check, result, tmp / f"{id}.pdf")
        t_build = time.perf_counter() - t0
        pngs = rasterise(tmp / f"{id}.pdf", tmp, id, dpi)
        t_png = time.perf_counter() - t0 - t_build
        for f in [tmp / f"{id}.pdf"] + pngs:
            f.replace(dest / f.name)
        for old in dest.glob(f"{id}-[pt]*.png"):
            if old.name not in {f.name for f in pngs}:
                old.unlink()
        stats.update(file_stats([dest / f"{id}.pdf"]))
        write_json_atomic(dest / RECORD, {"record": check.final, "stat": stats,
                                          "meta": issue_meta(check.issue, len(result.pages))})
        if (dest / "error.txt").exists():
            (dest / "error.txt").unlink()
        return {"id": id, "status": "built", "seconds": time.perf_counter() - t0, "note": note,
                "warnings": len(log.warnings), "build_s": t_build, "png_s": t_png}
    except Exception as e:  # one issue's failure is reported in the table; the others go on
        detail = str(e) if isinstance(e, BanmianError) else traceback.format_exc()
        try:
            dest.mkdir(parents=True, exist_ok=True)
            (dest / "error.txt").write_text(detail, encoding="utf-8")
        except OSError:
            pass
        return {"id": id, "status": "failed", "seconds": time.perf_counter() - t0,
                "error": first_line(e), "detail": detail}
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def verify_one(issue_dir: str, tmp_root: str, fresh: bool = False) -> dict:
    """Rebuild one issue in a temporary folder and compare with its build.lock. Never raises."""
    from layout.build import build
    from layout.fonts import FontSet
    from layout.archive.lock import check_lock, write_lock
    issue_dir = Path(issue_dir)
    id = issue_dir.name
    t0 = time.perf_counter()
    try:
        lock = read_lock(issue_dir)
        if lock is None:
            raise BanmianError(M('{id}: no build.lock to verify against', id=id), lock_path(issue_dir),
                               hint=M('run `banmian archive` (or banmian build) to write one, and commit it'))
        opts = lock.get("options") or {}
        log = Log()
        # --fresh: prepare the font subsets anew (slow), so the cache cannot hide a changed fontTools
        fonts = FontSet(log=log, cache_dir=Path(tmp_root) / "cache" if fresh else None)
        check = check_lock(issue_dir, fonts, draft=opts.get("draft", False), marks=opts.get("marks"),
                           strict=True, log=log)
        out = Path(tmp_root) / id / f"{id}.pdf"
        result = build(issue_dir, out, draft=opts.get("draft", False), marks=opts.get("marks"), log=log, fonts=fonts,
                       issue=check.issue)
        note = write_lock(check, result, out)
        return {"id": id, "status": "verified", "seconds": time.perf_counter() - t0, "note": note}
    except Exception as e:
        detail = str(e) if isinstance(e, BanmianError) else traceback.format_exc()
        return {"id": id, "status": "failed", "seconds": time.perf_counter() - t0,
                "error": first_line(e), "detail": detail}


def rasterise(pdf: Path, dest: Path, id: str, dpi: int) -> list[Path]:
    """Thumbnails (40 dpi) and page PNGs rasterised by poppler's pdftoppm: <id>-t<N>.png, <id>-p<N>.png."""
    if not shutil.which("pdftoppm"):
        raise BanmianError(M("pdftoppm is not installed"), hint=M("run `make sysdeps` (Debian package "
                                                                  "poppler-utils)"))
    from PIL import Image
    files = []
    for kind, res in (("t", THUMB_DPI), ("p", dpi)):
        work = dest / f"r{kind}"
        work.mkdir()
        # raw PPM, encoded here: pdftoppm's own PNG writer takes 4x as long as its rasteriser
        subprocess.run(["pdftoppm", "-r", str(res), str(pdf), str(work / "x")], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        # pdftoppm pads page numbers to the width of the page count: x-1.ppm or x-01.ppm
        for f in sorted(work.glob("x-*.ppm"), key=lambda p: int(p.stem.split("-")[-1])):
            n = int(f.stem.split("-")[-1])
            png = dest / f"{id}-{kind}{n}.png"
            with Image.open(f) as im:
                im.save(png, format="PNG", compress_level=3)
            f.unlink()
            files.append(png)
    return files


def article_text(a) -> str:
    parts = [a.kicker, a.subtitle, "".join(s.text for s in a.lead)] + [p.text for p in a.paras]
    return "\n".join(p for p in parts if p)


def issue_meta(issue, npages: int) -> dict:
    """What the index shows of an issue: number, date, headlines per page, article texts."""
    from layout.source.model import ArticleBlock
    pages, articles = [], []
    for page in issue.pages:
        heads = []
        for b in page.blocks:
            if isinstance(b, ArticleBlock) and not b.continued:
                heads.append(b.article.title)
                articles.append({"page": page.number, "title": b.article.title,
                                 "file": b.article.file, "text": article_text(b.article)})
        pages.append({"number": page.number, "section": page.section, "headlines": heads})
    return {"id": issue.id, "number": issue.number, "total": issue.total, "date": issue.date.isoformat(),
            "title": issue.title, "paper": issue.house.paper_name, "house": issue.house.name,
            "pages": pages[:npages] if npages else pages, "articles": articles}


# -- the index ----------------------------------------------------------------

def _is_han(c: str) -> bool:
    cp = ord(c)
    return (0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF
            or 0x20000 <= cp <= 0x3134F)


def tokens(text: str) -> list[str]:
    """Han runs -> character bigrams, ASCII letter/digit runs -> words (lower case); the rest separates.

    The page's script (index.html) tokenizes queries the same way.
    """
    out: list[str] = []
    run: list[str] = []
    kind = None

    def flush():
        if kind == "h":
            out.extend(run[i] + run[i + 1] for i in range(len(run) - 1))
        elif kind == "w":
            out.append("".join(run))

    for c in text.lower():
        k = "h" if _is_han(c) else ("w" if c.isascii() and c.isalnum() else None)
        if k != kind:
            flush()
            run, kind = [], None
        if k:
            run.append(c)
            kind = k
    flush()
    return out


def _month(d: str) -> tuple[int, int]:
    dt = datetime.date.fromisoformat(d)
    return dt.year, dt.month


def write_index(out: Path, metas: list[dict]) -> Path:
    """index.html + archive-data.js + search-index.js from the issues' records (newest first)."""
    metas = sorted(metas, key=lambda m: (m["date"], m["id"]))
    issues, docs, postings = [], [], {}
    for i, m in enumerate(metas):
        id = m["id"]
        label = f"{m['date']} 第{m['number']}期"
        issues.append({"id": id, "label": label, "pdf": f"{id}/{id}.pdf",
                       "pages": [{"section": p["section"], "png": f"{id}/{id}-p{p['number']}.png"}
                                 for p in m["pages"]]})
        for a in m["articles"]:
            d = len(docs)
            docs.append({"i": i, "p": a["page"], "t": a["title"], "x": a["text"]})
            for tok in set(tokens(a["title"] + "\n" + a["text"])):
                postings.setdefault(tok, []).append(d)
    # delta-encoded, sorted posting lists keep the file small
    enc = {}
    for tok in sorted(postings):
        ids, prev, deltas = postings[tok], 0, []
        for d in ids:
            deltas.append(d - prev)
            prev = d
        enc[tok] = deltas
    js = lambda name, obj: ("window." + name + " = " +
                            json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + ";\n")
    _write(out / "archive-data.js", js("BANMIAN_ARCHIVE", {"issues": issues, "docs": docs}))
    _write(out / "search-index.js", js("BANMIAN_INDEX", {"postings": enc}))

    # the listing: year, month, issue cards (newest first), written into the page itself
    e = lambda s: html.escape(str(s), quote=True)
    parts, year, month = [], None, None
    for m in reversed(metas):
        y, mo = _month(m["date"])
        if y != year:
            if year is not None:
                parts.append("</div>")
            parts.append(f'<h2 class="year" id="y{y}">{y} 年</h2>')
            year, month = y, None
        if mo != month:
            if month is not None:
                parts.append("</div>")
            parts.append(f'<h3 class="month" id="y{y}-{mo:02d}">{y} 年 {mo} 月</h3><div class="issues">')
            month = mo
        id = m["id"]
        pages = []
        for p in m["pages"]:
            n = p["number"]
            pages.append(f'<li><a href="{e(id)}/{e(id)}-p{n}.png"><span class="sec">第{n}版 {e(p["section"])}</span></a>'
                         ' '
                         f'<span class="hl">{e("；".join(p["headlines"]))}</span></li>')
        minis = [f'<a href="{e(id)}/{e(id)}-p{p["number"]}.png" title="第{p["number"]}版 {e(p["section"])}">'
                 f'<img class="mini" src="{e(id)}/{e(id)}-t{p["number"]}.png" alt="第{p["number"]}版" loading="lazy"></a>'
                 for p in m["pages"]]
        total = f"（总第{m['total']}期）" if m.get("total") and m["total"] != m["number"] else ""
        parts.append(
            f'<article class="issue" id="issue-{e(id)}" data-issue="{e(id)}">'
            f'<a href="{e(id)}/{e(id)}.pdf"><img class="thumb" src="{e(id)}/{e(id)}-t1.png" '
            f'alt="{e(id)} 第1版" loading="lazy"></a>'
            f'<div class="info"><div class="num"><a href="{e(id)}/{e(id)}.pdf">第{m["number"]}期</a>{e(total)}</div>'
            f'<div class="date">{e(m["date"])}</div><div class="minis">{"".join(minis)}</div>'
            f'<ol class="pages">{"".join(pages)}</ol></div></article>')
    if metas:
        parts.append("</div>")
    nav, seen = [], set()
    for m in reversed(metas):
        y, mo = _month(m["date"])
        if y not in seen:
            seen.add(y)
            nav.append(f'{"<br>" if len(seen) > 1 else ""}<a class="y" href="#y{y}">{y}</a>')
        if (y, mo) not in seen:
            seen.add((y, mo))
            nav.append(f'<a href="#y{y}-{mo:02d}">{mo}月</a>')
    parts.insert(0, f'<nav class="months">{" ".join(nav)}</nav>')
    paper = metas[-1]["paper"] if metas else "banmian"
    page = (TEMPLATE.read_text(encoding="utf-8")
            .replace("{{TITLE}}", e(f"{paper} 存档"))
            .replace("{{PAPER}}", e(paper))
            .replace("{{COUNT}}", e(f"{len(metas)} 期，{len(docs)} 篇文章"))
            .replace("{{LISTING}}", "\n".join(parts)))
    _write(out / "index.html", page)
    return out / "index.html"


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


# -- progress and the table -------------------------------------------------

class Progress:
    """A bar on stderr (one line per step when stderr is not a terminal)."""

    def __init__(self, total: int, what: str, stream=None):
        self.total, self.what, self.done = total, what, 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.t0 = time.perf_counter()
        if total:
            self._draw("")

    def step(self, label: str) -> None:
        self.done += 1
        self._draw(label)

    def _draw(self, label: str) -> None:
        w = 30
        fill = int(w * self.done / self.total) if self.total else w
        bar = "#" * fill + "-" * (w - fill)
        text = f"{self.what} [{bar}] {self.done}/{self.total} {time.perf_counter() - self.t0:5.1f}s {label}"
        if self.tty:
            self.stream.write("\r\x1b[K" + text)
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(text + "\n")
        self.stream.flush()


def _run(fn, jobs: int, tasks: list[tuple], progress: Progress) -> list[dict]:
    """fn(*task) for each task, in `jobs` processes (in this one when jobs == 1 or one task)."""
    results = []
    if jobs <= 1 or len(tasks) <= 1:
        for t in tasks:
            r = fn(*t)
            progress.step(f"{r['id']} {r['status']}")
            results.append(r)
        return results
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=ctx) as pool:
        futs = {pool.submit(fn, *t): t for t in tasks}
        for f in as_completed(futs):
            try:
                r = f.result()
            except Exception as e:   # a worker that died (killed, out of memory)
                r = {"id": Path(futs[f][0]).name, "status": "failed", "error": f"worker died: {e}", "seconds": 0}
            progress.step(f"{r['id']} {r['status']}")
            results.append(r)
    return results


STATUS = {"built": M("built"), "up to date": M("up to date"), "failed": M("failed"), "skipped": M("skipped"),
          "match": M("match"), "differ": M("differ")}


def table(rows: list[dict], out=None, L=None) -> None:
    out, L = out or sys.stdout, L or _lang("en")
    head = [L.text(w) for w in (M("issue"), M("status"), M("time"), M("note"))]
    print(f"{head[0]:12} {head[1]:11} {head[2]:>6}  {head[3]}", file=out)
    for r in sorted(rows, key=lambda r: r["id"]):
        t = f"{r['seconds']:.1f}s" if r.get("seconds") else ""
        note = r.get("error") or r.get("note") or ""
        print(f"{r['id']:12} {L.text(STATUS.get(r['status'], r['status'])):11} {t:>6}  {L.text(note)}", file=out)


# -- the command ---------------------------------------------------------------

def run_archive(args) -> int:
    root = Path(getattr(args, "issues_root", "issues") or "issues")
    out = Path(getattr(args, "out", "build/archive") or "build/archive")
    jobs = getattr(args, "jobs", 0) or os.cpu_count() or 1
    issues, unfinished = discover(root)
    L = getattr(args, "L", None) or _lang("en")
    if getattr(args, "verify", False):
        return _verify(issues, unfinished, jobs, bool(getattr(args, "fresh", False)), L)
    from layout import __version__
    draft = bool(getattr(args, "draft", False))
    accept = bool(getattr(args, "accept", False))
    dpi = int(getattr(args, "dpi", 0) or PAGE_DPI)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()

    src = _Sources()
    rows, todo = [], []
    for d in issues:
        why = stale_reason(d, out, src, __version__)
        if why is None:
            rows.append({"id": d.name, "status": "up to date"})
        else:
            todo.append((d, why))
    for d in unfinished:
        rows.append({"id": d.name, "status": "skipped", "note": M("no issue.yaml yet")})
    t_check = time.perf_counter() - t0

    progress = Progress(len(todo), L.text(M("archive")))
    why = {d.name: w for d, w in todo}
    built = _run(build_one, jobs, [(str(d), str(out), draft, accept, dpi) for d, _ in todo], progress)
    for r in built:
        if r["status"] == "built":
            lock_note = r.get("note", "").split(" (")[0].replace(str(lock_path(Path(root).resolve() / r["id"])), "build.lock")
            r["note"] = f"{why[r['id']]}; {lock_note}".strip("; ")
    rows += built

    metas = []
    for d in issues:
        try:
            metas.append(json.loads((out / d.name / RECORD).read_text(encoding="utf-8"))["meta"])
        except (OSError, ValueError, KeyError):
            pass
    t1 = time.perf_counter()
    index = write_index(out, metas)
    t_index = time.perf_counter() - t1
    table(rows, L=L)
    n = {s: sum(1 for r in rows if r["status"] == s) for s in ("built", "up to date", "failed", "skipped")}
    print(L.text(N("{n} issue: {built} built, {current} up to date, {failed} failed{skipped} ({jobs} jobs, check "
                   "{check:.2f} s, total {total:.1f} s)", "{n} issues: {built} built, {current} up to date, {failed} "
                   "failed{skipped} ({jobs} jobs, check {check:.2f} s, total {total:.1f} s)", len(issues),
                   built=n["built"], current=n["up to date"], failed=n["failed"],
                   skipped=N(", {n} folder without issue.yaml", ", {n} folders without issue.yaml", n["skipped"])
                   if n["skipped"] else "", jobs=jobs, check=t_check, total=time.perf_counter() - t0)))
    if n["built"]:
        done = [r for r in rows if r["status"] == "built"]
        print(L.text(M("built {n}: build {build:.1f} s, PNGs {png:.1f} s, index {index:.2f} s (summed over jobs)",
                       n=len(done), build=sum(r["build_s"] for r in done), png=sum(r["png_s"] for r in done),
                       index=t_index)))
    print(L.text(N("index: {index} ({n} issue)", "index: {index} ({n} issues)", len(metas), index=index)))
    for r in rows:
        if r["status"] == "failed":
            print(f"\n{r['id']}: {r.get('detail') or r.get('error')}", file=sys.stderr)
    return 1 if n["failed"] else 0


def _verify(issues: list[Path], unfinished: list[Path], jobs: int, fresh: bool = False, L=None) -> int:
    L = L or _lang()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="banmian-verify-") as tmp:
        progress = Progress(len(issues), L.text(M("verify")))
        rows = _run(verify_one, jobs, [(str(d), tmp, fresh) for d in issues], progress)
    rows += [{"id": d.name, "status": "skipped", "note": M("no issue.yaml yet")} for d in unfinished]
    table(rows, L=L)
    bad = [r for r in rows if r["status"] == "failed"]
    print(L.text(N("{n} issue: {good} match their build.lock, {bad} differ ({s:.1f} s)",
                   "{n} issues: {good} match their build.lock, {bad} differ ({s:.1f} s)", len(issues),
                   good=len(issues) - len(bad), bad=len(bad), s=time.perf_counter() - t0)))
    for r in bad:
        print(f"\n{r['id']}: {r.get('detail') or r.get('error')}", file=sys.stderr)
    return 1 if bad else 0

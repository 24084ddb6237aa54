"""`banmian serve ISSUE_DIR`: the live preview page.

One builder thread keeps the issue built (a draft, in one resident process like
`banmian watch`: fonts and composed paragraphs stay loaded), turns each new PDF into
page images with poppler's pdftoppm, and bumps a version number; the HTTP server
(the standard library's ThreadingHTTPServer, bound to 127.0.0.1 only) serves the
page, its state as JSON, the page images (JPEG), and /events, a server-sent event stream that
tells every open page about each new version so it fetches the state again (no
reload, no polling). A build that fails keeps the last good pages on show, with the
error beside the page it concerns.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from layout.errors import BanmianError, Log
from layout.i18n import M, N
from layout.preview.notes import page_map, pages_of

DPI = 100              # an A3 page 1169 px wide: 小五 body text about 12 px, readable without zoom
PAGE_HTML = Path(__file__).with_name("page.html")


class Preview:
    """The builder and the server of one issue. start() returns once the port is bound."""

    def __init__(self, issue_dir: Path, port: int = 8046, dpi: int | None = None, interval: float = 0.2,
                 report=print, L=None):
        from layout.i18n import lang
        self.L = L or lang("en")        # the editor's language: the page's labels and its notes
        self.issue_dir = Path(issue_dir)
        if not (self.issue_dir / "issue.yaml").exists():
            raise BanmianError(M('issue.yaml not found'), self.issue_dir, hint=M('give the folder that holds issue.yaml'))
        if not shutil.which("pdftoppm"):
            raise BanmianError(M('pdftoppm is not installed'), hint=M('run `make sysdeps` (Debian package poppler-utils)'))
        self.dpi = dpi or DPI
        self.interval = interval
        self.report = report
        self.work = Path(tempfile.mkdtemp(prefix="banmian-serve-"))
        self.state: dict = {"version": 0, "building": True, "pages": [], "issue": [], "error": None}
        self.images: dict[str, bytes] = {}
        self.changed = threading.Condition()
        self._stop = threading.Event()
        self._pmap: dict | None = None
        self._keys: dict[int, str] = {}          # page -> sha256 of what it is made of, as last rendered
        self.rendered: list[int] = []            # the pages the last build re-rendered
        try:
            self.httpd = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        except OSError as e:
            raise BanmianError(M('cannot listen on 127.0.0.1:{port}: {strerror}', port=port, strerror=e.strerror),
                               hint=M('give another port with --port'))
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"

    # -- running ----------------------------------------------------------------------

    def start(self) -> "Preview":
        self._threads = [threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True),
                         threading.Thread(target=self._builder, daemon=True)]
        for t in self._threads:
            t.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        with self.changed:
            self.changed.notify_all()
        self.httpd.shutdown()
        self.httpd.server_close()
        for t in self._threads:
            t.join(10)
        shutil.rmtree(self.work, ignore_errors=True)

    def _builder(self) -> None:
        from layout.build import _stamp
        from layout.compose.cache import CompositionCache
        from layout.fonts import FontSet
        fonts, cache, seen = None, CompositionCache(), None
        while not self._stop.is_set():
            now = _stamp(self.issue_dir)
            if now == seen:
                self._stop.wait(self.interval)
                continue
            if seen is not None:
                # a save in progress: build once the files stay the same for one more look
                self._stop.wait(self.interval)
                if _stamp(self.issue_dir) != now:
                    continue
            seen = now
            log = Log()
            try:
                fonts = fonts or FontSet(log=log)
                fonts.log = log
                self._build_once(log, fonts, cache)
            except BanmianError as e:
                self._publish(error=e, log=log)
            except Exception as e:                   # the page must say so, not go quiet
                self._publish(error=BanmianError(M('internal error: {name}: {e}', name=type(e).__name__, e=e)), log=log)

    def _build_once(self, log: Log, fonts, cache) -> None:
        from layout.build import build
        t0 = time.perf_counter()
        pdf = self.work / "issue.pdf"
        result = build(self.issue_dir, pdf, draft=True, log=log, fonts=fonts, cache=cache)
        self._pmap = page_map(result.issue)
        images = self._render(pdf, len(result.pages))
        pages = []
        for page in result.issue.pages:
            titles = [b.article.title for b in page.blocks if hasattr(b, "article") and not b.continued]
            pages.append({"number": page.number, "section": page.section, "titles": titles})
        self._publish(pages=pages, images=images, log=log, seconds=time.perf_counter() - t0)
        cache.flush()            # the composition file (build left it to write after the preview)

    def _render(self, pdf: Path, n: int) -> list[bytes]:
        """One JPEG per page (a fifth of PNG's encoding time, text still crisp at quality 90); a
        page whose PDF content and resources are what they were keeps its image: an edit to
        one article re-renders the pages it is on."""
        keys = _page_keys(pdf)
        todo = [i for i in range(1, n + 1) if self._keys.get(i) != keys[i - 1] or str(i) not in self.images]
        out = {i: self.images[str(i)] for i in range(1, n + 1) if i not in todo}
        runs = _ranges(todo)
        procs = []
        for first, last in runs:
            prefix = self.work / f"r{first}"
            procs.append(subprocess.Popen(["pdftoppm", "-r", str(self.dpi), "-jpeg", "-jpegopt", "quality=90",
                                           "-f", str(first), "-l", str(last), str(pdf), str(prefix)],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        for p in procs:
            _, err = p.communicate()
            if p.returncode:
                raise BanmianError(M('pdftoppm failed: {strip}', strip=err.decode(errors='replace').strip()))
        for first, last in runs:
            files = sorted(self.work.glob(f"r{first}-*.jpg"), key=lambda f: int(f.stem.rsplit("-", 1)[1]))
            for f in files:
                out[int(f.stem.rsplit("-", 1)[1])] = f.read_bytes()
                f.unlink()
        self._keys = {i: keys[i - 1] for i in range(1, n + 1)}
        self.rendered = todo
        return [out[i] for i in range(1, n + 1)]

    def _publish(self, pages=None, images=None, log: Log | None = None, error: BanmianError | None = None,
                 seconds: float | None = None) -> None:
        """A new state for the page: pages and images of a good build, or the error of a failed one
        (the last good pages stay); every message filed under the page it concerns."""
        with self.changed:
            v = self.state["version"] + 1
            if pages is not None:
                old = {p["number"]: p["image"] for p in self.state["pages"]}
                self.state["pages"] = [dict(p, notes=[], image=old.get(p["number"])
                                            if p["number"] not in self.rendered and old.get(p["number"])
                                            else f"/page/{p['number']}.jpg?v={v}") for p in pages]
                self.images = {str(p["number"]): img for p, img in zip(pages, images)}
            else:
                for p in self.state["pages"]:
                    p["notes"] = []
            L = self.L
            notes = [("warning", w.message, w.file, w.line, w.render(L)) for w in (log.warnings if log else [])]
            if error is not None:
                notes.append(("error", error.message, error.file, error.line,
                              "\n".join(L.text(M("error: {what}", what=e.render(L))) for e in error.errors)))
            general = []
            by_number = {p["number"]: p for p in self.state["pages"]}
            for kind, message, file, line, text in notes:
                item = {"kind": kind, "text": text}
                targets = [n for n in pages_of(self._pmap, file, line) if n in by_number]
                for n in targets:
                    by_number[n]["notes"].append(item)
                if not targets:
                    general.append(item)
            self.state.update(version=v, building=False, issue=general,
                              error=None if error is None else str(error),
                              seconds=None if seconds is None else round(seconds, 2))
            self.changed.notify_all()
        if error is not None:
            for one in error.errors:
                self.report(M("banmian: error: {error}", error=one))
        else:
            self.report(N("built {n} page in {s:.2f} s (version {v})", "built {n} pages in {s:.2f} s (version {v})",
                          len(pages), s=seconds, v=v))
        for w in (log.warnings if log else []):
            self.report(w.as_msg())

    def snapshot(self) -> dict:
        with self.changed:
            return json.loads(json.dumps(self.state))


def _handler(preview: Preview):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):            # the terminal shows builds, not requests
            pass

        def _send(self, body: bytes, ctype: str, status=HTTPStatus.OK) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            path = self.path.split("?", 1)[0]
            if path == "/":
                return self._send(page_html(preview.L), "text/html; charset=utf-8")
            if path == "/state":
                return self._send(json.dumps(preview.snapshot(), ensure_ascii=False).encode(),
                                  "application/json; charset=utf-8")
            if path.startswith("/page/") and path.endswith(".jpg"):
                img = preview.images.get(path[len("/page/"):-len(".jpg")])
                if img is not None:
                    return self._send(img, "image/jpeg")
            if path == "/events":
                return self._events()
            self._send(b"not found", "text/plain", HTTPStatus.NOT_FOUND)

        def _events(self):
            """Server-sent events: the version now, then each new one as it is published."""
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            sent = None
            try:
                while not preview._stop.is_set():
                    with preview.changed:
                        if preview.state["version"] == sent:
                            preview.changed.wait(15)
                        v = preview.state["version"]
                    if v != sent:
                        self.wfile.write(f"data: {v}\n\n".encode())
                        sent = v
                    else:
                        self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass
    return Handler


def _page_keys(pdf: Path) -> list[str]:
    """Per page, a sha256 of its content streams and of every object its resources reach (fonts,
    images): two pages with the same key look the same."""
    import hashlib
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    def feed(h, obj, seen):
        if isinstance(obj, IndirectObject):
            if obj.idnum in seen:
                h.update(b"@%d" % seen[obj.idnum])
                return
            seen[obj.idnum] = len(seen)
            obj = obj.get_object()
        if isinstance(obj, StreamObject):
            h.update(obj.get_data())
        if isinstance(obj, DictionaryObject):
            for k in sorted(obj):
                if k not in ("/Parent", "/Annots"):
                    h.update(k.encode())
                    feed(h, obj.raw_get(k), seen)
        elif isinstance(obj, ArrayObject):
            for x in obj:
                feed(h, x, seen)
        else:
            h.update(repr(obj).encode())

    out = []
    for page in PdfReader(pdf).pages:
        h = hashlib.sha256()
        for k in ("/Contents", "/Resources", "/MediaBox", "/TrimBox", "/BleedBox"):
            if k in page:
                h.update(k.encode())
                feed(h, page.raw_get(k), {})
        out.append(h.hexdigest())
    return out


def _ranges(pages: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of page numbers, one pdftoppm each (at most two at once: two cores)."""
    runs: list[list[int]] = []
    for p in pages:
        if runs and runs[-1][1] == p - 1:
            runs[-1][1] = p
        else:
            runs.append([p, p])
    if len(runs) == 1 and runs[0][1] > runs[0][0]:          # one long run: halve it for two cores
        a, b = runs[0]
        mid = (a + b) // 2
        runs = [[a, mid], [mid + 1, b]]
    return [tuple(r) for r in runs]


def page_html(L) -> bytes:
    """The preview page with its labels in the editor's language (the page's script reads LABELS)."""
    labels = {"title": M("banmian preview"), "building": M("building…"),
              "error": M("error: the pages shown are the last good build"),
              "built": M("built in {seconds} s (version {version})", seconds="{seconds}", version="{version}"),
              "page": M("第 {page} 版", page="{page}")}
    text = PAGE_HTML.read_text(encoding="utf-8")
    text = text.replace("/*LABELS*/null", json.dumps({k: L.text(v) for k, v in labels.items()}, ensure_ascii=False))
    text = text.replace('data-version="0">building…<', f'data-version="0">{L.text(labels["building"])}<')
    return text.replace("<title>banmian preview</title>", f"<title>{L.text(labels['title'])}</title>").encode()


def serve(issue_dir: Path, port: int = 8046, dpi: int | None = None, L=None) -> int:
    from layout.i18n import lang
    L = L or lang("en")
    preview = Preview(issue_dir, port, dpi, report=lambda m: print(L.text(m), flush=True), L=L).start()
    print(L.text(M("serving {folder} at {url} (Ctrl-C to stop)", folder=issue_dir, url=preview.url)), flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
    return 0

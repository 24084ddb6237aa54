"""Build an issue: the whole pipeline, one call per stage.

    build(issue_dir, out_pdf) -> BuildResult

manifest -> fonts (prepared for the issue's characters; a character no font
has is an error before layout) -> make-up (composition happens inside, per
paragraph) -> PDF/X -> preflight. Nothing is written unless every stage
before the PDF succeeded, and the PDF itself is written atomically.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from layout.compose.cache import CompositionCache
from layout.errors import BanmianError, Log
from layout.i18n import M, N, join
from layout.fonts import FontSet
from layout.makeup.grid import Ctx, Grid
from layout.source.manifest import load_issue
from layout.source.model import ArticleBlock, FigureBlock, FigureItem, Issue, KantouBlock, PhotoBlock
from layout.boxes import Page


@dataclass
class BuildResult:
    issue: Issue
    pages: list[Page]
    pdf: Path | None
    log: Log
    timings: dict[str, float] = field(default_factory=dict)
    plans: list = field(default_factory=list)          # makeup.plan.PagePlan of every planned page
    fits: list = field(default_factory=list)      # copyfit figures of every article block (makeup/copyfit.py)


def build(issue_dir, out: Path | None = None, draft: bool = False, marks: bool | None = None,
          log: Log | None = None, fonts: FontSet | None = None,
          cache: CompositionCache | None = None, issue: Issue | None = None,
          copyfit: bool = False, finish=None) -> BuildResult:
    """Build an issue. A resident caller (watch) passes its own `fonts` and `cache` to keep
    faces and composed paragraphs in memory from one build to the next; a caller that has
    loaded the issue already (the CLI, for its build.lock check) passes it as `issue`
    (the model is immutable, so it is the same issue this build would read). `finish` does the
    PDF/X step (the command's helper process: render/finisher.py)."""
    log = log or Log()
    t = _Timer()
    # 1. read and validate the manifest and its articles
    issue = issue if issue is not None else load_issue(issue_dir, log)
    from layout.source.tidy import warn_marks
    # ASCII , : ( ) " typed between Chinese characters (a resident build remembers each text's)
    warn_marks(issue, log, None if cache is None else cache.stages.setdefault("marks", {}))
    t.lap("parse")
    # 2. prepare the faces for the issue's characters; missing glyphs stop here
    fonts = fonts or FontSet(log=log)
    # (and the hyphen the composer draws when it hyphenates an overlong Latin word)
    every = [(el, text) for el, text, _ in texts(issue)]
    chars = frozenset(c for _, text in every for c in text) | {"-"}
    resident = cache is not None
    ctx = Ctx(issue, issue.house, Grid(issue.house), fonts, chars, log, cache=cache or CompositionCache(),
              copyfit=copyfit)
    check_coverage(issue, ctx)
    log.stop()
    # the headlines' characters: the word segmenter loads only the words they can make (words.py)
    ctx.words.expect(c for el, text in every if el in HEADLINE_TEXTS for c in text)
    t.lap("fonts")
    # 3. plan the pages whose blocks carry no geometry, then compose and make up every page
    #    (paragraphs unchanged since the last build come from its cache; the planner's trials too)
    from layout.makeup.page import make_up
    cache_file = _compose_cache(issue)
    ctx.cache.load(cache_file)
    if resident:                     # a page whose inputs did not change is not made up again
        from layout.makeup.pagememo import PageMemo
        from layout.render.pagecache import DrawMemo
        ctx.cache.stages.setdefault("pages", PageMemo())
        ctx.cache.stages.setdefault("pdf", DrawMemo())
    plans = []
    if any(p.unplaced for p in issue.pages):        # (the planner is imported only for them)
        from layout.makeup.plan import plan_issue
        issue, plans = plan_issue(issue, ctx, draft=draft)
    ctx.issue = issue
    if plans:
        t.lap("plan")
    pages = make_up(issue, ctx, draft=draft)
    # (a resident build writes the file once the PDF is out: watch and serve call flush())
    ctx.cache.save(cache_file, keep=resident, later=resident)
    t.lap("makeup")
    # 4. draw the PDF/X file
    pdf = None
    if out is not None:
        pdf = Path(out)
        write_pdf(issue, pages, ctx, pdf, marks, finish)
        t.lap("pdf")
    return BuildResult(issue, pages, pdf, log, t.laps, plans, _final_fits(ctx.fits))


def _final_fits(fits: list) -> list:
    """The copyfit figures of the pages as built: the planner sets trial pages (page 0, or a page
    set again), so each block keeps its last record, in the order the final pages were made."""
    last = {}
    for i, f in enumerate(fits):
        if f.page > 0:
            last[(f.page, f.file, f.col, f.line, f.span)] = (i, f)
    return [f for _, f in sorted(last.values(), key=lambda x: x[0])]


def write_pdf(issue: Issue, pages: list[Page], ctx: Ctx, out: Path, marks: bool | None, finish=None) -> None:
    from layout.render import profile
    from layout.render.pdf import PdfMeta, render
    house = issue.house
    meta = PdfMeta(title=issue.title, issue=issue.id, paper=house.paper_name, date=issue.date,
                   flavour="x1a" if house.pdf_standard == "PDF/X-1a" else "x4",
                   bleed_pt=house.bleed, marks=house.marks if marks is None else marks,
                   icc_profile=None if house.icc == "default" else house.icc,
                   author=house.paper_name, max_ink=house.max_ink)
    faces = {k: ctx.faces[k] for k in sorted(ctx.faces)}      # this build's faces, not a resident
    # the photos first: in a cold build the faces are still being made in child processes
    from layout.render.photos import prepare_photos
    prepare_photos(pages, meta.icc_profile or profile.DEFAULT_CMYK_PROFILE, meta.max_ink)
    for f in faces.values():                                   # FontSet's older ones (watch, serve)
        f.path                                                 # waits for a face still in the making
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise BanmianError(M('cannot create the output folder {parent}: {v}', parent=out.parent, v=e.strerror or e),
                           hint=M('choose another output file with -o'))
    render(pages, faces, meta, out, memo=ctx.cache.stages.get("pdf"), finish=finish)


def texts(issue: Issue):
    """Every piece of text the issue sets: (element, text, (file, line))."""
    h = issue.house
    yield "masthead", h.paper_name, (h.file, None)
    yield "masthead_info", h.publisher + h.permit + h.edition + h.cn, (h.file, None)
    if h.lunar:
        from layout.makeup.furniture import lunar_text
        yield "masthead_info", lunar_text(issue.date), (h.file, None)
    yield "credit", "".join(label + value for label, value in h.imprint), (h.file, None)
    for page in issue.pages:
        yield "runninghead", page.section + page.editor, (issue.manifest, page.source.line)
        for b in page.blocks:
            src = (b.pos.source.file, b.pos.source.line)
            if isinstance(b, ArticleBlock):
                a = b.article
                for el, text in (("kicker", a.kicker), ("title", a.title), ("title_minor", a.title), ("subtitle", a.subtitle),
                                 ("byline", a.byline), ("dateline", a.dateline),
                                 ("lead_label", a.lead_label), ("crosshead", a.title)):
                    yield el, text, (a.path, None)
                for s in a.lead:
                    yield ("bold" if s.style == "bold" else "lead"), s.text, (a.path, None)
                for p in a.paras:
                    el = {"crosshead": "crosshead", "pullquote": "pullquote"}.get(p.kind, "body")
                    for s in p.spans:
                        yield ("bold" if s.style == "bold" and el == "body" else el), s.text, (a.path, p.source.line)
                    if p.table:
                        for el, cells in [("table_head", p.table.head)] + [("table", r) for r in p.table.rows]:
                            for s in (s for cell in cells for s in cell):
                                yield ("bold" if s.style == "bold" else el), s.text, (a.path, p.source.line)
            elif isinstance(b, FigureBlock):
                yield "figure_title", b.kicker + b.title + b.subtitle, src
                yield "figure_text", b.intro + b.source_note, src
                for f in b.figures:
                    if isinstance(f, FigureItem):
                        yield "figure_heading", (b.marker or "") + (issue.house.el("figure_heading").marker or "●") + f.heading, src
                        for s in f.spans:
                            yield ("figure_bold" if s.style == "bold" else "figure_text"), s.text, src
                        continue
                    yield "figure_value", f.value + f.unit, src
                    yield "figure_label", f.label + f.change + f.rank, src
                    yield "figure_text", f.note + f.change + f.rank, src
                if b.chart:
                    c = b.chart
                    yield "figure_label", c.title + "".join(c.labels) + c.unit, src
                    yield "figure_text", "".join(c.labels) + "".join(c.texts) + "".join(x for r in c.rows for x in r), src
                    yield "figure_label", "".join(c.texts) + "".join(r[0] for r in c.rows) + "".join(c.labels), src
            elif isinstance(b, KantouBlock):
                yield "kantou", b.title, src
                yield "kantou_sub", b.subtitle, src
            elif isinstance(b, PhotoBlock):
                yield "caption", b.caption, src
                yield "credit", b.credit, src


IGNORED = set(" \n\t\u3000")
HEADLINE_TEXTS = {"kicker", "title", "title_minor", "subtitle", "crosshead", "figure_title", "kantou"}


def check_coverage(issue: Issue, ctx: Ctx) -> None:
    """Every character must be in its element's face (or a fallback); before layout, name every one
    that is not, each at its first place, in file and line order (one message for the whole issue)."""
    missing: dict[str, tuple] = {}           # character -> (file, line, column, element, el)
    lines_of: dict[str, list[str]] = {}
    files: list[str] = []                    # files in the order the issue reads them
    known: dict[str, set] = {}              # face id -> characters found in it (each asked once)
    for element, text, (file, line) in texts(issue):
        if not text:
            continue
        face, el = ctx.element("body" if element == "body" else element)
        has = known.setdefault(face.id, set())
        if has.issuperset(text):
            continue
        for ch in dict.fromkeys(text):       # in the order of the text, not a set's hash order
            if ch in has:
                continue
            if face.has(ch):
                has.add(ch)
                continue
            if ch in IGNORED or ch in missing or ctx.fallback(face, ch):
                continue
            if file not in lines_of:
                lines_of[file] = _lines(file)
                files.append(file)
            where = _find(lines_of[file], ch, line)
            missing[ch] = (file, *where, element, el)
    if not missing:
        return
    order = sorted(missing.items(), key=lambda kv: (files.index(kv[1][0]), kv[1][1] or 0, kv[1][2] or 0))
    first_ch, (file, line, col, element, el) = order[0]
    listed = join([M("'{ch}' (U+{code:04X}) at {where} ({element}, {role} {weight})", ch=ch, code=ord(ch),
                      where=f"{Path(f).name}:{ln or '?'}" + (f":{c}" if c else ""), element=elm, role=e.role,
                      weight=e.weight) for ch, (f, ln, c, elm, e) in order], M("; "))
    face, _ = ctx.element("body" if element == "body" else element)
    tried = [f"{face.source.name} ({face.source.path})"] + \
            [f"{s.name} ({s.path})" for s in ctx.fonts.fallback_sources(el.role)]
    n = len(order)
    roles = list(dict.fromkeys(e.role for _, (_, _, _, _, e) in order))
    hint = N("replace the character, or add a font that has it under {fallbacks} in fonts/fonts.yaml",
             "replace the characters, or add a font that has them under {fallbacks} in fonts/fonts.yaml", n,
             fallbacks=" / ".join(f"`fallback: {r}:`" for r in roles))
    if n == 1:
        raise BanmianError(M("character '{ch}' (U+{code:04X}) is not in any font for {element} ({role} {weight}); "
                             "tried: {tried}", ch=first_ch, code=ord(first_ch), element=element, role=el.role,
                             weight=el.weight, tried=", ".join(tried)), file, line, col, hint=hint)
    raise BanmianError(M("{n} characters are not in any font: {listed}; tried for '{ch}': {tried}", n=n, listed=listed,
                         ch=first_ch, tried=", ".join(tried)), file, line, col, hint=hint)


def _lines(file) -> list[str]:
    try:
        return Path(file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeError):
        return []


def _find(lines: list[str], ch: str, line: int | None) -> tuple[int | None, int | None]:
    """(line, column) of the first `ch` at or after `line` in the file's lines."""
    for i, l in enumerate(lines, 1):
        if (line is None or i >= line) and ch in l:
            return i, l.index(ch) + 1
    return line, None


def _compose_cache(issue: Issue) -> Path:
    import hashlib
    from layout.fonts import DEFAULT_CACHE
    return DEFAULT_CACHE / "compose" / (hashlib.sha256(issue.dir.encode()).hexdigest()[:20] + ".marshal")


def watch(issue_dir, out: Path, interval: float = 0.02, max_builds: int | None = None,
          draft: bool = True, report=print) -> int:
    """Rebuild the issue whenever one of its files changes, in one resident process.

    An editor on deadline night edits, saves and looks: here nothing is imported, no
    face is loaded and no paragraph is composed twice, so a rebuild costs only what
    changed plus writing the PDF. Builds are drafts (overset is shown in red, not
    fatal); errors are reported and the watch goes on. Returns the number of builds.

    A save in progress (truncated, then written) must not be built half-written: the
    build starts at once, into a file of its own, and counts only if no file of the
    issue changed while it ran (from before its files were read to after its PDF was
    written); otherwise it is dropped unreported and the issue built again. (Waiting a
    look before building cost every save an interval; the build is a longer window.)
    A look stats the issue's ~30 files: 0.12 ms CPU, so looking every 0.02 s is cheap.
    """
    import gc
    import os
    import time as _time
    issue_dir, out = Path(issue_dir), Path(out)
    fonts: FontSet | None = None
    cache = CompositionCache()
    seen: dict | None = None
    builds = 0
    while max_builds is None or builds < max_builds:
        now = _stamp(issue_dir)
        if now == seen:
            _time.sleep(interval)
            continue
        seen = now
        t0 = _time.perf_counter()
        log = Log()
        tmp = out.with_name(f".{out.stem}.{os.getpid()}.watch.pdf")
        said: list = []
        # the cyclic collector waits while the editor waits: walking the resident fonts, cache and
        # the build's glyph tuples cost ~50 ms a rebuild (8 pages 0.40 -> 0.35 s CPU); it runs
        # once the new PDF is reported, while the editor reads it
        was = gc.isenabled()
        gc.disable()
        try:
            fonts = fonts or FontSet(log=log)
            fonts.log = log
            result = build(issue_dir, tmp, draft=draft, log=log, fonts=fonts, cache=cache)
            said = [w.as_msg() for w in log.warnings]
            settled = _stamp(issue_dir) == now
            if settled:
                os.replace(tmp, out)
                said.append(N("built {out} ({n} page) in {s:.2f} s", "built {out} ({n} pages) in {s:.2f} s",
                              len(result.pages), out=out, s=_time.perf_counter() - t0))
        except BanmianError as e:
            settled = _stamp(issue_dir) == now
            said = [M("banmian: error: {error}", error=one) for one in e.errors]
        finally:
            tmp.unlink(missing_ok=True)
        if settled:
            for m in said:
                report(m)
            builds += 1
        cache.flush()                  # the composition file, for the next `banmian build`
        if was:
            gc.enable()
            gc.collect()
        if not settled:                # a save still going on: let it finish, then build what it wrote
            _time.sleep(interval)
    return builds


def _stamp(issue_dir: Path) -> dict:
    """What a change looks like: size and mtime of every file of the issue and of the house styles."""
    files = [p for p in issue_dir.iterdir() if p.is_file() and p.name != "build.lock"]
    files += list((issue_dir.parent / "_house").glob("*")) if (issue_dir.parent / "_house").exists() else []
    out = {}
    for p in files:
        try:
            st = p.stat()
            out[str(p)] = (st.st_size, st.st_mtime_ns)
        except OSError:
            pass
    return out


class _Timer:
    def __init__(self):
        self.t = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self.t
        self.t = now

"""The `banmian` command. Errors print as one message (file:line: what, hint) and exit 1."""
from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from layout.errors import BanmianError, Log, summary
from layout.i18n import LANGUAGES, M, N, choose, join, lang


def main(argv: list[str] | None = None, exits: bool | None = None) -> int:
    """The command; `exits`: the process ends after it (the console script: argv None)."""
    exits = argv is None if exits is None else exits
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        L = lang(choose(_lang_flag(argv)))
    except BanmianError as e:
        print(f"banmian: error: {e}", file=sys.stderr)
        return 2
    with _argparse_speaks(L):          # argparse names its groups when the parser is made
        args = _parser(L).parse_args(argv)
    # SIGTERM (kill, a batch system's timeout) and SIGHUP (a closed terminal) stop a build the way
    # Ctrl-C does, so the half-written .tmp beside the PDF is removed on the way out
    previous = {s: signal.signal(s, _interrupted) for s in _STOP_SIGNALS if _main_thread()}
    args.L = L
    args.log = Log()
    args.exits = exits
    try:
        return {"build": cmd_build, "plan": cmd_plan, "watch": cmd_watch, "fonts": cmd_fonts, "proof": cmd_proof,
                "new": cmd_new, "check": cmd_check, "archive": cmd_archive, "fit": cmd_fit, "import": cmd_import,
                "tidy": cmd_tidy, "serve": cmd_serve}[args.cmd](args)
    except BanmianError as e:
        for w in args.log.warnings:
            print(w.render(L), file=sys.stderr)
        print_errors(e, L, len(args.log.warnings))
        return 1
    except Interrupted as e:
        print(L.text(M("banmian: stopped by signal {signum}", signum=e.signum)), file=sys.stderr)
        return 128 + e.signum
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:           # `banmian … | head`: the reader left; nothing more to say
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 141
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


_STOP_SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n))


class Interrupted(KeyboardInterrupt):
    """A stop signal other than SIGINT, raised where the program stands so cleanups run."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _interrupted(signum, frame):
    raise Interrupted(signum)


def _main_thread() -> bool:
    import threading
    return threading.current_thread() is threading.main_thread()


def _build_inputs(fonts, house) -> list[Path]:
    """Files outside the issues folder that a build reads: the font configuration and files, profiles."""
    from layout.fonts import ROLES, WEIGHTS
    from layout.render.profile import DEFAULT_CMYK_PROFILE
    files = [fonts.config_path, Path(DEFAULT_CMYK_PROFILE)]
    for role in ROLES:
        for weight in WEIGHTS:
            files += [p for p, _ in fonts.candidates(role, weight)]
    if house.icc != "default":
        files.append(Path(house.icc))
    if house.nameplate:
        files.append(Path(house.nameplate))
    return files


def print_errors(e: BanmianError, L, warnings: int = 0, out=None) -> None:
    """Every error of the run (sorted by file and line), then one summary line."""
    out = out or sys.stderr
    for one in e.errors:
        print(L.text(M("banmian: error: {error}", error=one.render(L))), file=out)
    if e.dropped:
        print(L.text(N("… and {n} more error (fix these first)", "… and {n} more errors (fix these first)",
                       e.dropped)), file=out)
    if len(e.errors) + e.dropped > 1 or warnings:
        print(summary(len(e.errors) + e.dropped, warnings, L), file=out)


def _lang_flag(argv: list[str]) -> str | None:
    """--lang before argparse runs, so that --help itself is in the language asked for."""
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
    return None


@contextlib.contextmanager
def _argparse_speaks(L):
    """argparse's own words (usage:, options, its errors) from our catalogue: argparse looks
    its messages up through the module's `_`/`ngettext` when it prints them; they are given
    back when parsing is done."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = L.tr.gettext, L.tr.ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def _parser(L) -> argparse.ArgumentParser:
    t = L.text
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANGUAGES, help=t(M("language of messages: zh (default) or en; "
                                                               "or set BANMIAN_LANG")))
    parser = argparse.ArgumentParser(prog="banmian", description=t(M("typeset a Chinese newspaper issue")),
                                     parents=[common])
    sub = parser.add_subparsers(dest="cmd", required=True, title=t(M("commands")))

    def command(name, help_):
        return sub.add_parser(name, help=t(help_), description=t(help_), parents=[common])

    p = command("build", M("build an issue folder into a PDF"))
    p.add_argument("issue_dir", help=t(M("the issue folder (holds issue.yaml)")))
    p.add_argument("-o", "--output", help=t(M("PDF path (default build/<issue-id>.pdf)")))
    p.add_argument("--draft", action="store_true", help=t(M("build even if text is overset (marked in red)")))
    p.add_argument("--marks", action="store_true", help=t(M("crop marks and slug line for the print shop")))
    p.add_argument("--proof", action="store_true", help=t(M("also write proof PNGs beside the PDF")))
    p.add_argument("--dpi", type=int, default=None, help=t(M("proof resolution (default: the house style's, 150)")))
    p.add_argument("--split", action="store_true", help=t(M("also write one PDF per page (per plate)")))
    p.add_argument("--no-check", action="store_true", help=t(M("skip the preflight of the result")))
    p.add_argument("--accept", action="store_true",
                   help=t(M("re-lock the issue: accept changed fonts, house style or PDF")))

    p = command("plan", M("plan the pages whose blocks carry no geometry; print it as YAML to pin"))
    p.add_argument("issue_dir", help=t(M("the issue folder (holds issue.yaml)")))

    p = command("fit", M("copyfit: characters, lines set and lines available for every article"))
    p.add_argument("issue_dir", help=t(M("the issue folder (holds issue.yaml)")))

    p = command("watch", M("rebuild the issue (as a draft) whenever one of its files changes"))
    p.add_argument("issue_dir", help=t(M("the issue folder (holds issue.yaml)")))
    p.add_argument("-o", "--output", help=t(M("PDF path (default build/<issue-id>.pdf)")))
    p.add_argument("--interval", type=float, default=0.02, help=t(M("seconds between looks at the files")))

    p = command("fonts", M("which font file serves each role, and its coverage of an issue"))
    p.add_argument("issue_dir", nargs="?", help=t(M("the issue folder (holds issue.yaml)")))

    p = command("proof", M("PNG per page for the editor"))
    p.add_argument("pdf", help=t(M("the PDF file")))
    p.add_argument("--dpi", "-r", "--resolution", dest="resolution", type=int, default=150,
                   help=t(M("resolution of the PNGs (default 150, readable at body size)")))

    p = command("new", M("start the next issue from the latest one"))
    p.add_argument("issue_dir", help=t(M("the new folder, e.g. issues/2026-047")))
    p.add_argument("--from", dest="source", help=t(M("issue to start from (default: the latest)")))
    p.add_argument("--keep-layout", action="store_true", help=t(M("keep the previous issue's block positions "
                                                                   "(same article and photo file names)")))

    p = command("import", M("a reporter's .docx or .txt (or - for pasted text) -> an article file"))
    p.add_argument("file", help=t(M(".docx, .txt, or - to read standard input")))
    p.add_argument("-o", "--output", help=t(M("the article file (default: beside the copy, or in --to)")))
    p.add_argument("--to", help=t(M("the issue folder to put the article (and its images) in")))

    p = command("tidy", M("full-width punctuation between Chinese characters: shows a diff"))
    p.add_argument("articles", nargs="+", help=t(M("the article files")))
    p.add_argument("--write", action="store_true", help=t(M("apply the changes to the files")))

    p = command("serve", M("a live preview page of the issue on 127.0.0.1"))
    p.add_argument("issue_dir", help=t(M("the issue folder (holds issue.yaml)")))
    p.add_argument("--port", type=int, default=8046, help=t(M("the port (default 8046)")))
    p.add_argument("--dpi", type=int, default=None, help=t(M("page image resolution (default 100)")))

    p = command("check", M("preflight any PDF for the print shop"))
    p.add_argument("pdf", help=t(M("the PDF file")))
    p.add_argument("--json", action="store_true", help=t(M("the findings as JSON (English, for programs)")))
    p.add_argument("--standard", choices=["x4", "x1a"], default=None,
                   help=t(M("demand this PDF/X standard (default: what the file claims)")))

    p = command("archive", M("build every issue that is out of date and write the index"))
    p.add_argument("issues_root", nargs="?", default="issues", help=t(M("the folder of issues (default issues)")))
    p.add_argument("--jobs", type=int, default=0, help=t(M("parallel builds (default: one per CPU)")))
    p.add_argument("--verify", action="store_true", help=t(M("rebuild every issue in a temporary folder and "
                                                              "prove it matches its build.lock")))
    p.add_argument("--out", default="build/archive", help=t(M("where the archive is written")))
    p.add_argument("--accept", action="store_true",
                   help=t(M("re-lock issues whose fonts, house style or PDF changed")))
    p.add_argument("--draft", action="store_true",
                   help=t(M("build overset issues anyway (recorded in the lock)")))
    p.add_argument("--dpi", type=int, default=100,
                   help=t(M("resolution of the page PNGs (thumbnails: 40 dpi)")))
    p.add_argument("--fresh", action="store_true", help=t(M("with --verify: prepare the font subsets anew, "
                                                             "not from the cache (slow)")))
    return parser


STAGES = {"parse": M("reading"), "fonts": M("fonts"), "plan": M("planning"), "makeup": M("make-up"), "pdf": M("PDF")}


def cmd_build(args) -> int:
    # One build and the process ends: the cyclic garbage collector would only walk the
    # hundreds of thousands of (acyclic) glyph tuples a build makes, 15-20 % of its CPU
    # (8 pages 0.59 -> 0.51 s, 32 pages 1.48 -> 1.19 s; peak memory unchanged, since a
    # build makes next to no cycles). Reference counting still frees everything else.
    # Resident callers (watch, serve, the archive's workers) keep the collector on.
    import gc
    from layout.render.finisher import Finisher
    was = gc.isenabled()
    gc.disable()
    try:
        # the PDF/X step and the preflight in a helper that imports pypdf while the build runs
        with Finisher.start() as finisher:
            return _cmd_build(args, finisher)
    finally:
        if was:
            if args.exits:
                # the process ends now: what the build made is left out of the collector's
                # last walks (a full collection over every glyph at exit: 0.3 s of 32 pages);
                # a caller that goes on (tests, a program using the CLI) keeps a normal collector
                gc.freeze()
            gc.enable()


def _cmd_build(args, finisher) -> int:
    from layout.build import build
    L, log = args.L, args.log
    issue_dir = Path(args.issue_dir)
    out = Path(args.output) if args.output else Path("build") / f"{issue_dir.resolve().name}.pdf"
    # the issue's build.lock: a changed font or house style is reported before anything is built,
    # and the same inputs must give the same PDF (the archive rebuilds byte for byte)
    from layout.fonts import FontSet
    from layout.archive.lock import check_lock, write_lock
    fonts = FontSet(log=log)
    from layout.source.manifest import load_issue
    issue = load_issue(issue_dir, log)        # read once: the lock check and the build share it
    lock = check_lock(issue, fonts, draft=args.draft, marks=args.marks or None, accept=args.accept, log=log)
    from layout.render.output import check_output
    check_output(out, issue_dir, _build_inputs(fonts, lock.issue.house))
    result = build(issue_dir, out, draft=args.draft, marks=args.marks or None, log=log, fonts=fonts, issue=issue,
                   finish=finisher.make_pdfx)
    from layout.fonts import DEFAULT_CACHE
    # pages byte for byte as checked before keep their findings (preflight/memo.py)
    preflight_memo = DEFAULT_CACHE / "preflight" / "pages.marshal"
    if not args.no_check:               # the helper checks the file while the lock is written
        finisher.start_check(out, L, memo=preflight_memo)
    locked = write_lock(lock, result)
    for w in log.warnings:
        print(w.render(L), file=sys.stderr)
    pages = len(result.pages)
    times = L.text(join([M("{stage} {s:.2f} s", stage=STAGES.get(k, k), s=v) for k, v in result.timings.items()]))
    print(L.text(N("built {out} ({n} page; {times})", "built {out} ({n} pages; {times})", pages,
                   out=out, times=times)))
    if result.issue.house.icc == "default":
        from layout.render.profile import DEFAULT_PROFILE_NOTE
        print(L.text(M("note: {file}: {note}", file=result.issue.house.file, note=DEFAULT_PROFILE_NOTE)))
    print(L.text(locked))
    if args.split:
        from layout.render.pdfx import split_pages
        files = split_pages(out, out.parent / result.issue.id, result.issue.id)
        print(L.text(N("wrote {n} page file to {folder}/", "wrote {n} page files to {folder}/", len(files),
                       folder=out.parent / result.issue.id)))
    if args.proof:
        proof(out, args.dpi or result.issue.house.proof_dpi, L)
    warnings = len(log.warnings)
    from layout.makeup.copyfit import off_fit, report_lines
    off = off_fit(result)
    if off:
        print(L.text(M("copyfit: articles over or under their blocks")))
        for line in report_lines(off, L):
            print("  " + line)
    if not args.no_check:
        report = finisher.check(out, L, memo=preflight_memo)
        warnings += len(report.warnings)
        if not report.ok:
            print(report.text, file=sys.stderr)
            print(summary(report.errors, warnings, L), file=sys.stderr)
            return 1
        for line in report.warnings:
            print(line, file=sys.stderr)
        print(L.text(M("preflight: passed")))
    print(summary(0, warnings, L))
    return 0


def cmd_fit(args) -> int:
    """Copyfit: what each article holds and what its block holds, as the editor changes them."""
    from layout.makeup.copyfit import fit_issue, report_lines
    L = args.L
    result = fit_issue(Path(args.issue_dir), args.log)
    for w in args.log.warnings:
        print(w.render(L), file=sys.stderr)
    for line in report_lines(result, L, totals=True):
        print(line)
    return 0


def cmd_plan(args) -> int:
    """Plan without writing anything: the geometry to paste back, the score, each rule's result.
    (A draft make-up, so a pinned page's hole does not hide the plan; the build reports it.)"""
    from layout.build import build
    from layout.makeup.planreport import report
    L, log = args.L, args.log
    result = build(Path(args.issue_dir), None, draft=True, log=log)
    for w in log.warnings:
        print(w.render(L), file=sys.stderr)
    sys.stdout.write(report(result.issue, result.plans, L))
    times = L.text(join([M("{stage} {s:.2f} s", stage=STAGES.get(k, k), s=v) for k, v in result.timings.items()]))
    print("# " + L.text(M("({pages}; {times})", pages=N("{n} page", "{n} pages", len(result.pages)), times=times)))
    return 0 if all(ok for p in result.plans for _, ok, _ in p.rules) else 1


def cmd_watch(args) -> int:
    from layout.build import watch
    issue_dir = Path(args.issue_dir)
    if not (issue_dir / "issue.yaml").exists():
        raise BanmianError(M('issue.yaml not found'), issue_dir, hint=M('give the folder that holds issue.yaml'))
    out = Path(args.output) if args.output else Path("build") / f"{issue_dir.resolve().name}.pdf"
    from layout.render.output import check_output
    check_output(out, issue_dir)
    L = args.L
    print(L.text(M("watching {folder} (Ctrl-C to stop); drafts go to {out}", folder=issue_dir, out=out)))
    watch(issue_dir, out, args.interval, report=lambda m: print(L.text(m), flush=True))
    return 0


def proof(pdf: Path, resolution: int, L=None) -> list[Path]:
    """PNG per page beside the PDF: <id>-p1.png … (poppler's pdftoppm)."""
    if not shutil.which("pdftoppm"):
        raise BanmianError(M('pdftoppm is not installed'), hint=M('run `make sysdeps` (Debian package poppler-utils)'))
    pdf = _pdf_file(pdf)
    prefix = pdf.with_suffix("")
    # only what pdftoppm wrote before (<name>-p-1.png, -p-01.png …): never a photo such as <name>-park.png
    import re
    mine = re.compile(re.escape(prefix.name) + r"-p-\d+\.png")
    for old in pdf.parent.glob(prefix.name + "-p-*.png"):
        if mine.fullmatch(old.name):
            old.unlink()
    r = subprocess.run(["pdftoppm", "-r", str(resolution), "-png", str(pdf), str(prefix) + "-p"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise BanmianError(M('pdftoppm could not render the PDF: {v}', v=(r.stderr.strip().splitlines() or ['?'])[-1]),
                           pdf, hint=M('check the file with `banmian check`'))
    files = sorted(f for f in pdf.parent.glob(prefix.name + "-p-*.png") if mine.fullmatch(f.name))
    print((L or lang("en")).text(M("proofs: {files}", files=", ".join(str(f) for f in files))))
    return files


def _pdf_file(path) -> Path:
    """`path` if it is a regular file that starts like a PDF; else a BanmianError."""
    from layout.source.files import regular_file
    path = Path(path)
    if not path.exists():
        raise BanmianError(M('{path} does not exist', path=path), hint=M('build the issue first: banmian build ISSUE_DIR'))
    regular_file(path, "PDF")
    with open(path, "rb") as f:
        head = f.read(1024)
    if b"%PDF-" not in head:
        raise BanmianError(M('not a PDF file (no %PDF- header)'), path,
                           hint=M('give the PDF that banmian build wrote, e.g. build/2026-046.pdf'))
    return path


def cmd_proof(args) -> int:
    if args.resolution < 1 or args.resolution > 1200:
        raise BanmianError(M('resolution {resolution} is out of range (1 to 1200 dpi)', resolution=args.resolution))
    proof(_pdf_file(args.pdf), args.resolution, args.L)
    return 0


def cmd_fonts(args) -> int:
    from layout.fonts import ROLES, WEIGHTS, FontSet
    L, log = args.L, args.log
    fonts = FontSet(log=log)
    chars: set[str] = set()
    if args.issue_dir:
        from layout.build import texts
        from layout.source.manifest import load_issue
        issue = load_issue(args.issue_dir, log)
        chars = {c for _, t, _ in texts(issue) for c in t} - set(" \n\t")
    head = [L.text(w) for w in (M("role"), M("weight"), M("font"), M("covers"), M("file"))]
    print(f"{head[0]:9} {head[1]:8} {head[2]:28} {'sha256':16} {head[3]:>12}  {head[4]}")
    for role in ROLES:
        for weight in WEIGHTS:
            try:
                src = fonts.source(role, weight)
            except BanmianError as e:
                print(f"{role:9} {weight:8} " + L.text(M("(none: {why})", why=e.msg)))
                continue
            cover = ""
            if chars:
                face = fonts.face(role, weight, frozenset(chars))
                n = sum(1 for c in chars if face.has(c))
                cover = f"{n}/{len(chars)}"
            print(f"{role:9} {weight:8} {src.name:28} {src.sha256[:16]} {cover:>12}  {src.path}")
    for w in log.warnings:
        print(w.render(L), file=sys.stderr)
    return 0


def cmd_new(args) -> int:
    """Next issue from the latest: number + 1, date + 7 days (weekly), same pages and sections, no blocks."""
    new = Path(args.issue_dir)
    root = new.parent
    if (new / "issue.yaml").exists():
        raise BanmianError(M("{new} already has an issue.yaml",
                             new=new), hint=M("choose a new folder name, e.g. "
                                                                                 "the next number"))
    if args.source:
        src = Path(args.source)
    else:
        cands = sorted(p.parent for p in root.glob("*/issue.yaml") if p.parent.resolve() != new.resolve())
        if not cands:
            raise BanmianError(M('no issue in {root} to start from', root=root), hint=M('give --from ISSUE_DIR'))
        src = cands[-1]
    # the latest issue is read the way a build reads it: a mistake in it is reported at its line
    import json
    from layout.errors import Log
    from layout.source.manifest import load_issue
    from layout.source.model import MastheadBlock
    from layout.source.newissue import check_new_folder, layout_lines
    from layout.source.yamlsrc import load_yaml
    issue = load_issue(src, Log())
    y = load_yaml(Path(issue.manifest))
    data = y.value
    q = lambda v: json.dumps(str(v), ensure_ascii=False)      # a YAML string, whatever it holds
    number, date = issue.number, issue.date
    try:
        next_date = date + datetime.timedelta(days=7)
    except OverflowError:
        raise BanmianError(M('date {date} has no next week', date=date), issue.manifest, y.require("date").line)
    check_new_folder(new, root, number + 1, next_date)
    lines = [f"house: {q(y.require('house').str())}", f"number: {number + 1}"]
    if y.get("total") is not None:
        lines.append(f"total: {issue.total + 1}")
    lines.append(f"date: {next_date}")
    lines.append("pages:")
    for page, raw in zip(issue.pages, data.get("pages") or []):
        lines.append(f"  - section: {q(page.section)}")
        if page.editor:
            lines.append(f"    editor: {q(page.editor)}")
        if args.keep_layout:
            kept = layout_lines(raw)
            lines += ["    blocks:" + ("" if kept else " []")] + kept
            continue
        masthead = [b for b in page.blocks if isinstance(b, MastheadBlock)]
        lines.append("    blocks:" + ("" if masthead else " []"))
        for b in masthead:
            p = b.pos
            lines.append(f"      - {{masthead: {{}}, col: {p.col}, span: {p.span}, line: {p.line}, lines: {p.lines}}}")
    try:
        new.mkdir(parents=True, exist_ok=True)     # articles may already be waiting there
        (new / "issue.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as e:
        raise BanmianError(M('cannot write {v}: {v2}', v=new / 'issue.yaml', v2=e.strerror or e))
    print(f"started {new} (第{number + 1}期, {next_date}) from {src}")
    return 0


def cmd_check(args) -> int:
    from layout.preflight.check import check
    from layout.source.files import regular_file
    if not Path(args.pdf).exists():
        raise BanmianError(M('{pdf} does not exist', pdf=args.pdf))
    regular_file(args.pdf, "PDF")
    report = check(Path(args.pdf), args.standard) if args.standard else check(Path(args.pdf))
    print(report.to_json() if args.json else report.text(args.L))
    return 0 if report.ok else 1


def cmd_import(args) -> int:
    from layout.source.importers import import_copy
    result = import_copy(args.file, args.output, args.to)
    if result.path is None:
        sys.stdout.write(result.text)
        report = sys.stderr
    else:
        print(args.L.text(M("wrote {path}", path=result.path)))
        report = sys.stdout
    for note in result.notes:
        print("  " + args.L.text(note), file=report)
    print("  " + args.L.text(M("check what was guessed before the article goes on a page")), file=report)
    return 0


def cmd_tidy(args) -> int:
    from layout.source.tidy import run_tidy
    todo = run_tidy(args.articles, args.write, out=lambda m: print(args.L.text(m)))
    return 1 if todo and not args.write else 0


def cmd_serve(args) -> int:
    from layout.preview.server import serve
    return serve(Path(args.issue_dir), args.port, dpi=args.dpi, L=args.L)


def cmd_archive(args) -> int:
    from layout.archive.build_archive import run_archive
    root, out = Path(args.issues_root).resolve(), Path(args.out).resolve()
    if out == root or root in out.parents:       # the archive's PDFs and PNGs would land among the inputs
        raise BanmianError(M('--out {out} is inside {issues_root}/, where the issues live', out=args.out, issues_root=args.issues_root),
                           hint=M('write the archive elsewhere, e.g. --out build/archive (the default)'))
    return run_archive(args)


if __name__ == "__main__":
    sys.exit(main())

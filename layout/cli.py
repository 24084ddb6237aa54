"""The `banmian` command. Errors print as one message (file:line: what, hint) and exit 1."""
from __future__ import annotations

import argparse
import datetime
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from layout.errors import BanmianError, Log


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="banmian", description="typeset a Chinese newspaper issue")
    sub = parser.add_subparsers(dest="cmd", required=True)

    p = sub.add_parser("build", help="build an issue folder into a PDF")
    p.add_argument("issue_dir")
    p.add_argument("-o", "--output", help="PDF path (default build/<issue-id>.pdf)")
    p.add_argument("--draft", action="store_true", help="build even if text is overset (marked in red)")
    p.add_argument("--marks", action="store_true", help="crop marks and slug line for the print shop")
    p.add_argument("--proof", action="store_true", help="also write proof PNGs beside the PDF")
    p.add_argument("--dpi", type=int, default=None, help="proof resolution (default: the house style's, 150)")
    p.add_argument("--split", action="store_true", help="also write one PDF per page (per plate)")
    p.add_argument("--no-check", action="store_true", help="skip the preflight of the result")
    p.add_argument("--accept", action="store_true", help="re-lock the issue: accept changed fonts, house style or PDF")

    p = sub.add_parser("plan", help="plan the pages whose blocks carry no geometry; print it as YAML to pin")
    p.add_argument("issue_dir")

    p = sub.add_parser("watch", help="rebuild the issue (as a draft) whenever one of its files changes")
    p.add_argument("issue_dir")
    p.add_argument("-o", "--output", help="PDF path (default build/<issue-id>.pdf)")
    p.add_argument("--interval", type=float, default=0.05, help="seconds between looks at the files "
                   "(a look stats the issue's files: 0.1 ms)")

    p = sub.add_parser("fonts", help="which font file serves each role, and its coverage of an issue")
    p.add_argument("issue_dir", nargs="?")

    p = sub.add_parser("proof", help="PNG per page for the editor")
    p.add_argument("pdf")
    p.add_argument("--dpi", "-r", "--resolution", dest="resolution", type=int, default=150,
                   help="resolution of the PNGs (default 150, readable at body size)")

    p = sub.add_parser("new", help="start the next issue from the latest one")
    p.add_argument("issue_dir", help="the new folder, e.g. issues/2026-047")
    p.add_argument("--from", dest="source", help="issue to start from (default: the latest)")
    p.add_argument("--keep-layout", action="store_true", help="keep the previous issue's block positions "
                   "(same article and photo file names)")

    p = sub.add_parser("import", help="a reporter's .docx or .txt (or - for pasted text) -> an article file")
    p.add_argument("file", help=".docx, .txt, or - to read standard input")
    p.add_argument("-o", "--output", help="the article file (default: beside the copy, or in --to)")
    p.add_argument("--to", help="the issue folder to put the article (and its images) in")

    p = sub.add_parser("tidy", help="full-width punctuation between Chinese characters: shows a diff")
    p.add_argument("articles", nargs="+")
    p.add_argument("--write", action="store_true", help="apply the changes to the files")

    p = sub.add_parser("serve", help="a live preview page of the issue on 127.0.0.1")
    p.add_argument("issue_dir")
    p.add_argument("--port", type=int, default=8046)
    p.add_argument("--dpi", type=int, default=None, help="page image resolution (default 100)")

    p = sub.add_parser("check", help="preflight any PDF for the print shop")
    p.add_argument("pdf")
    p.add_argument("--json", action="store_true")
    p.add_argument("--standard", choices=["x4", "x1a"], default=None)

    p = sub.add_parser("archive", help="build every issue that is out of date and write the index")
    p.add_argument("issues_root", nargs="?", default="issues")
    p.add_argument("--jobs", type=int, default=0, help="parallel builds (default: one per CPU)")
    p.add_argument("--verify", action="store_true", help="rebuild every issue in a temporary folder and "
                   "prove it matches its build.lock")
    p.add_argument("--out", default="build/archive")
    p.add_argument("--accept", action="store_true", help="re-lock issues whose fonts, house style or PDF changed")
    p.add_argument("--draft", action="store_true", help="build overset issues anyway (recorded in the lock)")
    p.add_argument("--dpi", type=int, default=100, help="resolution of the page PNGs (thumbnails: 40 dpi)")
    p.add_argument("--fresh", action="store_true", help="with --verify: prepare the font subsets anew, "
                   "not from the cache (slow)")

    args = parser.parse_args(argv)
    # SIGTERM (kill, a batch system's timeout) and SIGHUP (a closed terminal) stop a build the way
    # Ctrl-C does, so the half-written .tmp beside the PDF is removed on the way out
    previous = {s: signal.signal(s, _interrupted) for s in _STOP_SIGNALS if _main_thread()}
    try:
        return {"build": cmd_build, "plan": cmd_plan, "watch": cmd_watch, "fonts": cmd_fonts, "proof": cmd_proof, "new": cmd_new,
                "check": cmd_check, "archive": cmd_archive, "import": cmd_import, "tidy": cmd_tidy,
                "serve": cmd_serve}[args.cmd](args)
    except BanmianError as e:
        print(f"banmian: error: {e}", file=sys.stderr)
        return 1
    except Interrupted as e:
        print(f"banmian: stopped by signal {e.signum}", file=sys.stderr)
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
    from layout.render.pdfx import DEFAULT_CMYK_PROFILE
    files = [fonts.config_path, Path(DEFAULT_CMYK_PROFILE)]
    for role in ROLES:
        for weight in WEIGHTS:
            files += [p for p, _ in fonts.candidates(role, weight)]
    if house.icc != "default":
        files.append(Path(house.icc))
    if house.nameplate:
        files.append(Path(house.nameplate))
    return files


def cmd_build(args) -> int:
    # One build and the process ends: the cyclic garbage collector would only walk the
    # hundreds of thousands of (acyclic) glyph tuples a build makes, 15-20 % of its CPU
    # (8 pages 0.59 -> 0.51 s, 32 pages 1.48 -> 1.19 s; peak memory unchanged, since a
    # build makes next to no cycles). Reference counting still frees everything else.
    # Resident callers (watch, serve, the archive's workers) keep the collector on.
    import gc
    was = gc.isenabled()
    gc.disable()
    try:
        return _cmd_build(args)
    finally:
        if was:
            gc.enable()


def _cmd_build(args) -> int:
    from layout.build import build
    log = Log()
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
    result = build(issue_dir, out, draft=args.draft, marks=args.marks or None, log=log, fonts=fonts, issue=issue)
    locked = write_lock(lock, result)
    for w in log.warnings:
        print(w, file=sys.stderr)
    pages = len(result.pages)
    times = ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items())
    print(f"built {out} ({pages} pages; {times})")
    if result.issue.house.icc == "default":
        from layout.preflight.hazards import DEFAULT_PROFILE_NOTE
        print(f"note: {result.issue.house.file}: {DEFAULT_PROFILE_NOTE}")
    print(locked)
    if args.split:
        from layout.render.pdfx import split_pages
        files = split_pages(out, out.parent / result.issue.id, result.issue.id)
        print(f"wrote {len(files)} page files to {out.parent / result.issue.id}/")
    if args.proof:
        proof(out, args.dpi or result.issue.house.proof_dpi)
    if not args.no_check:
        from layout.fonts import DEFAULT_CACHE
        from layout.preflight.check import check
        # pages byte for byte as checked before keep their findings (preflight/memo.py)
        report = check(out, memo=DEFAULT_CACHE / "preflight" / "pages.marshal")
        if not report.ok:
            print(report.text(), file=sys.stderr)
            return 1
        print(f"preflight: passed ({len(report.warnings)} warnings)")
    return 0


def cmd_plan(args) -> int:
    """Plan without writing anything: the geometry to paste back, the score, each rule's result.
    (A draft make-up, so a pinned page's hole does not hide the plan; the build reports it.)"""
    from layout.build import build
    from layout.makeup.planreport import report
    log = Log()
    result = build(Path(args.issue_dir), None, draft=True, log=log)
    for w in log.warnings:
        print(w, file=sys.stderr)
    sys.stdout.write(report(result.issue, result.plans))
    times = ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items())
    print(f"# ({len(result.pages)} pages; {times})")
    return 0 if all(ok for p in result.plans for _, ok, _ in p.rules) else 1


def cmd_watch(args) -> int:
    from layout.build import watch
    issue_dir = Path(args.issue_dir)
    if not (issue_dir / "issue.yaml").exists():
        raise BanmianError("issue.yaml not found", issue_dir, hint="give the folder that holds issue.yaml")
    out = Path(args.output) if args.output else Path("build") / f"{issue_dir.resolve().name}.pdf"
    from layout.render.output import check_output
    check_output(out, issue_dir)
    print(f"watching {issue_dir} (Ctrl-C to stop); drafts go to {out}")
    watch(issue_dir, out, args.interval, report=lambda m: print(m, flush=True))
    return 0


def proof(pdf: Path, resolution: int) -> list[Path]:
    """PNG per page beside the PDF: <id>-p1.png … (poppler's pdftoppm)."""
    if not shutil.which("pdftoppm"):
        raise BanmianError("pdftoppm is not installed", hint="run `make sysdeps` (Debian package poppler-utils)")
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
        raise BanmianError(f"pdftoppm could not render the PDF: {(r.stderr.strip().splitlines() or ['?'])[-1]}",
                           pdf, hint="check the file with `banmian check`")
    files = sorted(f for f in pdf.parent.glob(prefix.name + "-p-*.png") if mine.fullmatch(f.name))
    print(f"proofs: {', '.join(str(f) for f in files)}")
    return files


def _pdf_file(path) -> Path:
    """`path` if it is a regular file that starts like a PDF; else a BanmianError."""
    from layout.source.files import regular_file
    path = Path(path)
    if not path.exists():
        raise BanmianError(f"{path} does not exist", hint="build the issue first: banmian build ISSUE_DIR")
    regular_file(path, "PDF")
    with open(path, "rb") as f:
        head = f.read(1024)
    if b"%PDF-" not in head:
        raise BanmianError("not a PDF file (no %PDF- header)", path,
                           hint="give the PDF that banmian build wrote, e.g. build/2026-046.pdf")
    return path


def cmd_proof(args) -> int:
    if args.resolution < 1 or args.resolution > 1200:
        raise BanmianError(f"resolution {args.resolution} is out of range (1 to 1200 dpi)")
    proof(_pdf_file(args.pdf), args.resolution)
    return 0


def cmd_fonts(args) -> int:
    from layout.fonts import ROLES, WEIGHTS, FontSet
    log = Log()
    fonts = FontSet(log=log)
    chars: set[str] = set()
    if args.issue_dir:
        from layout.build import texts
        from layout.source.manifest import load_issue
        issue = load_issue(args.issue_dir, log)
        chars = {c for _, t, _ in texts(issue) for c in t} - set(" \n\t")
    print(f"{'role':9} {'weight':8} {'font':28} {'sha256':16} {'covers':>12}  file")
    for role in ROLES:
        for weight in WEIGHTS:
            try:
                src = fonts.source(role, weight)
            except BanmianError as e:
                print(f"{role:9} {weight:8} (none: {e.message})")
                continue
            cover = ""
            if chars:
                face = fonts.face(role, weight, frozenset(chars))
                n = sum(1 for c in chars if face.has(c))
                cover = f"{n}/{len(chars)}"
            print(f"{role:9} {weight:8} {src.name:28} {src.sha256[:16]} {cover:>12}  {src.path}")
    for w in log.warnings:
        print(w, file=sys.stderr)
    return 0


def cmd_new(args) -> int:
    """Next issue from the latest: number + 1, date + 7 days (weekly), same pages and sections, no blocks."""
    new = Path(args.issue_dir)
    root = new.parent
    if (new / "issue.yaml").exists():
        raise BanmianError(f"{new} already has an issue.yaml", hint="choose a new folder name, e.g. the next number")
    if args.source:
        src = Path(args.source)
    else:
        cands = sorted(p.parent for p in root.glob("*/issue.yaml") if p.parent.resolve() != new.resolve())
        if not cands:
            raise BanmianError(f"no issue in {root} to start from", hint="give --from ISSUE_DIR")
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
        raise BanmianError(f"date {date} has no next week", issue.manifest, y.require("date").line)
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
        raise BanmianError(f"cannot write {new / 'issue.yaml'}: {e.strerror or e}")
    print(f"started {new} (第{number + 1}期, {next_date}) from {src}")
    return 0


def cmd_check(args) -> int:
    from layout.preflight.check import check
    from layout.source.files import regular_file
    if not Path(args.pdf).exists():
        raise BanmianError(f"{args.pdf} does not exist")
    regular_file(args.pdf, "PDF")
    report = check(Path(args.pdf), args.standard) if args.standard else check(Path(args.pdf))
    print(report.to_json() if args.json else report.text())
    return 0 if report.ok else 1


def cmd_import(args) -> int:
    from layout.source.importers import import_copy
    result = import_copy(args.file, args.output, args.to)
    if result.path is None:
        sys.stdout.write(result.text)
        report = sys.stderr
    else:
        print(f"wrote {result.path}")
        report = sys.stdout
    for note in result.notes:
        print(f"  {note}", file=report)
    print("  check what was guessed before the article goes on a page", file=report)
    return 0


def cmd_tidy(args) -> int:
    from layout.source.tidy import run_tidy
    todo = run_tidy(args.articles, args.write)
    return 1 if todo and not args.write else 0


def cmd_serve(args) -> int:
    from layout.preview.server import serve
    return serve(Path(args.issue_dir), args.port, dpi=args.dpi)


def cmd_archive(args) -> int:
    from layout.archive.build_archive import run_archive
    root, out = Path(args.issues_root).resolve(), Path(args.out).resolve()
    if out == root or root in out.parents:       # the archive's PDFs and PNGs would land among the inputs
        raise BanmianError(f"--out {args.out} is inside {args.issues_root}/, where the issues live",
                           hint="write the archive elsewhere, e.g. --out build/archive (the default)")
    return run_archive(args)


if __name__ == "__main__":
    sys.exit(main())

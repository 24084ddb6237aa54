"""The `banmian` command. Errors print as one message (file:line: what, hint) and exit 1."""
from __future__ import annotations

import argparse
import datetime
import shutil
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

    p = sub.add_parser("watch", help="rebuild the issue (as a draft) whenever one of its files changes")
    p.add_argument("issue_dir")
    p.add_argument("-o", "--output", help="PDF path (default build/<issue-id>.pdf)")
    p.add_argument("--interval", type=float, default=0.3, help="seconds between looks at the files")

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
    try:
        return {"build": cmd_build, "watch": cmd_watch, "fonts": cmd_fonts, "proof": cmd_proof, "new": cmd_new,
                "check": cmd_check, "archive": cmd_archive, "import": cmd_import, "tidy": cmd_tidy,
                "serve": cmd_serve}[args.cmd](args)
    except BanmianError as e:
        print(f"banmian: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def cmd_build(args) -> int:
    from layout.build import build
    log = Log()
    issue_dir = Path(args.issue_dir)
    out = Path(args.output) if args.output else Path("build") / f"{issue_dir.resolve().name}.pdf"
    # the issue's build.lock: a changed font or house style is reported before anything is built,
    # and the same inputs must give the same PDF (the archive rebuilds byte for byte)
    from layout.fonts import FontSet
    from layout.archive.lock import check_lock, write_lock
    fonts = FontSet(log=log)
    lock = check_lock(issue_dir, fonts, draft=args.draft, marks=args.marks or None, accept=args.accept, log=log)
    result = build(issue_dir, out, draft=args.draft, marks=args.marks or None, log=log, fonts=fonts)
    locked = write_lock(lock, result)
    for w in log.warnings:
        print(w, file=sys.stderr)
    pages = len(result.pages)
    times = ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items())
    print(f"built {out} ({pages} pages; {times})")
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


def cmd_watch(args) -> int:
    from layout.build import watch
    issue_dir = Path(args.issue_dir)
    if not (issue_dir / "issue.yaml").exists():
        raise BanmianError("issue.yaml not found", issue_dir, hint="give the folder that holds issue.yaml")
    out = Path(args.output) if args.output else Path("build") / f"{issue_dir.resolve().name}.pdf"
    print(f"watching {issue_dir} (Ctrl-C to stop); drafts go to {out}")
    watch(issue_dir, out, args.interval, report=lambda m: print(m, flush=True))
    return 0


def proof(pdf: Path, resolution: int) -> list[Path]:
    """PNG per page beside the PDF: <id>-p1.png … (poppler's pdftoppm)."""
    if not shutil.which("pdftoppm"):
        raise BanmianError("pdftoppm is not installed", hint="run `make sysdeps` (Debian package poppler-utils)")
    pdf = Path(pdf)
    prefix = pdf.with_suffix("")
    for old in pdf.parent.glob(prefix.name + "-p*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(resolution), "-png", str(pdf), str(prefix) + "-p"], check=True)
    files = sorted(pdf.parent.glob(prefix.name + "-p*.png"))
    print(f"proofs: {', '.join(str(f) for f in files)}")
    return files


def cmd_proof(args) -> int:
    if not Path(args.pdf).exists():
        raise BanmianError(f"{args.pdf} does not exist", hint="build the issue first: banmian build ISSUE_DIR")
    proof(Path(args.pdf), args.resolution)
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
    from layout.source.yamlsrc import load_yaml
    y = load_yaml(src / "issue.yaml")
    data = y.value
    try:
        date = datetime.date.fromisoformat(str(data["date"]))
        number = int(data["number"])
    except (KeyError, ValueError) as e:
        raise BanmianError(f"cannot read number and date from {src / 'issue.yaml'}: {e}")
    from layout.source.newissue import check_new_folder, layout_lines
    check_new_folder(new, root, number + 1, date + datetime.timedelta(days=7))
    lines = [f"house: {data['house']}", f"number: {number + 1}"]
    if "total" in data:
        lines.append(f"total: {int(data['total']) + 1}")
    lines.append(f"date: {date + datetime.timedelta(days=7)}")
    lines.append("pages:")
    for page in data.get("pages") or []:
        lines.append(f"  - section: {page.get('section', '')}")
        if page.get("editor"):
            lines.append(f"    editor: {page['editor']}")
        if args.keep_layout:
            kept = layout_lines(page)
            lines += ["    blocks:" + ("" if kept else " []")] + kept
            continue
        masthead = [b for b in page.get("blocks") or [] if "masthead" in b]
        lines.append("    blocks:" + ("" if masthead else " []"))
        for b in masthead:
            lines.append(f"      - {{masthead: {{}}, col: {b['col']}, span: {b['span']}, line: {b['line']}, lines: {b['lines']}}}")
    new.mkdir(parents=True, exist_ok=True)     # articles may already be waiting there
    (new / "issue.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"started {new} (第{number + 1}期, {date + datetime.timedelta(days=7)}) from {src}")
    return 0


def cmd_check(args) -> int:
    from layout.preflight.check import check
    if not Path(args.pdf).exists():
        raise BanmianError(f"{args.pdf} does not exist")
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
    return run_archive(args)


if __name__ == "__main__":
    sys.exit(main())

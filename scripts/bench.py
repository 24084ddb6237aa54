#!/usr/bin/env python3
"""Benchmark: how long an editor waits, and how long the archive takes (project issue 7).

    python scripts/bench.py [--runs 5] [--archive 200] [--archive-runs 5] [--archive-warmup 1]
                            [--skip cold,warm,rebuild,watch,newchar,warm16,check,proof,archive] [--keep]

Generates (under build/bench/) a long issue from the sample (scripts/make_long_issue.py:
8 and 16 pages of the 5-column A3 house) and an archive (scripts/make_archive.py, when
present), then measures, each in its own process and as the median of --runs runs after
a warm-up run:

    cold      build of the 8-page issue with an empty font cache (BANMIAN_CACHE -> a new folder)
    warm      build of the 8-page issue, fonts prepared
    rebuild   build after editing one paragraph of one article (its sentences reordered:
              same characters, different lines; the edit alternates so every run is an edit)
    watch     the same edit under a resident `banmian watch` (scripts/bench_watch.py: watch in a
              thread of one process, its own polling at its default 0.05 s): save -> new PDF
    newchar   the same with an edit that brings a character new to the issue (a different one
              each run): every face's character set changes
    warm16    build of the 16-page issue (scaling: should be <= 2.1x warm)
    check     `banmian check` of the 8-page PDF
    proof     `banmian proof` (PNG per page, 150 dpi: the default since issue 14)
    archive1/2  `banmian archive` of the generated archive at --jobs 1 and 2 (fresh --out each run)
    plan1     `banmian plan` of a page of 7 items without geometry (the sample's page 4: 5 articles,
              a boxed poem, 2 photos), fonts and compositions cached (the plan stage is the figure)
    plan8     `banmian plan` of an 8-page issue of such pages, cold (empty font and composition cache)

For each: whole-process wall time (what a user waits for, interpreter start included),
peak memory (resource.getrusage maxrss of the process and its children), and for builds
the time per stage (parse, fonts, composition, make-up, PDF writing, post-processing),
the characters composed and characters per second, and the PDF size per page. Builds
run with --no-check (the check is measured on its own). Prints one table and writes
build/bench.json and build/bench.md (the table with the machine it ran on).
The timings are never asserted by the tests; this script is run by `make bench`.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "build" / "bench"
PY = sys.executable

TARGETS = {           # seconds / MB / KB, from project issue 7 (cold: issue 17's 3 s; its ratios to Typst
                      # are bench_typst.py's)
    "warm": 0.5, "rebuild": 0.3, "cold": 3.0, "watch": 0.15, "warm_mem_mb": 250, "kb_per_page": 250, "scaling": 2.1,
    "plan_page": 2.0, "plan_issue_cold": 10.0, "plan_mem_mb": 300,       # project issue 12
}


def make_plan_issue(pages: int) -> Path:
    """An issue of `pages` pages, each the sample's planned page 4 (its items without geometry and
    its pinned 刊头), the articles copied per page so each is placed once."""
    import yaml
    src = ROOT / "issues" / "2026-046"
    d = BENCH / "issues" / f"plan-{pages:02d}"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    manifest = yaml.safe_load((src / "issue.yaml").read_text(encoding="utf-8"))
    page = next(p for p in manifest["pages"] if any("line" not in b for b in p["blocks"]))
    out_pages = []
    for n in range(1, pages + 1):
        blocks = []
        for b in page["blocks"]:
            b = dict(b)
            for key in ("article", "of"):
                if key in b:
                    name = f"n{n}-{b[key]}"
                    shutil.copy(src / b[key], d / name)
                    b[key] = name
            if "photo" in b:
                shutil.copy(src / b["photo"], d / b["photo"])
            blocks.append(b)
        out_pages.append({"section": page["section"], "editor": page["editor"], "blocks": blocks})
    manifest["pages"] = out_pages
    (d / "issue.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return d


# ---- child: one measured process -------------------------------------------------

def child(spec_path: str) -> int:
    """Run one banmian command in this process, with stage timers, and write what was measured."""
    spec = json.loads(Path(spec_path).read_text())
    sys.path.insert(0, str(ROOT))
    stages: dict[str, float] = {}
    counts = {"chars": 0, "paragraphs": 0}
    if spec.get("instrument"):
        _instrument(stages, counts)
    from layout.cli import main
    import contextlib
    import io
    out = io.StringIO()
    t = time.perf_counter()
    with contextlib.redirect_stdout(out):
        rc = main(spec["argv"], exits=True)
    wall = time.perf_counter() - t
    text = out.getvalue()
    m = re.search(r"\((\d+) pages; ([^)]*)\)", text)
    if m:
        for part in m.group(2).split(","):
            k, v = part.split()
            stages.setdefault("build_" + k, float(v.rstrip("s")))
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    built = sum(v for k, v in stages.items() if k.startswith("build_"))
    if built:
        stages["other"] = max(0.0, wall - built)          # CLI: build.lock check, preflight off, printing
    Path(spec["result"]).write_text(json.dumps({
        "rc": rc, "inner_wall": wall, "stages": stages, "chars": counts["chars"],
        "paragraphs": counts["paragraphs"], "maxrss_kb": me, "children_maxrss_kb": kids,
        "pages": int(m.group(1)) if m else None, "stdout": text[-2000:]}))
    return rc


def _instrument(stages: dict, counts: dict) -> None:
    """Wrap composition (compose, set_line) and PDF post-processing (the PDF/X step) with timers.
    The pipeline's own laps (parse, fonts, makeup, pdf) come from build(); composition is
    inside makeup and post-processing inside pdf, so those are reported net."""
    import layout.compose.paragraph as C
    import layout.render.finisher as X
    depth = [0]

    def timed(fn, name, count):
        def wrapper(*a, **kw):
            if depth[0]:
                return fn(*a, **kw)
            depth[0] += 1
            t = time.perf_counter()
            waited = stages.get("font_wait", 0.0)
            try:
                return fn(*a, **kw)
            finally:
                stages[name] = stages.get(name, 0.0) + time.perf_counter() - t
                w = stages.get("font_wait", 0.0) - waited
                if w:
                    stages[f"font_wait_in_{name}"] = stages.get(f"font_wait_in_{name}", 0.0) + w
                depth[0] -= 1
                count(*a, **kw)
        wrapper.__wrapped__ = fn
        return wrapper

    def count_compose(runs, *a, **kw):
        counts["chars"] += sum(len(r.text) for r in runs)
        counts["paragraphs"] += 1

    def count_line(text, *a, **kw):
        counts["chars"] += len(text)

    orig = {"compose": C.compose, "set_line": C.set_line}
    wrapped = {"compose": timed(C.compose, "composition", count_compose),
               "set_line": timed(C.set_line, "composition", count_line)}
    import importlib
    import pkgutil
    import layout
    for info in pkgutil.iter_modules(layout.__path__):
        try:
            mod = importlib.import_module(f"layout.{info.name}")
        except Exception:
            continue
        for name, fn in orig.items():
            if getattr(mod, name, None) is fn:
                setattr(mod, name, wrapped[name])
    # (the build command hands the PDF/X step to its helper process, render/finisher.py: timed
    # from the build's side, waiting for the helper included; pypdf is not imported here)
    X.Finisher.make_pdfx = timed(X.Finisher.make_pdfx, "postprocess", lambda *a, **kw: None)
    # waiting for font files made by child processes (cold builds): inside whatever stage asks first
    import layout.fonts.workers as F
    jobs = getattr(F, "_JOBS", None)
    if jobs is not None and hasattr(jobs, "result"):
        orig_result = jobs.result

        def result(out):
            t = time.perf_counter()
            try:
                return orig_result(out)
            finally:
                stages["font_wait"] = stages.get("font_wait", 0.0) + time.perf_counter() - t
        jobs.result = result


def run_child(argv: list[str], env: dict | None = None, instrument: bool = True) -> dict:
    """One measured process: whole-process wall time plus what the child reports."""
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "spec.json"
        result = Path(tmp) / "result.json"
        spec.write_text(json.dumps({"argv": argv, "result": str(result), "instrument": instrument}))
        e = dict(os.environ)
        e.update(env or {})
        before = resource.getrusage(resource.RUSAGE_CHILDREN)      # cumulative: take the difference
        t = time.perf_counter()
        p = subprocess.Popen([PY, str(Path(__file__).resolve()), "--child", str(spec)], cwd=ROOT,
                             env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out_text, err_text = p.communicate()
        wall = time.perf_counter() - t
        # CPU of the process and of what it waited for (font workers): follows the load less than wall
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        if not result.exists():
            raise SystemExit(f"bench: {' '.join(argv)} failed:\n{err_text[-3000:]}")
        r = json.loads(result.read_text())
    r["wall"] = wall
    r["cpu"] = usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime
    r["stages"]["startup"] = max(0.0, wall - r["inner_wall"])   # interpreter start, imports, exit
    r["stderr"] = err_text[-2000:]
    if r["rc"] not in (0, None):
        raise SystemExit(f"bench: {' '.join(argv)} exited {r['rc']}:\n{err_text[-3000:]}\n{r['stdout']}")
    return r


# ---- the measurements ------------------------------------------------------------

def measure(name: str, runs: int, make_argv, env=None, before=None, warmup: bool = True,
            instrument: bool = True) -> dict:
    """Median of `runs` runs after a warm-up; `before(i)` prepares run i (-1: the warm-up)."""
    results = []
    for i in range(-1 if warmup else 0, runs):
        if before:
            before(i)
        r = run_child(make_argv(i), env(i) if callable(env) else env, instrument)
        if i >= 0:
            results.append(r)
        print(f"  {name} run {i + 1 if i >= 0 else 'warm-up'}: {r['wall']:.2f} s", file=sys.stderr, flush=True)
    walls = [r["wall"] for r in results]
    stage_names = sorted({k for r in results for k in r["stages"]})
    out = {
        "runs": len(results), "wall": statistics.median(walls), "walls": walls,
        "cpu": statistics.median(r["cpu"] for r in results),
        "wall_min": min(walls), "wall_max": max(walls),
        "maxrss_mb": statistics.median(r["maxrss_kb"] for r in results) / 1024,
        "children_maxrss_mb": statistics.median(r["children_maxrss_kb"] for r in results) / 1024,
        "stages": {k: statistics.median(r["stages"].get(k, 0.0) for r in results) for k in stage_names},
        "chars": results[-1]["chars"], "paragraphs": results[-1]["paragraphs"],
        "pages": results[-1]["pages"],
    }
    return out


def watch_measure(issue: Path, article: Path, runs: int) -> dict:
    """Save -> new PDF under a resident watch (scripts/bench_watch.py, one process, `runs` edits)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "watch.json"
        p = subprocess.run([PY, str(ROOT / "scripts" / "bench_watch.py"), str(issue), str(article),
                            "--runs", str(runs), "-o", str(BENCH / "watch.pdf"), "--json", str(out)],
                           cwd=ROOT, capture_output=True, text=True)
        sys.stderr.write(p.stderr)
        if p.returncode or not out.exists():
            raise SystemExit(f"bench: watch failed:\n{p.stderr[-3000:]}")
        r = json.loads(out.read_text())
    return {"runs": r["runs"], "wall": r["save"], "walls": r["saves"], "wall_min": min(r["saves"]),
            "wall_max": max(r["saves"]), "build": r["build"], "builds": r["builds"],
            "interval": r["interval"], "build_stages": r["stages"], "stages": {}, "build_cpu": r.get("cpu"),
            "maxrss_mb": 0.0, "children_maxrss_mb": 0.0, "chars": 0, "paragraphs": 0, "pages": None}


def pdf_size(pdf: Path, pages: int) -> dict:
    """Bytes per page, and what they are: photos, embedded fonts, page content (qpdf --json)."""
    total = pdf.stat().st_size
    kinds: dict[str, int] = {}
    try:
        p = subprocess.run(["qpdf", "--json", "--json-key=qpdf", str(pdf)], capture_output=True, text=True)
        objs = json.loads(p.stdout)["qpdf"][1]
        for v in objs.values():
            st = v.get("stream") if isinstance(v, dict) else None
            if not st:
                continue
            d = st.get("dict", {})
            kind = {"/Image": "images", "/XML": "metadata"}.get(d.get("/Subtype"), None)
            if kind is None:
                kind = "fonts" if ("/Length1" in d or d.get("/Subtype") in ("/CIDFontType0C", "/OpenType")) \
                    else "other" if d.get("/Type") else "content"
            kinds[kind] = kinds.get(kind, 0) + int(d.get("/Length", 0))
    except (OSError, ValueError, KeyError, IndexError):
        pass
    images = kinds.get("images", 0)
    return {"bytes": total, "kb_per_page": total / 1024 / pages, "streams": kinds,
            "kb_per_page_without_images": (total - images) / 1024 / pages}


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu or platform.processor(), "cores": os.cpu_count(), "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}", "load_before": os.getloadavg(),
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def edit_paragraph(article: Path, original: str, i: int) -> None:
    """Run i of the rebuild: the article with one paragraph's sentences reordered (odd runs)
    or back as it was (even runs), so every run follows an edit."""
    if i % 2 == 0:
        text = original
    else:
        head_end = original.index("---\n", 4) + 4
        paras = original[head_end:].split("\n\n")
        k = max(range(len(paras)), key=lambda j: len(paras[j]) if len(paras) > 1 and j != 0 else -1)
        sents = [s + "。" for s in paras[k].rstrip("\n").split("。") if s]
        if len(sents) > 1:
            sents = sents[1:] + sents[:1]
        paras[k] = "".join(sents) + ("\n" if paras[k].endswith("\n") else "")
        text = original[:head_end] + "\n\n".join(paras)
    article.write_text(text, encoding="utf-8")


def main(argv=None) -> int:
    # banmian's modules as bytecode, as `make` leaves them (Makefile `bytecode`): a module edited
    # since would otherwise be compiled again in every measured process that cannot write it
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "layout")], check=False)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="everything at full size: 5 runs, a 200-issue archive "
                    "(about an hour); the default is 3 runs and a 20-issue archive run once (a few minutes)")
    ap.add_argument("--runs", type=int, default=None, help="counted runs per measure (default 3, --full 5)")
    ap.add_argument("--archive", type=int, default=None, help="issues in the generated archive (default 20, --full 200)")
    ap.add_argument("--archive-runs", type=int, default=None, help="runs of the archive builds (default 1, --full --runs)")
    ap.add_argument("--archive-warmup", type=int, default=1, help="warm-up runs before the archive builds (0 or 1)")
    ap.add_argument("--skip", default="", help="comma-separated: cold,warm,rebuild,watch,newchar,warm16,check,proof,plan,archive")
    ap.add_argument("--keep", action="store_true", help="keep the results of skipped measures from the last "
                    "build/bench.json (each keeps the date it was measured)")
    ap.add_argument("--vs-typst", action="store_true", help="only the comparison with Typst on the same pages "
                    "(scripts/bench_typst.py; installs the `bench` extra first)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        return child(a.child)
    if a.vs_typst:
        return vs_typst(a.runs or 7)
    skip = set(filter(None, a.skip.split(",")))
    a.runs = a.runs or (5 if a.full else 3)
    a.archive = a.archive or (200 if a.full else 20)
    if a.archive_runs is None and not a.full:
        a.archive_runs = 1
    runs = a.runs
    BENCH.mkdir(parents=True, exist_ok=True)
    info = machine()
    print(f"bench on {info['cpu']} ({info['cores']} cores), Python {info['python']}, "
          f"load {info['load_before'][0]:.2f}", file=sys.stderr)

    # -- inputs
    gen = subprocess.run([PY, "scripts/make_long_issue.py", "--pages", "8"], cwd=ROOT, check=True,
                         capture_output=True, text=True)
    print(gen.stdout.strip(), file=sys.stderr)
    gen16 = subprocess.run([PY, "scripts/make_long_issue.py", "--pages", "16"], cwd=ROOT, check=True,
                           capture_output=True, text=True)
    print(gen16.stdout.strip(), file=sys.stderr)
    issues = BENCH / "issues"
    long8, long16 = issues / "long-08", issues / "long-16"
    pdf8, pdf16 = BENCH / "long-08.pdf", BENCH / "long-16.pdf"
    body8 = int(re.search(r"(\d+) body characters", gen.stdout).group(1))

    results: dict[str, dict] = {}
    build8 = lambda i: ["build", str(long8), "-o", str(pdf8), "--no-check"]

    if "watch" not in skip:
        # first, on a settled machine: after the cold builds the system is still busy for a while
        # with their files (removing a few hundred MB of caches), and watch's figure is the one
        # most sensitive to that; 3 edits per run of the others, for a median that means something
        results["watch"] = watch_measure(long8, long8 / "art02-1.md", 3 * runs)
    if "cold" not in skip:
        cold_root = Path(tempfile.mkdtemp(prefix="banmian-cold-", dir=BENCH))
        results["cold"] = measure("cold", runs, build8,
                                  env=lambda i: {"BANMIAN_CACHE": str(cold_root / f"run{i + 1}")})
        shutil.rmtree(cold_root, ignore_errors=True)
    if "warm" not in skip:
        results["warm"] = measure("warm", runs, build8)
        results["warm"]["pdf"] = pdf_size(pdf8, results["warm"]["pages"] or 8)
    if "rebuild" not in skip:
        edit = long8 / "art02-1.md"
        original = edit.read_text(encoding="utf-8")
        try:
            results["rebuild"] = measure("rebuild", runs, build8, before=lambda i: edit_paragraph(edit, original, i + 1))
        finally:
            edit.write_text(original, encoding="utf-8")
    if "newchar" not in skip:
        # the same, but each run's edit brings a character the issue has never set (a new one every run)
        edit = long8 / "art02-1.md"
        original = edit.read_text(encoding="utf-8")
        used = set()
        for f in long8.glob("*.md"):
            used |= set(f.read_text(encoding="utf-8"))
        used |= set((long8 / "issue.yaml").read_text(encoding="utf-8"))
        fresh_chars = [bytes((hi, lo)).decode("gb2312") for hi in range(0xB0, 0xD8) for lo in range(0xA1, 0xFF)
                       if not (hi == 0xD7 and lo > 0xF9)]
        fresh_chars = [c for c in fresh_chars if c not in used]
        import random
        random.Random(time.time_ns()).shuffle(fresh_chars)     # new to this machine's caches too

        def add_char(i):
            head_end = original.index("---\n", 4) + 4
            at = original.index("。", head_end + 40)
            edit.write_text(original[:at] + fresh_chars[i + 1] + original[at:], encoding="utf-8")
        try:
            results["newchar"] = measure("newchar", runs, build8, before=add_char)
        finally:
            edit.write_text(original, encoding="utf-8")
    if "warm16" not in skip:
        results["warm16"] = measure("warm16", runs, lambda i: ["build", str(long16), "-o", str(pdf16), "--no-check"])
        results["warm16"]["pdf"] = pdf_size(pdf16, results["warm16"]["pages"] or 16)
    if not pdf8.exists():
        run_child(build8(0))
    if "check" not in skip:
        results["check"] = measure("check", runs, lambda i: ["check", str(pdf8)], instrument=False)
    if "proof" not in skip:
        results["proof"] = measure("proof", runs, lambda i: ["proof", str(pdf8)], instrument=False)

    if "plan" not in skip:
        plan1, plan8 = make_plan_issue(1), make_plan_issue(8)
        results["plan1"] = measure("plan1", runs, lambda i: ["plan", str(plan1)])
        cold_root = Path(tempfile.mkdtemp(prefix="banmian-cold-", dir=BENCH))
        results["plan8"] = measure("plan8", runs, lambda i: ["plan", str(plan8)],
                                   env=lambda i: {"BANMIAN_CACHE": str(cold_root / f"run{i + 1}")})
        shutil.rmtree(cold_root, ignore_errors=True)

    archive_note = None
    if "archive" not in skip:
        maker = ROOT / "scripts" / "make_archive.py"
        if maker.exists():
            aroot = BENCH / f"archive-{a.archive}"
            if not (aroot / ".complete").exists():
                shutil.rmtree(aroot, ignore_errors=True)
                subprocess.run([PY, str(maker), str(a.archive), str(aroot)], cwd=ROOT, check=True)
                (aroot / ".complete").write_text("")
            archive_note = f"{a.archive} issues from scripts/make_archive.py"
            aruns = a.archive_runs or runs
            out_root = BENCH / "archive-out"
            for jobs in (1, 2):
                def fresh(i, jobs=jobs):
                    shutil.rmtree(out_root, ignore_errors=True)
                    for lock in aroot.glob("*/build.lock"):
                        lock.unlink()
                results[f"archive{jobs}"] = measure(
                    f"archive{jobs}", aruns,
                    lambda i, jobs=jobs: ["archive", str(aroot), "--jobs", str(jobs), "--out", str(out_root),
                                         "--draft"],
                    before=fresh, warmup=bool(a.archive_warmup) and jobs == 1, instrument=False)
                results[f"archive{jobs}"]["issues"] = a.archive
        else:
            archive_note = "scripts/make_archive.py not present: archive not measured"

    previous = ROOT / "build" / "bench.json"
    if a.keep and previous.exists():
        old = json.loads(previous.read_text())
        for name, x in (old.get("results") or {}).items():
            if name not in results:
                x.setdefault("measured", old["machine"]["date"])
                results[name] = x
        if archive_note is None:
            archive_note = old.get("archive")
    report = {"machine": info, "body_chars_8": body8, "archive": archive_note, "targets": TARGETS,
              "results": results}
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "bench.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    table = render_table(report)
    (ROOT / "build" / "bench.md").write_text(table + "\n", encoding="utf-8")
    print(table)
    return 0


def vs_typst(runs: int) -> int:
    """Install Typst (the `bench` extra) when missing, then time banmian and Typst on 1, 8 and 32 pages."""
    try:
        import typst  # noqa: F401
    except ImportError:
        print("installing the bench extra (Typst from PyPI)", file=sys.stderr)
        subprocess.run([PY, "-m", "pip", "install", "-q", "-e", f"{ROOT}[bench]"], check=True)
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_typst
    info = machine()
    rows = bench_typst.compare([1, 8, 32], runs)
    table = (f"banmian vs Typst — {info['date']}, {info['cpu']}, {info['cores']} cores, Python {info['python']} "
             f"(load {info['load_before'][0]:.2f} at start), {runs} alternating runs each\n\n"
             + bench_typst.table(rows))
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "bench-typst.md").write_text(table + "\n", encoding="utf-8")
    print(table)
    return 0


def _fmt_stages(st: dict) -> str:
    """start / parse / fonts / composition / make-up (net) / PDF writing (net) / post-processing / other,
    where composition and the stage that first asks for a face exclude the wait for font children."""
    if not st or "build_parse" not in st:
        return f"{st.get('startup', 0):.2f} start" if st else ""
    wait = st.get("font_wait", 0.0)
    wait_comp = st.get("font_wait_in_composition", 0.0)
    wait_pdf = max(0.0, wait - wait_comp)          # the rest: FontSet.prepared() before rendering
    comp = st.get("composition", 0.0)
    post = st.get("postprocess", 0.0)
    comp_net = max(0.0, comp - wait_comp)
    makeup_net = max(0.0, st.get("build_makeup", 0) - comp)
    pdf_net = max(0.0, st.get("build_pdf", 0) - post - wait_pdf)
    return (f"{st.get('startup', 0):.2f} / {st.get('build_parse', 0):.2f} / "
            f"{st.get('build_fonts', 0) + wait:.2f} / {comp_net:.2f} / {makeup_net:.2f} / "
            f"{pdf_net:.2f} / {post:.2f} / {st.get('other', 0):.2f}")


def render_table(report: dict) -> str:
    r = report["results"]
    m = report["machine"]
    lines = [f"banmian bench — {m['date']}, {m['cpu']}, {m['cores']} cores, Python {m['python']}, "
             f"{m['system']} (load {m['load_before'][0]:.2f} at start)",
             f"8-page issue: {report['body_chars_8']} body characters; archive: {report['archive']}",
             "",
             "| measure | median s (min–max) | CPU s | peak MB (children) | start / parse / fonts / compose / make-up / PDF / post / other s | chars/s composed (built) | PDF KB/page (w/o photos) | target |",
             "|---|---|---|---|---|---|---|---|"]
    tgt = {"cold": f"≤ {TARGETS['cold']} s", "warm": f"≤ {TARGETS['warm']} s, ≤ {TARGETS['warm_mem_mb']} MB",
           "rebuild": f"≤ {TARGETS['rebuild']} s", "newchar": f"≤ {TARGETS['rebuild']} s (an edit with a new character)",
           "plan1": f"plan stage ≤ {TARGETS['plan_page']} s, ≤ {TARGETS['plan_mem_mb']} MB",
           "plan8": f"≤ {TARGETS['plan_issue_cold']} s cold, ≤ {TARGETS['plan_mem_mb']} MB"}
    for name in ("cold", "warm", "rebuild", "watch", "newchar", "warm16", "check", "proof", "plan1", "plan8",
                 "archive1", "archive2"):
        if name not in r:
            continue
        x = r[name]
        if name == "watch":
            bs = x.get("build_stages", {})
            cpu = f"{x['build_cpu']:.2f} (build)" if x.get("build_cpu") is not None else ""
            lines.append(f"| watch (save → PDF) | {x['wall']:.3f} ({x['wall_min']:.3f}–{x['wall_max']:.3f}) | {cpu} | | "
                         f"build {x['build']:.2f}: " + " / ".join(f"{k} {v:.2f}" for k, v in bs.items()) +
                         f" | | | ≤ {TARGETS['watch']} s (polls every {x.get('interval', 0.3)} s) |")
            continue
        cps = ""
        comp = x["stages"].get("composition", 0.0) - x["stages"].get("font_wait_in_composition", 0.0)
        if comp > 0 and x["chars"]:
            cps = f"{x['chars'] / comp:,.0f} ({x['chars'] / x['wall']:,.0f})"
        pdf = x.get("pdf")
        size = f"{pdf['kb_per_page']:.0f} ({pdf['kb_per_page_without_images']:.0f})" if pdf else ""
        t = tgt.get(name, "")
        if name == "warm16" and "warm" in r:
            ratio = x["wall"] / r["warm"]["wall"]
            t = f"{ratio:.2f}× warm (≤ {TARGETS['scaling']}×)"
        if name.startswith("archive"):
            t = f"{x.get('issues')} issues, {x['wall'] / max(1, x.get('issues') or 1):.2f} s/issue"
        if pdf and name == "warm":
            t += f"; ≤ {TARGETS['kb_per_page']} KB/page"
        if name.startswith("plan") and "build_plan" in x["stages"]:
            t += f"; plan stage {x['stages']['build_plan']:.2f} s"
        if x.get("measured"):
            t = (t + "; " if t else "") + f"measured {x['measured']}"
        cpu = f"{x['cpu']:.2f}" if "cpu" in x else ""
        lines.append(f"| {name} | {x['wall']:.2f} ({x['wall_min']:.2f}–{x['wall_max']:.2f}) | {cpu} | "
                     f"{x['maxrss_mb']:.0f} ({x['children_maxrss_mb']:.0f}) | {_fmt_stages(x['stages'])} | "
                     f"{cps} | {size} | {t} |")
    lines.append("")
    lines.append("Whole-process wall time, median of the runs after a warm-up, each run its own "
                 "process; CPU s: user + system time of that process and its font workers. Stages: interpreter start + imports + exit; build()'s laps, with composition "
                 "(compose/set_line, cached paragraphs included) taken out of make-up and post-processing "
                 "(pdfx) out of PDF; fonts includes waiting for the font child processes; other = the CLI "
                 "around build() (build.lock). chars/s: characters passed to the composer per second of "
                 "composition, and per second of the whole process. Command: python scripts/bench.py")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())

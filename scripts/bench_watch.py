#!/usr/bin/env python3
"""Resident rebuild: what an editor running `banmian watch` waits for between save and PDF.

    python scripts/bench_watch.py ISSUE_DIR ARTICLE.md [--runs 5] [--interval 0.05] [--json OUT]

One process, as `banmian watch` runs: `layout.build.watch` in a thread (its own
polling, its own resident FontSet and CompositionCache), the first build as the
warm-up; then, --runs times, one paragraph of ARTICLE.md is edited (its
sentences reordered: same characters, different lines; the edit alternates so
every run is an edit) and the time from the file's write to watch reporting the
new PDF is taken (`save`, includes up to --interval of polling), together with
the build's own laps (`build`: parse, fonts, make-up, PDF). The article is put
back as it was at the end. Called by scripts/bench.py (the `watch` measure).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def resident(issue_dir: Path, article: Path, out: Path, runs: int, interval: float) -> dict:
    from bench import edit_paragraph
    import layout.build as B

    laps: list[dict] = []
    built = threading.Condition()
    reports: list[str] = []
    orig_build = B.build

    cpus: list[float] = []

    def timed_build(*a, **kw):           # the laps and CPU seconds of each build watch makes
        c0 = time.process_time()
        r = orig_build(*a, **kw)
        cpus.append(time.process_time() - c0)
        laps.append(dict(r.timings))
        return r
    B.build = timed_build

    def report(msg: str) -> None:
        with built:
            reports.append(msg)
            built.notify_all()

    def wait_built(n: int) -> str:
        with built:
            while sum(m.startswith("built ") or m.startswith("banmian: error") for m in reports) < n:
                built.wait(60)
            return [m for m in reports if m.startswith(("built ", "banmian: error"))][n - 1]

    original = article.read_text(encoding="utf-8")
    t = threading.Thread(target=B.watch, args=(issue_dir, out),
                         kwargs={"interval": interval, "max_builds": runs + 1, "report": report}, daemon=True)
    saves, builds = [], []
    try:
        t0 = time.perf_counter()
        t.start()
        first = wait_built(1)
        first_s = time.perf_counter() - t0
        for i in range(runs):
            time.sleep(interval * 1.5 + 0.05)     # mtime granularity: a save is a new stamp
            edit_paragraph(article, original, i + 1)
            ts = time.perf_counter()
            msg = wait_built(i + 2)
            saves.append(time.perf_counter() - ts)
            if not msg.startswith("built "):
                raise SystemExit(f"watch: {msg}")
            builds.append(sum(laps[-1].values()))
            print(f"  watch run {i + 1}: save -> PDF {saves[-1]:.3f} s (build {builds[-1]:.3f} s)",
                  file=sys.stderr, flush=True)
        t.join(10)
    finally:
        article.write_text(original, encoding="utf-8")
        B.build = orig_build
    stage = {k: statistics.median(l.get(k, 0.0) for l in laps[1:]) for k in laps[-1]}
    # (CPU: the whole process while the build ran, its polling thread's few looks included)
    return {"runs": runs, "interval": interval, "first_build": first_s, "first": first,
            "cpu": statistics.median(cpus[1:]) if len(cpus) > 1 else None, "cpus": cpus[1:],
            "save": statistics.median(saves), "saves": saves, "build": statistics.median(builds),
            "builds": builds, "stages": stage}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("issue_dir")
    ap.add_argument("article")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--interval", type=float, default=0.02, help="watch's polling interval (its default, 0.02 s)")
    ap.add_argument("-o", "--output", default=str(ROOT / "build" / "bench" / "watch.pdf"))
    ap.add_argument("--json", help="write the figures here")
    a = ap.parse_args(argv)
    r = resident(Path(a.issue_dir), Path(a.article), Path(a.output), a.runs, a.interval)
    if a.json:
        Path(a.json).write_text(json.dumps(r))
    print(f"watch: save -> PDF {r['save']:.3f} s median (build {r['build']:.3f} s, CPU {r['cpu']:.3f} s; "
          + ", ".join(f"{k} {v:.3f}" for k, v in r["stages"].items()) + f"; polling every {a.interval} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

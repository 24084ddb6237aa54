#!/usr/bin/env python3
"""Derive N issues from the sample issue, for the archive benchmark and tests.

    scripts/make_archive.py N OUT_DIR [--from issues/2026-046] [--seed 1] [--weekly]

OUT_DIR gets _house/ (copied from the sample's issues folder) and N issue
folders, one a week ending on the sample's date: ids YYYY-NNN with the number
counted within the year, `total:` running from 1, and in every article the
ordinary paragraphs shuffled (cross-heads and pull quotes stay where they are),
so each issue sets different lines from the same text (a shuffle whose
auto-height articles no longer fit the page is redrawn: each issue is laid out
once, without a PDF, unless --no-check). Photos are hard-linked
where possible (copied otherwise). The layout is the sample's: an issue whose
shuffled text runs over a fixed block needs `banmian archive --draft`.
"""
from __future__ import annotations

import argparse
import datetime
import os
import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shuffle_article(text: str, rng: random.Random) -> str:
    """Shuffle the ordinary paragraphs of a Markdown article among themselves."""
    lines = text.split("\n")
    front_end = 0
    if lines and lines[0].strip() == "---":
        front_end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---") + 1
    head, body = "\n".join(lines[:front_end]), "\n".join(lines[front_end:])
    blocks = [b for b in re.split(r"\n\s*\n", body.strip("\n")) if b.strip()]
    movable = [i for i, b in enumerate(blocks) if not b.lstrip().startswith(("#", ">"))]
    order = [blocks[i] for i in movable]
    rng.shuffle(order)
    for i, b in zip(movable, order):
        blocks[i] = b
    return (head + "\n" if head else "") + "\n\n".join(blocks) + "\n"


def set_key(yaml_text: str, key: str, value: str) -> str:
    """Replace a top-level `key: …` line (or add it after `number:`)."""
    pat = re.compile(rf"^{key}:.*$", re.M)
    if pat.search(yaml_text):
        return pat.sub(f"{key}: {value}", yaml_text, count=1)
    return re.sub(r"^(number:.*)$", rf"\1\n{key}: {value}", yaml_text, count=1, flags=re.M)


def link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _lays_out(issue_dir: Path, fonts) -> bool:
    """Does the issue make up (as `--draft`: overset is allowed, overlapping blocks are not)?"""
    sys.path.insert(0, str(ROOT))
    from layout.build import build
    from layout.errors import BanmianError
    try:
        build(issue_dir, None, draft=True, fonts=fonts)
        return True
    except BanmianError:
        return False


def make(n: int, out: Path, sample: Path, seed: int = 1, check: bool = True, tries: int = 6) -> list[Path]:
    """Write n issues; with `check`, a shuffle whose auto-height articles no longer fit their page
    (blocks overlap) is redrawn, up to `tries` times, then the sample's own order is used."""
    import yaml
    fonts = None
    if check:
        sys.path.insert(0, str(ROOT))
        from layout.fonts import FontSet
        fonts = FontSet()
    manifest = (sample / "issue.yaml").read_text(encoding="utf-8")
    end = yaml.safe_load(manifest)["date"]
    if isinstance(end, str):
        end = datetime.date.fromisoformat(end)
    out.mkdir(parents=True, exist_ok=True)
    if not (out / "_house").exists():
        shutil.copytree(sample.parent / "_house", out / "_house")
    made = []
    for i in range(n):
        date = end - datetime.timedelta(days=7 * (n - 1 - i))
        number = (date - datetime.date(date.year, 1, 1)).days // 7 + 1
        dest = out / f"{date.year}-{number:03d}"
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir()
        rng = random.Random(f"{seed}-{i}")
        text = set_key(set_key(set_key(manifest, "number", str(number)), "date", date.isoformat()),
                       "total", str(i + 1))
        (dest / "issue.yaml").write_text(text, encoding="utf-8")
        for f in sorted(sample.iterdir()):
            if f.suffix.lower() in (".jpg", ".jpeg", ".png"):
                link_or_copy(f, dest / f.name)
        articles = sorted(f for f in sample.iterdir() if f.suffix == ".md")
        for attempt in range(tries + 1):
            for f in articles:
                text = f.read_text(encoding="utf-8")
                (dest / f.name).write_text(shuffle_article(text, rng) if attempt < tries else text, encoding="utf-8")
            if not check or _lays_out(dest, fonts):
                break
        made.append(dest)
    return made


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="how many issues")
    ap.add_argument("out_dir", help="folder to write (an issues root: _house/ and one folder per issue)")
    ap.add_argument("--from", dest="sample", default=str(ROOT / "issues" / "2026-046"), help="sample issue")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-check", action="store_true", help="do not lay out each issue to redraw shuffles that "
                    "make blocks overlap (faster; some issues may then fail to build)")
    a = ap.parse_args(argv)
    made = make(a.n, Path(a.out_dir), Path(a.sample), a.seed, check=not a.no_check)
    print(f"wrote {len(made)} issues to {a.out_dir} ({made[0].name} … {made[-1].name})" if made else "nothing to do")
    return 0


if __name__ == "__main__":
    sys.exit(main())

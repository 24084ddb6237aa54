#!/usr/bin/env python3
"""Generate a long issue from the sample, for the benchmark: N pages of the 5-column A3 house.

    scripts/make_long_issue.py [--pages 8] [--out build/bench/issues] [--from issues/2026-046] [--seed 1]

Writes OUT/_house/ (copied from the sample's issues folder) and OUT/long-NN/:
an issue.yaml with a masthead on page 1, pages of fixed-height article
frames (a 头条 and two or three other articles a page), four photos and two
infographics per 8 pages, and one Markdown file per article whose paragraphs
are drawn (deterministically, by --seed) from the sample's articles and the
other committed issues' articles. Each article is then fitted to its frame:
the issue is laid out (no PDF) and an article that runs over is cut by the
characters the error reports, until the issue builds without --draft.
Never writes under issues/.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ["要闻", "综合", "园区动态", "经济", "社会", "科技", "文化", "副刊·人物"]
EDITORS = ["陈思远", "何嘉言", "蒋文婷", "周晓岚", "林晓", "吴海涛", "许丹", "赵立波"]
BODY_CHARS_PER_LINE = 16        # the house's base column, in body characters

# Page templates: blocks as (kind, col, span, line, lines). "A" = article (the first one is the
# page's 头条), "P" = photo, "F" = infographic. Lines 1-80; page 1 starts under the masthead.
FRONT = [("A", 1, 3, 12, 47), ("P", 4, 2, 12, 17), ("F", 4, 2, 30, 28),
         ("A", 1, 2, 60, 21), ("A", 3, 3, 60, 21)]
TEMPLATES = [
    # two full-width stories
    [("A", 1, 5, 1, 40), ("A", 1, 3, 41, 40), ("A", 4, 2, 41, 40)],
    # a photo beside the lead
    [("A", 1, 3, 1, 44), ("P", 4, 2, 1, 18), ("A", 4, 2, 20, 25), ("A", 1, 5, 45, 36)],
    # columns
    [("A", 1, 3, 1, 80), ("A", 4, 2, 1, 46), ("A", 4, 2, 47, 34)],
    # an infographic
    [("A", 1, 5, 1, 34), ("F", 1, 2, 35, 28), ("A", 3, 3, 35, 46), ("A", 1, 2, 64, 17)],
    # a photo and three stories
    [("A", 1, 5, 1, 30), ("A", 1, 3, 31, 50), ("P", 4, 2, 31, 18), ("A", 4, 2, 50, 31)],
    # columns again
    [("A", 1, 2, 1, 80), ("A", 3, 3, 1, 45), ("A", 3, 3, 46, 35)],
    # a photo
    [("A", 1, 3, 1, 80), ("P", 4, 2, 1, 18), ("A", 4, 2, 20, 61)],
]

FIGURES = [
    """      - figure:
          kicker: 图解经开区
          title: 前三季度经济成绩单
          intro: 今年以来，经开区主要经济指标增幅保持全市前列，经济运行稳中有进。
          figures:
            - {label: 地区生产总值, value: "53.67", unit: 亿元, change: 增长 8.6%, rank: 增速列全市第 2 位}
            - {label: 固定资产投资, value: "34.8", unit: 亿元, change: 增长 11.2%, rank: 增速列全市第 3 位}
            - {label: 服务业增加值, value: "15.84", unit: 亿元, change: 增长 14.5%, rank: 增速连续三个季度全市第 1}
            - {label: 规上工业增加值, value: "36.05", unit: 亿元, change: 增长 9.7%, rank: 总量列全市第 2 位}
          chart:
            kind: bar
            title: 主要指标增速（%）
            labels: [GDP, 固投, 服务业, 规上工业]
            values: [8.6, 11.2, 14.5, 9.7]
          source: 数据来源：南明经开区经济发展局
""",
    """      - figure:
          kicker: 数说服务
          title: 企业服务中心一年间
          intro: 集中进驻以来，办事更快了，企业跑腿更少了。
          figures:
            - {label: 累计办理事项, value: "2.3", unit: 万件, change: 即办件占 78.6%, rank: 满意率 99% 以上}
            - {label: 网上可办事项, value: "112", unit: 项, change: 掌上办 85 项, rank: 全市第 1}
            - {label: 项目代办服务, value: "41", unit: 个, change: 平均节省 40 天, rank: 重点项目全覆盖}
            - {label: 企业开办时间, value: "0.5", unit: 个工作日, change: 原需 3 个工作日, rank: 压缩六分之五}
          chart:
            kind: bar
            title: 各类事项办理量（千件）
            labels: [综合受理, 网上办, 掌上办, 代办]
            values: [9.6, 7.1, 5.2, 1.1]
          source: 数据来源：南明经开区企业服务中心
""",
]


def corpus(sources: list[Path]) -> tuple[list[str], list[dict]]:
    """Ordinary paragraphs and the front matter of every article in `sources`."""
    import yaml
    paras, heads = [], []
    for d in sources:
        for f in sorted(d.glob("*.md")):
            text = f.read_text(encoding="utf-8")
            front = {}
            m = re.match(r"---\n(.*?)\n---\n", text, re.S)
            if m:
                try:
                    front = yaml.safe_load(m.group(1)) or {}
                except yaml.YAMLError:
                    front = {}
                text = text[m.end():]
            if front.get("title"):
                heads.append(front)
            for b in re.split(r"\n\s*\n", text):
                b = b.strip()
                if b and not b.startswith(("#", ">", "|", "-", "!")) and len(b) > 40:
                    paras.append(re.sub(r"\s*\n\s*", "", b))
    return paras, heads


def _title(front: dict, span: int, lead: bool) -> str:
    t = str(front["title"]).replace("  ", "，") if not lead else str(front["title"])
    limit = {1: 7, 2: 12, 3: 16}.get(span, 22)
    if len(t) > limit:
        t = t.split("，")[0][:limit]
    return t


def article(front: dict, paras: list[str], span: int, lead: bool) -> str:
    lines = ["---", f"title: {_title(front, span, lead)}"]
    if lead and front.get("kicker") and span >= 3:
        lines.append(f"kicker: {front['kicker']}")
    if front.get("byline"):
        lines.append(f"byline: {front['byline']}")
    lines.append("---")
    return "\n".join(lines) + "\n" + "\n\n".join(paras) + "\n"


def capacity(span: int, lines: int, lead: bool) -> int:
    """Body characters a frame holds, roughly: its lines less the headline, all columns."""
    head = (7 if span >= 3 else 6) if lead else (5 if span >= 3 else 6)
    return int(span * BODY_CHARS_PER_LINE * max(lines - head, 4) * 0.97)


def make(pages: int, out: Path, sample: Path, seed: int = 1, fit: bool = True) -> Path:
    rng = random.Random(seed)
    root = sample.parent
    others = [d for d in sorted(root.iterdir()) if d.is_dir() and not d.name.startswith("_") and d != sample]
    paras, heads = corpus([sample] + others)
    photos = sorted(f for f in sample.iterdir() if f.suffix.lower() in (".jpg", ".jpeg", ".png"))
    out.mkdir(parents=True, exist_ok=True)
    if (out / "_house").exists():
        shutil.rmtree(out / "_house")
    shutil.copytree(root / "_house", out / "_house")
    # the pages are fitted by this script, not made up by an editor: a hole of a few lines is
    # reported, not fatal (the bench measures speed; the samples are the full pages)
    with open(out / "_house" / "nanming-v1.yaml", "a", encoding="utf-8") as f:
        f.write("\nchecks: {holes: warning}\n")
    dest = out / f"long-{pages:02d}"
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir()
    for f in photos:
        try:
            os.link(f, dest / f.name)
        except OSError:
            shutil.copy2(f, dest / f.name)

    y = ["# generated by scripts/make_long_issue.py: do not edit", "house: nanming-v1",
         "number: 46", "date: 2026-11-27", "pages:"]
    arts: dict[str, tuple[int, int, bool]] = {}        # file -> (span, lines, lead)
    n_photo = n_fig = 0
    pool = list(paras)
    rng.shuffle(pool)
    k = 0
    for p in range(pages):
        blocks = FRONT if p == 0 else TEMPLATES[(p - 1) % len(TEMPLATES)]
        y += [f"  - section: {SECTIONS[p % len(SECTIONS)]}", f"    editor: {EDITORS[p % len(EDITORS)]}",
              "    blocks:"]
        if p == 0:
            y.append("      - {masthead: {}, col: 1, span: 5, line: 1, lines: 10}")
        first = True
        for kind, col, span, line, lines in blocks:
            pos = f"        col: {col}\n        span: {span}\n        line: {line}\n        lines: {lines}"
            if kind == "A":
                name = f"art{p + 1:02d}-{len([a for a in arts if a.startswith(f'art{p + 1:02d}-')]) + 1}.md"
                front = heads[(k * 7 + p) % len(heads)]
                want = capacity(span, lines, first)
                chosen, got = [], 0
                while got < want:
                    para = pool[k % len(pool)]
                    k += 1
                    chosen.append(para)
                    got += len(para)
                (dest / name).write_text(article(front, chosen, span, first), encoding="utf-8")
                arts[name] = (span, lines, first)
                y.append(f"      - article: {name}\n{pos}")
                first = False
            elif kind == "P":
                f = photos[n_photo % len(photos)]
                n_photo += 1
                y.append(f"      - photo: {f.name}\n        caption: 11 月 24 日，经开区第 {n_photo} 张新闻照片的图片说明。\n"
                         f"        credit: 本报记者 陈思远 摄\n{pos}")
            else:
                y.append(FIGURES[n_fig % len(FIGURES)].rstrip("\n") + "\n" + pos)
                n_fig += 1
    (dest / "issue.yaml").write_text("\n".join(y) + "\n", encoding="utf-8")
    if fit:
        fit_text(dest, [pool[(k + i) % len(pool)] for i in range(len(pool))][::-1])
    return dest


# the build's overset error and short-block warning (makeup/copyfit.py, makeup/page.py; English forms)
OVER = re.compile(r"article (\S+\.md) \(.*?\) is too long: (\d+) lines? over, about (\d+) characters over")
SHORT = re.compile(r"article (\S+\.md) \(.*?\) is (\d+) lines? short of its block")


def fit_text(issue_dir: Path, spare: list[str], rounds: int = 12) -> None:
    """Fit every article to its frame: cut what the build reports as over, add text where it reports
    lines short (twice at most per article), until it builds without --draft."""
    sys.path.insert(0, str(ROOT))
    from layout.build import build
    from layout.errors import BanmianError, Log
    from layout.fonts import FontSet
    fonts = FontSet()
    filled: dict[str, int] = {}
    tries: dict[str, int] = {}
    spans = _spans(issue_dir)
    for _ in range(rounds):
        log = Log()
        try:
            build(issue_dir, None, draft=False, fonts=fonts, log=log)
        except BanmianError as e:
            over = OVER.findall(str(e))
            if not over:
                raise
            for name, lines, chars in over:
                tries[name] = tries.get(name, 0) + 1
                cut(issue_dir / name, max(int(chars), int(lines) * BODY_CHARS_PER_LINE) * tries[name] + 8)
            continue
        short = [(n, int(k)) for n, k in SHORT.findall("\n".join(map(str, log.warnings)))
                 if filled.get(n, 0) < 2 and int(k) >= 2]
        if not short:
            return
        for name, lines in short:
            filled[name] = filled.get(name, 0) + 1
            add(issue_dir / name, spare, (lines - 1) * BODY_CHARS_PER_LINE * spans.get(name, 1))
    raise SystemExit(f"{issue_dir}: text does not fit after {rounds} rounds")


def _spans(issue_dir: Path) -> dict[str, int]:
    import yaml
    y = yaml.safe_load((issue_dir / "issue.yaml").read_text(encoding="utf-8"))
    return {b["article"]: b["span"] for p in y["pages"] for b in p["blocks"] if "article" in b}


def add(path: Path, spare: list[str], chars: int) -> None:
    """Append about `chars` characters of paragraphs (the last one cut at a sentence) to an article."""
    text = path.read_text(encoding="utf-8").rstrip("\n")
    while chars > 20 and spare:
        para = spare.pop()
        if len(para) > chars:
            cut_at = para.rfind("。", 0, chars)
            para = para[:cut_at + 1] if cut_at > 20 else para[:chars].rstrip("，、；：“‘（《") + "。"
        text += "\n\n" + para
        chars -= len(para)
    path.write_text(text + "\n", encoding="utf-8")


def cut(path: Path, chars: int) -> None:
    """Remove `chars` characters from the end of an article's body (whole paragraphs, then a sentence)."""
    text = path.read_text(encoding="utf-8")
    head_end = text.index("---\n", 4) + 4
    head, body = text[:head_end], text[head_end:]
    paras = [p for p in body.strip().split("\n\n") if p]
    while chars > 0 and len(paras) > 1 and len(paras[-1]) <= chars:
        chars -= len(paras.pop())
    if chars > 0 and paras:
        last = paras[-1][:max(20, len(paras[-1]) - chars)]
        paras[-1] = last.rstrip("，、；：“‘（《") + ("" if last.endswith("。") else "。")
    path.write_text(head + "\n\n".join(paras) + "\n", encoding="utf-8")


def body_chars(issue_dir: Path) -> int:
    """Characters of article body text in the issue (what the benchmark calls body text)."""
    n = 0
    for f in issue_dir.glob("*.md"):
        text = f.read_text(encoding="utf-8")
        text = text[text.index("---\n", 4) + 4:] if text.startswith("---") else text
        n += sum(1 for c in text if not c.isspace())
    return n


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=8)
    ap.add_argument("--out", default=str(ROOT / "build" / "bench" / "issues"))
    ap.add_argument("--from", dest="sample", default=str(ROOT / "issues" / "2026-046"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-fit", action="store_true", help="do not lay out to cut overset text")
    a = ap.parse_args(argv)
    out = Path(a.out).resolve()
    if (ROOT / "issues").resolve() in (out, *out.parents):
        raise SystemExit("make_long_issue.py never writes under issues/")
    d = make(a.pages, out, Path(a.sample), a.seed, fit=not a.no_fit)
    n = body_chars(d)
    print(f"wrote {d} ({a.pages} pages, {n} body characters, {n // a.pages} a page)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

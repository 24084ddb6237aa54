#!/usr/bin/env python3
"""The README's error examples, produced by the program itself.

    python scripts/readme_examples.py            print the examples' section as the program gives it
    python scripts/readme_examples.py --write    put it into README.md (between the markers)
    python scripts/readme_examples.py --check    exit 1 when README.md says something else

Each example copies the sample issue (issues/2026-046) into a temporary folder,
makes one mistake an editor makes, runs `banmian build` on it and keeps what it
prints, with the temporary folder written as `issues/2026-046`. The README shows
the mistake and the message; tests/test_readme.py checks the two still agree.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "issues/2026-046"
BEGIN, END = "<!-- errors: begin (scripts/readme_examples.py --write) -->", "<!-- errors: end -->"

# (what the editor did, [(file, pattern, replacement), ...]): the first match of each is replaced
EXAMPLES = [
    ("a key misspelt in issue.yaml (`spam` for `span`)", [("issue.yaml", r"\n(\s+)span: 3\n", r"\n\1spam: 3\n")]),
    ("a character no font has (𠀀, U+20000) typed into an article", [("p1-lead.md", r"。", "。𠀀")]),
    ("a fixed-height article given too few lines (`lines: 22` → `lines: 16`)",
     [("issue.yaml", r"(article: p1-5g\.md(?:\n .*?)*?\n\s+lines: )22", r"\g<1>16")]),
    ("three mistakes at once: `spam` for `span` in issue.yaml, `kicer:` for `kicker:` in one article and "
     "`subtitel:` for `subtitle:` in another: one run reports all three, sorted by file and line",
     [("issue.yaml", r"\n(\s+)span: 3\n", r"\n\1spam: 3\n"),
      ("p2-fuwu.md", r"\ntitle:", "\nkicer: 引题\ntitle:"),
      ("p3-linli.md", r"\ntitle:", "\nsubtitel: 副题\ntitle:")]),
    ("`credit：` typed with a Chinese input method (a full-width colon)",
     [("issue.yaml", r"credit: ", "credit：")]),
]
LANGUAGES = (("zh", None), ("en", "English (`--lang en`):"))


def run_example(changes: list, lang: str) -> str:
    """What `banmian build` prints for the sample with one mistake (paths as in the repo)."""
    from layout.cli import main
    with tempfile.TemporaryDirectory(prefix="banmian-readme-") as tmp:
        issues = Path(tmp) / "issues"
        shutil.copytree(ROOT / SAMPLE, issues / Path(SAMPLE).name)
        shutil.copytree(ROOT / "issues" / "_house", issues / "_house")
        for pattern_file, pattern, replacement in changes:
            target = issues / Path(SAMPLE).name / pattern_file
            text = target.read_text(encoding="utf-8")
            changed, n = re.subn(pattern, replacement, text, count=1)
            if not n:
                raise SystemExit(f"readme_examples: the pattern {pattern!r} no longer matches {SAMPLE}/{pattern_file}; "
                                 "update EXAMPLES in scripts/readme_examples.py")
            target.write_text(changed, encoding="utf-8")
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            main(["build", str(issues / Path(SAMPLE).name), "-o", str(Path(tmp) / "out.pdf"), "--no-check",
                  "--lang", lang])
        out = err.getvalue().replace(str(issues.resolve()), "issues").replace(str(issues), "issues")
        return out.replace(tmp, "")


def section() -> str:
    parts = [BEGIN]
    for what, changes in EXAMPLES:
        parts += [f"{what}:", ""]
        for lang, label in LANGUAGES:
            parts += ([label, ""] if label else []) + ["```", run_example(changes, lang).rstrip(), "```", ""]
    parts.append(END)
    return "\n".join(parts)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    new = section()
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    m = re.search(re.escape(BEGIN) + r".*?" + re.escape(END), text, re.S)
    if a.write:
        if not m:
            raise SystemExit("README.md has no errors section markers")
        readme.write_text(text[:m.start()] + new + text[m.end():], encoding="utf-8")
        return 0
    if a.check:
        if not m or m.group(0) != new:
            print("README.md's error examples differ from what the program prints; run "
                  "`python scripts/readme_examples.py --write`", file=sys.stderr)
            return 1
        return 0
    print(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The README tells the truth: its error examples are what the program prints."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_error_examples_are_what_the_program_prints():
    # scripts/readme_examples.py makes each mistake on a copy of the sample and runs the build
    r = subprocess.run([sys.executable, "scripts/readme_examples.py", "--check"], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_every_makefile_target_has_a_rule_and_make_help_lists_them():
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = next(line for line in text.splitlines() if line.startswith(".PHONY:")).split()[1:]
    rules = {line.split(":")[0].strip() for line in text.splitlines()
             if line and not line[0].isspace() and ":" in line and "=" not in line.split(":")[0]}
    for target in phony:
        assert any(target in r.split() for r in rules), f"make {target} is declared but has no rule"
    r = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True)
    listed = {line.split()[0] for line in r.stdout.splitlines()[1:] if line.strip()}
    assert {"issue", "test", "check", "archive", "bench", "clean", "help"} <= listed, r.stdout

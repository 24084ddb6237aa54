"""Where a PDF may be written: never onto an input, never into the issues, never half.

Called before anything is built, so `-o issue.yaml` (or an article, a photo, the house
style, a font, the output profile) is refused instead of replaced by the PDF, and a
folder or an unwritable place is a message, not a traceback after a minute of layout.
"""
from __future__ import annotations

import os
from pathlib import Path

from layout.errors import BanmianError
from layout.i18n import M


def check_output(out: Path | str, issue_dir: Path | str, inputs: list[Path | str] = ()) -> Path:
    """`out` if banmian may write a PDF there; else a BanmianError saying why.

    Refused: a path that is not *.pdf, an existing folder, anything inside the folder that
    holds the issues (issues/: every issue, its photos and the shared house styles), any
    file in `inputs` (fonts, profiles, nameplate), and a place that cannot be written."""
    out = Path(out)
    target = out.resolve()
    issues_root = Path(issue_dir).resolve().parent
    if out.is_dir():
        raise BanmianError(M('the output {out} is a folder', out=out), hint=M('name a file, e.g. -o {v}', v=out / 'issue.pdf'))
    if target == issues_root or issues_root in target.parents:
        suggest = issues_root.parent / "build" / f"{Path(issue_dir).resolve().name}.pdf"
        raise BanmianError(M('the output {out} is inside {name}/, where the issues and the house styles live', out=out, name=issues_root.name), hint=M('write the PDF elsewhere, e.g. -o {suggest}', suggest=suggest))
    for f in inputs:
        try:
            same = Path(f).resolve() == target
        except OSError:
            same = False
        if same:
            raise BanmianError(M("the output {out} is one of the build's inputs ({f})", out=out, f=f),
                               hint=M('choose another output file; the build would replace its input'))
    if out.suffix.lower() != ".pdf":
        raise BanmianError(M('the output {out} does not end in .pdf', out=out),
                           hint=M("banmian writes a PDF; name it e.g. build/2026-046.pdf (a name without .pdf could be one of the issue's own files)"))
    parent = target.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise BanmianError(M('cannot write {out}: {parent} is a file, not a folder', out=out, parent=parent))
    if not os.access(parent, os.W_OK | os.X_OK):
        raise BanmianError(M('cannot write {out}: the folder {parent} is not writable', out=out, parent=parent),
                           hint=M('choose another output folder with -o'))
    return out

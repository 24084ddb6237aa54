"""`banmian new`: what the next issue's folder must agree with, and the layout it may keep.

A folder is named YEAR-NUMBER (2026-047: the folder name is the issue id the archive
files it under), so a folder name that says another number or year than the manifest
it gets, or a number another issue of that year already has, is an error with the
folder name that fits. `--keep-layout` starts from the previous issue's block
positions: a weekly with a fixed layout keeps its slots, article and photo files
named as before (the new copy goes in under those names), figures as empty slots.
"""
from __future__ import annotations

import datetime
import re
from pathlib import Path

from layout.errors import BanmianError
from layout.i18n import M

FOLDER = re.compile(r"^(\d{4})-(\d+)$")
LAYOUT_KEYS = ("id", "col", "span", "line", "lines", "columns", "headline", "frame", "jump",
               "title_size", "title_align", "bleed", "direction", "ornament", "wrap", "area")


def check_new_folder(new: Path, root: Path, number: int, date: datetime.date) -> None:
    """The folder name agrees with the number and year; no other issue of that year has the number."""
    fits = root / f"{date.year}-{number:03d}"
    m = FOLDER.match(new.name)
    if not m:
        raise BanmianError(M('the folder name {name} is not an issue id (year-number, e.g. {name2})', name=new.name, name2=fits.name), new,
                           hint=M('name the folder {fits}', fits=fits))
    if int(m.group(2)) != number or int(m.group(1)) != date.year:
        raise BanmianError(M('the folder name {name} says issue {v} of {group}, but the next issue is number {number} of {year}', name=new.name, v=int(m.group(2)), group=m.group(1), number=number, year=date.year), new,
                           hint=M('name the folder {fits}, or start from another issue with --from', fits=fits))
    from layout.source.yamlsrc import load_yaml
    for other in sorted(root.glob("*/issue.yaml")):
        if other.parent.resolve() == new.resolve():
            continue
        try:
            data = load_yaml(other).value or {}
            same = int(data.get("number")) == number and \
                datetime.date.fromisoformat(str(data.get("date"))).year == date.year
        except (BanmianError, TypeError, ValueError):
            continue                                  # a broken manifest is its own build's error
        if same:
            raise BanmianError(M('issue {number} of {year} already exists: {parent}', number=number, year=date.year, parent=other.parent), other,
                               hint=M('start from the latest issue (banmian new {root}/{year}-{v:03d} --from {parent}), or remove the duplicate', root=root, year=date.year, v=number + 1, parent=other.parent))


def layout_lines(page: dict) -> list[str]:
    """The page's blocks as YAML lines: each block's kind and file, its position and layout keys;
    no captions, credits or figure data (those belong to the old issue)."""
    out = []
    for b in page.get("blocks") or []:
        kind = next((k for k in ("masthead", "article", "continue", "photo", "figure", "kantou") if k in b), None)
        if kind is None:
            continue
        if kind == "masthead":
            ear = (b["masthead"] or {}).get("ear") if isinstance(b["masthead"], dict) else None
            head = f"masthead: {{ear: {ear}}}" if ear else "masthead: {}"
        elif kind == "kantou":
            # a section's 刊头 is its standing heading: kept as it was
            head = "kantou: {" + ", ".join(f"{k}: {_yaml_value(v)}" for k, v in (b["kantou"] or {}).items()) + "}"
        elif kind == "figure":
            head = "figure: {title: \"\"}        # the slot of last issue's figure: give its data"
        else:
            head = f"{kind}: {b[kind]}"
        comment = ""
        if "#" in head:
            head, comment = head.split("#", 1)
            head, comment = head.rstrip(), "  #" + comment
        keys = ", ".join(f"{k}: {_yaml_value(b[k])}" for k in LAYOUT_KEYS if k in b)
        out.append(f"      - {{{head}, {keys}}}{comment}")
    return out


def _yaml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)

"""Build records: `issues/<id>/build.lock` proves a past issue rebuilds byte for byte.

The lock (JSON, committed with the issue) records what one build was made of and
what it produced:

    banmian      layout.__version__ (and, for diagnosis only, the hash of each layout/*.py
                 and the versions of Python, ReportLab, fontTools, pypdf, Pillow, PyYAML)
    options      draft / marks
    house        the house-style file's name and sha256 (a new style is a new file),
                 and of the files it names (the nameplate artwork)
    icc          the output ICC profile's path and sha256
    fonts        per face used: the source file, its sha256, and the prepared subset's sha256
    inputs       sha256 of every input file of the issue (issue.yaml, articles, photos)
    pdf          sha256 (and size, pages) of the PDF produced

A later build of the issue calls

    check = check_lock(issue_dir, fonts)        # before anything is built
    result = build(issue_dir, out, fonts=fonts)
    status = write_lock(check, result)          # after

check_lock raises a BanmianError naming the font, house style or ICC profile that
changed since the lock (the issue would be re-laid out silently otherwise), unless
`accept`. write_lock compares: the same inputs must give the same PDF (else it
raises with what changed: version, code, subsets); new or changed inputs write a
new lock; `accept` re-locks deliberately.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from layout.errors import BanmianError, Log
from layout.i18n import M, join

LOCK_NAME = "build.lock"
LOCK_VERSION = 1
CODE_DIR = Path(__file__).resolve().parents[1]
NOT_LAYOUT = ("archive/", "cli.py", "preflight/")     # never change a PDF


def sha256_file(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def lock_path(issue_dir) -> Path:
    return Path(issue_dir) / LOCK_NAME


def read_lock(issue_dir) -> dict | None:
    p = lock_path(issue_dir)
    if not p.exists():
        return None
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise BanmianError(M('build.lock is not readable JSON: {e}', e=e), p,
                           hint=M('restore it from git (git checkout -- build.lock) or rebuild with --accept'))
    if not isinstance(data, dict) or data.get("lock_version") != LOCK_VERSION:
        raise BanmianError(M("build.lock has an unknown format (lock_version {get!r})",
                             get=data.get('lock_version')), p,
                           hint=M('rebuild with --accept to write a current lock'))
    return data


def dump_lock(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_json_atomic(path: Path, data: dict) -> None:
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(dump_lock(data), encoding="utf-8")
    tmp.replace(path)


# -- what a build is made of ------------------------------------------------

def input_files(issue) -> list[Path]:
    """Every file the issue reads (besides the shared house style): manifest, articles, photos."""
    from layout.source.model import ArticleBlock, PhotoBlock
    files = {Path(issue.manifest)}
    for page in issue.pages:
        for b in page.blocks:
            if isinstance(b, ArticleBlock):
                files.add(Path(b.article.path))
            elif isinstance(b, PhotoBlock):
                files.add(Path(b.path))
    return sorted(files)


def hash_inputs(issue) -> dict[str, str]:
    root = Path(issue.dir)
    out = {}
    for f in input_files(issue):
        try:
            rel = f.resolve().relative_to(root).as_posix()
        except ValueError:
            rel = str(f)
        out[rel] = sha256_file(f)
    return out


def icc_path(house) -> str:
    from layout.render.profile import DEFAULT_CMYK_PROFILE
    return DEFAULT_CMYK_PROFILE if house.icc == "default" else house.icc


def icc_record(house) -> dict:
    p = icc_path(house)
    try:
        return {"file": p, "sha256": sha256_file(p)}
    except OSError:
        return {"file": p, "sha256": None}


_CODE: dict | None = None


def code_hashes() -> dict[str, str]:
    """sha256 of each layout/*.py: not compared, but named when a PDF differs."""
    global _CODE
    if _CODE is None:
        _CODE = {}
        for p in sorted(CODE_DIR.rglob("*.py")):
            name = p.relative_to(CODE_DIR).as_posix()
            if not name.startswith(NOT_LAYOUT):
                _CODE[name] = sha256_file(p)
    return _CODE


TOOLS = ("reportlab", "fonttools", "pypdf", "pillow", "pyyaml")


# Each library's own version attribute (the module is loaded by the build anyway): asking
# importlib.metadata imports it and the email package, 45-60 ms of CPU on every build.
_VERSION_ATTR = {"reportlab": ("reportlab", "Version"), "fonttools": ("fontTools", "version"),
                 "pypdf": ("pypdf", "__version__"), "pillow": ("PIL", "__version__"),
                 "pyyaml": ("yaml", "__version__")}


def tool_versions() -> dict[str, str]:
    """Versions of Python and the libraries that write the PDF: not compared, named when a PDF differs."""
    import importlib
    import sys
    # (what platform.python_version() reads out of sys.version: platform's import compiles its
    # regular expressions, some 3 ms of every build)
    out = {"python": sys.version.split()[0]}
    for name in TOOLS:
        module, attr = _VERSION_ATTR[name]
        try:
            if module not in sys.modules:
                # (pypdf is imported by the build's helper process only: its .dist-info says it)
                from layout.versions import installed_version
                out[name] = installed_version(name, module)
                continue
            out[name] = str(getattr(importlib.import_module(module), attr))
        except (ImportError, AttributeError, ValueError):
            from importlib import metadata
            try:
                out[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                out[name] = None
    return out


def house_assets(house) -> dict[str, str]:
    """Files the house style names (the nameplate artwork), by path relative to the issues root."""
    out = {}
    np = getattr(house, "nameplate", "")
    if np:
        p = Path(np)
        try:
            rel = p.relative_to(Path(house.file).resolve().parent.parent).as_posix()
        except ValueError:
            rel = str(p)
        out[rel] = sha256_file(p)
    return out


def house_record(house) -> dict:
    rec = {"name": house.name, "file": f"_house/{Path(house.file).name}", "sha256": house.sha256}
    assets = house_assets(house)
    if assets:
        rec["assets"] = assets
    return rec


def font_id_parts(face_id: str) -> tuple[str, str, int | None]:
    """'song-regular' -> ('song', 'regular', None); 'kai-bold-fb0' -> ('kai', 'bold', 0)."""
    parts = face_id.split("-")
    fb = None
    if len(parts) == 3 and parts[2].startswith("fb"):
        fb = int(parts[2][2:])
    return parts[0], parts[1], fb


def current_source(fonts, face_id: str):
    """The Source that would serve a recorded face today (None if none would)."""
    role, weight, fb = font_id_parts(face_id)
    try:
        if fb is None:
            return fonts.source(role, weight)
        srcs = fonts.fallback_sources(role)
        return srcs[fb] if fb < len(srcs) else None
    except BanmianError:
        return None


def font_records(fonts) -> dict:
    out = {}
    for f in fonts.prepared():
        out[f.id] = {"file": str(f.source.path), "face": f.source.name, "index": f.source.index,
                     "sha256": f.source.sha256, "subset_sha256": sha256_file(f.path)}
    return out


def options_record(house, draft: bool, marks) -> dict:
    return {"draft": bool(draft), "marks": bool(house.marks if marks is None else marks)}


def canonical(options: dict, house) -> bool:
    """The build the archive keeps: not a draft, marks as the house style says."""
    return not options["draft"] and options["marks"] == bool(house.marks)


# -- comparing --------------------------------------------------------------

def _short(h) -> str:
    return (h or "missing")[:12]


def env_changes(lock: dict, issue, fonts) -> list[str]:
    """Fonts, house style and ICC profile that differ from the lock, each by name (before building)."""
    out = []
    h = lock.get("house") or {}
    if h.get("name") == issue.house.name and h.get("sha256") != issue.house.sha256:
        out.append(M("house style {v} changed (sha256 {v2} in the lock, {v3} now)",
                     v=h.get('file') or issue.house.name, v2=_short(h.get('sha256')), v3=_short(issue.house.sha256)))
    if h.get("name") == issue.house.name:
        now_assets = house_assets(issue.house)
        for name, sha in sorted((h.get("assets") or {}).items()):
            if now_assets.get(name) != sha:
                out.append(M("house style file {name} (named by {file}) changed", name=name, file=h.get("file"))
                           if name in now_assets else
                           M("house style file {name} (named by {file}) no longer used",
                             name=name, file=h.get("file")))
    icc = lock.get("icc") or {}
    now = icc_record(issue.house)
    if icc and icc.get("sha256") != now["sha256"]:
        was = "" if icc.get("file") == now["file"] else M(", was {file}", file=icc.get("file"))
        out.append(M("ICC profile {now} changed (sha256 {v} in the lock, {v2} now{was})",
                     now=now['file'], v=_short(icc.get('sha256')), v2=_short(now['sha256']), was=was))
    sources = {fid: current_source(fonts, fid) for fid in sorted(lock.get("fonts") or {})}
    from layout.fonts.store import prefetch_sha256
    prefetch_sha256({s.path for s in sources.values() if s is not None})
    for fid, rec in sorted((lock.get("fonts") or {}).items()):
        src = sources[fid]
        if src is None:
            out.append(M('font {fid} ({name}): no longer installed', fid=fid, name=Path(rec.get('file', '')).name))
        elif src.sha256 == rec.get("sha256") and src.index == rec.get("index", src.index):
            continue            # the same file, wherever it lives on this machine
        elif src.path.name != Path(rec.get("file", "")).name or src.name != rec.get("face", src.name):
            out.append(M("font {fid}: now {name} ({name2}), was {name3} ({get})",
                         fid=fid, name=src.path.name, name2=src.name, name3=Path(rec.get('file', '')).name,
                         get=rec.get('face')))
        else:
            out.append(M("font {fid} ({name}, {name2}) changed (sha256 {v} in the lock, {v2} now)",
                         fid=fid, name=src.path.name, name2=src.name, v=_short(rec.get('sha256')),
                         v2=_short(src.sha256)))
    return out


def dict_changes(old: dict, new: dict, what: str = "") -> list[str]:
    out = []
    for k in sorted(set(old) | set(new)):
        if k not in new:
            out.append(M('{what}{k} removed', what=what, k=k))
        elif k not in old:
            out.append(M('{what}{k} added', what=what, k=k))
        elif old[k] != new[k]:
            out.append(M('{what}{k} changed', what=what, k=k))
    return out


def input_changes(lock: dict, record: dict) -> list[str]:
    out = []
    lh, nh = lock.get("house") or {}, record["house"]
    if lh.get("name") != nh["name"]:
        out.append(M('house style is now {nh} (was {get})', nh=nh['name'], get=lh.get('name')))
    if lock.get("options") != record["options"]:
        out.append(M('options {record} (lock: {get})', record=record['options'], get=lock.get('options')))
    out += dict_changes(lock.get("inputs") or {}, record["inputs"])
    return out


@dataclass
class LockCheck:
    """What check_lock found before the build; write_lock finishes the job."""
    issue_dir: Path
    issue: object
    fonts: object
    lock: dict | None
    record: dict                           # everything known before the build
    env: list[str] = field(default_factory=list)        # font / house / ICC changes (accepted if we got here)
    inputs: list[str] = field(default_factory=list)     # changed input files / options
    accept: bool = False
    strict: bool = False                   # verify: compare only, never write
    skip: bool = False                     # a draft / marks build: the lock is not for it
    final: dict | None = None              # the full record after the build (write_lock)

    @property
    def path(self) -> Path:
        return lock_path(self.issue_dir)


def check_lock(issue, fonts, *, draft: bool = False, marks: bool | None = None,
               accept: bool = False, strict: bool = False, log: Log | None = None) -> LockCheck:
    """Compare the issue (a folder or a loaded model.Issue) with its build.lock before building.

    Raises BanmianError naming each changed font, house style or ICC profile, unless `accept`.
    With `strict` (verify), changed inputs are an error too.
    """
    from layout.source.manifest import load_issue
    if isinstance(issue, (str, os.PathLike)):
        issue = load_issue(issue, log or Log())
    issue_dir = Path(issue.dir)
    lock = read_lock(issue_dir)
    record = {
        "lock_version": LOCK_VERSION,
        "issue": issue.id,
        "banmian": _version(),
        "options": options_record(issue.house, draft, marks),
        "house": house_record(issue.house),
        "icc": icc_record(issue.house),
        "inputs": hash_inputs(issue),
        "code": code_hashes(),
        "tools": tool_versions(),
    }
    check = LockCheck(issue_dir, issue, fonts, lock, record, accept=accept, strict=strict)
    if lock is None:
        if strict:
            raise BanmianError(M('{id}: no build.lock to verify against', id=issue.id), check.path,
                               hint=M('build the issue (banmian archive or banmian build) to write one'))
        return check
    if not strict and lock.get("options") != record["options"] \
            and canonical(lock["options"], issue.house) and not canonical(record["options"], issue.house):
        # a draft or marks build is a different product: leave the archive's lock alone
        check.skip = True
        return check
    check.env = env_changes(lock, issue, fonts)
    check.inputs = input_changes(lock, record)
    if check.env and not accept:
        raise BanmianError(
            M("{id}: changed since the build.lock, the issue would be re-laid out:\n  {changes}", id=issue.id,
              changes=join(check.env, "\n  ")), check.path,
            hint=M("restore what changed (a new house style is a new file, e.g. nanming-v2.yaml, named by new "
                   "issues only), or rebuild with --accept to re-lock the issue deliberately"))
    if check.inputs and strict:
        raise BanmianError(M('{id}: inputs differ from the build.lock: {v}', id=issue.id, v=join(check.inputs)),
                           check.path, hint=M('rebuild the issue to re-lock it, or restore the files from git'))
    return check


def _version() -> str:
    from layout import __version__
    return __version__


def result_record(check: LockCheck, pdf: Path, pages: int) -> dict:
    rec = dict(check.record)
    rec["fonts"] = font_records(check.fonts)
    rec["pdf"] = {"sha256": sha256_file(pdf), "bytes": Path(pdf).stat().st_size, "pages": pages}
    return rec


def pdf_differences(lock: dict, rec: dict) -> list[str]:
    """Why the same inputs may have given another PDF: version, code, subsets."""
    out = []
    if lock.get("banmian") != rec["banmian"]:
        out.append(M('banmian {get} -> {rec}', get=lock.get('banmian'), rec=rec['banmian']))
    for name, v in sorted(rec["tools"].items()):
        old = (lock.get("tools") or {}).get(name)
        if lock.get("tools") is not None and old != v:
            out.append(M('{name} {old} -> {v}', name=name, old=old, v=v))
    code = dict_changes(lock.get("code") or {}, rec["code"], "layout/")
    if code:
        out.append(M("code: {changes}", changes=join(code)))
    lf = lock.get("fonts") or {}
    for fid, r in sorted(rec["fonts"].items()):
        o = lf.get(fid)
        if o is None:
            out.append(M('font {fid} ({r}) used now, not in the lock', fid=fid, r=r['face']))
        elif o.get("subset_sha256") != r["subset_sha256"]:
            out.append(M("prepared subset of {fid} ({r}) differs ({v} -> {v2})",
                         fid=fid, r=r['face'], v=_short(o.get('subset_sha256')), v2=_short(r['subset_sha256'])))
    for fid in sorted(set(lf) - set(rec["fonts"])):
        out.append(M('font {fid} in the lock not used now', fid=fid))
    return out


def write_lock(check: LockCheck, result, pdf: Path | None = None) -> str:
    """After the build: compare the PDF with the lock, write a new lock where due; returns a status line.

    Raises BanmianError when the same inputs gave a different PDF (unless check.accept).
    """
    pdf = Path(pdf or result.pdf)
    rec = check.final = result_record(check, pdf, len(result.pages))
    lock = check.lock
    if check.skip:
        return M("build.lock not compared (a draft or marks build; the lock is for the archive build)")
    if lock is None:
        write_json_atomic(check.path, rec)
        return M("wrote {path}", path=check.path)
    same_pdf = (lock.get("pdf") or {}).get("sha256") == rec["pdf"]["sha256"]
    if check.inputs or check.env:
        why = join(check.env + check.inputs, M("; "))
        if check.strict:
            raise BanmianError(M('{id}: differs from the build.lock: {why}', id=check.issue.id, why=why), check.path)
        write_json_atomic(check.path, rec)
        return M("re-locked {path} ({why})", path=check.path, why=why)
    if same_pdf:
        return M("matches {path} (pdf {sha})", path=check.path, sha=rec["pdf"]["sha256"][:12])
    why = pdf_differences(lock, rec)
    msg = M("{id}: the same inputs gave a different PDF (sha256 {old} in the lock, {new} now); changed since "
            "the lock: {why}", id=check.issue.id, old=_short(lock.get("pdf", {}).get("sha256")),
            new=_short(rec["pdf"]["sha256"]), why=join(why, M("; ")) if why else M("nothing recorded "
                                                                                   "(nondeterminism?)"))
    if check.accept and not check.strict:
        write_json_atomic(check.path, rec)
        return M("re-locked {path} (accepted: {why})", path=check.path, why=msg)
    raise BanmianError(msg, check.path,
                       hint=M("the new PDF is {pdf}; if the change is intended, rebuild with --accept (make issue "
                              "ARGS=--accept)",
                              pdf=pdf))

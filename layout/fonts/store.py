"""The font cache on disk: source files by hash, small JSON memo tables, pickles.

Everything here is keyed so that a stale entry can never be used: by the source
file's sha256 (remembered by path, size and mtime) and PREP_VERSION.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path


PREP_VERSION = "7"


DEFAULT_CACHE = Path(os.environ.get("BANMIAN_CACHE", Path.home() / ".cache" / "banmian"))


@dataclass(frozen=True)
class Source:
    """A font file on disk and the face inside it that serves a role."""
    path: Path
    index: int          # face number in a collection, 0 for a single font
    name: str           # its PostScript name

    @cached_property
    def sha256(self) -> str:
        return _file_sha256(self.path)


def _file_sha256(path: Path) -> str:
    """sha256 of a font file, remembered by (path, size, mtime) so a warm build skips re-reading 20 MB."""
    st = path.stat()
    key = f"{path}|{st.st_size}|{st.st_mtime_ns}"
    table = _memo("sha256.json")
    if key in table:
        return table[key]
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    table[key] = h.hexdigest()
    _memo_save("sha256.json", table)
    return table[key]


def prefetch_sha256(paths) -> None:
    """The sha256 of font files not known yet, worked out two at a time (hashlib and the reads
    let go of the interpreter: both cores hash) and remembered as _file_sha256 would: a cold
    build's lock check asks for a dozen 10-20 MB files one after another."""
    table = _memo("sha256.json")
    todo: dict[str, Path] = {}
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            continue                          # (_file_sha256 reports it when it is asked)
        key = f"{path}|{st.st_size}|{st.st_mtime_ns}"
        if key not in table:
            todo[key] = path
    if len(todo) < 2:
        return
    from concurrent.futures import ThreadPoolExecutor

    def digest(path: Path) -> str:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        return h.hexdigest()
    try:
        with ThreadPoolExecutor(2) as pool:
            for key, value in zip(todo, pool.map(digest, todo.values())):
                table[key] = value
    except (OSError, RuntimeError):
        return
    _memo_save("sha256.json", table)


_MEMOS: dict[Path, dict] = {}


def _memo(name: str) -> dict:
    """A small JSON table in the cache folder, read once per process."""
    path = DEFAULT_CACHE / name
    if path not in _MEMOS:
        try:
            table = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            table = {}
        _MEMOS[path] = table if isinstance(table, dict) else {}
    return _MEMOS[path]


def _memo_save(name: str, table: dict) -> None:
    path = DEFAULT_CACHE / name
    try:
        try:                                   # keep what other processes wrote meanwhile
            on_disk = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(on_disk, dict):
                for k, v in on_disk.items():
                    table.setdefault(k, v)
        except (OSError, ValueError):
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            tmp.write_text(json.dumps(table, indent=0, sort_keys=True, ensure_ascii=False), encoding="utf-8")
            tmp.replace(path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError:
        pass


def _src_stem(src: Source) -> str:
    return f"{src.name}-{src.sha256[:16]}-{src.index}-v{PREP_VERSION}"


def _load_pickle(path: Path):
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError):
        return None


def _save_pickle(path: Path, obj) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass

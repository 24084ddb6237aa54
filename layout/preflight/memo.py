"""What a page's check found, remembered by what the page is made of.

A page's findings are a function of its bytes: the page dictionary, its content
streams and every object its resources reach (fonts, images, graphics states,
forms), the house limits and the PDF/X flavour. `PageMemo` keys them by a sha256
of exactly that (stream data hashed as stored, every indirect object followed),
so a page that is byte for byte one checked before gets that check's findings
without walking its content again, and any change anywhere in what the page
draws is a new key and a full check. The build keeps one file
(<cache>/preflight/pages.marshal); `banmian check`, the shop's view, keeps none
and walks every page.
"""
from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

MEMO_VERSION = "1"
MEMO_SIZE = 4000            # pages remembered (the most recent)


class PageMemo:
    def __init__(self, path: Path, code: str):
        self.path = Path(path)
        self.code = code                 # a hash of the checker's code: other code, other findings
        self.entries: dict = {}
        self.digests: dict[tuple, bytes] = {}    # (file, indirect object number) -> digest
        self.changed = False
        try:
            version, entries = marshal.loads(self.path.read_bytes())
            if version == (MEMO_VERSION, code) and isinstance(entries, dict):
                self.entries = entries
        except (OSError, EOFError, ValueError, TypeError):
            pass

    def key(self, page, flavour: str | None, limits) -> str:
        h = hashlib.sha256(repr((flavour, limits)).encode())
        self._feed(h, page, skip=("/Parent",))
        return h.hexdigest()

    def _feed(self, h, obj, skip=()) -> None:
        if isinstance(obj, IndirectObject):
            n = (id(obj.pdf), obj.idnum)
            if n not in self.digests:
                self.digests[n] = b""            # a cycle back to this object hashes as its number
                sub = hashlib.sha256()
                self._feed(sub, obj.get_object())
                self.digests[n] = sub.digest()
            h.update(b"R" + self.digests[n] if self.digests[n] else b"r%d" % obj.idnum)
        elif isinstance(obj, StreamObject):
            self._feed_dict(h, obj, skip)
            h.update(b"S" + hashlib.sha256(obj._data or b"").digest())
        elif isinstance(obj, DictionaryObject):
            self._feed_dict(h, obj, skip)
        elif isinstance(obj, ArrayObject):
            h.update(b"[")
            for v in obj:
                self._feed(h, v)
            h.update(b"]")
        else:
            h.update(type(obj).__name__.encode() + b":" + repr(obj).encode() + b";")

    def _feed_dict(self, h, d, skip) -> None:
        h.update(b"<<")
        for k in sorted(d.keys()):
            if k in skip:
                continue
            h.update(k.encode() + b"=")
            self._feed(h, d.raw_get(k))
        h.update(b">>")

    def get(self, key: str):
        return self.entries.get(key)

    def put(self, key: str, value) -> None:
        self.entries.pop(key, None)
        self.entries[key] = value                # most recent last
        self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        keep = dict(list(self.entries.items())[-MEMO_SIZE:])
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps(((MEMO_VERSION, self.code), keep)))
            tmp.replace(self.path)
        except OSError:
            pass


def code_version() -> str:
    """A hash of the preflight package's code."""
    h = hashlib.sha256()
    for p in sorted(Path(__file__).resolve().parent.glob("*.py")):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]

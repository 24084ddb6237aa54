"""Reading the editor's files: only regular files, only UTF-8, and the place of the first bad byte.

Every input of an issue (issue.yaml, the house style, articles, photos, the font
configuration) is read through here, so that a directory or a named pipe where a
file should be is refused before anything opens it (a FIFO would block the build
forever), and text that is not UTF-8 or carries control characters is reported
with its line and column instead of a decoder's byte offset.
"""
from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path

from layout.errors import BanmianError
from layout.i18n import M

# Tab, line feed and carriage return are what editors write; every other C0/C1 control
# character (and U+0000) is invisible on screen and has no glyph in any font.
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}
# every character of Unicode category Cc (U+0000–001F, U+007F–009F) or Cs (U+D800–DFFF) but the
# allowed ones: a text without any is passed at C speed (check_controls' loop is ~0.3 microseconds a character)
_SUSPECT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def regular_file(path: Path | str, what: str = "file", where: tuple | None = None) -> Path:
    """`path` if it is a regular file (symlinks followed); else a BanmianError.

    `where` is (file, line[, column]) of the reference to blame (e.g. the manifest line
    naming an article); without it the path itself is named."""
    path = Path(path)
    file, line, col = (tuple(where) + (None, None, None))[:3] if where else (path, None, None)
    shown = str(path) if where else path.name     # blamed on another file: say which file is meant
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise BanmianError(M("{what} '{shown}' does not exist", what=what, shown=shown), file, line, col)
    except OSError as e:
        raise BanmianError(M("cannot read {what} '{shown}': {strerror}", what=what, shown=shown, strerror=e.strerror), file, line, col)
    if stat.S_ISDIR(st.st_mode):
        raise BanmianError(M("{what} '{shown}' is a folder, not a file", what=what, shown=shown), file, line, col,
                           hint=M('name the file itself ({path} is a directory)', path=path))
    if not stat.S_ISREG(st.st_mode):
        kind = "a named pipe" if stat.S_ISFIFO(st.st_mode) else \
               "a socket" if stat.S_ISSOCK(st.st_mode) else "a device" if \
               (stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)) else "not a regular file"
        raise BanmianError(M("{what} '{shown}' is {kind}, not a regular file", what=what, shown=shown, kind=kind), file, line, col,
                           hint=M('banmian reads only ordinary files; copy the content into a file'))
    return path


def read_text(path: Path | str, what: str = "file", where: tuple | None = None) -> str:
    """The UTF-8 text of a regular file; a bad byte is reported with its line and column."""
    path = regular_file(path, what, where)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise BanmianError(M('cannot read {what}: {strerror}', what=what, strerror=e.strerror), path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = position(data, e.start)
        raise BanmianError(M('not UTF-8 text: byte 0x{data:02X} at line {line}, column {col} ({reason})', data=data[e.start], line=line, col=col, reason=e.reason), path, line, col,
                           hint=M('save the file as UTF-8 (GBK/GB 18030 text must be converted, e.g. iconv -f GB18030 -t UTF-8)'))


def position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based (line, column) of byte `offset`; the column counts characters of the good text before it."""
    start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    col = len(data[start:offset].decode("utf-8", "replace")) + 1
    return line, col


def check_controls(text: str, path, line_offset: int = 0, what: str = "text") -> None:
    """A control character (U+0000, ESC, DEL, C1 …) or a lone surrogate is an error at its line:column."""
    if not _SUSPECT.search(text):
        return
    for n, line in enumerate(text.split("\n"), 1):
        for col, ch in enumerate(line, 1):
            if ch in _ALLOWED_CONTROLS:
                continue
            cat = unicodedata.category(ch)
            if cat == "Cc":
                raise BanmianError(M('control character U+{v:04X} in {what} at line {v2}, column {col}', v=ord(ch), what=what, v2=n + line_offset, col=col), path, n + line_offset, col,
                                   hint=M('delete it: it is invisible on screen and prints as nothing'))
            if cat == "Cs":
                raise BanmianError(M('a lone surrogate U+{v:04X} in {what} (not a character)', v=ord(ch), what=what), path,
                                   n + line_offset, col, hint=M('retype the character'))

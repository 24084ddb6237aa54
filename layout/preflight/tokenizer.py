"""A PDF content-stream tokenizer: bytes -> (operands, operator) pairs.

Our own rather than pypdf's ContentStream because preflight reads every
operator of every page and needs inline images skipped exactly.
"""
from __future__ import annotations

import re
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, NameObject


_TOKEN = re.compile(rb"""
    (?P<ws>[\x00\t\n\x0c\r ]+|%[^\r\n]*)
  | (?P<num>[+-]?(?:\d+\.?\d*|\.\d+))(?=[\x00\t\n\x0c\r ()<>\[\]{}/%]|$)
  | (?P<name>/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)
  | (?P<dict><<) | (?P<dictend>>>)
  | (?P<hex><[0-9A-Fa-f\x00\t\n\x0c\r ]*>)
  | (?P<str>\()
  | (?P<arr>\[) | (?P<arrend>\])
  | (?P<word>[^\x00\t\n\x0c\r ()<>\[\]{}/%]+)
""", re.X)


_INLINE_IMAGE = re.compile(rb"(?:^|[\x00\t\n\x0c\r ])BI[\x00\t\n\x0c\r /]")


_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f",
            ord("("): b"(", ord(")"): b")", ord("\\"): b"\\"}


def operations(obj) -> list:
    """(operands, operator) pairs of a page's or form's content."""
    obj = obj.get_object()
    if isinstance(obj, ArrayObject):
        data = b"\n".join(s.get_object().get_data() for s in obj)
    else:
        data = obj.get_data()
    if _INLINE_IMAGE.search(data):
        return ContentStream(obj, None).operations
    return _tokenize(data)


def _tokenize(data: bytes) -> list:
    from pypdf.generic import BooleanObject, ByteStringObject, FloatObject, NullObject, NumberObject
    ops: list = []
    stack: list[list] = [[]]          # operands; nested arrays and dicts push a list
    kinds: list[str] = []
    pos, n = 0, len(data)
    while pos < n:
        m = _TOKEN.match(data, pos)
        if m is None:
            raise ValueError(f"unreadable content at byte {pos}")
        kind = m.lastgroup
        pos = m.end()
        if kind == "ws":
            continue
        if kind == "num":
            t = m.group()
            stack[-1].append(FloatObject(t.decode()) if b"." in t else NumberObject(int(t)))
        elif kind == "name":
            stack[-1].append(NameObject(_pdf_name(m.group())))
        elif kind == "hex":
            h = re.sub(rb"[\x00\t\n\x0c\r ]", b"", m.group()[1:-1])
            stack[-1].append(ByteStringObject(bytes.fromhex((h + b"0" * (len(h) % 2)).decode())))
        elif kind == "str":
            s, pos = _literal(data, pos)
            stack[-1].append(ByteStringObject(s))
        elif kind in ("arr", "dict"):
            stack.append([])
            kinds.append(kind)
        elif kind in ("arrend", "dictend"):
            if not kinds:
                raise ValueError(f"unbalanced {m.group().decode()} at byte {m.start()}")
            items = stack.pop()
            if kinds.pop() == "arr":
                stack[-1].append(ArrayObject(items))
            else:
                stack[-1].append(DictionaryObject(zip(items[::2], items[1::2])))
        else:
            word = m.group()
            if word in (b"true", b"false"):
                stack[-1].append(BooleanObject(word == b"true"))
            elif word == b"null":
                stack[-1].append(NullObject())
            elif kinds:
                raise ValueError(f"operator {word!r} inside an array or dictionary")
            else:
                ops.append((stack[-1], word))
                stack[-1] = []
    return ops


def _pdf_name(raw: bytes) -> str:
    """/Name with #xx escapes decoded."""
    if b"#" in raw:
        raw = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
    return raw.decode("utf-8", "replace")


def _literal(data: bytes, pos: int) -> tuple[bytes, int]:
    """A (literal string) from just after its '(' : its bytes and the position after its ')'."""
    out = bytearray()
    depth = 1
    n = len(data)
    while pos < n:
        c = data[pos]
        if c == 0x5C:                                  # backslash
            pos += 1
            if pos >= n:
                break
            e = data[pos]
            if e in _ESCAPES:
                out += _ESCAPES[e]
                pos += 1
            elif 0x30 <= e <= 0x37:                    # \ddd octal
                j = pos
                while j < n and j < pos + 3 and 0x30 <= data[j] <= 0x37:
                    j += 1
                out.append(int(data[pos:j], 8) & 0xFF)
                pos = j
            elif e in (0x0D, 0x0A):                    # line continuation
                pos += 2 if data[pos:pos + 2] == b"\r\n" else 1
            else:
                out.append(e)
                pos += 1
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), pos + 1
        out.append(c)
        pos += 1
    raise ValueError("a string in the content stream is never closed")

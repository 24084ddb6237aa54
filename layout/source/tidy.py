"""Punctuation tidy: the marks reporters type on a Western keyboard -> the marks the paper sets.

Copy arrives from Word, WeChat and QQ with half-width `,` `:` `()` and straight "quotes"
between Chinese characters. Chinese text takes the full-width forms (GB/T 15834-2011, the national
standard of punctuation; clreq §3.1 "Punctuation marks"), so, next to Han characters:

    , : ; ( ) ? !          -> the full-width forms (the spaces typed around them go: a
                              full-width mark carries its own space)
    "…" and '…'            -> “…” and ‘…’ by nesting (outer double, inner single)
    ... / 。。。 / …       -> …… (the ellipsis is two U+2026 characters)
    -- or one — between Han -> —— (the dash is two em dashes)
    full-width 0-9, A-Z    -> half-width everywhere (they are set as Western characters)

and nothing changes inside a URL or an e-mail address, in a number (3.14, 1,000, 10:30)
or in a Latin sentence (no Han character beside the mark, or inside the quotes).

    tidy_text(text) -> (tidied, changes)      one piece of text (a paragraph)
    tidy_article(source) -> (tidied, changes) an article file: front matter values and body
    ascii_marks(source) -> [(line, col, mark)] what `build` warns about
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from layout.i18n import M, N

ASCII_TO_FULL = {".": "\u3002", ",": "\uff0c", ":": "\uff1a", ";": "\uff1b", "(": "\uff08", ")": "\uff09",
                 "?": "\uff1f", "!": "\uff01"}
QUOTES = {0: ("\u201c", "\u201d"), 1: ("\u2018", "\u2019")}      # nesting level -> (open, close)
ELLIPSIS = "\u2026\u2026"
DASH = "\u2014\u2014"
FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")

# What is never touched: URLs, www. addresses and e-mail addresses, up to the first space or
# Chinese character (a mark that ends a sentence after them is not theirs); a number with its
# separators (3.14, 1,000, 10:30) is left alone by the neighbour rule.
_PROTECT = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://|www\.)[^\s\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u201c\u201d\u2018\u2019<>\"]+"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", re.I)
_HOLD = "\ue000"        # stands in for a protected span while the rules run (a Latin-like neighbour)


def is_han(ch: str) -> bool:
    """A Han character (CJK Unified Ideographs, Extension A and beyond, compatibility)."""
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF


def is_cjk(ch: str) -> bool:
    """Han, or a Chinese mark (CJK punctuation, full-width forms, curly quotes, …, —): a
    neighbour that makes a Western mark beside it a mistake."""
    if not ch:
        return False
    o = ord(ch)
    return (is_han(ch) or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF
            or ch in "\u201c\u201d\u2018\u2019\u2026\u2014\u00b7")


@dataclass(frozen=True)
class Change:
    """One fix: on which line of the text (0-based), what, and which rule."""
    line: int
    old: str
    new: str
    rule: str          # 'mark' | 'quote' | 'ellipsis' | 'dash' | 'width'


def tidy_text(text: str) -> tuple[str, list[Change]]:
    """Tidy one piece of text (a paragraph; quotes and parentheses pair within it).
    Returns the text and the fixes."""
    held: list[str] = []

    def hold(m: re.Match) -> str:
        url = m.group()
        tail = len(url)
        while tail and url[tail - 1] in ".,;:!?'(" or (tail and url[tail - 1] == ")" and "(" not in url[:tail]):
            tail -= 1                                        # (see http://a.cn/x). : the ')' is the sentence's
        held.append(url[:tail])
        return _HOLD + url[tail:]

    work = _PROTECT.sub(hold, text)
    changes: list[Change] = []
    work = _tidy_run(work, changes)
    it = iter(held)
    return re.sub(_HOLD, lambda m: next(it), work), changes


def _tidy_run(text: str, changes: list[Change]) -> str:
    """The rules, over text whose URLs are held out."""
    chars = list(text)
    n = len(chars)

    def at(i: int) -> str:                 # the character at index i, '' outside the text
        return chars[i] if 0 <= i < n else ""

    def left(i: int) -> tuple[int, str]:   # the nearest character left of i that is not a space
        j = i - 1
        while at(j) in (" ", "\t"):
            j -= 1
        return j, at(j)

    def right(i: int) -> tuple[int, str]:
        j = i + 1
        while at(j) in (" ", "\t"):
            j += 1
        return j, at(j)

    def note(i: int, old: str, new: str, rule: str) -> None:
        changes.append(Change(text.count("\n", 0, i), old, new, rule))

    # full-width letters and digits -> half-width, everywhere
    for i, c in enumerate(chars):
        if FULLWIDTH_ALNUM.match(c):
            chars[i] = chr(ord(c) - 0xFEE0)
            note(i, c, chars[i], "width")

    # quotes, paired in order by a stack: the same straight mark closes, the other opens a level
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int, int]] = []                  # (open index, close index, level)
    for i, c in enumerate(chars):
        if c not in "\"'":
            continue
        if c == "'" and at(i - 1).isascii() and at(i - 1).isalpha() and at(i + 1).isascii() and at(i + 1).isalpha():
            continue                                        # an apostrophe: don't, China's
        if stack and stack[-1][0] == c:
            _, o = stack.pop()
            pairs.append((o, i, len(stack)))
        else:
            stack.append((c, i))
    for o, c, level in pairs:
        inside = "".join(chars[o + 1:c])
        if any(is_han(x) for x in inside) or is_cjk(left(o)[1]) or is_cjk(right(c)[1]):
            op, cl = QUOTES[level % 2]
            note(o, chars[o], op, "quote")
            note(c, chars[c], cl, "quote")
            chars[o], chars[c] = op, cl

    # parentheses: a pair goes full-width as a whole when Chinese is beside or inside it
    stack2: list[int] = []
    paired: set[int] = set()
    for i, c in enumerate(chars):
        if c == "(":
            stack2.append(i)
        elif c == ")" and stack2:
            o = stack2.pop()
            paired |= {o, i}
            inside = "".join(chars[o + 1:i])
            if any(is_cjk(x) for x in inside) or is_cjk(left(o)[1]) or is_cjk(right(i)[1]):
                for k in (o, i):
                    note(k, chars[k], ASCII_TO_FULL[chars[k]], "mark")
                    chars[k] = ASCII_TO_FULL[chars[k]]

    # , : ; ? ! and unpaired parentheses, by their neighbours; repeated so that "?!" after Han and "),"
    # see the full-width mark just made beside them
    for _ in range(3):
        changed = False
        for i, c in enumerate(chars):
            if c not in ASCII_TO_FULL or (c in "()" and i in paired):
                continue
            li, lc = left(i)
            ri, rc = right(i)
            if c in ",:" and lc.isdigit() and rc.isdigit() and ri == i + 1 and li == i - 1:
                continue                                    # 1,000 and 10:30
            if c == "." and not _full_stop(at(i - 1), at(i + 1)):
                continue                                    # 3.14, a.m., Mr. Li. stay
            if is_cjk(lc) or is_cjk(rc):
                note(i, c, ASCII_TO_FULL[c], "mark")
                chars[i] = ASCII_TO_FULL[c]
                # the spaces typed around it go: a full-width mark carries its own space (not a
                # line's indent: in a YAML block (lead: |) it is syntax)
                before = range(li + 1, i) if lc not in ("", "\n") else range(0)
                for k in list(before) + list(range(i + 1, ri)):
                    chars[k] = ""
                changed = True
        if not changed:
            break

    s = "".join(chars)
    # ellipsis and dash: rewritten on the joined string (several characters become two)
    s = _runs(s, re.compile(r"\.{3,}|\u3002{3,}|\u2026+|\u22ef+"), ELLIPSIS, "ellipsis", changes,
              need=lambda m, s: m.group().startswith("\u3002") or _cjk_beside(s, m))
    s = _runs(s, re.compile(r"-{2,}|\u2014+|\u2500+"), DASH, "dash", changes,
              need=lambda m, s: _cjk_beside(s, m, both=True) and not _connector(s, m))
    return s


def _full_stop(l: str, r: str) -> bool:
    """An ASCII '.' that ends a Chinese sentence: after Han or a closing Chinese mark, before Chinese
    or the end; after a figure (3%.) only when Chinese follows."""
    if is_cjk(r) or r in ("", "\n"):
        if is_han(l) or l in "\u201d\u2019\uff09\u300b\u300d\u300f\u3011":
            return True
    return is_cjk(r) and (l.isdigit() or l == "%")


def _cjk_beside(s: str, m: re.Match, both: bool = False) -> bool:
    l = s[m.start() - 1] if m.start() > 0 else ""
    r = s[m.end()] if m.end() < len(s) else ""
    return (is_cjk(l) and is_cjk(r)) if both else (is_cjk(l) or is_cjk(r))


def _connector(s: str, m: re.Match) -> bool:
    """A single — in a chain of Han words (A—B—C) is the connector (GB/T 15834-2011 4.13),
    not a dash typed short: kept."""
    if m.group() != "\u2014":
        return False
    after = re.match(r"[\u3400-\u9fff]+\u2014(?!\u2014)", s[m.end():])
    before = re.search(r"(?<!\u2014)\u2014[\u3400-\u9fff]+$", s[:m.start()])
    return bool(after or before)


def _runs(s: str, pat: re.Pattern, new: str, rule: str, changes: list[Change], need) -> str:
    out, pos = [], 0
    for m in pat.finditer(s):
        if m.group() == new or not need(m, s):
            continue
        out.append(s[pos:m.start()])
        out.append(new)
        changes.append(Change(s.count("\n", 0, m.start()), m.group(), new, rule))
        pos = m.end()
    out.append(s[pos:])
    return "".join(out)


# -- article files -------------------------------------------------------------------------

_FRONT_LINE = re.compile(r"^(\s*[A-Za-z_]+:[ \t]*)(.*)$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?[\s:|-]+\|?\s*$")


def tidy_article(source: str) -> tuple[str, list[tuple[int, Change]]]:
    """Tidy an article file: front matter values (keys and YAML quoting kept) and the body,
    paragraph by paragraph (quotes pair within a paragraph). Returns the text and
    (line number, change) per fix."""
    lines = source.split("\n")
    out = list(lines)
    found: list[tuple[int, Change]] = []
    body = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is not None:
            for i in range(1, end):
                out[i] = _tidy_front_line(lines[i], i + 1, found)
            body = end + 1
    block: list[int] = []
    for i in range(body, len(lines) + 1):
        if i < len(lines) and lines[i].strip():
            block.append(i)
            continue
        if block:
            _tidy_block(lines, out, block, found)
            block = []
    return "\n".join(out), found


def _tidy_front_line(line: str, line_no: int, found: list) -> str:
    m = _FRONT_LINE.match(line)
    head, value = (m.group(1), m.group(2)) if m and not line.startswith((" ", "\t")) else ("", line)
    q = value[:1] if value[:1] in "\"'" and len(value) > 1 and value.rstrip()[-1:] == value[:1] else ""
    inner = value[1:len(value.rstrip()) - 1] if q else value
    if inner.strip() in ("|", ">", "|-", ">-", ""):
        return line
    new, changes = tidy_text(inner)
    if q == '"' and '"' in new or q == "'" and "'" in new:
        return line                                       # would break the YAML quoting: leave it
    found.extend((line_no, c) for c in changes)
    return head + (q + new + q + value[len(value.rstrip()):] if q else new)


def _tidy_block(lines: list[str], out: list[str], block: list[int], found: list) -> None:
    """One paragraph (lines `block`): tidied as one text so quotes pair across its lines."""
    if all(_TABLE_SEPARATOR.match(lines[i]) or lines[i].lstrip().startswith("|") for i in block) \
            and any(_TABLE_SEPARATOR.match(lines[i]) and "-" in lines[i] for i in block):
        for i in block:                                    # a table: cell by cell, rows kept
            if _TABLE_SEPARATOR.match(lines[i]):
                continue
            cells = lines[i].split("|")
            new_cells = []
            for cell in cells:
                t, ch = tidy_text(cell)
                found.extend((i + 1, c) for c in ch)
                new_cells.append(t)
            out[i] = "|".join(new_cells)
        return
    new, changes = tidy_text("\n".join(lines[i] for i in block))
    found.extend((block[c.line] + 1, c) for c in changes)
    for i, t in zip(block, new.split("\n")):
        out[i] = t


def ascii_marks(source: str) -> list[tuple[int, Change]]:
    """The Western marks beside Chinese in an article file (what tidy would make full-width)."""
    _, found = tidy_article(source)
    return [(line, c) for line, c in found if c.rule in ("mark", "quote")]


def warn_marks(issue, log, memo: dict | None = None) -> None:
    """One warning per article whose file has Western marks beside Chinese: how many, the first
    file:line, and the command that fixes them. A resident build (watch, serve) passes `memo`:
    the marks of a file's text it has seen (the text is all they depend on)."""
    from pathlib import Path
    seen = {} if memo is None else memo
    # a one-shot build looks the texts up in a table in the cache folder (the marks of a text
    # are all a warning needs: how many, the first one's line and mark), by the file, with a hash
    # of its text and of this module's code; tidying every article again was 5-10 % of a warm build
    table = _marks_table() if memo is None else None
    added = False
    for a in issue.articles():
        try:
            text = Path(a.path).read_text(encoding="utf-8").replace("\r\n", "\n")
        except (OSError, UnicodeDecodeError):
            continue                                  # load_issue has reported what is wrong with it
        marks = seen.get(text)
        if marks is None and table is not None:
            # by the file: [hash of its text, then how many marks, the first's line and mark]
            key, entry = _text_key(text), table.get(str(a.path))
            if isinstance(entry, list) and entry[:1] == [key] and len(entry) in (1, 4):
                marks = entry[1:]
            else:
                found = ascii_marks(text)
                marks = [len(found), found[0][0], found[0][1].old] if found else []
                table[str(a.path)] = [key] + marks
                added = True
            seen[text] = marks
        elif marks is None:
            found = ascii_marks(text)
            marks = seen[text] = [len(found), found[0][0], found[0][1].old] if found else []
        if marks:
            n, line, old = marks
            log.warn(N("{n} ASCII punctuation mark next to Chinese characters (first: '{old}'); `banmian tidy "
                       "--write {file}` fixes it",
                       "{n} ASCII punctuation marks next to Chinese characters (first: '{old}'); `banmian tidy "
                       "--write {file}` fixes it", n, old=old, file=a.file),
                     a.path, line)
    if added:
        from layout.fonts.store import _memo_save
        _memo_save(MARKS_TABLE, table)


MARKS_TABLE = "marks.json"       # one entry per article file: its last text's marks (no growth by edits)


def _marks_table() -> dict:
    from layout.fonts.store import _memo
    return _memo(MARKS_TABLE)


_CODE: list[str] = []


def _text_key(text: str) -> str:
    import hashlib
    if not _CODE:
        from pathlib import Path
        _CODE.append(hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12])
    return _CODE[0] + "|" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def run_tidy(paths: list[str], write: bool, out=print) -> int:
    """`banmian tidy ARTICLE.md…`: show what would change as a diff; `write` applies it.
    Returns how many files have (or had) something to tidy."""
    import difflib
    from pathlib import Path
    from layout.errors import BanmianError
    todo = 0
    for name in paths:
        p = Path(name)
        if not p.exists():
            raise BanmianError(M("'{name}' does not exist", name=name), hint=M('give the article files to tidy, e.g. issues/2026-047/*.md'))
        from layout.source.files import read_text
        src = read_text(p, "article")        # regular files only; a bad byte at its line:column
        crlf = "\r\n" in src
        new, changes = tidy_article(src.replace("\r\n", "\n"))
        if crlf:
            new = new.replace("\n", "\r\n")
        if new == src:
            continue
        todo += 1
        out("".join(difflib.unified_diff(src.splitlines(True), new.splitlines(True),
                                         f"{name}", f"{name} (tidied)")).rstrip("\n"))
        if write:
            tmp = p.with_name(p.name + ".tidy.tmp")
            tmp.write_text(new, encoding="utf-8", newline="")
            tmp.replace(p)
            out(M('tidied {name}: {n} fixes', name=name, n=len(changes)))
    if not todo:
        out(M('nothing to tidy'))
    elif not write:
        out(N("{n} file to tidy; `banmian tidy --write` applies it", "{n} files to tidy; `banmian tidy --write` applies it",
              todo))
    return todo

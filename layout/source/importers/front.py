"""Guessing the front matter from the first paragraphs of copy, as a desk editor reads them.

    title      Word's Title or first heading style, else a short first line without a full stop
    subtitle   a line right under the title opening with —— (副题)
    byline     a short line naming 本报记者 / 记者 / 通讯员 / 实习生 / 文/ (with the parentheses
               and 文/ dropped: the house style sets the byline line itself)
    dateline   本报讯, 本报讯（记者 …）, 新华社北京11月24日电 opening the first paragraph (电头),
               cut from it: make-up sets it in bold before the paragraph
"""
from __future__ import annotations

from layout.i18n import M
import re
from dataclasses import dataclass, field

from layout.source.importers.model import Block

ROLE = r"(?:本报记者|本报通讯员|特约记者|见习记者|实习记者|实习生|记者|通讯员|文\s*[/／]|摄影)"
BYLINE = re.compile(rf"^[（(【\[]?\s*{ROLE}[\s:：]*\S")
DATELINE = re.compile(r"^(本报讯(?:\s*[（(][^）)]{1,40}[）)])?"
                      r"|(?:新华社|中新社|人民网|央视网|本报)[\u3400-\u9fff]{0,8}\d{1,2}月\d{1,2}日(?:电|讯)"
                      r"(?:\s*[（(][^）)]{1,40}[）)])?)\s*")
END_MARKS = ("。", "！", "？", "；", "：", "，", ".", "!", "?")


@dataclass
class Guess:
    front: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)       # what was guessed from where, for the editor
    blocks: list[Block] = field(default_factory=list)    # the body, front matter lines taken out


def guess_front(blocks: list[Block]) -> Guess:
    g = Guess()
    rest = list(blocks)

    # title: a Title or heading style first, else the first line when it is short and has no full stop
    titled = next((i for i, b in enumerate(rest[:3]) if b.kind == "title"), None)
    if titled is None and rest and rest[0].kind == "heading":
        titled = 0
    if titled is None and rest and rest[0].kind == "para" and _title_like(rest[0].text):
        titled = 0
    if titled is not None:
        b = rest.pop(titled)
        g.front["title"] = _plain(b.text)
        g.notes.append(M("title: {front}  ({source}, {v})",
                         front=g.front['title'], source=b.source,
                         v=M("its style") if b.kind != 'para' else M("a short first line")))
        # a line above a Title-styled one is the kicker (引题)
        if titled == 1 and rest and rest[0].kind == "para" and _title_like(rest[0].text):
            k = rest.pop(0)
            g.front["kicker"] = _plain(k.text)
            g.notes.append(M("kicker: {front}  ({source}, the line above the title)",
                             front=g.front['kicker'], source=k.source))
        if rest and rest[0].text.startswith(("——", "--", "—")) and len(rest[0].text) <= 40:
            s = rest.pop(0)
            g.front["subtitle"] = "——" + _plain(s.text).lstrip("—-")
            g.notes.append(M('subtitle: {front}  ({source})', front=g.front['subtitle'], source=s.source))
    else:
        g.notes.append(M("title: none found (the first line is a paragraph); write one, `title:` holds a "
                         "placeholder"))

    # byline: a short line with a reporter's role, among the first three left
    for i, b in enumerate(rest[:3]):
        text = b.text.strip()
        if b.kind in ("para", "heading") and BYLINE.match(text) and len(text) <= 40 \
                and not text.endswith(END_MARKS[:2]):
            rest.pop(i)
            g.front["byline"] = _byline(text)
            g.notes.append(M('byline: {front}  ({source})', front=g.front['byline'], source=b.source))
            break

    # dateline: 本报讯 … opening the first paragraph
    first = next((i for i, b in enumerate(rest) if b.kind == "para"), None)
    if first is not None:
        m = DATELINE.match(rest[first].text)
        if m:
            g.front["dateline"] = m.group(1).strip()
            rest[first] = _cut(rest[first], m.end())
            if not rest[first].text:
                rest.pop(first)
            g.notes.append(M('dateline: {front}  (opening the first paragraph)', front=g.front['dateline']))
    g.blocks = rest
    return g


def _title_like(text: str) -> bool:
    t = text.strip()
    return 0 < len(t) <= 40 and not t.endswith(END_MARKS) and not BYLINE.match(t) and not DATELINE.match(t)


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _byline(text: str) -> str:
    """本报记者 陈思远  通讯员 林晓, as typed, without the brackets and 文/ around it."""
    t = text.strip().strip("（）()【】[]").strip()
    t = re.sub(r"^文\s*[/／]\s*", "", t)
    t = re.sub(r"[ \t\u3000]+", " ", t)
    # roles keep a double space before them, as the sample bylines are typed
    return re.sub(rf"\s+(?={ROLE})", "  ", t).strip()


def _cut(b: Block, n: int) -> Block:
    """The block without its first n characters (the dateline); punctuation after it goes too."""
    runs, left = [], n
    for text, bold in b.runs:
        if left >= len(text):
            left -= len(text)
            continue
        runs.append((text[left:], bold))
        left = 0
    if runs:
        runs[0] = (runs[0][0].lstrip(" ：:，,\u3000"), runs[0][1])
    return Block(b.kind, [r for r in runs if r[0]], b.rows, b.source)

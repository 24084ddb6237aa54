"""Page furniture: the 报头 (masthead) of page 1 and the 报眉 (running head) of the others.

Entry points:
    masthead(block, frame, ctx)                       -> list[Item]
    running_head(page_number, section, editor, ctx)   -> list[Item]
    imprint(ctx)                                      -> list[Item]   the 报尾 of the last page

The masthead's info panel carries what the house style asks for: 主办, 准印证号, 内部资料 免费交流 or
国内统一刊号 (`paper.edition` / `paper.cn`), 第 N 期 with 今日 N 版 (`paper.pages_today`, N the issue's
page count), the date and weekday and the 农历 date (`paper.lunar`, from lunar-python). A masthead
with `ear: N` leaves its N right-hand columns to a block of their own (报眼) above its rule.

Also `spaced_line`: several fields on one line, a fixed gap apart.

The paper name is set in type (element `masthead`, heavy Song, in the house
accent red), or the paper's own nameplate artwork (house style
`paper.nameplate`, PNG or JPEG) is fitted into the same area.
"""
from __future__ import annotations

import datetime

from layout.boxes import BLACK, Image, Item, Line, Rule, TextLine
from layout.compose.paragraph import set_line
from layout.errors import BanmianError
from layout.i18n import M
from layout.makeup.grid import EM_CENTRE, Frame, band_baseline, place_line
from layout.source.units import MM

WEEKDAYS = "一二三四五六日"

# Masthead proportions.
NAME_MIN_SIZE = 24.0          # pt: below this the paper name is no longer a masthead
PANEL_GAP = 2.0               # em of the info size between the name area, the divider and the panel
HEAD_RULE_THICK = 2.0         # pt: the 文武线 under the masthead: thick rule ...
HEAD_RULE_THIN = 0.5          # ... and thin rule ...
HEAD_RULE_SPACE = 1.5         # ... this far apart

# Running head.
RUNNING_RULE = 0.75           # pt, black
RUNNING_RULE_CLEAR = 3 * MM   # from the rule's centre to the first grid line (≥ 2 mm from its lower edge)
RUNNING_TEXT_CLEAR = 2.5      # pt between the rule's upper edge and the descent of the text


# ---- shared placement helpers ---------------------------------------------

def spaced_line(parts, face, size: float, gap: float = 1.0) -> Line:
    """Several texts on one line, `gap` em apart (typed spaces are gaps to the composer, not glyphs).

    A part is a text, or (text, face) to set it in another face.
    """
    glyphs, x = [], 0.0
    for part in parts:
        text, f = part if isinstance(part, tuple) else (part, face)
        if not text:
            continue
        if glyphs:
            x += gap * size
        line = set_line(text, f, size)
        glyphs += [g._replace(x=g.x + x) for g in line.glyphs]
        x += line.end
    return Line(tuple(glyphs), x, last=True, first=True)


def date_parts(date: datetime.date) -> tuple[str, str]:
    """("2026年11月27日", "星期五")"""
    return f"{date.year}年{date.month}月{date.day}日", f"星期{WEEKDAYS[date.weekday()]}"


def date_text(date: datetime.date) -> str:
    """2026年11月27日  星期五 (for messages; on the page the parts are set with spaced_line)"""
    return "  ".join(date_parts(date))


def issue_text(number: int, total: int) -> str:
    """第 46 期（总第 1046 期）"""
    return f"第 {number} 期（总第 {total} 期）"


def lunar_text(date: datetime.date) -> str:
    """农历丙午年十月十九 (闰月 as 闰六月), by lunar-python: the 农历 is astronomy and a published
    calendar table, not something to compute here."""
    # lunar-python takes about 0.4 s for its first date in a process (it builds the year's solar
    # terms), more than a warm build of a whole issue: the answer is remembered in the cache folder,
    # keyed by the date and the library's version
    from layout.fonts.store import _memo, _memo_save
    from layout.versions import installed_version
    key = f"{date.isoformat()}|lunar-python {installed_version('lunar_python')}"
    table = _memo("lunar.json")
    if key not in table:
        from lunar_python import Solar
        lunar = Solar.fromYmd(date.year, date.month, date.day).getLunar()
        table[key] = f"农历{lunar.getYearInGanZhi()}年{lunar.getMonthInChinese()}月{lunar.getDayInChinese()}"
        _memo_save("lunar.json", table)
    return table[key]


def pages_text(n: int) -> str:
    """今日 4 版"""
    return f"今日 {n} 版"


# ---- 报头 -------------------------------------------------------------------

def masthead(block, frame: Frame, ctx) -> list[Item]:
    """The page-1 masthead: paper name, an info panel beside (or below) it, a rule under it."""
    grid, house = ctx.grid, ctx.house
    pitch = grid.pitch
    name_face, name_el = ctx.element("masthead")
    info_face, info_el = ctx.element("masthead_info")
    red = house.colors["accent"]
    n_lines = round(frame.h / pitch)
    rule_frame = frame
    if block.ear:
        # 报眼: the right-hand columns above the rule are another block's
        frame = Frame(frame.x, frame.y, frame.w - grid.width(block.ear) - grid.gutter, frame.h)

    # The info panel's lines: publisher (one line per body named), permit, issue number, date.
    info = _info_lines(house, ctx.issue, info_face, info_el.size)
    panel_w = max(dx + l.end for dx, l in info)
    gap = PANEL_GAP * info_el.size

    # The last grid line holds the rule; the rest is for the name and the panel.
    body_lines = n_lines - 1
    natural = set_line(house.paper_name, name_face, 1.0).end     # name width per pt of size

    # Side by side when the name still reaches its minimum size beside the panel; else stacked.
    side_w = frame.w - panel_w - 2 * gap
    side_size = min(name_el.size, side_w / natural, body_lines * pitch)
    if side_size >= NAME_MIN_SIZE and body_lines >= len(info):
        name_area = Frame(frame.x, frame.y, side_w, body_lines * pitch)
        panel = Frame(frame.right - panel_w, frame.y, panel_w, body_lines * pitch)
        size = side_size
    else:
        name_lines = body_lines - len(info)
        size = min(name_el.size, frame.w / natural, name_lines * pitch)
        if size < NAME_MIN_SIZE or panel_w > frame.w:
            raise _too_small(block, frame, pitch, house.paper_name)
        name_area = Frame(frame.x, frame.y, frame.w, name_lines * pitch)
        panel = Frame(frame.x + (frame.w - panel_w) / 2, frame.y + name_lines * pitch,
                      panel_w, len(info) * pitch)

    items: list[Item] = []
    if house.nameplate:
        # The paper's own nameplate artwork (calligraphy, logo), fitted whole into the name area.
        items.append(_nameplate(house.nameplate, name_area, block, house.max_megapixels))
    else:
        # The paper name: centred in its area, in the accent red.
        name = set_line(house.paper_name, name_face, size)
        baseline = name_area.y + name_area.h / 2 + EM_CENTRE * size
        items.append(place_line(name, name_area.x, name_area.w, "center", baseline, red))

    # The info panel: one grid line per item, the block centred on whole grid lines,
    # flush right against the type area's edge (the panel's left edge is the divider).
    first = round((panel.h / pitch - len(info)) / 2)
    for i, (dx, line) in enumerate(info):
        top = panel.y + (first + i) * pitch
        items.append(TextLine(panel.right - line.end, band_baseline(top, 1, pitch, info_el.size), line))

    # A thin red divider between name and panel when they stand side by side.
    if panel.y == frame.y:
        dx = panel.x - gap
        items.append(Rule(dx, panel.y + pitch / 2, dx, panel.bottom - pitch / 2, 0.5, red))

    # The rule under the masthead: thick over thin, centred in the frame's last grid line.
    mid = rule_frame.bottom - pitch / 2
    y_thick = mid - (HEAD_RULE_THICK + HEAD_RULE_SPACE + HEAD_RULE_THIN) / 2 + HEAD_RULE_THICK / 2
    y_thin = y_thick + HEAD_RULE_THICK / 2 + HEAD_RULE_SPACE + HEAD_RULE_THIN / 2
    items.append(Rule(rule_frame.x, y_thick, rule_frame.right, y_thick, HEAD_RULE_THICK, red))
    items.append(Rule(rule_frame.x, y_thin, rule_frame.right, y_thin, HEAD_RULE_THIN, red))
    return items


def _nameplate(path: str, area: Frame, block, limit_mp: float = 80) -> Image:
    """The nameplate image scaled to fit the area (never cropped, never distorted), centred."""
    from layout.makeup.photo import image_header
    px_w, px_h, _ = image_header(path, (block.pos.source.file, block.pos.source.line), limit_mp,
                                 M("the nameplate image"))
    scale = min(area.w / px_w, area.h / px_h)
    w, h = px_w * scale, px_h * scale
    x, y = area.x + (area.w - w) / 2, area.y + (area.h - h) / 2
    return Image(path, x, y, w, h, x, y, w, h)


def _info_lines(house, issue, face, size: float) -> list[tuple[float, Line]]:
    """(indent, line) per panel line: 主办 (a line per body, aligned after the label), 准印证号, 期号, date."""
    lines: list[tuple[float, Line]] = []
    label = "主办："
    bodies = [p.strip() for p in house.publisher.split("  ") if p.strip()]
    for i, body in enumerate(bodies):
        if i == 0:
            first = set_line(label + body, face, size)
            lines.append((0.0, first))
            indent = first.glyphs[len(label)].x          # the other bodies align under the first
        else:
            lines.append((indent, set_line(body, face, size)))
    if house.permit:
        lines.append((0.0, set_line(f"准印证号：{house.permit}", face, size)))
    if house.cn:
        lines.append((0.0, set_line(f"国内统一刊号：{house.cn}", face, size)))
    if house.edition:
        lines.append((0.0, spaced_line(house.edition.split(), face, size)))
    number = [issue_text(issue.number, issue.total)]
    if house.pages_today:
        number.append(pages_text(len(issue.pages)))
    lines.append((0.0, spaced_line(number, face, size)))
    lines.append((0.0, spaced_line(date_parts(issue.date), face, size)))
    if house.lunar:
        lines.append((0.0, set_line(lunar_text(issue.date), face, size)))
    return lines


def _too_small(block, frame: Frame, pitch: float, name: str) -> BanmianError:
    src = block.pos.source
    return BanmianError(
        M("the masthead frame ({v:.0f} mm × {v2} lines) is too small for the paper name '{name}' at "
          "{NAME_MIN_SIZE:.0f} pt or more and its info panel",
          v=frame.w / MM, v2=round(frame.h / pitch), name=name, NAME_MIN_SIZE=NAME_MIN_SIZE),
        src.file, src.line, hint=M('give the masthead more lines or the full page width'))


# ---- 报眉 -------------------------------------------------------------------

def running_head(page_number: int, section: str, editor: str, ctx) -> list[Item]:
    """The running head of pages 2+: in the top margin, above a rule ending ≥ 2 mm over the first grid line.

    Outer side (left on even pages, right on odd): 第 N 版 and the section (in bold);
    centre: paper name and date; inner side: 责任编辑.
    """
    grid, house = ctx.grid, ctx.house
    face, el = ctx.element("runninghead")
    area = grid.area

    # The rule: 0.75 pt black across the type area, its centre 3 mm above the first grid line.
    rule_y = grid.top - RUNNING_RULE_CLEAR
    items: list[Item] = [Rule(area.x, rule_y, area.right, rule_y, RUNNING_RULE, BLACK)]

    # The text sits just above the rule.
    baseline = rule_y - RUNNING_RULE / 2 - RUNNING_TEXT_CLEAR - face.descent * el.size
    if baseline - face.ascent * el.size < 5 * MM:
        raise BanmianError(M('the top margin ({v:.0f} mm) is too small for the running head', v=grid.top / MM),
                           house.file, hint=M('make page.margins.top at least 12 mm'))

    # The three groups, outer side by page parity (even pages open on the left).
    outer = spaced_line([f"第 {page_number} 版", (section, ctx.face(el.role, "bold"))], face, el.size)
    # fields of the running head stand two characters apart, as separate items, not one phrase
    centre = spaced_line([house.paper_name, *date_parts(ctx.issue.date)], face, el.size, gap=2.0)
    inner = spaced_line([f"责任编辑：{editor}" if editor else ""], face, el.size)
    left, right = (outer, inner) if page_number % 2 == 0 else (inner, outer)
    if left.end + right.end + centre.end + 4 * el.size > area.w:
        ctx.log.warn(M("running head of page {page_number} is crowded: shorten the section name",
                       page_number=page_number),
                     house.file)
    for line, align in ((left, "left"), (centre, "center"), (right, "right")):
        if line.glyphs:
            items.append(place_line(line, area.x, area.w, align, baseline))
    return items


# ---- 报尾 -------------------------------------------------------------------

IMPRINT_RULE = 0.5            # pt, black
IMPRINT_CLEAR = 2.5 * MM      # from the type area's foot to the rule
IMPRINT_GAP = 2.0             # em between the fields


def imprint(ctx) -> list[Item]:
    """The 报尾 of the last page: under the type area, a thin rule and the house's imprint fields
    (编辑部地址, 邮编, 电话, 印刷单位, 印数, 发送对象) on one line, on two when one is too long."""
    grid, house = ctx.grid, ctx.house
    if not house.imprint:
        return []
    face, el = ctx.element("credit")
    area = grid.area
    rule_y = area.bottom + IMPRINT_CLEAR
    fields = [f"{label}：{value}" for label, value in house.imprint]
    one = spaced_line(fields, face, el.size, gap=IMPRINT_GAP)
    rows = [one] if one.end <= area.w else [spaced_line(fields[:len(fields) // 2 + len(fields) % 2], face,
                                                        el.size, gap=IMPRINT_GAP),
                                            spaced_line(fields[len(fields) // 2 + len(fields) % 2:], face,
                                                        el.size, gap=IMPRINT_GAP)]
    lead = el.size * 1.4
    last = rule_y + IMPRINT_RULE / 2 + 1.5 + face.ascent * el.size + (len(rows) - 1) * lead
    if last + face.descent * el.size > house.trim[1] - 5 * MM:
        raise BanmianError(M('the bottom margin ({v:.0f} mm) is too small for the imprint (报尾)', v=(house.trim[1] - area.bottom) / MM), house.file,
                           hint=M('shorten the imprint fields, or give the page fewer grid lines'))
    items: list[Item] = [Rule(area.x, rule_y, area.right, rule_y, IMPRINT_RULE, BLACK)]
    for i, row in enumerate(rows):
        baseline = rule_y + IMPRINT_RULE / 2 + 1.5 + face.ascent * el.size + i * lead
        items.append(place_line(row, area.x, area.w, "center", baseline))
    return items


# ---- 刊头 -------------------------------------------------------------------

KANTOU_FILL = 0.78            # the title takes at most this much of the inner width


def kantou(block, frame: Frame, ctx) -> list[Item]:
    """刊头 of a section page: a 花边 frame on the block's edge (in the accent colour), inside it the
    section's artwork fitted whole, or its title typeset large (element `kantou`) over a small
    subtitle line (`kantou_sub`), the group centred in whole grid lines."""
    from layout.makeup.ornament import FRAMES, frame_items
    grid, house = ctx.grid, ctx.house
    red = house.colors["accent"]
    items: list[Item] = []
    band = 0.0
    if block.frame != "none":
        items += frame_items(block.frame, frame, red)
        band = FRAMES[block.frame]
    pad = band + house.frame_margin
    inner = Frame(frame.x + pad, frame.y + pad, frame.w - 2 * pad, frame.h - 2 * pad)
    if inner.w <= 0 or inner.h <= grid.pitch:
        src = block.pos.source
        raise BanmianError(M('the 刊头 block ({v:.0f} × {v2:.0f} mm) has no room inside its frame', v=frame.w / MM, v2=frame.h / MM), src.file, src.line, hint=M('give it more columns or lines'))
    if block.art:
        items.append(_nameplate(block.art, inner, block))
        return items
    face, el = ctx.element("kantou")
    sub_face, sub_el = ctx.element("kantou_sub")
    sub = set_line(block.subtitle, sub_face, sub_el.size) if block.subtitle else None
    sub_h = sub_el.size * 1.8 if sub else 0.0
    natural = set_line(block.title, face, 1.0).end
    size = min(el.size, KANTOU_FILL * inner.w / natural, (inner.h - sub_h) / 1.15)
    if size < grid.body_size * 2:
        src = block.pos.source
        raise BanmianError(M("the 刊头 title '{title}' would be set at {size:.1f} pt in its block", title=block.title, size=size),
                           src.file, src.line, hint=M('give the 刊头 more room, or a shorter title'))
    title = set_line(block.title, face, size)
    group = size * 1.15 + sub_h
    top = inner.y + (inner.h - group) / 2
    items.append(place_line(title, inner.x, inner.w, "center", top + size * 0.575 + EM_CENTRE * size, red))
    if sub:
        items.append(place_line(sub, inner.x, inner.w, "center",
                                top + size * 1.15 + sub_h / 2 + EM_CENTRE * sub_el.size))
    return items

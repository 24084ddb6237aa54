"""House style: one shared file per paper (issues/_house/NAME.yaml), resolved once.

Everything an issue does not say comes from here: paper identity, trim and
bleed, the column grid, body size and leading, the font and size of each
element, composition rules and PDF settings. Lengths are converted to pt here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from layout.boxes import CMYK
from layout.compose.paragraph import ParaStyle
from layout.errors import Log
from layout.i18n import M
from layout.fonts import ROLES, WEIGHTS
from layout.source.files import regular_file
from layout.source.planstyle import PlannerStyle, read_planner
from layout.source.units import MM, PAPER_SIZES_MM
from layout.source.yamlsrc import Y, load_yaml

ELEMENTS = ("bold", "kicker", "title", "title_minor", "subtitle", "byline", "dateline", "lead", "lead_label",
            "crosshead", "pullquote", "caption", "credit", "jump", "runninghead", "masthead",
            "masthead_info", "figure_title", "figure_value", "figure_label", "figure_text", "table", "table_head",
            "figure_heading", "figure_bold", "kantou", "kantou_sub")
# Elements a house style may leave out, and the element they then take after: a 图解 item's
# heading and its **bold** figures are set like the cards' labels (黑体, a size up from the text).
ELEMENT_LIKE = {"figure_heading": "figure_label", "figure_bold": "figure_label"}


@dataclass(frozen=True)
class Element:
    """How one kind of text is set."""
    role: str                 # font role
    weight: str
    size: float               # pt
    align: str = "justify"
    indent: float = 0.0       # em
    frame: str = "none"       # none | box | tint (lead boxes)
    marker: str = ""          # figure_heading: the house's mark before a 图解 item's heading (● …)


# The 主题's size by rank and by the base columns its headline spans (pt): a page's 头条
# ("title") and every other article ("title_minor"). A span not listed takes the size of
# the widest listed span below it. A 1- or 2-column story never gets the 头条 size of a
# wide one (小初 36 pt in 16-character columns is four characters a line); sizes descend
# with rank at every span. The house style's `headlines:` replaces these; `title_size:`
# on a block overrides both.
HEADLINE_SIZES: dict[str, dict[int, float]] = {
    "title": {1: 22.0, 2: 26.0, 3: 36.0},          # 二号, 一号, 小初
    "title_minor": {1: 18.0, 4: 22.0},             # 小二, 二号
}


@dataclass(frozen=True)
class HouseStyle:
    name: str
    file: str
    sha256: str
    paper_name: str
    nameplate: str                      # the paper's nameplate artwork (absolute path), "" = set the name in type
    publisher: str
    permit: str
    total_offset: int
    trim: tuple[float, float]           # pt
    bleed: float
    margin_top: float
    margin_left: float
    columns: int
    column_width: float
    gutter: float
    lines: int
    column_rules: bool
    separators: bool
    body: Element
    leading: float                      # grid pitch, pt
    para: ParaStyle                     # composition rules for body text
    condense_min: float
    elements: dict[str, Element] = field(default_factory=dict)
    colors: dict[str, CMYK] = field(default_factory=dict)
    edition: str = ""                   # 内部资料  免费交流 (papers without a 刊号), on the masthead
    cn: str = ""                        # 国内统一刊号 CN 33-0001 (papers with one), on the masthead
    lunar: bool = False                 # the 农历 date under the date on the masthead
    pages_today: bool = False           # 今日 N 版 on the masthead, N from the issue's page count
    imprint: tuple[tuple[str, str], ...] = ()   # 报尾 on the last page: (label, value) in order
    frame_pattern: str = "单线"          # the 花边 `frame: box` draws (makeup/ornament.py FRAMES)
    frame_margin: float = 0.0           # pt between a frame's inner edge and its text (default 1 字)
    frame_color: str = "black"          # a name in `colors`
    pdf_standard: str = "PDF/X-4"
    icc: str = "default"
    marks: bool = False
    min_ppi: float = 120
    warn_ppi: float = 200
    max_ink: float = 240
    max_megapixels: float = 80          # a photo with more pixels is refused (decoding it would take GBs)
    headline_sizes: dict[str, dict[int, float]] = field(default_factory=lambda: dict(HEADLINE_SIZES))
    proof_dpi: int = 150                # proof PNGs: 150 dpi is readable at 小五 (60 dpi was not)
    photo_min_share: float = 0.5        # a cover crop keeping less of the picture than this is a warning
    wrap_gap: float = 1.0               # 绕排: body characters between a photo and the text beside it
    wrap_gap_lines: int = 1             # 绕排: grid lines between a photo and the text above and below
    holes: str = "error"                # page checks: an empty area is an `error`, or only a `warning`
    planner: PlannerStyle = field(default_factory=PlannerStyle)   # the planner's crop and block-shape limits

    def title_size(self, element: str, span: int) -> float:
        """The 主题 size for `element` (title | title_minor) over `span` base columns (pt)."""
        table = self.headline_sizes.get(element) or {}
        listed = [k for k in table if k <= span]
        if not listed:
            return self.el(element).size if not table else table[min(table)]
        return table[max(listed)]

    @property
    def type_width(self) -> float:
        return self.columns * self.column_width + (self.columns - 1) * self.gutter

    @property
    def type_height(self) -> float:
        return self.lines * self.leading

    def el(self, name: str) -> Element:
        return self.elements[name]


def _checks(y: Y) -> str:
    """`checks: {holes: warning}`: a house (a test bench, a paper proofing unfinished pages) may
    have empty areas reported as warnings; the default, a newspaper's, is an error."""
    c = y.get("checks")
    if not c:
        return "error"
    c.check_keys({"holes"})
    return c.get("holes").choice(("error", "warning")) if c.get("holes") else "error"


def load_house(path: Path, log: Log | None = None) -> HouseStyle:
    """Read and validate a house-style file."""
    import hashlib
    log = log or Log()
    y = load_yaml(path)
    y.check_keys({"paper", "page", "grid", "body", "composition", "elements", "headlines", "colors", "pdf",
                  "proof", "photos", "checks", "ornaments", "imprint", "planner"})

    paper = y.require("paper")
    paper.check_keys({"name", "nameplate", "publisher", "permit", "total_offset", "weekday", "edition", "cn",
                      "lunar", "pages_today"})
    if paper.get("edition") and paper.get("cn"):
        raise paper.get("cn").error(M('a paper has either a 国内统一刊号 (cn:) or is 内部资料 (edition:), not both'),
                                    hint=M('keep the one printed on the masthead'))
    nameplate = ""
    if paper.get("nameplate"):
        np_path = (Path(path).parent / paper.get("nameplate").str()).resolve()
        if not np_path.exists() or np_path.suffix.lower() not in (".png", ".jpg", ".jpeg"):
            raise paper.get("nameplate").error(M("nameplate '{get}' is not a PNG or JPEG beside the house style", get=paper.get('nameplate').str()), hint=M('put the file in {parent}', parent=Path(path).parent))
        regular_file(np_path, "nameplate", (paper.get("nameplate").file, paper.get("nameplate").line))
        nameplate = str(np_path)
    page = y.require("page")
    page.check_keys({"size", "bleed", "margins"})
    trim = _trim(page.require("size"))
    bleed = page.get("bleed").length(0, 20 * MM, default_unit="mm") if page.get("bleed") else 3 * MM

    body_y = y.require("body")
    body_y.check_keys({"font", "size", "leading"})
    role, weight = _font(body_y.require("font"))
    body_size = body_y.require("size").size(5, 24)            # 小六 … 小一: body type
    leading = body_size * (body_y.get("leading").float(0.8, 5) if body_y.get("leading") else 1.5)

    grid = y.require("grid")
    grid.check_keys({"columns", "column", "gutter", "lines", "column_rules", "separators", "wrap"})
    columns = grid.require("columns").int(1, 12)
    column_width = grid.require("column").length(1, None, em=body_size)
    gutter = grid.get("gutter").length(0, None, em=body_size) if grid.get("gutter") else body_size
    lines = grid.require("lines").int(10, 400)
    chars = column_width / body_size
    if abs(chars - round(chars)) > 1e-6:
        log.warn(M("column width is {chars:.2f} body characters, not a whole number: lines will not end on a "
                   "character boundary",
                   chars=chars), str(path), grid.require("column").line)

    margins = page.get("margins")
    if margins:
        margins.check_keys({"top", "left"})
    type_w = columns * column_width + (columns - 1) * gutter
    top = margins.get("top").length(10 * MM, None, default_unit="mm") if margins and margins.get("top") else 20 * MM
    left = (margins.get("left").length(default_unit="mm") if margins and margins.get("left")
            else (trim[0] - type_w) / 2)
    if left < 5 * MM or left + type_w > trim[0] - 5 * MM:
        raise grid.error(M("the type area ({v:.1f} mm wide) does not fit the page ({v2:.0f} mm) with margins of at "
                           "least 5 mm",
                           v=type_w / MM, v2=trim[0] / MM),
                         hint=M('use fewer or narrower columns, or a smaller gutter'))
    if top + lines * leading > trim[1] - 8 * MM:
        raise grid.error(M("{lines} lines of {leading:.2f} pt from {v:.0f} mm down do not fit the page height "
                           "({v2:.0f} mm) with a bottom margin of at least 8 mm",
                           lines=lines, leading=leading, v=top / MM, v2=trim[1] / MM),
                         hint=M('reduce grid.lines or the top margin'))

    # 绕排: the house gap around a photo the text runs around (1 字 beside, 1 行 above and below)
    wrap_gap, wrap_gap_lines = 1.0, 1
    if grid.get("wrap"):
        wy = grid.get("wrap")
        wy.check_keys({"gap", "lines"})
        if wy.get("gap") is not None:
            wrap_gap = float(wy.get("gap").int(0, 4))
        if wy.get("lines") is not None:
            wrap_gap_lines = wy.get("lines").int(0, 4)

    comp = y.get("composition")
    kinsoku, punct, han_latin, condense_min = "strict", "full", 0.25, 0.8
    if comp:
        comp.check_keys({"kinsoku", "punctuation", "han_latin", "condense_min"})
        if comp.get("kinsoku"):
            kinsoku = comp.get("kinsoku").choice(("none", "basic", "gb", "strict"))
        if comp.get("punctuation"):
            punct = comp.get("punctuation").choice(("full", "kaiming", "half"))
        if comp.get("han_latin"):
            han_latin = comp.get("han_latin").float(0, 1)
        if comp.get("condense_min"):
            condense_min = comp.get("condense_min").float(0.5, 1)

    body = Element(role, weight, body_size, "justify", 2.0)
    elements = {}
    el_y = y.get("elements")
    given = dict(el_y.items()) if el_y else {}
    for name, ey in given.items():
        if name not in ELEMENTS:
            import difflib
            close = difflib.get_close_matches(name, ELEMENTS, n=1)
            raise ey.error(M("unknown element '{name}'", name=name),
                           M("did you mean '{name}'?", name=close[0]) if close else
                           M("elements: {names}", names=", ".join(ELEMENTS)))
    for name in ELEMENTS:
        elements[name] = _element(given.get(name), body, name)
    for name, like in ELEMENT_LIKE.items():
        if name not in given:
            elements[name] = elements[like]

    headline_sizes = _headline_sizes(y.get("headlines"))

    colors = {"accent": (0, 1, 1, 0.1), "tint": (0, 0, 0, 0.08), "figure": (1, 0.4, 0, 0), "black": (0, 0, 0, 1)}
    col_y = y.get("colors")
    if col_y:
        for name, cy in col_y.items():
            v = cy.value
            if not (isinstance(v, list) and len(v) == 4 and all(isinstance(c, (int, float)) and 0 <= c <= 1 for c in v)):
                raise cy.error(M('a colour is [C, M, Y, K] with each value from 0 to 1'),
                               hint=M('banmian prints CMYK only'))
            colors[name] = tuple(float(c) for c in v)

    pdf = y.get("pdf")
    std, icc, marks, min_ppi, warn_ppi, max_ink = "PDF/X-4", "default", False, 120.0, 200.0, 240.0
    max_mp = 80.0
    if pdf:
        pdf.check_keys({"standard", "icc", "marks", "min_ppi", "warn_ppi", "max_ink", "max_megapixels"})
        if pdf.get("standard"):
            std = pdf.get("standard").choice(("PDF/X-4", "PDF/X-1a"))
        if pdf.get("icc"):
            icc = _icc(pdf.get("icc"), Path(path))
        if pdf.get("marks"):
            marks = pdf.get("marks").bool()
        if pdf.get("min_ppi"):
            min_ppi = pdf.get("min_ppi").float(1, 2400)
        if pdf.get("warn_ppi"):
            warn_ppi = pdf.get("warn_ppi").float(1, 2400)
        if pdf.get("max_ink"):
            max_ink = pdf.get("max_ink").float(100, 400)
        if pdf.get("max_megapixels"):
            max_mp = pdf.get("max_megapixels").float(1, 400)
    for name, c in colors.items():
        if sum(c) * 100 > max_ink + 1e-6:
            raise col_y.get(name).error(M("total ink {v:.0f} % is over the house limit of {max_ink:.0f} %",
                                          v=sum(c) * 100, max_ink=max_ink))

    proof_dpi, min_share = 150, 0.5
    if y.get("proof"):
        y.get("proof").check_keys({"dpi"})
        if y.get("proof").get("dpi"):
            proof_dpi = y.get("proof").get("dpi").int(30, 1200)
    if y.get("photos"):
        y.get("photos").check_keys({"min_share"})
        if y.get("photos").get("min_share"):
            min_share = y.get("photos").get("min_share").float()
            if not 0 < min_share <= 1:
                raise y.get("photos").get("min_share").error(
                    M('min_share is a fraction of the picture, got {min_share}', min_share=min_share), hint=M('e.g. min_share: 0.6'))
    orn = _ornaments(y.get("ornaments"), body_size, colors)
    imprint = _imprint(y.get("imprint"))

    return HouseStyle(
        name=Path(path).stem, file=str(path),
        sha256=hashlib.sha256(Path(path).read_bytes()).hexdigest(),
        paper_name=paper.require("name").str(), nameplate=nameplate,
        publisher=paper.get("publisher").str() if paper.get("publisher") else "",
        permit=paper.get("permit").str() if paper.get("permit") else "",
        total_offset=paper.get("total_offset").int(0, 9_999_999) if paper.get("total_offset") else 0,
        trim=trim, bleed=bleed, margin_top=top, margin_left=left,
        columns=columns, column_width=column_width, gutter=gutter, lines=lines,
        column_rules=grid.get("column_rules").bool() if grid.get("column_rules") else False,
        separators=grid.get("separators").bool() if grid.get("separators") else True,
        body=body, leading=leading,
        para=ParaStyle(indent=2.0, kinsoku=kinsoku, punctuation=punct, han_latin=han_latin),
        condense_min=condense_min, elements=elements, colors=colors,
        edition=paper.get("edition").str() if paper.get("edition") else "",
        cn=paper.get("cn").str() if paper.get("cn") else "",
        lunar=paper.get("lunar").bool() if paper.get("lunar") else False,
        pages_today=paper.get("pages_today").bool() if paper.get("pages_today") else False,
        imprint=imprint, frame_pattern=orn[0], frame_margin=orn[1], frame_color=orn[2],
        pdf_standard=std, icc=icc, marks=marks, min_ppi=min_ppi, warn_ppi=warn_ppi, max_ink=max_ink,
        headline_sizes=headline_sizes, proof_dpi=proof_dpi, photo_min_share=min_share,
        wrap_gap=wrap_gap, wrap_gap_lines=wrap_gap_lines, max_megapixels=max_mp,
        holes=_checks(y), planner=read_planner(y.get("planner"), lines))


def _headline_sizes(y: Y | None) -> dict[str, dict[int, float]]:
    """`headlines:` {title: {span: size, …}, title_minor: {…}}; what is not given keeps the default."""
    table = {k: dict(v) for k, v in HEADLINE_SIZES.items()}
    if y is None:
        return table
    y.check_keys(set(HEADLINE_SIZES))
    for rank, ry in y.items():
        sizes = {}
        for span, sy in ry.items():
            if not span.isdigit() or not 1 <= int(span) <= 12:
                raise sy.error(M("'{span}' is not a number of columns", span=span),
                               hint=M('write the span in base columns, e.g. 1: 二号, 3: 小初'))
            sizes[int(span)] = sy.size()
        if not sizes:
            raise ry.error(M('a rank needs at least one span: size'))
        table[rank] = sizes
    for span in range(1, 13):
        if _lookup(table["title"], span) < _lookup(table["title_minor"], span):
            raise y.error(M("over {span} column(s) the 头条 title ({v:g} pt) is smaller than another article's "
                            "({v2:g} pt)",
                            span=span, v=_lookup(table['title'], span), v2=_lookup(table['title_minor'], span)),
                          hint=M('headline sizes descend with rank: make title at least title_minor at every span'))
    return table


def _lookup(sizes: dict[int, float], span: int) -> float:
    listed = [k for k in sizes if k <= span]
    return sizes[max(listed)] if listed else sizes[min(sizes)]


REPO_ICC = Path(__file__).resolve().parents[2] / "icc"


def _icc(y: Y, house_file: Path) -> str:
    """The output profile named by `pdf.icc`: 'default', an absolute path, or a file beside the
    house style (or in the repository's icc/ folder). Checked here, so a missing or wrong file
    is blamed on this line, not found only when the PDF is written."""
    name = y.str()
    if name == "default":
        return name
    p = Path(name)
    cands = [p] if p.is_absolute() else [house_file.parent / p, REPO_ICC / p]
    found = next((c for c in cands if c.exists()), None)
    if found is None:
        raise y.error(M("ICC profile '{name}' not found (looked in {v})", name=name, v=', '.join(str(c.parent) for c in cands)),
                      hint=M("put the print shop's CMYK profile beside the house style, or write `icc: default`"))
    regular_file(found, "ICC profile", (y.file, y.line, y.column))
    head = found.read_bytes()[:128]
    if len(head) < 128 or head[36:40] != b"acsp":
        raise y.error(M("'{name}' is not an ICC profile", name=name), hint=M('ask the print shop for its .icc file'))
    if head[16:20] != b"CMYK" or head[12:16] != b"prtr":
        raise y.error(M("'{name}' is a {strip} {decode} profile, not a CMYK output profile", name=name, strip=head[16:20].decode('latin1').strip(), decode=head[12:16].decode('latin1')), hint=M("PDF/X needs the print condition's CMYK profile"))
    return str(found.resolve())


IMPRINT_KEYS = {"address": "编辑部地址", "postcode": "邮编", "phone": "电话", "printer": "印刷单位",
                "copies": "印数", "audience": "发送对象"}


def _ornaments(y: Y | None, body_size: float, colors: dict) -> tuple[str, float, str]:
    """ornaments: {frame: 单线, margin: 1字, color: black}: what `frame: box` draws and how far inside."""
    from layout.source.model import FRAME_PATTERNS as FRAMES, frame_name
    pattern, margin, color = "单线", body_size, "black"
    if y is None:
        return pattern, margin, color
    y.check_keys({"frame", "margin", "color"})
    if y.get("frame"):
        pattern = frame_name(y.get("frame").str())
        if pattern is None:
            raise y.get("frame").error(M("unknown frame pattern '{get}'", get=y.get('frame').str()),
                                       hint=M('patterns: {v}', v=', '.join(FRAMES)))
    if y.get("margin"):
        margin = y.get("margin").length(em=body_size)
        if margin < body_size - 1e-6:
            raise y.get("margin").error(M("a frame's inner margin of {margin:.1f} pt is less than 1 字", margin=margin),
                                        hint=M('boxed text needs at least one character of air: margin: 1字'))
    if y.get("color"):
        color = y.get("color").str()
        if color not in colors:
            raise y.get("color").error(M("colour '{color}' is not in `colors`", color=color),
                                       hint=M('colours: {v}', v=', '.join(colors)))
    return pattern, margin, color


def _imprint(y: Y | None) -> tuple[tuple[str, str], ...]:
    """imprint: the 报尾 fields in the order the house writes them."""
    if y is None:
        return ()
    y.check_keys(set(IMPRINT_KEYS))
    return tuple((IMPRINT_KEYS[k], v.str()) for k, v in y.items())


def _trim(y: Y) -> tuple[float, float]:
    v = y.value
    if isinstance(v, str) and v in PAPER_SIZES_MM:
        w, h = PAPER_SIZES_MM[v]
        return w * MM, h * MM
    if isinstance(v, list) and len(v) == 2:
        return tuple(Y(n, y.file, y.path).length(default_unit="mm") for n in y.node.value)
    raise y.error(M("unknown page size {v!r}",
                    v=v), hint=M("use one of {v} or [width, height] in mm",
                                                            v=', '.join(PAPER_SIZES_MM)))


def _font(y: Y) -> tuple[str, str]:
    parts = y.str().split()
    if len(parts) != 2 or parts[0] not in ROLES or parts[1] not in WEIGHTS:
        raise y.error(M("'{y}' is not a font: write a role and a weight, e.g. 'song regular'", y=y.str()),
                      hint=M('roles: {v}; weights: {v2}', v=', '.join(ROLES), v2=', '.join(WEIGHTS)))
    return parts[0], parts[1]


def _element(y: Y | None, body: Element, name: str) -> Element:
    defaults = {"role": body.role, "weight": body.weight, "size": body.size,
                "align": "left" if name not in ("kicker", "title", "subtitle") else "center",
                "indent": 0.0, "frame": "none"}
    if name == "table_head":
        defaults["role"], defaults["weight"] = "hei", "regular"    # a table's header row: 黑体
    if y is None:
        return Element(**defaults)
    y.check_keys({"font", "size", "align", "indent", "frame"} | ({"marker"} if name == "figure_heading" else set()))
    d = dict(defaults)
    if y.get("font"):
        d["role"], d["weight"] = _font(y.get("font"))
    if y.get("size"):
        d["size"] = y.get("size").size(3, 300)
    if y.get("align"):
        d["align"] = y.get("align").choice(("left", "center", "right", "justify"))
    if y.get("indent"):
        d["indent"] = y.get("indent").float(0, 20)
    if y.get("frame"):
        d["frame"] = y.get("frame").choice(("none", "box", "tint"))
    if y.get("marker"):
        d["marker"] = y.get("marker").str().strip()
    return Element(**d)

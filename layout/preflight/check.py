"""Preflight: check any PDF the way the print shop will, page by page.

Covers print.md as a checker (it trusts nothing, not even our own renderer):
§1 PDF/X identification (XMP pdfxid or Info GTS_ keys, header version, Info
and XMP agreeing) and an OutputIntent /GTS_PDFX with an embedded CMYK profile;
§2 TrimBox and BleedBox present and nested in the MediaBox, bleed ≥ 3 mm,
text at least 3 mm inside the trim and lines at least 0.1 pt (warnings);
§4 every font embedded, including fonts that sit in resources unused, subset
tags unique; §6 no JavaScript, no encryption, no form fields or annotations
inside the trim, and for PDF/X-1a no transparency and no JPEG 2000.
What the pages draw (§3 colour, §5 images) is walked by content.py.

Entry point: check(pdf_path, flavour=None, **house limits) -> Report
    Report.ok, .errors, .warnings, .text(), .to_json()
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import DictionaryObject, StreamObject
from layout.errors import summary
from layout.i18n import M, N, freeze, lang as _lang, thaw
from layout.source.units import MM
from layout.preflight import hazards
from layout.preflight.content import _Content, _State, _image_tac, _space_kind, _space_name


ALLOWED_PAGE_MARK_ANNOTS = {"/PrinterMark", "/TrapNet"}


@dataclass(frozen=True)
class Finding:
    severity: str          # "error" | "warning" | "note" (a fact the shop should hear, not a fault)
    page: int | None       # 1-based page number; None for the document
    obj: object            # the object (a Msg): "image /Im1 (400×300 px)", "font /F1 (Helvetica)", "document"
    message: object        # a Msg, shown in the reader's language
    count: int = 1         # how many times this exact thing occurred on the page

    def render(self, lang=None, labels: list[str] | None = None) -> str:
        L = lang or _lang("en")
        sev = L.text({"error": M("error"), "warning": M("warning")}.get(self.severity) or M("note"))
        times = L.text(M(" ({n}×)", n=self.count)) if self.count > 1 else ""
        if self.page is None and self.obj == "document":
            return L.text(M("{severity}: {obj}: {what}{times}", severity=sev, obj=self.obj, what=self.message,
                            times=times))
        where = M("document") if self.page is None else M("page {page}", page=self.page)
        if self.page is not None and labels and labels[self.page - 1] not in ("", str(self.page)):
            where = M("page {page} ({label})", page=self.page, label=labels[self.page - 1])
        return L.text(M("{severity}: {where}: {obj}: {what}{times}", severity=sev, where=where, obj=self.obj,
                        what=self.message, times=times))

    def text(self, labels: list[str] | None = None) -> str:
        return self.render(None, labels)


@dataclass
class Report:
    path: str
    flavour: str | None = None
    pages: int = 0
    findings: list[Finding] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def notes(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "note"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def text(self, lang=None) -> str:
        L = lang or _lang("en")
        kind = {"x4": "PDF/X-4", "x1a": "PDF/X-1a"}.get(self.flavour) or L.text(M("not PDF/X"))
        head = L.text(M("{path}: {pages}, {kind}; {counts}", path=self.path,
                        pages=N("{n} page", "{n} pages", self.pages), kind=kind,
                        counts=summary(len(self.errors), len(self.warnings), L)))
        lines = [head] + [f.render(L, self.labels) for f in self.findings]
        lines.append(L.text(M("ready for the print shop") if self.ok else M("NOT ready for the print shop")))
        return "\n".join(lines)

    def to_json(self) -> str:
        """For programs: the findings in English (the code's language), whatever the reader's."""
        return json.dumps({"path": self.path, "flavour": self.flavour, "pages": self.pages,
                           "ok": self.ok, "findings": [{**asdict(f), "obj": str(f.obj), "message": str(f.message)}
                                                       for f in self.findings]},
                          ensure_ascii=False, indent=1)


@dataclass(frozen=True)
class Limits:
    """The house numbers (print.md §2, §3, §5)."""
    min_bleed_pt: float = 3 * MM - 0.01
    ppi_warning: float = 200.0
    ppi_error: float = 120.0
    max_tac: float = 240.0          # % total area coverage of a vector fill or text colour
    safe_pt: float = 3 * MM         # text closer than this to the trim edge may be cut
    min_line_pt: float = 0.1        # thinner strokes may vanish on the plate


FLAVOUR_NAMES = {"x4": "x4", "pdf/x-4": "x4", "x-4": "x4", "pdfx4": "x4",
                 "x1a": "x1a", "pdf/x-1a": "x1a", "x-1a": "x1a", "pdfx1a": "x1a", "pdf/x-1a:2001": "x1a"}


def check(pdf_path, flavour: str | None = None, *, ppi_warning: float = 200.0,
          ppi_error: float = 120.0, min_bleed_mm: float = 3.0, max_tac: float = 240.0,
          safe_mm: float = 3.0, min_line_pt: float = 0.1, memo=None) -> Report:
    """Preflight `pdf_path`.

    `flavour` ("x4"/"x1a", or "PDF/X-4"/"PDF/X-1a") demands a conformance; None takes the
    file's own claim. The keyword limits are the house numbers: image ppi below
    `ppi_warning` warns and below `ppi_error` fails; bleed below `min_bleed_mm` fails; total
    ink above `max_tac` % warns; text closer than `safe_mm` to the trim edge warns; so do
    strokes thinner than `min_line_pt`. `memo` (a file path: the build gives one) remembers
    each page's findings by what the page is made of (memo.py), so a page byte for byte one
    checked before is not walked again.
    """
    if flavour is not None:
        if flavour.lower() not in FLAVOUR_NAMES:
            raise ValueError(f"unknown PDF/X flavour {flavour!r} (use x4 or x1a)")
        flavour = FLAVOUR_NAMES[flavour.lower()]
    limits = Limits(min_bleed_mm * MM - 0.01, ppi_warning, ppi_error, max_tac, safe_mm * MM, min_line_pt)
    report = Report(str(pdf_path))
    out = _Collector(report)
    # Open the file: a broken or encrypted file stops here
    try:
        reader = PdfReader(str(pdf_path))
    except (OSError, PdfReadError, ValueError) as e:
        out.error(None, M('document'), M('not a readable PDF ({e})', e=e))
        return out.done()
    if reader.is_encrypted:
        out.error(None, M('document'), M('the file is encrypted; print shops cannot process encrypted PDFs'))
        try:
            opened = reader.decrypt("")       # an owner-password-only file can still be inspected
        except Exception as e:                # (AES needs the cryptography package: a dependency)
            opened, why = 0, f" ({e})"
        else:
            why = " (it needs a password to open)"
        if not opened:
            out.error(None, M('document'), M('encrypted, cannot check{why}', why=why))
            return out.done()
    try:
        report.pages = len(reader.pages)
    except Exception as e:                    # a damaged page tree: nothing more can be read
        out.error(None, M('document'), M('the page tree cannot be read ({e})', e=e))
        return out.done()
    try:
        report.labels = list(reader.page_labels)
    except Exception:
        report.labels = []
    # The document: PDF/X identification, OutputIntent, Info, JavaScript, forms
    # (a damaged object anywhere is a finding about that object, never a traceback)
    try:
        report.flavour = _check_document(reader, flavour, out)
    except Exception as e:
        out.error(None, M('document'), M('the document catalog cannot be read ({name}: {e})', name=type(e).__name__, e=e))
    # Every page: boxes, annotations, fonts, colour, overprint, images, transparency
    pages = None
    if memo is not None:
        from layout.preflight.memo import PageMemo, code_version
        pages = PageMemo(memo, code_version())

    def run_page(page, number: int) -> None:
        try:
            _check_page(page, number, report.flavour or flavour, limits, out)
        except Exception as e:      # a damaged object is a finding about its page, never a traceback
            out.error(number, M('page'), M('cannot be read to the end ({name}: {e})', name=type(e).__name__, e=e))
    if pages is None:
        for number, page in enumerate(reader.pages, 1):
            run_page(page, number)
        return out.done()
    found = {}
    todo = []
    for number, page in enumerate(reader.pages, 1):
        key = pages.key(page, report.flavour or flavour, limits)
        found[number] = pages.get(key)
        if found[number] is None:
            todo.append((number, page, key))
    # the pages not checked before: the second half in a child process (a cold build's last
    # stage, with the other core idle), the first half here
    half = [n for n, _, _ in todo[len(todo) // 2:]]
    aside = None
    if 2 * len(half) >= ASIDE_PAGES:
        from layout import aside as side
        aside = side.start(_check_aside, str(pdf_path), half, report.flavour or flavour, limits)
    for number, page, key in todo:
        if aside is not None and number in half:
            continue
        found[number] = out.record(lambda: run_page(page, number), number)
        pages.put(key, found[number])
    for number, known in ((aside.result() if aside is not None else None) or {}).items():
        found[number] = known
        pages.put(next(k for n, _, k in todo if n == number), known)
    for number, page, key in todo:
        if found[number] is None:            # the child failed: checked here
            found[number] = out.record(lambda: run_page(page, number), number)
            pages.put(key, found[number])
    for number in sorted(found):
        out.replay(found[number], number)
    pages.save()
    return out.done()


ASIDE_PAGES = 4      # pages to check at least before half of them go to a child process


def _check_aside(pdf_path: str, numbers: list[int], flavour: str | None, limits) -> dict:
    """Pages `numbers` checked in a child process (aside.py), with a reader of its own (a reader's
    file offset is not to be shared): page number -> what _Collector.record gives."""
    reader = PdfReader(pdf_path)
    out = _Collector(Report(pdf_path))
    done = {}
    for number in numbers:
        page = reader.pages[number - 1]

        def run(page=page, number=number) -> None:
            try:
                _check_page(page, number, flavour, limits, out)
            except Exception as e:    # as run_page in check(): a finding about its page
                out.error(number, M('page'), M('cannot be read to the end ({name}: {e})', name=type(e).__name__, e=e))
        done[number] = out.record(run, number)
    return done


class _Collector:
    """Gathers findings, folding repeats of one finding on one page into a count."""

    def __init__(self, report: Report):
        self.report = report
        self.counts: dict[tuple, int] = {}
        self.subset_tags: dict[str, set[str]] = {}     # "ABCDEF" -> font names carrying it
        self.tac_cache: dict = {}

    def add(self, severity: str, page: int | None, obj: str, message: str) -> None:
        key = (severity, page, obj, message)
        self.counts[key] = self.counts.get(key, 0) + 1

    def error(self, page, obj, message):
        self.add("error", page, obj, message)

    def record(self, run, number: int) -> tuple:
        """Run one page's check aside and return what it found, as plain values for PageMemo:
        (findings as (severity, obj, message, count), subset tags as (tag, name))."""
        counts, tags = self.counts, self.subset_tags
        self.counts, self.subset_tags = {}, {}
        try:
            run()
            found = tuple((s, freeze(o), freeze(m), n) for (s, p, o, m), n in self.counts.items())
            if any(p not in (number, None) for (_, p, _, _) in self.counts):
                raise AssertionError("a page's check reported another page")
            seen = tuple((t, name) for t, names in sorted(self.subset_tags.items()) for name in sorted(names))
        finally:
            self.counts, self.subset_tags = counts, tags
        return found, seen

    def replay(self, known: tuple, number: int) -> None:
        """Add what a page's check found (recorded now or by an earlier build) as page `number`'s."""
        found, seen = known
        for severity, obj, message, n in found:
            key = (severity, number, thaw(obj), thaw(message))
            self.counts[key] = self.counts.get(key, 0) + n
        for tag, name in seen:
            self.subset_tags.setdefault(tag, set()).add(name)

    def warning(self, page, obj, message):
        self.add("warning", page, obj, message)

    def note(self, page, obj, message):
        self.add("note", page, obj, message)

    def image_tac(self, img) -> float | None:
        """Total ink (%) of a CMYK image's heaviest 0.5 % of pixels, once per image object."""
        ref = getattr(img, "indirect_reference", None)
        key = ref.idnum if ref is not None else id(img)
        if key not in self.tac_cache:
            self.tac_cache[key] = _image_tac(img)
        return self.tac_cache[key]

    def done(self) -> Report:
        for tag, names in sorted(self.subset_tags.items()):
            if len(names) > 1:
                self.warning(None, M('subset tag {tag}+', tag=tag), M('shared by different fonts ({v}); each subset needs its own tag (ISO 32000-1 9.6.4)', v=', '.join(sorted(names))))
        order = {"error": 0, "warning": 1, "note": 2}
        self.report.findings = [Finding(s, p, o, m, n) for (s, p, o, m), n in
                                sorted(self.counts.items(),
                                       key=lambda kv: (kv[0][1] or 0, order[kv[0][0]]))]
        return self.report


def _check_document(reader: PdfReader, wanted: str | None, out: _Collector) -> str | None:
    root = reader.trailer["/Root"].get_object()
    info = reader.trailer.get("/Info")
    info = info.get_object() if info is not None else DictionaryObject()
    xmp = _xmp_text(root)
    claims = None
    m = re.search(r"GTS_PDFXVersion(?:>|=\")\s*([^<\"]+)", xmp or "")
    xmp_version = m.group(1).strip() if m else None
    info_version = str(info.get("/GTS_PDFXVersion", "")) or None
    if (xmp_version or "").startswith("PDF/X-4") or (info_version or "").startswith("PDF/X-4"):
        claims = "x4"
    elif (info_version or "").startswith("PDF/X-1") or (xmp_version or "").startswith("PDF/X-1"):
        claims = "x1a"
    flavour = wanted or claims
    doc = "document"
    header = reader.pdf_header.strip()
    version = header[5:8] if header.startswith("%PDF-") else "?"
    if claims is None:
        out.error(None, doc, M('not identified as PDF/X (no GTS_PDFXVersion in XMP metadata or Info)'))
    elif wanted and wanted != claims:
        out.error(None, doc, M('identified as {v}, but {v2} was asked for', v=_name(claims), v2=_name(wanted)))
    if flavour == "x4":
        if xmp_version is None or not xmp_version.startswith("PDF/X-4"):
            out.error(None, M("XMP metadata"), M("PDF/X-4 needs pdfxid:GTS_PDFXVersion = PDF/X-4 in the catalog's "
                                                 "XMP"))
        if version < "1.6" or version > "1.7":
            out.error(None, doc, M('PDF/X-4 needs PDF 1.6 or 1.7; the header says {header}', header=header))
        if xmp and not re.search(r"pdf:Trapped(?:>|=\")\s*(True|False)", xmp):
            out.error(None, M('XMP metadata'), M('pdf:Trapped (True or False) is missing'))
        if xmp and "dc:title" not in xmp:
            out.error(None, M('XMP metadata'), M('dc:title is missing'))
        m = re.search(r"pdf:Trapped(?:>|=\")\s*(True|False)", xmp or "")
        if m and str(info.get("/Trapped", "")).lstrip("/") not in ("", m.group(1)):
            out.error(None, M("Info dictionary"), M("/Trapped {get} contradicts pdf:Trapped {group} in the XMP "
                                                    "metadata",
                                                    get=info.get('/Trapped'), group=m.group(1)))
    elif flavour == "x1a":
        conformance = str(info.get("/GTS_PDFXConformance", ""))
        if not conformance.startswith("PDF/X-1a"):
            out.error(None, M('Info dictionary'), M('PDF/X-1a needs /GTS_PDFXConformance (PDF/X-1a:2001)'))
        elif conformance == "PDF/X-1a:2001" and version != "1.3":
            out.error(None, doc, M('PDF/X-1a:2001 needs PDF 1.3; the header says {header}', header=header))
    if flavour:
        for key in ("/Title", "/CreationDate", "/ModDate"):
            if key not in info:
                out.error(None, M('Info dictionary'), M('{key} is missing (required by PDF/X)', key=key))
        trapped = info.get("/Trapped")
        if trapped not in ("/True", "/False"):
            out.error(None, M('Info dictionary'), M('/Trapped must be /True or /False'))
        if "/ID" not in reader.trailer:
            out.error(None, M('trailer'), M('/ID is missing (required by PDF/X)'))
        _check_output_intent(root, out, flavour)
        hazards.metadata(info, xmp, out)
    # JavaScript, actions, forms
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        out.error(None, M('document'), M('contains JavaScript (/Names /JavaScript)'))
    open_action = root.get("/OpenAction")
    if open_action is not None and isinstance(open_action.get_object(), DictionaryObject):
        kind = open_action.get_object().get("/S")
        if kind == "/JavaScript":
            out.error(None, M('document'), M('runs JavaScript when opened (/OpenAction)'))
        elif kind != "/GoTo":
            out.warning(None, M("document"), M("has an /OpenAction {kind} (an action that runs when the file opens)",
                                               kind=kind))
    if "/AA" in root:
        out.error(None, M('document'), M('has additional actions (/AA)'))
    form = root.get("/AcroForm")
    if form is not None and form.get_object().get("/Fields"):
        out.error(None, M('document'), M('contains form fields (/AcroForm)'))
    return flavour


def _name(flavour: str) -> str:
    return {"x4": "PDF/X-4", "x1a": "PDF/X-1a"}.get(flavour, flavour)


def _xmp_text(root) -> str | None:
    meta = root.get("/Metadata")
    if meta is None:
        return None
    try:
        return meta.get_object().get_data().decode("utf-8", "replace")
    except Exception:
        return None


def _check_output_intent(root, out: _Collector, flavour: str | None = None) -> None:
    intents = root.get("/OutputIntents")
    intents = intents.get_object() if intents is not None else []
    gts = [i.get_object() for i in intents if i.get_object().get("/S") == "/GTS_PDFX"]
    if not gts:
        out.error(None, M('OutputIntents'), M('no OutputIntent with /S /GTS_PDFX (the print condition is unknown)'))
        return
    if len(gts) > 1:
        out.error(None, M('OutputIntents'), M('more than one /GTS_PDFX OutputIntent'))
    intent = gts[0]
    if "/OutputConditionIdentifier" not in intent:
        out.error(None, M('OutputIntent'), M('/OutputConditionIdentifier is missing'))
    if not hazards.output_profile(flavour, intent, out):
        return
    profile = intent["/DestOutputProfile"].get_object()
    n = profile.get("/N")
    try:
        data = profile.get_data()
    except Exception:
        data = b""
    if n != 4 or (len(data) >= 20 and data[16:20] != b"CMYK"):
        out.error(None, M('OutputIntent'), M('the DestOutputProfile is not a CMYK profile (/N {n})', n=n))
    hazards.default_profile(intent, data, out)


def _box(page, name):
    value = page.get(name)
    if value is None:
        return None
    a = [float(v) for v in value.get_object()]
    return (min(a[0], a[2]), min(a[1], a[3]), max(a[0], a[2]), max(a[1], a[3]))


def _check_page(page, number: int, flavour: str | None, limits: Limits, out: _Collector) -> None:
    media = _box(page, "/MediaBox")
    trim, bleed = _box(page, "/TrimBox"), _box(page, "/BleedBox")
    if trim is None:
        out.error(number, M('page boxes'), M('no TrimBox: the shop cannot know the finished page size'))
    if bleed is None:
        out.error(number, M('page boxes'), M('no BleedBox'))
    if trim and media and not _inside(trim, media):
        out.error(number, M('page boxes'), M('the TrimBox extends beyond the MediaBox'))
    if bleed and media and not _inside(bleed, media):
        out.error(number, M('page boxes'), M('the BleedBox extends beyond the MediaBox'))
    if trim and bleed:
        if not _inside(trim, bleed):
            out.error(number, M('page boxes'), M('the TrimBox is not inside the BleedBox'))
        else:
            least = min(trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
            if least < limits.min_bleed_pt:
                out.error(number, M("page boxes"), M("bleed is {v:.1f} mm; at least {v2:.0f} mm is needed",
                                                     v=least / MM, v2=(limits.min_bleed_pt + 0.01) / MM))
    # Annotations and their appearances
    for i, ref in enumerate(page.get("/Annots") or [], 1):
        annot = ref.get_object()
        sub = annot.get("/Subtype")
        name = M("annotation {i} ({sub})", i=i, sub=sub)
        rect = annot.get("/Rect")
        if sub not in ALLOWED_PAGE_MARK_ANNOTS and rect is not None and trim and \
                _overlaps([float(v) for v in rect], trim):
            out.error(number, name, M("an annotation inside the trim (links, comments and form fields do not belong "
                                      "in a print file)"))
        action = annot.get("/A")
        if action is not None and action.get_object().get("/S") == "/JavaScript":
            out.error(number, name, M('runs JavaScript'))
        ap = annot.get("/AP")
        if ap is not None and "/N" in ap.get_object():
            normal = ap.get_object()["/N"].get_object()
            streams = [normal] if isinstance(normal, StreamObject) else \
                [v.get_object() for v in normal.values()] if isinstance(normal, DictionaryObject) else []
            for s in streams:
                if isinstance(s, StreamObject):
                    _Content(number, flavour, limits, out, M("{name} appearance",
                                                             name=name), trim, bleed).run_form(s, _State())
    if "/AA" in page:
        out.error(number, M('page'), M('has additional actions (/AA)'))
    group = page.get("/Group")
    if group is not None and group.get_object().get("/S") == "/Transparency":
        if flavour == "x1a":
            out.error(number, M('page'), M('a transparency group (PDF/X-1a allows no transparency)'))
        if _space_kind(group.get_object().get("/CS")) in ("rgb", "lab"):
            out.error(number, M("page transparency group"), M("blends in {v}; use DeviceCMYK",
                                                              v=_space_name(group.get_object()['/CS'])))
    # The content: colour, fonts, overprint, images, transparency
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else DictionaryObject()
    content = _Content(number, flavour, limits, out, M("page content"), trim, bleed)
    content.run(page.get_contents(), resources, _State())


def _inside(a, b, tol=0.01) -> bool:
    return a[0] >= b[0] - tol and a[1] >= b[1] - tol and a[2] <= b[2] + tol and a[3] <= b[3] + tol


def _overlaps(rect, box) -> bool:
    x0, y0, x1, y1 = min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]), max(rect[1], rect[3])
    return x0 < box[2] and x1 > box[0] and y0 < box[3] and y1 > box[1]

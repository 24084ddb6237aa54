"""Make a rendered PDF a PDF/X file, and split an issue into one file per plate.

Covers print.md §1 (PDF/X-4 by default: PDF 1.6 header, XMP with
pdfxid:GTS_PDFXVersion, dc:title, xmp dates, xmpMM ids and pdf:Trapped matching
the Info dictionary; or PDF/X-1a:2001: PDF 1.3 header and the GTS_ Info keys;
both with an OutputIntent /S /GTS_PDFX carrying an embedded CMYK ICC profile
as DestOutputProfile) and §6 (deterministic: dates from SOURCE_DATE_EPOCH or
the issue date, /ID from a hash of the content, stable object order; written
to a temporary file and renamed, so a failed build never leaves half a PDF;
one PDF per page for the shop).

Entry points:
    make_pdfx(src, out_path, meta)          src: PDF bytes or a path; meta: render_pdf.PdfMeta
    split_pages(pdf, out_dir, id) -> paths   <id>-p01.pdf ... each still PDF/X

Default output profile: /usr/share/color/icc/ghostscript/default_cmyk.icc,
"Artifex CMYK SWOP Profile" from Debian's libgs-common (installed by
scripts/install-system-deps.sh). Licence: Ghostscript's iccprofiles/ are
AGPL-3+ per /usr/share/doc/libgs-common/copyright, i.e. free to redistribute;
the file is embedded unmodified (an ICC profile is its own source form). It
describes SWOP-like offset printing, not newsprint: a paper names its shop's
newsprint profile (WAN-IFRA ISOnewspaper26v4, ISO 12647-3) in the house style,
which reaches us as meta.icc_profile.
"""
from __future__ import annotations

import datetime
import hashlib
import io
import os
import re
import zlib
from pathlib import Path
from html import escape as _html_escape

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, ByteStringObject, DictionaryObject, NameObject,
                           StreamObject, TextStringObject)

from layout.errors import BanmianError
from layout.i18n import M

from layout.render.profile import DEFAULT_CMYK_PROFILE, FLAVOURS, read_profile  # noqa: F401 (re-exported)

PRODUCER = "banmian"

_HEADER = {"x4": "%PDF-1.6", "x1a": "%PDF-1.3"}


def escape(text: str) -> str:
    """&, < and > as XML entities (what xml.sax.saxutils.escape does; that module imports
    urllib.request, http.client, ssl and email, about 20 ms of every build)."""
    return _html_escape(text, quote=False)


def make_pdfx(src, out_path, meta, memo: dict | None = None) -> None:
    """Add PDF/X identification to the PDF `src` (bytes or path) and write `out_path` atomically.
    A resident build passes `memo` (a dict it keeps): the output profile is compressed once."""
    if meta.flavour not in FLAVOURS:
        raise BanmianError(M("unknown PDF/X flavour '{flavour}'",
                             flavour=meta.flavour), hint=M("use one of {v}",
                                                                                                v=', '.join(FLAVOURS)))
    data = src if isinstance(src, (bytes, bytearray)) else Path(src).read_bytes()
    profile_path = meta.icc_profile or DEFAULT_CMYK_PROFILE
    profile = read_profile(profile_path)
    when = build_time(meta.date)
    # Copy the document (pages, fonts, outline, labels) in a stable order
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(bytes(data))))
    writer.pdf_header = _HEADER[meta.flavour]
    # Subset tags unique in the file (ReportLab starts every font at AAAAAA+)
    retag_subsets(writer)
    # Characters beyond U+FFFF extract as themselves (ReportLab writes <30EDE>, not UTF-16)
    fix_to_unicode(writer)
    # The OutputIntent: the print condition and its embedded CMYK profile
    _add_output_intent(writer, profile, meta.output_condition, memo)
    # Info dictionary and (PDF/X-4) the matching XMP packet
    digest = hashlib.sha256(b"|".join([bytes(data), profile, repr(sorted(vars(meta).items())).encode(),
                                       when.isoformat().encode()])).digest()
    _set_info(writer, meta, when)
    if meta.flavour == "x4":
        _set_xmp(writer, meta, when, digest)
    elif "/Metadata" in writer.root_object:
        del writer.root_object["/Metadata"]
    # A file identifier from the content, the same for the same input (pypdf has no setter)
    writer._ID = ArrayObject([ByteStringObject(digest[:16]), ByteStringObject(digest[:16])])
    write_atomic(writer, out_path)


def split_pages(pdf, out_dir, id: str) -> list[Path]:
    """One PDF/X file per page (plate): `<id>-p01.pdf`, ... in `out_dir`; returns the paths."""
    reader = PdfReader(str(pdf))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    labels = list(reader.page_labels)
    root = reader.root_object
    paths = []
    for i, page in enumerate(reader.pages):
        writer = PdfWriter()
        writer.pdf_header = reader.pdf_header
        writer.add_page(page)
        _prune_fonts(writer.pages[0])
        base = _id_bytes(reader)
        digest = hashlib.sha256(base + b"page%d" % i).digest()[:16]
        for key in ("/OutputIntents", "/Metadata"):
            if key in root:
                writer.root_object[NameObject(key)] = root.raw_get(key).clone(writer)
        if "/Metadata" in root:             # the same document, a new instance of it
            xmp = writer.root_object["/Metadata"].get_object()
            h = digest.hex()
            xmp.set_data(re.sub(rb"<xmpMM:InstanceID>[^<]*</xmpMM:InstanceID>",
                                f"<xmpMM:InstanceID>uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"
                                f"</xmpMM:InstanceID>".encode(), xmp.get_data()))
        if "/Info" in reader.trailer:       # the same Info, value types kept (/Trapped is a name)
            writer._info = reader.trailer["/Info"].get_object().clone(writer)
        if labels and labels[i] != str(i + 1):
            writer.set_page_label(0, 0, prefix=labels[i])
        writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        path = out_dir / f"{id}-p{i + 1:02d}.pdf"
        write_atomic(writer, path)
        paths.append(path)
    return paths


# ---- pieces ------------------------------------------------------------------

def _id_bytes(reader: PdfReader) -> bytes:
    """The first file identifier of `reader`, as bytes (b"" when the file has none)."""
    ids = reader.trailer.get("/ID")
    if not ids:
        return b""
    first = ids.get_object()[0]
    raw = getattr(first, "original_bytes", None)
    return bytes(raw) if raw is not None else str(first).encode("latin1", "replace")


def retag_subsets(writer: PdfWriter) -> None:
    """Give every font subset a tag of its own, derived from the embedded font program.

    ISO 32000-1 §9.6.4: different subsets in one file shall have different tags.
    """
    fonts = {}
    for page in writer.pages:
        res = page.get("/Resources")
        font_dict = res.get_object().get("/Font") if res is not None else None
        for ref in (font_dict.get_object().values() if font_dict is not None else ()):
            font = ref.get_object()
            fonts[id(font)] = font
    used: set[str] = set()
    for font in sorted(fonts.values(), key=lambda f: str(f.get("/BaseFont", ""))):
        base = str(font.get("/BaseFont", ""))
        if not re.match(r"^/[A-Z]{6}\+", base):
            continue
        fd = font.get("/FontDescriptor")
        fd = fd.get_object() if fd is not None else None
        program = b""
        if fd is not None:
            for key in ("/FontFile2", "/FontFile3", "/FontFile"):
                if key in fd:
                    program = fd[key].get_object().get_data()
                    break
        digest = hashlib.sha256(program + base.encode()).digest()
        n, tag = 0, ""
        while not tag or tag in used:
            tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(digest + bytes([n])).digest()[:6])
            n += 1
        used.add(tag)
        name = NameObject("/" + tag + base[7:])
        font[NameObject("/BaseFont")] = name
        if fd is not None and "/FontName" in fd:
            fd[NameObject("/FontName")] = name


_BFCHAR = re.compile(rb"<([0-9A-Fa-f]{2,4})> <([0-9A-Fa-f]{5,6})>")


def _utf16(m: re.Match) -> bytes:
    cp = int(m.group(2), 16)
    if cp > 0x10FFFF:
        return m.group(0)
    hi, lo = 0xD800 + ((cp - 0x10000) >> 10), 0xDC00 + ((cp - 0x10000) & 0x3FF)
    return b"<%s> <%04X%04X>" % (m.group(1), hi, lo)


def fix_to_unicode(writer: PdfWriter) -> None:
    """Write every ToUnicode destination beyond the BMP as its UTF-16BE surrogate pair.

    ISO 32000-1 §9.10.3: bfchar destinations are UTF-16BE strings, so U+30EDE 𰻞 is
    <D883DEDE>. ReportLab writes the code point itself (<30EDE>), which readers take as
    U+30ED + garbage: search, copy and the archive index lose rare characters of names."""
    done: set[int] = set()
    for page in writer.pages:
        res = page.get("/Resources")
        fonts = res.get_object().get("/Font") if res is not None else None
        for ref in (fonts.get_object().values() if fonts is not None else ()):
            font = ref.get_object()
            cmap_ref = font.get("/ToUnicode")
            if cmap_ref is None:
                continue
            cmap = cmap_ref.get_object()
            if id(cmap) in done:
                continue
            done.add(id(cmap))
            data = cmap.get_data()
            fixed = _BFCHAR.sub(_utf16, data)
            if fixed != data:
                cmap.set_data(fixed)


def _prune_fonts(page) -> None:
    """Keep only the fonts this page's content sets (ReportLab gives every page the issue's fonts)."""
    res = page.get("/Resources")
    fonts = res.get_object().get("/Font") if res is not None else None
    contents = page.get_contents()
    if fonts is None or contents is None:
        return
    fonts = fonts.get_object()
    used = {str(operands[0]) for operands, op in contents.operations if op == b"Tf"}
    res.get_object()[NameObject("/Font")] = DictionaryObject(
        {NameObject(k): fonts.raw_get(k) for k in sorted(used) if k in fonts})


def build_time(date: datetime.date) -> datetime.datetime:
    """The one timestamp of a build: SOURCE_DATE_EPOCH if set, else the issue date at 00:00 UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
        except (ValueError, OverflowError):
            raise BanmianError(M('SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds', epoch=epoch),
                               hint=M('unset it or set it to e.g. $(git log -1 --format=%ct)'))
    return datetime.datetime(date.year, date.month, date.day, tzinfo=datetime.timezone.utc)


def _pdf_date(t: datetime.datetime) -> str:
    return t.strftime("D:%Y%m%d%H%M%S+00'00'")


def _xmp_date(t: datetime.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def profile_description(data: bytes) -> str:
    from PIL import ImageCms
    try:
        desc = ImageCms.ImageCmsProfile(io.BytesIO(data)).profile.profile_description
    except Exception:   # an unusual but valid tag layout: the identifier is then generic
        desc = ""
    return (desc or "CMYK output profile").strip()


def _add_output_intent(writer: PdfWriter, profile: bytes, condition: str, memo: dict | None = None) -> None:
    # the profile as StreamObject.flate_encode() makes it (zlib at its default level, /N then
    # /Filter), its Flate bytes kept by a resident build: 6 ms of every rebuild for a 187 KB profile
    packed = memo.get(profile) if memo is not None else None
    if packed is None:
        packed = zlib.compress(profile)
        if memo is not None:
            memo.clear()
            memo[profile] = packed
    icc = StreamObject.initialize_from_dictionary({"__streamdata__": packed, NameObject("/N"): _int(4),
                                                   NameObject("/Filter"): NameObject("/FlateDecode")})
    desc = profile_description(profile)
    intent = DictionaryObject({
        NameObject("/Type"): NameObject("/OutputIntent"),
        NameObject("/S"): NameObject("/GTS_PDFX"),
        NameObject("/OutputConditionIdentifier"): TextStringObject(condition or "Custom"),
        NameObject("/OutputCondition"): TextStringObject(desc),
        NameObject("/Info"): TextStringObject(desc),
        NameObject("/RegistryName"): TextStringObject("http://www.color.org"),
        NameObject("/DestOutputProfile"): writer._add_object(icc),
    })
    writer.root_object[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])


def _int(v: int):
    from pypdf.generic import NumberObject
    return NumberObject(v)


def _subject(meta) -> str:
    return f"{meta.paper} {meta.issue}".strip()


def _set_info(writer: PdfWriter, meta, when: datetime.datetime) -> None:
    info = {
        "/Title": meta.title,
        "/Author": meta.author or meta.paper,       # the same as dc:creator
        "/Subject": _subject(meta),
        "/Creator": meta.creator,
        "/Producer": PRODUCER,
        "/CreationDate": _pdf_date(when),
        "/ModDate": _pdf_date(when),
    }
    if meta.flavour == "x1a":
        info["/GTS_PDFXVersion"] = "PDF/X-1:2001"
        info["/GTS_PDFXConformance"] = "PDF/X-1a:2001"
    else:
        info["/GTS_PDFXVersion"] = "PDF/X-4"
    d = DictionaryObject({NameObject(k): TextStringObject(v) for k, v in info.items() if v})
    d[NameObject("/Trapped")] = NameObject("/False")
    writer._info = d


def _set_xmp(writer: PdfWriter, meta, when: datetime.datetime, digest: bytes) -> None:
    h = digest.hex()
    uuid = f"{h[0:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"
    t = _xmp_date(when)
    xmp = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{escape(meta.author or meta.paper)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(_subject(meta))}</rdf:li></rdf:Alt></dc:description>
   <xmp:CreateDate>{t}</xmp:CreateDate>
   <xmp:ModifyDate>{t}</xmp:ModifyDate>
   <xmp:MetadataDate>{t}</xmp:MetadataDate>
   <xmp:CreatorTool>{escape(meta.creator)}</xmp:CreatorTool>
   <pdf:Producer>{PRODUCER}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>uuid:{uuid}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{uuid}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    stream = StreamObject()
    stream.set_data(xmp.encode("utf-8"))
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    writer.root_object[NameObject("/Metadata")] = writer._add_object(stream)


def write_atomic(writer: PdfWriter, out_path) -> None:
    """Write next to the target and rename: the target is either the old file or the whole new one."""
    out = Path(out_path)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            writer.write(f)
        os.replace(tmp, out)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise BanmianError(M('cannot write {out}: {v}', out=out, v=e.strerror or e), hint=M('choose another output file with -o'))
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise

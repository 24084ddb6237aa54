"""Issue 16: no input crashes a build, destroys a file or passes unseen; the PDF carries every character.

Every bad input here is made by the test; each case asserts exit 1 with one message naming the
file (and line where there is one), no traceback, no PDF, and the inputs unchanged.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from layout.cli import main

from conftest import ONE_ARTICLE, ROOT

ARTICLE = """
---
title: 开发区召开招商项目推进会
byline: 本报记者 陈思远
---
本报讯　日前，开发区召开招商项目落地推进会，听取各部门项目推进情况汇报。

会议要求，各部门要强化服务意识，提高破解难题能力，推动项目早落地、早投产。
"""


def snapshot(root: Path) -> dict:
    """sha256 of every file under root (build.lock aside: a good build writes it)."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != "build.lock"}


def build(issue_dir: Path, capsys, out: Path | None = None, *extra: str):
    out = out or issue_dir.parent.parent / (issue_dir.parent.name + "-out") / "out.pdf"
    code = main(["build", str(issue_dir), "-o", str(out), "--no-check", *extra])
    cap = capsys.readouterr()
    return code, cap.err, out


def fails(issue_dir: Path, capsys, *needles: str, out: Path | None = None) -> str:
    """The build exits 1 with one message holding every needle; nothing written, nothing changed."""
    before = snapshot(issue_dir.parent)
    had = out.read_bytes() if out is not None and out.is_file() else None
    code, err, out = build(issue_dir, capsys, out)
    assert code == 1, err
    assert "Traceback" not in err
    assert err.count("banmian: error:") >= 1, err      # every independent mistake of the run (issue 13)
    for n in needles:
        assert n in err, (n, err)
    if had is None:
        assert not out.is_file()
    else:
        assert out.read_bytes() == had          # an input named as the output is left as it was
    assert not out.parent.is_dir() or not list(out.parent.glob(".*.tmp"))
    assert snapshot(issue_dir.parent) == before
    return err


@pytest.fixture
def one(issue_factory):
    return lambda article=ARTICLE, manifest=ONE_ARTICLE, **files: _with(issue_factory(manifest, {"a.md": article}), files)


def _with(d: Path, files: dict) -> Path:
    for name, data in files.items():
        (d / name).write_bytes(data if isinstance(data, bytes) else data.encode())
    return d


# ---- characters outside the BMP ------------------------------------------------------------

@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_ext_b_and_ext_g_characters_extract_from_the_pdf(one, capsys):
    """𠮷 (U+20BB7, Ext-B) and 𰻞 (U+30EDE, Ext-G, biángbiáng 面) in the body come back from pdftotext."""
    d = one(ARTICLE.replace("日前，", "日前，𠮷𰻞面馆老板"))
    code, err, out = build(d, capsys)
    assert code == 0, err
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "𠮷𰻞面馆老板" in "".join(text.split())
    from pypdf import PdfReader
    maps = b"".join(f["/ToUnicode"].get_object().get_data()
                    for f in (r.get_object() for r in PdfReader(out).pages[0]["/Resources"]["/Font"].values())
                    if "/ToUnicode" in f)
    assert b"<D883DEDE>" in maps and b"<D842DFB7>" in maps     # UTF-16BE surrogate pairs
    assert b"<30EDE>" not in maps and b"<20BB7>" not in maps


# ---- output onto an input --------------------------------------------------------------------

@pytest.mark.parametrize("target", ["issue.yaml", "a.md", "photo.jpg", "../_house/nanming-v1.yaml",
                                    "inside.pdf", "../other.pdf"])
def test_output_onto_an_input_or_into_issues_is_refused(one, capsys, target):
    from PIL import Image as PILImage
    d = one()
    PILImage.new("RGB", (8, 8), (200, 10, 10)).save(d / "photo.jpg")
    err = fails(d, capsys, "the output", out=(d / target))
    assert ("does not end in .pdf" in err) or ("inside" in err)


def test_output_onto_a_font_or_profile_is_refused(one, capsys, tmp_path_factory):
    """Outside issues/ too: an input of the build (here the output profile, renamed .pdf by a link)."""
    from layout.render.pdfx import DEFAULT_CMYK_PROFILE
    link = tmp_path_factory.mktemp("elsewhere") / "profile.pdf"
    link.symlink_to(DEFAULT_CMYK_PROFILE)
    before = Path(DEFAULT_CMYK_PROFILE).read_bytes()
    code, err, _ = build(one(), capsys, link)
    assert code == 1 and "one of the build's inputs" in err and "Traceback" not in err
    assert Path(DEFAULT_CMYK_PROFILE).read_bytes() == before


def test_output_a_folder_or_an_unwritable_place(one, capsys, tmp_path_factory):
    d = one()
    tmp_path = tmp_path_factory.mktemp("outside")
    folder = tmp_path / "out-folder.pdf"
    folder.mkdir()
    fails(d, capsys, "is a folder", out=folder)
    afile = tmp_path / "plain-file"
    afile.write_text("x")
    fails(d, capsys, "is a file, not a folder", out=afile / "x.pdf")
    fails(d, capsys, "cannot write", out=Path("/proc/banmian-test.pdf"))     # read-only even for root


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_during_the_write_leave_no_tmp(one, capsys, monkeypatch, signum):
    import pypdf
    d = one()
    real = pypdf.PdfWriter.write

    def write_then_signal(self, stream):
        stream.write(b"%PDF-1.6 half")           # half a file is on disk when the signal comes
        os.kill(os.getpid(), signum)
        return real(self, stream)
    monkeypatch.setattr(pypdf.PdfWriter, "write", write_then_signal)
    before = signal.getsignal(signum)
    code, err, out = build(d, capsys)
    assert code == 128 + signum and "Traceback" not in err
    assert not out.exists() and not list(out.parent.glob(".*.tmp"))
    assert signal.getsignal(signum) is before          # the handler is put back after the command


# ---- images ----------------------------------------------------------------------------------

def _png_claiming(path: Path, w: int, h: int) -> None:
    """A tiny PNG whose header claims w × h pixels (IHDR rewritten, CRC fixed)."""
    import struct
    import zlib
    from PIL import Image as PILImage
    PILImage.new("L", (4, 4), 128).save(path)
    data = bytearray(path.read_bytes())
    ihdr = bytearray(data[12:29])                       # type + 13 bytes of IHDR data
    ihdr[4:12] = struct.pack(">II", w, h)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)))
    path.write_bytes(bytes(data))


def _jpeg_claiming(path: Path, w: int, h: int) -> None:
    import struct
    from PIL import Image as PILImage
    PILImage.new("RGB", (16, 16), (10, 120, 200)).save(path, quality=80)
    data = bytearray(path.read_bytes())
    i = data.index(b"\xff\xc0")                         # SOF0: length(2) precision(1) height(2) width(2)
    data[i + 5:i + 9] = struct.pack(">HH", h, w)
    path.write_bytes(bytes(data))


PHOTO_PAGE = ONE_ARTICLE + """\
      - photo: big.{ext}
        col: 3
        span: 2
        line: 1
        lines: 20
"""


@pytest.mark.parametrize("ext, make, w, h", [("png", _png_claiming, 12_000, 12_000),
                                             ("jpg", _jpeg_claiming, 60_000, 60_000)])
def test_a_photo_claiming_too_many_pixels_is_refused_from_its_header(one, capsys, ext, make, w, h):
    d = one(manifest=PHOTO_PAGE.format(ext=ext))
    make(d / f"big.{ext}", w, h)
    err = fails(d, capsys, f"{w:,} × {h:,} pixels", "over the house limit of 80 megapixels",
                "issue.yaml:12:")
    assert "DecompressionBomb" not in err


def test_a_large_jpeg_is_decoded_only_as_far_as_its_placed_size(one, capsys):
    """4,800 × 3,200 pixels placed two columns wide: the plate gets a reduced decode (DCT scaling),
    still well above the 200 ppi the house wants."""
    from PIL import Image as PILImage
    from pypdf import PdfReader
    d = one(manifest=PHOTO_PAGE.format(ext="jpg"))
    PILImage.radial_gradient("L").resize((4800, 3200)).convert("RGB").save(d / "big.jpg", quality=85)
    code, err, out = build(d, capsys)
    assert code == 0, err
    imgs = [x.get_object() for x in PdfReader(out).pages[0]["/Resources"]["/XObject"].values()]
    (img,) = [x for x in imgs if x.get("/Subtype") == "/Image"]
    assert int(img["/Width"]) in (2400, 1200)          # 1/2 or 1/4 of 4,800: decoded reduced
    r = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True) \
        if shutil.which("pdfimages") else None
    if r is not None:
        ppi = int(r.stdout.splitlines()[2].split()[12])
        assert ppi >= 400


def test_photo_ink_stays_under_the_limit_after_jpeg_encoding(tmp_path):
    """A deep navy shadow through the SWOP profile: every pixel of the encoded plate ≤ 240 %."""
    import io
    from PIL import Image as PILImage
    import layout.render.pdfx as pdfx
    from layout.render.photos import _print_jpeg, ink_peak
    path = tmp_path / "navy.png"
    im = PILImage.effect_noise((256, 256), 40).convert("RGB")
    im = PILImage.blend(im, PILImage.new("RGB", (256, 256), (8, 16, 50)), 0.85)
    im.save(path)
    data = _print_jpeg(str(path), pdfx.DEFAULT_CMYK_PROFILE, ("t", 1), 240.0, None)
    assert ink_peak(PILImage.open(io.BytesIO(data))) <= 240.0


def test_photos_are_drawn_with_fill_overprint_off(one, capsys):
    from PIL import Image as PILImage
    from pypdf import PdfReader
    from layout.preflight.tokenizer import operations
    d = one(manifest=PHOTO_PAGE.format(ext="jpg"))
    PILImage.radial_gradient("L").resize((1600, 1200)).convert("RGB").save(d / "big.jpg")
    code, err, out = build(d, capsys)
    assert code == 0, err
    page = PdfReader(out).pages[0]
    states = page["/Resources"]["/ExtGState"]
    op, images = False, 0
    for operands, o in operations(page.get_contents()):
        if o == b"gs" and "/op" in states[operands[0]].get_object():
            op = states[operands[0]].get_object()["/op"] == True   # (a pypdf BooleanObject is always truthy)
        if o == b"Do":
            assert not op
            images += 1
    assert images == 1


# ---- YAML ------------------------------------------------------------------------------------

def test_duplicate_key_names_both_lines(one, capsys):
    d = one(manifest=ONE_ARTICLE.replace("number: 1\n", "number: 1\nnumber: 2\n"))
    fails(d, capsys, "issue.yaml:3:1:", "key 'number' appears twice", "lines 2 and 3")


def test_duplicate_key_in_front_matter(one, capsys):
    d = one(ARTICLE.replace("byline: 本报记者 陈思远\n", "byline: 本报记者 陈思远\ntitle: 另一个\n"))
    fails(d, capsys, "a.md:4:1:", "key 'title' appears twice", "lines 2 and 4")


def test_python_tag_is_a_clean_error(one, capsys):
    d = one(manifest=ONE_ARTICLE.replace("number: 1", "number: !!python/object/apply:os.system ['true']"))
    fails(d, capsys, "issue.yaml:2:9:", "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'")


@pytest.mark.parametrize("name", ["../../x", "/etc/passwd", "../_house/nanming-v1", "sub/dir"])
def test_house_must_be_a_name_inside_house(one, capsys, name):
    d = one(manifest=ONE_ARTICLE.replace("house: nanming-v1", f"house: {name}"))
    fails(d, capsys, "issue.yaml:1:8:", "must be the name of a file in")


# ---- files that are not files -----------------------------------------------------------------

@pytest.fixture
def alarm():
    """A hang fails the test after 20 s instead of blocking the run forever."""
    def ring(*_):
        raise TimeoutError("the build hung")
    old = signal.signal(signal.SIGALRM, ring)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def test_named_pipe_as_article_is_refused_without_hanging(one, capsys, alarm):
    d = one()
    (d / "a.md").unlink()
    os.mkfifo(d / "a.md")
    fails(d, capsys, "issue.yaml:7:", "is a named pipe, not a regular file")


@pytest.mark.parametrize("what, needle", [("a.md", "issue.yaml:7:"), ("issue.yaml", "issue.yaml"),
                                          ("photo.jpg", "issue.yaml:12:"), ("house", "issue.yaml:1:")])
def test_a_folder_where_a_file_should_be(one, capsys, what, needle):
    d = one(manifest=PHOTO_PAGE.format(ext="jpg").replace("big.jpg", "photo.jpg"))
    if what == "house":
        target = d.parent / "_house" / "folder-style.yaml"
        (d / "issue.yaml").write_text((d / "issue.yaml").read_text().replace("nanming-v1", "folder-style"))
    else:
        target = d / what
        if target.exists():
            target.unlink()
    target.mkdir()
    if what == "issue.yaml":
        (target / "x").write_text("")
    fails(d, capsys, needle, "is a folder, not a file")


# ---- errors blamed on the right place -----------------------------------------------------------

def _house(d: Path, old: str, new: str) -> None:
    h = d.parent / "_house" / "nanming-v1.yaml"
    text = h.read_text(encoding="utf-8")
    assert old in text
    h.write_text(text.replace(old, new), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in l)


def test_negative_leading_is_blamed_on_the_house_style(one, capsys):
    d = one()
    _house(d, "leading: 1.5", "leading: -1.5")
    n = _line_of(d.parent / "_house" / "nanming-v1.yaml", "leading: -1.5")
    err = fails(d, capsys, f"nanming-v1.yaml:{n}:", "body.leading: -1.5 is out of range")
    assert "masthead" not in err


def test_a_4000_digit_total_is_blamed_on_its_line(one, capsys):
    d = one(manifest=ONE_ARTICLE.replace("number: 1\n", "number: 1\ntotal: " + "9" * 4000 + "\n"))
    err = fails(d, capsys, "issue.yaml:3:")
    assert "masthead" not in err


def test_a_missing_icc_file_is_blamed_on_its_line(one, capsys):
    d = one()
    _house(d, "icc: default", "icc: shop-newsprint.icc")
    n = _line_of(d.parent / "_house" / "nanming-v1.yaml", "icc: shop-newsprint.icc")
    err = fails(d, capsys, f"nanming-v1.yaml:{n}:", "ICC profile 'shop-newsprint.icc' not found")
    assert "libgs-common" not in err


# ---- no line where there is one -----------------------------------------------------------------

@pytest.mark.parametrize("data, where", [
    ("---\ntitle: 标题\n---\n第一段。\n\n第二段".encode() + "有GBK字".encode("gbk") + b"\n", "a.md:6:4:"),
    (b"---\ntitle: x\n---\n\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "a.md:4:"),
    ("---\ntitle: 标题\n---\n正文".encode() + b"\xed\xa0\x80" + "。\n".encode(), "a.md:4:3:"),   # lone surrogate
])
def test_bytes_that_are_not_utf8_give_line_and_column(one, capsys, data, where):
    d = one()
    (d / "a.md").write_bytes(data)
    fails(d, capsys, where, "not UTF-8 text")


@pytest.mark.parametrize("text, where, code", [
    ("---\ntitle: 开发区\x1b召开会议\n---\n正文。\n", "a.md:2:11:", "U+001B"),
    ("---\ntitle: 开发区\x00召开会议\n---\n正文。\n", "a.md:2:11:", "U+0000"),
    ("---\ntitle: 标题\n---\n正文\x07。\n", "a.md:4:3:", "U+0007"),
])
def test_control_characters_give_line_and_column(one, capsys, text, where, code):
    fails(one(text), capsys, where, f"control character {code}")


def test_a_missing_font_file_in_fonts_yaml_names_its_line(tmp_path):
    from layout.errors import BanmianError
    from layout.fonts import FontSet
    cfg = tmp_path / "fonts.yaml"
    cfg.write_text("roles:\n  song:\n    regular: [NoSuchSong.ttf]\n  hei:\n    regular: [NoSuchHei.ttf]\n")
    fs = FontSet(config_path=cfg, fonts_dir=tmp_path, cache_dir=tmp_path / "cache")
    with pytest.raises(BanmianError) as e:
        fs.source("hei", "regular")
    assert e.value.location() == f"{cfg}:5:14" and "NoSuchHei.ttf" in e.value.message


# ---- silently empty ----------------------------------------------------------------------------

def test_empty_title_is_an_error(one, capsys):
    fails(one(ARTICLE.replace("title: 开发区召开招商项目推进会", 'title: ""')), capsys, "a.md:2:8:",
          "the title is empty")


def test_a_page_without_blocks_is_a_warning_at_its_line(one, capsys):
    manifest = ONE_ARTICLE + "  - section: 空版\n    blocks: []\n"
    code, err, out = build(one(manifest=manifest), capsys)
    assert code == 0 and "warning:" in err and "issue.yaml:13: page 2 has no blocks: it prints empty" in err


def test_a_fallback_face_that_does_not_exist_is_an_error_at_its_line(tmp_path):
    from layout.errors import BanmianError
    from layout.fonts import FontSet
    from layout.fonts.fontset import FONTS_DIR
    cfg = tmp_path / "fonts.yaml"
    text = (FONTS_DIR / "fonts.yaml").read_text(encoding="utf-8")
    text = text.replace("\n  song: []", "\n  song:\n    - {file: /usr/share/fonts/truetype/lxgw-wenkai/"
                                         "LXGWWenKai-Regular.ttf, face: NoSuchFace}")
    cfg.write_text(text, encoding="utf-8")
    n = _line_of(cfg, "NoSuchFace")
    fs = FontSet(config_path=cfg, cache_dir=tmp_path / "cache")
    with pytest.raises(BanmianError) as e:
        fs.fallback_sources("song")
    assert e.value.file == str(cfg) and e.value.line == n and "NoSuchFace" in e.value.message


def test_a_fallback_file_that_does_not_exist_is_a_warning(tmp_path):
    from layout.fonts import FontSet
    from layout.fonts.fontset import FONTS_DIR
    cfg = tmp_path / "fonts.yaml"
    text = (FONTS_DIR / "fonts.yaml").read_text(encoding="utf-8").replace(
        "\n  song: []", "\n  song: [/nowhere/Missing.ttf]")
    cfg.write_text(text, encoding="utf-8")
    fs = FontSet(config_path=cfg, cache_dir=tmp_path / "cache")
    assert fs.fallback_sources("song") == []
    assert any("fallback font for song not found: /nowhere/Missing.ttf" in str(w) for w in fs.log.warnings)


# ---- banmian new, proof, check -------------------------------------------------------------------

def test_new_on_a_broken_latest_issue_reports_it_like_a_build(one, capsys):
    d = one(manifest=ONE_ARTICLE.replace("a.md", "missing.md"))
    code = main(["new", str(d.parent / "2026-002")])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err and "issue.yaml:7:" in err and "missing.md" in err
    assert not (d.parent / "2026-002").exists()


def test_new_with_a_bad_date_says_so_without_a_node_dump(one, capsys):
    d = one(manifest=ONE_ARTICLE.replace("date: 2026-01-02", "date: 2026-13-45"))
    code = main(["new", str(d.parent / "2026-002")])
    err = capsys.readouterr().err
    assert code == 1 and "issue.yaml:3:" in err and "2026-13-45" in err
    assert "ScalarNode" not in err and "Traceback" not in err


def test_new_quotes_what_it_copies(one, capsys):
    d = one(manifest=ONE_ARTICLE.replace("section: 要闻", 'section: "要闻: 本地 # 一"'))
    assert main(["new", str(d.parent / "2026-002")]) == 0
    from layout.source.manifest import load_issue
    assert load_issue(d.parent / "2026-002").pages[0].section == "要闻: 本地 # 一"


def test_proof_on_a_non_pdf_is_a_clean_error(tmp_path, capsys):
    f = tmp_path / "notes.pdf"
    f.write_text("这不是 PDF")
    assert main(["proof", str(f)]) == 1
    err = capsys.readouterr().err
    assert "not a PDF file" in err and str(f) in err and "Traceback" not in err
    d = tmp_path / "dir.pdf"
    d.mkdir()
    assert main(["proof", str(d)]) == 1 and "is a folder" in capsys.readouterr().err


@pytest.mark.parametrize("user, expect", [("", "the file is encrypted"), ("secret", "encrypted, cannot check")])
def test_check_on_an_aes_encrypted_pdf(tmp_path, capsys, user, expect):
    from pypdf import PdfWriter
    w = PdfWriter()
    w.add_blank_page(595, 842)
    w.encrypt(user_password=user, owner_password="owner", algorithm="AES-256")
    f = tmp_path / "aes.pdf"
    with open(f, "wb") as fh:
        w.write(fh)
    assert main(["check", str(f)]) == 1
    out = capsys.readouterr()
    assert expect in out.out and "Traceback" not in out.err
    if not user:           # opened with the cryptography package: the pages are checked too
        assert "1 page," in out.out and "no TrimBox" in out.out


# ---- missing glyphs --------------------------------------------------------------------------------

def test_every_missing_character_in_file_and_line_order(one, capsys):
    """Three private-use characters no font has: all named in one run, in the order they stand."""
    article = ARTICLE.replace("日前，", "日前，\ue101").replace("强化", "强\ue102化").replace(
        "byline: 本报记者 陈思远", "byline: 本报记者 陈\ue100远")
    err = fails(one(article), capsys, "a.md:3:15:", "3 characters are not in any font")
    i0, i1, i2 = (err.index(f"U+E10{k}") for k in range(3))
    assert i0 < i1 < i2
    assert "a.md:3:15" in err and "a.md:5:" in err and "a.md:7:" in err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX only")
def test_missing_characters_do_not_depend_on_the_hash_seed(one, tmp_path):
    article = ARTICLE.replace("日前，", "日前，\ue101\ue103\ue102")
    d = one(article)
    outs = set()
    for seed in ("1", "2"):
        r = subprocess.run([sys.executable, "-m", "layout.cli", "build", str(d), "-o",
                            str(tmp_path.parent / f"seed{seed}.pdf"), "--no-check"],
                           env=dict(os.environ, PYTHONHASHSEED=seed), capture_output=True, text=True,
                           cwd=ROOT, timeout=300)
        assert r.returncode == 1
        outs.add(r.stderr)
    assert len(outs) == 1 and "U+E101" in outs.pop()


def test_a_nameplate_claiming_too_many_pixels_is_refused(one, capsys):
    d = one(manifest=ONE_ARTICLE.replace("      - article: a.md", "      - {masthead: {}, col: 3, span: 3, line: 1, lines: 10}\n      - article: a.md"))
    _png_claiming(d.parent / "_house" / "plate.png", 30_000, 10_000)
    _house(d, "\npaper:\n", "\npaper:\n  nameplate: plate.png\n")
    err = fails(d, capsys, "nameplate image", "30,000 × 10,000 pixels", "issue.yaml:7:")
    assert "DecompressionBomb" not in err


def test_runaway_nesting_is_an_error_not_a_recursion_error(one, capsys):
    d = one(manifest=ONE_ARTICLE.replace("number: 1\n", "number: 1\ntitle: " + "[" * 900 + "]" * 900 + "\n"))
    fails(d, capsys, "issue.yaml:3:", "nested more than 40 levels deep")


def test_an_alias_bomb_is_refused_before_it_expands(one, capsys):
    bomb = "".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 9))
    d = one(manifest=ONE_ARTICLE.replace("number: 1\n", "number: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
                                         + bomb + "title: *a8\n"))
    fails(d, capsys, "issue.yaml:", "more than 200,000 values once its aliases")


@pytest.mark.parametrize("old, new, needle", [
    ("size: 小五               # 9 pt", "size: 0.01pt", "body.size: 0.01pt is out of range (from 5 to 24 pt)"),
    ("gutter: 1字", "gutter: -5字", "grid.gutter: -5字 is out of range"),
    ("bleed: 3mm", "bleed: -3mm", "page.bleed: -3mm is out of range (from 0 to 20 mm)"),
    ("total_offset: 0", "total_offset: 99999999999", "paper.total_offset: 99999999999 is too large (at most 9999999)"),
    ("size: 小初", "size: 1000pt", "elements.title.size: 1000pt is out of range (from 3 to 300 pt)"),
])
def test_house_values_out_of_range_are_blamed_on_their_line(one, capsys, old, new, needle):
    """(a body size of 0.01 pt was reported as a headline 34,583 lines tall; a negative gutter or
    bleed built, and the bleed failed only in the preflight)"""
    d = one()
    _house(d, old, new)
    n = _line_of(d.parent / "_house" / "nanming-v1.yaml", new)
    fails(d, capsys, f"nanming-v1.yaml:{n}:", needle)


def test_an_issue_date_outside_1900_to_2999_is_an_error(one, capsys):
    """(year 1 built, and its PDF's Info and XMP dates disagreed: D:1… against 1-01-01)"""
    d = one(manifest=ONE_ARTICLE.replace("date: 2026-01-02", "date: 0001-01-01"))
    fails(d, capsys, "issue.yaml:3:7:", "not a plausible issue date")


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_proof_removes_only_its_own_old_pngs(one, capsys, tmp_path):
    """`banmian proof photo.pdf` used to delete photo-p*.png: an input named photo-park.png too."""
    d = one()
    code, err, out = build(d, capsys)
    assert code == 0, err
    pdf = tmp_path / "photo.pdf"
    shutil.copy(out, pdf)
    (tmp_path / "photo-park.png").write_bytes(b"an input photo")
    (tmp_path / "photo-p-7.png").write_bytes(b"an old proof")
    assert main(["proof", str(pdf)]) == 0
    assert (tmp_path / "photo-park.png").read_bytes() == b"an input photo"
    assert not (tmp_path / "photo-p-7.png").exists() and (tmp_path / "photo-p-1.png").exists()


def test_archive_out_inside_the_issues_is_refused(one, capsys):
    d = one()
    before = snapshot(d.parent)
    assert main(["archive", str(d.parent), "--out", str(d / "archive")]) == 1
    assert "where the issues live" in capsys.readouterr().err
    assert snapshot(d.parent) == before and not (d / "archive").exists()


def test_a_large_turned_jpeg_is_decoded_reduced_and_placed_upright(one, capsys):
    """A phone photo stored 4,800 × 3,200 with EXIF orientation 6 (upright 3,200 × 4,800): the
    reduced decode asks DCT scaling for the stored shape, and the plate is upright."""
    from PIL import Image as PILImage
    from pypdf import PdfReader
    d = one(manifest=PHOTO_PAGE.format(ext="jpg").replace("span: 2\n        line: 1\n        lines: 20",
                                                          "span: 1\n        line: 1\n        lines: 20"))
    im = PILImage.radial_gradient("L").resize((4800, 3200)).convert("RGB")
    exif = PILImage.Exif()
    exif[0x0112] = 6
    im.save(d / "big.jpg", quality=85, exif=exif.tobytes())
    code, err, out = build(d, capsys)
    assert code == 0, err
    imgs = [x.get_object() for x in PdfReader(out).pages[0]["/Resources"]["/XObject"].values()]
    (img,) = [x for x in imgs if x.get("/Subtype") == "/Image"]
    w, h = int(img["/Width"]), int(img["/Height"])
    assert (w, h) == (1600, 2400)          # upright, and half the original: 1/4 would be under 400 ppi


@pytest.mark.parametrize("cmd", [["import"], ["tidy"]])
def test_import_and_tidy_refuse_folders_and_pipes(tmp_path, capsys, alarm, cmd):
    (tmp_path / "folder.txt").mkdir()
    os.mkfifo(tmp_path / "pipe.txt")
    for name, needle in (("folder.txt", "is a folder"), ("pipe.txt", "is a named pipe")):
        extra = ["-o", str(tmp_path / "out.md")] if cmd == ["import"] else []
        assert main(cmd + [str(tmp_path / name)] + extra) == 1
        err = capsys.readouterr().err
        assert needle in err and "Traceback" not in err
    assert not (tmp_path / "out.md").exists()

"""The editor's language: every message has a Chinese form, and the catalogue cannot drift from the code.

A new message is `M("...{name}...", name=value)` (or `N(singular, plural, n)`) in the code;
`make messages` adds it to layout/locale/zh/LC_MESSAGES/banmian.po, where it gets its Chinese
form. These tests name every message that has none, every catalogue entry the code no longer
has, every message still written as plain text, and every Chinese form with English left in it.
"""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from layout.cli import main
from layout.i18n import LOCALE_DIR, M, N, compile_po, lang

ROOT = Path(__file__).resolve().parent.parent
PO = LOCALE_DIR / "zh" / "LC_MESSAGES" / "banmian.po"


def code_messages() -> dict:
    """msgid (or (singular, plural)) -> 'file:line' of its first use, as Babel extracts them."""
    out = {}
    for file, line, msg, _, _ in extract_from_dir(ROOT / "layout", [("**.py", "python")],
                                                  keywords={"M": None, "N": (1, 2)}):
        key = msg if isinstance(msg, str) else tuple(msg)
        out.setdefault(key, f"layout/{file}:{line}")
    return out


def catalogue() -> dict:
    with PO.open("rb") as f:
        cat = read_po(f)
    return {(m.id if isinstance(m.id, str) else tuple(m.id)): m for m in cat if m.id}


def translation(m) -> str:
    return m.string if isinstance(m.string, str) else (m.string[0] if m.string else "")


def test_every_message_in_the_code_has_a_chinese_form():
    cat = catalogue()
    missing = [f"{where}: {msgid!r}" for msgid, where in code_messages().items()
               if msgid not in cat or not translation(cat[msgid]) or cat[msgid].fuzzy]
    assert not missing, ("messages without a Chinese form (run `make messages`, then translate them in "
                         f"{PO.relative_to(ROOT)}):\n  " + "\n  ".join(missing))


def test_the_catalogue_holds_no_message_the_code_lost():
    code = code_messages()
    stale = [repr(k) for k in catalogue() if k not in code]
    assert not stale, "catalogue entries no message in the code uses (run `make messages`):\n  " + "\n  ".join(stale)


def _fields(text: str) -> set[str]:
    if "%(" in text or "%s" in text:          # argparse's own words (layout/argparse_words.py)
        return set(re.findall(r"%\([a-z_]+\)[sr]|%s", text))
    return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}


def test_chinese_forms_name_the_same_values():
    bad = []
    for key, m in catalogue().items():
        msgid = key if isinstance(key, str) else key[0]
        # a Chinese form may leave out a value (an English plural 's'), never name one the code does not give
        if translation(m) and not _fields(translation(m)) <= _fields(msgid):
            bad.append(f"{msgid!r}: {sorted(_fields(msgid))} vs {translation(m)!r}")
    assert not bad, "translations that name other values than their message:\n  " + "\n  ".join(bad)


# what may stay in Latin letters in a Chinese message: the names the editor types (YAML keys,
# commands, options, file names) and the print trade's own abbreviations
LATIN_OK = set("""SWOP ISOnewspaper PDF PDF/X PDF/X-4 PDF/X-1a YAML UTF JSON PNG PNGs JPEG CMYK RGB Lab ICC ppi pt dpi EXIF XMP Info
OPI RIP JavaScript Unicode cmap ExtGState DeviceCMYK DeviceGray TrimBox BleedBox MediaBox DestOutputProfile
OutputConditionIdentifier GTS_PDFX GTS_PDFXVersion GTS_PDFXConformance XObject ISO Tab Ctrl banmian
git sha256 sha pdf zh en id Debian fontTools mm cm C M Y K pdftoppm poppler utils libgs common CPU
true false True False log checkout make issue issues build archive fit check proof new watch fonts
col span line lines auto bar ring table Word WPS GB PostScript masthead iconv vertical ornament title art
none frame box tint""".split())


def latin_words(text: str) -> list[str]:
    text = re.sub(r"\{[^{}]*\}|%\([a-z_]+\)[sr]|%s", " ", text)            # placeholders
    text = re.sub(r"`[^`]*`", " ", text)                                    # what the editor types
    text = re.sub(r"'[^']*'", " ", text)                                    # quoted values
    text = re.sub(r"\S*[/._:=<>$@\-]\S*", " ", text)                       # paths, options, keys, /Names
    text = re.sub(r"\b(pdf|op|ca|CA|OPM|BM|AA|ID|N|S)\b", " ", text)
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in LATIN_OK]


def test_no_english_is_left_in_the_chinese_forms():
    leaks = []
    for key, m in catalogue().items():
        zh = translation(m)
        words = latin_words(zh)
        if words:
            leaks.append(f"{zh!r}: {words}")
    assert not leaks, "English left in Chinese messages:\n  " + "\n  ".join(leaks)


# -- the code side: a message is M()/N(), never a plain string ----------------------------------

def _is_text(node) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(re.search(r"[A-Za-z]{2,}", node.value))
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    if isinstance(node, ast.IfExp):
        return _is_text(node.body) or _is_text(node.orelse)
    return False


def plain_messages() -> list[str]:
    """Messages written as plain (untranslatable) text: what a new message looks like before
    it is wrapped in M()."""
    found = []
    for path in sorted((ROOT / "layout").rglob("*.py")):
        rel = path.relative_to(ROOT)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            args = []
            if name in ("BanmianError", "UnitError", "warn") and node.args:
                args.append(node.args[0])
            if name == "error" and isinstance(f, ast.Attribute) and node.args and "preflight" not in rel.parts:
                args += node.args[:2]               # Y.error(message, hint)
            if name in ("error", "warning", "warn", "err") and "preflight" in rel.parts:
                args += node.args
            args += [kw.value for kw in node.keywords if kw.arg == "hint"]
            if name in ("M", "N") and node.args and not (isinstance(node.args[0], ast.Constant)
                                                         and isinstance(node.args[0].value, str)):
                found.append(f"{rel}:{node.lineno}: {name}() needs a literal message, not {ast.unparse(node.args[0])}")
            for a in args:
                if _is_text(a):
                    found.append(f"{rel}:{node.lineno}: {ast.unparse(a)[:90]}")
    return found


def test_no_message_is_written_as_plain_text():
    found = plain_messages()
    assert not found, ("messages written as plain text; write M(\"... {name} ...\", name=value) (layout/i18n.py), "
                       "then `make messages` and translate:\n  " + "\n  ".join(found))


def test_the_compiled_catalogue_is_the_po():
    """The .mo `make locale` wrote (or the one compiled at run time) says what the .po says."""
    import gettext
    import io
    tr = gettext.GNUTranslations(io.BytesIO(compile_po(PO)))
    assert tr.gettext("unknown key '{name}'") == "未知的键“{name}”"
    zh = lang("zh")
    for key, m in list(catalogue().items())[:400]:
        if isinstance(key, str) and translation(m):
            assert zh.tr.gettext(key) == translation(m), key


def test_messages_render_in_either_language():
    msg = M("{place}: article {article} is too long: {over}, about {chars} characters over; it ends '…{ends}'",
            place=M("page {page}", page=2), article="a.md", over=N("{n} line over", "{n} lines over", 3),
            chars=97, ends="全年红。")
    assert msg.render(lang("zh")) == "第 2 版：文章 a.md超长：超出 3 行，约超出 97 字；结尾为“…全年红。”"
    assert str(msg) == "page 2: article a.md is too long: 3 lines over, about 97 characters over; it ends '…全年红。'"
    assert str(N("{n} page", "{n} pages", 1)) == "1 page" and str(N("{n} page", "{n} pages", 4)) == "4 pages"


def test_help_is_chinese_by_default_and_english_on_request(capsys, monkeypatch):
    monkeypatch.delenv("BANMIAN_LANG")
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    zh = capsys.readouterr().out
    assert "用法：banmian build" in zh and "显示本帮助并退出" in zh and "即使有超版的稿件也出样" in zh
    assert not latin_words(re.sub(r"\[.*?\]|--?[a-z-]+|[A-Z_]+|issue_dir", " ", zh))
    with pytest.raises(SystemExit):
        main(["build", "--help", "--lang", "en"])
    assert "build even if text is overset" in capsys.readouterr().out
    monkeypatch.setenv("BANMIAN_LANG", "en")
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "typeset a Chinese newspaper issue" in capsys.readouterr().out

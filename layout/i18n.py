"""The editor's language: every message is written once in English in the code and
translated through a gettext catalogue (layout/locale/zh/LC_MESSAGES/banmian.po).

    M("unknown key '{name}'", name=key)              a message (translated when printed)
    N("{n} line over", "{n} lines over", n)          one with singular and plural forms
    lang("zh").text(msg)                             the message in that language

A message is not translated where it is made but where it is printed: a BanmianError or
a warning carries its `Msg` (the English msgid and named values), so one error can be
shown in Chinese by the command and in English by a test, and nothing depends on a
language set globally. Placeholders are named (`{page}`, not `%s`) because a Chinese
sentence puts them in another order. Babel extracts the `M`/`N` calls (`make messages`)
and compiles the catalogue (`make locale`); tests/test_i18n.py fails naming every
message that has no Chinese form.
"""
from __future__ import annotations

import functools
import gettext
import io
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "banmian"
LANGUAGES = ("zh", "en")
DEFAULT = "zh"          # the editor of a Chinese paper reads Chinese; --lang en for English


class Msg(str):
    """A message to translate: the English msgid (and plural) and the values it names.

    It is a `str` whose value is the English text, so code and tests that treat messages as
    text (`"RGB" in finding.message`) keep working; `render(lang)` gives any language."""

    def __new__(cls, msgid: str, plural: str | None = None, n: int | None = None, params: dict | None = None):
        try:
            english = _fill(plural if plural and n != 1 else msgid, params or {}, n, None)
        except (KeyError, IndexError):       # a message still to be completed (`with_`)
            english = msgid
        self = super().__new__(cls, english)
        self.msgid, self.plural, self.n, self.params = msgid, plural, n, params or {}
        return self

    def render(self, lang: "Lang") -> str:
        t = lang.tr.ngettext(self.msgid, self.plural, self.n) if self.plural else lang.tr.gettext(self.msgid)
        return _fill(t, self.params, self.n if self.plural else None, lang)

    def __reduce__(self):            # (pickled whole: an error from the build's helper process)
        return Msg, (self.msgid, self.plural, self.n, self.params)

    def with_(self, **more) -> "Msg":
        """The same message with more values (a caller's message that a reader completes)."""
        return Msg(self.msgid, self.plural, self.n, {**self.params, **more})

    def __repr__(self) -> str:
        return f"M({self.msgid!r}, {self.params!r})"


def _fill(template: str, params: dict, n: int | None, lang: "Lang | None") -> str:
    """Put the values into a (translated) template; a message among them is rendered too."""
    values = {k: (v.render(lang) if lang is not None and hasattr(v, "render") else v) for k, v in params.items()}
    if n is not None:
        values.setdefault("n", n)
    return template.format(**values) if values else template.replace("{{", "{").replace("}}", "}")


def M(msgid: str, **params) -> Msg:
    """Mark a message for translation (Babel extracts the first argument)."""
    return Msg(msgid, params=params)


def N(singular: str, plural: str, n: int, **params) -> Msg:
    """A message with a count: `{n}` is the count, the form is chosen per language."""
    return Msg(singular, plural, n, params)


def join(parts, sep: Msg | None = None) -> "Joined":
    """Several messages (or texts) shown as one, separated by `sep` (default: a list comma)."""
    return Joined(tuple(parts), sep)


class Joined(str):
    """Messages shown as one list (a str of the English form, like Msg)."""

    def __new__(cls, parts, sep):
        self = super().__new__(cls, (sep if sep is not None else ", ").join(str(p) for p in parts))
        self.parts, self.sep = parts, sep
        return self

    def __reduce__(self):
        return Joined, (self.parts, self.sep)

    def render(self, lang: "Lang") -> str:
        sep = lang.text(self.sep) if self.sep is not None else lang.text(M(", "))
        return sep.join(lang.text(p) for p in self.parts)


def freeze(value):
    """A message as plain values (tuples, str, numbers) for a marshal cache; `thaw` undoes it."""
    if isinstance(value, Msg):
        return ("\0msg", value.msgid, value.plural, value.n,
                tuple((k, freeze(v)) for k, v in sorted(value.params.items())))
    if isinstance(value, Joined):
        return ("\0join", tuple(freeze(p) for p in value.parts), freeze(value.sep))
    if value is None or type(value) in (int, float, str, bool):
        return value
    return str(value)


def thaw(value):
    if isinstance(value, tuple) and value and value[0] == "\0msg":
        _, msgid, plural, n, params = value
        return Msg(msgid, plural, n, {k: thaw(v) for k, v in params})
    if isinstance(value, tuple) and value and value[0] == "\0join":
        return Joined(tuple(thaw(p) for p in value[1]), thaw(value[2]))
    return value


class Lang:
    """One reader's language: renders messages, values and counts."""

    def __init__(self, code: str, tr: gettext.NullTranslations):
        self.code = code
        self.tr = tr

    def text(self, value) -> str:
        """A message, a list of them, or a plain value, as text in this language."""
        if hasattr(value, "render"):         # a Msg, a join of them, an error or a warning
            return value.render(self)
        return "" if value is None else str(value)



def choose(flag: str | None = None) -> str:
    """The language asked for: --lang, else BANMIAN_LANG, else Chinese."""
    code = (flag or os.environ.get("BANMIAN_LANG") or DEFAULT).strip().lower().replace("-", "_")
    code = code.split("_")[0].split(".")[0]
    if code not in LANGUAGES:
        from layout.errors import BanmianError
        raise BanmianError(M("unknown language '{code}'", code=code),
                           hint=M("use --lang zh (中文) or --lang en (English)"))
    return code


@functools.lru_cache(maxsize=None)
def lang(code: str = DEFAULT) -> Lang:
    """The catalogue of one language, read once per process (a read-only file, like an import)."""
    if code == "en":
        return Lang("en", gettext.NullTranslations())
    return Lang(code, _catalogue(code))


def _catalogue(code: str) -> gettext.NullTranslations:
    """The compiled .mo (`make locale`); when it is missing or older than the .po (a fresh
    checkout installed without make, or a .po just edited) it is compiled here from the .po
    with Babel, so a clean clone always speaks its language."""
    po = LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo = po.with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as f:
            return gettext.GNUTranslations(f)
    if not po.exists():
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(compile_po(po)))


def compile_po(po: Path) -> bytes:
    """The .mo bytes of a .po file (Babel's compiler; fuzzy entries are left out, as msgfmt does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    with po.open("rb") as f:
        catalog = read_po(f)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


def compile_all() -> list[Path]:
    """Write every language's .mo beside its .po (`make locale`). Babel's compiler, called here
    rather than through `pybabel compile`, whose %-format check misreads "310 % is" as a
    placeholder; tests/test_i18n.py checks the {named} placeholders instead."""
    out = []
    for po in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = po.with_suffix(".mo")
        tmp = mo.with_suffix(".mo.tmp")
        tmp.write_bytes(compile_po(po))
        os.replace(tmp, mo)
        out.append(mo)
    return out


if __name__ == "__main__":
    for mo in compile_all():
        print(f"compiled {mo}")

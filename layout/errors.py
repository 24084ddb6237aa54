"""One exception type for everything the editor can get wrong, and the log that collects them.

A message is a `Msg` (layout/i18n.py): English in the code, shown in the reader's language
by the command (`render(lang)`); `str(error)` is the English form. The CLI prints every
error and warning of a run and exits non-zero; nobody sees a traceback.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from layout.i18n import Lang, M, Msg, N, lang as _lang

MAX_ERRORS = 50          # an editor reads this many at once; past it the rest is counted, not printed


def where(file: str | None, line: int | None = None, column: int | None = None) -> str:
    """file:line:column as the editor's text editor jumps to it (relative to the current folder)."""
    if not file:
        return ""
    loc = str(file)
    try:
        rel = os.path.relpath(loc)
        if not rel.startswith(".."):
            loc = rel
    except ValueError:
        pass
    if line is not None:
        loc += f":{line}"
        if column is not None:
            loc += f":{column}"
    return loc


class BanmianError(Exception):
    """A problem in the input, with where it is and what to do about it.

    When a run found several independent mistakes, the one raised carries all of them in
    `errors` (sorted by file and line), so the command prints them together."""

    def __init__(self, message: "str | Msg", file: str | None = None, line: int | None = None,
                 column: int | None = None, hint: "str | Msg | None" = None):
        super().__init__(str(message))
        self.msg = message
        self.message = str(message)
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        self.hint_msg = hint
        self.hint = str(hint) if hint is not None else None
        self.errors: list[BanmianError] = [self]
        self.dropped = 0                 # errors past MAX_ERRORS: counted, not listed

    @classmethod
    def many(cls, errors: "list[BanmianError]") -> "BanmianError":
        """Several independent mistakes as one raise: the first (by file and line) carries all."""
        errs = sorted((one for e in errors for one in e.errors), key=cls.sort_key)
        errs[0].errors = errs
        return errs[0]

    def location(self) -> str:
        return where(self.file, self.line, self.column)

    def sort_key(self):
        return (self.file or "", self.line or 0, self.column or 0)

    def render(self, lang: Lang | None = None) -> str:
        """This one error: `file:line:col: what`, then the hint on the next line."""
        lang = lang or _lang("en")
        loc = self.location()
        text = lang.text(self.msg)
        text = f"{loc}: {text}" if loc else text
        if self.hint_msg is not None:
            text += "\n  " + lang.text(M("hint: {hint}", hint=self.hint_msg))
        return text

    def __str__(self) -> str:
        return "\n".join(e.render() for e in self.errors)


@dataclass
class Warning_:
    """A build warning: printed in the log, never fatal (unless the caller decides)."""
    message: "str | Msg"
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def as_msg(self) -> Msg:
        """The whole warning line as a message (a str in English, any language by render)."""
        loc = where(self.file, self.line, self.column)
        return M("warning: {where}: {what}", where=loc, what=self.message) if loc else \
            M("warning: {what}", what=self.message)

    def render(self, lang: Lang | None = None) -> str:
        return (lang or _lang("en")).text(self.as_msg())

    def __str__(self) -> str:
        return self.render()


@dataclass
class Log:
    """What a build has to say: warnings (in order, without duplicates) and the errors found so
    far. A stage that can go on after a mistake (the next block, the next article) records it
    with `error()` and goes on; the build calls `stop()` before anything is written, so one run
    reports every independent mistake and still writes nothing when there is one."""
    warnings: list[Warning_] = field(default_factory=list)
    errors: list[BanmianError] = field(default_factory=list)
    dropped: int = 0
    # the text of each warning in `warnings` (rendering every earlier one again for each new one
    # was quadratic: 32 pages' warnings cost 50 ms), rebuilt if the list was changed by hand
    _said: set = field(default_factory=set, repr=False, compare=False)
    _said_of: int = field(default=0, repr=False, compare=False)

    def warn(self, message: "str | Msg", file: str | None = None, line: int | None = None,
             column: int | None = None) -> None:
        w = Warning_(message, str(file) if file else None, line, column)
        if self._said_of != len(self.warnings):
            self._said = {str(x) for x in self.warnings}
        text = str(w)
        if text not in self._said:
            self.warnings.append(w)
            self._said.add(text)
        self._said_of = len(self.warnings)

    def error(self, e: BanmianError) -> None:
        """Record a mistake and go on (each of a raised collection once)."""
        for one in e.errors:
            if any(x.render() == one.render() for x in self.errors):
                continue
            if len(self.errors) >= MAX_ERRORS:
                self.dropped += 1
            else:
                self.errors.append(one)
        self.dropped += e.dropped

    def stop(self) -> None:
        """Raise the errors recorded so far, all at once, sorted by file and line."""
        if not self.errors:
            return
        errs = sorted(self.errors, key=BanmianError.sort_key)
        first = errs[0]
        first.errors = errs
        first.dropped = self.dropped
        self.errors = []
        self.dropped = 0
        raise first


def summary(errors: int, warnings: int, lang: Lang) -> str:
    """The last line of a run: 3 个错误，2 个提醒 / 3 errors, 2 warnings."""
    e, w = N("{n} error", "{n} errors", errors), N("{n} warning", "{n} warnings", warnings)
    if errors and warnings:
        return lang.text(M("{errors}, {warnings}", errors=e, warnings=w))
    return lang.text(e if errors else w)

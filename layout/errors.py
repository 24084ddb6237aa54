"""One exception type for everything the editor can get wrong.

The CLI prints `str(error)` and exits non-zero; nobody sees a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass, field


class BanmianError(Exception):
    """A problem in the input, with where it is and what to do about it."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None,
                 column: int | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        self.hint = hint

    def location(self) -> str:
        if not self.file:
            return ""
        loc = self.file
        if self.line is not None:
            loc += f":{self.line}"
            if self.column is not None:
                loc += f":{self.column}"
        return loc

    def __str__(self) -> str:
        loc = self.location()
        text = f"{loc}: {self.message}" if loc else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


@dataclass
class Warning_:
    """A build warning: printed in the log, never fatal (unless the caller decides)."""
    message: str
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        if self.file:
            loc = self.file + (f":{self.line}" if self.line is not None else "")
            return f"warning: {loc}: {self.message}"
        return f"warning: {self.message}"


@dataclass
class Log:
    """Collects warnings and notes during a build, in order, without duplicates."""
    warnings: list[Warning_] = field(default_factory=list)

    def warn(self, message: str, file: str | None = None, line: int | None = None) -> None:
        w = Warning_(message, str(file) if file else None, line)
        if not any(str(x) == str(w) for x in self.warnings):
            self.warnings.append(w)

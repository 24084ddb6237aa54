"""What an importer reads copy into: paragraphs of runs, and the images it carried."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Block:
    """A paragraph of copy: kind 'para', 'heading' (a Word heading style or a typed 一、 line),
    'title' (Word's Title style) or 'table' (rows of cell texts)."""
    kind: str
    runs: list[tuple[str, bool]] = field(default_factory=list)      # (text, bold)
    rows: list[list[str]] = field(default_factory=list)
    source: str = ""                                                 # where it came from, for messages

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.runs)


@dataclass
class Copy:
    blocks: list[Block]
    images: list[tuple[str, bytes]] = field(default_factory=list)    # (extension, bytes), in order

"""Chinese word boundaries for breaking headlines (jieba), loaded only when one is needed.

A headline broken over lines must break between words, never inside one
(一条 / 产业链上的, not 一条产 / 业链上的). Chinese has no spaces, so the words
come from jieba, the common, well-kept segmenter: its dictionary ships inside
the package (nothing is fetched), and its segmentation of a given text is
deterministic (dictionary plus HMM for unknown words such as 经开区).

Cost: importing jieba and loading its dictionary takes about 0.4–0.5 s
(measured 2026-12-01 on the 2-core bench machine), so the segmenter is built on
the first headline that needs breaking, and a headline once broken is kept in the
composition cache (headline.py): a warm build of an unchanged issue never loads it.
The prefix dictionary jieba derives is kept in banmian's cache folder, not in /tmp.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path


def _cache_dir() -> Path:
    return Path(os.environ.get("BANMIAN_CACHE", Path.home() / ".cache" / "banmian"))


class Segmenter:
    """Word boundaries of a text; the build owns one (Ctx.words), jieba loads on first use.

    A build that says which characters its headlines use (`expect`) loads only the dictionary
    words made of those characters, with the dictionary's own total: jieba's segmentation of a
    text looks up only the text's substrings, so it is the same as with the whole dictionary
    (test_headline), in about a tenth of the memory (the whole one is ~80 MB of Python strings)."""

    def __init__(self) -> None:
        self._tokenizer = None
        self._chars: frozenset[str] | None = None

    def expect(self, chars) -> None:
        """The characters the headlines to be broken may use (more later reloads the words)."""
        self._chars = frozenset(chars) | (self._chars or frozenset())

    def _load(self, text: str = ""):
        if self._tokenizer is not None and self._chars is not None and not self._chars.issuperset(text):
            self._chars |= frozenset(text)           # a text beyond what was announced: words again
            self._tokenizer = None
        if self._tokenizer is None:
            # jieba announces its dictionary loading on its own logger at DEBUG: keep it quiet
            logging.getLogger("jieba").setLevel(logging.WARNING)
            import jieba
            jieba.setLogLevel(logging.WARNING)
            tk = jieba.Tokenizer()               # its own instance: the package dictionary
            if self._chars is not None:
                tk.FREQ, tk.total = _words_of(tk.get_dict_file(), self._chars | frozenset(text))
                tk.initialized = True
            else:
                folder = _cache_dir()
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                    tk.tmp_dir = str(folder)
                except OSError:
                    pass                         # jieba then uses the temp folder
                tk.initialize()
            self._tokenizer = tk
        return self._tokenizer

    @property
    def loaded(self) -> bool:
        return self._tokenizer is not None

    def words(self, text: str) -> list[str]:
        """The words of `text` in order; their concatenation is `text`."""
        if not text:
            return []
        return list(self._load(text).cut(text, HMM=True))

    def boundaries(self, text: str) -> frozenset[int]:
        """Indices k (0 < k < len) of `text` where one word ends and the next begins."""
        out, k = set(), 0
        for w in self.words(text):
            k += len(w)
            out.add(k)
        out.discard(len(text))
        return frozenset(out)


def _words_of(f, chars: frozenset[str]) -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary (Tokenizer.gen_pfdict) of the words made of `chars` only, and the
    total frequency of the whole dictionary (which the route probabilities divide by).

    The dictionary's 350,000 lines are read by two regular expressions over the whole text, not
    line by line in Python (0.3 s of a cold build's make-up): every line's count for the total,
    and the lines whose word is made of `chars` only, in the file's order."""
    import re
    with f:
        text = f.read().decode("utf-8")
    total = sum(map(int, re.findall(r"^[^ \n]* ([^ \n]*)", text, re.M)))
    freq: dict[str, int] = {}
    allowed = "".join(re.escape(c) for c in sorted(chars) if c not in " \n\r\t")
    if not allowed:
        return freq, total
    for word, n in re.findall(rf"^([{allowed}]+) ([^ \n]*)", text, re.M):
        freq[word] = int(n)
        for k in range(1, len(word)):
            freq.setdefault(word[:k], 0)
    return freq, total

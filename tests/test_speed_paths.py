"""The short ways a warm build takes (issue 17) give what the long ways give: line counts without
lines, a body put together from its paragraphs, the cache's column format, the tables kept in
the cache folder (ASCII marks, Line_Break classes), the log's duplicate check."""
from __future__ import annotations

import marshal
import math
import shutil
from pathlib import Path

import pytest

from layout.boxes import Glyph, Line, SourceRef
from layout.build import build
from layout.compose import cache as C
from layout.errors import Log

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "2026-046"


@pytest.fixture
def sample(tmp_path):
    shutil.copytree(ROOT / "issues" / "_house", tmp_path / "_house")
    shutil.copytree(SAMPLE, tmp_path / SAMPLE.name, ignore=shutil.ignore_patterns("build.lock"))
    return tmp_path / SAMPLE.name


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    """The cache folder's small tables in a folder of the test's own."""
    import layout.fonts.store as store
    folder = tmp_path / "cache"
    monkeypatch.setattr(store, "DEFAULT_CACHE", folder)
    return folder


def _ctx_and_articles(sample):
    """A make-up context of the sample issue with its compositions cached, and its article blocks."""
    from layout.makeup import page
    seen = {}
    real = page._article

    def spy(block, spec, ctx, *a):
        seen.setdefault("ctx", ctx)
        seen.setdefault("blocks", []).append(block)
        return real(block, spec, ctx, *a)
    page._article = spy
    try:
        build(sample, None)
    finally:
        page._article = real
    return seen["ctx"], seen["blocks"]


def test_a_paragraph_is_counted_as_it_would_be_set(sample):
    from layout.makeup.flow import BodySetter, body_items
    ctx, blocks = _ctx_and_articles(sample)
    checked = 0
    for b in blocks:
        art = b.article
        width = ctx.grid.col_w
        setter = BodySetter(art, width, ctx)
        for k, p in enumerate(art.paras):
            for d in (-1, 0, 1):
                assert setter.count(k, d) == len(setter.para(k, d)), (art.file, k, d)
                checked += 1
        # a trial's body is the whole body set at that looseness
        for looseness in ({}, {0: 1}, {len(art.paras) - 1: -1}, {k: 1 for k in range(0, len(art.paras), 2)}):
            got = setter.items(looseness)
            want = body_items(art, width, ctx, looseness)
            fields = ("kind", "text", "para", "lines", "first", "last", "air", "width", "looseness", "row")
            assert [tuple(getattr(it, f) for f in fields) + (it.loose,) for it in got] == \
                   [tuple(getattr(it, f) for f in fields) + (it.loose,) for it in want]
    assert checked > 100


def test_a_cached_composition_is_counted_without_making_its_lines(sample):
    ctx, blocks = _ctx_and_articles(sample)
    cache = ctx.cache
    key, plain = next(iter(cache.loaded.items())) if cache.loaded else (None, None)
    if key is None:                      # every entry made into lines already: read one back
        path = next(iter(cache.file_keys))
        fresh = C.CompositionCache()
        fresh.load(path)
        cache = fresh
        key, plain = next(iter(cache.loaded.items()))
    n, notes = cache.peek(key)
    assert n == len(plain[0]) and key in cache.loaded and key in cache.used      # still as read
    lines = C._from_plain(plain)[0]
    assert n == len(lines)


def test_the_cache_keeps_every_glyph_value_as_it_was():
    glyphs = (Glyph("中", 0.0, 9.0, "f1", 9.0), Glyph("ab", 9.0, 4.5, "f2", 9.0, -0.0, 0.9),
              Glyph("x", 13.5, 4.5, "f1", 9, 0.0, 1.0), Glyph("，", 18.0, 4.5, "f1", 9.0, 2.25, 1.0))
    lines = (Line(glyphs, 100.0, True, False, SourceRef("a.md", 3)), Line((), 5.0))
    entry = (lines, (("note", "a.md", 3),))
    back = C._from_plain(marshal.loads(marshal.dumps(C._to_plain(entry))))
    assert back[0] == lines and back[1] == entry[1]
    for a, b in zip(back[0][0].glyphs, glyphs):
        assert [type(v) for v in a] == [type(v) for v in b]            # an int stays an int
    assert math.copysign(1, back[0][0].glyphs[1].shift) == -1           # -0.0 stays -0.0


def test_the_ascii_marks_warning_comes_from_the_table_the_second_time(sample, cache_folder, monkeypatch):
    from layout.source import tidy
    art = sample / "p1-lead.md" if (sample / "p1-lead.md").exists() else next(sample.glob("*.md"))
    text = art.read_text(encoding="utf-8")
    art.write_text(text.replace("。", ",", 1), encoding="utf-8")     # an ASCII comma beside Chinese
    first = Log()
    build(sample, None, log=first)
    said = [str(w) for w in first.warnings if "ASCII punctuation" in str(w)]
    assert said and (cache_folder / tidy.MARKS_TABLE).exists()

    def no_tidy(text):
        raise AssertionError("tidied again")
    monkeypatch.setattr(tidy, "ascii_marks", no_tidy)
    import layout.fonts.store as store
    store._MEMOS.clear()                                                 # as a new process reads it
    second = Log()
    build(sample, None, log=second)
    assert [str(w) for w in second.warnings if "ASCII punctuation" in str(w)] == said


def test_line_break_classes_from_the_table_are_uniseg_s(cache_folder, monkeypatch):
    from uniseg.linebreak import line_break as uniseg_class
    from layout.compose import kinsoku
    monkeypatch.setattr(kinsoku, "_TABLE", [])
    kinsoku.line_break.cache_clear()
    text = SAMPLE.joinpath("p1-lead.md").read_text(encoding="utf-8") if SAMPLE.joinpath("p1-lead.md").exists() \
        else "".join(p.read_text(encoding="utf-8") for p in SAMPLE.glob("*.md"))
    chars = sorted(set(text + "“”‘’（）《》—…·￥%℃5G+-/"))
    for ch in chars:
        assert kinsoku._uax14_class(ch) == str(getattr(uniseg_class(ch), "name", uniseg_class(ch)))
    kinsoku._save_classes()
    import layout.fonts.store as store
    store._MEMOS.clear()
    monkeypatch.setattr(kinsoku, "_TABLE", [])
    import sys
    monkeypatch.setitem(sys.modules, "uniseg.linebreak", None)         # the table must answer alone
    assert [kinsoku._uax14_class(ch) for ch in chars] == \
           [str(getattr(uniseg_class(ch), "name", uniseg_class(ch))) for ch in chars]
    kinsoku.line_break.cache_clear()


def test_the_log_says_each_warning_once_in_order():
    log = Log()
    for m in ("b", "a", "b", "c", "a"):
        log.warn(m, "f.md", 1)
    assert [w.message for w in log.warnings] == ["b", "a", "c"]
    log.warnings.pop()                                   # a list changed by hand is read again
    log.warn("c", "f.md", 1)
    assert [w.message for w in log.warnings] == ["b", "a", "c"]


def _balance_without_shortcuts(items, cols):
    """balance() as it was before the capacity shortcut and the one-line runs (every trial poured,
    item by item)."""
    from layout.makeup.flow import Column, pour
    full = pour(items, cols)
    if full.rest:
        loose = pour(items, cols, avoid_widows=False)
        if len(loose.rest) < len(full.rest):
            loose.relaxed = True
            return loose
        return full
    lo, hi, best = max(c.top for c in cols), max(c.bottom for c in cols), full
    while lo <= hi:
        mid = (lo + hi) // 2
        p = pour(items, [Column(c.x, c.width, c.top, min(c.bottom, mid), c.slots) for c in cols])
        if not p.rest:
            best, hi = p, mid - 1
        else:
            lo = mid + 1
    return best


def test_balance_places_as_it_did_without_its_shortcuts():
    import random
    from layout.makeup.flow import Column, FlowItem, balance
    draw = lambda x, line, w: []                                   # noqa: E731
    rng = random.Random(17)
    for _ in range(600):
        items, para = [], 0
        for _ in range(rng.randint(1, 12)):
            kind = rng.random()
            if kind < 0.15:
                items.append(FlowItem(2, draw, "head", para=para, keep_with_next=True, kind="crosshead"))
            elif kind < 0.2:
                items.append(FlowItem(rng.randint(2, 4), draw, "quote", para=para, kind="pullquote"))
            elif kind < 0.25:
                items.append(FlowItem(3, draw, "table", para=para, kind="table", air=1))
            else:
                n = rng.randint(1, 9)
                items += [FlowItem(1, draw, f"{para}-{i}", para=para, first=i == 0, last=i == n - 1)
                          for i in range(n)]
            para += 1
        top = rng.randint(1, 4)
        cols = [Column(i * 110, 100, top + rng.choice((0, 0, 2)), top + rng.randint(3, 30)) for i in
                range(rng.randint(1, 4))]
        got, want = balance(items, cols), _balance_without_shortcuts(items, cols)
        assert [[(ln, it.text) for ln, it in col] for col in got.columns] == \
               [[(ln, it.text) for ln, it in col] for col in want.columns]
        assert (got.end_line, got.relaxed, [it.text for it in got.rest]) == \
               (want.end_line, want.relaxed, [it.text for it in want.rest])


def test_the_word_list_read_at_once_is_the_one_read_line_by_line():
    """words._words_of by regular expressions over the whole dictionary gives jieba's prefix
    dictionary of the words made of the characters, in file order, and the whole total."""
    import jieba
    from layout.makeup.words import _words_of

    def line_by_line(f, chars):
        freq, total = {}, 0
        with f:
            for line in f:
                word, n = line.strip().decode("utf-8").split(" ")[:2]
                total += int(n)
                if chars.issuperset(word):
                    freq[word] = int(n)
                    for k in range(1, len(word)):
                        freq.setdefault(word[:k], 0)
        return freq, total
    tk = jieba.Tokenizer()
    sample = frozenset((SAMPLE / "p1-lead.md").read_text(encoding="utf-8"))
    for chars in (frozenset(), sample, frozenset("AB股X光3D打印ab-+.()[]^\\$*?|{} \n")):
        got, want = _words_of(tk.get_dict_file(), chars), line_by_line(tk.get_dict_file(), chars)
        assert got == want and list(got[0]) == list(want[0])

"""Issue 16: a short fuzz over manifest, article and house-style mutations. Whatever the editor's files hold, a
build ends in exactly one of two ways: exit 0 with a PDF, or exit 1 with one message naming a file.

Bounded (max_examples) so it stays a few seconds even on a loaded 2-core machine; a longer run is
`BANMIAN_FUZZ=2000 pytest tests/test_fuzz.py`.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from layout.cli import main

from conftest import HOUSE, ONE_ARTICLE

ARTICLE = """---
title: 开发区召开招商项目推进会
byline: 本报记者 陈思远
lead: 会议要求，**对标全年目标找差距**。
---
本报讯　日前，开发区召开招商项目落地推进会，听取各部门项目推进情况汇报。

## 项目落地

> 一句引语

| 企业 | 年节能成效 |
|:---|---:|
| 华宸新材料 | 发电 700 万千瓦时 |

会议要求，各部门要强化服务意识，提高破解难题能力，推动项目早落地、早投产。
"""

MANIFEST = ONE_ARTICLE.lstrip()

# pieces an editor (or a damaged file) puts where they do not belong
TOKENS = ["", " ", "\n", "\t", ":", ": ", "- ", "#", "[", "]", "{", "}", "'", '"', "|", ">", "**", "---",
          "&a", "*a", "!!str", "!!python/name:os.system", "%", "@", "`", "\\", "0", "-1", "1e309", "99999",
          "auto", "null", "~", "true", "2026-13-45", "日", "。", "（", "\u3000", "\u00a0", "\x00", "\x1b",
          "\ufeff", "\ue000", "𠮷", "a.md", "../a.md", "/etc/passwd", "issue.yaml", "col", "span", "lines",
          "jump: x", "continue: a.md", "photo: a.md", "masthead: {}", "article: a.md", "pages: []"]

mutation = st.tuples(st.sampled_from(["replace", "insert", "delete_line", "dup_line", "swap_lines", "bytes"]),
                     st.floats(0, 1), st.floats(0, 1),
                     st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)),
                     st.binary(min_size=1, max_size=4))


def mutate(text: str, m) -> bytes:
    kind, a, b, token, raw = m
    lines = text.split("\n")
    i, j = int(a * len(text)), int(b * len(text))
    li, lj = int(a * len(lines)) % len(lines), int(b * len(lines)) % len(lines)
    if kind == "replace":
        lo, hi = sorted((i, j))
        hi = min(hi, lo + 12)
        return (text[:lo] + token + text[hi:]).encode("utf-8", "surrogatepass")
    if kind == "insert":
        return (text[:i] + token + text[i:]).encode("utf-8", "surrogatepass")
    if kind == "delete_line":
        del lines[li]
    elif kind == "dup_line":
        lines.insert(lj, lines[li])
    elif kind == "swap_lines":
        lines[li], lines[lj] = lines[lj], lines[li]
    else:
        data = text.encode()
        return data[:i] + raw + data[i:]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


LIMIT = int(os.environ.get("BANMIAN_FUZZ", "25"))


PHOTO_BLOCK = """\
      - photo: p.jpg
        caption: 11 月 24 日，推进会现场。
        col: 3
        span: 2
        line: 1
        lines: 20
"""


def _photo() -> bytes:
    import io
    from PIL import Image as PILImage
    g, l = PILImage.radial_gradient("L"), PILImage.linear_gradient("L")
    im = PILImage.merge("RGB", (g, l, l.rotate(90))).resize((1600, 1200))      # a colour photo: CMYK path
    out = io.BytesIO()
    im.save(out, "JPEG", quality=80)
    return out.getvalue()


PHOTO = _photo()


@settings(max_examples=LIMIT, deadline=None, derandomize="BANMIAN_FUZZ" not in os.environ,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(which=st.sampled_from(["issue.yaml", "a.md", "both", "house", "photo"]),
       edits=st.lists(mutation, min_size=1, max_size=3))
def test_a_build_ends_in_a_pdf_or_one_message_naming_a_file(capsys, which, edits):
    root = Path(tempfile.mkdtemp(prefix="banmian-fuzz-"))
    try:
        shutil.copytree(HOUSE, root / "issues" / "_house")
        d = root / "issues" / "2026-001"
        d.mkdir()
        manifest, article = (MANIFEST + PHOTO_BLOCK).encode(), ARTICLE.encode()
        photo = PHOTO
        if which == "photo":               # a damaged photo: cut short, or bytes put in
            for kind, a, b, token, raw in edits:
                i = int(a * len(photo))
                photo = photo[:i] if kind in ("replace", "delete_line") else photo[:i] + raw * 64 + photo[i:]
        (d / "p.jpg").write_bytes(photo)
        for m in edits:
            if which in ("issue.yaml", "both"):
                manifest = mutate(manifest.decode("utf-8", "replace"), m)
            if which in ("a.md", "both"):
                article = mutate(article.decode("utf-8", "replace"), m)
        if which == "house":
            h = root / "issues" / "_house" / "nanming-v1.yaml"
            text = h.read_text(encoding="utf-8")
            for m in edits:
                text = mutate(text, m).decode("utf-8", "replace")
            h.write_text(text, encoding="utf-8")
        (d / "issue.yaml").write_bytes(manifest)
        (d / "a.md").write_bytes(article)
        before = {p.name: p.read_bytes() for p in d.iterdir()}
        out = root / "out" / "x.pdf"
        code = main(["build", str(d), "-o", str(out), "--no-check"])
        err = capsys.readouterr().err
        assert code in (0, 1), (code, err)
        if code == 0:
            assert out.read_bytes().startswith(b"%PDF-"), err
        else:
            assert err.count("banmian: error:") >= 1, err      # every independent mistake (issue 13)
            named = err.split("banmian: error: ", 1)[1].split(": ", 1)[0]
            assert named.startswith(str(root)), f"the message names no file of the issue: {err}"
            assert not out.exists()
        assert {p.name: p.read_bytes() for p in d.iterdir() if p.name != "build.lock"} == before
        assert not list((root / "out").glob(".*.tmp")) if (root / "out").exists() else True
    finally:
        shutil.rmtree(root, ignore_errors=True)

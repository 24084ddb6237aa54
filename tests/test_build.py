"""End to end: the sample issue through the CLI, checked with independent tools."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from layout.cli import main

from conftest import SAMPLE


@pytest.fixture(scope="module")
def sample_copy(tmp_path_factory):
    """The sample issue in a temporary issues/ folder (a build writes its build.lock there)."""
    root = tmp_path_factory.mktemp("issues")
    shutil.copytree(SAMPLE.parent / "_house", root / "_house")
    shutil.copytree(SAMPLE, root / SAMPLE.name, ignore=shutil.ignore_patterns("build.lock"))
    return root / SAMPLE.name


@pytest.fixture(scope="module")
def built(tmp_path_factory, sample_copy):
    out = tmp_path_factory.mktemp("build") / "2026-046.pdf"
    assert main(["build", str(sample_copy), "-o", str(out)]) == 0
    assert (sample_copy / "build.lock").exists()
    return out


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
def test_every_font_embedded(built):
    out = subprocess.run(["pdffonts", str(built)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows, out
    for row in rows:
        assert " yes " in row.split("CID")[-1] or row.split()[-5] == "yes", row
    assert "Helvetica" not in out


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_text_extracts(built):
    text = subprocess.run(["pdftotext", str(built), "-"], capture_output=True, text=True, check=True).stdout
    compact = "".join(text.split())
    assert "南明开发区报" in compact
    assert "鼓足干劲冲刺四季度" in compact
    assert "（下转第2版）" in compact


def test_same_input_same_bytes(built, sample_copy, tmp_path):
    again = tmp_path / "again.pdf"
    assert main(["build", str(sample_copy), "-o", str(again), "--no-check"]) == 0
    assert again.read_bytes() == built.read_bytes()


def test_new_issue_from_latest(tmp_path, capsys):
    root = tmp_path / "issues"
    shutil.copytree(SAMPLE.parent / "_house", root / "_house")
    shutil.copytree(SAMPLE, root / "2026-046")
    assert main(["new", str(root / "2026-047")]) == 0
    text = (root / "2026-047" / "issue.yaml").read_text(encoding="utf-8")
    assert "number: 47" in text and "date: 2026-12-04" in text
    assert text.count("- section:") == 4 and "masthead" in text
    # the new issue is a valid (empty) manifest
    from layout.source.manifest import load_issue
    issue = load_issue(root / "2026-047")
    assert issue.number == 47 and len(issue.pages) == 4


def test_fonts_command_reports_roles_and_coverage(capsys):
    assert main(["fonts", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "NotoSerifCJKsc-Regular" in out and "LXGWWenKai-Regular" in out
    song = next(l for l in out.splitlines() if l.startswith("song") and "regular" in l)
    covered, total = song.split()[4].split("/")
    assert covered == total


def test_a_different_date_changes_only_the_dates(sample_copy, tmp_path):
    """Same articles, another date: only the masthead and running-head dates (and the file's dates) differ."""
    import dataclasses
    from pathlib import Path
    from layout.boxes import Image, TextLine
    from layout.build import build
    other = tmp_path / "issues"
    shutil.copytree(sample_copy.parent, other)
    manifest = other / sample_copy.name / "issue.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("date: 2026-11-27", "date: 2026-12-02"),
                        encoding="utf-8")
    a = build(sample_copy).pages
    b = build(other / sample_copy.name).pages
    assert len(a) == len(b)
    changed = []
    for pa, pb in zip(a, b):
        assert len(pa.items) == len(pb.items)
        for ia, ib in zip(pa.items, pb.items):
            # the two copies live in different folders: compare without the paths
            if isinstance(ia, Image):
                ia, ib = (dataclasses.replace(i, path=Path(i.path).name) for i in (ia, ib))
            if isinstance(ia, TextLine):
                ia, ib = (dataclasses.replace(i, line=dataclasses.replace(i.line, source=None)) for i in (ia, ib))
            if ia != ib:
                assert isinstance(ia, TextLine) and isinstance(ib, TextLine)
                changed.append((ia.line.text, ib.line.text))
    lunar = [(x, y) for x, y in changed if x.startswith("农历")]
    dates = [(x, y) for x, y in changed if not x.startswith("农历")]
    assert dates and all("2026年11月27日" in x and "2026年12月2日" in y for x, y in dates)
    assert len(dates) == len(a)          # one date line per page: the masthead's and each running head's
    assert lunar == [("农历丙午年十月十九", "农历丙午年十月廿四")]     # and the masthead's 农历 date


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_proof_pngs_and_plate_files(built, tmp_path, capsys):
    pdf = tmp_path / built.name
    shutil.copy(built, pdf)
    assert main(["proof", str(pdf)]) == 0
    pngs = sorted(tmp_path.glob("2026-046-p-*.png"))
    assert len(pngs) == 4
    from PIL import Image
    with Image.open(pngs[0]) as im:
        assert im.size[1] > im.size[0] > 600          # an A3 page at 60 dpi, portrait
    from layout.render.pdfx import split_pages
    plates = split_pages(pdf, tmp_path / "plates", "2026-046")
    assert [p.name for p in plates] == [f"2026-046-p0{i}.pdf" for i in range(1, 5)]
    from layout.preflight.check import check
    assert all(check(p).ok for p in plates)


def test_watch_rebuilds_when_an_article_changes(tmp_path):
    """banmian watch: one build at once, another after an edit, in the same process."""
    import threading
    import time
    from layout.build import watch
    root = tmp_path / "issues"
    shutil.copytree(SAMPLE.parent / "_house", root / "_house")
    shutil.copytree(SAMPLE, root / SAMPLE.name, ignore=shutil.ignore_patterns("build.lock"))
    issue = root / SAMPLE.name
    messages: list[str] = []

    def edit_after_first_build():
        while not any(m.startswith("built") for m in messages):
            time.sleep(0.05)
        art = issue / "p1-5g.md"
        art.write_text(art.read_text(encoding="utf-8").replace("据悉，", "另据了解，"), encoding="utf-8")

    t = threading.Thread(target=edit_after_first_build, daemon=True)
    t.start()
    out = tmp_path / "draft.pdf"
    assert watch(issue, out, interval=0.05, max_builds=2, report=messages.append) == 2
    t.join(5)
    built = [m for m in messages if m.startswith("built")]
    assert len(built) == 2, messages
    assert out.exists()

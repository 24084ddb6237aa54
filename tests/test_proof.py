"""Proof PNGs: 150 dpi by default (60 dpi could not tell 己 from 已 at 小五); the house style's
`proof: dpi:` and `--dpi` change it."""
from __future__ import annotations

import shutil

import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import ONE_ARTICLE

ARTICLE = {"a.md": "---\ntitle: 校样\n---\n\n自己已经看清了校样上的每一个字。\n"}


def dpi_of(png, pdf) -> float:
    box = PdfReader(pdf).pages[0].mediabox
    return Image.open(png).size[0] / (float(box.width) / 72)


def run(*args) -> int:
    from layout.cli import main
    return main([str(a) for a in args])


def test_build_proof_is_150_dpi_and_dpi_changes_it(issue_factory, tmp_path_factory):
    issue = issue_factory(ONE_ARTICLE, ARTICLE)
    tmp_path = tmp_path_factory.mktemp("proofs")       # the output may not go inside the issues folder
    pdf = tmp_path / "out" / "x.pdf"
    assert run("build", issue, "-o", pdf, "--proof") == 0
    assert dpi_of(tmp_path / "out" / "x-p-1.png", pdf) == pytest.approx(150, abs=0.5)
    assert run("build", issue, "-o", pdf, "--proof", "--dpi", "100") == 0
    assert dpi_of(tmp_path / "out" / "x-p-1.png", pdf) == pytest.approx(100, abs=0.5)
    assert run("proof", pdf) == 0
    assert dpi_of(tmp_path / "out" / "x-p-1.png", pdf) == pytest.approx(150, abs=0.5)
    assert run("proof", pdf, "--dpi", "72") == 0
    assert dpi_of(tmp_path / "out" / "x-p-1.png", pdf) == pytest.approx(72, abs=0.5)


def test_house_style_sets_the_proof_resolution(issue_factory, tmp_path_factory):
    issue = issue_factory(ONE_ARTICLE, ARTICLE)
    tmp_path = tmp_path_factory.mktemp("proofs")
    house = issue.parent / "_house" / "nanming-v1.yaml"
    house.write_text(house.read_text(encoding="utf-8") + "\nproof:\n  dpi: 200\n", encoding="utf-8")
    pdf = tmp_path / "y.pdf"
    assert run("build", issue, "-o", pdf, "--proof") == 0
    assert dpi_of(tmp_path / "y-p-1.png", pdf) == pytest.approx(200, abs=0.5)


def test_bad_house_proof_and_photo_keys_are_errors(issue_factory):
    from layout.errors import BanmianError
    from layout.source.style import load_house
    issue = issue_factory(ONE_ARTICLE, ARTICLE)
    house = issue.parent / "_house" / "nanming-v1.yaml"
    base = house.read_text(encoding="utf-8")
    house.write_text(base + "\nphotos:\n  min_share: 1.5\n", encoding="utf-8")
    with pytest.raises(BanmianError) as e:
        load_house(house)
    assert "min_share" in e.value.message and e.value.line is not None
    house.write_text(base + "\nproof:\n  dpi: 5\n", encoding="utf-8")
    with pytest.raises(BanmianError) as e:
        load_house(house)
    assert "too small" in e.value.message

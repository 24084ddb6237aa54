"""banmian (版面): typesets Chinese newspapers.

Pipeline, one module a stage (build.py runs it, cli.py is the command):
    manifest.py  issue.yaml + articles (markdown.py, yamlsrc.py) -> validated model (model.py);
                 style.py resolves the house style, units.py converts mm / 号 / 字 / 行 to pt
    fonts.py     font roles -> prepared TrueType faces with metrics in em
    compose.py   paragraph runs -> justified lines (text.py segments, linebreak.py breaks,
                 justify.py positions; clreq rules)
    makeup.py    blocks on the page grid (grid.py): headline.py, flow.py (columns, balance,
                 jumps, tables, overset), fit.py (拉行/缩行: columns end flush), furniture.py (masthead, running heads), infographic.py, photo.py
                 -> pages of positioned items (boxes.py)
    render_pdf.py  the only module that imports reportlab -> pdfx.py (PDF/X) -> preflight.py (check)
    lock.py, archive.py  build records and the archive with its searchable index
"""
__version__ = "0.1.0"

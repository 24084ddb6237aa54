"""banmian (版面): typesets Chinese newspapers.

Pipeline, one module a stage:
    manifest (YAML + Markdown -> validated model, model.py)
    -> style (house style resolved per element)
    -> fonts (roles -> prepared faces, metrics)
    -> text (segment into unbreakable units) -> linebreak (choose breaks) -> justify (positioned glyphs)
    -> makeup (blocks on the grid, flow through columns, jumps, overset)
    -> render_pdf (the only module that imports reportlab) -> pdfx (PDF/X) -> preflight (checks)
"""
__version__ = "0.1.0"

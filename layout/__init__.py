"""banmian (版面): typesets Chinese newspapers.

The pipeline, one sub-package a stage, in the order data flows (build.py runs
it, cli.py is the command, errors.py the one exception type, boxes.py the
positioned records passed between stages):

    source/     issue.yaml + articles + house style -> validated Issue (pt inside)
    fonts/      font roles -> prepared faces with metrics
    compose/    styled runs + measure -> justified lines (clreq)
    makeup/     the Issue's pages -> positioned items on the grid
    render/     positioned pages -> PDF/X (the only package that draws)
    preflight/  any PDF -> what a print shop's preflight would flag
    archive/    build.lock records and the searchable archive

Each stage's __init__.py names its door: the one function that runs the stage.
"""
__version__ = "0.1.0"


def lazy_exports(module: str, exports: dict[str, str]):
    """A module __getattr__ that imports a stage's door on first use (PEP 562), so that
    importing one step of a stage does not import them all: start-up time counts."""
    import importlib

    def __getattr__(name: str):
        if name in exports:
            return getattr(importlib.import_module(f"{module}.{exports[name]}"), name)
        raise AttributeError(f"module {module!r} has no attribute {name!r}")
    return __getattr__

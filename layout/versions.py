"""The installed version of a package, without importlib.metadata.

A build names library versions in cache keys (the lunar-python date, uniseg's Line_Break
table). importlib.metadata imports the email package, 8-10 ms of every build; the version
is in the name of the package's .dist-info folder beside it, which is what metadata reads.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path


def installed_version(package: str, module: str | None = None) -> str:
    """The version of the installed distribution `package` (whose import name is `module`, if
    another): the name of its .dist-info folder beside the module, else importlib.metadata."""
    spec = importlib.util.find_spec(module or package)
    if spec is not None and spec.origin:
        site = Path(spec.origin).parent.parent
        found = [p for p in site.glob("*.dist-info") if p.name.lower().startswith(package.lower() + "-")]
        if len(found) == 1:
            return found[0].name[len(package) + 1:-len(".dist-info")]
    from importlib.metadata import version
    return version(package)
